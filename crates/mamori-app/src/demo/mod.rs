//! Demo data for `mamori demo`: a fictional city a newcomer can explore.
//!
//! Everything here is pure data. Nothing touches the database, the clock or
//! the operating system's randomness; callers pass in a seed.

pub mod city;
pub mod load;
mod names;

pub use city::{DemoCity, DemoDepartment, DemoRole, DemoStaff, generate};
