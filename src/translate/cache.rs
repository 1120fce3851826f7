//! The translation cache: one JSON file per translation, named by the hash of what decides it
//! (backend, model, Arabic sentence, glossary names), under `translate/` in the cache folder.
//! Each file is written to a temporary file beside it and renamed into place, so that a run
//! that stops midway leaves whole entries or none.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The version of the key's recipe: a change of it makes new keys.
const VERSION: &str = "khulasa-translate-1";

/// The cache key of a translation: 32 hex digits.
pub fn key(backend: &str, model: Option<&str>, source: &str, names: &[(String, String)]) -> String {
    let mut names = names.to_vec();
    names.sort();
    let recipe = serde_json::json!([VERSION, backend, model, source, names]);
    format!(
        "{:032x}",
        xxhash_rust::xxh3::xxh3_128(recipe.to_string().as_bytes())
    )
}

/// An entry as it is stored.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    backend: String,
    model: Option<String>,
    /// The Arabic sentence, checked on reading.
    source: String,
    /// Its English.
    text: String,
}

/// A cache folder.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    pub fn new(dir: PathBuf) -> Cache {
        Cache { dir }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir
            .join("translate")
            .join(&key[..2])
            .join(format!("{key}.json"))
    }

    /// The English of `source` under `key`, when it is cached (an unreadable or foreign entry
    /// is a miss).
    pub fn get(&self, key: &str, source: &str) -> Option<String> {
        let text = std::fs::read_to_string(self.path(key)).ok()?;
        let entry: Entry = serde_json::from_str(&text).ok()?;
        (entry.source == source && !entry.text.is_empty()).then_some(entry.text)
    }

    /// Keep the English of `source` under `key`.
    pub fn put(
        &self,
        key: &str,
        source: &str,
        text: &str,
        backend: &str,
        model: Option<&str>,
    ) -> Result<(), String> {
        let path = self.path(key);
        let dir = path.parent().unwrap_or(&self.dir);
        let fail = |e: std::io::Error| format!("{}: {e}", path.display());
        std::fs::create_dir_all(dir).map_err(fail)?;
        let entry = Entry {
            backend: backend.to_string(),
            model: model.map(str::to_string),
            source: source.to_string(),
            text: text.to_string(),
        };
        let json = serde_json::to_string_pretty(&entry).map_err(|e| e.to_string())? + "\n";
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
        tmp.write_all(json.as_bytes()).map_err(fail)?;
        tmp.persist(&path).map_err(|e| fail(e.error))?;
        Ok(())
    }
}
