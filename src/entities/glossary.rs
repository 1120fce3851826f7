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
    // Borrowed keys and a fast hasher while counting (a day may hold a million mentions);
    // everything is sorted before it reaches output.
    struct Acc<'m> {
        first: &'m Mention,
        spellings: rustc_hash::FxHashMap<&'m str, usize>,
        roles: BTreeMap<&'m str, usize>,
        count: usize,
        names: usize,
        confidence: f64,
        alternatives: BTreeMap<&'m str, &'m str>,
    }
    let mut by_key: rustc_hash::FxHashMap<&str, Acc> = Default::default();
    for m in mentions {
        let acc = by_key.entry(m.key.as_str()).or_insert_with(|| Acc {
            first: m,
            spellings: Default::default(),
            roles: BTreeMap::new(),
            count: 0,
            names: 0,
            confidence: 0.0,
            alternatives: BTreeMap::new(),
        });
        acc.count += 1;
        acc.confidence = acc.confidence.max(m.confidence);
        for a in &m.alternatives {
            acc.alternatives.insert(&a.key, &a.english);
        }
        if m.form == Form::Name {
            acc.names += 1;
        }
        *acc.spellings.entry(m.text.as_str()).or_default() += 1;
        if let Some(r) = &m.role {
            *acc.roles.entry(r.as_str()).or_default() += 1;
        }
    }
    let mut out: Vec<GlossaryEntry> = by_key
        .into_values()
        .map(|acc| {
            let g = gazetteer.get(&acc.first.key);
            // Spellings that differ only in line breaks are one spelling.
            let mut merged: BTreeMap<String, usize> = BTreeMap::new();
            for (t, n) in acc.spellings {
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
                    .into_iter()
                    .map(|(key, english)| Alternative {
                        key: key.to_string(),
                        english: english.to_string(),
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
