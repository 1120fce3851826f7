//! Publishing: dated digest files, the typed archive index (`archive.json`), the archive page
//! and the Atom feed. A run holds a lock on the output folder, writes the day into a temporary
//! folder renamed into place, and replaces every other file atomically (a temporary file in the
//! same folder, renamed), so that an interrupted run never leaves half a file or half a day and
//! the previous digest stays intact.

use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::digest::Digest;
use crate::error::{Error, Result};
use crate::render::Renderer;

/// Write `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|source| Error::Output {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".khulasa-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|source| Error::Output {
            path: path.to_path_buf(),
            source,
        })?;
    tmp.write_all(bytes).map_err(|source| Error::Output {
        path: path.to_path_buf(),
        source,
    })?;
    // Published files are read by web servers and other users: rw-r--r--, not the private
    // mode of a temporary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(|source| Error::Output {
                path: path.to_path_buf(),
                source,
            })?;
    }
    tmp.as_file().sync_all().map_err(|source| Error::Output {
        path: path.to_path_buf(),
        source,
    })?;
    tmp.persist(path).map_err(|e| Error::Output {
        path: path.to_path_buf(),
        source: e.error,
    })?;
    Ok(())
}

/// Is `date` a calendar date written YYYY-MM-DD (the only form used in output paths)?
pub fn valid_date(date: &str) -> bool {
    date.len() == 10 && chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok()
}

/// One line of the archive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArchiveEntry {
    pub date: String,
    pub documents: usize,
    pub top_entities: Vec<String>,
    pub title: String,
    /// The permalink of the day, relative to the output folder: `DATE/digest.html`, or
    /// `DATE/digest.md` when the day has no HTML page.
    pub link: String,
    /// The file name part of `link` (`digest.html` or `digest.md`), so that templates can
    /// write `{{ e.date }}/{{ e.page }}` without an escaped slash.
    pub page: String,
}

/// Every dated digest under `out`, newest first (see [`Archive::load`]; what cannot be read
/// is left out).
pub fn archive(out: &Path) -> Vec<ArchiveEntry> {
    Archive::load(out, &mut Vec::new()).entries
}

/// What `publish` wrote, and what it met on the way.
#[derive(Debug, Clone, Default)]
pub struct Written {
    pub files: Vec<PathBuf>,
    /// Not failures, but worth telling: a past digest that could not be read, a folder left by
    /// an interrupted run.
    pub warnings: Vec<String>,
    /// For information: the feed left out for want of a base URL.
    pub notes: Vec<String>,
}

/// Where and how a digest is published.
#[derive(Debug, Clone, Default)]
pub struct PublishOptions {
    /// Output formats: md, html, json.
    pub formats: Vec<String>,
    /// The public address of the output folder (ending with `/`). Without it the Atom feed,
    /// whose links must be absolute, is not written.
    pub base_url: Option<String>,
    /// The feed's id; default: `BASE_URL` + `feed.xml`.
    pub feed_id: Option<String>,
}

/// The typed archive index, `out/archive.json`: one entry per dated digest, newest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Archive {
    pub entries: Vec<ArchiveEntry>,
}

/// The lock that keeps two runs from publishing into one folder at once: `out/.khulasa.lock`,
/// held until dropped (the operating system releases it when the process ends, however it
/// ends).
struct Lock {
    _file: std::fs::File,
}

