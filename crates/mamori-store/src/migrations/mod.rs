//! Forward-only schema migrations, embedded in the binary.
//!
//! Each migration is a numbered list of statements built with sea-query, so one
//! definition renders correct DDL for SQLite and PostgreSQL. Applied versions are
//! recorded in `mamori_schema`; a database whose highest version is above what this
//! build knows was written by a newer Mamori and is refused rather than guessed at.
//! Never edit a released migration: add a new one.

use sea_orm::sea_query::{ColumnDef, Table, TableCreateStatement};
use sea_orm::{ConnectionTrait, Statement};

use crate::search::Searchable;
use crate::{Result, Store, StoreError};

mod cols;
mod v1;
mod v10;
mod v11;
mod v12;
mod v13;
mod v14;
mod v15;
mod v16;
mod v17;
mod v18;
mod v19;
mod v2;
mod v20;
mod v21;
mod v22;
mod v23;
mod v24;
mod v25;
mod v26;
mod v27;
mod v28;
mod v29;
mod v3;
mod v30;
mod v4;
mod v5;
mod v6;
mod v7;
mod v8;
mod v9;

use v1::{v1_indexes, v1_tables};
use v2::{v2_indexes, v2_tables};

/// A migration's statements, run in this order in one transaction.
struct Migration {
    version: i64,
    name: &'static str,
    tables: fn() -> Vec<TableCreateStatement>,
    alters: fn() -> Vec<sea_orm::sea_query::TableAlterStatement>,
    drops: fn() -> Vec<sea_orm::sea_query::IndexDropStatement>,
    indexes: fn() -> Vec<sea_orm::sea_query::IndexCreateStatement>,
    seed: fn() -> Vec<sea_orm::sea_query::InsertStatement>,
    /// Work beyond the statements above: data to fill, indexes that differ per backend.
    steps: &'static [Step],
}

