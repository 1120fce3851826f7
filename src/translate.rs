//! Translation: English for the chosen sentences, from the backend the configuration names in
//! its `[translate]` table: a LibreTranslate server, an OpenAI-compatible chat API (llama.cpp's
//! server, vLLM, Ollama, a hosted API) or a command. It runs after the digest is built, on its
//! chosen sentences only. Without a backend nothing is translated and no text leaves the
//! machine.
//!
//! - **Glossary-true.** The names the glossary gives a sentence's entities reach the backend:
//!   as a glossary in the prompt (`openai`), or as placeholders that stand for the names while
//!   the sentence is translated and are replaced by the English names after (`libretranslate`,
//!   `command`). Every translation is then checked for the English name of each entity of its
//!   sentence; a name dropped or renamed is a warning of the translation.
//! - **Cached.** One file per translation under the cache folder, named by a hash of the
//!   backend, the model, the Arabic sentence and its glossary names, written atomically; a
//!   rerun asks the backend for nothing it has already answered.
//! - **Failure costs no digest.** A backend that is down, slow or answering garbage leaves the
//!   sentences it did not translate without a translation (templates show the gist), with a
//!   warning; each batch is retried with backoff within `timeout_s`.
//!
//! The API key is read from the environment variable the configuration names (`api_key_env`);
//! it is never written to the output, the cache or a message.

mod backend;
mod cache;
mod names;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::digest::{Digest, SentenceView};

pub use backend::Failure;
pub use cache::Cache;
pub use names::{Piece, Source};

/// A translation backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Backend {
    /// A LibreTranslate server: `POST {url}/translate`.
    #[serde(rename = "libretranslate")]
    LibreTranslate,
    /// An OpenAI-compatible chat API: `POST {url}/chat/completions`.
    #[serde(rename = "openai")]
    OpenAi,
    /// A command that reads one sentence a line and writes one translation a line.
    #[serde(rename = "command")]
    Command,
}

impl Backend {
    /// Every backend.
    pub const ALL: [Backend; 3] = [Backend::LibreTranslate, Backend::OpenAi, Backend::Command];

    /// The name used in the configuration and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::LibreTranslate => "libretranslate",
            Backend::OpenAi => "openai",
            Backend::Command => "command",
        }
    }

    /// The address used when the configuration gives none.
    pub fn default_url(self) -> Option<&'static str> {
        match self {
            Backend::LibreTranslate => Some("http://127.0.0.1:5000"),
            Backend::OpenAi => Some("http://127.0.0.1:8080/v1"),
            Backend::Command => None,
        }
    }

    /// Does the backend see placeholders for the names (rather than a glossary)?
    fn uses_placeholders(self) -> bool {
        !matches!(self, Backend::OpenAi)
    }
}

impl std::str::FromStr for Backend {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Backend, String> {
        Backend::ALL
            .into_iter()
            .find(|b| b.as_str() == s)
            .ok_or_else(|| {
                format!("unknown translation backend {s:?} (use libretranslate, openai or command)")
            })
    }
}

/// The `[translate]` table of the configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TranslateConfig {
    /// The backend; none: no translation, and no text leaves the machine.
    pub backend: Option<Backend>,
    /// The server's address (`http://127.0.0.1:5000` for LibreTranslate,
    /// `http://127.0.0.1:8080/v1` for an OpenAI-compatible server when not given).
    pub url: Option<String>,
    /// The model asked for (`openai`); part of the cache key.
    pub model: Option<String>,
    /// The NAME of the environment variable that holds the API key (never the key).
    pub api_key_env: Option<String>,
    /// The command of the `command` backend: program and arguments.
    pub command: Vec<String>,
    /// Time allowed to one batch, retries included, in seconds.
    pub timeout_s: f64,
    /// Batches translated at once.
    pub concurrency: usize,
    /// Sentences sent in one request.
    pub batch: usize,
    /// The cache folder; default: `khulasa` in the user's cache folder
    /// (`$XDG_CACHE_HOME/khulasa`). Never inside the output folder.
    pub cache_dir: Option<PathBuf>,
}

impl Default for TranslateConfig {
    fn default() -> Self {
        TranslateConfig {
            backend: None,
            url: None,
            model: None,
            api_key_env: None,
            command: Vec::new(),
            timeout_s: 60.0,
            concurrency: 2,
            batch: 16,
            cache_dir: None,
        }
    }
}

