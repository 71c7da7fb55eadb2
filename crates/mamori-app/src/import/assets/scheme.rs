//! Which classification scheme an asset ledger's levels are read in.
//!
//! A city's first import is usually a ledger kept under the scheme it used before:
//! MIC 2022 (機密性 3/2/1) or IPA, while a new organization starts on MIC 2024. The
//! importer reads every level the file writes and, when the organization's active
//! scheme cannot read them but a preset can, either adopts that preset (the
//! organization has classified nothing yet: the change is said in the preview and
//! audited with the import) or refuses the file whole, naming the preset it fits and
//! how to move the register to it. `--scheme` / the upload form's choice overrides the
//! recognition.

use mamori_domain::Problem;
use mamori_domain::audit::Change;
use mamori_domain::classification::{Dimension, Preset, Scheme, WrittenLevels};
use mamori_store::entity::classification_scheme;
use uuid::Uuid;

use crate::assets::Schemes;
use crate::authz::Actor;
use crate::import::{ImportIssue, ImportOptions, ImportPlan, Mapped};
use crate::{App, AppResult};

/// The columns holding levels, with the dimension each is read in.
const LEVEL_FIELDS: [(&str, Dimension); 3] = [
    ("c", Dimension::C),
    ("i", Dimension::I),
    ("a", Dimension::A),
];

/// What the import does about the organization's scheme.
enum Choice {
    /// Read the levels in the active scheme (it reads them, or nothing else does).
    Keep,
    /// Make this preset the active scheme; `stored` is its row if the organization
    /// already has it.
    Adopt {
        preset: Preset,
        stored: Option<Uuid>,
    },
    /// The file is written in `preset`, but assets are classified already.
    Refuse { preset: Preset, classified: u64 },
}

/// The distinct levels the file writes, per dimension.
fn written_levels(file: &Mapped) -> WrittenLevels {
    let mut w = WrittenLevels::new();
    for row in file.table.rows() {
        for (field, dim) in LEVEL_FIELDS {
            w.add(dim, file.cell(&row, field));
        }
    }
    w
}

/// The stored scheme made from `preset`, if the organization has one.
fn stored_preset(schemes: &Schemes, preset: Preset) -> Option<Uuid> {
    schemes
        .all()
        .into_iter()
        .find(|(m, _)| m.preset.as_deref() == Some(preset.code()))
        .map(|(m, _)| m.id)
}

impl App {
    /// The schemes to plan the rows with: the organization's as they are, or with the
    /// scheme the file is written in made active. `None` when the file is refused (the
    /// reason is in `plan`). On `commit` the adoption is written and audited here,
    /// before any row, in the import's transaction.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn schemes_for_file<C: mamori_store::Conn>(
        &self,
        conn: &C,
        actor: &Actor,
        file: &Mapped<'_>,
        opts: &ImportOptions,
        schemes: Schemes,
        plan: &mut ImportPlan,
        commit: bool,
    ) -> AppResult<Option<Schemes>> {
        let written = written_levels(file);
        let active_preset = schemes
            .active_row()
            .and_then(|m| m.preset.as_deref())
            .and_then(|code| Preset::parse(code).ok());
        let wanted = match opts.scheme {
            Some(p) if Some(p) == active_preset => None,
            Some(p) => Some(p),
            None if schemes.active().reads_all(&written) => None,
            None => match Preset::fitting(&written).first() {
                Some(p) => Some(*p),
                None => {
                    // The rows will be refused; say which scheme each column fits.
                    if let Some(hint) = per_dimension_hint(&written, schemes.active()) {
                        plan.file_issue(hint);
                    }
                    None
                }
            },
        };
        let choice = match wanted {
            None => Choice::Keep,
            Some(preset) => match mamori_store::assets::count(conn, actor.org_id).await? {
                0 => Choice::Adopt {
                    preset,
                    stored: stored_preset(&schemes, preset),
                },
                classified => Choice::Refuse { preset, classified },
            },
        };
        match choice {
            Choice::Keep => Ok(Some(schemes)),
            Choice::Refuse { preset, classified } => {
                plan.file_issue(refusal(preset, schemes.active(), classified));
                Ok(None)
            }
            Choice::Adopt { preset, stored } => {
                let from = schemes.active().name.clone();
                let scheme = Scheme::preset(preset);
                plan.notices
                    .push(ImportIssue::of_file(adoption_notice(&scheme)));
                plan.adopted_scheme = Some(preset);
                let (id, added) = match stored {
                    Some(id) => (id, None),
                    None => {
                        let id = self.new_id();
                        let row = classification_scheme::Model {
                            id,
                            org_id: actor.org_id,
                            name: scheme.name.clone(),
                            preset: Some(preset.code().to_owned()),
                            body: String::new(),
                            active: true,
                            created_at: self.now(),
                            updated_at: self.now(),
                        };
                        (id, Some((row, scheme.clone())))
                    }
                };
                if commit {
                    match stored {
                        Some(id) => {
                            mamori_store::classification::activate(conn, actor.org_id, id).await?
                        }
                        None => self.insert_preset(conn, actor, id, preset, true).await?,
                    }
                    self.audit(
                        conn,
                        actor,
                        "classification_scheme.activate",
                        "classification_scheme",
                        &id.to_string(),
                        vec![
                            Change {
                                field: "active".into(),
                                before: Some(serde_json::json!(from)),
                                after: Some(serde_json::json!(scheme.name)),
                            },
                            Change {
                                field: "reason".into(),
                                before: None,
                                after: Some(serde_json::json!("asset.import")),
                            },
                        ],
                    )
                    .await?;
                }
                Ok(Some(schemes.with_active(id, added)))
            }
        }
    }
}

