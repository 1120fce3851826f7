//! Ingest: files and folders in, documents out. Reads plain text, Markdown with front matter,
//! HTML pages and JSON / JSON Lines feeds; detects and decodes the encoding (UTF-8 and UTF-16
//! with or without BOM, a page's declared charset, else chardetng's guess: Windows-1256,
//! ISO-8859-6 ...); finds the headline; marks page chrome; drops duplicate articles and
//! documents that are not mostly Arabic. A bad input is reported and skipped, never fatal to
//! the others.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::arabic;
use crate::config::FeedFields;
use crate::error::{Error, Result};
use crate::text;

pub mod extract;
pub mod furniture;
mod rss;

pub use furniture::Reason;

/// Inputs larger than this are refused (bytes); a JSON Lines feed larger than this is read
/// item by item, and the limit applies to each of its lines.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// One article longer than this (bytes of text) is refused: no news article is that long, and
/// one document is analyzed on one core with memory in proportion to its size. Feeds of many
/// articles may be larger as a whole.
pub const MAX_ARTICLE_BYTES: usize = 4 * 1024 * 1024;

/// The input formats khulasa reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Markdown,
    Html,
    Json,
    /// An RSS or Atom feed.
    Rss,
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
    /// The author, when the input names one (a page's metadata, front matter, a feed field).
    pub author: Option<String>,
    pub format: Format,
    /// The text as read (BOM removed) for plain text; the extracted article text otherwise.
    /// Every offset of later stages points into this text.
    pub text: String,
    /// Ranges of the text to leave out, each with the reason: whole lines (front matter, page
    /// chrome, captions, bylines ...), or the dateline that opens a line. Sorted.
    pub skip: Vec<Skip>,
    /// The encoding the file was decoded from.
    pub encoding: String,
}

/// A range of a document's text left out, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Skip {
    pub start: usize,
    pub end: usize,
    pub reason: Reason,
}

impl Document {
    /// The byte ranges left out, for [`text::segment`].
    pub fn skip_ranges(&self) -> Vec<(usize, usize)> {
        self.skip.iter().map(|k| (k.start, k.end)).collect()
    }

    /// The text left out and why, in order, front matter aside (its fields are the
    /// document's metadata).
    pub fn dropped(&self) -> impl Iterator<Item = (&str, Reason)> {
        self.skip
            .iter()
            .filter(|k| k.reason != Reason::FrontMatter)
            .map(|k| (self.text[k.start..k.end].trim(), k.reason))
    }
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
    /// The page-chrome table (built-in lines plus the configuration's, see
    /// [`crate::Resources`]).
    pub chrome: std::sync::Arc<Chrome>,
    /// A line repeated in at least this many documents of one source is chrome (0: off).
    pub repeated_line_docs: usize,
    /// Files (and standard input) larger than this many bytes are refused.
    pub max_file_bytes: u64,
    /// A single article larger than this many bytes of text is refused.
    pub max_article_bytes: usize,
    /// A feed's own field names, tried before the built-in ones.
    pub feed_fields: FeedFields,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            min_arabic_share: 0.5,
            chrome: std::sync::Arc::new(Chrome::builtin()),
            repeated_line_docs: 3,
            max_file_bytes: MAX_FILE_BYTES,
            max_article_bytes: MAX_ARTICLE_BYTES,
            feed_fields: FeedFields::default(),
        }
    }
}

/// Known lines of web-page chrome: whole lines, and prefixes (entries ending with `*`: a short
/// line that begins with one, such as "اقرأ أيضا: ..." before a link, is chrome).
#[derive(Debug, Clone, Default)]
pub struct Chrome {
    lines: crate::arabic::WordSet,
    prefixes: Vec<String>,
}

impl Chrome {
    /// The built-in list (`data/chrome.txt`).
    pub fn builtin() -> Chrome {
        let mut c = Chrome::default();
        c.add_list(crate::data::CHROME);
        c
    }

    /// Add the entries of a list in the `data/chrome.txt` format (one a line, `#` comments).
    pub fn add_list(&mut self, text: &str) {
        for e in crate::arabic::word_list(text) {
            self.insert(e);
        }
    }

    /// Add one entry (normalized here); a trailing `*` makes it a prefix.
    pub fn add(&mut self, entry: String) {
        self.insert(arabic::norm(&entry));
    }

    /// Add one normalized entry.
    fn insert(&mut self, e: String) {
        match e.strip_suffix('*') {
            Some(p) => self.prefixes.push(p.trim().to_string()),
            None => {
                self.lines.insert(e);
            }
        }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.lines.len() + self.prefixes.len()
    }

    /// Is the table empty?
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Is this normalized line page chrome?
    pub fn is_chrome_line(&self, n: &str) -> bool {
        let bare = n.trim_matches(|c: char| !arabic::is_word_char(c));
        if self.lines.contains(n) || self.lines.contains(bare) {
            return true;
        }
        let words = n.split_whitespace().count();
        if words > CHROME_PREFIX_MAX_WORDS {
            return false;
        }
        n.contains('©')
            || self.prefixes.iter().any(|p| {
                bare.strip_prefix(p.as_str())
                    .is_some_and(|rest| rest.is_empty() || !rest.starts_with(arabic::is_word_char))
            })
    }
}

/// Lines of at most this many words may be chrome by prefix or by a copyright sign.
const CHROME_PREFIX_MAX_WORDS: usize = 14;

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
        "xml" | "rss" | "atom" => Format::Rss,
        _ => return None,
    })
}

