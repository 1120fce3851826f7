//! The command line: flags → effective configuration → library calls → output and exit code.
//!
//! Exit codes: 0 all inputs used; 1 some inputs skipped (reported on standard error);
//! 2 nothing usable, a usage error or a fatal error.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::Config;
use crate::digest::{self, DigestOptions};
use crate::ingest::{self, IngestOptions, Ingested};
use crate::pipeline::{self, Analyzed, Engine};
use crate::render::{self, Renderer};
use crate::summarize::{Budget, Method};
use crate::{entities, eval, publish, text};

/// khulasa: daily English-reader digests of Arabic news articles.
#[derive(Debug, Parser)]
#[command(name = "khulasa", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the day's digest (Markdown, HTML, JSON) and refresh the archive.
    Build(BuildArgs),
    /// Print the chosen sentences of articles.
    Summarize(SummarizeArgs),
    /// Print every entity mention.
    Entities(ListArgs<EntityFormat>),
    /// Print the entity glossary.
    Glossary(ListArgs<GlossaryFormat>),
    /// Print every sentence with its themes.
    Themes(ListArgs<ThemeFormat>),
    /// Romanize Arabic names (arguments, or one per line on standard input).
    Romanize(RomanizeArgs),
    /// Work with the templates.
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// Measure khulasa on evaluation data.
    #[command(subcommand)]
    Eval(EvalCommand),
}

/// Options shared by the commands that read articles.
#[derive(Debug, Args, Clone)]
pub struct CommonArgs {
    /// Configuration file (TOML).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Treat any skipped input as a failure.
    #[arg(long)]
    pub strict: bool,
    /// No progress or summary output on standard error.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the time each stage took to standard error.
    #[arg(long)]
    pub timings: bool,
}

/// Peak resident memory of the process so far, in MB (Linux; `None` elsewhere).
fn peak_memory_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

/// Wall time per stage, printed to standard error at the end with `--timings`.
struct Stopwatch {
    on: bool,
    start: std::time::Instant,
    last: std::time::Instant,
    laps: Vec<(&'static str, std::time::Duration, Option<u64>)>,
}

impl Stopwatch {
    fn new(on: bool) -> Stopwatch {
        let now = std::time::Instant::now();
        Stopwatch {
            on,
            start: now,
            last: now,
            laps: Vec::new(),
        }
    }

    /// Close the stage that ran since the last lap.
    fn lap(&mut self, stage: &'static str) {
        let now = std::time::Instant::now();
        self.laps.push((stage, now - self.last, peak_memory_mb()));
        self.last = now;
    }