impl Lock {
    fn acquire(out: &Path) -> Result<Lock> {
        let path = out.join(".khulasa.lock");
        let io = |source| Error::Output {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(out).map_err(io)?;
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => Ok(Lock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(Error::Busy { path }),
            Err(std::fs::TryLockError::Error(e)) => Err(io(e)),
        }
    }
}

/// The steps of publishing, in order; a test aid can stop the process at one of them (see
/// [`failpoint`]).
const STEPS: [&str; 4] = [
    "day-written",
    "day-renamed",
    "archive-written",
    "index-written",
];

/// When the environment variable `KHULASA_FAILPOINT` names this step, the process aborts
/// here, as if it were killed: the crash tests use it to check that every step leaves a
/// consistent output folder.
fn failpoint(step: &str) {
    debug_assert!(STEPS.contains(&step));
    if std::env::var("KHULASA_FAILPOINT").is_ok_and(|s| s == step) {
        std::process::abort();
    }
}

/// Write the digest in each format to `out/DATE/digest.*`, then refresh `out/archive.json`,
/// `out/index.html` and (with a base URL) `out/feed.xml`.
///
/// A run is one transaction as far as a reader can tell: everything is rendered first; the
/// day is written into a temporary folder and renamed into place whole; then the archive
/// index, the archive page and the feed are each replaced atomically. A second run into the
/// same folder at the same time fails with [`Error::Busy`]. What a killed run left behind is
/// tidied by the next one.
pub fn publish(
    digest: &Digest,
    json: &str,
    renderer: &Renderer,
    out: &Path,
    opts: &PublishOptions,
) -> Result<Written> {
    if !valid_date(&digest.date) {
        return Err(Error::Usage(format!(
            "invalid date {:?}: use YYYY-MM-DD",
            digest.date
        )));
    }
    let _lock = Lock::acquire(out)?;
    let mut written = Written::default();
    recover(out, &mut written.warnings);

    // Render everything first: a template error must not leave a partial day behind.
    let day_files = render_day(digest, json, renderer, &opts.formats)?;
    let page = if day_files.iter().any(|(n, _)| *n == "digest.html") {
        "digest.html"
    } else {
        "digest.md"
    };
    let mut archive = Archive::load(out, &mut written.warnings);
    archive.put(ArchiveEntry {
        date: digest.date.clone(),
        documents: digest.documents.len(),
        top_entities: digest.top_entities.clone(),
        title: digest.title.clone(),
        link: format!("{}/{page}", digest.date),
        page: page.to_string(),
    });
    let pages = render_archive(digest, &archive, renderer, opts, &mut written.notes)?;

    // Then write: the day whole, the archive index, the pages.
    written
        .files
        .extend(write_day(out, &digest.date, &day_files)?);
    let index = out.join("archive.json");
    let text = serde_json::to_string_pretty(&archive).map_err(|e| Error::Output {
        path: index.clone(),
        source: std::io::Error::other(e),
    })?;
    write_atomic(&index, format!("{text}\n").as_bytes())?;
    failpoint("archive-written");
    for (name, body) in pages {
        let p = out.join(name);
        write_atomic(&p, body.as_bytes())?;
        written.files.push(p);
        if name == "index.html" {
            failpoint("index-written");
        }
    }
    Ok(written)
}

/// The day's files, rendered: (file name, contents). digest.json is always among them: it is
/// the record the archive is rebuilt from.
fn render_day<'a>(
    digest: &Digest,
    json: &'a str,
    renderer: &Renderer,
    formats: &[String],
) -> Result<Vec<(&'static str, Cow<'a, str>)>> {
    let mut files: Vec<(&'static str, Cow<str>)> = Vec::new();
    for f in formats {
        files.push(match f.as_str() {
            "md" => ("digest.md", renderer.render("digest.md", digest)?.into()),
            "html" => (
                "digest.html",
                renderer.render("digest.html", digest)?.into(),
            ),
            "json" => ("digest.json", Cow::Borrowed(json)),
            other => {
                return Err(Error::Usage(format!(
                    "unknown format {other:?} (use md, html, json)"
                )));
            }
        });
    }
    if !formats.iter().any(|f| f == "json") {
        files.push(("digest.json", Cow::Borrowed(json)));
    }
    Ok(files)
}

/// The archive page, and the feed when there is a base URL to make its links absolute.
fn render_archive(
    digest: &Digest,
    archive: &Archive,
    renderer: &Renderer,
    opts: &PublishOptions,
    notes: &mut Vec<String>,
) -> Result<Vec<(&'static str, String)>> {
    #[derive(Serialize)]
    struct Ctx<'a> {
        title: &'a str,
        date: &'a str,
        generator: &'a str,
        entries: &'a [ArchiveEntry],
        updated: &'a str,
        base_url: &'a str,
        feed_id: &'a str,
    }
    let base_url = opts.base_url.as_deref().map(with_slash);
    let feed_id = match (&opts.feed_id, &base_url) {
        (Some(id), _) => id.clone(),
        (None, Some(b)) => format!("{b}feed.xml"),
        (None, None) => String::new(),
    };
    let ctx = Ctx {
        title: &digest.title,
        date: &digest.date,
        generator: &digest.generator,
        entries: &archive.entries,
        updated: archive
            .entries
            .first()
            .map_or(digest.date.as_str(), |e| e.date.as_str()),
        base_url: base_url.as_deref().unwrap_or(""),
        feed_id: &feed_id,
    };
    let mut pages = vec![("index.html", renderer.render("index.html", &ctx)?)];
    if base_url.is_some() {
        pages.push(("feed.xml", renderer.render("feed.xml", &ctx)?));
    } else {
        notes.push(
            "no feed.xml written: an Atom feed needs absolute links; set base_url in the configuration (or --base-url) to the address the output folder is published at"
                .into(),
        );
    }
    Ok(pages)
}

