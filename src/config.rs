//! Configuration: built-in defaults, then the TOML file, then command-line flags (highest).
//! Relative paths in the file are resolved against the file's folder. Unknown keys fail loudly.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::digest::GlossaryScope;
use crate::error::{Error, Result};
use crate::summarize::{Budget, Method, Weights};

/// Theme settings: extra lexicon files (merged over the built-in one, or replacing it),
/// themes to drop, the score threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ThemesConfig {
    /// Lexicon files merged over the built-in lexicon, in order.
    pub files: Vec<PathBuf>,
    /// Start from an empty lexicon instead of the built-in one.
    pub replace_builtin: bool,
    /// Theme keys to leave out.
    pub disable: Vec<String>,
    /// Minimum score for a sentence to count under a theme.
    pub threshold: f64,
    /// Factor of the weight of a term in a sentence's background (from the first "after",
    /// "because of", "which" and the like to the end); 1 weighs every term alike.
    pub background: f64,
    /// Let the learned model pick each sentence's primary theme from the lexicon's scores and
    /// the sentence's words (when its classes match the lexicon's themes; the default);
    /// false: the lexicon's strongest theme above the threshold.
    pub model: bool,
    /// A model file (the format of `data/themes/model.tsv`) instead of the built-in one.
    pub model_file: Option<PathBuf>,
}

impl Default for ThemesConfig {
    fn default() -> Self {
        ThemesConfig {
            files: Vec::new(),
            replace_builtin: false,
            disable: Vec::new(),
            threshold: 0.5,
            background: crate::themes::BACKGROUND,
            model: true,
            model_file: None,
        }
    }
}

/// How the configuration changes one built-in table: files added after the built-in entries
/// (or in their place).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TableConfig {
    /// Files in the table's format, loaded in order after the built-in data.
    pub files: Vec<PathBuf>,
    /// Start from an empty table instead of the built-in one.
    pub replace_builtin: bool,
}

/// The tables of [`crate::Resources`] the configuration may extend or replace.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TablesConfig {
    /// Gazetteer files (TOML). The top-level `gazetteer` list adds files too.
    pub gazetteer: TableConfig,
    /// Titles and institutions (TOML, the format of `data/titles.toml`).
    pub titles: TableConfig,
    /// Verbs of saying and acting for the gist (TOML, the format of `data/verbs.toml`).
    pub verbs: TableConfig,
    /// Stop words (one a line).
    pub stopwords: TableConfig,
    /// Words whose first letters look like clitics but belong to the word (one a line).
    pub protected: TableConfig,
    /// Word frequencies (TSV, the format of `data/wordfreq.tsv`: word, Zipf frequency, and
    /// `name` for a word used mostly as a name).
    pub wordfreq: TableConfig,
    /// Page-chrome lines (one a line; a trailing `*` makes a prefix). The top-level `chrome`
    /// list adds lines too.
    pub chrome: TableConfig,
}

/// A feed's own field names (JSON and JSON Lines), each list tried in order before the
/// built-in names (see README, "Inputs").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FeedFields {
    /// The article's text (HTML or plain).
    pub text: Vec<String>,
    pub title: Vec<String>,
    pub date: Vec<String>,
    pub url: Vec<String>,
    /// The outlet.
    pub source: Vec<String>,
    pub author: Vec<String>,
    /// The declared language.
    pub lang: Vec<String>,
}

/// Model files in place of the shipped ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ModelsConfig {
    /// Named-entity tagger model (the format `scripts/train_ner.py` writes).
    pub tagger: Option<PathBuf>,
    /// The tagger's person-name list.
    pub tagger_names: Option<PathBuf>,
    /// Romanizer lexicon (`lexicon.tsv` of `scripts/train_romanizer.py`).
    pub romanizer_lexicon: Option<PathBuf>,
    /// Romanizer n-gram model (`joint_ngram.tsv`).
    pub romanizer_model: Option<PathBuf>,
    /// Add the names the tagger finds where the gazetteer found nothing.
    pub use_tagger: bool,
}

impl Default for ModelsConfig {
    fn default() -> Self {
        ModelsConfig {
            tagger: None,
            tagger_names: None,
            romanizer_lexicon: None,
            romanizer_model: None,
            use_tagger: true,
        }
    }
}

/// Settings one audience may change.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AudienceConfig {
    pub budget: Option<Budget>,
    /// Only these themes appear in the audience's digest (in this order).
    pub themes: Option<Vec<String>>,
    /// Digest title for this audience.
    pub title: Option<String>,
}

