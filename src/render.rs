//! Rendering: the minijinja environment with its template lookup chain and filters.
//!
//! Lookup, first hit wins: each template folder given (`--templates DIR`, then the config's
//! folder), then the built-in templates embedded in the binary; inside each, `<audience>/<name>`
//! before `<name>`. The built-in templates are also served as `builtin/<name>`, so that a user
//! template can `{% extends "builtin/digest.html" %}` and replace a single block. Undefined
//! variables are errors that name the template and the line.

use std::path::PathBuf;

use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, UndefinedBehavior};

use crate::error::{Error, Result};

/// The built-in templates: (name, source). A unit test checks this table against `templates/`.
pub const BUILTIN: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("digest.html", include_str!("../templates/digest.html")),
    ("digest.md", include_str!("../templates/digest.md")),
    ("index.html", include_str!("../templates/index.html")),
    ("feed.xml", include_str!("../templates/feed.xml")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("style.css", include_str!("../templates/style.css")),
    (
        "analyst/digest.md",
        include_str!("../templates/analyst/digest.md"),
    ),
    (
        "analyst/digest.html",
        include_str!("../templates/analyst/digest.html"),
    ),
    (
        "executive/digest.md",
        include_str!("../templates/executive/digest.md"),
    ),
    (
        "executive/digest.html",
        include_str!("../templates/executive/digest.html"),
    ),
    (
        "public/digest.md",
        include_str!("../templates/public/digest.md"),
    ),
    (
        "public/digest.html",
        include_str!("../templates/public/digest.html"),
    ),
];

fn builtin(name: &str) -> Option<&'static str> {
    BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

/// A template name must stay inside its folder.
fn safe_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && !name.contains('\\')
        && name
            .split('/')
            .all(|part| !part.is_empty() && part != ".." && !part.starts_with('.'))
}

/// Where a template's source was found.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Origin {
    File(PathBuf),
    Builtin(&'static str),
}

impl Origin {
    fn describe(&self) -> String {
        match self {
            Origin::File(p) => p.display().to_string(),
            Origin::Builtin(n) => format!("built-in {n}"),
        }
    }
}

/// The lookup chain: folders in order, then the built-in table; inside each, the
/// audience's sub-folder before the folder itself. `builtin/NAME` names the built-in
/// template directly.
#[derive(Debug, Clone)]
struct Chain {
    dirs: Vec<PathBuf>,
    audience: String,
}

impl Chain {
    /// The names to try inside one folder, most specific first.
    fn names(&self, name: &str) -> Vec<String> {
        let aud = &self.audience;
        let mut out = Vec::with_capacity(2);
        if !aud.is_empty() && safe_name(aud) && !name.starts_with(&format!("{aud}/")) {
            out.push(format!("{aud}/{name}"));
        }
        out.push(name.to_string());
        out
    }

    fn find(&self, name: &str) -> Option<Origin> {
        if !safe_name(name) {
            return None;
        }
        if let Some(rest) = name.strip_prefix("builtin/") {
            return BUILTIN
                .iter()
                .find(|(n, _)| *n == rest)
                .map(|(n, _)| Origin::Builtin(n));
        }
        let names = self.names(name);
        for d in &self.dirs {
            for n in &names {
                let p = d.join(n);
                if p.is_file() {
                    return Some(Origin::File(p));
                }
            }
        }
        names.iter().find_map(|n| {
            BUILTIN
                .iter()
                .find(|(b, _)| b == n)
                .map(|(b, _)| Origin::Builtin(b))
        })
    }

    fn load(&self, name: &str) -> std::result::Result<Option<String>, minijinja::Error> {
        match self.find(name) {
            None => Ok(None),
            Some(Origin::Builtin(n)) => Ok(builtin(n).map(String::from)),
            Some(Origin::File(p)) => std::fs::read_to_string(&p).map(Some).map_err(|e| {
                minijinja::Error::new(
                    minijinja::ErrorKind::InvalidOperation,
                    format!("cannot read template {}: {e}", p.display()),
                )
            }),
        }
    }
}

/// The template environment of one run.
pub struct Renderer {
    env: Environment<'static>,
    chain: Chain,
}

impl Renderer {
    /// An environment looking in `dirs` (first wins), then the built-in templates; in each,
    /// `<audience>/<name>` before `<name>`.
    pub fn new(dirs: Vec<PathBuf>, audience: &str) -> Renderer {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        // Keep the source position and expression of errors in release builds too: users
        // editing templates need them most.
        env.set_debug(true);
        // Files end with a newline, as their templates do.
        if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
            .keep_trailing_newline(true)
            .build()
        {
            env.set_syntax(syntax);
        }
        env.set_auto_escape_callback(|name| {
            let n = name.strip_suffix(".j2").unwrap_or(name);
            if n.ends_with(".html") || n.ends_with(".xml") || n.ends_with(".htm") {
                AutoEscape::Html
            } else if n.ends_with(".md") || n.ends_with(".markdown") {
                AutoEscape::Custom(MARKDOWN.into())
            } else {
                AutoEscape::None
            }
        });
        env.set_formatter(format_value);
        let chain = Chain {
            dirs,
            audience: audience.to_string(),
        };
        let loader_chain = chain.clone();
        env.set_loader(move |name: &str| loader_chain.load(name));
        add_filters(&mut env);
        Renderer { env, chain }
    }

