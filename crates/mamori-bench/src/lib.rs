//! Mamori's bench. `platform` drives the release `mamori` binary as a separate
//! process and measures it beside a raw axum baseline; `audit` measures the audit
//! chain and sign-in in process, through the store and use-case code, beside raw
//! INSERTs and plain SHA-256; `assets` imports, lists and exports a 100,000-asset
//! register through the binary, beside raw INSERTs and the axum baseline; `risks`
//! loads 10,000 risks over it and measures the register, the heat map, a campaign's
//! draft generation and the SoA export. Baselines
//! are measured in the same run. Benchmarks never fail on timing; they print figures
//! and ratios.

pub mod annual;
pub mod assets;
pub mod audit;
pub mod baseline;
pub mod binary;
pub mod both;
pub mod contractors;
pub mod data;
pub mod directory;
pub mod exceptions;
pub mod incidents;
pub mod load;
pub mod mail;
pub mod physical;
pub mod platform;
pub mod policies;
pub mod procs;
pub mod risks;
pub mod stats;
pub mod training;

/// Installs the process's TLS provider (aws-lc-rs, as the server uses) once: reqwest is
/// built without one of its own.
pub fn tls_provider() {
    static TLS: std::sync::Once = std::sync::Once::new();
    TLS.call_once(|| {
        let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    });
}
