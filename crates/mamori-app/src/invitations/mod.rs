//! Local accounts by invitation. A department officer (for their departments) or a
//! system administrator (for anyone) picks the staff without an account and issues a
//! one-time link for each, printed as slips with a QR code to hand out — city halls
//! still distribute by paper — or sent by mail. Opening the link, the person chooses a
//! login and a password under the usual rules; the link is then spent. A new
//! invitation replaces the person's unused one; links expire.
//!
//! Only the SHA-256 of a link's token is stored. A mailed link also sits in the mail
//! outbox until sent, as any mail does; it works once and for days, not months.

mod view;

pub use view::{InvitationSheet, InvitationSlip, InvitationView, InviteInput, InviteScope};

use std::collections::HashSet;

use mamori_domain::Problem;
use mamori_domain::directory::AuthSource;
use mamori_domain::invitation::{DEFAULT_DAYS, validity};
use mamori_domain::notify::Notice;
use mamori_store::entity::{invitation, staff};
use mamori_store::staff::StaffFilter;

use crate::auth::sha256_hex;
use crate::authz::{Actor, ActorKind, Capability};
use crate::mfa::qr_svg;
use crate::users::{new_account, parse_login};
use crate::{App, AppError, AppResult, passwords};

/// The link a token opens.
fn link(base_url: &str, token: &str) -> String {
    format!("{}/activate?token={token}", base_url.trim_end_matches('/'))
}

fn channel(s: &str) -> Result<&'static str, Problem> {
    match s.trim() {
        "" | "paper" | "紙" => Ok("paper"),
        "mail" | "email" | "メール" => Ok("mail"),
        other => Err(Problem::new(
            format!("配り方「{other}」は paper（紙）か mail（メール）で指定してください。"),
            format!("\"{other}\" is not a way to hand out invitations: paper or mail."),
        )),
    }
}

impl App {
    /// Whom the actor may invite: everyone (a system administrator) or the staff of
    /// the departments they answer for. Refused when neither.
    pub async fn invitation_scope(&self, actor: &Actor) -> AppResult<InviteScope> {
        let idx = self.dept_tree(actor.org_id).await?;
        let everyone = actor.can(Capability::ManageUsers);
        let departments: Vec<(String, String)> = idx
            .all()
            .iter()
            .filter(|d| {
                everyone
                    || actor.can(Capability::EditStaff {
                        department: Some(d.id),
                    })
            })
            .map(|d| (d.code.clone(), idx.path(d.id)))
            .collect();
        if !everyone && departments.is_empty() {
            self.record_denial(actor, Capability::ManageUsers).await;
            return Err(AppError::Forbidden);
        }
        Ok(InviteScope {
            everyone,
            departments,
        })
    }

    /// Issues invitations to the staff of `input.department` (with its sub-departments)
    /// who have no account, or to everyone without one. `base_url` is the address
    /// people reach Mamori at, for the links.
    pub async fn invite_staff(
        &self,
        actor: &Actor,
        input: &InviteInput,
        base_url: &str,
    ) -> AppResult<InvitationSheet> {
        // Someone who may invite nobody is refused before their input is read.
        self.invitation_scope(actor).await?;
        let org = actor.org_id;
        let idx = self.dept_tree(org).await?;
        let mut inv = mamori_domain::Invalid::new();
        let department = if input.department.trim().is_empty() {
            None
        } else {
            inv.check("department", idx.resolve(&input.department).map(|d| d.id))
        };
        let channel = inv.check("channel", channel(&input.channel));
        let days = match input.days.trim() {
            "" => Ok(DEFAULT_DAYS),
            d => d.parse::<u32>().map_err(|_| {
                Problem::new(
                    format!("有効日数「{d}」は数ではありません。"),
                    format!("\"{d}\" is not a number of days."),
                )
            }),
        };
        let valid_for = inv.check("days", days.and_then(validity));
        let (Some(channel), Some(valid_for)) = (channel, valid_for) else {
            return Err(inv.into());
        };
        inv.into_result()?;
        match department {
            Some(d) => {
                self.authorize(
                    actor,
                    Capability::EditStaff {
                        department: Some(d),
                    },
                )
                .await?
            }
            None => self.authorize(actor, Capability::ManageUsers).await?,
        }
        let conn = self.store.conn();
        let filter = StaffFilter {
            departments: department.map(|d| idx.subtree(d).into_iter().collect()),
            retired: Some(false),
            ..StaffFilter::default()
        };
        let with_account: HashSet<_> = mamori_store::users::all(conn, org)
            .await?
            .into_iter()
            .map(|u| u.staff_id)
            .collect();
        // Whoever activates a slip gets the person's roles: only an administrator may
        // hand out the links of people who hold one.
        let with_roles: HashSet<_> = if actor.can(Capability::ManageUsers) {
            HashSet::new()
        } else {
            mamori_store::roles::all(conn, org, None)
                .await?
                .into_iter()
                .map(|r| r.staff_id)
                .collect()
        };
        let (candidates, held_back): (Vec<staff::Model>, Vec<staff::Model>) =
            mamori_store::staff::all(conn, org, &filter)
                .await?
                .into_iter()
                .filter(|s| !with_account.contains(&s.id))
                .partition(|s| !with_roles.contains(&s.id));
        let (invited, without_address): (Vec<_>, Vec<_>) = candidates
            .into_iter()
            .partition(|s| channel == "paper" || s.email.as_deref().is_some_and(|e| !e.is_empty()));
        let now = self.now();
        let expires_at = now + valid_for;
        let org_name = self.org(actor).await?.name;
        let mut rows = Vec::new();
        let mut slips = Vec::new();
        let mut notices = Vec::new();
        let mut entries = Vec::new();
        for s in &invited {
            let token = self.random_token(32);
            let url = link(base_url, &token);
            rows.push(invitation::Model {
                id_hash: sha256_hex(&token),
                org_id: org,
                staff_id: s.id,
                issued_by: actor.label.clone(),
                channel: channel.into(),
                created_at: now,
                expires_at,
                used_at: None,
            });
            let detail = serde_json::json!({ "channel": channel, "expires_at": expires_at });
            entries.push(self.entry(
                actor,
                "invitation.issue",
                "staff",
                &s.id.to_string(),
                &mamori_domain::audit::diff(None, Some(&detail)),
            ));
            if channel == "mail" {
                let expires = mamori_domain::wareki::format_wareki(
                    (expires_at + chrono::Duration::hours(9)).date_naive(),
                );
                notices.push((
                    s.id,
                    Notice::Invitation {
                        org: org_name.clone(),
                        link: url,
                        expires,
                    },
                ));
            } else {
                slips.push(InvitationSlip {
                    name: s.name.clone(),
                    employee_number: s.employee_number.clone(),
                    department: s
                        .department_id
                        .and_then(|d| idx.get(d))
                        .map(|d| d.name.clone()),
                    qr_svg: qr_svg(&url, 120)?,
                    link: url,
                });
            }
        }
        let tx = self.store.begin_write().await?;
        mamori_store::invitations::replace_many(&*tx, rows).await?;
        mamori_store::audit::append_many(&*tx, org, entries).await?;
        for (staff_id, notice) in &notices {
            self.notify(&*tx, org, &[*staff_id], notice).await?;
        }
        tx.commit().await?;
        Ok(InvitationSheet {
            org_name,
            department: department.map(|d| idx.path(d)),
            expires_at,
            slips,
            mailed: notices.len(),
            without_address: without_address.into_iter().map(|s| s.name).collect(),
            held_back: held_back.into_iter().map(|s| s.name).collect(),
        })
    }

