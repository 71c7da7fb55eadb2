//! The exception register on SQLite and PostgreSQL: each standing filter selects what
//! `mamori_domain::exception::standing` says of each row on the day, the one-pass
//! counts agree with the filters, and another organization's rows never show.

use chrono::{Duration, NaiveDate};
use mamori_domain::exception::{Standing, State, standing};
use mamori_store::compliance::exceptions::{self, ExceptionFilter, StandingFilter};
use mamori_store::entity::exception;
use uuid::Uuid;

use crate::common::{new_org, stores, t};

fn row(
    org: Uuid,
    number: i32,
    state: State,
    from: i64,
    until: i64,
    today: NaiveDate,
) -> exception::Model {
    let urgent = state == State::Urgent;
    exception::Model {
        id: Uuid::now_v7(),
        org_id: org,
        number,
        title: format!("例外 {number}"),
        department_id: None,
        rule: "mic-guideline:MIC-3.1.1".into(),
        rule_kind: "catalog".into(),
        reason: String::new(),
        compensating: String::new(),
        valid_from: today + Duration::days(from),
        valid_until: today + Duration::days(until),
        urgent,
        report_due: urgent.then(|| today + Duration::days(from + 7)),
        state: state.code().into(),
        conditions: String::new(),
        decision_ref: String::new(),
        decided_by: String::new(),
        decided_on: None,
        renews_id: None,
        requested_by: "user:test".into(),
        requester_staff_id: None,
        reviewed_on: None,
        review_note: String::new(),
        search_key: format!("exc-{number:04}"),
        created_at: t("2026-04-01T00:00:00Z"),
        updated_at: t("2026-04-01T00:00:00Z"),
    }
}

#[tokio::test]
async fn standing_filters_and_counts_agree_with_the_domain_on_both_databases() {
    let today = NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
    for (name, store, _dir) in stores().await {
        let org = new_org(&store, "131016").await;
        let other = new_org(&store, "132012").await;
        let mut rows = Vec::new();
        let mut n = 0;
        for state in State::ALL {
            for (from, until) in [(-30, 10), (-30, -1), (5, 40), (-10, 0), (-20, 45), (-12, 3)] {
                n += 1;
                rows.push(row(org, n, state, from, until, today));
            }
        }
        let tx = store.begin_write().await.unwrap();
        exceptions::insert_many(&*tx, rows.clone()).await.unwrap();
        exceptions::insert_many(&*tx, vec![row(other, 1, State::Approved, -1, 1, today)])
            .await
            .unwrap();
        tx.commit().await.unwrap();

        let count = async |s: Option<StandingFilter>, within: Option<i64>| {
            let f = ExceptionFilter {
                standing: s,
                expiring_within: within,
                ..ExceptionFilter::new(today)
            };
            exceptions::count(store.conn(), org, &f).await.unwrap()
        };
        let judged = |want: &dyn Fn(Standing) -> bool| {
            rows.iter()
                .filter(|m| {
                    let s = State::from_code(&m.state).unwrap();
                    want(standing(s, m.valid_from, m.valid_until, today))
                })
                .count() as u64
        };
        for (filter, standing_) in [
            (StandingFilter::Pending, Standing::Pending),
            (StandingFilter::AwaitingReport, Standing::AwaitingReport),
            (StandingFilter::Scheduled, Standing::Scheduled),
            (StandingFilter::Active, Standing::Active),
            (StandingFilter::Expired, Standing::Expired),
            (StandingFilter::Refused, Standing::Refused),
            (StandingFilter::Ended, Standing::Ended),
        ] {
            assert_eq!(
                count(Some(filter), None).await,
                judged(&|s| s == standing_),
                "[{name}] {filter:?}"
            );
        }
        let in_effect = judged(&|s| s.in_effect());
        assert_eq!(
            count(Some(StandingFilter::InEffect), None).await,
            in_effect,
            "[{name}]"
        );
        let counted = exceptions::counts(store.conn(), org, today, today + Duration::days(30))
            .await
            .unwrap();
        assert_eq!(
            counted,
            [
                in_effect,
                count(None, Some(30)).await,
                count(Some(StandingFilter::Pending), None).await,
                count(Some(StandingFilter::AwaitingReport), None).await,
                count(Some(StandingFilter::ReportOverdue), None).await,
            ],
            "[{name}] the one-pass counts agree with the filters"
        );
        assert!(counted[4] > 0, "[{name}] an urgent report is late");
        let all = exceptions::all(store.conn(), org, &ExceptionFilter::new(today))
            .await
            .unwrap();
        assert_eq!(
            all.len(),
            rows.len(),
            "[{name}] only the organization's own"
        );
    }
}
