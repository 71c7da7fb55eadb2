//! Security behaviour of the use cases with a fixed clock, on SQLite and PostgreSQL:
//! throttling and lockout, session expiry and fixation, signed audit heads.

use chrono::Duration;
use mamori_app::AppError;
use mamori_domain::audit::{ChainEntry, ChainFault, GENESIS};
use mamori_store::entity::audit_log;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};

use crate::common::{PASSWORD, envs};

/// Setup writes the organization, its first staff member and account, its
/// classification scheme and the standard set of laws: the chain head sits at this
/// sequence number.
const SETUP_ENTRIES: i64 = 5;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttling_delays_then_locks_and_the_lock_expires() {
    for e in envs().await {
        let app = &e.app;
        let mut delays = Vec::new();
        for _ in 0..10 {
            let r = app
                .login("ciso", "not the password!", "192.0.2.10")
                .await
                .unwrap();
            delays.push(r.expect_err("wrong password refused").delay);
        }
        assert!(
            delays[0].is_zero() && delays[2].is_zero(),
            "[{}] the first failures are answered at once",
            e.name
        );
        assert!(
            delays[4] > delays[3] && delays[3] > delays[2],
            "[{}] growing delays: {delays:?}",
            e.name
        );
        // Ten failures lock the account: even the right password is refused, with the same answer.
        assert!(
            app.login("ciso", PASSWORD, "192.0.2.11")
                .await
                .unwrap()
                .is_err(),
            "[{}] locked",
            e.name
        );
        e.clock.advance(Duration::minutes(16));
        let ok = app.login("ciso", PASSWORD, "192.0.2.11").await.unwrap();
        assert!(ok.is_ok(), "[{}] the lock expires", e.name);
        // An unknown login is refused the same way and counted by address.
        assert!(
            app.login("nobody", PASSWORD, "192.0.2.12")
                .await
                .unwrap()
                .is_err()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_expire_idle_and_absolute_and_are_new_at_each_sign_in() {
    for e in envs().await {
        let app = &e.app;
        let first = app
            .login("ciso", PASSWORD, "192.0.2.1")
            .await
            .unwrap()
            .unwrap();
        let second = app
            .login("ciso", PASSWORD, "192.0.2.1")
            .await
            .unwrap()
            .unwrap();
        assert_ne!(
            first.cookie, second.cookie,
            "[{}] a new session id at every sign-in",
            e.name
        );
        assert!(app.session(&first.cookie, "x").await.is_ok());

        // Idle: 29 minutes is fine (and refreshes), 31 more is not.
        e.clock.advance(Duration::minutes(29));
        assert!(
            app.session(&first.cookie, "x").await.is_ok(),
            "[{}] within the idle timeout",
            e.name
        );
        e.clock.advance(Duration::minutes(31));
        assert!(
            matches!(
                app.session(&first.cookie, "x").await,
                Err(AppError::Unauthenticated)
            ),
            "[{}] idle expiry",
            e.name
        );

        // Absolute: kept busy, the session still ends after 12 hours.
        let s = app
            .login("ciso", PASSWORD, "192.0.2.1")
            .await
            .unwrap()
            .unwrap();
        for _ in 0..26 {
            e.clock.advance(Duration::minutes(29));
            let _ = app.session(&s.cookie, "x").await;
        }
        assert!(
            matches!(
                app.session(&s.cookie, "x").await,
                Err(AppError::Unauthenticated)
            ),
            "[{}] absolute expiry",
            e.name
        );

        // Sign out everywhere ends every session of the user.
        let a = app
            .login("ciso", PASSWORD, "192.0.2.1")
            .await
            .unwrap()
            .unwrap();
        let b = app
            .login("ciso", PASSWORD, "192.0.2.2")
            .await
            .unwrap()
            .unwrap();
        let info = app.session(&a.cookie, "x").await.unwrap();
        app.logout_everywhere(&info).await.unwrap();
        assert!(
            app.session(&b.cookie, "x").await.is_err(),
            "[{}] sign out everywhere",
            e.name
        );
    }
}

/// Rewrites every entry of the chain with new content and recomputed hashes, as someone
/// with database access but without the signing key could.
async fn rewrite_whole_chain(db: &mamori_app::Store, org: uuid::Uuid) {
    let conn = db.conn();
    let rows = audit_log::Entity::find()
        .filter(audit_log::Column::OrgId.eq(org))
        .order_by_asc(audit_log::Column::Seq)
        .all(conn)
        .await
        .unwrap();
    let mut prev = GENESIS.to_owned();
    for r in rows {
        let mut entry: ChainEntry = mamori_store::audit::to_chain_entry(&r);
        entry.actor = "user:someone-else".into();
        entry.prev_hash = prev.clone();
        let hash = entry.hash();
        prev = hash.clone();
        let mut am = r.into_active_model();
        am.actor = Set(entry.actor.clone());
        am.prev_hash = Set(entry.prev_hash.clone());
        am.hash = Set(hash);
        am.update(conn).await.unwrap();
    }
    // Keep the head consistent too, so only the signature can tell.
    let head = audit_log::Entity::find()
        .filter(audit_log::Column::OrgId.eq(org))
        .order_by_desc(audit_log::Column::Seq)
        .one(conn)
        .await
        .unwrap()
        .unwrap();
    let h = mamori_store::entity::audit_head::ActiveModel {
        org_id: Set(org),
        seq: Set(head.seq),
        hash: Set(head.hash),
    };
    h.update(conn).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replacing_the_whole_chain_without_the_key_is_detected() {
    for e in envs().await {
        let app = &e.app;
        let key = app.signer.as_ref().unwrap().verifying_key();
        assert_eq!(
            app.sign_heads().await.unwrap(),
            1,
            "[{}] one organization signed",
            e.name
        );
        assert_eq!(
            app.sign_heads().await.unwrap(),
            0,
            "an unchanged head is not signed twice"
        );
        let reports = app.verify_audit(Some(&key)).await.unwrap();
        assert_eq!(reports[0].fault, None, "[{}] intact and signed", e.name);
        assert_eq!(reports[0].signatures, 1);

        let org = reports[0].org_id;
        rewrite_whole_chain(&e.db, org).await;
        let chain_only = app.verify_audit(None).await.unwrap();
        assert_eq!(
            chain_only[0].fault, None,
            "[{}] the rewritten chain is self-consistent",
            e.name
        );
        let with_key = app.verify_audit(Some(&key)).await.unwrap();
        let fault = with_key[0]
            .fault
            .clone()
            .expect("the signature exposes the rewrite");
        assert!(
            matches!(fault, ChainFault::SignedHeadMismatch { seq: SETUP_ENTRIES }),
            "[{}] {fault}",
            e.name
        );

        // Deleting the signatures as well does not help the forger.
        mamori_store::entity::audit_signature::Entity::delete_many()
            .exec(e.db.conn())
            .await
            .unwrap();
        let fault = app.verify_audit(Some(&key)).await.unwrap()[0]
            .fault
            .clone()
            .unwrap();
        assert!(
            matches!(fault, ChainFault::Unsigned { .. }),
            "[{}] {fault}",
            e.name
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_signature_is_named() {
    for e in envs().await {
        let app = &e.app;
        let key = app.signer.as_ref().unwrap().verifying_key();
        app.sign_heads().await.unwrap();
        let sigs = mamori_store::entity::audit_signature::Entity::find()
            .all(e.db.conn())
            .await
            .unwrap();
        let mut forged = sigs[0].clone().into_active_model();
        let mut s = sigs[0].signature.clone();
        let last = s.pop().unwrap();
        s.push(if last == '0' { '1' } else { '0' });
        forged.signature = Set(s);
        forged.update(e.db.conn()).await.unwrap();
        let fault = app.verify_audit(Some(&key)).await.unwrap()[0]
            .fault
            .clone()
            .unwrap();
        assert_eq!(
            fault,
            ChainFault::BadSignature { seq: SETUP_ENTRIES },
            "[{}]",
            e.name
        );
    }
}
