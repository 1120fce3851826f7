//! The English gist line of a sentence: who did what, about what. This module owns the verbs
//! of saying and acting (`data/verbs.toml` plus the configuration's files), finds a sentence's
//! first verb during analysis, and writes the line ([`line()`]) from the actor, the verb, the
//! key terms and the other names.

use serde::{Deserialize, Serialize};

use crate::arabic;
use crate::entities::{EntityType, Form, Mention};
use crate::error::{Error, Result};
use crate::pipeline::Sentence;
use crate::text::Token;
use crate::themes::TermHit;

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

/// The gist line of an analyzed sentence: "actor — verb — what it is about (other names)".
/// Every part is optional; an empty string when the sentence has none.
pub fn line(s: &Sentence) -> String {
    let verb = s.verb.as_ref();
    let actor = actor(s, verb);
    let mut parts: Vec<String> = Vec::new();
    if let Some(a) = actor {
        parts.push(actor_text(a));
    }
    if let Some(v) = verb {
        parts.push(v.english.clone());
    }
    let about = about(s, actor);
    if !about.is_empty() {
        parts.push(about);
    }
    parts.join(" — ")
}

/// Who acts. Arabic news is mostly verb–subject–object: the actor is the first person or
/// organization after the verb (within a few words), else a name right after the verb, else
/// the last person or organization before it; without a verb, the first person or
/// organization; else the first name.
fn actor<'s>(s: &'s Sentence, verb: Option<&Verb>) -> Option<&'s Mention> {
    let agents: Vec<&Mention> = s
        .mentions
        .iter()
        .filter(|m| {
            m.form == Form::Name && matches!(m.etype, EntityType::Person | EntityType::Organization)
        })
        .collect();
    // A country named right after the verb acts too ("أعلنت روسيا": Russia announced).
    let right_after = |v: &Verb| {
        s.mentions.iter().find(|m| {
            m.form == Form::Name
                && m.byte_start > v.start
                && s.text
                    .get(v.start - s.span.start..m.byte_start - s.span.start)
                    .is_some_and(|between| between.split_whitespace().count() <= 1)
        })
    };
    match verb {
        Some(v) => {
            let in_window = |m: &&&Mention| m.byte_start >= v.start && m.byte_start < v.window_end;
            // A person speaks for an organization named before them ("the spokeswoman of the
            // ministry, Maria Zakharova").
            agents
                .iter()
                .filter(in_window)
                .find(|m| m.etype == EntityType::Person)
                .or_else(|| agents.iter().find(in_window))
                .copied()
                .or_else(|| right_after(v))
                .or_else(|| {
                    agents
                        .iter()
                        .rev()
                        .find(|m| m.byte_start < v.start)
                        .copied()
                })
        }
        None => agents.first().copied(),
    }
    .or_else(|| s.mentions.iter().find(|m| m.form == Form::Name))
}

/// The actor's English name, with the role the text gives when the name does not say it.
fn actor_text(m: &Mention) -> String {
    match &m.role {
        Some(r) if !r.is_empty() && !m.english.contains(r.as_str()) => {
            format!("{} ({r})", m.english)
        }
        _ => m.english.clone(),
    }
}

/// What the sentence is about: the strongest terms of its primary theme first (three at
/// most), then up to three other names in parentheses.
fn about(s: &Sentence, actor: Option<&Mention>) -> String {
    let mut hits: Vec<&TermHit> = s.themes.hits.iter().filter(|h| h.weight > 0.0).collect();
    hits.sort_by(|a, b| {
        (a.theme != s.themes.primary)
            .cmp(&(b.theme != s.themes.primary))
            .then(b.weight.total_cmp(&a.weight))
            .then(a.first_token.cmp(&b.first_token))
    });
    let mut about: Vec<String> = Vec::new();
    for h in hits {
        if about.len() == 3 {
            break;
        }
        if !about.contains(&h.english) {
            about.push(h.english.clone());
        }
    }
    let mut others: Vec<String> = Vec::new();
    for m in &s.mentions {
        if actor.is_some_and(|a| a.key == m.key) || others.contains(&m.english) {
            continue;
        }
        others.push(m.english.clone());
    }
    if !others.is_empty() {
        let list = others.into_iter().take(3).collect::<Vec<_>>().join(", ");
        if about.is_empty() {
            about.push(list);
        } else {
            about.push(format!("({list})"));
        }
    }
    about.join(" ")
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

    fn gists(text: &str) -> Vec<String> {
        let engine = crate::pipeline::Engine::builtin().unwrap();
        use crate::ingest::{Format, IngestOptions, ingest_text};
        let ing = ingest_text("t.txt", Format::Text, text, &IngestOptions::default());
        let docs = engine.analyze(ing.documents);
        docs[0].sentences.iter().map(line).collect()
    }

    #[test]
    fn gist_names_who_did_what_about_what() {
        let g = gists(
            "وقالت المتحدثة باسم وزارة الخارجية الروسية، ماريا زاخاروفا، إن باكو ويريفان أكدتا مشاركتهما في مشاورات موسكو.",
        );
        assert!(
            g[0].starts_with("Maria Zakharova (Spokesperson for the Ministry of Foreign Affairs of Russia) — said — "),
            "{g:?}"
        );
        assert!(g[0].contains("consultations"), "{g:?}");
        let g = gists("أعلنت روسيا اليوم أن أرمينيا وأذربيجان وافقتا على المشاركة بمفاوضات موسكو.");
        assert!(g[0].starts_with("Russia — announced — "), "{g:?}");
        assert!(g[0].contains("negotiations"), "{g:?}");
    }
}
