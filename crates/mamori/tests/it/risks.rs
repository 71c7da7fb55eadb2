//! The risk register over HTTP and the command line: method, threats, risks with
//! acceptance and closing, heat maps and campaigns.