impl TranslateConfig {
    /// Check values that TOML types cannot.
    pub fn validate(&self) -> std::result::Result<(), String> {
        if !(self.timeout_s.is_finite() && self.timeout_s > 0.0) {
            return Err(format!(
                "translate.timeout_s must be a positive number of seconds, not {}",
                self.timeout_s
            ));
        }
        if self.concurrency == 0 {
            return Err("translate.concurrency must be at least 1".into());
        }
        if self.batch == 0 {
            return Err("translate.batch must be at least 1".into());
        }
        if let Some(u) = &self.url
            && !crate::render::is_http_url(u)
        {
            return Err(format!(
                "translate.url {u:?} is not an absolute http(s) address"
            ));
        }
        if let Some(name) = &self.api_key_env
            && (name.is_empty() || name.contains(['=', '\0']))
        {
            return Err(format!(
                "translate.api_key_env {name:?} is not the name of an environment variable"
            ));
        }
        if self.backend == Some(Backend::Command) && self.command.is_empty() {
            return Err(
                "translate.command is needed by the command backend: [\"program\", \"arg\", ...]"
                    .into(),
            );
        }
        Ok(())
    }

    /// The server's address: the configured one, else the backend's default.
    pub fn effective_url(&self) -> Option<String> {
        self.url
            .clone()
            .or_else(|| self.backend?.default_url().map(str::to_string))
    }

    /// The cache folder: the configured one, else `khulasa` in the user's cache folder.
    pub fn effective_cache_dir(&self) -> Option<PathBuf> {
        self.cache_dir
            .clone()
            .or_else(|| dirs::cache_dir().map(|d| d.join("khulasa")))
    }

    /// Refuse a cache folder inside the output folder: the output is published, the cache
    /// is not.
    pub fn check_cache_dir(&self, out: &Path) -> std::result::Result<(), String> {
        let Some(cache) = self.effective_cache_dir() else {
            return Ok(());
        };
        let absolute = |p: &Path| {
            let p = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
            // Resolve what exists (symbolic links), keep the rest.
            let mut existing = p.as_path();
            let mut rest = Vec::new();
            while !existing.exists() {
                match (existing.parent(), existing.file_name()) {
                    (Some(parent), Some(name)) => {
                        rest.push(name.to_os_string());
                        existing = parent;
                    }
                    _ => return p,
                }
            }
            let mut base = existing
                .canonicalize()
                .unwrap_or_else(|_| existing.to_path_buf());
            base.extend(rest.iter().rev());
            base
        };
        if absolute(&cache).starts_with(absolute(out)) {
            return Err(format!(
                "the translation cache {} is inside the output folder {}: choose another cache_dir",
                cache.display(),
                out.display()
            ));
        }
        Ok(())
    }
}

/// The English of a sentence, as digest.json and the templates see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Translation {
    /// The English text, with the glossary's names.
    pub text: String,
    /// The backend that translated it.
    pub backend: String,
    /// The model asked for, when the configuration names one.
    pub model: Option<String>,
    /// What the check found: each entity of the sentence whose English name is not in the
    /// translation. Empty when the translation keeps every name.
    pub warnings: Vec<String>,
}

/// The translation of a digest, for its page: what was asked and what failed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DigestTranslation {
    pub backend: String,
    pub model: Option<String>,
    /// Sentences to translate.
    pub sentences: usize,
    /// Sentences with a translation.
    pub translated: usize,
    /// Sentences left without one (the backend failed): their gist is shown instead.
    pub failed: usize,
    /// Translations that drop or rename a name (with warnings).
    pub flagged: usize,
}

/// What a translation run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Sentences to translate.
    pub sentences: usize,
    /// Sentences with a translation, from the backend or the cache.
    pub translated: usize,
    /// Of those, from the cache.
    pub cached: usize,
    /// Sentences left without a translation.
    pub failed: usize,
    /// Translations that drop or rename a name.
    pub flagged: usize,
    /// Requests sent to the backend (runs of the command), retries included.
    pub requests: usize,
}

/// The result of [`translate`]: a translation (or none) for each source, in order.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub translations: Vec<Option<Translation>>,
    pub stats: Stats,
    /// Failures, each naming the backend and the problem (never the key).
    pub warnings: Vec<String>,
}

