//! Column and table shapes shared by every migration version.

use sea_orm::sea_query::{
    ColumnDef, Expr, ForeignKey, ForeignKeyAction, Index, IndexCreateStatement, Table,
    TableCreateStatement,
};

pub(super) fn id() -> ColumnDef {
    ColumnDef::new("id")
        .uuid()
        .not_null()
        .primary_key()
        .to_owned()
}

pub(super) fn uuid_col(name: &'static str, nullable: bool) -> ColumnDef {
    let mut c = ColumnDef::new(name);
    c.uuid();
    if !nullable {
        c.not_null();
    }
    c
}

pub(super) fn text(name: &'static str, nullable: bool) -> ColumnDef {
    let mut c = ColumnDef::new(name);
    c.text();
    if !nullable {
        c.not_null();
    }
    c
}

pub(super) fn date(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).date().null().to_owned()
}

pub(super) fn ts(name: &'static str, nullable: bool) -> ColumnDef {
    let mut c = ColumnDef::new(name);
    c.timestamp_with_time_zone();
    if !nullable {
        c.not_null();
    }
    c
}

pub(super) fn boolean(name: &'static str) -> ColumnDef {
    ColumnDef::new(name)
        .boolean()
        .not_null()
        .default(Expr::value(false))
        .to_owned()
}

pub(super) fn fk(
    from_table: &'static str,
    from_col: &'static str,
    to_table: &'static str,
    on_delete: ForeignKeyAction,
) -> sea_orm::sea_query::ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from_table, from_col)
        .to(to_table, "id")
        .on_delete(on_delete)
        .to_owned()
}

/// Every tenant table starts the same way: its id and its organization.
pub(super) fn tenant_table(name: &'static str) -> TableCreateStatement {
    Table::create()
        .table(name)
        .if_not_exists()
        .col(id())
        .col(uuid_col("org_id", false))
        .foreign_key(&mut fk(name, "org_id", "orgs", ForeignKeyAction::Cascade))
        .to_owned()
}

/// A named index over `cols`.
pub(super) fn idx(
    name: &str,
    table: &'static str,
    cols: &[&'static str],
    unique: bool,
) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(table).if_not_exists();
    for c in cols {
        i.col(*c);
    }
    if unique {
        i.unique();
    }
    i.to_owned()
}