/// The whole configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Output folder.
    pub out: PathBuf,
    /// A folder of templates overriding the built-in ones.
    pub templates: Option<PathBuf>,
    /// The audience (a sub-folder of the templates: analyst, executive, public, ...).
    pub audience: String,
    /// Output formats of `build`: md, html, json.
    pub formats: Vec<String>,
    /// Digest title.
    pub title: String,
    /// The public address of the output folder (`https://example.org/briefing/`): the Atom
    /// feed's links are made from it, and without it no feed is written.
    pub base_url: Option<String>,
    /// The Atom feed's id (a URI that names this archive for good, e.g.
    /// `tag:example.org,2026:briefing`); entries add `#DATE`. Default: BASE_URL + `feed.xml`.
    /// Changing the title keeps it.
    pub feed_id: Option<String>,
    pub method: Method,
    pub budget: Budget,
    pub weights: Weights,
    /// Opt-in data packs (regional gazetteers and theme terms): see `data/packs/`.
    pub packs: Vec<String>,
    /// Extra gazetteer files (TOML, same format as the built-in ones).
    pub gazetteer: Vec<PathBuf>,
    /// Built-in tables to extend or replace.
    pub tables: TablesConfig,
    /// Model files in place of the shipped ones.
    pub models: ModelsConfig,
    pub themes: ThemesConfig,
    /// Extra page-chrome lines to remove.
    pub chrome: Vec<String>,
    /// A feed's own field names.
    pub feed_fields: FeedFields,
    /// Per-audience settings.
    pub audiences: BTreeMap<String, AudienceConfig>,
    /// Fail when any input is skipped.
    pub strict: bool,
    /// Inputs larger than this many bytes are refused (default 64 MiB).
    pub max_file_bytes: Option<u64>,
    /// A single article with more than this many bytes of text is refused (default 4 MiB).
    pub max_article_bytes: Option<usize>,
    /// The translation backend of the chosen sentences; none by default.
    pub translate: crate::translate::TranslateConfig,
    /// The digest's glossary: `shown` (the entities of the chosen sentences and the day's key
    /// entities) or `all` (every entity of the day).
    pub glossary: GlossaryScope,
    /// On a day with more stories than this, only the documents of the leading stories are
    /// analyzed in full (names, themes, gists); the others are read, grouped into stories and
    /// listed. Default: twelve times the most sentences the budget takes (600 with the
    /// default budget). 0 analyzes every document, as does `glossary = "all"`.
    pub leading_stories: Option<usize>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            out: PathBuf::from("out"),
            templates: None,
            audience: "default".into(),
            formats: vec!["md".into(), "html".into(), "json".into()],
            title: "Daily digest".into(),
            base_url: None,
            feed_id: None,
            method: Method::Khulasa,
            // One sentence a story: at least 12, at most 50.
            budget: Budget {
                max_sentences: Some(50),
                max_words: None,
                ratio: None,
                cover_themes: true,
                per_story: Some(1),
                min_sentences: Some(12),
            },
            weights: Weights::default(),
            packs: Vec::new(),
            gazetteer: Vec::new(),
            tables: TablesConfig::default(),
            models: ModelsConfig::default(),
            themes: ThemesConfig::default(),
            chrome: Vec::new(),
            feed_fields: FeedFields::default(),
            audiences: BTreeMap::new(),
            strict: false,
            max_file_bytes: None,
            max_article_bytes: None,
            translate: crate::translate::TranslateConfig::default(),
            glossary: GlossaryScope::Shown,
            leading_stories: None,
        }
    }
}

