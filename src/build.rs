//! A whole run as one call, for the command line and for programs that embed khulasa (a web
//! service, a notebook): a configuration, the inputs and the date in; the digest published
//! and a [`Report`] out.
//!
//! The stages run in order: data, ingest, analyze, summarize, digest, translate (only with a
//! translation backend), then render and publish. An [`Observer`] hears of skipped inputs, of progress through the analysis and of
//! the end of each stage, for progress bars and timings. [`load`], the first three stages, is
//! also the start of the commands that list entities, themes or chosen sentences.
//!
//! ```no_run
//! use std::path::PathBuf;
//!
//! use khulasa::config::Config;
//!
//! let config = Config {
//!     out: PathBuf::from("site"),
//!     ..Config::default()
//! };
//! let report = khulasa::build::build(&config, &[PathBuf::from("articles")], "2026-11-23", &mut ())?;
//! println!(
//!     "{} documents, {} sentences chosen, {} files written to {}",
//!     report.stats.documents,
//!     report.stats.chosen,
//!     report.files.len(),
//!     report.day.display()
//! );
//! for p in &report.problems {
//!     eprintln!("skipped {}: {}", p.path, p.reason);
//! }
//! # Ok::<(), khulasa::Error>(())
//! ```

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::digest::{self, Digest, DigestOptions, Stats};
use crate::error::{Error, Result};
use crate::ingest::{self, Document, IngestOptions, Ingested, Problem};
use crate::pipeline::{self, Analyzed, Day, Engine};
use crate::publish::{self, Written};
use crate::render::Renderer;

/// A stage of a build, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Loading the data files: gazetteers, lexicons, chrome.
    Data,
    Ingest,
    Analyze,
    Summarize,
    Digest,
    /// Translating the chosen sentences (only when a backend is configured).
    Translate,
    /// Rendering and writing the files.
    Publish,
}

impl Stage {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Data => "data",
            Stage::Ingest => "ingest",
            Stage::Analyze => "analyze",
            Stage::Summarize => "summarize",
            Stage::Digest => "digest",
            Stage::Translate => "translate",
            Stage::Publish => "publish",
        }
    }
}

/// What a caller hears while a build runs. Every method does nothing unless implemented; `()`
/// hears nothing.
pub trait Observer: Sync {
    /// An input was skipped; the run goes on without it.
    fn skipped(&mut self, _problem: &Problem) {}
    /// A note on the inputs that is not a failure: a duplicate dropped, chrome removed.
    fn note(&mut self, _note: &str) {}
    /// A warning of publishing that is not a failure: no feed without a base URL, a past
    /// digest that cannot be read, a folder left by an interrupted run.
    fn warning(&mut self, _warning: &str) {}
    /// Analysis starts on this many documents.
    fn analyzing(&mut self, _documents: usize) {}
    /// One more document analyzed. Called from the worker threads.
    fn analyzed(&self) {}
    /// A stage has ended.
    fn finished(&mut self, _stage: Stage) {}
}

impl Observer for () {}

/// The inputs read and analyzed, with the data they were analyzed with.
pub struct Loaded {
    pub engine: Engine,
    /// The documents, in input order.
    pub docs: Vec<Analyzed>,
    /// Inputs skipped, with the reason.
    pub problems: Vec<Problem>,
    /// Notes on the inputs that are not failures.
    pub notes: Vec<String>,
}

/// The inputs read and analyzed as a build keeps them ([`Day`]): what the digest needs of each
/// document, not its whole analysis.
pub struct LoadedDay {
    pub engine: Engine,
    /// The documents' records, in input order.
    pub day: Day,
    /// Inputs skipped, with the reason.
    pub problems: Vec<Problem>,
    /// Notes on the inputs that are not failures.
    pub notes: Vec<String>,
}

/// What a build did.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The digest's counts: documents read, sentences, sentences chosen, entities, ...
    pub stats: Stats,
    /// The folder of the day's files: the output folder, then the date.
    pub day: PathBuf,
    /// Every file written: the day's digest in each format, the archive page and the feed.
    pub files: Vec<PathBuf>,
    /// Inputs skipped, with the reason.
    pub problems: Vec<Problem>,
    /// Notes on the inputs that are not failures.
    pub notes: Vec<String>,
    /// Warnings of publishing and translation that are not failures.
    pub warnings: Vec<String>,
    /// What the translation backend did, when one is configured.
    pub translation: Option<crate::translate::Stats>,
}

