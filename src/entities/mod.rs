//! Named entities: the gazetteer, the matcher that finds every spelling of a known entity in
//! Arabic text (clitics, nationality adjectives, spelling variants, surnames), names found from
//! their context (titles, roles) and romanized, organizations composed from their parts, and
//! the glossary that gathers all of it for an English reader.

pub mod frequency;
pub mod gazetteer;
pub mod glossary;
pub mod matcher;
pub mod romanize;
pub mod tagger;

pub use frequency::WordFrequency;
pub use gazetteer::{Entity, EntityType, Gazetteer};
pub use glossary::{GlossaryBuilder, GlossaryEntry, build_glossary};
pub use matcher::{Recognizer, RecognizerParts, Titles};

use serde::{Deserialize, Serialize};

/// How a mention refers to its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    /// A name (أرمينيا, ماكرون, وزارة الخارجية الأرمينية).
    Name,
    /// A nationality adjective linked to its country (الفرنسي → France).
    Adjective,
}

/// How a mention was found: the evidence behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Via {
    /// An exact spelling of the gazetteer (after normalization).
    Gazetteer,
    /// A transliteration variant of a gazetteer spelling.
    Fuzzy,
    /// A surname standing for a full name seen in the gazetteer or the same article.
    Surname,
    /// An organization composed from an institution and a nationality adjective.
    Composed,
    /// A name found after a title or role and romanized.
    Context,
    /// A name found by the statistical tagger and romanized.
    Tagger,
    /// A name written in Latin letters in the text, after a word for an outlet or a company
    /// ("صحيفة Le Parisien"): its English name is the text's own.
    Written,
}

/// The mark after a romanized name wherever it is shown among known names: the spelling is
/// khulasa's own guess from the Arabic, not checked against a list of known names.
pub const UNVERIFIED_MARK: &str = "†";

impl Via {
    /// Is the English name romanized from the Arabic (found by its context or by the tagger)
    /// rather than known?
    pub fn is_romanized(self) -> bool {
        matches!(self, Via::Context | Via::Tagger)
    }

    /// How much a mention found this way is to be trusted, from 0 to 1: a rank of the kinds of
    /// evidence (an exact gazetteer spelling first, a romanized guess last), not a calibrated
    /// probability.
    pub fn confidence(self) -> f64 {
        match self {
            Via::Gazetteer => 0.95,
            Via::Composed => 0.9,
            Via::Written => 0.9,
            Via::Surname => 0.8,
            Via::Fuzzy => 0.7,
            Via::Context => 0.5,
            Via::Tagger => 0.4,
        }
    }
}

/// Another entity that a mention's spelling can name (عمان: Oman or Amman), considered and
/// not chosen.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alternative {
    pub key: String,
    pub english: String,
}

/// An English name as shown among others: marked ([`UNVERIFIED_MARK`]) when romanized.
pub fn shown_name(english: &str, romanized: bool) -> String {
    if romanized {
        format!("{english}{UNVERIFIED_MARK}")
    } else {
        english.to_string()
    }
}

/// One entity mention. `start`/`end` are character offsets into the document text, so that
/// `text` equals those characters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mention {
    pub text: String,
    pub start: usize,
    pub end: usize,
    #[serde(rename = "type")]
    pub etype: EntityType,
    pub english: String,
    pub key: String,
    pub form: Form,
    /// The evidence behind the mention.
    pub via: Via,
    /// How sure the recognizer is, from 0 to 1: the evidence's rank ([`Via::confidence`]),
    /// lower when the spelling names several entities and the context had to choose.
    pub confidence: f64,
    /// The other entities this spelling can name, when it names several.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Alternative>,
    /// The role written next to this mention ("President of France"), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// A description for entities made on the fly (composed, romanized).
    #[serde(skip)]
    pub description: Option<String>,
    /// Byte offsets of the mention in the document text.
    #[serde(skip)]
    pub byte_start: usize,
    #[serde(skip)]
    pub byte_end: usize,
}

impl Mention {
    /// Is the English name romanized from the Arabic rather than taken from the gazetteer?
    pub fn romanized(&self) -> bool {
        self.via.is_romanized()
    }

    /// The English name as shown among others: marked ([`UNVERIFIED_MARK`]) when romanized.
    pub fn shown_name(&self) -> String {
        shown_name(&self.english, self.romanized())
    }
}

#[cfg(test)]
mod tests;
