//! Publishing: dated digest files, the archive index and the Atom feed, written atomically
//! (a temporary file in the same folder, renamed into place) so that an interrupted run
//! never leaves half a file and the previous digest stays intact.

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

/// Every dated digest under `out` (folders named YYYY-MM-DD holding a digest.json), newest first.
pub fn archive(out: &Path) -> Vec<ArchiveEntry> {
    let mut entries = Vec::new();
    let Ok(rd) = std::fs::read_dir(out) else {
        return entries;
    };
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if !valid_date(&name) {
            continue;
        }
        let json = e.path().join("digest.json");
        let Ok(text) = std::fs::read_to_string(&json) else {
            continue;
        };
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        let page =
            if e.path().join("digest.html").is_file() || !e.path().join("digest.md").is_file() {
                "digest.html"
            } else {
                "digest.md"
            };
        entries.push(ArchiveEntry {
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
            link: format!("{name}/{page}"),
            page: page.to_string(),
            date: name,
        });
    }
    entries.sort_by(|a, b| b.date.cmp(&a.date));
    entries
}

/// What `publish` wrote.
#[derive(Debug, Clone, Default)]
pub struct Written {
    pub files: Vec<PathBuf>,
}

/// Write the digest in each format to `out/DATE/digest.*`, then refresh `out/index.html` and
/// `out/feed.xml` from every digest in `out`.
pub fn publish(
    digest: &Digest,
    json: &str,
    renderer: &Renderer,
    out: &Path,
    formats: &[String],
    feed_id: &str,
) -> Result<Written> {
    if !valid_date(&digest.date) {
        return Err(Error::Usage(format!(
            "invalid date {:?}: use YYYY-MM-DD",
            digest.date
        )));
    }
    let day = out.join(&digest.date);
    let mut written = Written::default();
    // Render everything first: a template error must not leave a partial day behind.
    let mut files: Vec<(PathBuf, Cow<str>)> = Vec::new();
    for f in formats {
        let (name, body) = match f.as_str() {
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
        };
        files.push((day.join(name), body));
    }
    // The archive needs the day's JSON; write it even when not asked for, as it is the record.
    if !formats.iter().any(|f| f == "json") {
        files.push((day.join("digest.json"), Cow::Borrowed(json)));
    }
    // The archive as it will be after this run: the other days from disk, this day from memory.
    let page = if formats.iter().any(|f| f == "html") || !formats.iter().any(|f| f == "md") {
        "digest.html"
    } else {
        "digest.md"
    };
    let mut entries: Vec<ArchiveEntry> = archive(out)
        .into_iter()
        .filter(|e| e.date != digest.date)
        .collect();
    entries.push(ArchiveEntry {
        date: digest.date.clone(),
        documents: digest.documents.len(),
        top_entities: digest.top_entities.clone(),
        title: digest.title.clone(),
        link: format!("{}/{page}", digest.date),
        page: page.to_string(),
    });
    entries.sort_by(|a, b| b.date.cmp(&a.date));
    #[derive(Serialize)]
    struct Ctx<'a> {
        title: &'a str,
        feed_id: &'a str,
        date: &'a str,
        generator: &'a str,
        entries: &'a [ArchiveEntry],
        updated: &'a str,
    }
    let updated = entries
        .first()
        .map(|e| e.date.as_str())
        .unwrap_or(&digest.date);
    let ctx = Ctx {
        title: &digest.title,
        feed_id,
        date: &digest.date,
        generator: &digest.generator,
        entries: &entries,
        updated,
    };
    // Every page is rendered before the first write, so a template error leaves the previous
    // digest, index and feed untouched.
    files.push((
        out.join("index.html"),
        renderer.render("index.html", &ctx)?.into(),
    ));
    files.push((
        out.join("feed.xml"),
        renderer.render("feed.xml", &ctx)?.into(),
    ));
    for (p, body) in &files {
        write_atomic(p, body.as_bytes())?;
        written.files.push(p.clone());
    }
    Ok(written)
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
