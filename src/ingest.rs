//! Ingest: files and folders in, documents out. Reads plain text, Markdown with front matter,
//! HTML pages and JSON / JSON Lines feeds; detects and decodes the encoding (UTF-8 with or
//! without BOM, UTF-16 with BOM, Windows-1256); finds the headline; marks page chrome; drops
//! duplicate articles and documents that are not mostly Arabic. A bad input is reported and
//! skipped, never fatal to the others.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::text;

/// Inputs larger than this are refused (bytes).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The input formats khulasa reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Markdown,
    Html,
    Json,
}

/// One article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// A short id, unique within a run, safe as a file name and an HTML anchor.
    pub id: String,
    /// The path it was read from (and, for feeds, the item number: `feed.jsonl#3`).
    pub path: String,
    pub title: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub date: Option<String>,
    pub format: Format,
    /// The text as read (BOM removed) for plain text; the extracted article text otherwise.
    /// Every offset of later stages points into this text.
    pub text: String,
    /// Byte ranges of whole lines to leave out: page chrome, front matter.
    pub skip: Vec<(usize, usize)>,
    /// The encoding the file was decoded from.
    pub encoding: String,
}

/// A file or feed item that was skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub path: String,
    pub reason: String,
}

/// What ingest produced: the documents and the problems met on the way.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Ingested {
    pub documents: Vec<Document>,
    pub problems: Vec<Problem>,
    /// Notes that are not failures: duplicates dropped, lines removed as chrome.
    pub notes: Vec<String>,
}

/// Options of ingest.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Minimum share of Arabic letters among all letters for a document to be kept.
    pub min_arabic_share: f64,
    /// Extra chrome lines (normalized) on top of the built-in list.
    pub extra_chrome: Vec<String>,
    /// A line repeated in at least this many documents of one source is chrome (0: off).
    pub repeated_line_docs: usize,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            min_arabic_share: 0.5,
            extra_chrome: Vec::new(),
            repeated_line_docs: 3,
        }
    }
}

fn chrome_set() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| crate::data::word_list(crate::data::CHROME))
}

/// Walk the inputs (files, folders recursively, `-` for standard input) in a stable order.
pub fn collect_paths(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            files.push(input.clone());
            continue;
        }
        if input.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(input)
                .follow_links(true)
                .into_iter()
                .filter_map(|e| match e {
                    Ok(e) => Some(e),
                    Err(err) => {
                        problems.push(Problem {
                            path: err
                                .path()
                                .map(|p| p.display().to_string())
                                .unwrap_or_else(|| input.display().to_string()),
                            reason: format!("cannot read folder entry: {err}"),
                        });
                        None
                    }
                })
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
                .filter(|p| {
                    let hidden = p
                        .file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with('.'));
                    !hidden && format_of(p).is_some()
                })
                .collect();
            found.sort();
            files.extend(found);
        } else if input.exists() {
            files.push(input.clone());
        } else {
            problems.push(Problem {
                path: input.display().to_string(),
                reason: "no such file or folder".into(),
            });
        }
    }
    // One global order, whatever the order of the arguments: the digest depends on it.
    files.sort();
    files.dedup();
    (files, problems)
}

/// The format of a path, from its extension (`.txt`, `.md`, `.html`, `.jsonl` ...).
pub fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "txt" | "text" => Format::Text,
        "md" | "markdown" => Format::Markdown,
        "html" | "htm" | "xhtml" => Format::Html,
        "json" | "jsonl" | "ndjson" => Format::Json,
        _ => return None,
    })
}

/// Decode bytes to text: BOMs first (UTF-8, UTF-16 LE/BE), then UTF-8, then Windows-1256.
/// Binary data (NUL bytes, control characters) is refused.
pub fn decode(bytes: &[u8]) -> std::result::Result<(String, &'static str), String> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors && enc != encoding_rs::UTF_8 {
            return Err(format!("invalid {} text", enc.name()));
        }
        return Ok((text.into_owned(), enc.name()));
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let controls = head
        .iter()
        .filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)))
        .count();
    if head.contains(&0) || controls * 50 > head.len().max(1) {
        return Err("binary data, not text".into());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), "UTF-8")),
        Err(_) => {
            let (text, _, had_errors) = encoding_rs::WINDOWS_1256.decode(bytes);
            if had_errors {
                return Err("not valid UTF-8 or Windows-1256 text".into());
            }
            Ok((text.into_owned(), "windows-1256"))
        }
    }
}

