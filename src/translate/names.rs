//! The names of a sentence on their way through a translation: placeholders that stand for
//! them while a backend translates, their English put back after, and the check that every
//! entity's English name is in the translation.

use regex::Regex;

use crate::digest::{Segment, SentenceView};
use crate::entities::Form;

/// A piece of a sentence: plain Arabic text, or a name with its English from the glossary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub english: Option<String>,
}

/// A sentence to translate, cut into plain pieces and names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub pieces: Vec<Piece>,
}

impl Source {
    /// A sentence without names.
    pub fn plain(text: &str) -> Source {
        Source {
            pieces: vec![Piece {
                text: text.to_string(),
                english: None,
            }],
        }
    }

    /// A chosen sentence of the digest, from its segments. Only names are names here: a
    /// nationality adjective linked to its country (الفرنسي → France) is left to the backend
    /// as a word ("French"), neither replaced nor checked.
    pub fn from_view(view: &SentenceView) -> Source {
        let adjective = |s: &Segment| {
            let text = crate::text::display(&s.text);
            view.entities.iter().any(|m| {
                Some(&m.key) == s.key.as_ref()
                    && m.form == Form::Adjective
                    && crate::text::display(&m.text) == text
            })
        };
        Source {
            pieces: view
                .segments
                .iter()
                .map(|s| Piece {
                    text: s.text.clone(),
                    english: s.english.clone().filter(|_| !adjective(s)),
                })
                .collect(),
        }
    }

    /// The Arabic sentence, on one line.
    pub fn text(&self) -> String {
        let joined: String = self.pieces.iter().map(|p| p.text.as_str()).collect();
        crate::text::display(&joined)
    }

    /// Each name's Arabic spelling with its English, in order, once each.
    pub fn names(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for p in &self.pieces {
            if let Some(en) = &p.english {
                let pair = (crate::text::display(&p.text), en.clone());
                if !out.contains(&pair) {
                    out.push(pair);
                }
            }
        }
        out
    }

    /// The sentence with a placeholder `[[E1]]`, `[[E2]]` ... for each name (the same name, the
    /// same number), and the English name of each number.
    pub fn protected(&self) -> (String, Vec<String>) {
        let mut english: Vec<String> = Vec::new();
        let mut text = String::new();
        for p in &self.pieces {
            match &p.english {
                Some(en) => {
                    let n = match english.iter().position(|e| e == en) {
                        Some(k) => k + 1,
                        None => {
                            english.push(en.clone());
                            english.len()
                        }
                    };
                    // A clitic written onto the name (و, ب, ل ...) becomes a word of its own.
                    if text.chars().next_back().is_some_and(char::is_alphanumeric) {
                        text.push(' ');
                    }
                    text.push_str(&placeholder(n));
                }
                None => {
                    if text.ends_with("]]") && p.text.starts_with(char::is_alphanumeric) {
                        text.push(' ');
                    }
                    text.push_str(&p.text)
                }
            }
        }
        (crate::text::display(&text), english)
    }
}

/// The placeholder of the name numbered `n` (from 1).
pub fn placeholder(n: usize) -> String {
    format!("[[E{n}]]")
}

/// Puts the English names back in place of the placeholders, as a translation returns them:
/// `[[E1]]`, and the forms engines make of it (spaces inside, a lowercase `e`, single
/// brackets).
pub struct Restorer {
    pattern: Regex,
}

impl Default for Restorer {
    fn default() -> Self {
        Restorer::new()
    }
}

impl Restorer {
    pub fn new() -> Restorer {
        Restorer {
            pattern: Regex::new(r"\[\s*\[?\s*[Ee]\s*(\d{1,3})\s*\]?\s*\]")
                .expect("the placeholder pattern is valid"),
        }
    }

    /// The translation with each placeholder replaced by its English name; a number without a
    /// name is left as it is.
    pub fn restore(&self, text: &str, english: &[String]) -> String {
        self.pattern
            .replace_all(text, |c: &regex::Captures| {
                let n: usize = c[1].parse().unwrap_or(0);
                match n.checked_sub(1).and_then(|k| english.get(k)) {
                    Some(name) => name.clone(),
                    None => c[0].to_string(),
                }
            })
            .into_owned()
    }
}

/// What a translation lacks: a warning for each entity of the sentence whose English name is
/// not in it (compared without case, spaces folded).
pub fn check(translation: &str, source: &Source) -> Vec<String> {
    let fold = |s: &str| crate::text::display(s).to_lowercase();
    let have = fold(translation);
    let mut warnings = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for p in &source.pieces {
        let Some(en) = p.english.as_deref() else {
            continue;
        };
        if seen.contains(&en) {
            continue;
        }
        seen.push(en);
        if !have.contains(&fold(en)) {
            warnings.push(format!(
                "“{en}” ({}) is missing from the translation",
                crate::text::display(&p.text)
            ));
        }
    }
    warnings
}
