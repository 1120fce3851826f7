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
pub use glossary::{GlossaryEntry, build_glossary};
pub use matcher::{Recognizer, RecognizerParts, Titles};

use serde::Serialize;

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
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
        matches!(self.via, Via::Context | Via::Tagger)
    }
}

#[cfg(test)]
mod tests;
