//! Resources: the one value that owns every table and model of a run, built once from the
//! embedded defaults plus the configuration and passed explicitly to the stages.
//!
//! | table or model | built-in data | configuration | used by |
//! | --- | --- | --- | --- |
//! | word tables ([`Words`]: stop and protected words) | `data/stopwords.txt`, `data/protected.txt` | `[tables.stopwords]`, `[tables.protected]` | `text` (tokens), `summarize` (content words), `entities` |
//! | page chrome ([`Chrome`]) | `data/chrome.txt` | `chrome`, `[tables.chrome]` | `ingest` |
//! | verbs ([`Verbs`]) | `data/verbs.toml` | `[tables.verbs]` | `gist` |
//! | gazetteer ([`Gazetteer`]) | `data/gazetteer/*.toml`, packs | `packs`, `gazetteer`, `[tables.gazetteer]` | `entities` |
//! | titles ([`Titles`]) | `data/titles.toml` | `[tables.titles]` | `entities` |
//! | word frequencies ([`WordFrequency`]) | `data/wordfreq.tsv` | `[tables.wordfreq]` | `entities` |
//! | tagger ([`Tagger`]) | `data/ner/` | `[models] tagger`, `tagger_names` | `entities` |
//! | romanizer ([`Romanizer`]) | `data/romanize/` | `[models] romanizer_lexicon`, `romanizer_model` | `entities` |
//! | theme lexicon ([`Lexicon`]) | `data/themes/default.toml`, packs | `[themes]` | `themes` |
//!
//! Nothing here is global: two `Resources` built from two configurations live side by side,
//! and a test builds its own. Bad data fails the build of the value, naming the file and,
//! where the format has lines, the line.

use std::path::Path;
use std::sync::Arc;

use crate::arabic::{self, Words};
use crate::config::{Config, TableConfig};
use crate::entities::romanize::Romanizer;
use crate::entities::tagger::Tagger;
use crate::entities::{Gazetteer, Recognizer, RecognizerParts, Titles, WordFrequency};
use crate::error::{Error, Result};
use crate::gist::Verbs;
use crate::ingest::Chrome;
use crate::themes::{Lexicon, ThemeModel};

/// Every table and model of a run.
pub struct Resources {
    /// Stop words and protected words.
    pub words: Arc<Words>,
    /// Lines and prefixes of page chrome that ingest removes.
    pub chrome: Arc<Chrome>,
    /// Verbs of saying and acting, for the gist.
    pub verbs: Verbs,
    /// The entity recognizer: gazetteer, titles, word frequencies, the tagger and the romanizer.
    pub recognizer: Recognizer,
    /// The theme lexicons.
    pub lexicon: Lexicon,
}

impl Resources {
    /// The built-in data only (the configuration's defaults: no pack, every model shipped).
    pub fn builtin() -> Result<Resources> {
        Resources::from_config(&Config::default())
    }

