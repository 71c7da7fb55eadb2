//! Mamori's bench: drives the release `mamori` binary as a separate process and
//! measures it beside a raw axum baseline in the same run. Benchmarks never fail on
//! timing; they print figures and ratios.

pub mod baseline;
pub mod data;
pub mod load;
pub mod procs;
pub mod stats;
