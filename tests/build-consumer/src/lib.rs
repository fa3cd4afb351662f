//! Types generated at build time into `OUT_DIR`, from two models.

pub mod iot_jobs {
    include!(concat!(env!("OUT_DIR"), "/iot_jobs.rs"));
}

pub mod fixtures {
    include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
}