/// Read every input. Problems are collected, never fatal.
pub fn ingest(inputs: &[PathBuf], opts: &IngestOptions) -> Ingested {
    let (files, mut problems) = collect_paths(inputs);
    let mut documents = Vec::new();
    for path in &files {
        let (mut docs, mut probs) = read_file(path);
        documents.append(&mut docs);
        problems.append(&mut probs);
    }
    finish(documents, problems, opts)
}

/// Read documents from in-memory text (tests, standard input).
pub fn ingest_text(path: &str, format: Format, text: &str, opts: &IngestOptions) -> Ingested {
    let (documents, problems) = parse(path, format, text.trim_start_matches('\u{feff}'), "UTF-8");
    finish(documents, problems, opts)
}

fn read_file(path: &Path) -> (Vec<Document>, Vec<Problem>) {
    match read_bytes(path) {
        Ok((shown, format, text, enc)) => parse(&shown, format, &text, enc),
        Err(p) => (Vec::new(), p),
    }
}

type Decoded = (String, Format, String, &'static str);

fn read_bytes(path: &Path) -> std::result::Result<Decoded, Vec<Problem>> {
    let shown = path.display().to_string();
    let problem = |reason: String| {
        vec![Problem {
            path: shown.clone(),
            reason,
        }]
    };
    let (bytes, format) = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut buf)
            .map_err(|e| problem(format!("cannot read standard input: {e}")))?;
        (buf, Format::Text)
    } else {
        let meta = std::fs::metadata(path).map_err(|e| problem(format!("cannot read: {e}")))?;
        if meta.len() > MAX_FILE_BYTES {
            return Err(problem(format!(
                "file too large ({} MB; the limit is {} MB)",
                meta.len() / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            )));
        }
        let bytes = std::fs::read(path).map_err(|e| problem(format!("cannot read: {e}")))?;
        (bytes, format_of(path).unwrap_or(Format::Text))
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(problem("empty file".into()));
    }
    let (text, enc) = decode(&bytes).map_err(problem)?;
    Ok((shown, format, text, enc))
}

fn parse(path: &str, format: Format, text: &str, enc: &str) -> (Vec<Document>, Vec<Problem>) {
    match format {
        Format::Text => (vec![plain(path, text.to_string(), enc)], Vec::new()),
        Format::Markdown => (vec![markdown(path, text, enc)], Vec::new()),
        Format::Html => match html(path, text, enc) {
            Ok(d) => (vec![d], Vec::new()),
            Err(r) => (
                Vec::new(),
                vec![Problem {
                    path: path.into(),
                    reason: r,
                }],
            ),
        },
        Format::Json => feed(path, text, enc),
    }
}

fn new_doc(path: &str, format: Format, text: String, enc: &str) -> Document {
    Document {
        id: String::new(),
        path: path.to_string(),
        title: None,
        source: None,
        url: None,
        date: None,
        format,
        text,
        skip: Vec::new(),
        encoding: enc.to_string(),
    }
}

fn plain(path: &str, text: String, enc: &str) -> Document {
    new_doc(path, Format::Text, text, enc)
}

