//! Example programs live beside this crate: `cargo run -p examples --example job_summary`.

pub mod agent;
pub mod client;
pub mod endpoint;
pub mod load;