/// A base URL ending with one `/`.
fn with_slash(url: &str) -> String {
    format!("{}/", url.trim_end_matches('/'))
}

/// Write the day into `out/.DATE.new`, then put it in place of `out/DATE` (the old day moved
/// to `out/.DATE.old` for the moment of the swap, then removed).
fn write_day(out: &Path, date: &str, files: &[(&str, Cow<str>)]) -> Result<Vec<PathBuf>> {
    let day = out.join(date);
    let new = out.join(format!(".{date}.new"));
    let old = out.join(format!(".{date}.old"));
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Output { path, source }
    };
    if new.exists() {
        std::fs::remove_dir_all(&new).map_err(io(&new))?;
    }
    std::fs::create_dir_all(&new).map_err(io(&new))?;
    for (name, body) in files {
        write_atomic(&new.join(name), body.as_bytes())?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&new, std::fs::Permissions::from_mode(0o755)).map_err(io(&new))?;
    }
    failpoint("day-written");
    if day.exists() {
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(io(&old))?;
        }
        std::fs::rename(&day, &old).map_err(io(&day))?;
    }
    std::fs::rename(&new, &day).map_err(io(&day))?;
    failpoint("day-renamed");
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(io(&old))?;
    }
    Ok(files.iter().map(|(n, _)| day.join(n)).collect())
}

/// Tidy what a killed run left: a day moved aside and not replaced is put back; half-written
/// days and moved-aside days that were replaced are removed.
fn recover(out: &Path, warnings: &mut Vec<String>) {
    let Ok(rd) = std::fs::read_dir(out) else {
        return;
    };
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let Some(rest) = name.strip_prefix('.') else {
            continue;
        };
        let (date, kind) = match rest.split_once('.') {
            Some((d, k)) if valid_date(d) && (k == "new" || k == "old") => (d, k),
            _ => continue,
        };
        let day = out.join(date);
        let done = if kind == "old" && !day.exists() {
            std::fs::rename(e.path(), &day)
        } else {
            std::fs::remove_dir_all(e.path())
        };
        match done {
            Ok(()) => warnings.push(format!("tidied {name}, left by an interrupted run")),
            Err(err) => warnings.push(format!("cannot tidy {}: {err}", e.path().display())),
        }
    }
}

