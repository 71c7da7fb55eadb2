//! Mamori's bench. `platform` drives the release `mamori` binary as a separate
//! process and measures it beside a raw axum baseline; `audit` measures the audit
//! chain and sign-in in process, through the store and use-case code, beside raw
//! INSERTs and plain SHA-256. Baselines are measured in the same run. Benchmarks never
//! fail on timing; they print figures and ratios.

pub mod audit;
pub mod baseline;
pub mod data;
pub mod load;
pub mod procs;
pub mod stats;
