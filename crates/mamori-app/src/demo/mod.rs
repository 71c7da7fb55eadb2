//! Demo data for `mamori demo`: a fictional city a newcomer can explore.
//!
//! The generators ([`city`], [`assets`]) are pure data: they touch neither the
//! database nor the operating system's randomness, and callers pass in the seed (and,
//! for the asset register, the day it is loaded). [`load`] writes the result into an
//! empty database.

mod annual;
pub mod assets;
mod audits;
pub mod city;
mod committee;
mod contractors;
mod diary;
mod exceptions;
mod incidents;
mod laws;
pub mod load;
mod media;
mod names;
mod physical;
mod policies;
mod review;
mod risks;
mod services;
mod training;
mod violations;

pub use city::{DemoCity, DemoDepartment, DemoRole, DemoStaff, generate};
