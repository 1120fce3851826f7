//! The glossary: one entry per entity seen, with every Arabic spelling, the English name, type,
//! role and description, for readers who cannot read the Arabic.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{EntityType, Form, Gazetteer, Mention};

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
}

/// Gather mentions into glossary entries, sorted by number of mentions (descending), then by
/// English name, so the order never depends on hashing.
pub fn build_glossary<'a>(
    mentions: impl IntoIterator<Item = &'a Mention>,
    gazetteer: &Gazetteer,
) -> Vec<GlossaryEntry> {
    struct Acc {
        first: Mention,
        spellings: BTreeMap<String, usize>,
        roles: BTreeMap<String, usize>,
        count: usize,
        names: usize,
    }
    let mut by_key: BTreeMap<String, Acc> = BTreeMap::new();
    for m in mentions {
        let acc = by_key.entry(m.key.clone()).or_insert_with(|| Acc {
            first: m.clone(),
            spellings: BTreeMap::new(),
            roles: BTreeMap::new(),
            count: 0,
            names: 0,
        });
        acc.count += 1;
        if m.form == Form::Name {
            acc.names += 1;
        }
        *acc.spellings
            .entry(crate::text::display(&m.text))
            .or_default() += 1;
        if let Some(r) = &m.role {
            *acc.roles.entry(r.clone()).or_default() += 1;
        }
    }
    let mut out: Vec<GlossaryEntry> = by_key
        .into_values()
        .map(|acc| {
            let g = gazetteer.get(&acc.first.key);
            let mut spellings: Vec<(String, usize)> = acc.spellings.into_iter().collect();
            spellings.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            let role = acc
                .roles
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(r, _)| r.clone())
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
