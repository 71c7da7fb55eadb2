//! `mamori sync staff`: brings the staff register in step with the directory, or with
//! `--dry-run` shows what it would change. It stops, changing nothing, when an entry
//! cannot be taken or too many people would be retired.

use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;
use mamori_app::directory::{SyncLine, SyncReport};
use mamori_domain::directory::DEFAULT_MAX_RETIRE_PERCENT;

use super::directory::DirectoryArgs;
use super::shared::{DbArgs, explain, open_with, operator};

#[derive(Subcommand)]
pub(crate) enum SyncCommand {
    /// Staff from the directory: new people, changes and moves, leavers retired.
    Staff {
        /// Show what would change, and change nothing.
        #[arg(long)]
        dry_run: bool,
        /// The largest share (percent) of current staff one sync may retire.
        #[arg(long, default_value_t = DEFAULT_MAX_RETIRE_PERCENT)]
        max_retire_percent: u32,
        #[command(flatten)]
        directory: DirectoryArgs,
    },
}

/// Lines printed per kind of change; the counts say the rest.
const SHOWN: usize = 50;

fn print_lines(title: &str, lines: &[SyncLine]) {
    if lines.is_empty() {
        return;
    }
    println!("{title}: {}", lines.len());
    for l in lines.iter().take(SHOWN) {
        let changes: Vec<String> = l
            .changes
            .iter()
            .map(|c| {
                let v = |x: &Option<serde_json::Value>| {
                    x.as_ref().map(|v| v.to_string()).unwrap_or_default()
                };
                format!("{}: {} → {}", c.field, v(&c.before), v(&c.after))
            })
            .collect();
        if changes.is_empty() {
            println!("  {} {}", l.employee_number, l.name);
        } else {
            println!(
                "  {} {} ({})",
                l.employee_number,
                l.name,
                changes.join(", ")
            );
        }
    }
    if lines.len() > SHOWN {
        println!(
            "  … {} more / ほか {} 人",
            lines.len() - SHOWN,
            lines.len() - SHOWN
        );
    }
}

fn print_report(r: &SyncReport) {
    println!("ディレクトリの項目 / directory entries: {}", r.read);
    print_lines("追加 / new", &r.created);
    print_lines("変更 / changed", &r.updated);
    print_lines("退職 / retired", &r.retired);
    print_lines(
        "ディレクトリにないが残す（ローカルアカウント・委託事業者）/ kept though not in the directory",
        &r.kept,
    );
    println!("変更なし / unchanged: {}", r.unchanged);
    if r.roles_changed > 0 {
        println!(
            "グループによる役割の変更 / roles changed by groups: {}",
            r.roles_changed
        );
    }
}

pub(crate) async fn run(db: &DbArgs, cmd: SyncCommand) -> Result<ExitCode> {
    match cmd {
        SyncCommand::Staff {
            dry_run,
            max_retire_percent,
            directory,
        } => {
            let app = open_with(db, mamori_app::AppConfig::default(), None).await?;
            let app = directory.sign_in_through(app)?;
            let actor = operator(&app, db).await?;
            let report = app
                .sync_staff_from_directory(&actor, dry_run, max_retire_percent)
                .await
                .map_err(explain)?;
            print_report(&report);
            if !report.is_ok() {
                for p in &report.problems {
                    eprintln!("error: {}\n       {}", p.ja, p.en);
                }
                eprintln!("何も変更していません / nothing was changed");
                return Ok(ExitCode::from(1));
            }
            if report.applied {
                println!("同期しました / synced");
            } else {
                println!(
                    "確認のみ（--dry-run）：何も変更していません / dry run: nothing was changed"
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