    /// Where the chain finds `name` for the current audience: a file path, or
    /// `built-in NAME`; None when no template of that name exists.
    pub fn resolve(&self, name: &str) -> Option<String> {
        self.chain.find(name).map(|o| o.describe())
    }

    /// Render a template (looked up through the chain) with a serializable context.
    pub fn render<S: serde::Serialize>(&self, name: &str, ctx: &S) -> Result<String> {
        let t = self
            .env
            .get_template(name)
            .map_err(|e| self.template_error(name, &e))?;
        t.render(Value::from(minijinja::value::Serde(ctx)))
            .map_err(|e| self.template_error(name, &e))
    }

    /// A typed error naming the template (and where it was found), the line and, for an
    /// undefined value, the expression that was undefined.
    fn template_error(&self, name: &str, e: &minijinja::Error) -> Error {
        let mut reason = e
            .detail()
            .map_or_else(|| e.kind().to_string(), String::from);
        if e.kind() == minijinja::ErrorKind::UndefinedError {
            if let (Some(src), Some(r)) = (e.template_source(), e.range())
                && let Some(expr) = src.get(r)
            {
                reason = format!("undefined value `{}`", expr.trim());
            } else if e.detail().is_none() {
                reason = "undefined value".to_string();
            }
        }
        if let Some(n) = e.name() {
            let origin = self
                .chain
                .find(n)
                .map(|o| o.describe())
                .unwrap_or_else(|| n.to_string());
            match e.line() {
                Some(line) => reason.push_str(&format!(" (in {origin}, line {line})")),
                None => reason.push_str(&format!(" (in {origin})")),
            }
        }
        let mut src = std::error::Error::source(e);
        while let Some(s) = src {
            reason.push_str(&format!(": {s}"));
            src = s.source();
        }
        Error::Template {
            name: name.to_string(),
            reason,
        }
    }
}

/// The auto-escape of Markdown templates: every interpolated string goes through
/// [`escape_markdown`] unless it is marked safe (`|safe`, or a filter that returns markup).
const MARKDOWN: &str = "markdown";

/// Write a value into a template's output: Markdown templates escape strings (numbers and
/// booleans are written as they are); HTML and XML templates escape as minijinja does.
fn format_value(
    out: &mut minijinja::Output<'_>,
    state: &mut minijinja::State<'_, '_>,
    value: &Value,
) -> std::result::Result<(), minijinja::Error> {
    use minijinja::value::ValueKind;
    let markdown = *state.auto_escape() == AutoEscape::Custom(MARKDOWN.into());
    let write = |out: &mut minijinja::Output<'_>, text: &str| {
        out.write_str(text)
            .map_err(|e| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, e.to_string()))
    };
    if value.is_safe() || matches!(value.kind(), ValueKind::Number | ValueKind::Bool) {
        // Markup of the template's own making, or a number: as it is (HTML escaping still
        // applies to numbers, as minijinja does).
        return if markdown {
            write(out, &value.to_string())
        } else {
            minijinja::escape_formatter(out, state, value)
        };
    }
    // Text from articles and feeds: no control characters, and no bidi embeddings, overrides
    // or isolates, which would flip the English around them (the templates isolate Arabic
    // with <bdi> and dir="rtl" instead). `escape_markdown` drops them itself.
    let raw = value.to_string();
    if markdown {
        return write(out, &escape_markdown(&raw));
    }
    let clean: String = raw.chars().filter(|&c| !is_stripped(c)).collect();
    minijinja::escape_formatter(out, state, &Value::from(clean))
}

/// Characters never written into a page: C0 and C1 controls other than tab, line feed and
/// carriage return, and the bidi embeddings, overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069).
fn is_stripped(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Escape text for Markdown: characters that would start markup are backslash-escaped, HTML
/// is neutralized, line breaks become spaces, controls and bidi overrides are dropped and the
/// ends are trimmed, so that article text
/// renders as one line of text wherever a template puts it (a paragraph, a list item, a table
/// cell), even at the start of a line.
pub fn escape_markdown(s: &str) -> String {
    let s = s.trim();
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' | '>' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if is_stripped(c) => {}
            _ => out.push(c),
        }
    }
    // At the start of a line, "-", "+" or "=" could open a list or underline a heading, and
    // "1." or "1)" could open an ordered list.
    if out.starts_with(['-', '+', '=']) {
        out.insert(0, '\\');
    } else {
        let digits = out.chars().take_while(|c| c.is_ascii_digit()).count();
        if (1..=9).contains(&digits) && out[digits..].starts_with(['.', ')']) {
            out.insert(digits, '\\');
        }
    }
    out
}

/// Is `url` an absolute http(s) address (the only kind rendered as a link)?
pub fn is_http_url(url: &str) -> bool {
    let u = url.trim();
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && !u
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
}