/// A migration's work that sea-query statements cannot express.
#[derive(Debug, Clone, Copy)]
enum Step {
    /// Risks' search keys filled in; the trigram indexes of risks and staff built.
    SearchIndexes,
    /// The trigram index of incidents.
    IncidentSearch,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "organizations, departments, staff, roles, accounts, sessions, audit log",
        tables: v1_tables,
        alters: Vec::new,
        drops: Vec::new,
        indexes: v1_indexes,
        seed: Vec::new,
        steps: &[],
    },
    Migration {
        version: 2,
        name: "information asset register, classification schemes, asset relations",
        tables: v2_tables,
        alters: Vec::new,
        drops: Vec::new,
        indexes: v2_indexes,
        seed: Vec::new,
        steps: &[],
    },
    Migration {
        version: 3,
        name: "register revisions for the in-memory register index",
        tables: v3::v3_tables,
        alters: v3::v3_alters,
        drops: v3::v3_drops,
        indexes: v3::v3_indexes,
        seed: v3::v3_seed,
        steps: &[],
    },
    Migration {
        version: 4,
        name: "risk assessment and treatment, control catalogs, applied controls, evidence, SoA",
        tables: v4::v4_tables,
        alters: Vec::new,
        drops: Vec::new,
        indexes: v4::v4_indexes,
        seed: Vec::new,
        steps: &[],
    },
    Migration {
        version: 5,
        name: "indexes for risk heat maps and the score order",
        tables: Vec::new,
        alters: Vec::new,
        drops: Vec::new,
        indexes: v5::v5_indexes,
        seed: Vec::new,
        steps: &[],
    },
    Migration {
        version: 6,
        name: "free-text search indexed for Japanese (risks, staff)",
        tables: Vec::new,
        alters: v6::v6_alters,
        drops: Vec::new,
        indexes: Vec::new,
        seed: Vec::new,
        steps: &[Step::SearchIndexes],
    },
    Migration {
        version: 7,
        name: "indexes for the risk register's standing and tolerance filters",
        tables: Vec::new,
        alters: Vec::new,
        drops: Vec::new,
        indexes: v7::v7_indexes,
        seed: Vec::new,
        steps: &[],
    },
    Migration {
        version: 8,
        name: "index of risk–asset links by risk within the organization",
        tables: Vec::new,
        alters: Vec::new,
        drops: Vec::new,
        indexes: v8::v8_indexes,
        seed: Vec::new,
        steps: &[],
    },
    Migration {
        version: 9,
        name: "notifications, the mail outbox and scheduled jobs",
        tables: v9::v9_tables,
        alters: v9::v9_alters,
        drops: Vec::new,
        indexes: v9::v9_indexes,
        seed: Vec::new,
        steps: &[],
    },
    Migration {
        version: 10,
        name: "accounts whose password the directory checks",
        tables: Vec::new,
        alters: v10::v10_alters,
        drops: Vec::new,
        indexes: Vec::new,
        seed: Vec::new,
        steps: &[],
    },
    Migration {
        version: 11,
        name: "invitations to make a local account; accounts tied to a provider's person",
        tables: v11::v11_tables,
        alters: v11::v11_alters,
        drops: Vec::new,
        indexes: v11::v11_indexes,
        seed: Vec::new,
        steps: &[],
    },
    Migration {
        version: 12,
        name: "connection settings kept from the settings screens, secrets sealed",
        tables: v12::v12_tables,
        alters: Vec::new,
        drops: Vec::new,
        indexes: Vec::new,
        seed: Vec::new,
        steps: &[],
    },
    Migration {
        version: 13,
        name: "incidents: reports, timeline, tasks, breach assessments and PPC submissions",
        tables: v13::v13_tables,
        alters: Vec::new,
        drops: Vec::new,
        indexes: v13::v13_indexes,
        seed: Vec::new,
        steps: &[Step::IncidentSearch],
    },
    Migration {
        version: 14,
        name: "security events from monitoring: sources, events, rules, retention; when incidents were contained",
        tables: v14::v14_tables,
        alters: v14::v14_alters,
        drops: Vec::new,
        indexes: v14::v14_indexes,
        seed: Vec::new,
        steps: &[],
    },
    Migration {
        version: 15,
        name: "policy documents: versions, sections, attachments; acknowledgement campaigns",
        tables: v15::v15_tables,
        alters: Vec::new,
        drops: Vec::new,
        indexes: v15::v15_indexes,
        seed: Vec::new,
        steps: &[],
    },
    Migration {
        version: 16,
        name: "training and drills: courses, sessions, attendance, quizzes, targeted-mail drills",
        tables: v16::v16_tables,
        alters: Vec::new,
        drops: Vec::new,
        indexes: v16::v16_indexes,
        seed: Vec::new,
        steps: &[],
    },
    Migration {
        version: 17,
        name: "exceptions to the standards; compliance settings",
        tables: v17::v17_tables,
        alters: Vec::new,
        drops: Vec::new,
        indexes: v17::v17_indexes,
        seed: Vec::new,
        steps: &[],
    },
    Migration {
        version: 18,
        name: "violations of the policy and their assessment, decision and measures",
        tables: v18::v18_tables,
        alters: Vec::new,
        drops: Vec::new,
        indexes: v18::v18_indexes,
        seed: Vec::new,
        steps: &[],
    },
    Migration {
        version: 19,
        name: "laws and obligations: the register, links to what meets them, amendments and reviews",
        tables: v19::v19_tables,
        alters: Vec::new,
        drops: Vec::new,
        indexes: v19::v19_indexes,
        seed: Vec::new,
        steps: &[],
    },
    Migration {
        version: 20,
        name: "contractors: certifications, contracts with their clauses, assets, sub-contractors and checks",
        tables: v20::v20_tables,
        alters: Vec::new,
        drops: Vec::new,
        indexes: v20::v20_indexes,
        seed: Vec::new,
        steps: &[],
    },
    Migration {
        version: 21,
        name: "external services: ceilings, ISMAP listing, assets and administrators; contractors' people",
        tables: v21::v21_tables,
        alters: Vec::new,
        drops: Vec::new,
        indexes: v21::v21_indexes,
        seed: Vec::new,
        steps: &[],
    },
    Migration {
        version: 22,
        name: "physical security: places, authorized lists and their reviews, badges, the entry log and its sign-offs",
        tables: v22::v22_tables,
        alters: Vec::new,
        drops: Vec::new,
        indexes: v22::v22_indexes,
        seed: Vec::new,
        steps: &[],
    },
    Migration {
        version: 23,
        name: "equipment and media: the register, inventories and their checks, take-outs, disposals with their certificates, and the rules of both",
        tables: v23::v23_tables,
        alters: Vec::new,
        drops: Vec::new,
        indexes: v23::v23_indexes,
        seed: Vec::new,
        steps: &[],
    },
    Migration {
        version: 24,
        name: "self-inspection: campaigns, their checklists, each department's sheet and its answers",
        tables: v24::v24_tables,
        alters: Vec::new,
        drops: Vec::new,
        indexes: v24::v24_indexes,
        seed: Vec::new,
        steps: &[],
    },
    Migration {
        version: 25,
        name: "internal audits: programmes, audits and their auditors, findings, corrective actions",
        tables: v25::v25_tables,
        alters: Vec::new,
        drops: Vec::new,
        indexes: v25::v25_indexes,
        seed: Vec::new,
        steps: &[],
    },
    Migration {
        version: 26,
        name: "the security committee: meetings, agenda items, numbered decisions, minutes",
        tables: v26::v26_tables,
        alters: Vec::new,
        drops: Vec::new,
        indexes: v26::v26_indexes,
        seed: Vec::new,
        steps: &[],
    },
    Migration {
        version: 27,
        name: "the calendar of what is due: each user's iCalendar feed",
        tables: v27::v27_tables,
        alters: Vec::new,
        drops: Vec::new,
        indexes: v27::v27_indexes,
        seed: Vec::new,
        steps: &[],
    },
    Migration {
        version: 28,
        name: "revisions of the policy opened by an audit finding, an incident or a law's amendment",
        tables: v28::v28_tables,
        alters: Vec::new,
        drops: Vec::new,
        indexes: v28::v28_indexes,
        seed: Vec::new,
        steps: &[],
    },
    Migration {
        version: 29,
        name: "the annual report: its sections and issued figures; the risk posture at each year's start",
        tables: v29::v29_tables,
        alters: Vec::new,
        drops: Vec::new,
        indexes: v29::v29_indexes,
        seed: Vec::new,
        steps: &[],
    },
    Migration {
        version: 30,
        name: "information systems in self-inspections and audits: a campaign's scope, the system a sheet is about, the systems an audit's plan names",
        tables: Vec::new,
        alters: v30::v30_alters,
        drops: v30::v30_drops,
        indexes: v30::v30_indexes,
        seed: Vec::new,
        steps: &[],
    },
];

