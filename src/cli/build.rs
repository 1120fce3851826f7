//! `khulasa build`: the flags turned into a configuration, one library call, one line of
//! summary.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use khulasa::Error;
use khulasa::build::Report;
use khulasa::config::Config;
use khulasa::publish;

use super::args::BuildArgs;
use super::console::Console;
use super::{exit_code, explain, load_config};

pub fn run(a: BuildArgs) -> Result<i32> {
    let config = configure(&a)?;
    let date = date(a.date)?;
    let inputs = inputs(a.inputs);
    let mut console = Console::new(a.common.quiet, a.common.timings);
    let report = khulasa::build::build(&config, &inputs, &date, &mut console)
        .map_err(|e| in_context(e, &config.out))?;
    console.report_timings();
    if !a.common.quiet {
        eprintln!("khulasa: {}", summary(&report));
    }
    let untranslated = report.translation.as_ref().map_or(0, |t| t.failed);
    if config.strict && untranslated > 0 {
        eprintln!("khulasa: {untranslated} sentence(s) left untranslated and --strict is set");
        return Ok(1);
    }
    Ok(exit_code(report.problems.len()))
}

/// The configuration file (or the defaults) with the flags over it.
fn configure(a: &BuildArgs) -> Result<Config> {
    let mut config = load_config(&a.common)?;
    if let Some(o) = &a.out {
        config.out = o.clone();
    }
    if let Some(u) = &a.base_url {
        config.base_url = Some(u.clone());
    }
    if let Some(t) = &a.templates {
        config.templates = Some(t.clone());
    }
    if let Some(au) = &a.audience {
        config.audience = au.clone();
    }
    if let Some(f) = &a.format {
        config.formats = f
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
    }
    a.budget.apply(&mut config);
    super::translate::apply_flags(&mut config, &a.translate)?;
    if let Some(g) = &a.glossary {
        config.glossary = g.parse().map_err(anyhow::Error::msg)?;
    }
    match a.analyze.as_deref() {
        Some("all") => config.leading_stories = Some(0),
        Some(_) if config.leading_stories == Some(0) => config.leading_stories = None,
        _ => {}
    }
    config.validate().map_err(anyhow::Error::msg)?;
    Ok(config)
}

/// The `--date`, checked, or today.
fn date(flag: Option<String>) -> Result<String> {
    match flag {
        Some(d) if publish::valid_date(&d) => Ok(d),
        Some(d) => bail!("invalid --date {d:?}: use YYYY-MM-DD"),
        None => Ok(chrono::Local::now().format("%Y-%m-%d").to_string()),
    }
}

/// The inputs, `seeds` when none is given.
fn inputs(given: Vec<PathBuf>) -> Vec<PathBuf> {
    if given.is_empty() {
        vec![PathBuf::from("seeds")]
    } else {
        given
    }
}

/// A build error, with the context of the step that failed.
fn in_context(e: Error, out: &Path) -> anyhow::Error {
    match e {
        Error::Output { .. } | Error::Template { .. } => {
            anyhow::Error::new(e).context(format!("cannot publish the digest to {}", out.display()))
        }
        e => explain(e),
    }
}

/// What was read, chosen and written.
fn summary(r: &Report) -> String {
    let translated = match &r.translation {
        Some(t) => format!(
            ", {} of {} translated ({} from the cache, {} request(s))",
            t.translated, t.sentences, t.cached, t.requests
        ),
        None => String::new(),
    };
    format!(
        "{} documents read, {} sentences chosen{translated}, {} entities; wrote {} files to {}",
        r.stats.documents,
        r.stats.chosen,
        r.stats.entities,
        r.files.len(),
        r.day.display()
    )
}
