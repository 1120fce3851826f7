//! The commands that list what a stage found: `summarize`, `entities`, `glossary`, `themes`.
//! Their JSON comes from the library's [`khulasa::listing`]; the text, Markdown and TSV
//! forms are printed here.

use std::io::Write;

use anyhow::{Result, bail};
use khulasa::entities::{self, GlossaryEntry};
use khulasa::listing;
use khulasa::pipeline::{self, Analyzed, Summary};
use khulasa::render::escape_markdown;
use khulasa::summarize::Budget;
use khulasa::text;

use super::args::{
    BudgetArgs, EntityFormat, GlossaryFormat, ListArgs, SummarizeArgs, SummaryFormat, ThemeFormat,
};
use super::{exit_code, load, load_day};

/// `khulasa summarize`: the chosen sentences.
pub fn summarize(a: SummarizeArgs) -> Result<i32> {
    let budget = budget(&a.budget)?;
    let (method, summary, docs, skipped) = if a.explain {
        // Every sentence is listed: every document is analyzed and kept.
        let (config, loaded) = load(&a.files, &a.common)?;
        let method = a.budget.method.unwrap_or(config.method);
        let summary = pipeline::summarize(&loaded.docs, method, &budget, &config.weights);
        (method, summary, loaded.docs, loaded.problems.len())
    } else {
        let all = a.analyze.as_deref() == Some("all");
        let (config, loaded) = load_day(&a.files, &a.common, |c| {
            if all {
                None
            } else {
                c.leading_stories_for(&budget)
            }
        })?;
        let method = a.budget.method.unwrap_or(config.method);
        let summary = pipeline::summarize_day(&loaded.day, method, &budget, &config.weights, None);
        let docs = loaded.day.chosen_analyses(&loaded.engine, &summary);
        (method, summary, docs, loaded.problems.len())
    };
    let docs = &docs;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match a.format {
        SummaryFormat::Text => {
            for (d, s) in in_document_order(&summary) {
                writeln!(out, "{}", text::display(&docs[d].sentences[s].text))?;
            }
        }
        SummaryFormat::Md => write_summary_markdown(&mut out, docs, &summary)?,
        SummaryFormat::Json => {
            let listing = listing::summary(docs, &summary, method, a.explain);
            writeln!(out, "{}", listing.to_json()?)?;
        }
    }
    Ok(exit_code(skipped))
}

/// The budget of the flags; five sentences when none is given.
fn budget(flags: &BudgetArgs) -> Result<Budget> {
    let budget = flags.budget().unwrap_or(Budget {
        max_sentences: Some(5),
        ..Budget::default()
    });
    if let Some(r) = budget.ratio
        && !(r > 0.0 && r <= 1.0)
    {
        bail!("--ratio must be in (0, 1], not {r}");
    }
    Ok(budget)
}

/// The chosen sentences as (document, sentence) indexes, in document order.
fn in_document_order(summary: &Summary) -> Vec<(usize, usize)> {
    let mut chosen: Vec<usize> = summary.chosen.iter().map(|c| c.candidate).collect();
    chosen.sort();
    chosen
        .into_iter()
        .map(|i| (summary.candidates[i].doc, summary.candidates[i].index))
        .collect()
}

/// The chosen sentences as Markdown: a heading per document (its title, else its path), a
/// list item per sentence.
fn write_summary_markdown(
    out: &mut impl Write,
    docs: &[Analyzed],
    summary: &Summary,
) -> Result<()> {
    let mut last_doc = None;
    for (d, s) in in_document_order(summary) {
        if last_doc != Some(d) {
            let doc = &docs[d].doc;
            writeln!(
                out,
                "{}## {}\n",
                if last_doc.is_none() { "" } else { "\n" },
                escape_markdown(doc.title.as_deref().unwrap_or(&doc.path))
            )?;
            last_doc = Some(d);
        }
        writeln!(
            out,
            "- {}",
            escape_markdown(&text::display(&docs[d].sentences[s].text))
        )?;
    }
    Ok(())
}

/// `khulasa entities`: every mention.
pub fn entities(a: ListArgs<EntityFormat>) -> Result<i32> {
    let (_, loaded) = load(&a.files, &a.common)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match a.format {
        EntityFormat::Json => writeln!(out, "{}", listing::entities(&loaded.docs).to_json()?)?,
        EntityFormat::Tsv => write_entities_tsv(&mut out, &loaded.docs)?,
    }
    Ok(exit_code(loaded.problems.len()))
}

fn write_entities_tsv(out: &mut impl Write, docs: &[Analyzed]) -> Result<()> {
    writeln!(out, "file\tstart\tend\ttext\ttype\tenglish\tkey\tform")?;
    for d in docs {
        for m in d.mentions() {
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                d.doc.path,
                m.start,
                m.end,
                text::display(&m.text),
                m.etype.as_str(),
                m.english,
                m.key,
                if m.form == entities::Form::Name {
                    "name"
                } else {
                    "adjective"
                }
            )?;
        }
    }
    Ok(())
}

/// `khulasa glossary`: the entity glossary.
pub fn glossary(a: ListArgs<GlossaryFormat>) -> Result<i32> {
    let (_, loaded) = load(&a.files, &a.common)?;
    let glossary = listing::glossary(&loaded.docs, &loaded.engine);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match a.format {
        GlossaryFormat::Json => writeln!(out, "{}", glossary.to_json()?)?,
        GlossaryFormat::Md => write_glossary_markdown(&mut out, &glossary.0)?,
    }
    Ok(exit_code(loaded.problems.len()))
}

fn write_glossary_markdown(out: &mut impl Write, glossary: &[GlossaryEntry]) -> Result<()> {
    writeln!(
        out,
        "| English | Type | Arabic | Role | Description | Mentions |\n| --- | --- | --- | --- | --- | --- |"
    )?;
    let esc = escape_markdown;
    for e in glossary {
        writeln!(
            out,
            "| {}{} | {} | {} | {} | {} | {} |",
            esc(&e.english),
            if e.romanized { " (romanized)" } else { "" },
            e.etype.as_str(),
            esc(&e.arabic.join("، ")),
            esc(e.role.as_deref().unwrap_or("")),
            esc(e.description.as_deref().unwrap_or("")),
            e.mentions
        )?;
    }
    Ok(())
}

/// `khulasa themes`: every sentence with its themes.
pub fn themes(a: ListArgs<ThemeFormat>) -> Result<i32> {
    let (_, loaded) = load(&a.files, &a.common)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match a.format {
        ThemeFormat::Json => writeln!(out, "{}", listing::themes(&loaded.docs).to_json()?)?,
        ThemeFormat::Tsv => write_themes_tsv(&mut out, &loaded.docs)?,
    }
    Ok(exit_code(loaded.problems.len()))
}

fn write_themes_tsv(out: &mut impl Write, docs: &[Analyzed]) -> Result<()> {
    writeln!(out, "file\tindex\tprimary\tthemes\ttext")?;
    for d in docs {
        for s in &d.sentences {
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}",
                d.doc.path,
                s.index,
                s.themes.primary,
                s.themes.themes.join(","),
                text::display(&s.text)
            )?;
        }
    }
    Ok(())
}