/// The highest schema version this build can read and write.
pub fn latest_version() -> i64 {
    MIGRATIONS.last().map(|m| m.version).unwrap_or(0)
}

/// What `migrate` did, for the CLI to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationReport {
    pub before: i64,
    pub after: i64,
    pub applied: Vec<(i64, &'static str)>,
}

pub async fn current_version(store: &Store) -> Result<i64> {
    ensure_meta_table(store).await?;
    let row = store
        .conn()
        .query_one_raw(Statement::from_string(
            store.backend(),
            "SELECT MAX(version) AS v FROM mamori_schema",
        ))
        .await?;
    Ok(match row {
        Some(r) => r.try_get::<Option<i64>>("", "v")?.unwrap_or(0),
        None => 0,
    })
}

async fn ensure_meta_table(store: &Store) -> Result<()> {
    let stmt = Table::create()
        .table("mamori_schema")
        .if_not_exists()
        .col(
            ColumnDef::new("version")
                .big_integer()
                .not_null()
                .primary_key(),
        )
        .col(ColumnDef::new("name").text().not_null())
        .col(ColumnDef::new("applied_at").text().not_null())
        .to_owned();
    store.conn().execute(&stmt).await?;
    Ok(())
}

/// Applies every migration the database lacks, each in its own transaction.
pub async fn migrate(store: &Store) -> Result<MigrationReport> {
    let before = current_version(store).await?;
    let known = latest_version();
    if before > known {
        return Err(StoreError::SchemaTooNew {
            found: before,
            known,
        });
    }
    let mut applied = Vec::new();
    for m in MIGRATIONS.iter().filter(|m| m.version > before) {
        let tx = store.begin_write().await?;
        for t in (m.tables)() {
            tx.execute(&t).await?;
        }
        for a in (m.alters)() {
            tx.execute(&a).await?;
        }
        for d in (m.drops)() {
            tx.execute(&d).await?;
        }
        for i in (m.indexes)() {
            tx.execute(&i).await?;
        }
        for s in (m.seed)() {
            tx.execute(&s).await?;
        }
        for step in m.steps {
            match step {
                Step::SearchIndexes => {
                    v6::backfill(&tx).await?;
                    v6::indexes(&tx, &[Searchable::Risks, Searchable::Staff]).await?;
                }
                Step::IncidentSearch => v6::indexes(&tx, &[Searchable::Incidents]).await?,
            }
        }
        let insert = sea_orm::sea_query::Query::insert()
            .into_table("mamori_schema")
            .columns(["version", "name", "applied_at"])
            .values_panic([
                m.version.into(),
                m.name.into(),
                chrono::Utc::now().to_rfc3339().into(),
            ])
            .to_owned();
        tx.execute(&insert).await?;
        tx.commit().await?;
        applied.push((m.version, m.name));
    }
    Ok(MigrationReport {
        before,
        after: known.max(before),
        applied,
    })
}

/// Is this a brand-new database with no organization yet?
pub async fn is_empty(store: &Store) -> Result<bool> {
    let row = store
        .conn()
        .query_one_raw(Statement::from_string(
            store.backend(),
            "SELECT COUNT(*) AS n FROM orgs",
        ))
        .await?;
    Ok(match row {
        Some(r) => r.try_get::<i64>("", "n")? == 0,
        None => true,
    })
}

/// Records a schema version as applied; tests use it to simulate a database written by
/// a newer Mamori.
pub async fn record_version(store: &Store, version: i64, name: &str) -> Result<()> {
    let insert = sea_orm::sea_query::Query::insert()
        .into_table("mamori_schema")
        .columns(["version", "name", "applied_at"])
        .values_panic([
            version.into(),
            name.into(),
            chrono::Utc::now().to_rfc3339().into(),
        ])
        .to_owned();
    store.conn().execute(&insert).await?;
    Ok(())
}
