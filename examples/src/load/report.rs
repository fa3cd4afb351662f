//! What a load run saw, and how it prints.

use std::time::Duration;

/// What happened, and whether every answer was right.
#[derive(Debug, Default)]
pub struct Report {
    pub requests: usize,
    pub clients: usize,
    /// HTTP exchanges, retries and version refreshes included.
    pub exchanges: usize,
    pub accepted_updates: usize,
    pub version_conflicts: usize,
    pub expected_errors: usize,
    pub malformed: usize,
    pub elapsed: Duration,
    /// Every exchange's round trip, sorted.
    pub latencies: Vec<Duration>,
    /// What was wrong; empty when all was right.
    pub failures: Vec<String>,
}

impl Report {
    /// Exchanges per second.
    pub fn throughput(&self) -> f64 {
        self.exchanges as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// The `p`th percentile latency (nearest rank).
    pub fn percentile(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * self.latencies.len() as f64).ceil() as usize;
        self.latencies[rank.clamp(1, self.latencies.len()) - 1]
    }

    pub fn print(&self) {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "requests: {} from {} clients: {} updates accepted after {} version conflicts, \
             {} expected errors, {} malformed requests rejected",
            self.requests,
            self.clients,
            self.accepted_updates,
            self.version_conflicts,
            self.expected_errors,
            self.malformed
        );
        println!(
            "exchanges: {} in {:.2} s: {:.0} req/s",
            self.exchanges,
            self.elapsed.as_secs_f64(),
            self.throughput()
        );
        println!(
            "latency: p50 {:.3} ms, p90 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
            ms(self.percentile(50.0)),
            ms(self.percentile(90.0)),
            ms(self.percentile(99.0)),
            ms(self.latencies.last().copied().unwrap_or_default())
        );
        if self.failures.is_empty() {
            println!("correct: every answer right, no update lost, the server stayed up");
        } else {
            println!("FAILED: {} problems", self.failures.len());
            for failure in &self.failures {
                println!("  {failure}");
            }
        }
    }
}