/// An http(s) address as a Markdown template writes it: `|` (which ends a table cell), `\\`,
/// `` ` `` and the characters [`is_http_url`] refuses are percent-encoded.
pub fn markdown_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '|' | '\\' | '`' | '<' | '>' | '"' | ' ' => out.push_str(&format!("%{:02X}", c as u32)),
            c if c.is_control() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// A YYYY-MM-DD date as an RFC 3339 timestamp at midnight UTC (for Atom); anything else as is.
fn isodate(s: &str) -> String {
    match chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) => format!("{}T00:00:00Z", d.format("%Y-%m-%d")),
        Err(_) => s.to_string(),
    }
}

/// A mention's English name as shown among others: with the unverified mark when it is
/// romanized (its `via` is `context` or `tagger`).
fn shown_name_filter(item: Value) -> std::result::Result<Value, minijinja::Error> {
    let name = item.get_attr("english")?;
    let via = item.get_attr("via")?;
    let romanized = via
        .as_str()
        .and_then(|v| serde_json::from_value::<crate::entities::Via>(v.into()).ok())
        .is_some_and(|v| v.is_romanized());
    Ok(if romanized {
        Value::from(crate::entities::shown_name(&name.to_string(), true))
    } else {
        name
    })
}

/// The distinct English names of a list of mentions or segments (items with an `english`
/// attribute), in order of first appearance; a romanized name carries the unverified mark.
fn english_names(items: Value) -> std::result::Result<Value, minijinja::Error> {
    let mut seen: Vec<Value> = Vec::new();
    for item in items.try_iter()? {
        let name = item.get_attr("english")?;
        if name.is_undefined() || name.is_none() {
            continue;
        }
        let name = shown_name_filter(item)?;
        if !seen.contains(&name) {
            seen.push(name);
        }
    }
    Ok(Value::from(seen))
}

/// Markdown to HTML (CommonMark with tables), through pulldown-cmark. Raw HTML in the input
/// is escaped, never passed through. Links and images keep only `http:`, `https:` and `mailto:`
/// destinations: any other (`javascript:`, `data:`, `vbscript:`, relative paths) leaves the
/// link's text, or the image's description, as plain text.
pub fn markdown_to_html(md: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};
    // One entry per open link or image: whether it was dropped.
    let mut open: Vec<bool> = Vec::new();
    let parser = Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH)
        .filter_map(|ev| match ev {
            Event::Html(s) | Event::InlineHtml(s) => Some(Event::Text(s)),
            Event::Start(Tag::Link { ref dest_url, .. } | Tag::Image { ref dest_url, .. }) => {
                let keep = is_safe_link(dest_url);
                open.push(!keep);
                keep.then_some(ev)
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                let dropped = open.pop().unwrap_or(false);
                (!dropped).then_some(ev)
            }
            other => Some(other),
        });
    let mut out = String::new();
    html::push_html(&mut out, parser);
    out
}

/// May a link or an image of rendered Markdown point there? Only absolute `http(s)` and
/// `mailto` addresses.
pub fn is_safe_link(dest: &str) -> bool {
    let d = dest.trim();
    if d.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return false;
    }
    let lower = d.get(..7).unwrap_or(d).to_ascii_lowercase();
    is_http_url(d) || (lower.starts_with("mailto:") && d.len() > 7)
}

fn add_filters(env: &mut Environment<'static>) {
    // Filters that produce text for the page, not article text, return it as safe, so that
    // Markdown templates do not escape it again.
    let safe = Value::from_safe_string;
    env.add_filter("mdescape", move |s: String| safe(escape_markdown(&s)));
    env.add_filter("markdown", |s: String| {
        Value::from_safe_string(markdown_to_html(&s))
    });
    env.add_filter("number", move |v: f64, digits: Option<usize>| {
        safe(format!("{:.*}", digits.unwrap_or(2), v))
    });
    env.add_filter("percent", move |v: f64| safe(format!("{:.0}%", v * 100.0)));
    env.add_filter("thousands", move |v: i64| {
        let s = v.abs().to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        safe(if v < 0 { format!("-{out}") } else { out })
    });
    env.add_filter("longdate", |s: String| {
        chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d")
            .map(|d| d.format("%A %-d %B %Y").to_string())
            .unwrap_or(s)
    });
    env.add_filter("plural", |n: i64, word: String, plural: Option<String>| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {}", plural.unwrap_or_else(|| format!("{word}s")))
        }
    });
    env.add_filter("isodate", move |s: String| safe(isodate(&s)));
    env.add_filter(
        "httpurl",
        |state: &minijinja::State, s: Option<String>| -> Value {
            let url = s.filter(|u| is_http_url(u)).unwrap_or_default();
            if *state.auto_escape() == AutoEscape::Custom(MARKDOWN.into()) {
                // Written as it is (a Markdown autolink takes no escapes), with the characters
                // that would end a table cell or an autolink percent-encoded.
                Value::from_safe_string(markdown_url(&url))
            } else {
                Value::from(url)
            }
        },
    );
    env.add_filter("english_names", english_names);
    env.add_filter("shown_name", shown_name_filter);
    env.add_filter("slug", |s: String| crate::arabic::slug(&s));
}

#[cfg(test)]
mod tests;
