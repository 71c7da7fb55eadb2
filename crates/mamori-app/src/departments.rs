//! Departments: the tree, resolving a reference (id, code, unique name or path), and
//! creating and editing with validation and audit.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use mamori_domain::department::{
    DepartmentCode, DepartmentKind, DepartmentName, split_path, would_cycle,
};
use mamori_domain::period::Period;
use mamori_domain::{Invalid, Problem};
use mamori_store::entity::department;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

pub fn children_map(all: &[department::Model]) -> HashMap<Uuid, Vec<Uuid>> {
    let mut m: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for d in all {
        if let Some(p) = d.parent_id {
            m.entry(p).or_default().push(d.id);
        }
    }
    m
}

/// A department and everything below it.
pub fn subtree(children: &HashMap<Uuid, Vec<Uuid>>, root: Uuid) -> HashSet<Uuid> {
    let mut out = HashSet::from([root]);
    let mut stack = vec![root];
    while let Some(d) = stack.pop() {
        for c in children.get(&d).into_iter().flatten() {
            if out.insert(*c) {
                stack.push(*c);
            }
        }
    }
    out
}

/// The department tree of one organization, indexed for lookups by id, code, name
/// and path. Built per request or per import from one query.
#[derive(Debug, Clone, Default)]
pub struct DeptIndex {
    pub all: Vec<department::Model>,
    by_id: HashMap<Uuid, usize>,
    by_code: HashMap<String, usize>,
    by_name: HashMap<String, Vec<usize>>,
    children: HashMap<Uuid, Vec<Uuid>>,
}

/// One department of the tree as screens and the API show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeptNode {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    /// `bu` (部), `ka` (課), `kakari` (係) or `other`.
    pub kind: String,
    /// 0 at the top.
    pub depth: usize,
    /// Names from the top, joined by `/`.
    pub path: String,
    pub parent_id: Option<Uuid>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    /// Valid today.
    pub active: bool,
}

impl DeptIndex {
    pub fn new(all: Vec<department::Model>) -> Self {
        let mut idx = Self {
            children: children_map(&all),
            ..Default::default()
        };
        for (i, d) in all.iter().enumerate() {
            idx.by_id.insert(d.id, i);
            idx.by_code.insert(d.code.clone(), i);
            idx.by_name.entry(d.name.clone()).or_default().push(i);
        }
        idx.all = all;
        idx
    }

    /// Every department, in the order the store listed them.
    pub fn all(&self) -> &[department::Model] {
        &self.all
    }

    pub fn get(&self, id: Uuid) -> Option<&department::Model> {
        self.by_id.get(&id).map(|i| &self.all[*i])
    }

    pub fn by_code(&self, code: &str) -> Option<&department::Model> {
        self.by_code.get(code).map(|i| &self.all[*i])
    }

    /// Ancestors from the root down to and including `id`.
    pub fn chain(&self, id: Uuid) -> Vec<&department::Model> {
        let mut out = Vec::new();
        let mut cur = self.get(id);
        while let Some(d) = cur {
            if out.iter().any(|x: &&department::Model| x.id == d.id) {
                break; // defensive: never loop on corrupt data
            }
            out.push(d);
            cur = d.parent_id.and_then(|p| self.get(p));
        }
        out.reverse();
        out
    }

    /// `総務部/総務課`.
    pub fn path(&self, id: Uuid) -> String {
        self.chain(id)
            .iter()
            .map(|d| d.name.as_str())
            .collect::<Vec<_>>()
            .join("/")
    }

    pub fn subtree(&self, id: Uuid) -> HashSet<Uuid> {
        subtree(&self.children, id)
    }

