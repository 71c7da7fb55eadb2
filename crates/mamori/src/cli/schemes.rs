//! `mamori scheme …`: the organization's classification schemes, and moving assets
//! from one to another (previewed with `--dry-run`, audited per asset).

use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::Subcommand;
use mamori_domain::classification::{Dimension, Preset, SchemeMapping};

use super::shared::{DbArgs, explain, open_as_operator, sign};

#[derive(Subcommand)]
pub(crate) enum SchemeCommand {
    /// List the schemes, the active one marked with *.
    List,
    /// Add a preset scheme (mic2022, mic2024, ipa); it stays inactive until assets move to it.
    Add {
        #[arg(long)]
        preset: String,
    },
    /// Move every asset of the active scheme to another scheme, which becomes active.
    Migrate {
        /// Target scheme: its name or a preset code.
        #[arg(long)]
        to: String,
        /// Level mappings overriding the default, e.g. `c:3=3B` (repeatable).
        #[arg(long = "map")]
        maps: Vec<String>,
        /// Show what would change without changing it.
        #[arg(long)]
        dry_run: bool,
    },
}

fn parse_map(raw: &str, mapping: &mut SchemeMapping) -> Result<()> {
    let (dim, rest) = raw
        .split_once(':')
        .ok_or_else(|| anyhow!("--map {raw}: expected DIMENSION:FROM=TO, e.g. c:3=3B"))?;
    let (from, to) = rest
        .split_once('=')
        .ok_or_else(|| anyhow!("--map {raw}: expected DIMENSION:FROM=TO, e.g. c:3=3B"))?;
    let dim = Dimension::parse(dim).map_err(|p| anyhow!("--map {raw}: {} / {}", p.ja, p.en))?;
    mapping
        .for_dimension_mut(dim)
        .insert(from.trim().to_owned(), to.trim().to_owned());
    Ok(())
}

pub(crate) async fn run(db: &DbArgs, cmd: SchemeCommand) -> Result<ExitCode> {
    let (app, actor) = open_as_operator(db).await?;
    let schemes = app.schemes(&actor).await.map_err(explain)?;
    match cmd {
        SchemeCommand::List => {
            for (m, s) in schemes.all() {
                let mark = if m.active { "*" } else { " " };
                let levels = |d: Dimension| {
                    s.scale(d)
                        .levels
                        .iter()
                        .rev()
                        .map(|l| l.code.as_str())
                        .collect::<Vec<_>>()
                        .join("/")
                };
                println!(
                    "{mark} {}  (C {}, I {}, A {})",
                    m.name,
                    levels(Dimension::C),
                    levels(Dimension::I),
                    levels(Dimension::A)
                );
            }
        }
        SchemeCommand::Add { preset } => {
            let preset = Preset::parse(&preset).map_err(|p| anyhow!("{} / {}", p.ja, p.en))?;
            app.add_preset_scheme(&actor, preset)
                .await
                .map_err(explain)?;
            println!("added: {}", preset.label_ja());
        }
        SchemeCommand::Migrate { to, maps, dry_run } => {
            let target = schemes
                .all()
                .into_iter()
                .find(|(m, _)| m.name == to || m.preset.as_deref() == Some(to.as_str()))
                .map(|(m, _)| m.id)
                .ok_or_else(|| anyhow!("no scheme named {to}; see `mamori scheme list`"))?;
            let from = schemes.active_id();
            let mapping = if maps.is_empty() {
                None
            } else {
                let (Some(src), Some(dst)) = (schemes.get(from), schemes.get(target)) else {
                    return Err(anyhow!("unknown scheme"));
                };
                let mut m = src.default_mapping(dst);
                for raw in &maps {
                    parse_map(raw, &mut m)?;
                }
                Some(m)
            };
            let preview = app
                .migrate_scheme(&actor, from, target, mapping, !dry_run)
                .await
                .map_err(explain)?;
            for c in &preview.counts {
                println!(
                    "  {} {} → {}: {} assets",
                    c.dimension.label_ja(),
                    c.from,
                    c.to,
                    c.assets
                );
            }
            let verb = if preview.committed {
                "migrated"
            } else {
                "would migrate (dry run)"
            };
            println!("{verb}: {} assets", preview.assets);
        }
    }
    sign(&app).await?;
    Ok(ExitCode::SUCCESS)
}