    /// The built-in data plus what the configuration adds, or in place of what it replaces.
    pub fn from_config(config: &Config) -> Result<Resources> {
        config.validate().map_err(|reason| Error::Config {
            path: "configuration".into(),
            reason,
        })?;
        let (tagger, romanizer) = rayon::join(|| load_tagger(config), || load_romanizer(config));
        let (tagger, romanizer) = (Arc::new(tagger?), Arc::new(romanizer?));
        let t = &config.tables;

        let mut words = Words::default();
        if !t.stopwords.replace_builtin {
            words.stop = arabic::word_list(crate::data::STOPWORDS);
        }
        for p in &t.stopwords.files {
            words.stop.extend(arabic::read_word_list(p)?);
        }
        if !t.protected.replace_builtin {
            words.protected = arabic::word_list(crate::data::PROTECTED);
        }
        for p in &t.protected.files {
            words.protected.extend(arabic::read_word_list(p)?);
        }
        let words = Arc::new(words);

        let mut chrome = if t.chrome.replace_builtin {
            Chrome::default()
        } else {
            Chrome::builtin()
        };
        for p in &t.chrome.files {
            chrome.add_list(&read_data(p)?);
        }
        for line in &config.chrome {
            chrome.add(line.clone());
        }

        let verbs = load_table(&t.verbs, Verbs::builtin, Verbs::add_toml)?;
        let titles = load_table(&t.titles, Titles::builtin, Titles::add_toml)?;
        let wordfreq = load_table(&t.wordfreq, WordFrequency::builtin, WordFrequency::add_tsv)?;

        let mut gazetteer = if t.gazetteer.replace_builtin {
            Gazetteer::default()
        } else {
            Gazetteer::builtin()?
        };
        let packs: Vec<&crate::data::Pack> = config
            .packs
            .iter()
            .filter_map(|p| crate::data::pack(p))
            .collect();
        for (name, text) in packs.iter().flat_map(|p| p.gazetteer) {
            gazetteer.add_toml(name, text)?;
        }
        for p in t.gazetteer.files.iter().chain(&config.gazetteer) {
            gazetteer.add_toml(&p.display().to_string(), &read_data(p)?)?;
        }
        let mut recognizer = Recognizer::new(
            gazetteer,
            RecognizerParts {
                titles,
                wordfreq: Arc::new(wordfreq),
                words: Arc::clone(&words),
                tagger,
                romanizer,
            },
        )?;
        recognizer.use_tagger = config.models.use_tagger;

        let mut files: Vec<(String, String)> = Vec::new();
        if !config.themes.replace_builtin {
            files.push(("themes/default.toml".into(), crate::data::THEMES.into()));
        }
        for (name, text) in packs.iter().flat_map(|p| p.themes) {
            files.push((name.to_string(), text.to_string()));
        }
        for p in &config.themes.files {
            files.push((p.display().to_string(), read_data(p)?));
        }
        for key in &config.themes.disable {
            files.push((
                "config themes.disable".into(),
                format!("[[theme]]\nkey = {key:?}\nremove = true\n"),
            ));
        }
        let mut lexicon = Lexicon::from_files(&files, config.themes.threshold)?;
        lexicon.background = config.themes.background;
        if config.themes.model {
            let model = match &config.themes.model_file {
                Some(p) => ThemeModel::from_tsv(&p.display().to_string(), &read_data(p)?)?,
                None => ThemeModel::builtin()?,
            };
            lexicon.set_model(Some(Arc::new(model)));
        }

        Ok(Resources {
            words,
            chrome: Arc::new(chrome),
            verbs,
            recognizer,
            lexicon,
        })
    }
}

/// A TOML table: the built-in one unless replaced, then the configuration's files in order.
fn load_table<T: Default>(
    table: &TableConfig,
    builtin: impl FnOnce() -> Result<T>,
    add: impl Fn(&mut T, &str, &str) -> Result<()>,
) -> Result<T> {
    let mut t = if table.replace_builtin {
        T::default()
    } else {
        builtin()?
    };
    for p in &table.files {
        add(&mut t, &p.display().to_string(), &read_data(p)?)?;
    }
    Ok(t)
}

fn load_tagger(config: &Config) -> Result<Tagger> {
    let m = &config.models;
    match (&m.tagger, &m.tagger_names) {
        (Some(model), Some(names)) => {
            Tagger::from_model_text(&read_data(model)?, &read_data(names)?).map_err(|e| {
                Error::Data {
                    name: model.display().to_string(),
                    reason: e.to_string(),
                }
            })
        }
        _ => Tagger::builtin().map_err(|e| Error::Data {
            name: "ner/model.txt".into(),
            reason: e.to_string(),
        }),
    }
}

/// The romanizer of a configuration (`[models]`), alone: for the commands that need nothing
/// else.
pub fn load_romanizer(config: &Config) -> Result<Romanizer> {
    let m = &config.models;
    let (name, r) = match (&m.romanizer_lexicon, &m.romanizer_model) {
        (Some(lexicon), Some(model)) => (
            format!("{} and {}", lexicon.display(), model.display()),
            Romanizer::from_strs(&read_data(lexicon)?, &read_data(model)?),
        ),
        _ => ("romanize/".to_string(), Romanizer::builtin()),
    };
    r.map_err(|e| Error::Data {
        name,
        reason: e.to_string(),
    })
}

/// Read a data file of the configuration, naming it when it cannot be read.
pub(crate) fn read_data(p: &Path) -> Result<String> {
    std::fs::read_to_string(p).map_err(|e| Error::Data {
        name: p.display().to_string(),
        reason: e.to_string(),
    })
}

#[cfg(test)]
mod tests;
