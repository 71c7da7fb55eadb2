//! Control catalogs, applied controls with evidence, the Statement of Applicability and
//! the treatment plan, over HTTP and the command line.