/// Markdown with YAML (`---`) or TOML (`+++`) front matter. The document text is the whole
/// file; the front matter lines are skipped.
fn markdown(path: &str, text: &str, enc: &str) -> Document {
    let mut doc = new_doc(path, Format::Markdown, text.to_string(), enc);
    for (fence, is_toml) in [("---", false), ("+++", true)] {
        let Some(rest) = text.strip_prefix(fence) else {
            continue;
        };
        if !rest.starts_with(['\n', '\r']) {
            continue;
        }
        let close = format!("\n{fence}");
        let Some(end) = rest.find(&close) else {
            continue;
        };
        let fm = &rest[..end];
        let after = fence.len() + end + close.len();
        let after = text[after..]
            .find('\n')
            .map(|i| after + i + 1)
            .unwrap_or(text.len());
        let meta: BTreeMap<String, String> = if is_toml {
            toml::from_str::<toml::Table>(fm)
                .map(|t| {
                    t.into_iter()
                        .map(|(k, v)| (k, scalar_string(&v.to_string())))
                        .collect()
                })
                .unwrap_or_default()
        } else {
            serde_yaml::from_str::<BTreeMap<String, serde_yaml::Value>>(fm)
                .map(|m| {
                    m.into_iter()
                        .filter_map(|(k, v)| match v {
                            serde_yaml::Value::String(s) => Some((k, s)),
                            serde_yaml::Value::Number(n) => Some((k, n.to_string())),
                            serde_yaml::Value::Bool(b) => Some((k, b.to_string())),
                            _ => None,
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        doc.title = meta.get("title").cloned();
        doc.source = meta.get("source").cloned();
        doc.url = meta.get("url").cloned();
        doc.date = meta.get("date").cloned();
        doc.skip.push((0, after));
        break;
    }
    doc
}

fn scalar_string(s: &str) -> String {
    s.trim_matches('"').to_string()
}

/// Extract the article from an HTML page: paragraphs and headings of `<article>` or `<main>`
/// (else of the body), without scripts, styles, navigation, header, footer and asides.
fn html(path: &str, page: &str, enc: &str) -> std::result::Result<Document, String> {
    use scraper::{Html, Selector};
    let dom = Html::parse_document(page);
    let sel = |s: &str| Selector::parse(s).expect("static selector");
    let meta = |s: &str| {
        dom.select(&sel(s))
            .next()
            .and_then(|e| e.value().attr("content").map(|c| c.trim().to_string()))
            .filter(|c| !c.is_empty())
    };
    let title = meta("meta[property=\"og:title\"]").or_else(|| {
        dom.select(&sel("title"))
            .next()
            .map(|t| text::display(&t.text().collect::<String>()))
            .filter(|t| !t.is_empty())
    });
    let date = meta("meta[property=\"article:published_time\"]")
        .or_else(|| meta("meta[name=\"date\"]"))
        .or_else(|| meta("meta[name=\"pubdate\"]"))
        .or_else(|| meta("meta[itemprop=\"datePublished\"]"))
        .or_else(|| {
            dom.select(&sel("time[datetime]"))
                .next()
                .and_then(|t| t.value().attr("datetime").map(String::from))
        });
    let source = meta("meta[property=\"og:site_name\"]").or_else(|| meta("meta[name=\"author\"]"));
    let url = meta("meta[property=\"og:url\"]").or_else(|| {
        dom.select(&sel("link[rel=\"canonical\"]"))
            .next()
            .and_then(|l| l.value().attr("href").map(String::from))
    });

    let excluded = [
        "script", "style", "nav", "header", "footer", "aside", "form", "noscript", "button",
        "figure", "iframe",
    ];
    let inside_excluded = |el: &scraper::ElementRef| {
        el.ancestors()
            .filter_map(scraper::ElementRef::wrap)
            .any(|a| {
                excluded.contains(&a.value().name())
                    || a.value().attr("role").is_some_and(|r| r == "navigation")
            })
    };
    let blocks = sel("h1, h2, h3, h4, p, li, blockquote");
    let mut paragraphs: Vec<String> = Vec::new();
    for root in ["article", "main", "[role=\"main\"]", "body"] {
        for r in dom.select(&sel(root)) {
            for el in r.select(&blocks) {
                if inside_excluded(&el)
                    || el
                        .ancestors()
                        .filter_map(scraper::ElementRef::wrap)
                        .any(|a| blocks.matches(&a))
                {
                    continue;
                }
                let t = text::display(&el.text().collect::<String>());
                if !t.is_empty() {
                    paragraphs.push(t);
                }
            }
        }
        if !paragraphs.is_empty() {
            break;
        }
    }
    if paragraphs.is_empty() {
        return Err("no article text found in the HTML page".into());
    }
    // The page's own <h1> often repeats the title: keep it as the headline line.
    let mut doc = new_doc(path, Format::Html, paragraphs.join("\n\n"), enc);
    doc.title = title;
    doc.date = date;
    doc.source = source;
    doc.url = url;
    Ok(doc)
}

/// JSON Lines (one object a line) or JSON (an object or an array of objects). Fields: `title`,
/// `text` or `body` or `content`, `url`, `date`, `source`. A bad item is a problem of its own.
fn feed(path: &str, text: &str, enc: &str) -> (Vec<Document>, Vec<Problem>) {
    let mut items: Vec<(String, std::result::Result<serde_json::Value, String>)> = Vec::new();
    let trimmed = text.trim_start();
    if trimmed.starts_with('[')
        || (trimmed.starts_with('{') && serde_json::from_str::<serde_json::Value>(text).is_ok())
    {
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(serde_json::Value::Array(a)) => {
                for (i, v) in a.into_iter().enumerate() {
                    items.push((format!("{path}#{}", i + 1), Ok(v)));
                }
            }
            Ok(v) => items.push((path.to_string(), Ok(v))),
            Err(e) => items.push((path.to_string(), Err(format!("invalid JSON: {e}")))),
        }
    } else {
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            items.push((
                format!("{path}#{}", i + 1),
                serde_json::from_str(line)
                    .map_err(|e| format!("invalid JSON on line {}: {e}", i + 1)),
            ));
        }
    }
    let mut docs = Vec::new();
    let mut problems = Vec::new();
    for (item_path, v) in items {
        let obj = match v {
            Ok(serde_json::Value::Object(o)) => o,
            Ok(_) => {
                problems.push(Problem {
                    path: item_path,
                    reason: "feed item is not a JSON object".into(),
                });
                continue;
            }
            Err(reason) => {
                problems.push(Problem {
                    path: item_path,
                    reason,
                });
                continue;
            }
        };
        let field = |k: &str| {
            obj.get(k)
                .and_then(|v| v.as_str())
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
        };
        let Some(body) = field("text")
            .or_else(|| field("body"))
            .or_else(|| field("content"))
        else {
            problems.push(Problem {
                path: item_path,
                reason: "feed item has no text, body or content".into(),
            });
            continue;
        };
        let body = if body.contains("</p>") || body.contains("<br") {
            html(&item_path, &body, enc).map(|d| d.text).unwrap_or(body)
        } else {
            body
        };
        let mut d = new_doc(&item_path, Format::Json, body, enc);
        d.title = field("title");
        d.url = field("url").or_else(|| field("link"));
        d.date = field("date").or_else(|| field("published"));
        d.source = field("source");
        docs.push(d);
    }
    if docs.is_empty() && problems.is_empty() {
        problems.push(Problem {
            path: path.to_string(),
            reason: "feed has no items".into(),
        });
    }
    (docs, problems)
}

/// Line byte ranges of `text` (without the line break).
fn line_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut v = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        v.push((pos, pos + line.trim_end_matches(['\n', '\r']).len()));
        pos += line.len();
    }
    v
}

/// After reading: chrome, headlines, duplicates, language, ids.
fn finish(
    mut documents: Vec<Document>,
    mut problems: Vec<Problem>,
    opts: &IngestOptions,
) -> Ingested {
    let mut notes = Vec::new();
    let chrome = chrome_set();
    let extra: HashSet<String> = opts.extra_chrome.iter().map(|s| text::norm(s)).collect();

    // Lines repeated across documents of one source (source, else folder).
    let mut line_docs: HashMap<(String, String), usize> = HashMap::new();
    let group_of = |d: &Document| {
        d.source.clone().unwrap_or_else(|| {
            Path::new(d.path.split('#').next().unwrap_or(&d.path))
                .parent()
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        })
    };
    let mut group_sizes: HashMap<String, usize> = HashMap::new();
    for d in &documents {
        *group_sizes.entry(group_of(d)).or_default() += 1;
        let mut seen = HashSet::new();
        for (s, e) in line_ranges(&d.text) {
            let n = text::norm(&d.text[s..e]);
            if !n.is_empty() && seen.insert(n.clone()) {
                *line_docs.entry((group_of(d), n)).or_default() += 1;
            }
        }
    }

    let mut kept = Vec::new();
    let mut seen_texts: HashMap<String, String> = HashMap::new();
    for mut d in documents.drain(..) {
        let group = group_of(&d);
        let repeated_min = opts.repeated_line_docs;
        let group_size = group_sizes.get(&group).copied().unwrap_or(0);
        for (s, e) in line_ranges(&d.text) {
            if d.skip.iter().any(|&(a, b)| s >= a && e <= b) {
                continue;
            }
            let n = text::norm(&d.text[s..e]);
            if n.is_empty() {
                continue;
            }
            let bare = n.trim_matches(|c: char| !text::is_word_char(c)).to_string();
            let repeated = repeated_min > 0
                && group_size >= repeated_min
                && line_docs
                    .get(&(group.clone(), n.clone()))
                    .copied()
                    .unwrap_or(0)
                    >= repeated_min;
            if chrome.contains(&n) || chrome.contains(&bare) || extra.contains(&n) || repeated {
                d.skip.push((s, e));
            }
        }
        d.skip.sort();
        // Language: the body must be mostly Arabic script.
        let body: String = visible_text(&d);
        if body.trim().is_empty() {
            problems.push(Problem {
                path: d.path.clone(),
                reason: "no text left after removing page chrome".into(),
            });
            continue;
        }
        let share = text::arabic_share(&body);
        if share < opts.min_arabic_share {
            problems.push(Problem {
                path: d.path.clone(),
                reason: format!(
                    "not an Arabic article ({:.0}% of its letters are Arabic script)",
                    share * 100.0
                ),
            });
            continue;
        }
        // Duplicates: the same normalized text read once.
        let key: String = text::norm(&body)
            .chars()
            .filter(|c| text::is_word_char(*c))
            .collect();
        if let Some(first) = seen_texts.get(&key) {
            notes.push(format!("{}: same article as {first}, read once", d.path));
            continue;
        }
        seen_texts.insert(key, d.path.clone());
        // Headline: the first content line, when it has no terminal punctuation.
        if d.title.is_none() {
            for (s, e) in line_ranges(&d.text) {
                if d.skip.iter().any(|&(a, b)| s >= a && e <= b) || d.text[s..e].trim().is_empty() {
                    continue;
                }
                let line = d.text[s..e].trim();
                let line = line.trim_start_matches('#').trim();
                let ends = line
                    .trim_end_matches(|c| matches!(c, '"' | '»' | ')'))
                    .ends_with(['.', '؟', '?', '!', '…', '؛', ':']);
                if !ends && line.split_whitespace().count() <= 20 {
                    d.title = Some(text::display(line));
                }
                break;
            }
        }
        kept.push(d);
    }
    assign_ids(&mut kept);
    Ingested {
        documents: kept,
        problems,
        notes,
    }
}

/// The text of a document without its skipped lines.
pub fn visible_text(d: &Document) -> String {
    let mut out = String::with_capacity(d.text.len());
    let mut pos = 0;
    for &(s, e) in &d.skip {
        if s > pos {
            out.push_str(&d.text[pos..s]);
        }
        pos = pos.max(e);
    }
    if pos < d.text.len() {
        out.push_str(&d.text[pos..]);
    }
    out
}

/// Ids from file names: lowercase ASCII, digits and '-', made unique with a counter.
fn assign_ids(docs: &mut [Document]) {
    let mut used: HashMap<String, usize> = HashMap::new();
    for d in docs.iter_mut() {
        let (file, item) = match d.path.split_once('#') {
            Some((f, i)) => (f, Some(i)),
            None => (d.path.as_str(), None),
        };
        let stem = Path::new(file)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("doc");
        let mut base = crate::entities::slug(stem);
        if base.is_empty() {
            base = "doc".into();
        }
        if let Some(i) = item {
            base = format!("{base}-{}", crate::entities::slug(i));
        }
        base.truncate(60);
        let n = used.entry(base.clone()).or_default();
        *n += 1;
        d.id = if *n == 1 { base } else { format!("{base}-{n}") };
    }
}

/// Read one file as a single error-or-documents result (for commands that take one file).
pub fn read_one(path: &Path) -> Result<Vec<Document>> {
    let r = ingest(&[path.to_path_buf()], &IngestOptions::default());
    if r.documents.is_empty()
        && let Some(p) = r.problems.first()
    {
        return Err(Error::Input {
            path: PathBuf::from(&p.path),
            reason: p.reason.clone(),
        });
    }
    Ok(r.documents)
}

#[cfg(test)]
mod tests;
