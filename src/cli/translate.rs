//! `khulasa translate`: the English of the chosen sentences of articles, from the configured
//! translation backend; and the translation flags that `build` shares.

use std::io::Write;

use anyhow::{Result, bail};
use khulasa::build::Observer;
use khulasa::config::Config;
use khulasa::digest::{self, DigestOptions, SentenceView};
use khulasa::pipeline;

use super::args::{TranslateArgs, TranslateCmdArgs, TranslateFormat};
use super::console::Console;
use super::{exit_code, explain, load_config};

/// `--translate`, `--translate-url` and `--cache-dir` over the configuration.
pub fn apply_flags(config: &mut Config, a: &TranslateArgs) -> Result<()> {
    if let Some(b) = &a.translate {
        config.translate.backend = match b.as_str() {
            "none" => None,
            name => Some(name.parse().map_err(anyhow::Error::msg)?),
        };
    }
    if let Some(u) = &a.translate_url {
        config.translate.url = Some(u.clone());
    }
    if let Some(d) = &a.cache_dir {
        config.translate.cache_dir = Some(d.clone());
    }
    Ok(())
}

pub fn run(a: TranslateCmdArgs) -> Result<i32> {
    let mut config = load_config(&a.common)?;
    apply_flags(&mut config, &a.translate)?;
    a.budget.apply(&mut config);
    config.validate().map_err(anyhow::Error::msg)?;
    if config.translate.backend.is_none() {
        bail!(
            "no translation backend: set `backend` in the [translate] table of the configuration, or pass --translate BACKEND"
        );
    }
    let mut console = Console::new(a.common.quiet, a.common.timings);
    let loaded = khulasa::build::load(&config, &a.files, &mut console).map_err(explain)?;
    let summary = pipeline::summarize_themes(
        &loaded.docs,
        config.method,
        &config.effective_budget(),
        &config.weights,
        None,
    );
    let date = chrono::Local::now().format("%Y-%m-%d").to_string();
    let opts = DigestOptions {
        themes: None,
        ..khulasa::build::digest_options(&config, &date)
    };
    let mut digest = digest::build(
        &loaded.docs,
        &summary,
        &loaded.engine,
        &loaded.problems,
        &opts,
    );
    let mut warnings = Vec::new();
    let stats = khulasa::build::translate(&mut digest, &config, &mut warnings);
    for w in &warnings {
        console.warning(w);
    }
    console.report_timings();

    // Each chosen sentence once, in document order.
    let order = |id: &str| digest.documents.iter().position(|d| d.id == id);
    let mut sentences: Vec<&SentenceView> = Vec::new();
    for s in digest.themes.iter().flat_map(|t| &t.sentences) {
        if !sentences
            .iter()
            .any(|v| v.doc == s.doc && v.index == s.index)
        {
            sentences.push(s);
        }
    }
    sentences.sort_by_key(|s| (order(&s.doc), s.index));

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match a.format {
        TranslateFormat::Text => {
            for s in &sentences {
                writeln!(out, "{} {}", s.doc, s.index + 1)?;
                writeln!(out, "{}", s.text)?;
                match &s.translation {
                    Some(t) => {
                        writeln!(out, "{}", t.text)?;
                        for w in &t.warnings {
                            writeln!(out, "! {w}")?;
                        }
                    }
                    None => writeln!(out, "(not translated) {}", s.gist)?,
                }
                writeln!(out)?;
            }
        }
        TranslateFormat::Json => {
            let list: Vec<serde_json::Value> = sentences
                .iter()
                .map(|s| {
                    serde_json::json!({
                        "doc": s.doc,
                        "index": s.index,
                        "text": s.text,
                        "gist": s.gist,
                        "translation": s.translation,
                    })
                })
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&list)?)?;
        }
    }
    let untranslated = stats.as_ref().map_or(0, |t| t.failed);
    if !a.common.quiet
        && let Some(t) = &stats
    {
        eprintln!(
            "khulasa: {} of {} sentences translated ({} from the cache, {} request(s))",
            t.translated, t.sentences, t.cached, t.requests
        );
    }
    if config.strict && untranslated > 0 {
        eprintln!("khulasa: {untranslated} sentence(s) left untranslated and --strict is set");
        return Ok(1);
    }
    Ok(exit_code(loaded.problems.len()))
}