/// Build the digest of `date` (YYYY-MM-DD) from the inputs (files, or folders walked
/// recursively) and publish it under `config.out`, with the archive and feed.
///
/// A bad input is skipped, told to the observer and listed in the report; the build fails
/// when no input is usable, or when one is skipped and `config.strict` is set. Nothing is
/// written unless every format rendered.
pub fn build(
    config: &Config,
    inputs: &[PathBuf],
    date: &str,
    observer: &mut dyn Observer,
) -> Result<Report> {
    check(config, date)?;
    let LoadedDay {
        engine,
        day,
        problems,
        notes,
    } = load_day(config, inputs, observer)?;
    let audience_themes = config
        .audiences
        .get(&config.audience)
        .and_then(|a| a.themes.clone());
    let summary = pipeline::summarize_day(
        &day,
        config.method,
        &config.effective_budget(),
        &config.weights,
        audience_themes.as_deref(),
    );
    observer.finished(Stage::Summarize);
    let mut digest = digest::build_day(
        &day,
        &summary,
        &engine,
        &problems,
        &digest_options(config, date),
    );
    // The digest holds what publishing needs: the analysis is let go before rendering.
    drop((day, summary, engine));
    observer.finished(Stage::Digest);
    let mut warnings = Vec::new();
    let translation = translate(&mut digest, config, &mut warnings);
    for w in &warnings {
        observer.warning(w);
    }
    if translation.is_some() {
        observer.finished(Stage::Translate);
    }
    let written = publish_digest(&digest, config)?;
    for w in &written.warnings {
        observer.warning(w);
    }
    warnings.extend(written.warnings);
    for n in &written.notes {
        observer.note(n);
    }
    observer.finished(Stage::Publish);
    Ok(Report {
        stats: digest.stats,
        day: config.out.join(&digest.date),
        files: written.files,
        problems,
        notes,
        warnings,
        translation,
    })
}

/// Translate the digest's chosen sentences with the configured backend (nothing without
/// one), adding its failures to `warnings`: a failure leaves a sentence without its English
/// and never fails the build.
pub fn translate(
    digest: &mut Digest,
    config: &Config,
    warnings: &mut Vec<String>,
) -> Option<crate::translate::Stats> {
    let outcome = crate::translate::translate_digest(digest, &config.translate)?;
    warnings.extend(outcome.warnings);
    let s = &outcome.stats;
    if s.failed > 0 {
        warnings.push(format!(
            "{} of {} sentences left untranslated: their gist is shown instead",
            s.failed, s.sentences
        ));
    }
    if s.flagged > 0 {
        warnings.push(format!(
            "{} translation(s) drop or rename a name of the glossary (flagged ⚠)",
            s.flagged
        ));
    }
    Some(outcome.stats)
}

/// Fail early on what would only fail at the end: a configuration that a caller changed
/// since it was loaded, and the date.
fn check(config: &Config, date: &str) -> Result<()> {
    config.validate().map_err(Error::Usage)?;
    if config.translate.backend.is_some() {
        config
            .translate
            .check_cache_dir(&config.out)
            .map_err(Error::Usage)?;
    }
    if !publish::valid_date(date) {
        return Err(Error::Usage(format!(
            "invalid date {date:?}: use YYYY-MM-DD"
        )));
    }
    Ok(())
}

/// The first stages of a build: load the data, read the inputs, analyze the documents.
pub fn load(config: &Config, inputs: &[PathBuf], observer: &mut dyn Observer) -> Result<Loaded> {
    let (
        engine,
        Ingested {
            documents,
            problems,
            notes,
        },
    ) = load_and_read(config, inputs, observer)?;
    let docs = analyze(&engine, documents, observer);
    observer.finished(Stage::Analyze);
    Ok(Loaded {
        engine,
        docs,
        problems,
        notes,
    })
}

