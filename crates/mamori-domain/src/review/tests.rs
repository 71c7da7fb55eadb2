#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::inspection::*;
use crate::catalog::builtin_catalogs;

#[test]
fn answers_read_marks_and_labels() {
    assert_eq!(Answer::parse("○").unwrap(), Answer::Done);
    assert_eq!(Answer::parse("一部実施").unwrap(), Answer::Partial);
    assert_eq!(Answer::parse("×").unwrap(), Answer::NotDone);
    assert_eq!(Answer::parse("N/A").unwrap(), Answer::NotApplicable);
    let e = Answer::parse("たぶん").unwrap_err();
    assert!(e.ja.contains("たぶん"), "{}", e.ja);
}

#[test]
fn score_counts_partial_as_half_and_leaves_out_not_applicable() {
    let mut t = Tally::default();
    for a in [
        Answer::Done,
        Answer::Done,
        Answer::Partial,
        Answer::NotDone,
        Answer::NotApplicable,
    ] {
        t.add(Some(a));
    }
    t.add(None);
    assert_eq!(t.items(), 6);
    assert_eq!(t.answered(), 5);
    // (2 + 0.5) / 4 = 62.5 %
    assert_eq!(t.score(), Some(62.5));
    assert_eq!(t.score_text(), "62.5");
    let mut none = Tally::default();
    none.add(Some(Answer::NotApplicable));
    assert_eq!(none.score(), None);
    assert_eq!(none.score_text(), "—");
    // Rounds to one decimal: 2 of 3 done is 66.7.
    let mut third = Tally::default();
    for a in [Answer::Done, Answer::Done, Answer::NotDone] {
        third.add(Some(a));
    }
    assert_eq!(third.score(), Some(66.7));
    assert_eq!(change_text(Some(66.7), Some(62.5)), "+4.2");
    assert_eq!(change_text(Some(50.0), Some(62.5)), "-12.5");
    assert_eq!(change_text(Some(50.0), None), "");
}

#[test]
fn own_checklist_reads_headings_and_questions_and_names_bad_lines() {
    let items = parse_checklist("## 人的対策\n- 研修を受講しているか\n1. 離席時に画面をロックしているか\n\n# 物理的対策\n・サーバ室の入退室を記録しているか\n").unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].area, "人的対策");
    assert_eq!(items[1].question, "離席時に画面をロックしているか");
    assert_eq!(items[2].area, "物理的対策");
    assert_eq!(items[2].question, "サーバ室の入退室を記録しているか");

    let e = parse_checklist("研修を受講しているか\n## \n").unwrap_err();
    assert_eq!(e.0.len(), 2);
    assert_eq!(e.0[0].field, "checklist.1");
    assert!(e.0[0].ja.contains("1行目"));
    assert_eq!(e.0[1].field, "checklist.2");

    let e = parse_checklist("\n\n").unwrap_err();
    assert_eq!(e.0[0].field, "checklist");
}

#[test]
fn catalog_checklist_asks_about_leaves_grouped_by_chapter() {
    let mic = builtin_catalogs()
        .iter()
        .find(|c| c.meta.id == "mic-guideline")
        .unwrap();
    let all = from_catalog(mic, &[]).unwrap();
    assert_eq!(all.len(), mic.leaves().count());
    assert!(
        all.iter()
            .all(|i| i.control_ref.starts_with("mic-guideline:MIC-"))
    );
    assert_eq!(all[0].area_code, "MIC-1");
    assert_eq!(all[0].area, "1 組織体制");
    let first = all.iter().filter(|i| i.area_code == "MIC-1").count();
    let only = from_catalog(mic, &["MIC-1".into()]).unwrap();
    assert_eq!(only.len(), first);
    assert!(from_catalog(mic, &["MIC-99".into()]).is_err());
}