impl Config {
    /// Read a TOML configuration file; relative paths become relative to its folder.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        let mut c: Config = toml::from_str(&text).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        let fix = |p: &mut PathBuf| {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        };
        // `out` relative to the config file only when the file sets it.
        if toml::from_str::<toml::Table>(&text).is_ok_and(|t| t.contains_key("out")) {
            fix(&mut c.out);
        }
        if let Some(t) = c.templates.as_mut() {
            fix(t);
        }
        c.gazetteer.iter_mut().for_each(fix);
        c.themes.files.iter_mut().for_each(fix);
        if let Some(p) = c.themes.model_file.as_mut() {
            fix(p);
        }
        let t = &mut c.tables;
        for table in [
            &mut t.gazetteer,
            &mut t.titles,
            &mut t.verbs,
            &mut t.stopwords,
            &mut t.protected,
            &mut t.wordfreq,
            &mut t.chrome,
        ] {
            table.files.iter_mut().for_each(fix);
        }
        let m = &mut c.models;
        for p in [
            &mut m.tagger,
            &mut m.tagger_names,
            &mut m.romanizer_lexicon,
            &mut m.romanizer_model,
        ]
        .into_iter()
        .flatten()
        {
            fix(p);
        }
        if let Some(d) = c.translate.cache_dir.as_mut() {
            fix(d);
        }
        c.validate().map_err(|reason| Error::Config {
            path: path.to_path_buf(),
            reason,
        })?;
        Ok(c)
    }

    /// Check values that TOML types cannot.
    pub fn validate(&self) -> std::result::Result<(), String> {
        if let Some(u) = &self.base_url
            && !crate::render::is_http_url(u)
        {
            return Err(format!("base_url {u:?} is not an absolute http(s) address"));
        }
        for p in &self.packs {
            if crate::data::pack(p).is_none() {
                return Err(format!(
                    "unknown pack {p:?} (the packs are: {})",
                    crate::data::PACKS
                        .iter()
                        .map(|p| p.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        if self.models.tagger.is_some() != self.models.tagger_names.is_some() {
            return Err("models.tagger and models.tagger_names go together".into());
        }
        if self.models.romanizer_lexicon.is_some() != self.models.romanizer_model.is_some() {
            return Err("models.romanizer_lexicon and models.romanizer_model go together".into());
        }
        for f in &self.formats {
            if !["md", "html", "json"].contains(&f.as_str()) {
                return Err(format!("unknown format {f:?} (use md, html, json)"));
            }
        }
        if let Some(r) = self.budget.ratio
            && !(r > 0.0 && r <= 1.0)
        {
            return Err(format!("budget.ratio must be in (0, 1], not {r}"));
        }
        let audience_budgets = self.audiences.values().filter_map(|a| a.budget.as_ref());
        if std::iter::once(&self.budget)
            .chain(audience_budgets)
            .any(|b| b.per_story == Some(0))
        {
            return Err("budget.per_story must be at least 1".into());
        }
        self.translate.validate()?;
        if !self
            .audience
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(format!(
                "audience {:?}: use letters, digits, '-' and '_'",
                self.audience
            ));
        }
        Ok(())
    }

    /// The budget for the current audience (its own, else the global one).
    pub fn effective_budget(&self) -> Budget {
        self.audiences
            .get(&self.audience)
            .and_then(|a| a.budget)
            .unwrap_or(self.budget)
    }

    /// How many leading stories a build analyzes in full ([`Config::leading_stories`]); None
    /// when every document is analyzed: when it is 0, when the glossary lists every entity of
    /// the day, or when the budget sets no number of sentences.
    pub fn effective_leading_stories(&self) -> Option<usize> {
        if self.glossary == GlossaryScope::All {
            return None;
        }
        self.leading_stories_for(&self.effective_budget())
    }

    /// How many leading stories are analyzed in full for a summary of `budget`
    /// ([`Config::leading_stories`], or twelve a sentence of the budget); None when every
    /// document is analyzed.
    pub fn leading_stories_for(&self, budget: &Budget) -> Option<usize> {
        let n = match self.leading_stories {
            Some(n) => n,
            None => budget
                .max_sentences?
                .saturating_mul(LEADING_STORIES_PER_SENTENCE),
        };
        (n > 0).then_some(n)
    }
}

/// The default [`Config::leading_stories`]: this many for each sentence the budget may take.
pub const LEADING_STORIES_PER_SENTENCE: usize = 12;

#[cfg(test)]
mod tests {
    use super::*;

    /// A large day analyzes the leading stories' articles (twelve stories a sentence of the
    /// budget), unless told to analyze every article: `leading_stories = 0`, a glossary of
    /// every entity, or a budget with no number of sentences.
    #[test]
    fn a_large_day_analyzes_its_leading_stories_unless_every_article_is_needed() {
        let c = Config::default();
        assert_eq!(c.effective_leading_stories(), Some(600));
        let small = Config {
            budget: Budget {
                max_sentences: Some(5),
                ..c.budget
            },
            ..c.clone()
        };
        assert_eq!(small.effective_leading_stories(), Some(60));
        let set = Config {
            leading_stories: Some(7),
            ..c.clone()
        };
        assert_eq!(set.effective_leading_stories(), Some(7));
        for every in [
            Config {
                leading_stories: Some(0),
                ..c.clone()
            },
            Config {
                glossary: GlossaryScope::All,
                ..set.clone()
            },
            Config {
                budget: Budget {
                    max_sentences: None,
                    ratio: Some(0.2),
                    ..c.budget
                },
                ..c.clone()
            },
        ] {
            assert_eq!(every.effective_leading_stories(), None);
        }
        let from_file: Config = toml::from_str("leading_stories = 40\n").unwrap();
        assert_eq!(from_file.effective_leading_stories(), Some(40));
    }

    #[test]
    fn the_default_budget_is_a_sentence_a_story_between_12_and_50() {
        let b = Config::default().budget;
        assert_eq!(
            (b.per_story, b.min_sentences, b.max_sentences),
            (Some(1), Some(12), Some(50))
        );
        assert!(b.cover_themes);
    }

    #[test]
    fn a_budget_of_no_sentence_a_story_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("khulasa.toml");
        std::fs::write(&path, "[budget]\nper_story = 2\nmax_sentences = 30\n").unwrap();
        let c = Config::load(&path).unwrap();
        assert_eq!(c.budget.per_story, Some(2));
        assert_eq!(c.budget.min_sentences, None);
        for bad in [
            "[budget]\nper_story = 0\n",
            "[audiences.brief]\nbudget = { per_story = 0 }\n",
        ] {
            std::fs::write(&path, bad).unwrap();
            let e = Config::load(&path).unwrap_err();
            assert!(e.to_string().contains("per_story"), "{bad}: {e}");
        }
    }
}
