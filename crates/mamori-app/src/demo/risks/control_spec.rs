//! What an applied control of the demo is, as data: the shape [`super::control_table`]
//! lists and [`super::controls`] records, kept apart so that neither imports the other.

use super::pdf::pdf;

/// One applied control of the demo.
pub(super) struct ControlSpec {
    pub(super) name: &'static str,
    pub(super) description: &'static str,
    pub(super) category: &'static str,
    /// Code of the department that runs it.
    pub(super) department: &'static str,
    pub(super) status: &'static str,
    /// Catalog controls it implements, as `catalog:control`.
    pub(super) implements: &'static [&'static str],
    /// Threats whose risks it treats.
    pub(super) threats: &'static [&'static str],
    /// Kinds of assets it protects.
    pub(super) kinds: &'static [&'static str],
    pub(super) evidence: Option<Evidence>,
}

/// The content of an evidence file.
#[derive(Clone, Copy)]
pub(super) enum Body {
    Csv(&'static str),
    Text(&'static str),
    Pdf(&'static [&'static str]),
}

impl Body {
    /// The bytes of the file.
    pub(super) fn bytes(self) -> Vec<u8> {
        match self {
            // With a BOM, so Excel opens the Japanese text as UTF-8.
            Body::Csv(s) => [b"\xEF\xBB\xBF".as_slice(), s.as_bytes()].concat(),
            Body::Text(s) => s.as_bytes().to_vec(),
            Body::Pdf(lines) => pdf(lines),
        }
    }
}

/// The evidence file a control comes with.
#[derive(Clone, Copy)]
pub(super) struct Evidence {
    pub(super) file_name: &'static str,
    pub(super) description: &'static str,
    pub(super) body: Body,
    /// Expired before this fiscal year, so the control shows stale evidence.
    pub(super) stale: bool,
}