/// Decode bytes to text, trying in order: a BOM (UTF-8, UTF-16 LE/BE); UTF-16 without a BOM
/// (told by its zero bytes); UTF-8; UTF-8 with a few malformed bytes (each read as U+FFFD, as
/// after a UTF-8 BOM); the encoding an HTML page declares (`<meta charset>` or
/// `http-equiv="Content-Type"`); the encoding chardetng guesses from the bytes (Windows-1256
/// and ISO-8859-6 for Arabic, Windows-1252 for Latin-1 text, and so on). Binary data (NUL
/// bytes, control characters) is refused, and so are bytes that the encoding they are read in
/// leaves undefined; the error names that encoding.
pub fn decode(bytes: &[u8]) -> std::result::Result<(String, &'static str), String> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors && enc != encoding_rs::UTF_8 {
            return Err(format!("invalid {} text", enc.name()));
        }
        return Ok((text.into_owned(), enc.name()));
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if let Some(enc) = utf16_without_bom(head) {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        if !had_errors && !looks_binary(text.as_bytes()) {
            return Ok((text.into_owned(), enc.name()));
        }
    }
    if looks_binary(head) {
        return Err(
            "binary data, not text (khulasa reads .txt, .md, .html, .json and .jsonl text files)"
                .into(),
        );
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_string(), "UTF-8"));
    }
    if mostly_utf8(bytes) {
        return Ok((String::from_utf8_lossy(bytes).into_owned(), "UTF-8"));
    }
    let declared = declared_charset(bytes);
    if let Some(enc) = declared
        && let Ok(text) = decode_legacy(bytes, enc)
    {
        return Ok((text, enc.name()));
    }
    let guessed = guess_encoding(bytes);
    decode_legacy(bytes, guessed)
        .map(|text| (text, guessed.name()))
        .map_err(|undefined| {
            let declared = match declared {
                Some(d) if d != guessed => {
                    format!(
                        "; the page declares {}, which does not fit either",
                        d.name()
                    )
                }
                _ => String::new(),
            };
            format!(
                "not readable text: not UTF-8, and read as {} (the encoding that best fits its \
             bytes{declared}) {undefined} of its characters are undefined",
                guessed.name()
            )
        })
}

/// The text of `bytes` in a legacy encoding, or the number of characters that come out
/// undefined: malformed sequences, and C1 control characters (bytes 0x80-0x9F of the
/// ISO-8859 encodings and the holes of Windows-1252), which no text file means.
fn decode_legacy(
    bytes: &[u8],
    enc: &'static encoding_rs::Encoding,
) -> std::result::Result<String, usize> {
    let (text, _) = enc.decode_without_bom_handling(bytes);
    let undefined = text
        .chars()
        .filter(|&c| c == char::REPLACEMENT_CHARACTER || ('\u{80}'..='\u{9f}').contains(&c))
        .count();
    if undefined > 0 {
        return Err(undefined);
    }
    Ok(text.into_owned())
}

/// UTF-8 with a few malformed bytes (a damaged or truncated file, a stray byte pasted in):
/// many more well-formed multi-byte characters than malformed sequences. Text in a legacy
/// encoding is the other way round: its non-ASCII bytes seldom happen to form UTF-8.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut malformed) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            malformed += 1;
        }
    }
    malformed > 0 && multibyte >= MOSTLY_UTF8_RATIO * malformed
}

/// Well-formed multi-byte characters per malformed sequence for bytes to be read as UTF-8.
const MOSTLY_UTF8_RATIO: usize = 16;

/// How far into a file an HTML encoding declaration is looked for (a page's `<head>`).
const DECLARATION_WINDOW: usize = 4096;

/// The encoding an HTML page declares in its head: `<meta charset="...">` or
/// `<meta http-equiv="Content-Type" content="text/html; charset=...">`, the first that names
/// an encoding. As browsers do, a declared UTF-16 is taken for UTF-8 (the bytes would have
/// told UTF-16), x-user-defined for Windows-1252; UTF-8 itself is left to the checks before,
/// which the bytes failed.
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = bytes[..bytes.len().min(DECLARATION_WINDOW)].to_ascii_lowercase();
    let mut rest = &head[..];
    while let Some(at) = find(rest, b"<meta") {
        let tag = &rest[at + b"<meta".len()..];
        let end = tag.iter().position(|&b| b == b'>').unwrap_or(tag.len());
        rest = &tag[end..];
        let Some(at) = find(&tag[..end], b"charset") else {
            continue;
        };
        let value = tag[at + b"charset".len()..end].trim_ascii_start();
        let Some(value) = value.strip_prefix(b"=") else {
            continue;
        };
        let value = value.trim_ascii_start();
        let value = value
            .strip_prefix(b"\"")
            .or_else(|| value.strip_prefix(b"'"))
            .unwrap_or(value);
        let len = value
            .iter()
            .position(|&b| matches!(b, b'"' | b'\'' | b';' | b'/') || b.is_ascii_whitespace())
            .unwrap_or(value.len());
        let Some(enc) = encoding_rs::Encoding::for_label(&value[..len]) else {
            continue;
        };
        let enc = match enc {
            e if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => encoding_rs::UTF_8,
            e if e == encoding_rs::X_USER_DEFINED => encoding_rs::WINDOWS_1252,
            e => e,
        };
        return (enc != encoding_rs::UTF_8 && enc != encoding_rs::REPLACEMENT).then_some(enc);
    }
    None
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// chardetng's guess of a legacy encoding. It takes a language hint only as a top-level
/// domain, and none is given: with an Arabic country's domain it reads Cyrillic, Greek, Hebrew
/// or Chinese text as Windows-1256 too, which would turn such a file into Arabic-looking
/// letters that pass the language check ("ar" is Argentina's domain, not an Arabic one).
/// Without a hint, Arabic text is still told from its bytes (Windows-1256 and ISO-8859-6
/// alike), and a file in another language is decoded as what it is, then left out by the
/// language check with a true reason. UTF-8 is not a possible answer: the bytes failed it.
fn guess_encoding(bytes: &[u8]) -> &'static encoding_rs::Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

/// NUL bytes or many control characters: not text.
fn looks_binary(head: &[u8]) -> bool {
    let head = &head[..head.len().min(64 * 1024)];
    let controls = head
        .iter()
        .filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)))
        .count();
    head.contains(&0) || controls * 50 > head.len().max(1)
}