/// [`load`] keeping of each document what a build needs ([`Day`]): documents are analyzed a
/// batch at a time, and memory holds the day's records, not its analyses.
pub fn load_day(
    config: &Config,
    inputs: &[PathBuf],
    observer: &mut dyn Observer,
) -> Result<LoadedDay> {
    load_day_leading(config, inputs, config.effective_leading_stories(), observer)
}

/// [`load_day`] analyzing in full only the documents of the `leading` leading stories when the
/// day has more ([`pipeline::leading_documents`]); every document with None.
pub fn load_day_leading(
    config: &Config,
    inputs: &[PathBuf],
    leading: Option<usize>,
    observer: &mut dyn Observer,
) -> Result<LoadedDay> {
    let (
        engine,
        Ingested {
            documents,
            problems,
            notes,
        },
    ) = load_and_read(config, inputs, observer)?;
    let day = match leading {
        // A day with no more documents than leading stories has no more stories either.
        Some(leading) if documents.len() > leading => {
            let mut day = engine.skim_day(documents, &|| {});
            let docs = pipeline::leading_documents(&day, leading)
                .unwrap_or_else(|| (0..day.len()).collect());
            observer.analyzing(docs.len());
            let observer: &dyn Observer = observer;
            day.analyze_in_full(&engine, &docs, &|| observer.analyzed());
            day
        }
        _ => {
            observer.analyzing(documents.len());
            let observer: &dyn Observer = observer;
            engine.analyze_day(documents, &|| observer.analyzed())
        }
    };
    if day.analyzed() < day.len() {
        observer.note(&format!(
            "{} of {} documents analyzed in full: those of the leading {} stories \
             (--analyze all for every one)",
            day.analyzed(),
            day.len(),
            leading.unwrap_or(0)
        ));
    }
    observer.finished(Stage::Analyze);
    Ok(LoadedDay {
        engine,
        day,
        problems,
        notes,
    })
}

/// The data stage and the ingest stage, shared by [`load`] and [`load_day`].
fn load_and_read(
    config: &Config,
    inputs: &[PathBuf],
    observer: &mut dyn Observer,
) -> Result<(Engine, Ingested)> {
    let engine = Engine::from_config(config)?;
    observer.finished(Stage::Data);
    let ingested = read(config, &engine, inputs, observer)?;
    observer.finished(Stage::Ingest);
    Ok((engine, ingested))
}

/// Ingest the inputs and tell the observer of every skip and note. Fails when no input is
/// usable, or when one was skipped and the configuration is strict.
pub fn read(
    config: &Config,
    engine: &Engine,
    inputs: &[PathBuf],
    observer: &mut dyn Observer,
) -> Result<Ingested> {
    let ingested = ingest::ingest(inputs, &ingest_options(config, engine));
    for p in &ingested.problems {
        observer.skipped(p);
    }
    for n in &ingested.notes {
        observer.note(n);
    }
    let skipped = ingested.problems.len();
    if ingested.documents.is_empty() {
        return Err(Error::NoArticles { skipped });
    }
    if config.strict && skipped > 0 {
        return Err(Error::Strict { skipped });
    }
    Ok(ingested)
}

/// The ingest options of a configuration: the engine's chrome table and the size limits.
pub fn ingest_options(config: &Config, engine: &Engine) -> IngestOptions {
    IngestOptions {
        chrome: std::sync::Arc::clone(&engine.resources.chrome),
        max_file_bytes: config.max_file_bytes.unwrap_or(ingest::MAX_FILE_BYTES),
        max_article_bytes: config
            .max_article_bytes
            .unwrap_or(ingest::MAX_ARTICLE_BYTES),
        feed_fields: config.feed_fields.clone(),
        ..IngestOptions::default()
    }
}

/// Analyze the documents in parallel, telling the observer of each one done.
fn analyze(
    engine: &Engine,
    documents: Vec<Document>,
    observer: &mut dyn Observer,
) -> Vec<Analyzed> {
    observer.analyzing(documents.len());
    let observer: &dyn Observer = observer;
    engine.analyze_with(documents, &|| observer.analyzed())
}

