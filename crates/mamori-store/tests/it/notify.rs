//! The inbox, the mail outbox and the job leases on SQLite and PostgreSQL: a person
//! reads and marks only their own notices; due mail comes oldest first and a resend
//! touches only the organization's failed mail; a job's lease is taken by one holder
//! at a time and only when due.

use chrono::Duration;
use mamori_store::entity::{mail_outbox, notification, staff, user};
use mamori_store::{PageRequest, Store};
use uuid::Uuid;

use crate::common::{new_org, stores, t};

async fn person(store: &Store, org_id: Uuid, n: &str) -> Uuid {
    let now = t("2026-04-01T00:00:00Z");
    let (staff_id, user_id) = (Uuid::now_v7(), Uuid::now_v7());
    let tx = store.begin_write().await.unwrap();
    mamori_store::staff::insert(
        &*tx,
        staff::Model {
            id: staff_id,
            org_id,
            employee_number: n.into(),
            name: format!("職員 {n}"),
            kana: String::new(),
            email: None,
            department_id: None,
            category: "regular".into(),
            part_time: false,
            start_date: None,
            end_date: None,
            retired: false,
            search_key: String::new(),
            created_at: now,
            updated_at: now,
        },
    )
    .await
    .unwrap();
    mamori_store::users::insert(
        &*tx,
        user::Model {
            id: user_id,
            org_id,
            staff_id,
            login: format!("u{n}"),
            password_hash: String::new(),
            locale: "ja".into(),
            date_style: "western".into(),
            totp_secret: None,
            recovery_codes: None,
            totp_last_step: None,
            must_change_password: false,
            disabled_at: None,
            last_login_at: None,
            password_changed_at: now,
            notify_prefs: "{}".into(),
            auth_source: "local".into(),
            external_subject: None,
            created_at: now,
            updated_at: now,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    user_id
}

fn notice(org_id: Uuid, user_id: Uuid, at: &str) -> notification::Model {
    notification::Model {
        id: Uuid::now_v7(),
        org_id,
        user_id,
        kind: "test".into(),
        data: r#"{"kind":"test","by":"x"}"#.into(),
        created_at: t(at),
        read_at: None,
        digest_pending: false,
    }
}

fn mail(org_id: Uuid, to: &str, due: &str, state: &str) -> mail_outbox::Model {
    mail_outbox::Model {
        id: Uuid::now_v7(),
        org_id,
        to_addr: to.into(),
        subject: "s".into(),
        body: "b".into(),
        kind: "test".into(),
        state: state.into(),
        attempts: 0,
        created_at: t(due),
        next_attempt_at: t(due),
        sent_at: None,
        last_error: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_reads_and_marks_only_their_own_notices() {
    for (name, store, _dir) in stores().await {
        let org = new_org(&store, "131016").await;
        let other_org = new_org(&store, "131024").await;
        let (a, b) = (
            person(&store, org, "1").await,
            person(&store, org, "2").await,
        );
        let c = person(&store, other_org, "3").await;
        let mine = notice(org, a, "2026-04-02T00:00:00Z");
        let tx = store.begin_write().await.unwrap();
        mamori_store::notify::insert_many(
            &*tx,
            vec![
                notice(org, a, "2026-04-01T00:00:00Z"),
                mine.clone(),
                notice(org, b, "2026-04-01T00:00:00Z"),
                notice(other_org, c, "2026-04-01T00:00:00Z"),
            ],
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let conn = store.conn();
        let page = mamori_store::notify::inbox(conn, org, a, false, PageRequest::default())
            .await
            .unwrap();
        assert_eq!(page.total, 2, "[{name}]");
        assert_eq!(page.items[0].id, mine.id, "[{name}] newest first");
        // Another person of the organization, or the right person named under another
        // organization, cannot mark it.
        let at = t("2026-04-03T00:00:00Z");
        assert!(
            !mamori_store::notify::mark_read(conn, org, b, mine.id, at)
                .await
                .unwrap()
        );
        assert!(
            !mamori_store::notify::mark_read(conn, other_org, a, mine.id, at)
                .await
                .unwrap()
        );
        assert_eq!(
            mamori_store::notify::unread_count(conn, org, a)
                .await
                .unwrap(),
            2
        );
        assert!(
            mamori_store::notify::mark_read(conn, org, a, mine.id, at)
                .await
                .unwrap()
        );
        assert_eq!(
            mamori_store::notify::unread_count(conn, org, a)
                .await
                .unwrap(),
            1
        );
        let unread = mamori_store::notify::inbox(conn, org, a, true, PageRequest::default())
            .await
            .unwrap();
        assert_eq!(unread.total, 1);
        assert_eq!(
            mamori_store::notify::mark_all_read(conn, org, a, at)
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            mamori_store::notify::unread_count(conn, org, b)
                .await
                .unwrap(),
            1
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn due_mail_comes_oldest_first_and_resend_stays_in_the_organization() {
    for (name, store, _dir) in stores().await {
        let org = new_org(&store, "131016").await;
        let other = new_org(&store, "131024").await;
        let later = mail(org, "later@x.jp", "2026-04-01T00:10:00Z", "pending");
        let first = mail(other, "first@x.jp", "2026-04-01T00:00:00Z", "pending");
        let future = mail(org, "future@x.jp", "2026-04-02T00:00:00Z", "pending");
        let failed_here = mail(org, "f1@x.jp", "2026-04-01T00:00:00Z", "failed");
        let failed_there = mail(other, "f2@x.jp", "2026-04-01T00:00:00Z", "failed");
        let tx = store.begin_write().await.unwrap();
        mamori_store::mail::enqueue(
            &*tx,
            vec![
                later.clone(),
                first.clone(),
                future,
                failed_here.clone(),
                failed_there,
            ],
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let conn = store.conn();
        let now = t("2026-04-01T01:00:00Z");
        let due = mamori_store::mail::due(conn, now, 10).await.unwrap();
        let ids: Vec<Uuid> = due.iter().map(|m| m.id).collect();
        assert_eq!(ids, vec![first.id, later.id], "[{name}]");

        mamori_store::mail::mark_sent(conn, first.id, now)
            .await
            .unwrap();
        let retry = Some(now + Duration::minutes(5));
        mamori_store::mail::mark_failed_try(conn, later.id, 1, retry, "421 busy")
            .await
            .unwrap();
        assert!(
            mamori_store::mail::due(conn, now, 10)
                .await
                .unwrap()
                .is_empty()
        );
        let pending = mamori_store::mail::list(conn, org, "pending", PageRequest::default())
            .await
            .unwrap();
        let l = pending.items.iter().find(|m| m.id == later.id).unwrap();
        assert_eq!((l.attempts, l.last_error.as_deref()), (1, Some("421 busy")));
        mamori_store::mail::mark_failed_try(conn, later.id, 8, None, "550 no")
            .await
            .unwrap();
        assert_eq!(
            mamori_store::mail::count(conn, org, "failed")
                .await
                .unwrap(),
            2
        );

        // Resending one of another organization's mails does nothing; all of ours, ours.
        assert_eq!(
            mamori_store::mail::resend(conn, other, Some(failed_here.id), now)
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            mamori_store::mail::resend(conn, org, None, now)
                .await
                .unwrap(),
            2
        );
        assert_eq!(
            mamori_store::mail::count(conn, org, "failed")
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            mamori_store::mail::count(conn, other, "failed")
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            mamori_store::mail::due(conn, now, 10).await.unwrap().len(),
            2
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_lease_has_one_holder_and_is_taken_only_when_due() {
    for (name, store, _dir) in stores().await {
        let conn = store.conn();
        let now = t("2026-04-01T00:00:00Z");
        mamori_store::jobs::ensure(conn, "j", now).await.unwrap();
        // A second `ensure` keeps the row as it is.
        mamori_store::jobs::ensure(conn, "j", now + Duration::days(9))
            .await
            .unwrap();
        let lease = now + Duration::minutes(2);
        let (a, b) = tokio::join!(
            mamori_store::jobs::try_acquire(conn, "j", "a", now, lease),
            mamori_store::jobs::try_acquire(conn, "j", "b", now, lease)
        );
        assert_eq!(
            [a.unwrap(), b.unwrap()].iter().filter(|x| **x).count(),
            1,
            "[{name}]"
        );
        let holder = mamori_store::jobs::get(conn, "j")
            .await
            .unwrap()
            .unwrap()
            .holder
            .unwrap();
        let outcome = |next| mamori_store::jobs::Outcome {
            finished: now,
            ok: true,
            message: "done",
            duration_ms: 3,
            next_run: next,
        };
        // Only the holder may renew or finish; a renewed lease keeps others out after
        // the first lease would have run out.
        let other = if holder == "a" { "b" } else { "a" };
        assert!(
            !mamori_store::jobs::renew(conn, "j", other, lease + Duration::minutes(2))
                .await
                .unwrap()
        );
        assert!(
            mamori_store::jobs::renew(conn, "j", &holder, lease + Duration::minutes(2))
                .await
                .unwrap()
        );
        assert!(
            !mamori_store::jobs::try_acquire(conn, "j", other, lease + Duration::seconds(1), lease)
                .await
                .unwrap(),
            "[{name}] a renewed lease was taken over"
        );
        let next = now + Duration::minutes(10);
        assert!(
            !mamori_store::jobs::finish(conn, "j", other, outcome(next))
                .await
                .unwrap()
        );
        assert!(
            mamori_store::jobs::finish(conn, "j", &holder, outcome(next))
                .await
                .unwrap()
        );
        let row = mamori_store::jobs::get(conn, "j").await.unwrap().unwrap();
        assert_eq!((row.runs, row.holder, row.next_run_at), (1, None, next));
        // Not due: nobody takes it; due: someone does.
        assert!(
            !mamori_store::jobs::try_acquire(conn, "j", "a", now, lease)
                .await
                .unwrap()
        );
        assert!(
            mamori_store::jobs::try_acquire(conn, "j", "a", next, next + Duration::minutes(2))
                .await
                .unwrap()
        );
        // A server shutting down lets go of its lease: the job is free and still due.
        assert_eq!(mamori_store::jobs::release_all(conn, "a").await.unwrap(), 1);
        assert!(
            mamori_store::jobs::try_acquire(conn, "j", "b", next, next + Duration::minutes(2))
                .await
                .unwrap()
        );
        assert!(mamori_store::jobs::due_now(conn, "j", now).await.unwrap());
        assert!(
            !mamori_store::jobs::due_now(conn, "unknown", now)
                .await
                .unwrap()
        );
    }
}