    fn report(&self) {
        if !self.on {
            return;
        }
        for (stage, d, mem) in &self.laps {
            match mem {
                Some(mb) => eprintln!(
                    "khulasa: {stage:<10} {:>8.3} s   peak memory so far {mb:>5} MB",
                    d.as_secs_f64()
                ),
                None => eprintln!("khulasa: {stage:<10} {:>8.3} s", d.as_secs_f64()),
            }
        }
        eprintln!(
            "khulasa: {:<10} {:>8.3} s",
            "total",
            self.start.elapsed().as_secs_f64()
        );
    }
}

#[derive(Debug, Args)]
pub struct BudgetArgs {
    /// Choose at most N sentences.
    #[arg(long, value_name = "N", conflicts_with_all = ["max_words", "ratio"])]
    pub max_sentences: Option<usize>,
    /// Choose at most N words.
    #[arg(long, value_name = "N", conflicts_with = "ratio")]
    pub max_words: Option<usize>,
    /// Choose this share of the sentences (0–1]; 1 keeps every sentence.
    #[arg(long, value_name = "R")]
    pub ratio: Option<f64>,
    /// Summarization method.
    #[arg(long, value_enum)]
    pub method: Option<Method>,
}

impl BudgetArgs {
    fn budget(&self) -> Option<Budget> {
        if self.max_sentences.is_none() && self.max_words.is_none() && self.ratio.is_none() {
            return None;
        }
        Some(Budget {
            max_sentences: self.max_sentences,
            max_words: self.max_words,
            ratio: self.ratio,
            cover_themes: false,
        })
    }
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Files or folders (walked recursively); `seeds` when none.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Output folder.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The digest's date (YYYY-MM-DD); today when not given.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Audience: picks templates/NAME/ (analyst, executive, public, ...).
    #[arg(long, value_name = "NAME")]
    pub audience: Option<String>,
    /// A folder of templates overriding the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Output formats, comma-separated: md, html, json.
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub format: Option<Vec<String>>,
    #[command(flatten)]
    pub budget: BudgetArgs,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum SummaryFormat {
    Text,
    Json,
    Md,
}

#[derive(Debug, Args)]
pub struct SummarizeArgs {
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub budget: BudgetArgs,
    #[arg(long, value_enum, default_value = "text")]
    pub format: SummaryFormat,
    /// With --format json: every sentence, ranked, with its score breakdown.
    #[arg(long)]
    pub explain: bool,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum EntityFormat {
    Json,
    Tsv,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum GlossaryFormat {
    Json,
    Md,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ThemeFormat {
    Json,
    Tsv,
}

#[derive(Debug, Args)]
pub struct ListArgs<F: ValueEnum + Clone + Send + Sync + 'static> {
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "json")]
    pub format: F,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Args)]
pub struct RomanizeArgs {
    /// Names in Arabic script; read from standard input, one per line, when none.
    pub names: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Write the built-in templates into DIR for customizing.
    Init {
        dir: PathBuf,
        /// Only this audience's templates (plus the shared ones they use).
        #[arg(long, value_name = "NAME")]
        audience: Option<String>,
        /// Overwrite existing files.
        #[arg(long)]
        force: bool,
    },
    /// List the built-in templates.
    List,
}

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Share of the human summaries' sentences that the segmenter returns whole.
    Segment { file: PathBuf },
    /// ROUGE-1/2/L of khulasa, lead and TextRank against human summaries.
    Rouge {
        file: PathBuf,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Precision, recall and F1 of entity recognition on an IOB2 JSON Lines corpus.
    Ner {
        file: PathBuf,
        /// Score every sentence, not only the held-out part.
        #[arg(long)]
        all: bool,
    },
    /// Exact match and character error rate of romanization on a TSV of name pairs.
    Romanize { file: PathBuf },
    /// Primary-theme accuracy on a hand-labelled TSV (label, source, sentence).
    Themes {
        file: PathBuf,
        #[command(flatten)]
        common: CommonArgs,
    },
}

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
        Command::Build(a) => build(a),
        Command::Summarize(a) => summarize(a),
        Command::Entities(a) => entities_cmd(a),
        Command::Glossary(a) => glossary_cmd(a),
        Command::Themes(a) => themes_cmd(a),
        Command::Romanize(a) => romanize_cmd(a),
        Command::Templates(t) => templates_cmd(t),
        Command::Eval(e) => eval_cmd(e),
    }
}

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

/// Read inputs, report problems on standard error, and fail when nothing is usable.
fn read_inputs(
    inputs: &[PathBuf],
    config: &Config,
    engine: &Engine,
    quiet: bool,
) -> Result<Ingested> {
    let opts = IngestOptions {
        chrome: std::sync::Arc::clone(&engine.resources.chrome),
        max_file_bytes: config.max_file_bytes.unwrap_or(ingest::MAX_FILE_BYTES),
        max_article_bytes: config
            .max_article_bytes
            .unwrap_or(ingest::MAX_ARTICLE_BYTES),
        ..IngestOptions::default()
    };
    let r = ingest::ingest(inputs, &opts);
    for p in &r.problems {
        eprintln!("khulasa: skipped {}: {}", p.path, p.reason);
    }
    if !quiet {
        for n in &r.notes {
            eprintln!("khulasa: note: {n}");
        }
    }
    if r.documents.is_empty() {
        bail!(
            "no usable Arabic article among the inputs ({} skipped)",
            r.problems.len()
        );
    }
    if config.strict && !r.problems.is_empty() {
        bail!("{} input(s) skipped and --strict is set", r.problems.len());
    }
    Ok(r)
}

/// What the commands that read articles start from.
struct Loaded {
    config: Config,
    engine: Engine,
    docs: Vec<Analyzed>,
    /// Number of inputs skipped.
    problems: usize,
}

/// Configuration, compiled data, articles read and analyzed: the common start of the
/// commands that read articles (`build` has its own, as flags change its configuration).
fn load_and_analyze(files: &[PathBuf], common: &CommonArgs) -> Result<Loaded> {
    let config = load_config(common)?;
    let engine = Engine::from_config(&config).context("cannot load the data files")?;
    let ing = read_inputs(files, &config, &engine, common.quiet)?;
    let problems = ing.problems.len();
    let docs = analyze(&engine, ing, common.quiet);
    Ok(Loaded {
        config,
        engine,
        docs,
        problems,
    })
}

