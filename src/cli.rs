//! The command line: flags → effective configuration → library calls → output and exit code.
//!
//! Exit codes: 0 all inputs used; 1 some inputs skipped (reported on standard error);
//! 2 nothing usable, a usage error or a fatal error.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::Error;
use crate::build::{Loaded, Observer, Report, Stage};
use crate::config::Config;
use crate::ingest::Problem;
use crate::pipeline::{self, Engine};
use crate::render;
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

/// Analyses of fewer documents than this show no progress bar.
const PROGRESS_MIN_DOCUMENTS: usize = 50;

/// The command line's [`Observer`].
struct Console {
    quiet: bool,
    watch: Stopwatch,
    bar: Option<indicatif::ProgressBar>,
}

impl Console {
    /// `quiet`: no notes and no progress bar (skipped inputs are still reported);
    /// `timings`: time each stage, for [`Console::report_timings`].
    fn new(quiet: bool, timings: bool) -> Console {
        Console {
            quiet,
            watch: Stopwatch::new(timings),
            bar: None,
        }
    }

    /// Print the time of each stage that ended, with `--timings`.
    fn report_timings(&self) {
        self.watch.report();
    }
}

impl Observer for Console {
    fn skipped(&mut self, p: &Problem) {
        eprintln!("khulasa: skipped {}: {}", p.path, p.reason);
    }

    fn note(&mut self, note: &str) {
        if !self.quiet {
            eprintln!("khulasa: note: {note}");
        }
    }

    /// A progress bar for long runs, when standard error is a terminal.
    fn analyzing(&mut self, documents: usize) {
        if self.quiet || documents < PROGRESS_MIN_DOCUMENTS || !std::io::stderr().is_terminal() {
            return;
        }
        let bar = indicatif::ProgressBar::new(documents as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{spinner} analyzing {pos}/{len} articles [{bar:30}] {elapsed} (eta {eta})",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        self.bar = Some(bar);
    }

    fn analyzed(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    fn finished(&mut self, stage: Stage) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        self.watch.lap(stage.as_str());
    }
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
    start: Instant,
    last: Instant,
    laps: Vec<(&'static str, Duration, Option<u64>)>,
}

impl Stopwatch {
    fn new(on: bool) -> Stopwatch {
        let now = Instant::now();
        Stopwatch {
            on,
            start: now,
            last: now,
            laps: Vec::new(),
        }
    }

    /// Close the stage that ran since the last lap.
    fn lap(&mut self, stage: &'static str) {
        if !self.on {
            return;
        }
        let now = Instant::now();
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
    #[arg(long, value_parser = method_parser())]
    pub method: Option<Method>,
}

/// The method names, each with its description, as the library spells them.
fn method_parser() -> impl TypedValueParser<Value = Method> {
    PossibleValuesParser::new(
        Method::ALL.map(|m| PossibleValue::new(m.as_str()).help(m.description())),
    )
    .try_map(|name| name.parse::<Method>())
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

/// Configuration, data, and the articles read and analyzed: the common start of the commands
/// that list what a stage found (`build` has its own, as flags change its configuration).
fn load(files: &[PathBuf], common: &CommonArgs) -> Result<(Config, Loaded)> {
    let config = load_config(common)?;
    let mut console = Console::new(common.quiet, common.timings);
    let loaded = crate::build::load(&config, files, &mut console).map_err(explain)?;
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

/// `khulasa build`: the flags turned into a configuration, one library call, one line of
/// summary.
fn build(a: BuildArgs) -> Result<i32> {
    let config = configure(&a)?;
    let date = date(a.date)?;
    let inputs = inputs(a.inputs);
    let mut console = Console::new(a.common.quiet, a.common.timings);
    let report = crate::build::build(&config, &inputs, &date, &mut console)
        .map_err(|e| in_context(e, &config.out))?;
    console.report_timings();
    if !a.common.quiet {
        eprintln!("khulasa: {}", summary(&report));
    }
    Ok(exit_code(report.problems.len()))
}

/// The configuration file (or the defaults) with the flags over it.
fn configure(a: &BuildArgs) -> Result<Config> {
    let mut config = load_config(&a.common)?;
    if let Some(o) = &a.out {
        config.out = o.clone();
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
    if let Some(b) = a.budget.budget() {
        // A budget on the command line is for every audience.
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
    format!(
        "{} documents read, {} sentences chosen, {} entities; wrote {} files to {}",
        r.stats.documents,
        r.stats.chosen,
        r.stats.entities,
        r.files.len(),
        r.day.display()
    )
}

fn summarize(a: SummarizeArgs) -> Result<i32> {
    let (config, Loaded { docs, problems, .. }) = load(&a.files, &a.common)?;
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
            let listing = crate::listing::summary(&docs, &summary, method, a.explain);
            writeln!(out, "{}", listing.to_json()?)?;
        }
    }
    Ok(exit_code(problems.len()))
}

fn entities_cmd(a: ListArgs<EntityFormat>) -> Result<i32> {
    let (_, Loaded { docs, problems, .. }) = load(&a.files, &a.common)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match a.format {
        EntityFormat::Json => writeln!(out, "{}", crate::listing::entities(&docs).to_json()?)?,
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
    Ok(exit_code(problems.len()))
}

fn glossary_cmd(a: ListArgs<GlossaryFormat>) -> Result<i32> {
    let (
        _,
        Loaded {
            engine,
            docs,
            problems,
            ..
        },
    ) = load(&a.files, &a.common)?;
    let g = crate::listing::glossary(&docs, &engine);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match a.format {
        GlossaryFormat::Json => writeln!(out, "{}", g.to_json()?)?,
        GlossaryFormat::Md => {
            writeln!(
                out,
                "| English | Type | Arabic | Role | Description | Mentions |\n| --- | --- | --- | --- | --- | --- |"
            )?;
            for e in &g.0 {
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
    Ok(exit_code(problems.len()))
}

fn themes_cmd(a: ListArgs<ThemeFormat>) -> Result<i32> {
    let (_, Loaded { docs, problems, .. }) = load(&a.files, &a.common)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match a.format {
        ThemeFormat::Json => writeln!(out, "{}", crate::listing::themes(&docs).to_json()?)?,
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
    Ok(exit_code(problems.len()))
}

fn romanize_cmd(a: RomanizeArgs) -> Result<i32> {
    let r = entities::romanize::Romanizer::builtin();
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
            let text = read(&file)?;
            println!("{}", eval::romanize(&text));
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
