//! The test kit's own tests, one binary: the throwaway PostgreSQL cluster and the
//! chromedriver it starts.

mod browser;
mod pg;