/// Translate the sources with the configured backend. Nothing is sent when the backend is
/// none (every translation is then none). A source whose translation failed has none, and the
/// failure is among the outcome's warnings; nothing fails the call.
pub fn translate(sources: &[Source], config: &TranslateConfig) -> Outcome {
    let mut outcome = Outcome {
        translations: vec![None; sources.len()],
        stats: Stats {
            sentences: sources.len(),
            ..Stats::default()
        },
        warnings: Vec::new(),
    };
    let Some(kind) = config.backend else {
        outcome.stats.failed = sources.len();
        return outcome;
    };
    let key = match &config.api_key_env {
        Some(name) => match std::env::var(name) {
            Ok(k) if !k.is_empty() => Some(k),
            _ => {
                outcome.warnings.push(format!(
                    "{}: the environment variable {name} (translate.api_key_env) is not set: nothing translated",
                    kind.as_str()
                ));
                outcome.stats.failed = sources.len();
                return outcome;
            }
        },
        None => None,
    };
    let engine = backend::engine(kind, config, key.clone());
    let redact = |s: String| match &key {
        Some(k) if k.len() >= 4 => s.replace(k.as_str(), "[redacted]"),
        _ => s,
    };
    let cache = match config.effective_cache_dir() {
        Some(dir) => Some(Cache::new(dir)),
        None => {
            outcome.warnings.push(
                "no cache folder (no user cache folder is known): translations are not kept".into(),
            );
            None
        }
    };
    let model = config.model.as_deref();
    let restorer = names::Restorer::new();

    // What to send: each source once, unless the cache has it.
    let jobs: Vec<Job> = sources.iter().map(|s| Job::new(s, kind, model)).collect();
    let mut english: Vec<Option<String>> = vec![None; sources.len()];
    // The first source of each key: copies of a sentence are sent once.
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut pending: Vec<usize> = Vec::new();
    for (i, job) in jobs.iter().enumerate() {
        if let Some(&f) = first.get(job.key.as_str()) {
            english[i] = english[f].clone();
            continue;
        }
        first.insert(&job.key, i);
        if let Some(hit) = cache.as_ref().and_then(|c| c.get(&job.key, &job.plain)) {
            english[i] = Some(hit);
            outcome.stats.cached += 1;
        } else {
            pending.push(i);
        }
    }

    let batches: Vec<&[usize]> = pending.chunks(config.batch).collect();
    let next = AtomicUsize::new(0);
    let requests = AtomicUsize::new(0);
    let down = AtomicBool::new(false);
    let results: Mutex<Vec<(usize, Result<String, String>)>> = Mutex::new(Vec::new());
    let cache_error: Mutex<Option<String>> = Mutex::new(None);
    let failures: Mutex<Vec<(usize, String)>> = Mutex::new(Vec::new());
    let timeout = Duration::from_secs_f64(config.timeout_s);
    std::thread::scope(|scope| {
        for _ in 0..config.concurrency.min(batches.len()) {
            scope.spawn(|| {
                loop {
                    let b = next.fetch_add(1, Ordering::Relaxed);
                    let Some(batch) = batches.get(b) else { break };
                    if down.load(Ordering::Relaxed) {
                        failures.lock().unwrap().push((
                            b,
                            format!(
                                "{} sentence(s) not sent: the backend did not answer an earlier batch",
                                batch.len()
                            ),
                        ));
                        continue;
                    }
                    let texts: Vec<String> = batch.iter().map(|&i| jobs[i].sent.clone()).collect();
                    let glossary = glossary_of(batch.iter().map(|&i| &sources[i]));
                    match with_retries(&*engine, &texts, &glossary, timeout, &requests) {
                        Ok(answers) => {
                            let mut r = results.lock().unwrap();
                            for (&i, answer) in batch.iter().zip(answers) {
                                let text = if kind.uses_placeholders() {
                                    restorer.restore(&answer, &jobs[i].placeholders)
                                } else {
                                    answer
                                };
                                let text = crate::text::display(&text);
                                if text.is_empty() {
                                    r.push((i, Err("an empty translation".into())));
                                    continue;
                                }
                                // Kept as soon as it comes: a run that stops midway loses
                                // only the batches not yet answered.
                                if let Some(c) = &cache
                                    && let Err(e) =
                                        c.put(&jobs[i].key, &jobs[i].plain, &text, kind.as_str(), model)
                                {
                                    cache_error.lock().unwrap().get_or_insert(e);
                                }
                                r.push((i, Ok(text)));
                            }
                        }
                        Err(f) => {
                            if f.unreachable() {
                                down.store(true, Ordering::Relaxed);
                            }
                            failures
                                .lock()
                                .unwrap()
                                .push((b, format!("{} sentence(s) not translated: {f}", batch.len())));
                        }
                    }
                }
            });
        }
    });
    outcome.stats.requests = requests.into_inner();
    let mut failures = failures.into_inner().unwrap();
    failures.sort();
    let backend_name = kind.as_str();
    let place = engine.describe();
    outcome.warnings.extend(
        failures
            .into_iter()
            .map(|(_, f)| redact(format!("{backend_name} ({place}): {f}"))),
    );
    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|(i, _)| *i);
    for (i, r) in results {
        match r {
            Ok(text) => english[i] = Some(text),
            Err(e) => outcome.warnings.push(redact(format!(
                "{backend_name} ({place}): sentence not translated: {e}"
            ))),
        }
    }
    if let Some(e) = cache_error.into_inner().unwrap() {
        outcome
            .warnings
            .push(format!("translations not kept in the cache: {e}"));
    }
    // Copies of a sentence sent once.
    for i in 0..jobs.len() {
        let f = first[jobs[i].key.as_str()];
        if f != i && english[i].is_none() {
            english[i] = english[f].clone();
        }
    }
    for (i, text) in english.into_iter().enumerate() {
        let Some(text) = text else { continue };
        let warnings = names::check(&text, &sources[i]);
        outcome.stats.translated += 1;
        if !warnings.is_empty() {
            outcome.stats.flagged += 1;
        }
        outcome.translations[i] = Some(Translation {
            text,
            backend: backend_name.to_string(),
            model: config.model.clone(),
            warnings,
        });
    }
    outcome.stats.failed = outcome.stats.sentences - outcome.stats.translated;
    outcome
}