fn exit_code(problems: usize) -> i32 {
    if problems > 0 { 1 } else { 0 }
}

/// Analyze the documents, with a progress bar on standard error for long runs (hidden when
/// standard error is not a terminal, or with --quiet).
fn analyze(engine: &Engine, ing: Ingested, quiet: bool) -> Vec<Analyzed> {
    use std::io::IsTerminal;
    let n = ing.documents.len() as u64;
    if quiet || n < 50 || !std::io::stderr().is_terminal() {
        return engine.analyze(ing.documents);
    }
    let pb = indicatif::ProgressBar::new(n);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} analyzing {pos}/{len} articles [{bar:30}] {elapsed} (eta {eta})",
    ) {
        pb.set_style(style.progress_chars("=> "));
    }
    let docs = engine.analyze_with(ing.documents, &|| pb.inc(1));
    pb.finish_and_clear();
    docs
}

fn build(a: BuildArgs) -> Result<i32> {
    let mut config = load_config(&a.common)?;
    if let Some(o) = a.out {
        config.out = o;
    }
    if let Some(t) = a.templates {
        config.templates = Some(t);
    }
    if let Some(au) = a.audience {
        config.audience = au;
    }
    if let Some(f) = a.format {
        config.formats = f
            .into_iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
    }
    if let Some(b) = a.budget.budget() {
        config.budget = Budget {
            cover_themes: config.budget.cover_themes,
            ..b
        };
        config
            .audiences
            .values_mut()
            .for_each(|au| au.budget = None);
    }
    if let Some(m) = a.budget.method {
        config.method = m;
    }
    config.validate().map_err(anyhow::Error::msg)?;
    let date = match a.date {
        Some(d) if publish::valid_date(&d) => d,
        Some(d) => bail!("invalid --date {d:?}: use YYYY-MM-DD"),
        None => chrono::Local::now().format("%Y-%m-%d").to_string(),
    };
    let inputs = if a.inputs.is_empty() {
        vec![PathBuf::from("seeds")]
    } else {
        a.inputs
    };
    let mut watch = Stopwatch::new(a.common.timings);
    let engine = Engine::from_config(&config).context("cannot load the data files")?;
    watch.lap("data");
    let ing = read_inputs(&inputs, &config, &engine, a.common.quiet)?;
    watch.lap("ingest");
    let problems = ing.problems.clone();
    let docs = analyze(&engine, ing, a.common.quiet);
    watch.lap("analyze");
    let summary = pipeline::summarize(
        &docs,
        config.method,
        &config.effective_budget(),
        &config.weights,
    );
    watch.lap("summarize");
    let aud = config.audiences.get(&config.audience);
    let mut d = digest::build(
        &docs,
        &summary,
        &engine,
        &problems,
        &DigestOptions {
            date,
            audience: config.audience.clone(),
            title: aud
                .and_then(|x| x.title.clone())
                .unwrap_or_else(|| config.title.clone()),
            themes: aud.and_then(|x| x.themes.clone()),
        },
    );
    d.method = config.method.as_str().to_string();
    // The digest holds what publishing needs: the analysis is let go before rendering.
    drop((docs, summary, engine));
    watch.lap("digest");
    let json = serde_json::to_string_pretty(&d)? + "\n";
    let renderer = Renderer::new(config.templates.iter().cloned().collect(), &config.audience);
    let written = publish::publish(
        &d,
        &json,
        &renderer,
        &config.out,
        &config.formats,
        &config.effective_feed_id(),
    )
    .with_context(|| format!("cannot publish the digest to {}", config.out.display()))?;
    watch.lap("publish");
    watch.report();
    if !a.common.quiet {
        eprintln!(
            "khulasa: {} documents read, {} sentences chosen, {} entities; wrote {} files to {}",
            d.stats.documents,
            d.stats.chosen,
            d.stats.entities,
            written.files.len(),
            config.out.join(&d.date).display()
        );
    }
    Ok(exit_code(problems.len()))
}

