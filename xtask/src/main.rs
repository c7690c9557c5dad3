//! `cargo xtask`: the grader of mlmath-gaps and the maintainers' tools.
//!
//! Exit codes: 0 done; 1 `grade --check` found a selected task unsolved, or `verify` found a
//! failing check; 2 the command could not run (unknown task, bad arguments, a missing or
//! damaged file), with a one-line error that says what to do.

mod bench;
mod cargo_build;
mod clock;
mod coverage;
mod curriculum;
mod error;
mod fingerprint;
mod grade;
mod json_report;
mod libtest;
mod mutants;
mod progress;
mod progress_bar;
mod render;
mod reset;
mod scaffold;
mod test_run;
mod verify;
mod watch;
mod workspace;

use std::process::ExitCode;
use std::time::Duration;

use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};

use crate::curriculum::Curriculum;
use crate::error::{Error, Result};
use crate::grade::{GradeOptions, Status};
use crate::progress::Progress;
use crate::render::Style;
use crate::workspace::Workspace;

fn cli() -> Command {
    let task_id = || {
        Arg::new("task")
            .value_name("TASK")
            .help("A task id, e.g. linalg_008_logsumexp")
    };
    Command::new("xtask")
        .bin_name("cargo xtask")
        .about("Grade the mlmath-gaps exercises and check the project")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(
            Command::new("grade")
                .about("Build and grade every task (or one), and record progress")
                .arg(task_id().required(false))
                .arg(Arg::new("json").long("json").action(ArgAction::SetTrue)
                    .help("Print the result as JSON (schema: docs/grade-json.md)"))
                .arg(Arg::new("check").long("check").action(ArgAction::SetTrue)
                    .help("Exit with code 1 unless every selected task is solved"))
                .arg(Arg::new("time-limit").long("time-limit").value_name("SECONDS")
                    .value_parser(value_parser!(u64).range(1..))
                    .help("Stop each task's hidden tests after this many seconds"))
                .arg(Arg::new("force").long("force").action(ArgAction::SetTrue)
                    .help("Grade again even the tasks that did not change since their last grade"))
                .arg(Arg::new("reset-progress").long("reset-progress").action(ArgAction::SetTrue)
                    .help("Start a new progress file if the old one cannot be read (it is kept as a backup)")),
        )
        .subcommand(
            Command::new("watch")
                .about("Grade a task on every save; move on to the next when it is solved")
                .arg(task_id().required(false)),
        )
        .subcommand(Command::new("list").about("Every task in suggested order, with its status"))
        .subcommand(
            Command::new("report")
                .about("Completion per category and per gap topic of the source document")
                .arg(Arg::new("markdown").long("markdown").value_name("FILE")
                    .value_parser(value_parser!(std::path::PathBuf))
                    .help("Also write the report as Markdown to FILE")),
        )
        .subcommand(
            Command::new("reset")
                .about("Restore a task's stub; your file is kept beside it as a backup")
                .arg(task_id().required(true)),
        )
        .subcommand(Command::new("show").about("Print a task's statement").arg(task_id().required(true)))
        .subcommand(Command::new("hint").about("Show the next hint of a task").arg(task_id().required(true)))
        .subcommand(
            Command::new("bench")
                .about("Time grading on this machine next to the equivalent plain cargo commands (takes minutes)")
                .arg(task_id().required(false).help("The task to edit and re-grade (default: the first)")),
        )
        .subcommand(
            Command::new("new")
                .about("Maintainers: lay out the five places of a new task and its curriculum entry")
                .arg(task_id().required(true)),
        )
        .subcommand(
            Command::new("verify")
                .about("Maintainers: reference passes, stub fails every hidden test, every mutant is caught")
                .arg(task_id().required(false)),
        )
}