/// UTF-16 without a BOM: the zero bytes (high bytes of spaces, digits and Latin punctuation)
/// all fall on one parity of position.
fn utf16_without_bom(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if head.len() < 4 {
        return None;
    }
    let head = &head[..head.len() & !1];
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, &b) in head.iter().enumerate() {
        if b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    let pairs = head.len() / 2;
    if odd * 20 >= pairs && even * 50 <= odd {
        Some(encoding_rs::UTF_16LE)
    } else if even * 20 >= pairs && odd * 50 <= even {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// The format of text read from standard input, from its first characters.
pub fn sniff_format(text: &str) -> Format {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    let head: String = t.chars().take(512).collect::<String>().to_ascii_lowercase();
    if t.starts_with('{') || t.starts_with('[') {
        Format::Json
    } else if head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf") {
        Format::Rss
    } else if head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.contains("<body")
        || head.starts_with("<article")
        || head.starts_with("<p>")
    {
        Format::Html
    } else if t.starts_with("---\n")
        || t.starts_with("---\r\n")
        || t.starts_with("+++\n")
        || t.starts_with("+++\r\n")
    {
        Format::Markdown
    } else {
        Format::Text
    }
}

/// Read every input. Problems are collected, never fatal.
pub fn ingest(inputs: &[PathBuf], opts: &IngestOptions) -> Ingested {
    use rayon::prelude::*;
    let (files, mut problems) = collect_paths(inputs);
    // Files are read and parsed in parallel; the results keep the sorted order.
    let read: Vec<(Vec<Document>, Vec<Problem>)> =
        files.par_iter().map(|path| read_file(path, opts)).collect();
    let mut documents = Vec::new();
    for (mut docs, mut probs) in read {
        documents.append(&mut docs);
        problems.append(&mut probs);
    }
    finish(documents, problems, opts)
}

/// Read documents from in-memory text (tests, standard input).
pub fn ingest_text(path: &str, format: Format, text: &str, opts: &IngestOptions) -> Ingested {
    let (documents, problems) = parse(
        path,
        format,
        text.trim_start_matches('\u{feff}'),
        "UTF-8",
        &opts.feed_fields,
    );
    finish(documents, problems, opts)
}

fn read_file(path: &Path, opts: &IngestOptions) -> (Vec<Document>, Vec<Problem>) {
    if format_of(path) == Some(Format::Json)
        && std::fs::metadata(path).is_ok_and(|m| m.len() > opts.max_file_bytes)
        && starts_with_object(path)
    {
        return read_json_lines(path, opts);
    }
    match read_bytes(path, opts.max_file_bytes) {
        Ok((shown, format, text, enc)) => parse(&shown, format, &text, enc, &opts.feed_fields),
        Err(p) => (Vec::new(), p),
    }
}

/// Whether a file's first character (after a byte-order mark and white space) opens a JSON
/// object: a JSON Lines feed, one article a line.
fn starts_with_object(path: &Path) -> bool {
    let mut head = [0u8; 4096];
    let Ok(n) = std::fs::File::open(path).and_then(|mut f| std::io::Read::read(&mut f, &mut head))
    else {
        return false;
    };
    let head = head[..n]
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&head[..n]);
    head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// Bytes of JSON Lines parsed together, in parallel, when a feed is read item by item.
const JSON_LINES_BATCH: usize = 8 * 1024 * 1024;

/// A JSON Lines feed larger than the file limit, read item by item: the limit applies to one
/// line (one article), not to the feed, and only a batch of lines is held at a time. Lines
/// are UTF-8, as JSON is; a line over the limit or not UTF-8 is reported by its number and
/// the rest is read.
fn read_json_lines(path: &Path, opts: &IngestOptions) -> (Vec<Document>, Vec<Problem>) {
    use rayon::prelude::*;
    use std::io::{BufRead, Read};
    let shown = path.display().to_string();
    let mut docs = Vec::new();
    let mut problems = Vec::new();
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            problems.push(Problem {
                path: shown,
                reason: format!("cannot read: {e}"),
            });
            return (docs, problems);
        }
    };
    let limit = opts.max_file_bytes;
    let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
    let mut batch: Vec<(usize, String)> = Vec::new();
    let mut batch_bytes = 0;
    let flush = |batch: &mut Vec<(usize, String)>,
                 docs: &mut Vec<Document>,
                 problems: &mut Vec<Problem>| {
        let outcomes: Vec<std::result::Result<Document, Problem>> = batch
            .par_iter()
            .map(|(n, line)| {
                let v = serde_json::from_str(line)
                    .map_err(|e| format!("invalid JSON on line {n}: {e}"));
                feed_item(format!("{shown}#{n}"), v, "UTF-8", &opts.feed_fields)
            })
            .collect();
        batch.clear();
        for o in outcomes {
            match o {
                Ok(d) => docs.push(d),
                Err(p) => problems.push(p),
            }
        }
    };
    let mut line = Vec::new();
    let mut n = 0usize;
    loop {
        line.clear();
        match (&mut reader)
            .take(limit.saturating_add(1))
            .read_until(b'\n', &mut line)
        {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                problems.push(Problem {
                    path: shown.clone(),
                    reason: format!("cannot read after line {n}: {e}"),
                });
                break;
            }
        }
        n += 1;
        let item = format!("{shown}#{n}");
        if line.len() as u64 > limit && line.last() != Some(&b'\n') {
            let _ = reader.skip_until(b'\n');
            problems.push(Problem {
                path: item,
                reason: format!(
                    "feed item too large (line {n} is over {limit} bytes, the limit for one item, set by max_file_bytes)"
                ),
            });
            continue;
        }
        let Ok(text) = std::str::from_utf8(&line) else {
            problems.push(Problem {
                path: item,
                reason: format!("line {n} is not UTF-8 text"),
            });
            continue;
        };
        let text = if n == 1 {
            text.trim_start_matches('\u{feff}')
        } else {
            text
        };
        if text.trim().is_empty() {
            continue;
        }
        batch_bytes += text.len();
        batch.push((n, text.to_string()));
        if batch_bytes >= JSON_LINES_BATCH {
            flush(&mut batch, &mut docs, &mut problems);
            batch_bytes = 0;
        }
    }
    flush(&mut batch, &mut docs, &mut problems);
    if docs.is_empty() && problems.is_empty() {
        problems.push(Problem {
            path: shown,
            reason: "feed has no items".into(),
        });
    }
    (docs, problems)
}

