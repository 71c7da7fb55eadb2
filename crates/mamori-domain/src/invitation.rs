//! Invitations to make a local account: how long a link stays valid.

use chrono::Duration;

use crate::error::Problem;

/// Days a link works unless the issuer says otherwise: time to hand out paper slips
/// across a city hall and for people back from leave to use them.
pub const DEFAULT_DAYS: u32 = 14;
/// The longest a link may work: a forgotten slip should not open an account months on.
pub const MAX_DAYS: u32 = 60;

/// The validity of a new invitation, from the days asked for.
pub fn validity(days: u32) -> Result<Duration, Problem> {
    if (1..=MAX_DAYS).contains(&days) {
        Ok(Duration::days(i64::from(days)))
    } else {
        Err(Problem::new(
            format!("招待の有効期間は 1〜{MAX_DAYS} 日で指定してください（{days} 日）。"),
            format!("An invitation is valid for 1 to {MAX_DAYS} days (not {days})."),
        ))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn validity_is_between_a_day_and_two_months() {
        assert_eq!(validity(14).unwrap(), Duration::days(14));
        assert_eq!(validity(1).unwrap(), Duration::days(1));
        assert!(validity(0).is_err());
        let e = validity(61).unwrap_err();
        assert!(e.ja.contains("1〜60 日"), "{}", e.ja);
    }
}
