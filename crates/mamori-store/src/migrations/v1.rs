//! Version 1: organizations, departments, staff, roles, accounts, sessions, audit log.
//! Released: never edit; add a new version instead.

use sea_orm::sea_query::{ColumnDef, ForeignKeyAction, Index, Table, TableCreateStatement};

use super::cols::{boolean, date, fk, id, idx, tenant_table, text, ts, uuid_col};

// --- version 1 -----------------------------------------------------------------------

pub(super) fn v1_tables() -> Vec<TableCreateStatement> {
    vec![
        Table::create()
            .table("orgs")
            .if_not_exists()
            .col(id())
            .col(text("name", false))
            .col(text("code", false).unique_key().to_owned())
            .col(ColumnDef::new("prefecture_code").integer().not_null())
            .col(text("settings", false))
            .col(ts("created_at", false))
            .col(ts("updated_at", false))
            .to_owned(),
        tenant_table("departments")
            .col(text("code", false))
            .col(text("name", false))
            .col(text("kind", false))
            .col(uuid_col("parent_id", true))
            .col(date("valid_from"))
            .col(date("valid_to"))
            .col(ColumnDef::new("sort_order").integer().not_null().default(0))
            .col(ts("created_at", false))
            .col(ts("updated_at", false))
            .foreign_key(&mut fk(
                "departments",
                "parent_id",
                "departments",
                ForeignKeyAction::Restrict,
            ))
            .to_owned(),
        tenant_table("staff")
            .col(text("employee_number", false))
            .col(text("name", false))
            .col(text("kana", false))
            .col(text("email", true))
            .col(uuid_col("department_id", true))
            .col(text("category", false))
            .col(boolean("part_time"))
            .col(date("start_date"))
            .col(date("end_date"))
            .col(boolean("retired"))
            .col(text("search_key", false))
            .col(ts("created_at", false))
            .col(ts("updated_at", false))
            .foreign_key(&mut fk(
                "staff",
                "department_id",
                "departments",
                ForeignKeyAction::Restrict,
            ))
            .to_owned(),
        tenant_table("staff_moves")
            .col(uuid_col("staff_id", false))
            .col(uuid_col("department_id", true))
            .col(date("from_date"))
            .col(ts("recorded_at", false))
            .foreign_key(&mut fk(
                "staff_moves",
                "staff_id",
                "staff",
                ForeignKeyAction::Cascade,
            ))
            .foreign_key(&mut fk(
                "staff_moves",
                "department_id",
                "departments",
                ForeignKeyAction::Restrict,
            ))
            .to_owned(),
        tenant_table("role_assignments")
            .col(uuid_col("staff_id", false))
            .col(text("role", false))
            .col(uuid_col("department_id", true))
            .col(date("term_from"))
            .col(date("term_to"))
            .col(ts("created_at", false))
            .foreign_key(&mut fk(
                "role_assignments",
                "staff_id",
                "staff",
                ForeignKeyAction::Cascade,
            ))
            .foreign_key(&mut fk(
                "role_assignments",
                "department_id",
                "departments",
                ForeignKeyAction::Restrict,
            ))
            .to_owned(),
        tenant_table("users")
            .col(uuid_col("staff_id", false))
            .col(text("login", false))
            .col(text("password_hash", false))
            .col(text("locale", false))
            .col(text("date_style", false))
            .col(text("totp_secret", true))
            .col(text("recovery_codes", true))
            .col(ColumnDef::new("totp_last_step").big_integer().null())
            .col(boolean("must_change_password"))
            .col(ts("disabled_at", true))
            .col(ts("last_login_at", true))
            .col(ts("password_changed_at", false))
            .col(ts("created_at", false))
            .col(ts("updated_at", false))
            .foreign_key(&mut fk(
                "users",
                "staff_id",
                "staff",
                ForeignKeyAction::Restrict,
            ))
            .to_owned(),
        Table::create()
            .table("sessions")
            .if_not_exists()
            .col(text("id_hash", false).primary_key().to_owned())
            .col(uuid_col("org_id", false))
            .col(uuid_col("user_id", false))
            .col(text("csrf_token", false))
            .col(boolean("mfa_pending"))
            .col(ts("created_at", false))
            .col(ts("last_seen_at", false))
            .col(text("source", false))
            .foreign_key(&mut fk(
                "sessions",
                "org_id",
                "orgs",
                ForeignKeyAction::Cascade,
            ))
            .foreign_key(&mut fk(
                "sessions",
                "user_id",
                "users",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
        tenant_table("api_tokens")
            .col(uuid_col("user_id", false))
            .col(text("name", false))
            .col(text("token_hash", false).unique_key().to_owned())
            .col(text("prefix", false))
            .col(ts("created_at", false))
            .col(ts("expires_at", true))
            .col(ts("last_used_at", true))
            .col(ts("revoked_at", true))
            .foreign_key(&mut fk(
                "api_tokens",
                "user_id",
                "users",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
        // One-time password reset links issued by an administrator (no e-mail needed):
        // only the SHA-256 of the link's token is kept.
        Table::create()
            .table("password_resets")
            .if_not_exists()
            .col(text("id_hash", false).primary_key().to_owned())
            .col(uuid_col("org_id", false))
            .col(uuid_col("user_id", false))
            .col(text("issued_by", false))
            .col(ts("created_at", false))
            .col(ts("expires_at", false))
            .col(ts("used_at", true))
            .foreign_key(&mut fk(
                "password_resets",
                "org_id",
                "orgs",
                ForeignKeyAction::Cascade,
            ))
            .foreign_key(&mut fk(
                "password_resets",
                "user_id",
                "users",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
        Table::create()
            .table("login_throttle")
            .if_not_exists()
            .col(text("key", false).primary_key().to_owned())
            .col(ColumnDef::new("failures").integer().not_null().default(0))
            .col(ts("last_failure_at", false))
            .col(ts("locked_until", true))
            .to_owned(),
        // An uploaded import file between its preview and its commit; kept in the
        // database so any app server can finish what another one previewed.
        tenant_table("pending_imports")
            .col(uuid_col("user_id", false))
            .col(text("kind", false))
            .col(text("filename", false))
            .col(ColumnDef::new("content").blob().not_null())
            .col(text("options", false))
            .col(ts("created_at", false))
            .to_owned(),
        Table::create()
            .table("audit_heads")
            .if_not_exists()
            .col(uuid_col("org_id", false).primary_key().to_owned())
            .col(ColumnDef::new("seq").big_integer().not_null())
            .col(text("hash", false))
            .foreign_key(&mut fk(
                "audit_heads",
                "org_id",
                "orgs",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
        // Ed25519 signatures over chain heads, made with a key that lives outside the
        // database (see docs/AUDIT.md).
        Table::create()
            .table("audit_signatures")
            .if_not_exists()
            .col(uuid_col("org_id", false))
            .col(ColumnDef::new("seq").big_integer().not_null())
            .col(text("hash", false))
            .col(text("signed_at", false))
            .col(text("key_id", false))
            .col(text("signature", false))
            .primary_key(Index::create().col("org_id").col("seq").col("key_id"))
            .foreign_key(&mut fk(
                "audit_signatures",
                "org_id",
                "orgs",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
        // The audit log deliberately stores text exactly as it was hashed (time and
        // changes included), so verification reads back the very bytes that were chained.
        Table::create()
            .table("audit_log")
            .if_not_exists()
            .col(uuid_col("org_id", false))
            .col(ColumnDef::new("seq").big_integer().not_null())
            .col(text("entry_id", false))
            .col(text("at", false))
            .col(text("actor", false))
            .col(text("source", false))
            .col(text("action", false))
            .col(text("object_type", false))
            .col(text("object_id", false))
            .col(text("changes", false))
            .col(text("prev_hash", false))
            .col(text("hash", false))
            .primary_key(Index::create().col("org_id").col("seq"))
            .foreign_key(&mut fk(
                "audit_log",
                "org_id",
                "orgs",
                ForeignKeyAction::Restrict,
            ))
            .to_owned(),
    ]
}

pub(super) fn v1_indexes() -> Vec<sea_orm::sea_query::IndexCreateStatement> {
    vec![
        idx(
            "ux_departments_code",
            "departments",
            &["org_id", "code"],
            true,
        ),
        idx(
            "ix_departments_parent",
            "departments",
            &["org_id", "parent_id"],
            false,
        ),
        idx(
            "ux_staff_number",
            "staff",
            &["org_id", "employee_number"],
            true,
        ),
        idx(
            "ix_staff_department",
            "staff",
            &["org_id", "department_id"],
            false,
        ),
        // The register lists current staff by number or kana; with `retired` in the
        // index, page queries and their counts never touch the table rows.
        idx(
            "ix_staff_current_number",
            "staff",
            &["org_id", "retired", "employee_number"],
            false,
        ),
        idx(
            "ix_staff_current_kana",
            "staff",
            &["org_id", "retired", "kana"],
            false,
        ),
        idx(
            "ix_staff_moves_staff",
            "staff_moves",
            &["org_id", "staff_id"],
            false,
        ),
        idx(
            "ix_roles_staff",
            "role_assignments",
            &["org_id", "staff_id"],
            false,
        ),
        idx("ux_users_login", "users", &["login"], true),
        idx("ux_users_staff", "users", &["staff_id"], true),
        idx("ix_sessions_user", "sessions", &["user_id"], false),
        idx(
            "ix_tokens_user",
            "api_tokens",
            &["org_id", "user_id"],
            false,
        ),
        idx(
            "ix_audit_object",
            "audit_log",
            &["org_id", "object_type", "object_id"],
            false,
        ),
        idx("ix_audit_at", "audit_log", &["org_id", "at"], false),
    ]
}
