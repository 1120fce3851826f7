//! The glossary: one entry per entity seen, with every Arabic spelling, the English name, type,
//! role and description, for readers who cannot read the Arabic.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Alternative, EntityType, Form, Gazetteer, Mention};

/// One glossary entry (the JSON contract: key, english, type, arabic, mentions, role, description).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GlossaryEntry {
    pub key: String,
    pub english: String,
    #[serde(rename = "type")]
    pub etype: EntityType,
    /// Every spelling seen, most frequent first.
    pub arabic: Vec<String>,
    /// Number of mentions (names and adjectives).
    pub mentions: usize,
    pub role: Option<String>,
    pub description: Option<String>,
    /// Wikidata id, where the gazetteer knows it.
    pub wikidata: Option<String>,
    /// The English name was romanized from the Arabic, not taken from the gazetteer.
    pub romanized: bool,
    /// Mentions as a name (the rest are nationality adjectives).
    pub name_mentions: usize,
    /// The highest confidence of its mentions (see `Via::confidence`).
    pub confidence: f64,
    /// Other entities that some of its spellings can name, considered and not chosen.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Alternative>,
}

/// Gather mentions into glossary entries, sorted by number of mentions (descending), then by
/// English name, so the order never depends on hashing.
pub fn build_glossary<'a>(
    mentions: impl IntoIterator<Item = &'a Mention>,
    gazetteer: &Gazetteer,
) -> Vec<GlossaryEntry> {
    let mut g = GlossaryBuilder::default();
    for m in mentions {
        g.add(m);
    }
    g.finish(gazetteer)
}

/// The glossary gathered mention by mention, in the order of the text: what it keeps grows with
/// the entities and spellings seen, not with the mentions, so that a day's documents can be
/// let go once their mentions are added. [`GlossaryBuilder::finish`] gives what
/// [`build_glossary`] gives for the same mentions in the same order.
#[derive(Debug, Clone, Default)]
pub struct GlossaryBuilder {
    // A fast hasher while counting; everything is sorted before it reaches output.
    by_key: rustc_hash::FxHashMap<String, Acc>,
}

#[derive(Debug, Clone)]
struct Acc {
    /// The entity's first mention, which names it.
    first: Mention,
    spellings: rustc_hash::FxHashMap<String, usize>,
    roles: BTreeMap<String, usize>,
    count: usize,
    names: usize,
    confidence: f64,
    alternatives: BTreeMap<String, String>,
}

impl GlossaryBuilder {
    /// Number of entities seen.
    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    /// No entity seen.
    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }

    /// Add one mention (mentions in the order of the text, documents in input order).
    pub fn add(&mut self, m: &Mention) {
        let acc = match self.by_key.get_mut(m.key.as_str()) {
            Some(acc) => acc,
            None => self.by_key.entry(m.key.clone()).or_insert_with(|| Acc {
                first: Mention {
                    alternatives: Vec::new(),
                    ..m.clone()
                },
                spellings: Default::default(),
                roles: BTreeMap::new(),
                count: 0,
                names: 0,
                confidence: 0.0,
                alternatives: BTreeMap::new(),
            }),
        };
        acc.count += 1;
        acc.confidence = acc.confidence.max(m.confidence);
        for a in &m.alternatives {
            acc.alternatives.insert(a.key.clone(), a.english.clone());
        }
        if m.form == Form::Name {
            acc.names += 1;
        }
        match acc.spellings.get_mut(m.text.as_str()) {
            Some(n) => *n += 1,
            None => {
                acc.spellings.insert(m.text.clone(), 1);
            }
        }
        if let Some(r) = &m.role {
            match acc.roles.get_mut(r.as_str()) {
                Some(n) => *n += 1,
                None => {
                    acc.roles.insert(r.clone(), 1);
                }
            }
        }
    }

    /// The entries, sorted by number of mentions (descending), then by English name and key.
    pub fn finish(self, gazetteer: &Gazetteer) -> Vec<GlossaryEntry> {
        self.entries(gazetteer)
    }

    /// [`GlossaryBuilder::finish`] without letting the counts go.
    pub fn entries(&self, gazetteer: &Gazetteer) -> Vec<GlossaryEntry> {
        let mut out: Vec<GlossaryEntry> = self
            .by_key
            .values()
            .map(|acc| {
                let g = gazetteer.get(&acc.first.key);
                // Spellings that differ only in line breaks are one spelling.
                let mut merged: BTreeMap<String, usize> = BTreeMap::new();
                for (t, n) in &acc.spellings {
                    *merged.entry(crate::text::display(t)).or_default() += n;
                }
                let mut spellings: Vec<(String, usize)> = merged.into_iter().collect();
                spellings.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                let role = acc
                    .roles
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                    .map(|(r, _)| r.to_string())
                    .or_else(|| g.and_then(|e| e.role.clone()));
                GlossaryEntry {
                    key: acc.first.key.clone(),
                    english: acc.first.english.clone(),
                    etype: acc.first.etype,
                    arabic: spellings.into_iter().map(|(s, _)| s).collect(),
                    mentions: acc.count,
                    role,
                    description: g
                        .and_then(|e| e.description.clone())
                        .or(acc.first.description.clone()),
                    wikidata: g.and_then(|e| e.wikidata.clone()),
                    romanized: acc.first.romanized(),
                    name_mentions: acc.names,
                    confidence: acc.confidence,
                    alternatives: acc
                        .alternatives
                        .iter()
                        .map(|(key, english)| Alternative {
                            key: key.clone(),
                            english: english.clone(),
                        })
                        .collect(),
                }
            })
            .collect();
        out.sort_by(|a, b| {
            b.mentions
                .cmp(&a.mentions)
                .then_with(|| a.english.cmp(&b.english))
                .then_with(|| a.key.cmp(&b.key))
        });
        out
    }
}