/// The digest options of the configured audience: its title and themes, else the global
/// title and every theme.
pub fn digest_options(config: &Config, date: &str) -> DigestOptions {
    let audience = config.audiences.get(&config.audience);
    DigestOptions {
        date: date.to_string(),
        audience: config.audience.clone(),
        title: audience
            .and_then(|a| a.title.clone())
            .unwrap_or_else(|| config.title.clone()),
        themes: audience.and_then(|a| a.themes.clone()),
        method: config.method,
        glossary: config.glossary,
    }
}

/// Render the digest in the configured formats with the configured templates, and write it
/// under the output folder with the refreshed archive and feed.
pub fn publish_digest(digest: &Digest, config: &Config) -> Result<Written> {
    let json = digest_json(digest, &config.out)?;
    let renderer = Renderer::new(config.templates.iter().cloned().collect(), &config.audience);
    let opts = publish::PublishOptions {
        formats: config.formats.clone(),
        base_url: config.base_url.clone(),
        feed_id: config.feed_id.clone(),
    };
    publish::publish(digest, &json, &renderer, &config.out, &opts)
}

/// The digest as the JSON file holds it: pretty-printed, with a final newline.
fn digest_json(digest: &Digest, out: &Path) -> Result<String> {
    match serde_json::to_string_pretty(digest) {
        Ok(json) => Ok(json + "\n"),
        Err(e) => Err(Error::Output {
            path: out.join(&digest.date).join("digest.json"),
            source: e.into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seeds() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
    }

    /// Hears everything, in order.
    #[derive(Default)]
    struct Log {
        events: Vec<String>,
        analyzed: std::sync::atomic::AtomicUsize,
    }

    impl Observer for Log {
        fn skipped(&mut self, p: &Problem) {
            self.events.push(format!("skipped {}", p.path));
        }
        fn analyzing(&mut self, n: usize) {
            self.events.push(format!("analyzing {n}"));
        }
        fn analyzed(&self) {
            self.analyzed
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        fn finished(&mut self, stage: Stage) {
            self.events.push(stage.as_str().to_string());
        }
    }

    /// An audience's themes are chosen among, not filtered after the choice: for every set
    /// of themes, the sentences shown under the themes add up to the sentences chosen, and the
    /// budget is spent on them while the day has enough.
    #[test]
    fn an_audience_is_shown_every_sentence_it_is_counted() {
        let config = Config::default();
        let loaded = load(&config, &[seeds()], &mut ()).unwrap();
        let keys: Vec<String> = loaded
            .engine
            .resources
            .lexicon
            .themes()
            .iter()
            .map(|t| t.key.clone())
            .chain([crate::themes::OTHER.to_string()])
            .collect();
        let budget = config.effective_budget();
        // The smallest digest the budget makes (12 sentences by default).
        let limit = 12;
        for mask in 1u32..(1 << keys.len()) {
            let themes: Vec<String> = (0..keys.len())
                .filter(|b| mask & (1 << b) != 0)
                .map(|b| keys[b].clone())
                .collect();
            let summary = pipeline::summarize_themes(
                &loaded.docs,
                config.method,
                &budget,
                &config.weights,
                Some(&themes),
            );
            let opts = DigestOptions {
                themes: Some(themes.clone()),
                ..digest_options(&config, "2026-11-23")
            };
            let d = digest::build(&loaded.docs, &summary, &loaded.engine, &[], &opts);
            let shown: usize = d.themes.iter().map(|t| t.sentences.len()).sum();
            let counted: usize = d.themes.iter().map(|t| t.count).sum();
            assert_eq!(shown, d.stats.chosen, "{themes:?}");
            assert_eq!(counted, d.stats.chosen, "{themes:?}");
            let available = summary
                .candidates
                .iter()
                .filter(|c| themes.iter().any(|t| *t == *c.primary))
                .count();
            // The budget is spent on them: as many as the day has, up to the budget.
            assert!(d.stats.chosen <= available, "{themes:?}");
            assert!(d.stats.chosen >= available.min(limit), "{themes:?}");
        }
    }

    /// The glossary lists what the digest shows (the chosen sentences' entities and the
    /// day's key entities) unless every entity is asked for.
    #[test]
    fn the_glossary_lists_what_is_shown_or_everything() {
        use crate::digest::{GlossaryScope, KEY_ENTITIES};
        let config = Config::default();
        let loaded = load(&config, &[seeds()], &mut ()).unwrap();
        let summary = pipeline::summarize(
            &loaded.docs,
            config.method,
            &config.effective_budget(),
            &config.weights,
        );
        let build_with = |glossary| {
            let opts = DigestOptions {
                glossary,
                ..digest_options(&config, "2026-11-23")
            };
            digest::build(&loaded.docs, &summary, &loaded.engine, &[], &opts)
        };
        let shown = build_with(GlossaryScope::Shown);
        let all = build_with(GlossaryScope::All);
        let every = digest::glossary(&loaded.docs, &loaded.engine);
        assert_eq!(all.glossary, every);
        assert!(
            shown.glossary.len() < all.glossary.len(),
            "{} of {}",
            shown.glossary.len(),
            all.glossary.len()
        );
        assert_eq!(shown.stats, all.stats, "the counts are the day's");
        assert_eq!(shown.top_entities, all.top_entities);
        let keys: std::collections::BTreeSet<&str> =
            shown.glossary.iter().map(|g| g.key.as_str()).collect();
        let in_sentences: std::collections::BTreeSet<&str> = shown
            .themes
            .iter()
            .flat_map(|t| &t.sentences)
            .flat_map(|v| v.entities.iter().map(|m| m.key.as_str()))
            .collect();
        assert!(!in_sentences.is_empty());
        for k in &in_sentences {
            assert!(keys.contains(k), "{k} is in a chosen sentence");
        }
        for g in every.iter().take(KEY_ENTITIES) {
            assert!(keys.contains(g.key.as_str()), "{} is a key entity", g.key);
        }
        // In the glossary's order, and nothing else.
        let kept: Vec<&crate::entities::GlossaryEntry> = every
            .iter()
            .filter(|g| keys.contains(g.key.as_str()))
            .collect();
        assert_eq!(shown.glossary.iter().collect::<Vec<_>>(), kept);
        let covered: std::collections::BTreeSet<&str> = shown
            .stories
            .iter()
            .filter(|st| st.chosen > 0)
            .flat_map(|st| st.entities.iter().map(String::as_str))
            .collect();
        for g in &shown.glossary {
            assert!(
                in_sentences.contains(g.key.as_str())
                    || every[..KEY_ENTITIES.min(every.len())].contains(g)
                    || covered.contains(g.english.as_str()),
                "{} is shown",
                g.key
            );
        }
    }

    /// A build keeps only the records of the documents and analyzes the quoted ones again: its
    /// digest is the one made from the whole analyses, for every method and glossary.
    #[test]
    fn the_records_of_a_day_make_the_digest_of_its_analyses() {
        use crate::digest::GlossaryScope;
        let config = Config::default();
        let loaded = load(&config, &[seeds()], &mut ()).unwrap();
        let kept = load_day(&config, &[seeds()], &mut ()).unwrap();
        assert_eq!(kept.day.len(), loaded.docs.len());
        let sentences: usize = loaded.docs.iter().map(|d| d.sentences.len()).sum();
        assert!(sentences > 20, "{sentences}");
        for method in crate::summarize::Method::ALL {
            for glossary in [GlossaryScope::Shown, GlossaryScope::All] {
                let opts = DigestOptions {
                    glossary,
                    method,
                    ..digest_options(&config, "2026-11-23")
                };
                let budget = config.effective_budget();
                let a = pipeline::summarize(&loaded.docs, method, &budget, &config.weights);
                let b = pipeline::summarize_day(&kept.day, method, &budget, &config.weights, None);
                assert_eq!(a.candidates, b.candidates);
                assert_eq!(a.scored, b.scored);
                assert_eq!(a.chosen, b.chosen);
                assert_eq!(a.stories, b.stories);
                let da = digest::build(&loaded.docs, &a, &loaded.engine, &[], &opts);
                let db = digest::build_day(&kept.day, &b, &kept.engine, &[], &opts);
                assert!(!db.themes.iter().all(|t| t.sentences.is_empty()));
                assert_eq!(da, db, "{method:?} {glossary:?}");
                assert_eq!(
                    da.glossary.len() == digest::glossary(&loaded.docs, &loaded.engine).len(),
                    glossary == GlossaryScope::All
                );
            }
        }
    }

    #[test]
    fn builds_the_seeds_and_reports_what_it_did() {
        let out = tempfile::tempdir().unwrap();
        let config = Config {
            out: out.path().to_path_buf(),
            base_url: Some("https://example.org/briefing/".into()),
            ..Config::default()
        };
        let mut log = Log::default();
        let report = build(&config, &[seeds()], "2026-11-23", &mut log).unwrap();
        assert!(report.warnings.is_empty(), "{:?}", report.warnings);

        assert_eq!(report.stats.documents, 2);
        assert_eq!(report.stats.chosen, 12);
        assert!(report.stats.sentences > report.stats.chosen);
        assert!(report.stats.entities > 10, "{:?}", report.stats);
        assert!(report.problems.is_empty());
        assert_eq!(report.stats.skipped, 0);
        assert_eq!(report.day, out.path().join("2026-11-23"));
        let mut names: Vec<String> = report
            .files
            .iter()
            .map(|f| {
                f.strip_prefix(out.path())
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                "2026-11-23/digest.html",
                "2026-11-23/digest.json",
                "2026-11-23/digest.md",
                "feed.xml",
                "index.html",
            ]
        );
        assert!(report.files.iter().all(|f| f.is_file()));

        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(report.day.join("digest.json")).unwrap())
                .unwrap();
        assert_eq!(json["method"], "khulasa", "the digest names its method");
        assert_eq!(json["stats"]["chosen"], 12);

        assert_eq!(
            log.events,
            [
                "data",
                "ingest",
                "analyzing 2",
                "analyze",
                "summarize",
                "digest",
                "publish"
            ]
        );
        assert_eq!(log.analyzed.load(std::sync::atomic::Ordering::Relaxed), 2);
    }

    #[test]
    fn a_skipped_input_is_reported_and_strict_makes_it_fatal() {
        let dir = tempfile::tempdir().unwrap();
        for f in std::fs::read_dir(seeds()).unwrap() {
            let f = f.unwrap().path();
            std::fs::copy(&f, dir.path().join(f.file_name().unwrap())).unwrap();
        }
        std::fs::write(
            dir.path().join("english.txt"),
            "Not an Arabic article at all.\n",
        )
        .unwrap();
        let out = tempfile::tempdir().unwrap();
        let mut config = Config {
            out: out.path().to_path_buf(),
            formats: vec!["json".into()],
            method: crate::summarize::Method::Lead,
            ..Config::default()
        };
        let inputs = [dir.path().to_path_buf()];

        let mut log = Log::default();
        let report = build(&config, &inputs, "2026-11-24", &mut log).unwrap();
        assert_eq!(report.stats.documents, 2);
        assert_eq!(report.stats.skipped, 1);
        assert_eq!(report.problems.len(), 1);
        assert!(report.problems[0].path.ends_with("english.txt"));
        let skipped = format!("skipped {}", report.problems[0].path);
        assert_eq!(
            log.events[..3],
            ["data", skipped.as_str(), "ingest"],
            "skips are told during ingest"
        );
        let json = std::fs::read_to_string(report.day.join("digest.json")).unwrap();
        assert!(json.contains("\"method\": \"lead\""));

        config.strict = true;
        let e = build(&config, &inputs, "2026-11-25", &mut ()).unwrap_err();
        assert!(matches!(e, Error::Strict { skipped: 1 }), "{e}");
        assert!(!out.path().join("2026-11-25").exists());
    }

    #[test]
    fn fails_before_any_work_on_a_bad_date_or_no_usable_input() {
        let out = tempfile::tempdir().unwrap();
        let config = Config {
            out: out.path().to_path_buf(),
            ..Config::default()
        };
        let mut log = Log::default();
        let e = build(&config, &[seeds()], "2026-13-01", &mut log).unwrap_err();
        assert!(matches!(e, Error::Usage(_)), "{e}");
        assert!(log.events.is_empty());

        let empty = tempfile::tempdir().unwrap();
        let e = build(
            &config,
            &[empty.path().to_path_buf()],
            "2026-11-23",
            &mut (),
        )
        .unwrap_err();
        assert!(matches!(e, Error::NoArticles { .. }), "{e}");
        assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
    }
}
