//! Word frequencies: how often an Arabic word occurs in general text, and which of the
//! frequent words are used mostly as names. The recognizer asks this table whether a word is
//! an ordinary word (then a model or a title needs strong evidence to make it a name) and
//! whether a leading letter that looks like a clitic belongs to the word (كريغ is more
//! frequent whole than ريغ).
//!
//! The format (`data/wordfreq.tsv`, made by `scripts/gen_wordfreq.py`): one word a line,
//! `word<TAB>Zipf frequency[<TAB>name]`; `#` starts a comment line. A Zipf frequency is the
//! base-10 logarithm of a word's occurrences per billion words (3.0: once per million).

use rustc_hash::FxHashMap;

use crate::arabic;
use crate::error::{Error, Result};

/// The Zipf frequency from which a word that is not mostly a name is an ordinary word.
pub const ORDINARY_ZIPF: f32 = 3.0;

/// Frequencies of normalized Arabic words.
#[derive(Debug, Clone, Default)]
pub struct WordFrequency {
    /// Normalized word → (Zipf frequency, used mostly as a name).
    words: FxHashMap<String, (f32, bool)>,
}

impl WordFrequency {
    /// The built-in table (`data/wordfreq.tsv`).
    pub fn builtin() -> Result<WordFrequency> {
        let mut t = WordFrequency::default();
        t.add_tsv("wordfreq.tsv", crate::data::WORDFREQ)?;
        Ok(t)
    }

    /// Parse a table in the format of `data/wordfreq.tsv` and add its words; a word already
    /// present takes the new line's values.
    pub fn add_tsv(&mut self, name: &str, text: &str) -> Result<()> {
        let bad = |line: usize, reason: String| Error::Data {
            name: name.to_string(),
            reason: format!("line {line}: {reason}"),
        };
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(word), Some(zipf)) = (cols.next(), cols.next()) else {
                return Err(bad(i + 1, "expected a word and a Zipf frequency".into()));
            };
            let zipf: f32 = zipf
                .trim()
                .parse()
                .map_err(|e| bad(i + 1, format!("Zipf frequency {zipf:?}: {e}")))?;
            let name = match cols.next().map(str::trim) {
                None | Some("") => false,
                Some("name") => true,
                Some(other) => return Err(bad(i + 1, format!("unknown mark {other:?}"))),
            };
            let word = arabic::norm(word);
            if !word.is_empty() {
                self.words.insert(word, (zipf, name));
            }
        }
        Ok(())
    }

    /// The Zipf frequency of a normalized word; 0 for a word not in the table.
    pub fn zipf(&self, word: &str) -> f32 {
        self.words.get(word).map_or(0.0, |&(z, _)| z)
    }

    /// Is this normalized word used mostly as a name?
    pub fn is_name(&self, word: &str) -> bool {
        self.words.get(word).is_some_and(|&(_, n)| n)
    }

    /// Is this normalized word an ordinary word: frequent, and not mostly a name?
    pub fn is_ordinary(&self, word: &str) -> bool {
        self.words
            .get(word)
            .is_some_and(|&(z, n)| z >= ORDINARY_ZIPF && !n)
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// No words at all.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_is_read_normalized_and_checked() {
        let mut t = WordFrequency::default();
        t.add_tsv("t", "# comment\nالأمن\t5.4\nخالد\t5.2\tname\nنادر\t2.5\n")
            .unwrap();
        assert!(t.is_ordinary("الامن"));
        assert!(!t.is_ordinary("خالد") && t.is_name("خالد"));
        assert!(!t.is_ordinary("نادر"), "below the ordinary frequency");
        assert_eq!(t.zipf("غايب"), 0.0);
        let e = t.add_tsv("t", "كلمة\tكثير\n").unwrap_err().to_string();
        assert!(e.contains("line 1"), "{e}");
        assert!(t.add_tsv("t", "كلمة\t3.0\tverb\n").is_err());
        assert!(t.add_tsv("t", "كلمة\n").is_err());
    }

    #[test]
    fn the_builtin_table_knows_words_from_names() {
        let t = WordFrequency::builtin().unwrap();
        assert!(t.len() > 10_000);
        for w in ["الامن", "طيران", "جهاز", "يعلق", "المهجر"] {
            assert!(t.is_ordinary(w), "{w}");
        }
        for w in ["محمد", "خالد"] {
            assert!(!t.is_ordinary(w), "{w}");
        }
        assert!(t.zipf("كريغ") > t.zipf("ريغ"));
    }
}