/// The preview's notice for an organization taking the file's scheme.
fn adoption_notice(scheme: &Scheme) -> Problem {
    let name_en = scheme.preset.map(|p| p.label_en()).unwrap_or(&scheme.name);
    Problem::new(
        format!(
            "この台帳は{name}の区分（{scales}）で書かれています。この組織の分類基準を{name}にして取り込みます。",
            name = scheme.name,
            scales = scheme.scales_text("ja"),
        ),
        format!(
            "This ledger is written in the levels of the {name_en} ({scales}). The organization's classification scheme becomes the {name_en} with this import.",
            scales = scheme.scales_text("en"),
        ),
    )
}

/// Why a ledger in another scheme is refused once assets are classified, and the two
/// ways forward: move the register to the file's scheme, or rewrite the file's levels.
fn refusal(preset: Preset, active: &Scheme, classified: u64) -> Problem {
    let fits = Scheme::preset(preset);
    let code = preset.code();
    let active_en = active.preset.map(|p| p.label_en()).unwrap_or(&active.name);
    Problem::new(
        format!(
            "この台帳は{fits_name}の区分（{fits_scales}）で書かれていますが、この組織の分類基準は{active_name}（{active_scales}）で、分類済みの資産が{classified}件あります。既存の資産を{fits_name}へ移すには、画面「分類基準」（/classification）で「分類基準を追加」から{fits_name}を追加して「この基準へ資産を移行」を選ぶか、コマンド mamori scheme add --preset {code} の後に mamori scheme migrate --to {code} を実行してから、もう一度取り込んでください。移さない場合は、台帳の区分を{active_name}の区分に書き直してください。",
            fits_name = fits.name,
            fits_scales = fits.scales_text("ja"),
            active_name = active.name,
            active_scales = active.scales_text("ja"),
        ),
        format!(
            "This ledger is written in the levels of the {fits_en} ({fits_scales}), but the organization classifies under the {active_en} ({active_scales}) and holds {classified} classified assets. To move the register to the {fits_en}, add it with \"Add scheme\" on the Classification schemes screen (/classification) and choose \"Move assets to this scheme\", or run `mamori scheme add --preset {code}` then `mamori scheme migrate --to {code}`, and import again; otherwise rewrite the ledger's levels in the {active_en}.",
            fits_en = preset.label_en(),
            fits_scales = fits.scales_text("en"),
            active_scales = active.scales_text("en"),
        ),
    )
}

/// When no preset reads the whole file: which presets read each column the active
/// scheme does not, so the rows' errors can be read against the scheme meant.
fn per_dimension_hint(written: &WrittenLevels, active: &Scheme) -> Option<Problem> {
    let mut ja = Vec::new();
    let mut en = Vec::new();
    for dim in Dimension::ALL {
        let values = written.of(dim);
        if values.iter().all(|v| active.parse_level(dim, v).is_ok()) {
            continue;
        }
        let fits: Vec<Preset> = Preset::ALL
            .iter()
            .copied()
            .filter(|p| {
                let s = Scheme::preset(*p);
                values.iter().all(|v| s.parse_level(dim, v).is_ok())
            })
            .collect();
        if fits.is_empty() {
            ja.push(format!(
                "{}の列はどの分類基準でも読めません",
                dim.label_ja()
            ));
            en.push(format!("the {} column fits no scheme", dim.label_en()));
        } else {
            let names = |lang: &str, sep: &str| {
                fits.iter()
                    .map(|p| p.label(lang))
                    .collect::<Vec<_>>()
                    .join(sep)
            };
            ja.push(format!(
                "{}の列は{}の区分で読めます",
                dim.label_ja(),
                names("ja", "・")
            ));
            en.push(format!(
                "the {} column fits the {}",
                dim.label_en(),
                names("en", " or the ")
            ));
        }
    }
    if ja.is_empty() {
        return None;
    }
    Some(Problem::new(
        format!(
            "この台帳の区分は、一つの分類基準ではすべて読めません（{}）。各行の誤りを確認してください。",
            ja.join("、")
        ),
        format!(
            "No one classification scheme reads every level of this ledger ({}). See the errors of each row.",
            en.join("; ")
        ),
    ))
}