fn summarize(a: SummarizeArgs) -> Result<i32> {
    let Loaded {
        config,
        docs,
        problems,
        ..
    } = load_and_analyze(&a.files, &a.common)?;
    let budget = a.budget.budget().unwrap_or(Budget {
        max_sentences: Some(5),
        ..Budget::default()
    });
    if let Some(r) = budget.ratio
        && !(r > 0.0 && r <= 1.0)
    {
        bail!("--ratio must be in (0, 1], not {r}");
    }
    let method = a.budget.method.unwrap_or(config.method);
    let summary = pipeline::summarize(&docs, method, &budget, &config.weights);
    let mut chosen: Vec<usize> = summary.chosen.iter().map(|c| c.candidate).collect();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match a.format {
        SummaryFormat::Text => {
            chosen.sort();
            for i in chosen {
                let c = &summary.candidates[i];
                writeln!(
                    out,
                    "{}",
                    text::display(&docs[c.doc].sentences[c.index].text)
                )?;
            }
        }
        SummaryFormat::Md => {
            chosen.sort();
            let mut last_doc = usize::MAX;
            for i in chosen {
                let c = &summary.candidates[i];
                if c.doc != last_doc {
                    let d = &docs[c.doc].doc;
                    writeln!(
                        out,
                        "{}## {}\n",
                        if last_doc == usize::MAX { "" } else { "\n" },
                        render::escape_markdown(d.title.as_deref().unwrap_or(&d.path))
                    )?;
                    last_doc = c.doc;
                }
                writeln!(
                    out,
                    "- {}",
                    render::escape_markdown(&text::display(&docs[c.doc].sentences[c.index].text))
                )?;
            }
        }
        SummaryFormat::Json => {
            let rank_of: std::collections::HashMap<usize, usize> = summary
                .chosen
                .iter()
                .enumerate()
                .map(|(r, c)| (c.candidate, r))
                .collect();
            let mut order: Vec<usize> = if a.explain {
                (0..summary.candidates.len()).collect()
            } else {
                chosen.clone()
            };
            if a.explain {
                order.sort_by(|&x, &y| {
                    summary.scored[y]
                        .score
                        .total_cmp(&summary.scored[x].score)
                        .then(x.cmp(&y))
                });
            } else {
                order.sort();
            }
            let list: Vec<serde_json::Value> = order
                .iter()
                .map(|&i| {
                    let c = &summary.candidates[i];
                    let s = &docs[c.doc].sentences[c.index];
                    serde_json::json!({
                        "doc": docs[c.doc].doc.id,
                        "file": docs[c.doc].doc.path,
                        "index": s.index,
                        "text": text::display(&s.text),
                        "score": summary.scored[i].score,
                        "features": summary.scored[i].features,
                        "themes": s.themes.themes,
                        "primary": s.themes.primary,
                        "entities": s.mentions,
                        "gloss": s.themes.glosses(),
                        "gist": digest::gist(s),
                        "chosen": rank_of.contains_key(&i),
                        "rank": rank_of.get(&i),
                    })
                })
                .collect();
            let v = serde_json::json!({ "method": method.as_str(), "sentences": list });
            writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        }
    }
    Ok(exit_code(problems))
}

fn entities_cmd(a: ListArgs<EntityFormat>) -> Result<i32> {
    let Loaded { docs, problems, .. } = load_and_analyze(&a.files, &a.common)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match a.format {
        EntityFormat::Json => {
            let v: Vec<serde_json::Value> = docs
                .iter()
                .map(|d| serde_json::json!({ "file": d.doc.path, "mentions": d.mentions().collect::<Vec<_>>() }))
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        }
        EntityFormat::Tsv => {
            writeln!(out, "file\tstart\tend\ttext\ttype\tenglish\tkey\tform")?;
            for d in &docs {
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
        }
    }
    Ok(exit_code(problems))
}

fn glossary_cmd(a: ListArgs<GlossaryFormat>) -> Result<i32> {
    let Loaded {
        engine,
        docs,
        problems,
        ..
    } = load_and_analyze(&a.files, &a.common)?;
    let g = entities::build_glossary(
        docs.iter().flat_map(|d| d.mentions()),
        engine.resources.recognizer.gazetteer(),
    );
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match a.format {
        GlossaryFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&g)?)?,
        GlossaryFormat::Md => {
            writeln!(
                out,
                "| English | Type | Arabic | Role | Description | Mentions |\n| --- | --- | --- | --- | --- | --- |"
            )?;
            for e in &g {
                let esc = render::escape_markdown;
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
        }
    }
    Ok(exit_code(problems))
}