#[test]
fn submitting_needs_every_answer_and_reasons_for_gaps() {
    assert!(
        check_submit(&[
            (1, Some(Answer::Done), ""),
            (2, Some(Answer::NotApplicable), "")
        ])
        .is_ok()
    );
    let e = check_submit(&[
        (1, None, ""),
        (2, Some(Answer::NotDone), " "),
        (3, Some(Answer::Partial), "来年度に対応"),
        (4, None, ""),
    ])
    .unwrap_err();
    assert_eq!(e.0.len(), 2);
    assert_eq!(e.0[0].field, "answers");
    assert!(e.0[0].ja.contains("1, 4"), "{}", e.0[0].ja);
    assert_eq!(e.0[1].field, "comment");
    assert!(e.0[1].en.contains("items 2)"), "{}", e.0[1].en);
}

#[test]
fn a_sheet_is_answered_only_before_submission_or_when_returned() {
    assert!(SheetState::Answering.may_answer());
    assert!(SheetState::Returned.may_answer());
    assert!(!SheetState::Submitted.may_answer());
    assert!(!SheetState::Accepted.may_answer());
}

#[test]
fn a_campaign_asks_departments_or_systems() {
    assert_eq!(Scope::parse("システム").unwrap(), Scope::Systems);
    assert_eq!(Scope::parse("departments").unwrap(), Scope::Departments);
    assert!(Scope::parse("課長").unwrap_err().ja.contains("課長"));
}

#[test]
fn only_a_system_in_use_with_a_department_is_inspected() {
    assert!(check_system("S-0001", true, true).is_ok());
    let retired = check_system("S-0002", false, true).unwrap_err();
    assert!(retired.ja.contains("S-0002") && retired.ja.contains("使用中"));
    let orphan = check_system("S-0003", true, false).unwrap_err();
    assert!(orphan.en.contains("S-0003") && orphan.en.contains("no department"));
}

mod audits {
    use std::collections::HashSet;

    use chrono::NaiveDate;
    use uuid::Uuid;

    use crate::review::audit::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn an_audit_moves_forward_and_takes_findings_in_the_field_and_report() {
        let mut s = AuditState::Planned;
        let mut seen = vec![s];
        while let Some(n) = s.next() {
            s = n;
            seen.push(s);
        }
        assert_eq!(
            seen,
            [
                AuditState::Planned,
                AuditState::Fieldwork,
                AuditState::Reporting,
                AuditState::Closed
            ]
        );
        assert!(!AuditState::Planned.takes_findings());
        assert!(AuditState::Fieldwork.takes_findings() && AuditState::Reporting.takes_findings());
        assert!(!AuditState::Closed.takes_findings());
    }

    #[test]
    fn nonconformities_need_actions_and_an_action_is_due_after_its_finding() {
        assert!(Grade::Major.needs_action() && Grade::Minor.needs_action());
        assert!(!Grade::Improvement.needs_action() && !Grade::Good.needs_action());
        assert_eq!(Grade::parse("軽微").unwrap(), Grade::Minor);
        assert!(check_action_due(d("2026-06-10"), d("2026-06-10")).is_ok());
        let e = check_action_due(d("2026-06-10"), d("2026-06-09")).unwrap_err();
        assert!(e.ja.contains("2026-06-10"), "{}", e.ja);
        assert!(action_overdue(
            ActionState::Planned,
            d("2026-06-09"),
            d("2026-06-10")
        ));
        assert!(!action_overdue(
            ActionState::Planned,
            d("2026-06-10"),
            d("2026-06-10")
        ));
        assert!(!action_overdue(
            ActionState::Done,
            d("2026-01-01"),
            d("2026-06-10")
        ));
    }

    #[test]
    fn an_auditor_in_scope_audits_their_own_department() {
        let (own, other) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let scope: HashSet<Uuid> = [own].into_iter().collect();
        assert!(audits_own_department(Some(own), &scope));
        assert!(!audits_own_department(Some(other), &scope));
        assert!(!audits_own_department(None, &scope));
    }

