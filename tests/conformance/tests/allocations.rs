//! Allocation facts, measured with a counting global allocator (this test
//! binary only): `validate()` of a valid value allocates nothing, and a huge
//! string value costs about its own size.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::Mutex;

use iot_jobs_data_plane::types::JobExecution;
use iot_jobs_data_plane::{json, Validate};

struct Counting;

thread_local! {
    /// Allocations made by this thread: other test threads allocate too.
    static ALLOCATIONS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// Tests share the counters, so they run one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        let live = LIVE.fetch_add(new_size, Relaxed) + new_size;
        PEAK.fetch_max(live, Relaxed);
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn realistic() -> JobExecution {
    let details: String = (0..10)
        .map(|i| format!("\"key{i}\":\"value {i} of ten\""))
        .collect::<Vec<_>>()
        .join(",");
    let payload = format!(
        r#"{{"jobId":"job-1","thingName":"MyThing","status":"IN_PROGRESS","statusDetails":{{{details}}},"queuedAt":1700000000,"versionNumber":3,"executionNumber":1,"jobDocument":"{}"}}"#,
        "d".repeat(2048)
    );
    json::from_str(&payload).unwrap()
}

#[test]
fn validating_a_valid_value_allocates_nothing() {
    let _serial = SERIAL.lock().unwrap();
    let job = realistic();
    job.validate().unwrap(); // compiles the patterns and warms the regex caches
    let before = ALLOCATIONS.with(|n| n.get());
    for _ in 0..100 {
        job.validate().unwrap();
    }
    assert_eq!(ALLOCATIONS.with(|n| n.get()) - before, 0);
}

#[test]
fn a_100_mb_string_costs_about_its_size() {
    let _serial = SERIAL.lock().unwrap();
    let size = 100 * 1024 * 1024;
    let payload = format!("{{\"jobDocument\":\"{}\"}}", "x".repeat(size));
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let job: JobExecution = json::from_str(&payload).unwrap();
    let extra = PEAK.load(Relaxed) - base;
    assert_eq!(job.job_document.as_ref().map(String::len), Some(size));
    assert!(
        extra <= size + size / 10,
        "parsing took {extra} bytes beyond the input for a {size}-byte value"
    );
}