/// One source as it is sent and cached.
struct Job {
    /// The Arabic sentence.
    plain: String,
    /// What the backend receives: the sentence, with placeholders for names when the backend
    /// takes them.
    sent: String,
    /// The English name of each placeholder, by number from 1.
    placeholders: Vec<String>,
    /// The cache key.
    key: String,
}

impl Job {
    fn new(source: &Source, kind: Backend, model: Option<&str>) -> Job {
        let plain = source.text();
        let (sent, placeholders) = if kind.uses_placeholders() {
            source.protected()
        } else {
            (plain.clone(), Vec::new())
        };
        let key = cache::key(kind.as_str(), model, &plain, &source.names());
        Job {
            plain,
            sent,
            placeholders,
            key,
        }
    }
}

/// The glossary of a batch: each Arabic spelling with its English name, once, sorted.
fn glossary_of<'a>(sources: impl Iterator<Item = &'a Source>) -> Vec<(String, String)> {
    let mut g: Vec<(String, String)> = sources.flat_map(|s| s.names()).collect();
    g.sort();
    g.dedup();
    g
}

/// Attempts at a batch, the first included.
const ATTEMPTS: usize = 4;

/// Send a batch, retrying with backoff (0.25 s, doubling) at most [`ATTEMPTS`] times in all,
/// while the time allowed lasts. A refusal of the request (a 4xx status other than 429) is
/// not retried.
fn with_retries(
    engine: &dyn backend::Engine,
    texts: &[String],
    glossary: &[(String, String)],
    allowed: Duration,
    requests: &AtomicUsize,
) -> Result<Vec<String>, Failure> {
    let deadline = Instant::now() + allowed;
    let mut backoff = Duration::from_millis(250);
    for attempt in 1.. {
        let left = deadline.saturating_duration_since(Instant::now());
        requests.fetch_add(1, Ordering::Relaxed);
        let failure = match engine.send(texts, glossary, left) {
            Ok(answers) => return Ok(answers),
            Err(f) => f,
        };
        let left = deadline.saturating_duration_since(Instant::now());
        if !failure.retryable() || left <= backoff || attempt >= ATTEMPTS {
            return Err(failure);
        }
        std::thread::sleep(backoff);
        backoff *= 2;
    }
    unreachable!("the attempts end by a return")
}

/// Every chosen sentence of a digest (themes and their stories hold copies).
fn views_mut(digest: &mut Digest) -> impl Iterator<Item = &mut SentenceView> {
    digest.themes.iter_mut().flat_map(|t| {
        t.sentences
            .iter_mut()
            .chain(t.stories.iter_mut().flat_map(|s| s.sentences.iter_mut()))
    })
}

/// Translate the chosen sentences of a digest: each sentence gets its translation (or none),
/// and the digest the [`DigestTranslation`] its page shows. Does nothing without a backend.
pub fn translate_digest(digest: &mut Digest, config: &TranslateConfig) -> Option<Outcome> {
    let kind = config.backend?;
    let mut ids: HashMap<(String, usize), usize> = HashMap::new();
    let mut sources: Vec<Source> = Vec::new();
    for v in views_mut(digest) {
        ids.entry((v.doc.clone(), v.index)).or_insert_with(|| {
            sources.push(Source::from_view(v));
            sources.len() - 1
        });
    }
    let outcome = translate(&sources, config);
    for v in views_mut(digest) {
        if let Some(&k) = ids.get(&(v.doc.clone(), v.index)) {
            v.translation = outcome.translations[k].clone();
        }
    }
    digest.translation = Some(DigestTranslation {
        backend: kind.as_str().to_string(),
        model: config.model.clone(),
        sentences: outcome.stats.sentences,
        translated: outcome.stats.translated,
        failed: outcome.stats.failed,
        flagged: outcome.stats.flagged,
    });
    Some(outcome)
}

#[cfg(test)]
mod tests;