impl Archive {
    /// The archive index of `out`: `archive.json`, plus any dated digest it does not list yet
    /// (an output folder from before the index, or a run stopped before it wrote the index).
    /// A digest that cannot be read is reported and left out.
    pub fn load(out: &Path, warnings: &mut Vec<String>) -> Archive {
        let index = out.join("archive.json");
        let mut archive = match std::fs::read_to_string(&index) {
            Ok(text) => serde_json::from_str::<Archive>(&text).unwrap_or_else(|e| {
                warnings.push(format!(
                    "{} cannot be read ({e}); rebuilt from the dated digests",
                    index.display()
                ));
                Archive::default()
            }),
            Err(_) => Archive::default(),
        };
        // Days that are gone are dropped; days that are not listed are read.
        archive.entries.retain(|e| out.join(&e.date).is_dir());
        let Ok(rd) = std::fs::read_dir(out) else {
            return archive;
        };
        let mut dates: Vec<String> = rd
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| valid_date(n) && !archive.entries.iter().any(|e| &e.date == n))
            .collect();
        dates.sort();
        for date in dates {
            match entry_of(&out.join(&date), &date) {
                Ok(e) => archive.entries.push(e),
                Err(why) => warnings.push(format!(
                    "left out of the archive: {}: {why}",
                    out.join(&date).join("digest.json").display()
                )),
            }
        }
        archive.entries.sort_by(|a, b| b.date.cmp(&a.date));
        archive
    }

    /// Add or replace the entry of a day, keeping the newest first.
    pub fn put(&mut self, entry: ArchiveEntry) {
        self.entries.retain(|e| e.date != entry.date);
        self.entries.push(entry);
        self.entries.sort_by(|a, b| b.date.cmp(&a.date));
    }
}

/// The archive entry of one dated folder, from its digest.json.
fn entry_of(dir: &Path, date: &str) -> std::result::Result<ArchiveEntry, String> {
    let text = std::fs::read_to_string(dir.join("digest.json")).map_err(|e| e.to_string())?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let page = if dir.join("digest.html").is_file() || !dir.join("digest.md").is_file() {
        "digest.html"
    } else {
        "digest.md"
    };
    Ok(ArchiveEntry {
        documents: v["documents"].as_array().map_or(0, |a| a.len()),
        top_entities: v["top_entities"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default(),
        title: v["title"].as_str().unwrap_or_default().to_string(),
        link: format!("{date}/{page}"),
        page: page.to_string(),
        date: date.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_atomic_replaces_and_is_world_readable() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a/b.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o644);
        }
        let names: Vec<String> = std::fs::read_dir(d.path().join("a"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .collect();
        assert_eq!(names, vec!["b.txt".to_string()], "no temporary file left");
    }

    #[test]
    fn dates() {
        assert!(valid_date("2026-11-23"));
        for bad in ["2026-13-01", "2026-2-1", "../x", "", "2026-11-23x"] {
            assert!(!valid_date(bad), "{bad}");
        }
    }

    #[test]
    fn archive_newest_first_with_links() {
        let d = tempfile::tempdir().unwrap();
        let day = |date: &str, docs: usize, html: bool| {
            let dir = d.path().join(date);
            std::fs::create_dir_all(&dir).unwrap();
            let v = serde_json::json!({
                "title": "T",
                "documents": vec![serde_json::json!({}); docs],
                "top_entities": ["Armenia"],
            });
            std::fs::write(dir.join("digest.json"), v.to_string()).unwrap();
            std::fs::write(dir.join("digest.md"), "x").unwrap();
            if html {
                std::fs::write(dir.join("digest.html"), "x").unwrap();
            }
        };
        day("2026-11-20", 1, true);
        day("2026-11-23", 2, false);
        day("2026-11-21", 3, true);
        std::fs::create_dir_all(d.path().join("not-a-date")).unwrap();
        std::fs::create_dir_all(d.path().join("2026-11-22")).unwrap(); // no digest.json
        let a = archive(d.path());
        let got: Vec<(&str, usize, &str)> = a
            .iter()
            .map(|e| (e.date.as_str(), e.documents, e.link.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("2026-11-23", 2, "2026-11-23/digest.md"),
                ("2026-11-21", 3, "2026-11-21/digest.html"),
                ("2026-11-20", 1, "2026-11-20/digest.html"),
            ]
        );
        assert_eq!(a[0].top_entities, vec!["Armenia".to_string()]);
        assert_eq!(a[0].page, "digest.md");
    }
}