fn main() -> ExitCode {
    let matches = cli().get_matches();
    match run(&matches) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(matches: &ArgMatches) -> Result<ExitCode> {
    let ws = Workspace::discover()?;
    let curriculum = Curriculum::load(&ws)?;
    let task_arg = |m: &ArgMatches| m.get_one::<String>("task").cloned();
    match matches.subcommand() {
        Some(("grade", m)) => grade_command(&ws, &curriculum, m),
        Some(("list", _)) => {
            let progress = Progress::load(&ws.progress_file())?;
            print!(
                "{}",
                render::task_list(&curriculum, &progress, Style::detect())
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(("show", m)) => {
            let task = curriculum.task(&task_arg(m).unwrap_or_default())?;
            let path = ws.statement(&task.id);
            let text = std::fs::read_to_string(&path).map_err(|e| {
                Error::msg(format!(
                    "cannot read {}: {e}; restore it with `git checkout -- {}`",
                    path.display(),
                    ws.relative(&path).display()
                ))
            })?;
            print!("{text}");
            let list = |ids: &[String]| {
                if ids.is_empty() {
                    "none".to_string()
                } else {
                    ids.join(", ")
                }
            };
            println!(
                "\n---\n{} · {} · {} · gap topic {}",
                task.id,
                task.difficulty.as_str(),
                task.category,
                task.gap_topic
            );
            println!(
                "Prerequisites: {}\nRelated: {}",
                list(&task.prerequisites),
                list(&task.related)
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(("watch", m)) => {
            watch::watch(&ws, &curriculum, task_arg(m).as_deref(), Style::detect())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(("report", m)) => {
            let progress = Progress::load(&ws.progress_file())?;
            print!("{}", coverage::text(&curriculum, &progress));
            if let Some(path) = m.get_one::<std::path::PathBuf>("markdown") {
                std::fs::write(path, coverage::markdown(&curriculum, &progress))
                    .map_err(|e| Error::msg(format!("cannot write {}: {e}", path.display())))?;
                eprintln!("wrote {}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(("reset", m)) => {
            let task = curriculum.task(&task_arg(m).unwrap_or_default())?;
            match reset::reset_task(&ws, &task.id)? {
                Some(backup) => println!(
                    "crates/{}/src/lib.rs is the stub again; your version is saved as {}",
                    task.id,
                    ws.relative(&backup).display()
                ),
                None => println!(
                    "crates/{}/src/lib.rs already is the stub as shipped; nothing changed",
                    task.id
                ),
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(("hint", m)) => hint_command(&ws, &curriculum, &task_arg(m).unwrap_or_default()),
        Some(("bench", m)) => {
            print!(
                "{}",
                bench::bench(&ws, &curriculum, task_arg(m).as_deref())?
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(("new", m)) => {
            let id = task_arg(m).unwrap_or_default();
            for path in scaffold::new_task(&ws, &id)? {
                println!("wrote {}", path.display());
            }
            println!(
                "Next: fill in every TODO (docs/authoring-a-task.md), then `cargo xtask verify {id}`."
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(("verify", m)) => {
            let tasks = curriculum.select(task_arg(m).as_deref())?;
            let checks = verify::verify(&ws, &tasks)?;
            print!("{}", verify::render(&checks));
            Ok(if checks.iter().all(|c| c.ok) {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        _ => unreachable!("clap requires a known subcommand"),
    }
}

fn grade_command(ws: &Workspace, curriculum: &Curriculum, m: &ArgMatches) -> Result<ExitCode> {
    let selected = m.get_one::<String>("task").map(String::as_str);
    let tasks = curriculum.select(selected)?;
    let path = ws.progress_file();
    // Read progress before building anything: a damaged file stops us before any work.
    let (mut progress, backup) = Progress::load_or_reset(&path, m.get_flag("reset-progress"))?;
    if let Some(backup) = backup {
        eprintln!(
            "note: the unreadable progress file was moved to {}",
            backup.display()
        );
    }
    let options = GradeOptions {
        time_limit: m
            .get_one::<u64>("time-limit")
            .map(|s| Duration::from_secs(*s)),
        force: m.get_flag("force"),
        show_progress: !m.get_flag("json"),
    };
    let json = m.get_flag("json");
    if !json {
        eprintln!(
            "Grading {} task{}...",
            tasks.len(),
            if tasks.len() == 1 { "" } else { "s" }
        );
    }
    let graded = grade::grade(ws, &tasks, &options, &progress)?;
    let now = clock::now_rfc3339();
    for g in graded.iter().filter(|g| !g.result.cached) {
        progress.record(&g.result, &g.fingerprint, &now);
    }
    progress.save(&path)?;
    let results: Vec<_> = graded.into_iter().map(|g| g.result).collect();
    if json {
        println!(
            "{}",
            json_report::grade_json(curriculum, &results, &progress)
        );
    } else {
        print!(
            "{}",
            render::grade_report(
                curriculum,
                &results,
                &progress,
                selected.is_some(),
                Style::detect()
            )
        );
    }
    let all_solved = results.iter().all(|r| r.status == Status::Solved);
    Ok(if m.get_flag("check") && !all_solved {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn hint_command(ws: &Workspace, curriculum: &Curriculum, id: &str) -> Result<ExitCode> {
    let task = curriculum.task(id)?;
    let path = ws.progress_file();
    let mut progress = Progress::load(&path)?;
    let entry = progress.task_mut(&task.id);
    let total = task.hints.len();
    if entry.hints_shown < total {
        entry.hints_shown += 1;
    }
    let shown = entry.hints_shown;
    for (i, hint) in task.hints.iter().enumerate().take(shown) {
        println!("Hint {} of {total}: {hint}\n", i + 1);
    }
    if shown == total {
        println!(
            "That was the last hint. The statement is `cargo xtask show {}`.",
            task.id
        );
    } else {
        println!("`cargo xtask hint {}` again shows the next one.", task.id);
    }
    progress.save(&path)?;
    Ok(ExitCode::SUCCESS)
}