type Decoded = (String, Format, String, &'static str);

fn too_large(len: u64, max: u64) -> String {
    let mb = |b: u64| b as f64 / (1024.0 * 1024.0);
    format!(
        "file too large ({len} bytes, {:.1} MB; the limit is {max} bytes, {:.1} MB)",
        mb(len),
        mb(max)
    )
}

fn read_bytes(path: &Path, max_bytes: u64) -> std::result::Result<Decoded, Vec<Problem>> {
    let is_stdin = path.as_os_str() == "-";
    let shown = if is_stdin {
        "standard input".to_string()
    } else {
        path.display().to_string()
    };
    let problem = |reason: String| {
        vec![Problem {
            path: shown.clone(),
            reason,
        }]
    };
    let bytes = if is_stdin {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(
            &mut std::io::Read::take(std::io::stdin().lock(), max_bytes.saturating_add(1)),
            &mut buf,
        )
        .map_err(|e| problem(format!("cannot read standard input: {e}")))?;
        if buf.len() as u64 > max_bytes {
            return Err(problem(format!(
                "input too large (more than {max_bytes} bytes)"
            )));
        }
        buf
    } else {
        let meta = std::fs::metadata(path).map_err(|e| problem(format!("cannot read: {e}")))?;
        if meta.len() > max_bytes {
            return Err(problem(too_large(meta.len(), max_bytes)));
        }
        std::fs::read(path).map_err(|e| problem(format!("cannot read: {e}")))?
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(problem("empty file".into()));
    }
    let (text, enc) = decode(&bytes).map_err(problem)?;
    if text
        .chars()
        .all(|c| c.is_whitespace() || arabic::is_invisible(c))
    {
        return Err(problem("empty file".into()));
    }
    let format = if is_stdin {
        sniff_format(&text)
    } else {
        format_of(path).unwrap_or(Format::Text)
    };
    Ok((shown, format, text, enc))
}

fn parse(
    path: &str,
    format: Format,
    text: &str,
    enc: &str,
    fields: &FeedFields,
) -> (Vec<Document>, Vec<Problem>) {
    match format {
        Format::Text => (vec![plain(path, text.to_string(), enc)], Vec::new()),
        Format::Markdown => match markdown(path, text, enc) {
            Ok(d) => (vec![d], Vec::new()),
            Err(r) => (
                Vec::new(),
                vec![Problem {
                    path: path.into(),
                    reason: r,
                }],
            ),
        },
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
        Format::Json => feed(path, text, enc, fields),
        Format::Rss => rss::read(path, text, enc),
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
        author: None,
        format,
        text,
        skip: Vec::new(),
        encoding: enc.to_string(),
    }
}

fn plain(path: &str, text: String, enc: &str) -> Document {
    new_doc(path, Format::Text, text, enc)
}

/// Is a declared language (`lang` of front matter or a feed item) one other than Arabic?
fn foreign_lang(lang: Option<&str>) -> Option<String> {
    let l = lang?.trim();
    let lower = l.to_ascii_lowercase();
    let arabic = lower.is_empty()
        || lower == "ar"
        || lower.starts_with("ar-")
        || lower.starts_with("ar_")
        || lower == "ara"
        || lower == "arabic"
        || l == "العربية"
        || l == "عربي";
    (!arabic).then(|| format!("not an Arabic article (declared language {l:?}), left out"))
}

/// Markdown with YAML (`---`) or TOML (`+++`) front matter (`title`, `source`, `url`,
/// `date`, `lang`). The document text is the whole file; the front matter lines are skipped.
fn markdown(path: &str, text: &str, enc: &str) -> std::result::Result<Document, String> {
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
                        .filter_map(|(k, v)| {
                            let s = match v {
                                toml::Value::String(s) => s,
                                toml::Value::Datetime(d) => d.to_string(),
                                toml::Value::Integer(i) => i.to_string(),
                                toml::Value::Float(f) => f.to_string(),
                                toml::Value::Boolean(b) => b.to_string(),
                                _ => return None,
                            };
                            Some((k, s))
                        })
                        .collect()
                })
                .map_err(|e| format!("invalid TOML front matter: {}", e.message()))?
        } else {
            serde_norway::from_str::<BTreeMap<String, serde_norway::Value>>(fm)
                .map(|m| {
                    m.into_iter()
                        .filter_map(|(k, v)| match v {
                            serde_norway::Value::String(s) => Some((k, s)),
                            serde_norway::Value::Number(n) => Some((k, n.to_string())),
                            serde_norway::Value::Bool(b) => Some((k, b.to_string())),
                            _ => None,
                        })
                        .collect()
                })
                .map_err(|e| format!("invalid YAML front matter: {e}"))?
        };
        if let Some(r) = foreign_lang(meta.get("lang").map(String::as_str)) {
            return Err(r);
        }
        let get = |k: &str| {
            meta.get(k)
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        doc.title = get("title");
        doc.source = get("source");
        doc.url = get("url");
        doc.date = get("date");
        doc.author = get("author");
        doc.skip.push(Skip {
            start: 0,
            end: after,
            reason: Reason::FrontMatter,
        });
        break;
    }
    Ok(doc)
}