    #[test]
    fn schedules_and_programmes_run_forward_within_bounds() {
        assert!(check_schedule(d("2026-06-01"), d("2026-06-30")).is_ok());
        assert!(check_schedule(d("2026-06-30"), d("2026-06-01")).is_err());
        assert!(check_schedule(d("2026-01-01"), d("2030-01-01")).is_err());
        assert!(check_programme_years(2026, 2028).is_ok());
        assert!(check_programme_years(2028, 2026).is_err());
        assert!(check_programme_years(2026, 2036).is_err());
    }
}

mod committee {
    use chrono::NaiveDate;

    use crate::review::committee::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn each_kind_takes_its_outcomes() {
        assert!(check_outcome(AgendaKind::PolicyVersion, Outcome::Approved).is_ok());
        let e = check_outcome(AgendaKind::AuditReport, Outcome::Approved).unwrap_err();
        assert!(e.ja.contains("了承"), "{}", e.ja);
        assert!(e.en.contains("Noted"), "{}", e.en);
        assert!(AgendaKind::PolicyVersion.changes_record(Outcome::Approved));
        assert!(AgendaKind::RiskAcceptance.changes_record(Outcome::Approved));
        assert!(!AgendaKind::RiskAcceptance.changes_record(Outcome::Deferred));
        assert!(!AgendaKind::Exception.changes_record(Outcome::Approved));
        assert!(!AgendaKind::Other.links_record());
        assert_eq!(Outcome::parse("可決").unwrap(), Outcome::Approved);
        assert_eq!(
            AgendaKind::parse("リスク受容").unwrap(),
            AgendaKind::RiskAcceptance
        );
    }

    #[test]
    fn decisions_are_numbered_by_fiscal_year() {
        assert_eq!(decision_number(2026, 3), "2026-03");
        assert_eq!(decision_number(2026, 12), "2026-12");
        assert_eq!(next_seq([1, 3, 2]), 4);
        assert_eq!(next_seq(Vec::new()), 1);
    }

    #[test]
    fn minutes_are_approved_once_at_a_later_held_meeting() {
        let held = |on: &str, minutes: &'static str, approved: bool| MinutesFacts {
            state: MeetingState::Held,
            held_on: day(on),
            minutes,
            approved,
        };
        let first = held("2026-05-20", "議事録", false);
        assert!(check_minutes_approval(first, held("2026-08-20", "", false)).is_ok());
        assert!(check_minutes_approval(first, held("2026-05-20", "", false)).is_err());
        let scheduled = MinutesFacts {
            state: MeetingState::Scheduled,
            ..held("2026-08-20", "", false)
        };
        assert!(check_minutes_approval(first, scheduled).is_err());
        let e = check_minutes_approval(
            held("2026-05-20", "議事録", true),
            held("2026-08-20", "", false),
        )
        .unwrap_err();
        assert!(e.ja.contains("承認済み"));
        assert!(
            check_minutes_approval(
                held("2026-05-20", " ", false),
                held("2026-08-20", "", false)
            )
            .is_err()
        );
    }

    #[test]
    fn a_meeting_is_not_held_before_its_day() {
        assert!(check_held(day("2026-12-01"), day("2026-12-07")).is_ok());
        assert!(check_held(day("2026-12-07"), day("2026-12-07")).is_ok());
        assert!(check_held(day("2026-12-20"), day("2026-12-07")).is_err());
    }
}

mod due {
    use chrono::NaiveDate;

    use crate::review::due::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn every_kind_has_a_rule_and_each_module_job_is_named_once() {
        for kind in DueKind::ALL {
            let r = rule(kind);
            assert!(!r.lead_days.is_empty(), "{kind:?}");
            assert!(r.lead_days.iter().all(|d| *d >= 0), "{kind:?}");
        }
        assert_eq!(rule(DueKind::ContractEnd).job, Some("contracts.reminders"));
        assert_eq!(rule(DueKind::CorrectiveAction).job, None);
        assert_eq!(rule(DueKind::CorrectiveAction).owes, Owes::Person);
    }

