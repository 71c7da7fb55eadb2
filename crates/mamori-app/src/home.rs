//! A person's own home page (わたしのページ): the ISMS roles they hold, their newest
//! unread notices, and what they must do next. Every signed-in person has one,
//! whatever their roles.

use mamori_domain::Role;
use serde::Serialize;

use crate::authz::Actor;
use crate::notify::InboxItem;
use crate::{App, AppResult, PageRequest};

/// Unread notices shown on the home page; the rest are in the inbox.
const NEWEST: u64 = 5;

/// A role the person holds, labelled.
#[derive(Debug, Clone, Serialize)]
pub struct MyRole {
    pub role: String,
    pub label: String,
    /// The department it covers, by name.
    pub department: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MyHome {
    pub roles: Vec<MyRole>,
    /// The newest unread notices, newest first.
    pub unread: Vec<InboxItem>,
    pub unread_total: u64,
    /// Policy versions waiting for the person's acknowledgement (and those given).
    pub acks: Vec<crate::policies::acks::MyAck>,
    /// Courses that bind the person: overdue and due first, with any quiz to take.
    pub training: Vec<crate::training::MyCourse>,
}

impl App {
    /// The actor's own home page, in `lang`.
    pub async fn my_home(&self, actor: &Actor, lang: &str) -> AppResult<MyHome> {
        let mut roles = Vec::new();
        if let Some(staff) = actor.staff_id {
            let idx = self.dept_tree(actor.org_id).await?;
            let today = self.today();
            for r in mamori_store::roles::for_staff(self.store.conn(), actor.org_id, staff).await? {
                let role = crate::error::stored("role", &r.role, Role::from_code(&r.role))?;
                if !mamori_domain::role::is_active_on(r.term_from, r.term_to, today) {
                    continue;
                }
                roles.push(MyRole {
                    role: role.code().into(),
                    label: role.label(lang).into(),
                    department: r
                        .department_id
                        .and_then(|d| idx.get(d))
                        .map(|d| d.name.clone()),
                });
            }
        }
        let (unread, unread_total) = if actor.user_id.is_some() {
            let page = self
                .inbox(actor, lang, true, PageRequest::new(Some(1), Some(NEWEST)))
                .await?;
            (page.items, page.total)
        } else {
            (Vec::new(), 0)
        };
        Ok(MyHome {
            roles,
            unread,
            unread_total,
            acks: self.my_acks(actor).await?,
            training: self.my_training(actor).await?,
        })
    }
}
