//! The command line: flags → effective configuration → library calls → output and exit code.
//! It lives in the binary; the library knows nothing of it.
//!
//! Exit codes: 0 all inputs used; 1 some inputs skipped (reported on standard error), or
//! with `--strict` some sentences left untranslated; 2 nothing usable, a usage error or a fatal
//! error.

mod args;
mod build;
mod console;
mod eval;
mod listings;
mod templates;
mod translate;

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use clap::Parser;
use khulasa::Error;
use khulasa::build::Loaded;
use khulasa::config::Config;

use args::{Cli, Command, CommonArgs, RomanizeArgs};
use console::Console;

/// Run the command line; returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("khulasa: error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            2
        }
    }
}

fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Build(a) => build::run(a),
        Command::Summarize(a) => listings::summarize(a),
        Command::Entities(a) => listings::entities(a),
        Command::Glossary(a) => listings::glossary(a),
        Command::Themes(a) => listings::themes(a),
        Command::Translate(a) => translate::run(a),
        Command::Romanize(a) => romanize(a),
        Command::Templates(t) => templates::run(t),
        Command::Eval(e) => eval::run(e),
    }
}

/// The configuration file, or the defaults, with `--strict` over it.
fn load_config(common: &CommonArgs) -> Result<Config> {
    let mut c = match &common.config {
        Some(p) => Config::load(p)
            .with_context(|| format!("cannot load the configuration {}", p.display()))?,
        None => Config::default(),
    };
    if common.strict {
        c.strict = true;
    }
    Ok(c)
}

/// Configuration, data, and the articles read and analyzed: the common start of the commands
/// that list what a stage found (`build` has its own, as flags change its configuration).
fn load(files: &[PathBuf], common: &CommonArgs) -> Result<(Config, Loaded)> {
    let config = load_config(common)?;
    let mut console = Console::new(common.quiet, common.timings);
    let loaded = khulasa::build::load(&config, files, &mut console).map_err(explain)?;
    console.report_timings();
    Ok((config, loaded))
}

/// [`load`] keeping of each document what a summary needs ([`khulasa::build::load_day`]),
/// analyzing in full only the documents of the `leading` stories the configuration gives.
fn load_day(
    files: &[PathBuf],
    common: &CommonArgs,
    leading: impl FnOnce(&Config) -> Option<usize>,
) -> Result<(Config, khulasa::build::LoadedDay)> {
    let config = load_config(common)?;
    let leading = leading(&config);
    let mut console = Console::new(common.quiet, common.timings);
    let loaded =
        khulasa::build::load_day_leading(&config, files, leading, &mut console).map_err(explain)?;
    console.report_timings();
    Ok((config, loaded))
}

/// A library error, with the context the command line gives it.
fn explain(e: Error) -> anyhow::Error {
    match e {
        Error::Data { .. } => anyhow::Error::new(e).context("cannot load the data files"),
        Error::Strict { skipped } => anyhow!("{skipped} input(s) skipped and --strict is set"),
        e => e.into(),
    }
}

/// 1 when some inputs were skipped, else 0.
fn exit_code(skipped: usize) -> i32 {
    if skipped > 0 { 1 } else { 0 }
}

/// `khulasa romanize`: one line per name, from the arguments or standard input.
fn romanize(a: RomanizeArgs) -> Result<i32> {
    let config = match &a.config {
        Some(p) => Config::load(p)
            .with_context(|| format!("cannot load the configuration {}", p.display()))?,
        None => Config::default(),
    };
    let resources =
        khulasa::Resources::from_config(&config).context("cannot load the data files")?;
    let r = resources.recognizer.romanizer();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if a.names.is_empty() {
        for line in std::io::stdin().lock().lines() {
            let line = line.context("cannot read standard input")?;
            writeln!(out, "{}", r.romanize(line.trim()))?;
        }
    } else {
        for n in &a.names {
            writeln!(out, "{}", r.romanize(n))?;
        }
    }
    Ok(0)
}

fn read(p: &Path) -> Result<String> {
    std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))
}