    #[test]
    fn reminders_go_out_on_the_lead_days_and_weekly_once_late() {
        let due = day("2026-12-20");
        let k = DueKind::CorrectiveAction;
        assert_eq!(
            reminder_on(k, due, day("2026-11-20")),
            Some(Reminder::Ahead(30))
        );
        assert_eq!(
            reminder_on(k, due, day("2026-12-13")),
            Some(Reminder::Ahead(7))
        );
        assert_eq!(
            reminder_on(k, due, day("2026-12-20")),
            Some(Reminder::Ahead(0))
        );
        assert_eq!(reminder_on(k, due, day("2026-12-14")), None);
        assert_eq!(
            reminder_on(k, due, day("2026-12-21")),
            Some(Reminder::Late(1))
        );
        assert_eq!(reminder_on(k, due, day("2026-12-22")), None);
        assert_eq!(
            reminder_on(k, due, day("2026-12-28")),
            Some(Reminder::Late(8))
        );
        assert!(Reminder::Late(1).escalates(k));
        assert!(
            !Reminder::Late(8).escalates(k),
            "the officer above hears once"
        );
        // An end date is not "late": nothing follows it.
        assert_eq!(reminder_on(DueKind::GrantEnd, due, day("2026-12-21")), None);
    }

    #[test]
    fn owed_dates_stay_until_done_and_end_dates_drop_off_after_a_month() {
        let today = day("2026-12-07");
        assert!(shows(DueKind::CorrectiveAction, day("2025-01-01"), today));
        assert!(shows(DueKind::ContractEnd, day("2026-11-10"), today));
        assert!(!shows(DueKind::ContractEnd, day("2026-10-01"), today));
        let mut dates = vec![
            day("2026-12-20"),
            day("2026-12-07"),
            day("2026-11-01"),
            day("2026-12-01"),
        ];
        dates.sort_by_key(|d| order_key(*d, today));
        assert_eq!(
            dates,
            [
                day("2026-11-01"),
                day("2026-12-01"),
                day("2026-12-07"),
                day("2026-12-20")
            ]
        );
        assert_eq!(standing(day("2026-12-01"), today), Standing::Overdue);
        assert_eq!(standing(today, today), Standing::Today);
    }
}

mod annual {
    use super::super::annual::*;
    use chrono::NaiveDate;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_year_runs_april_to_march_and_reads_as_of_its_end_or_today() {
        let y = ReportYear::new(2025, None, day("2026-12-07")).unwrap();
        assert_eq!(
            (y.from, y.until, y.as_of),
            (day("2025-04-01"), day("2026-03-31"), day("2026-03-31"))
        );
        assert_eq!(y.label_ja(), "令和7年度");
        assert!(!y.is_partial());
        assert_eq!(y.end_exclusive(), day("2026-04-01"));
        // The year still running is read as of today.
        let now = ReportYear::new(2026, None, day("2026-12-07")).unwrap();
        assert_eq!(now.as_of, day("2026-12-07"));
        assert!(now.is_partial());
        assert_eq!(ReportYear::year_of(day("2026-03-31")), 2025);
        assert_eq!(ReportYear::year_of(day("2026-04-01")), 2026);
    }

    #[test]
    fn a_year_not_begun_or_a_day_outside_it_is_refused_by_field() {
        let today = day("2026-12-07");
        assert_eq!(
            ReportYear::new(2027, None, today).unwrap_err().field,
            "year"
        );
        assert_eq!(
            ReportYear::new(1999, None, today).unwrap_err().field,
            "year"
        );
        // Any number a request may carry is an answer by field, never a panic.
        for year in [i32::MAX, i32::MIN, -1, 0] {
            assert_eq!(
                ReportYear::new(year, None, today).unwrap_err().field,
                "year"
            );
        }
        let e = ReportYear::new(2025, Some(day("2026-04-01")), today).unwrap_err();
        assert_eq!(e.field, "as_of");
        let e = ReportYear::new(2026, Some(day("2027-01-10")), today).unwrap_err();
        assert_eq!(e.field, "as_of");
        let y = ReportYear::new(2025, Some(day("2025-09-30")), today).unwrap();
        assert!(y.is_partial());
        let e = check_has_data(&y, 0).unwrap_err();
        assert!(e.ja.contains("令和7年度の記録がありません"), "{}", e.ja);
        assert!(check_has_data(&y, 1).is_ok());
    }

