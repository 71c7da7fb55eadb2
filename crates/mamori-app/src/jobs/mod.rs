//! Recurring jobs, declared in one place ([`JOBS`]) and run by every server: each run
//! starts by taking the job's lease in the database, so of several servers on one
//! PostgreSQL one runs it per period, and if that server dies its lease runs out and
//! another takes over. On SQLite (one server) the same code simply runs in process.
//! Time comes from the app's clock, so tests move it and watch jobs come due.

mod view;

use std::time::Instant;

use mamori_domain::schedule::{Schedule, lease_renewal};

pub use view::JobView;

use crate::authz::{Actor, Capability};
use crate::{App, AppConfig, AppError, AppResult};

/// One recurring job.
pub struct JobSpec {
    pub name: &'static str,
    pub label_ja: &'static str,
    pub label_en: &'static str,
    schedule: fn(&AppConfig) -> Schedule,
}

impl JobSpec {
    pub fn schedule(&self, config: &AppConfig) -> Schedule {
        (self.schedule)(config)
    }
}

/// Every recurring job; the server polls each of them.
pub const JOBS: &[JobSpec] = &[
    JobSpec {
        name: "mail.send",
        label_ja: "メールの送信",
        label_en: "Sending mail",
        schedule: |_| Schedule::Every(chrono::Duration::seconds(5)),
    },
    JobSpec {
        name: "mail.digest",
        label_ja: "通知のまとめメール（毎朝8時）",
        label_en: "Daily digest of notices (08:00)",
        schedule: |_| Schedule::DailyAt { hour: 8, minute: 0 },
    },
    JobSpec {
        name: "audit.sign",
        label_ja: "監査ログの署名",
        label_en: "Signing the audit log",
        schedule: |c| Schedule::Every(chrono::Duration::seconds(c.sign_every_secs.max(1) as i64)),
    },
    JobSpec {
        name: "staff.sync",
        label_ja: "職員台帳とディレクトリの同期（毎朝5時）",
        label_en: "Staff register sync from the directory (05:00)",
        schedule: |_| Schedule::DailyAt { hour: 5, minute: 0 },
    },
    JobSpec {
        name: "incident.escalate",
        label_ja: "初動の遅れたインシデントの通知",
        label_en: "Escalating incidents past their first-response target",
        schedule: |_| Schedule::Every(chrono::Duration::minutes(5)),
    },
    JobSpec {
        name: "incident.deadlines",
        label_ja: "個人情報保護委員会への報告期限の通知（毎朝8時半）",
        label_en: "Reminders of breach reports coming due (08:30)",
        schedule: |_| Schedule::DailyAt {
            hour: 8,
            minute: 30,
        },
    },
    JobSpec {
        name: "events.purge",
        label_ja: "保存期間を過ぎた監視イベントの削除（毎日3時半）",
        label_en: "Purging security events past their retention (03:30)",
        schedule: |_| Schedule::DailyAt {
            hour: 3,
            minute: 30,
        },
    },
    JobSpec {
        name: "policy.acknowledgements",
        label_ja: "ポリシー確認の督促と所属への通知（毎朝9時）",
        label_en: "Reminders to acknowledge the policy (09:00)",
        schedule: |_| Schedule::DailyAt { hour: 9, minute: 0 },
    },
    JobSpec {
        name: "training.reminders",
        label_ja: "研修の受講期限の通知（毎朝9時15分）",
        label_en: "Reminders of training coming due (09:15)",
        schedule: |_| Schedule::DailyAt {
            hour: 9,
            minute: 15,
        },
    },
    JobSpec {
        name: "exceptions.reminders",
        label_ja: "例外措置の期限と事後報告の通知（毎朝8時45分）",
        label_en: "Reminders of exceptions ending and urgent ones unreported (08:45)",
        schedule: |_| Schedule::DailyAt {
            hour: 8,
            minute: 45,
        },
    },
    JobSpec {
        name: "laws.reviews",
        label_ja: "法令等の見直し期限の通知（毎朝8時50分）",
        label_en: "Reminders of laws due for review (08:50)",
        schedule: |_| Schedule::DailyAt {
            hour: 8,
            minute: 50,
        },
    },
    JobSpec {
        name: "contracts.reminders",
        label_ja: "委託契約の終了の通知（毎朝8時55分）",
        label_en: "Reminders of contracts ending (08:55)",
        schedule: |_| Schedule::DailyAt {
            hour: 8,
            minute: 55,
        },
    },
    JobSpec {
        name: "violations.purge",
        label_ja: "保存期間を過ぎた違反の記録の削除（毎日3時45分）",
        label_en: "Purging violation records past their retention (03:45)",
        schedule: |_| Schedule::DailyAt {
            hour: 3,
            minute: 45,
        },
    },
    JobSpec {
        name: "areas.reconcile",
        label_ja: "入退室記録の照合（毎朝6時、退室記録のない入室などを確認）",
        label_en: "Reconciling the entry logs (06:00: entries without an exit and the like)",
        schedule: |_| Schedule::DailyAt { hour: 6, minute: 0 },
    },
    JobSpec {
        name: "takeouts.overdue",
        label_ja: "持ち出しの返却遅れの督促（毎朝9時、3日遅れで所属の責任者へ）",
        label_en: "Reminding late take-out returns (09:00; the department's officers from 3 days late)",
        schedule: |_| Schedule::DailyAt { hour: 9, minute: 0 },
    },
    JobSpec {
        name: "due.reminders",
        label_ja: "期限の通知（毎朝9時5分、期限を過ぎたものは上位の責任者へも）",
        label_en: "Reminders of what is due (09:05; the officer above once overdue)",
        schedule: |_| Schedule::DailyAt { hour: 9, minute: 5 },
    },
    JobSpec {
        name: "risks.posture",
        label_ja: "年度当初のリスク分布の記録（毎日0時20分、年度に一度）",
        label_en: "Recording the risk posture at the start of the fiscal year (00:20, once a year)",
        schedule: |_| Schedule::DailyAt {
            hour: 0,
            minute: 20,
        },
    },
    JobSpec {
        name: "housekeeping",
        label_ja: "定期整理（期限切れセッション、統計情報）",
        label_en: "Housekeeping (expired sessions, planner statistics)",
        schedule: |_| Schedule::Every(chrono::Duration::minutes(10)),
    },
];

