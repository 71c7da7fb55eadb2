//! HTTP against a real `mamori serve` on port 0: operations endpoints, headers, errors,
//! sign-in, CSRF, authorization, the JSON API and its OpenAPI document.

mod annual;
mod api;
mod audits;
mod committee;
mod contractors;
mod due;
mod events;
mod exceptions;
mod invitations;
mod jobs;
mod laws;
mod media;
mod mfa;
mod notify;
mod ops;
mod physical;
mod policies;
mod review;
mod roles;
mod services;
mod session;
mod systems;
mod training;