    /// The invitation a token opens, while it works; a used, replaced or expired link
    /// is not found.
    pub async fn invitation(&self, token: &str) -> AppResult<InvitationView> {
        let (inv, s) = self.open_invitation(token).await?;
        let suggested_login = s
            .email
            .as_deref()
            .and_then(|e| e.split('@').next())
            .and_then(|l| parse_login(l).ok())
            .unwrap_or_default();
        Ok(InvitationView {
            name: s.name,
            org_name: self.org_row(inv.org_id).await?.name,
            expires_at: inv.expires_at,
            suggested_login,
        })
    }

    async fn open_invitation(&self, token: &str) -> AppResult<(invitation::Model, staff::Model)> {
        let conn = self.store.conn();
        let inv = mamori_store::invitations::get(conn, &sha256_hex(token))
            .await?
            .filter(|i| i.used_at.is_none() && i.expires_at > self.now())
            .ok_or(AppError::NotFound)?;
        let s = mamori_store::staff::get(conn, inv.org_id, inv.staff_id)
            .await?
            .filter(|s| !s.retired)
            .ok_or(AppError::NotFound)?;
        Ok((inv, s))
    }

    /// Makes the person's account from their invitation, with the login and password
    /// they chose; the link is spent. Returns the login.
    pub async fn accept_invitation(
        &self,
        token: &str,
        login: &str,
        password: &str,
        source: &str,
    ) -> AppResult<String> {
        let (inv, s) = self.open_invitation(token).await?;
        let conn = self.store.conn();
        let mut problems = mamori_domain::Invalid::new();
        let login = problems.check("login", parse_login(login));
        if let Some(l) = &login {
            problems.check("password", passwords::check_policy(password, l));
            if mamori_store::users::by_login(conn, l).await?.is_some() {
                problems.push(
                    Problem::new(
                        format!("ログインID「{l}」は既に使われています。別のものにしてください。"),
                        format!("The login \"{l}\" is taken: choose another."),
                    )
                    .at("login"),
                );
            }
        }
        if let (Some(l), Some(link)) = (&login, self.directory_link().await?) {
            // A directory's login of someone else would block their directory sign-in.
            let theirs = match link.directory.find(l).await {
                Ok(found) => found.is_some_and(|p| p.employee_number != s.employee_number),
                Err(e) => {
                    tracing::warn!(error = %e, "the directory could not be asked about a login");
                    true
                }
            };
            if theirs {
                problems.push(
                    Problem::new(
                        format!("ログインID「{l}」は使えません。別のものにしてください。"),
                        format!("The login \"{l}\" cannot be used: choose another."),
                    )
                    .at("login"),
                );
            }
        }
        problems.clone().into_result()?;
        let Some(login) = login else {
            return Err(problems.into());
        };
        let hash = self.hash_password(password).await?;
        let now = self.now();
        let u = new_account(
            self.new_id(),
            inv.org_id,
            s.id,
            login.clone(),
            hash,
            AuthSource::Local,
            now,
        );
        let actor = Actor {
            org_id: inv.org_id,
            kind: ActorKind::User,
            user_id: Some(u.id),
            staff_id: Some(s.id),
            label: format!("user:{login}"),
            source: source.to_owned(),
            grants: vec![],
            is_contractor: false,
        };
        let tx = self.store.begin_write().await?;
        // Spent in the same transaction: of two tabs submitting at once, one wins.
        if !mamori_store::invitations::mark_used(&*tx, &inv.id_hash, now).await?
            || mamori_store::users::by_staff(&*tx, inv.org_id, s.id)
                .await?
                .is_some()
        {
            return Err(AppError::NotFound);
        }
        self.insert_account(&*tx, &actor, &u).await?;
        tx.commit().await?;
        Ok(login)
    }
}
