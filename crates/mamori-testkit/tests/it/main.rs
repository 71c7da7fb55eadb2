//! The test kit's own tests, one binary: the throwaway PostgreSQL cluster and the
//! chromedriver it starts, the SMTP server and the LDAP directory.

mod browser;
mod ldap;
mod pg;
