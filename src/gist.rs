//! The English gist line of a sentence: who did what. This module owns the verbs of saying and
//! acting (`data/verbs.toml` plus the configuration's files) and finds a sentence's first verb;
//! [`crate::digest`] puts the actor, the verb and the key terms together.

use serde::{Deserialize, Serialize};

use crate::arabic;
use crate::error::{Error, Result};
use crate::text::Token;

/// A verb of saying or acting found in a sentence, for the English gist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verb {
    /// Byte offset of the verb in the document text.
    pub start: usize,
    /// Byte offset of the eighth word after the verb (the end of where its subject is looked for).
    pub window_end: usize,
    /// The English verb ("said", "announced").
    pub english: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VerbFile {
    verb: Vec<VerbDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VerbDef {
    arabic: Vec<String>,
    english: String,
}

/// The verbs table: normalized Arabic form → English past tense.
#[derive(Debug, Clone, Default)]
pub struct Verbs {
    by_form: rustc_hash::FxHashMap<String, String>,
}

impl Verbs {
    /// The built-in table (`data/verbs.toml`).
    pub fn builtin() -> Result<Verbs> {
        let mut v = Verbs::default();
        v.add_toml("verbs.toml", crate::data::VERBS)?;
        Ok(v)
    }

    /// Parse a verbs file (the format of `data/verbs.toml`) and add its verbs; a form listed
    /// again takes the later English verb.
    pub fn add_toml(&mut self, name: &str, text: &str) -> Result<()> {
        let f: VerbFile = toml::from_str(text).map_err(|e| Error::Data {
            name: name.to_string(),
            reason: e.to_string(),
        })?;
        for v in f.verb {
            if v.english.trim().is_empty() {
                return Err(Error::Data {
                    name: name.to_string(),
                    reason: format!(
                        "line {}: a verb without its English",
                        line_of(text, &v.arabic)
                    ),
                });
            }
            for a in v.arabic {
                self.by_form.insert(arabic::norm(&a), v.english.clone());
            }
        }
        Ok(())
    }

    /// Number of Arabic forms.
    pub fn len(&self) -> usize {
        self.by_form.len()
    }

    /// No verbs at all.
    pub fn is_empty(&self) -> bool {
        self.by_form.is_empty()
    }

    /// The English of a normalized form, with و or ف attached or not.
    fn english(&self, norm: &str) -> Option<&String> {
        self.by_form.get(norm).or_else(|| {
            norm.strip_prefix(['و', 'ف'])
                .and_then(|x| self.by_form.get(x))
        })
    }

    /// The first verb of saying or acting among the tokens (with و or ف attached or not).
    pub fn find(&self, tokens: &[Token]) -> Option<Verb> {
        let (i, english) = tokens
            .iter()
            .enumerate()
            .find_map(|(i, t)| self.english(&t.norm).map(|e| (i, e)))?;
        Some(Verb {
            start: tokens[i].start,
            window_end: tokens.get(i + 8).map_or(usize::MAX, |t| t.start),
            english: english.clone(),
        })
    }
}

/// The line of a file on which the first of `forms` is written (1 when none is found).
fn line_of(text: &str, forms: &[String]) -> usize {
    forms
        .first()
        .and_then(|f| text.find(f.as_str()))
        .map_or(1, |at| text[..at].lines().count().max(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arabic::Words;
    use crate::text::tokenize;

    #[test]
    fn finds_the_first_verb_with_or_without_a_conjunction() {
        let v = Verbs::builtin().unwrap();
        let w = Words::builtin();
        let s = "وقالت الوزارة إن الوفد أعلن موعد الزيارة";
        let found = v.find(&tokenize(s, 0, s.len(), &w)).unwrap();
        assert_eq!(found.english, "said");
        assert_eq!(found.start, 0);
        let s = "الوفد في باكو";
        assert!(v.find(&tokenize(s, 0, s.len(), &w)).is_none());
    }

    #[test]
    fn a_configured_file_adds_verbs_and_bad_files_name_themselves() {
        let mut v = Verbs::builtin().unwrap();
        let n = v.len();
        v.add_toml(
            "mine.toml",
            "[[verb]]\narabic = [\"ندد\"]\nenglish = \"condemned\"\n",
        )
        .unwrap();
        assert_eq!(v.len(), n + 1);
        let s = "ندد الوزير بالهجوم";
        let w = Words::builtin();
        assert_eq!(
            v.find(&tokenize(s, 0, s.len(), &w)).unwrap().english,
            "condemned"
        );
        let e = v
            .add_toml("bad.toml", "[[verb]]\narabic = \"x\"\n")
            .unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("bad.toml") && msg.contains("line"), "{msg}");
    }
}