    #[test]
    fn an_action_is_overdue_on_a_day_only_if_not_reported_or_verified_by_then() {
        use crate::review::audit::ActionState::*;
        let (due, as_of) = (day("2025-12-01"), day("2026-03-31"));
        // Planned and past due: open and overdue.
        assert_eq!(action_on(due, Planned, None, None, as_of), (true, true));
        // Reported done before the day: open (not yet verified), not overdue.
        assert_eq!(
            action_on(due, Done, Some(day("2026-01-10")), None, as_of),
            (true, false)
        );
        // Reported only after the day: still overdue as of then.
        assert_eq!(
            action_on(due, Done, Some(day("2026-04-10")), None, as_of),
            (true, true)
        );
        // Verified by the day: closed.
        let on = Some(day("2026-02-01"));
        assert_eq!(action_on(due, Verified, on, on, as_of), (false, false));
        // Not yet due.
        assert_eq!(
            action_on(day("2026-06-01"), Planned, None, None, as_of),
            (true, false)
        );
    }

    #[test]
    fn percentages_round_half_up_and_nothing_of_nothing() {
        assert_eq!(percent(1, 3), Some(33));
        assert_eq!(percent(2, 3), Some(67));
        assert_eq!(percent(1, 200), Some(1));
        assert_eq!(percent(5, 5), Some(100));
        assert_eq!(percent(0, 0), None);
    }

    #[test]
    fn a_breach_report_is_in_time_late_pending_or_overdue_as_of_the_day() {
        let due = day("2025-06-10");
        assert_eq!(
            timeliness(due, Some(day("2025-06-10")), day("2026-03-31")),
            Timeliness::OnTime
        );
        assert_eq!(
            timeliness(due, Some(day("2025-06-11")), day("2026-03-31")),
            Timeliness::Late
        );
        assert_eq!(
            timeliness(due, None, day("2025-06-09")),
            Timeliness::Pending
        );
        assert_eq!(
            timeliness(due, None, day("2025-06-11")),
            Timeliness::Overdue
        );
        // Filed after the as-of day does not count yet.
        assert_eq!(
            timeliness(due, Some(day("2025-06-12")), day("2025-06-11")),
            Timeliness::Overdue
        );
    }

    #[test]
    fn sections_are_trimmed_and_issuing_needs_the_years_end_and_an_overview() {
        let s = Sections {
            overview: "  総括\r\n本文  ".into(),
            ..Sections::default()
        }
        .checked()
        .unwrap();
        assert_eq!(s.overview, "総括\n本文");
        let long = Sections {
            next_year: "あ".repeat(SECTION_MAX + 1),
            ..Sections::default()
        };
        assert_eq!(long.checked().unwrap_err().0[0].field, "next_year");
        let y = ReportYear::new(2025, None, day("2026-12-07")).unwrap();
        assert!(check_issue(&y, false, &s, day("2026-04-01")).is_ok());
        assert_eq!(
            check_issue(&y, true, &s, day("2026-04-01"))
                .unwrap_err()
                .field,
            "year"
        );
        assert_eq!(
            check_issue(&y, false, &s, day("2026-03-31"))
                .unwrap_err()
                .field,
            "year"
        );
        let empty = Sections::default();
        assert_eq!(
            check_issue(&y, false, &empty, day("2026-04-01"))
                .unwrap_err()
                .field,
            "overview"
        );
    }
}