/// Extract the article from an HTML page (see [`extract`]): the headline on the first line,
/// then the article's paragraphs, blank lines between them.
fn html(path: &str, page: &str, enc: &str) -> std::result::Result<Document, String> {
    let p = extract::extract(page);
    if p.paragraphs.is_empty() {
        return Err("no article text found in the HTML page".into());
    }
    let body = p
        .paragraphs
        .iter()
        .map(|lines| lines.join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n");
    let text = match &p.title {
        Some(t) => format!("{t}\n\n{body}"),
        None => body,
    };
    let mut doc = new_doc(path, Format::Html, text, enc);
    doc.title = p.title;
    doc.date = p.date;
    doc.source = p.site.or_else(|| p.author.clone());
    doc.author = p.author;
    doc.url = p.url;
    Ok(doc)
}

/// A string field of a feed item: a string, or an object's `rendered` / `text` / `value`
/// string (WordPress and similar APIs).
fn feed_field(obj: &serde_json::Map<String, serde_json::Value>, k: &str) -> Option<String> {
    let v = obj.get(k)?;
    let s = match v {
        serde_json::Value::String(s) => s.as_str(),
        serde_json::Value::Object(o) => ["rendered", "text", "value", "name"]
            .iter()
            .find_map(|k| o.get(*k).and_then(|v| v.as_str()))?,
        _ => return None,
    };
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// JSON Lines (one object a line) or JSON (an object, an array of objects, or an object with
/// an `items` / `articles` / `data` array as in JSON Feed). Fields: `title`, `text` or `body`
/// or `content` (or JSON Feed's `content_text` / `content_html`), `url` or `link`, `date` or
/// `published` or `date_published`, `source`, `lang` or `language`. A bad item is a problem
/// of its own; the others are read.
fn feed(path: &str, text: &str, enc: &str, fields: &FeedFields) -> (Vec<Document>, Vec<Problem>) {
    type Item = (String, std::result::Result<serde_json::Value, String>);
    let mut items: Vec<Item> = Vec::new();
    let trimmed = text.trim_start();
    let whole: Option<std::result::Result<serde_json::Value, serde_json::Error>> =
        if trimmed.starts_with('[') {
            Some(serde_json::from_str(text))
        } else if trimmed.starts_with('{') {
            // One object (possibly over many lines), or JSON Lines.
            match serde_json::from_str::<serde_json::Value>(text) {
                Ok(v) => Some(Ok(v)),
                Err(_) => None,
            }
        } else {
            None
        };
    let json_lines = whole.is_none();
    match whole {
        Some(Ok(serde_json::Value::Array(a))) => {
            items.extend(
                a.into_iter()
                    .enumerate()
                    .map(|(i, v)| (format!("{path}#{}", i + 1), Ok(v))),
            );
        }
        Some(Ok(serde_json::Value::Object(mut o))) => {
            let list = ["items", "articles", "data", "entries"]
                .iter()
                .find(|k| o.get(**k).is_some_and(|v| v.is_array()))
                .and_then(|k| o.remove(*k));
            match list {
                Some(serde_json::Value::Array(a)) => {
                    let feed_source = feed_field(&o, "source").or_else(|| feed_field(&o, "title"));
                    items.extend(a.into_iter().enumerate().map(|(i, mut v)| {
                        if let (Some(src), Some(obj)) = (&feed_source, v.as_object_mut()) {
                            obj.entry("source")
                                .or_insert_with(|| serde_json::Value::String(src.clone()));
                        }
                        (format!("{path}#{}", i + 1), Ok(v))
                    }));
                }
                _ => items.push((path.to_string(), Ok(serde_json::Value::Object(o)))),
            }
        }
        Some(Ok(_)) => items.push((path.to_string(), Ok(serde_json::Value::Null))),
        Some(Err(e)) => items.push((path.to_string(), Err(format!("invalid JSON: {e}")))),
        None => {}
    }
    let outcomes: Vec<std::result::Result<Document, Problem>> = if json_lines {
        // JSON Lines: each line parsed and made a document at once, in parallel, so that a
        // large feed is never held as JSON values in memory.
        use rayon::prelude::*;
        let lines: Vec<(usize, &str)> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .collect();
        lines
            .par_iter()
            .map(|&(i, line)| {
                let v = serde_json::from_str(line)
                    .map_err(|e| format!("invalid JSON on line {}: {e}", i + 1));
                feed_item(format!("{path}#{}", i + 1), v, enc, fields)
            })
            .collect()
    } else {
        items
            .into_iter()
            .map(|(item_path, v)| feed_item(item_path, v, enc, fields))
            .collect()
    };
    let mut docs = Vec::new();
    let mut problems = Vec::new();
    for o in outcomes {
        match o {
            Ok(d) => docs.push(d),
            Err(p) => problems.push(p),
        }
    }
    if docs.is_empty() && problems.is_empty() {
        problems.push(Problem {
            path: path.to_string(),
            reason: "feed has no items".into(),
        });
    }
    (docs, problems)
}

/// One feed item made a document, or the problem with it.
fn feed_item(
    item_path: String,
    v: std::result::Result<serde_json::Value, String>,
    enc: &str,
    fields: &FeedFields,
) -> std::result::Result<Document, Problem> {
    let obj = match v {
        Ok(serde_json::Value::Object(o)) => o,
        Ok(_) => {
            return Err(Problem {
                path: item_path,
                reason: "feed item is not a JSON object".into(),
            });
        }
        Err(reason) => {
            return Err(Problem {
                path: item_path,
                reason,
            });
        }
    };
    let field = |own: &[String], builtin: &[&str]| {
        own.iter()
            .map(String::as_str)
            .chain(builtin.iter().copied())
            .find_map(|k| feed_field(&obj, k))
    };
    let item = Item {
        title: field(&fields.title, TITLE_FIELDS),
        text: field(&fields.text, TEXT_FIELDS),
        date: field(&fields.date, DATE_FIELDS),
        url: field(&fields.url, URL_FIELDS),
        source: field(&fields.source, SOURCE_FIELDS),
        author: field(&fields.author, AUTHOR_FIELDS),
        lang: field(&fields.lang, LANG_FIELDS),
    };
    item.document(item_path, Format::Json, enc)
}

/// The fields of a feed item (JSON or RSS / Atom), as found.
#[derive(Debug, Default)]
struct Item {
    title: Option<String>,
    text: Option<String>,
    date: Option<String>,
    url: Option<String>,
    source: Option<String>,
    author: Option<String>,
    lang: Option<String>,
}

impl Item {
    /// The item as a document: its text read as HTML when it holds markup, entities decoded
    /// everywhere; a problem when it has no text or declares a language other than Arabic.
    fn document(
        self,
        item_path: String,
        format: Format,
        enc: &str,
    ) -> std::result::Result<Document, Problem> {
        if let Some(r) = foreign_lang(self.lang.as_deref()) {
            return Err(Problem {
                path: item_path,
                reason: r,
            });
        }
        let Some(body) = self.text else {
            return Err(Problem {
                path: item_path,
                reason: format!(
                    "feed item has no text (looked for the fields {})",
                    TEXT_FIELDS.join(", ")
                ),
            });
        };
        let body = if looks_like_html(&body) {
            let paragraphs = extract::fragment(&body);
            if paragraphs.is_empty() {
                body
            } else {
                paragraphs
                    .iter()
                    .map(|lines| lines.join("\n"))
                    .collect::<Vec<_>>()
                    .join("\n\n")
            }
        } else {
            extract::decode_entities(&body)
        };
        let clean = |v: Option<String>| {
            v.map(|t| text::display(&extract::decode_entities(&t)))
                .filter(|t| !t.is_empty())
        };
        let mut d = new_doc(&item_path, format, body, enc);
        d.title = clean(self.title);
        d.url = clean(self.url);
        d.date = clean(self.date);
        d.source = clean(self.source);
        d.author = clean(self.author);
        Ok(d)
    }
}

/// The field names of a feed item, by what they hold, in the order they are tried (after
/// the configuration's own names, `[feed_fields]`). README lists them.
pub const TEXT_FIELDS: &[&str] = &[
    "text",
    "body",
    "content",
    "article",
    "articleBody",
    "content_text",
    "content_html",
    "full_text",
    "description",
    "summary",
];
pub const TITLE_FIELDS: &[&str] = &["title", "headline", "name"];
pub const DATE_FIELDS: &[&str] = &[
    "date",
    "published",
    "pubDate",
    "date_published",
    "datePublished",
    "published_at",
    "publishedAt",
    "date_extracted",
    "created_at",
    "updated",
];
pub const URL_FIELDS: &[&str] = &["url", "link", "canonical_url", "permalink"];
pub const SOURCE_FIELDS: &[&str] = &["source", "site", "outlet", "publisher"];
pub const AUTHOR_FIELDS: &[&str] = &["author", "byline", "creator"];
pub const LANG_FIELDS: &[&str] = &["lang", "language"];

/// Does a feed string hold HTML markup (paragraphs, line breaks, entities)?
fn looks_like_html(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    l.contains("</p>") || l.contains("<br") || l.contains("</div>") || l.contains("&nbsp;")
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

/// The key under which two texts are the same article: a 128-bit hash of their letters and
/// digits, folded; `None` when there are none.
fn same_text_key(s: &str) -> Option<u128> {
    let letters = arabic::squash(s);
    if letters.is_empty() {
        return None;
    }
    // Two 64-bit hashes with different seeds.
    let mut second = rustc_hash::FxHasher::with_seed(0x9e37_79b9_7f4a_7c15);
    std::hash::Hasher::write(&mut second, letters.as_bytes());
    let second = std::hash::Hasher::finish(&second);
    Some(u128::from(second) << 64 | u128::from(hash64(&letters)))
}

/// A fast 64-bit hash of a string (FxHash), for counting repeated lines.
fn hash64(s: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(s)
}

/// A non-empty line of a document: its byte range, the hash of its normalized text, why it
/// is not article text if it is not (page chrome, a caption, a byline ...), and the end of a
/// dateline that opens it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Line {
    start: usize,
    end: usize,
    hash: u64,
    reason: Option<Reason>,
    dateline_end: Option<usize>,
}

/// A document with what the steps after reading need of it: its non-empty lines outside the
/// skipped ranges, and the same-article key of its visible text.
struct Prepared {
    doc: Document,
    lines: Vec<Line>,
    key: Option<u128>,
}

/// The group a document's repeated lines are counted in: its source, else its folder.
fn group_of(d: &Document) -> String {
    d.source.clone().unwrap_or_else(|| {
        Path::new(d.path.split('#').next().unwrap_or(&d.path))
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default()
    })
}

/// After reading, step by step: refuse articles too long to be news; prepare each document's
/// lines and key; drop duplicate articles; count the lines repeated within a group; per
/// document, leave out chrome and repeated lines and check the language; read once the
/// articles that are the same without their chrome; headlines; notes; ids. Linear in the size
/// of the input (hash maps, no pairwise comparison).
fn finish(documents: Vec<Document>, mut problems: Vec<Problem>, opts: &IngestOptions) -> Ingested {
    use rayon::prelude::*;
    let mut notes = Vec::new();
    let documents = refuse_too_long(documents, opts.max_article_bytes, &mut problems);
    let prepared: Vec<Prepared> = documents
        .into_par_iter()
        .map(|d| prepare(d, &opts.chrome))
        .collect();
    let unique = drop_duplicates(prepared, &mut notes);
    let groups = Groups::of(&unique);
    let counts = LineCounts::count(&unique, &groups, opts.repeated_line_docs);
    let screened: Vec<(Screened, usize)> = unique
        .into_par_iter()
        .zip(groups.of_doc.par_iter())
        .map(|(p, &g)| {
            let repeated = |hash| counts.is_repeated(g, groups.sizes[g], hash);
            (screen(p, repeated, opts.min_arabic_share), g)
        })
        .collect();
    drop(counts);
    let mut removed = vec![0usize; groups.names.len()];
    for (s, g) in &screened {
        removed[*g] += s.removed;
    }
    let mut kept = keep_once(
        screened.into_iter().map(|(s, _)| s.outcome),
        &mut problems,
        &mut notes,
    );
    for d in &mut kept {
        if d.title.is_none() {
            d.title = headline(d);
        }
    }
    notes.extend(groups.repeated_notes(&removed, opts.repeated_line_docs));
    assign_ids(&mut kept);
    Ingested {
        documents: kept,
        problems,
        notes,
    }
}

/// Articles too long to be news are refused, by name; the others are returned.
fn refuse_too_long(
    documents: Vec<Document>,
    max_bytes: usize,
    problems: &mut Vec<Problem>,
) -> Vec<Document> {
    let (documents, too_long): (Vec<Document>, Vec<Document>) = documents
        .into_iter()
        .partition(|d| d.text.len() <= max_bytes);
    for d in too_long {
        problems.push(Problem {
            path: d.path.clone(),
            reason: format!(
                "article too long ({:.1} MB of text; the limit for one article is {:.1} MB, set by max_article_bytes)",
                d.text.len() as f64 / 1_048_576.0,
                max_bytes as f64 / 1_048_576.0
            ),
        });
    }
    documents
}

/// A document's key and lines, each line normalized once into what later steps need of it (a
/// hash for counting repeats, and why it is not article text: page chrome or furniture such
/// as captions and bylines, see [`furniture`]); a dateline that opens one of the first
/// [`DATELINE_LINES`] lines is found too. The normalized text itself is not kept.
fn prepare(doc: Document, chrome: &Chrome) -> Prepared {
    let mut content = 0;
    let lines = line_ranges(&doc.text)
        .into_iter()
        .filter(|&(s, e)| !in_skip(&doc.skip, s, e))
        .filter_map(|(s, e)| {
            let raw = &doc.text[s..e];
            let n = arabic::norm(raw);
            if n.is_empty() {
                return None;
            }
            let reason = if chrome.is_chrome_line(&n) {
                Some(Reason::Chrome)
            } else {
                furniture::line_reason(raw)
            };
            let dateline_end = if reason.is_none() && content < DATELINE_LINES {
                content += 1;
                furniture::dateline_prefix(raw).map(|n| s + n)
            } else {
                None
            };
            Some(Line {
                start: s,
                end: e,
                hash: hash64(&n),
                reason,
                dateline_end,
            })
        })
        .collect();
    let key = same_text_key(&visible_text(&doc));
    Prepared { doc, lines, key }
}

/// A dateline is looked for at the start of this many of a document's first article lines
/// (the headline, then the first paragraph).
const DATELINE_LINES: usize = 2;

/// The same article twice (two feeds, the same file copied) is read once, with a note. Done
/// before repeated lines are counted, so that copies do not make the article's own lines look
/// like repeated chrome. Documents without a key (no letters or digits) are all kept.
fn drop_duplicates(prepared: Vec<Prepared>, notes: &mut Vec<String>) -> Vec<Prepared> {
    // Key → the documents kept with it (more than one only when different texts share a key).
    let mut seen: HashMap<u128, Vec<usize>> = HashMap::new();
    let mut unique: Vec<Prepared> = Vec::with_capacity(prepared.len());
    for p in prepared {
        if let Some(k) = p.key {
            let same = seen
                .get(&k)
                .and_then(|kept| kept.iter().find(|&&i| same_text(&unique[i].doc, &p.doc)));
            if let Some(&i) = same {
                notes.push(format!(
                    "{}: same article as {}, read once",
                    p.doc.path, unique[i].doc.path
                ));
                continue;
            }
            seen.entry(k).or_default().push(unique.len());
        }
        unique.push(p);
    }
    unique
}

/// Are two documents the same article: the same letters and digits once normalized? Checked
/// whenever their keys match, so that a crafted text whose key collides with a real article's
/// never makes it "a duplicate, read once".
fn same_text(a: &Document, b: &Document) -> bool {
    arabic::squash(&visible_text(a)) == arabic::squash(&visible_text(b))
}

/// The groups repeated lines are counted in (see [`group_of`]), numbered in order of first
/// appearance.
struct Groups {
    /// The group of each document.
    of_doc: Vec<usize>,
    /// Each group's name (a source, or a folder: "" for the current one).
    names: Vec<String>,
    /// Each group's number of documents.
    sizes: Vec<usize>,
}

impl Groups {
    fn of(docs: &[Prepared]) -> Groups {
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut groups = Groups {
            of_doc: Vec::with_capacity(docs.len()),
            names: Vec::new(),
            sizes: Vec::new(),
        };
        for p in docs {
            let name = group_of(&p.doc);
            let g = *ids.entry(name.clone()).or_insert_with(|| {
                groups.names.push(name);
                groups.sizes.push(0);
                groups.sizes.len() - 1
            });
            groups.sizes[g] += 1;
            groups.of_doc.push(g);
        }
        groups
    }

    /// The notes of the groups that had repeated lines removed (`removed[g]` lines), in group
    /// order.
    fn repeated_notes(&self, removed: &[usize], min_docs: usize) -> Vec<String> {
        (0..self.names.len())
            .filter(|&g| removed[g] > 0)
            .map(|g| {
                let name = &self.names[g];
                format!(
                    "{}: {} line(s) repeated in {} or more of its {} documents removed as page chrome",
                    if name.is_empty() { "." } else { name },
                    removed[g],
                    min_docs,
                    self.sizes[g]
                )
            })
            .collect()
    }
}

/// In how many documents of its group each line occurs (a line counted once per document).
struct LineCounts {
    docs: rustc_hash::FxHashMap<(usize, u64), usize>,
    /// The number of documents that makes a line repeated (0: none is).
    min_docs: usize,
}

impl LineCounts {
    fn count(docs: &[Prepared], groups: &Groups, min_docs: usize) -> LineCounts {
        let mut counts = LineCounts {
            docs: Default::default(),
            min_docs,
        };
        if min_docs == 0 {
            return counts;
        }
        for (p, &g) in docs.iter().zip(&groups.of_doc) {
            let mut seen = rustc_hash::FxHashSet::default();
            for line in &p.lines {
                if seen.insert(line.hash) {
                    *counts.docs.entry((g, line.hash)).or_default() += 1;
                }
            }
        }
        counts
    }

    /// Is the line of this hash repeated in group `g` (of `group_size` documents)?
    fn is_repeated(&self, g: usize, group_size: usize, hash: u64) -> bool {
        self.min_docs > 0
            && group_size >= self.min_docs
            && self.docs.get(&(g, hash)).copied().unwrap_or(0) >= self.min_docs
    }
}

/// A document after its lines were screened: kept with its key, or skipped.
enum Outcome {
    Kept(Box<Document>, Option<u128>),
    Skipped(Problem),
}

/// What [`screen`] made of a document, and how many of its lines were left out as repeated.
struct Screened {
    outcome: Outcome,
    removed: usize,
}

/// One document: chrome and repeated lines left out, the language checked, the key made
/// again if lines were left out.
fn screen(p: Prepared, repeated: impl Fn(u64) -> bool, min_arabic_share: f64) -> Screened {
    let Prepared {
        mut doc,
        lines,
        key,
    } = p;
    let skipped_before = doc.skip.len();
    let removed = leave_out_lines(&mut doc, &lines, repeated);
    let outcome = match check_language(&doc, min_arabic_share) {
        Err(problem) => Outcome::Skipped(problem),
        Ok(body) => {
            // The text is what it was when first keyed unless lines were left out since.
            let key = if doc.skip.len() == skipped_before {
                key
            } else {
                same_text_key(&body)
            };
            Outcome::Kept(Box::new(doc), key)
        }
    };
    Screened { outcome, removed }
}

/// Leave out the lines that are not article text (chrome, furniture, repeated lines) and
/// the datelines that open a line (the skip ranges stay sorted); the number of repeated
/// lines.
fn leave_out_lines(doc: &mut Document, lines: &[Line], repeated: impl Fn(u64) -> bool) -> usize {
    let mut removed = 0;
    for line in lines {
        let reason = if repeated(line.hash) {
            removed += 1;
            Some(Reason::Repeated)
        } else {
            line.reason
        };
        if let Some(reason) = reason {
            doc.skip.push(Skip {
                start: line.start,
                end: line.end,
                reason,
            });
        } else if let Some(end) = line.dateline_end {
            doc.skip.push(Skip {
                start: line.start,
                end,
                reason: Reason::Dateline,
            });
        }
    }
    doc.skip.sort();
    removed
}

/// The visible text of a document whose letters are mostly Arabic script, or the problem.
fn check_language(doc: &Document, min_arabic_share: f64) -> std::result::Result<String, Problem> {
    let body = visible_text(doc);
    if body.trim().is_empty() {
        return Err(Problem {
            path: doc.path.clone(),
            reason: "no text left after removing page chrome".into(),
        });
    }
    let share = arabic::arabic_share(&body);
    if share < min_arabic_share {
        return Err(Problem {
            path: doc.path.clone(),
            reason: format!(
                "not an Arabic article ({:.0}% of its letters are Arabic script), left out",
                share * 100.0
            ),
        });
    }
    Ok(body)
}

/// The kept documents, in order, each article once: the same article with different chrome
/// around it is read once, with a note. The problems of the skipped ones are added.
fn keep_once(
    outcomes: impl IntoIterator<Item = Outcome>,
    problems: &mut Vec<Problem>,
    notes: &mut Vec<String>,
) -> Vec<Document> {
    let mut kept: Vec<Document> = Vec::new();
    let mut seen: HashMap<Option<u128>, Vec<usize>> = HashMap::new();
    for outcome in outcomes {
        let (d, key) = match outcome {
            Outcome::Skipped(p) => {
                problems.push(p);
                continue;
            }
            Outcome::Kept(d, key) => (*d, key),
        };
        let same = seen
            .get(&key)
            .and_then(|ks| ks.iter().find(|&&i| same_text(&kept[i], &d)));
        if let Some(&i) = same {
            notes.push(format!(
                "{}: same article as {}, read once",
                d.path, kept[i].path
            ));
            continue;
        }
        seen.entry(key).or_default().push(kept.len());
        kept.push(d);
    }
    kept
}

/// Is the line `s..e` inside one of the skipped ranges?
fn in_skip(skip: &[Skip], s: usize, e: usize) -> bool {
    skip.iter().any(|k| s >= k.start && e <= k.end)
}

/// The headline: the first content line, when it reads as one ([`text::is_headline`]: at
/// most [`HEADLINE_MAX_WORDS`] words, no punctuation at its end but a question or exclamation
/// mark). Lines left out (captions, mastheads, section labels ...) are passed over.
fn headline(d: &Document) -> Option<String> {
    for (s, e) in line_ranges(&d.text) {
        if in_skip(&d.skip, s, e) || d.text[s..e].trim().is_empty() {
            continue;
        }
        let line = d.text[s..e].trim();
        let line = line.trim_start_matches('#').trim();
        return text::is_headline(line, HEADLINE_MAX_WORDS).then(|| text::display(line));
    }
    None
}

/// A headline has at most this many words.
const HEADLINE_MAX_WORDS: usize = 20;

/// The text of a document without its skipped lines.
pub fn visible_text(d: &Document) -> String {
    let mut out = String::with_capacity(d.text.len());
    let mut pos = 0;
    for &Skip {
        start: s, end: e, ..
    } in &d.skip
    {
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
    let mut used: std::collections::HashSet<String> = std::collections::HashSet::new();
    for d in docs.iter_mut() {
        let (file, item) = match d.path.split_once('#') {
            Some((f, i)) => (f, Some(i)),
            None => (d.path.as_str(), None),
        };
        let stem = Path::new(file)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("doc");
        let mut base = crate::arabic::slug(stem);
        if base.is_empty() {
            base = "doc".into();
        }
        if let Some(i) = item {
            base = format!("{base}-{}", crate::arabic::slug(i));
        }
        base.truncate(60);
        // The first free id: the base, then BASE-2, BASE-3, ... (a file may itself be named
        // like a numbered id, so each candidate is checked, not counted).
        let mut id = base.clone();
        let mut n = 1;
        while used.contains(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        used.insert(id.clone());
        d.id = id;
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