    pub fn children_of(&self, id: Uuid) -> &[Uuid] {
        self.children.get(&id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Finds a department by id, code, unique name, or path (`総務部/総務課`).
    pub fn resolve(&self, reference: &str) -> Result<&department::Model, Problem> {
        let r = mamori_domain::text::clean(reference);
        if let Ok(id) = Uuid::parse_str(&r)
            && let Some(d) = self.get(id)
        {
            return Ok(d);
        }
        if let Ok(code) = DepartmentCode::parse(&r)
            && let Some(d) = self.by_code(code.as_str())
        {
            return Ok(d);
        }
        let parts = split_path(&r);
        if parts.len() > 1 {
            return self.by_path(&parts).ok_or_else(|| {
                Problem::new(
                    format!("所属「{r}」が見つかりません（パスの各段を確認してください）。"),
                    format!("Department \"{r}\" was not found (check each level of the path)."),
                )
            });
        }
        match self.by_name.get(&r).map(Vec::as_slice) {
            Some([one]) => Ok(&self.all[*one]),
            Some(many) if many.len() > 1 => {
                let paths: Vec<String> = many.iter().map(|i| self.path(self.all[*i].id)).collect();
                Err(Problem::new(
                    format!(
                        "所属「{r}」は複数あります。コードかパスで指定してください: {}",
                        paths.join("、")
                    ),
                    format!(
                        "Department \"{r}\" is ambiguous; give its code or path: {}",
                        paths.join(", ")
                    ),
                ))
            }
            _ => Err(Problem::new(
                format!(
                    "所属「{r}」が見つかりません。所属コード、名称、または「部/課」の形のパスで指定してください。"
                ),
                format!(
                    "Department \"{r}\" was not found. Give its code, its name, or a path such as Division/Section."
                ),
            )),
        }
    }

    pub fn by_path(&self, parts: &[String]) -> Option<&department::Model> {
        let mut parent: Option<Uuid> = None;
        let mut found = None;
        for p in parts {
            let d = self
                .by_name
                .get(p)?
                .iter()
                .map(|i| &self.all[*i])
                .find(|d| d.parent_id == parent)?;
            parent = Some(d.id);
            found = Some(d);
        }
        found
    }

    /// The tree in display order, depth-first.
    pub fn nodes(&self, today: NaiveDate) -> Vec<DeptNode> {
        let mut out = Vec::with_capacity(self.all.len());
        let roots: Vec<&department::Model> = self
            .all
            .iter()
            .filter(|d| d.parent_id.is_none_or(|p| self.get(p).is_none()))
            .collect();
        let mut stack: Vec<(&department::Model, usize)> =
            roots.into_iter().rev().map(|d| (d, 0)).collect();
        let mut seen = HashSet::new();
        while let Some((d, depth)) = stack.pop() {
            if !seen.insert(d.id) {
                continue;
            }
            out.push(DeptNode {
                id: d.id,
                code: d.code.clone(),
                name: d.name.clone(),
                kind: d.kind.clone(),
                depth,
                path: self.path(d.id),
                parent_id: d.parent_id,
                valid_from: d.valid_from,
                valid_to: d.valid_to,
                active: mamori_domain::role::is_active_on(d.valid_from, d.valid_to, today),
            });
            for c in self.children_of(d.id).iter().rev() {
                if let Some(cd) = self.get(*c) {
                    stack.push((cd, depth + 1));
                }
            }
        }
        out
    }
}

/// Raw department input from a form, the API or the CLI.
#[derive(Debug, Clone, Default, serde::Deserialize, ToSchema)]
pub struct DepartmentInput {
    pub code: String,
    pub name: String,
    /// `bu`, `ka`, `kakari`, `other` (or the label); empty: inferred from the name.
    #[serde(default)]
    pub kind: String,
    /// Parent by id, code, name or path; empty for a top-level department.
    #[serde(default)]
    pub parent: String,
    /// A date (ISO or 和暦), or empty.
    #[serde(default)]
    pub valid_from: String,
    /// A date (ISO or 和暦), or empty.
    #[serde(default)]
    pub valid_to: String,
}

/// What is audited for a department.
#[derive(Debug, Clone, Serialize)]
struct DeptSnapshot {
    code: String,
    name: String,
    kind: String,
    parent: Option<String>,
    valid_from: Option<NaiveDate>,
    valid_to: Option<NaiveDate>,
}

fn snapshot(d: &department::Model, idx: &DeptIndex) -> DeptSnapshot {
    DeptSnapshot {
        code: d.code.clone(),
        name: d.name.clone(),
        kind: d.kind.clone(),
        parent: d.parent_id.and_then(|p| idx.get(p)).map(|p| p.code.clone()),
        valid_from: d.valid_from,
        valid_to: d.valid_to,
    }
}

pub(crate) fn optional_date(inv: &mut Invalid, field: &str, raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    inv.check(field, mamori_domain::wareki::parse_date(raw))
}

impl App {
    /// A department as messages name it (its path), or empty for none.
    pub(crate) async fn department_name(
        &self,
        org_id: Uuid,
        department: Option<Uuid>,
    ) -> AppResult<String> {
        Ok(match department {
            Some(d) => self.dept_tree(org_id).await?.path(d),
            None => String::new(),
        })
    }

    /// The department tree of the actor's organization. Every member may see it (their
    /// own page names their department); it holds no personal data.
    pub async fn dept_index(&self, actor: &Actor) -> AppResult<DeptIndex> {
        self.dept_tree(actor.org_id).await
    }

    /// The organization's department tree as committed. Kept per register revision
    /// (which every department write takes), so most requests do not read it again.
    /// Inside a write transaction, read the tree from that transaction instead.
    pub(crate) async fn dept_tree(&self, org_id: Uuid) -> AppResult<DeptIndex> {
        let conn = self.store.conn();
        let rev = mamori_store::assets::head_rev(conn, org_id).await?;
        if let Some(idx) = self.registers.departments(org_id, rev) {
            return Ok(idx);
        }
        let idx = DeptIndex::new(mamori_store::departments::all(conn, org_id).await?);
        self.registers.keep_departments(org_id, rev, &idx);
        Ok(idx)
    }

    pub async fn departments(&self, actor: &Actor) -> AppResult<DeptIndex> {
        self.authorize(actor, Capability::ViewRegister).await?;
        self.dept_tree(actor.org_id).await
    }

    /// Validates input against the tree; `editing` is the department being edited.
    fn validate_department(
        &self,
        input: &DepartmentInput,
        idx: &DeptIndex,
        editing: Option<Uuid>,
    ) -> Result<
        (
            DepartmentCode,
            DepartmentName,
            DepartmentKind,
            Option<Uuid>,
            Period,
        ),
        Invalid,
    > {
        let mut inv = Invalid::new();
        let code = inv.check("code", DepartmentCode::parse(&input.code));
        let name = inv.check("name", DepartmentName::parse(&input.name));
        let kind = if input.kind.trim().is_empty() {
            name.as_ref()
                .map(|n| DepartmentKind::infer_from_name(n.as_str()))
        } else {
            inv.check("kind", DepartmentKind::parse(&input.kind))
        };
        let parent = if input.parent.trim().is_empty() {
            None
        } else {
            inv.check("parent", idx.resolve(&input.parent).map(|d| d.id))
        };
        let from = optional_date(&mut inv, "valid_from", &input.valid_from);
        let to = optional_date(&mut inv, "valid_to", &input.valid_to);
        let period = inv.check("valid_to", Period::new(from, to));
        if let Some(code) = &code
            && let Some(other) = idx.by_code(code.as_str())
            && Some(other.id) != editing
        {
            inv.push(
                Problem::new(
                    format!(
                        "所属コード「{}」は「{}」で使われています。",
                        code.as_str(),
                        other.name
                    ),
                    format!(
                        "Department code \"{}\" is already used by \"{}\".",
                        code.as_str(),
                        other.name
                    ),
                )
                .at("code"),
            );
        }
        if let (Some(me), Some(p)) = (editing, parent) {
            let chain: Vec<Uuid> = idx.chain(p).iter().map(|d| d.id).collect();
            if would_cycle(&chain, me) {
                inv.push(Problem::new(
                    "自分自身や配下の所属を上位所属にはできません。",
                    "A department cannot be placed under itself or one of its own sub-departments.",
                ).at("parent"));
            }
        }
        if let Some(n) = &name {
            let sibling = idx
                .all
                .iter()
                .find(|d| d.parent_id == parent && d.name == n.as_str() && Some(d.id) != editing);
            if sibling.is_some() {
                inv.push(
                    Problem::new(
                        format!("同じ上位所属の下に「{}」が既にあります。", n.as_str()),
                        format!("\"{}\" already exists under the same parent.", n.as_str()),
                    )
                    .at("name"),
                );
            }
        }
        inv.clone().into_result()?;
        match (code, name, kind, period) {
            (Some(c), Some(n), Some(k), Some(p)) => Ok((c, n, k, parent, p)),
            _ => Err(inv),
        }
    }

    pub async fn create_department(
        &self,
        actor: &Actor,
        input: &DepartmentInput,
    ) -> AppResult<department::Model> {
        self.authorize(actor, Capability::ManageDepartments).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let (code, name, kind, parent, period) = self.validate_department(input, &idx, None)?;
        let now = self.now();
        let m = department::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            code: code.as_str().to_owned(),
            name: name.as_str().to_owned(),
            kind: kind.code().to_owned(),
            parent_id: parent,
            valid_from: period.from,
            valid_to: period.to,
            sort_order: 0,
            created_at: now,
            updated_at: now,
        };
        let tx = self.store.begin_write().await?;
        mamori_store::departments::insert(&*tx, m.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "department.create",
            ("department", m.id),
            None,
            Some(&snapshot(&m, &idx)),
        )
        .await?;
        tx.commit().await?;
        Ok(m)
    }

    pub async fn update_department(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &DepartmentInput,
    ) -> AppResult<department::Model> {
        self.authorize(actor, Capability::ManageDepartments).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let before = idx.get(id).cloned().ok_or(AppError::NotFound)?;
        let (code, name, kind, parent, period) = self.validate_department(input, &idx, Some(id))?;
        let after = department::Model {
            code: code.as_str().to_owned(),
            name: name.as_str().to_owned(),
            kind: kind.code().to_owned(),
            parent_id: parent,
            valid_from: period.from,
            valid_to: period.to,
            updated_at: self.now(),
            ..before.clone()
        };
        let tx = self.store.begin_write().await?;
        if !mamori_store::departments::update(&*tx, after.clone()).await? {
            return Err(AppError::NotFound);
        }
        self.audit_change(
            &*tx,
            actor,
            "department.update",
            ("department", id),
            Some(&snapshot(&before, &idx)),
            Some(&snapshot(&after, &idx)),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }
}