fn themes_cmd(a: ListArgs<ThemeFormat>) -> Result<i32> {
    let Loaded { docs, problems, .. } = load_and_analyze(&a.files, &a.common)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match a.format {
        ThemeFormat::Json => {
            let v: Vec<serde_json::Value> = docs
                .iter()
                .map(|d| {
                    let sentences: Vec<serde_json::Value> = d
                        .sentences
                        .iter()
                        .map(|s| {
                            serde_json::json!({
                                "index": s.index,
                                "text": text::display(&s.text),
                                "themes": s.themes.themes,
                                "primary": s.themes.primary,
                                "scores": s.themes.scores,
                                "gloss": s.themes.glosses(),
                                "terms": s.themes.hits,
                            })
                        })
                        .collect();
                    serde_json::json!({ "file": d.doc.path, "sentences": sentences })
                })
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        }
        ThemeFormat::Tsv => {
            writeln!(out, "file\tindex\tprimary\tthemes\ttext")?;
            for d in &docs {
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
        }
    }
    Ok(exit_code(problems))
}

fn romanize_cmd(a: RomanizeArgs) -> Result<i32> {
    let config = Config::default();
    let engine = Engine::from_config(&config).context("cannot load the data files")?;
    let r = engine.resources.recognizer.romanizer();
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

fn templates_cmd(t: TemplatesCommand) -> Result<i32> {
    match t {
        TemplatesCommand::List => {
            for (name, _) in render::BUILTIN {
                println!("{name}");
            }
            Ok(0)
        }
        TemplatesCommand::Init {
            dir,
            audience,
            force,
        } => {
            let chosen: Vec<&(&str, &str)> = render::BUILTIN
                .iter()
                .filter(|(name, _)| match &audience {
                    None => true,
                    Some(a) => !name.contains('/') || name.starts_with(&format!("{a}/")),
                })
                .collect();
            if let Some(a) = &audience
                && !chosen.iter().any(|(n, _)| n.starts_with(&format!("{a}/")))
            {
                eprintln!(
                    "khulasa: note: no built-in templates for audience {a:?}; writing the shared ones"
                );
            }
            if !force {
                let existing: Vec<String> = chosen
                    .iter()
                    .map(|(n, _)| dir.join(n))
                    .filter(|p| p.exists())
                    .map(|p| p.display().to_string())
                    .collect();
                if !existing.is_empty() {
                    bail!(
                        "{} already exist(s): {} (use --force to overwrite)",
                        existing.len(),
                        existing.join(", ")
                    );
                }
            }
            for (name, body) in chosen {
                let p = dir.join(name);
                publish::write_atomic(&p, body.as_bytes())
                    .with_context(|| format!("cannot write {}", p.display()))?;
                println!("{}", p.display());
            }
            Ok(0)
        }
    }
}

fn eval_cmd(e: EvalCommand) -> Result<i32> {
    match e {
        EvalCommand::Segment { file } => {
            let text = read(&file)?;
            let r = eval::segment(&text)
                .with_context(|| format!("cannot evaluate {}", file.display()))?;
            println!("{r}");
        }
        EvalCommand::Rouge { file, common } => {
            let config = load_config(&common)?;
            let engine = Engine::from_config(&config)?;
            let text = read(&file)?;
            let r = eval::rouge(&text, &engine, &config.weights)
                .with_context(|| format!("cannot evaluate {}", file.display()))?;
            println!("{r}");
        }
        EvalCommand::Ner { file, all } => {
            let engine = Engine::builtin()?;
            let text = read(&file)?;
            let r = eval::ner(&text, &engine, all)
                .with_context(|| format!("cannot evaluate {}", file.display()))?;
            println!("{r}");
        }
        EvalCommand::Romanize { file } => {
            let engine = Engine::builtin()?;
            let text = read(&file)?;
            println!("{}", eval::romanize(&text, &engine));
        }
        EvalCommand::Themes { file, common } => {
            let config = load_config(&common)?;
            let engine = Engine::from_config(&config)?;
            let text = read(&file)?;
            let r = eval::themes(&text, &engine)
                .with_context(|| format!("cannot evaluate {}", file.display()))?;
            println!("{r}");
        }
    }
    Ok(0)
}

fn read(p: &Path) -> Result<String> {
    std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))
}