fn spec(name: &str) -> Option<&'static JobSpec> {
    JOBS.iter().find(|j| j.name == name)
}

/// How a run this server made ended.
#[derive(Debug, Clone)]
pub struct JobRun {
    pub name: &'static str,
    pub ok: bool,
    pub message: String,
}

impl App {
    /// Makes sure the database knows every job (a new one is due at once).
    pub async fn prepare_jobs(&self) -> AppResult<()> {
        let tx = self.store.begin_write().await?;
        for j in JOBS {
            let first = j.schedule(&self.config).first_after(self.now());
            mamori_store::jobs::ensure(&*tx, j.name, first).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Runs the job if it is due and no server holds it; `None` when this server did
    /// not run it.
    pub async fn run_job_if_due(&self, name: &str) -> AppResult<Option<JobRun>> {
        let spec = spec(name).ok_or(AppError::NotFound)?;
        let now = self.now();
        // A read first: most polls find nothing due and need not take the writer.
        let Some(row) = mamori_store::jobs::get(self.store.conn(), name).await? else {
            return Ok(None);
        };
        if row.next_run_at > now || row.lease_until.is_some_and(|l| l >= now) {
            return Ok(None);
        }
        let schedule = spec.schedule(&self.config);
        let tx = self.store.begin_write().await?;
        let mine = mamori_store::jobs::try_acquire(
            &*tx,
            name,
            &self.instance,
            now,
            now + self.config.job_lease,
        )
        .await?;
        tx.commit().await?;
        if !mine {
            return Ok(None);
        }
        let started = Instant::now();
        // The lease is renewed beside the run, not in its turn: on SQLite a renewal
        // waits for the writer, which the run itself may be holding.
        let heartbeat = tokio::spawn(self.clone().keep_lease(spec.name));
        let result = self.run_job(spec.name).await;
        heartbeat.abort();
        let _ = heartbeat.await;
        let (ok, message) = match result {
            Ok(m) => (true, m),
            Err(e) => {
                tracing::error!(job = name, error = %e, "job failed");
                (false, e.to_string())
            }
        };
        let finished = self.now();
        let tx = self.store.begin_write().await?;
        let kept = mamori_store::jobs::finish(
            &*tx,
            name,
            &self.instance,
            mamori_store::jobs::Outcome {
                finished,
                ok,
                message: &message,
                duration_ms: started.elapsed().as_millis() as i64,
                next_run: schedule.next_after(finished),
            },
        )
        .await?;
        tx.commit().await?;
        if !kept {
            tracing::warn!(
                job = name,
                "the run outlasted its lease; another server took the job"
            );
        }
        Ok(Some(JobRun {
            name: spec.name,
            ok,
            message,
        }))
    }

    /// Renews this server's lease on `name` until aborted.
    async fn keep_lease(self, name: &'static str) {
        let every = lease_renewal(self.config.job_lease)
            .to_std()
            .unwrap_or(std::time::Duration::from_secs(1));
        loop {
            tokio::time::sleep(every).await;
            let renewed = async {
                let tx = self.store.begin_write().await?;
                let until = self.now() + self.config.job_lease;
                let kept = mamori_store::jobs::renew(&*tx, name, &self.instance, until).await?;
                tx.commit().await?;
                AppResult::Ok(kept)
            };
            match renewed.await {
                Ok(true) => {}
                Ok(false) => {
                    tracing::warn!(
                        job = name,
                        "the lease ran out; another server may take the job"
                    );
                    return;
                }
                Err(e) => tracing::warn!(job = name, error = %e, "renewing the job's lease failed"),
            }
        }
    }

    /// Lets go of the jobs this server holds, at shutdown, so that another server takes
    /// them at once rather than after their leases run out.
    pub async fn release_jobs(&self) -> AppResult<u64> {
        let tx = self.store.begin_write().await?;
        let n = mamori_store::jobs::release_all(&*tx, &self.instance).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Runs every due job once, in the order declared (tests and `mamori jobs run`).
    pub async fn run_due_jobs(&self) -> AppResult<Vec<JobRun>> {
        let mut out = Vec::new();
        for j in JOBS {
            if let Some(r) = self.run_job_if_due(j.name).await? {
                out.push(r);
            }
        }
        Ok(out)
    }

    async fn run_job(&self, name: &str) -> AppResult<String> {
        match name {
            "mail.send" => self.send_due_mail().await,
            "mail.digest" => self.send_digests().await,
            "audit.sign" => Ok(format!("{} heads signed", self.sign_heads().await?)),
            "staff.sync" => self.scheduled_staff_sync().await,
            "incident.escalate" => self.escalate_untouched_incidents().await,
            "incident.deadlines" => self.remind_breach_deadlines().await,
            "events.purge" => self.purge_old_events().await,
            "policy.acknowledgements" => self.remind_acknowledgements().await,
            "training.reminders" => self.remind_training().await,
            "exceptions.reminders" => self.remind_exceptions().await,
            "laws.reviews" => self.remind_law_reviews().await,
            "contracts.reminders" => self.remind_contracts().await,
            "violations.purge" => self.purge_violations().await,
            "areas.reconcile" => self.reconcile_recent_entries().await,
            "takeouts.overdue" => self.remind_overdue_takeouts().await,
            "due.reminders" => self.remind_due().await,
            "risks.posture" => self.take_risk_postures().await,
            "housekeeping" => {
                self.system().housekeeping().await?;
                Ok("done".into())
            }
            other => Err(AppError::Internal(format!("job {other} has no runner"))),
        }
    }

    /// Every job with its last and next run, for administrators.
    pub async fn jobs(&self, actor: &Actor) -> AppResult<Vec<JobView>> {
        self.authorize(actor, Capability::OperateServer).await?;
        let now = self.now();
        let rows = mamori_store::jobs::list(self.store.conn()).await?;
        Ok(JOBS
            .iter()
            .map(|j| JobView::new(j, rows.iter().find(|r| r.name == j.name), now))
            .collect())
    }

    /// Makes a job due now; a server runs it within a few seconds.
    pub async fn run_job_soon(&self, actor: &Actor, name: &str) -> AppResult<()> {
        self.authorize(actor, Capability::OperateServer).await?;
        let spec = spec(name).ok_or(AppError::NotFound)?;
        let tx = self.store.begin_write().await?;
        if !mamori_store::jobs::due_now(&*tx, spec.name, self.now()).await? {
            return Err(AppError::NotFound);
        }
        self.audit(&*tx, actor, "job.run_now", "job", spec.name, Vec::new())
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
