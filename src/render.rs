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

/// The template environment of one run.
pub struct Renderer {
    env: Environment<'static>,
    audience: String,
    dirs: Vec<PathBuf>,
}

impl Renderer {
    /// An environment looking in `dirs` (first wins), then the built-in templates.
    pub fn new(dirs: Vec<PathBuf>, audience: &str) -> Renderer {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|name| {
            let n = name.strip_suffix(".j2").unwrap_or(name);
            if n.ends_with(".html") || n.ends_with(".xml") || n.ends_with(".htm") {
                AutoEscape::Html
            } else {
                AutoEscape::None
            }
        });
        let loader_dirs = dirs.clone();
        env.set_loader(move |name: &str| {
            if !safe_name(name) {
                return Ok(None);
            }
            if let Some(rest) = name.strip_prefix("builtin/") {
                return Ok(builtin(rest).map(String::from));
            }
            for d in &loader_dirs {
                let p = d.join(name);
                if p.is_file() {
                    return std::fs::read_to_string(&p).map(Some).map_err(|e| {
                        minijinja::Error::new(
                            minijinja::ErrorKind::InvalidOperation,
                            format!("cannot read template {}: {e}", p.display()),
                        )
                    });
                }
            }
            Ok(builtin(name).map(String::from))
        });
        add_filters(&mut env);
        Renderer {
            env,
            audience: audience.to_string(),
            dirs,
        }
    }

    /// Does a template of this exact name exist anywhere in the chain?
    fn exists(&self, name: &str) -> bool {
        safe_name(name)
            && (self.dirs.iter().any(|d| d.join(name).is_file()) || builtin(name).is_some())
    }

    /// The name the chain resolves for `name` and the current audience.
    pub fn resolve(&self, name: &str) -> String {
        let aud = format!("{}/{name}", self.audience);
        if !self.audience.is_empty() && self.exists(&aud) {
            aud
        } else {
            name.to_string()
        }
    }

    /// Render a template (audience-resolved) with a serializable context.
    pub fn render<S: serde::Serialize>(&self, name: &str, ctx: &S) -> Result<String> {
        let resolved = self.resolve(name);
        let t = self
            .env
            .get_template(&resolved)
            .map_err(|e| template_error(&resolved, &e))?;
        t.render(Value::from(minijinja::value::Serde(ctx)))
            .map_err(|e| template_error(&resolved, &e))
    }
}

fn template_error(name: &str, e: &minijinja::Error) -> Error {
    let mut reason = e.to_string();
    if let (Some(n), Some(line)) = (e.name(), e.line())
        && !reason.contains(&format!("line {line}"))
    {
        reason = format!("{reason} (in {n}, line {line})");
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

/// Escape text for Markdown: characters that would start markup are backslash-escaped, and
/// HTML is neutralized, so article text renders as text.
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' | '>' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    // A line that starts with "-", "+" or "1." would become a list item.
    if out.starts_with(['-', '+']) {
        out.insert(0, '\\');
    }
    out
}

/// Markdown to HTML (CommonMark with tables), through pulldown-cmark. Raw HTML in the input
/// is escaped, never passed through.
pub fn markdown_to_html(md: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, html};
    let parser =
        Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).map(|ev| {
            match ev {
                Event::Html(s) | Event::InlineHtml(s) => Event::Text(s),
                other => other,
            }
        });
    let mut out = String::new();
    html::push_html(&mut out, parser);
    out
}

fn add_filters(env: &mut Environment<'static>) {
    env.add_filter("mdescape", |s: String| escape_markdown(&s));
    env.add_filter("markdown", |s: String| {
        Value::from_safe_string(markdown_to_html(&s))
    });
    env.add_filter("number", |v: f64, digits: Option<usize>| {
        format!("{:.*}", digits.unwrap_or(2), v)
    });
    env.add_filter("percent", |v: f64| format!("{:.0}%", v * 100.0));
    env.add_filter("thousands", |v: i64| {
        let s = v.abs().to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        if v < 0 { format!("-{out}") } else { out }
    });
    env.add_filter("longdate", |s: String| {
        chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d")
            .map(|d| d.format("%A %-d %B %Y").to_string())
            .unwrap_or(s)
    });
    env.add_filter("plural", |n: i64, word: String| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    });
    env.add_filter("slug", |s: String| crate::entities::slug(&s));
}

#[cfg(test)]
mod tests;
