//! The gazetteer: entities with their Arabic spellings, English names, types, descriptions,
//! nationality adjectives and roles, loaded from TOML data files (built-in and user-supplied).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The four entity types of the JSON contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityType {
    Person,
    Place,
    Organization,
    Other,
}

impl EntityType {
    /// The lowercase name used in JSON and TSV output.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "person",
            EntityType::Place => "place",
            EntityType::Organization => "organization",
            EntityType::Other => "other",
        }
    }
}

/// What kind of entity an entry is, where the gist needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A news agency, channel, newspaper or broadcaster: it reports the news and is never
    /// the actor of a gist.
    Media,
}

/// One gazetteer entry, as written in the data files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    /// Stable identifier shared by every spelling.
    pub key: String,
    /// English display name.
    pub english: String,
    /// Person, place, organization or other.
    #[serde(rename = "type")]
    pub etype: EntityType,
    /// Arabic spellings (without attached clitics).
    pub arabic: Vec<String>,
    /// One short English line.
    #[serde(default)]
    pub description: Option<String>,
    /// Wikidata id, where known.
    #[serde(default)]
    pub wikidata: Option<String>,
    /// English nationality adjective (countries, regions).
    #[serde(default)]
    pub demonym: Option<String>,
    /// Arabic nationality adjective bases (masculine singular, without ال).
    #[serde(default)]
    pub nisba: Vec<String>,
    /// A person's best-known office.
    #[serde(default)]
    pub role: Option<String>,
    /// Key of the related country.
    #[serde(default)]
    pub country: Option<String>,
    /// Other English names (not used for matching; shown in the glossary).
    #[serde(default)]
    pub aliases_en: Vec<String>,
    /// What kind of entity it is, where that matters (`media`: a news outlet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
    /// The spelling is also an ordinary word (أبين "I explain"): it names the place only right
    /// after a word for a place or its governor (محافظة أبين، بمدينة زوارة، محافظ أبين).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub after_place_word: bool,
    /// Spellings that are also ordinary words and name the entity only where the text cites it
    /// as a source: after a word for its reporter (مراسل الجزيرة) or as the one a speaker
    /// spoke to (قال للجزيرة). For news outlets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cited_as: Vec<String>,
    /// Spellings that name the entity only in an article about sport (الزمالك, also a district
    /// of Cairo). For clubs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub in_sport: Vec<String>,
    /// Words that, right after one of the spellings, make it another body's name (مجلس الأمن
    /// القومي is a national security council, not the UN Security Council).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_before: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    entity: Vec<Entity>,
}

/// All entities, indexed by key. Later files override earlier ones with the same key, so a
/// user's gazetteer can correct a built-in entry.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    entities: Vec<Entity>,
    by_key: BTreeMap<String, usize>,
}

impl Gazetteer {
    /// Parse one TOML gazetteer file and add its entities.
    pub fn add_toml(&mut self, name: &str, text: &str) -> Result<()> {
        let file: File = crate::data::parse_toml(name, text)?;
        for e in file.entity {
            if e.key.trim().is_empty() || e.english.trim().is_empty() {
                return Err(Error::Data {
                    name: name.to_string(),
                    reason: format!("entity {:?} needs a key and an English name", e.key),
                });
            }
            if e.arabic.is_empty() && e.nisba.is_empty() {
                return Err(Error::Data {
                    name: name.to_string(),
                    reason: format!("entity {:?} has no Arabic spelling", e.key),
                });
            }
            self.insert(e);
        }
        Ok(())
    }

    /// Add or replace one entity.
    pub fn insert(&mut self, e: Entity) {
        match self.by_key.get(&e.key) {
            Some(&i) => self.entities[i] = e,
            None => {
                self.by_key.insert(e.key.clone(), self.entities.len());
                self.entities.push(e);
            }
        }
    }

    /// The built-in gazetteer (countries, places, organizations, people, the South Caucasus).
    pub fn builtin() -> Result<Gazetteer> {
        let mut g = Gazetteer::default();
        for (name, text) in crate::data::GAZETTEER {
            g.add_toml(name, text)?;
        }
        Ok(g)
    }

    /// Every entity, in load order.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The entity with this key.
    pub fn get(&self, key: &str) -> Option<&Entity> {
        self.by_key.get(key).map(|&i| &self.entities[i])
    }

    /// Index of the entity with this key.
    pub fn index_of(&self, key: &str) -> Option<usize> {
        self.by_key.get(key).copied()
    }

    /// Number of entities.
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    /// No entities at all.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }
}

/// Every inflection of a nationality adjective base (normalized, without ال): masculine and
/// feminine, dual, sound plurals. "ارمني" → ارمني، ارمنيه، ارمنيان، ارمنيين، ارمنيون، ارمنيات.
pub fn nisba_forms(base: &str) -> Vec<String> {
    let b = crate::arabic::norm(base);
    if b.is_empty() {
        return Vec::new();
    }
    let mut v = vec![b.clone()];
    for suffix in ["ه", "ان", "ين", "ون", "ات", "تان", "تين"] {
        v.push(format!("{b}{suffix}"));
    }
    v
}
