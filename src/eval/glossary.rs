//! `eval glossary`: the glossary a user gets for each article, scored against a gold list of
//! the article's entities with their accepted English spellings.
//!
//! The gold is a JSON array of articles, `[{"file", "item", "entities": [{"type", "arabic",
//! "en", "optional"?, "obscure"?}]}]`: `file` is relative to the root folder, `item` the
//! 1-based line of a JSON Lines feed (`null` otherwise), `en` the accepted English spellings,
//! the first one standard. Each file is read as `khulasa glossary FILE` reads it (ingest with
//! the run's chrome table, then the engine), and each article's glossary is built from its own
//! mentions.
//!
//! Scoring, per article, then summed over all articles (micro-average):
//!
//! - Names are compared folded: lower case, accents and marks dropped (NFKD), hyphens,
//!   apostrophes and dots read as spaces, spaces collapsed; a leading "the", "al" or "el" is
//!   dropped from both sides when that alone makes them equal.
//! - A glossary entry is **right** when its English name is an accepted spelling of a gold
//!   entity of the article and its type is the gold's type. For an entity marked `obscure`
//!   (a local name whose spelling is only a romanization) a spelling within a small edit
//!   distance (at most a quarter of the letters), with the same consonants, or the same family
//!   name is accepted too.
//! - **Type mismatches count against precision and recall:** an entry whose name is right and
//!   whose type is wrong (a country given as an organization) is a false entry, and the gold
//!   entity stays missed unless another entry matches it with its type. The report marks such
//!   entries, so they can be told from invented names.
//! - An entity marked `optional` is neither required nor penalized: an entry matching it is
//!   ignored, missing it is no miss.
//! - A gold entity is counted once however many entries match it; a second entry matching an
//!   already matched entity is not false either.
//! - Entries of type `other` (religions) lie outside the gold's three types: they are counted
//!   apart and not scored.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use super::iob::Prf;
use crate::entities::{EntityType, GlossaryEntry, build_glossary};
use crate::error::{Error, Result};
use crate::ingest::{self, IngestOptions};
use crate::pipeline::Engine;

#[derive(Debug, Clone, Deserialize)]
struct GoldArticle {
    file: String,
    #[serde(default)]
    item: Option<usize>,
    entities: Vec<GoldEntity>,
}

#[derive(Debug, Clone, Deserialize)]
struct GoldEntity {
    #[serde(rename = "type")]
    etype: EntityType,
    #[serde(default)]
    arabic: Vec<String>,
    en: Vec<String>,
    #[serde(default)]
    optional: bool,
    #[serde(default)]
    obscure: bool,
}

/// A glossary entry that matches no gold entity of its article.
#[derive(Debug, Clone, PartialEq)]
pub struct FalseEntry {
    pub english: String,
    pub etype: EntityType,
    pub arabic: Vec<String>,
    pub mentions: usize,
    pub romanized: bool,
    /// The gold entity's type when the name is right and the type is not.
    pub gold_type: Option<EntityType>,
}

/// A gold entity no glossary entry matches.
#[derive(Debug, Clone, PartialEq)]
pub struct Missed {
    pub english: String,
    pub etype: EntityType,
    pub arabic: Vec<String>,
}

/// The score of one article.
#[derive(Debug, Clone, Default)]
pub struct FileScore {
    /// `file`, or `file#item` for a feed item.
    pub article: String,
    pub score: Prf,
    pub false_entries: Vec<FalseEntry>,
    pub missed: Vec<Missed>,
    /// Entries that matched an optional gold entity (not scored).
    pub optional_matched: usize,
    /// Entries of type `other` (not scored).
    pub other_type: usize,
    /// Why the article could not be scored (file unreadable, item absent): its gold entities
    /// then all count as missed.
    pub problem: Option<String>,
}

/// Result of `eval glossary`.
#[derive(Debug, Clone, Default)]
pub struct GlossaryReport {
    pub files: Vec<FileScore>,
    pub overall: Prf,
    pub by_type: BTreeMap<EntityType, Prf>,
    /// False entries whose name was right and type wrong.
    pub type_mismatches: usize,
}

impl fmt::Display for GlossaryReport {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        writeln!(f, "articles {}", self.files.len())?;
        writeln!(f, "{}", Prf::header("type"))?;
        for (t, p) in &self.by_type {
            writeln!(f, "{}", p.row(t.as_str()))?;
        }
        writeln!(f, "{}", self.overall.row("overall"))?;
        writeln!(
            f,
            "false entries with a right name and a wrong type\t{}",
            self.type_mismatches
        )?;
        writeln!(f)?;
        writeln!(f, "{}", Prf::header("article"))?;
        for s in &self.files {
            writeln!(f, "{}", s.score.row(&s.article))?;
        }
        for s in &self.files {
            if s.false_entries.is_empty() && s.missed.is_empty() && s.problem.is_none() {
                continue;
            }
            writeln!(f)?;
            writeln!(f, "## {}", s.article)?;
            if let Some(p) = &s.problem {
                writeln!(f, "not scored: {p}")?;
            }
            for e in &s.false_entries {
                let why = match e.gold_type {
                    Some(t) => format!("wrong type, gold: {}", t.as_str()),
                    None => "no such entity".to_string(),
                };
                writeln!(
                    f,
                    "false\t{}{}\t{}\t{}\t{} mention(s)\t{why}",
                    e.english,
                    if e.romanized { " (romanized)" } else { "" },
                    e.etype.as_str(),
                    e.arabic.join("، "),
                    e.mentions
                )?;
            }
            for m in &s.missed {
                writeln!(
                    f,
                    "missed\t{}\t{}\t{}",
                    m.english,
                    m.etype.as_str(),
                    m.arabic.join("، ")
                )?;
            }
        }
        Ok(())
    }
}

/// Score the glossary of every article of `gold_json` (files relative to `root`).
pub fn glossary(gold_json: &str, root: &Path, engine: &Engine) -> Result<GlossaryReport> {
    let gold: Vec<GoldArticle> =
        serde_json::from_str(gold_json).map_err(|e| Error::Usage(format!("gold: {e}")))?;
    // Each file is read once, as a user reads it; its articles are picked out by item.
    let mut by_file: BTreeMap<&str, Vec<&GoldArticle>> = BTreeMap::new();
    for a in &gold {
        by_file.entry(a.file.as_str()).or_default().push(a);
    }
    let opts = IngestOptions {
        chrome: std::sync::Arc::clone(&engine.resources.chrome),
        ..IngestOptions::default()
    };
    let mut rep = GlossaryReport::default();
    for (file, articles) in by_file {
        let ing = ingest::ingest(&[root.join(file)], &opts);
        let docs = engine.analyze(ing.documents);
        for a in articles {
            let article = match a.item {
                Some(i) => format!("{file}#{i}"),
                None => file.to_string(),
            };
            let doc = docs.iter().find(|d| match a.item {
                Some(i) => d.doc.path.rsplit_once('#').map(|(_, n)| n) == Some(&i.to_string()),
                None => true,
            });
            let score = match doc {
                Some(d) => {
                    let entries =
                        build_glossary(d.mentions(), engine.resources.recognizer.gazetteer());
                    score_article(article, &entries, &a.entities)
                }
                None => {
                    let reason = ing
                        .problems
                        .first()
                        .map(|p| p.reason.clone())
                        .unwrap_or_else(|| "no such article in the file".into());
                    let mut s = score_article(article, &[], &a.entities);
                    s.problem = Some(reason);
                    s
                }
            };
            rep.add(score, &a.entities);
        }
    }
    Ok(rep)
}

impl GlossaryReport {
    fn add(&mut self, s: FileScore, gold: &[GoldEntity]) {
        let o = &mut self.overall;
        o.tp += s.score.tp;
        o.fp += s.score.fp;
        o.fn_ += s.score.fn_;
        for e in &s.false_entries {
            self.by_type.entry(e.etype).or_default().fp += 1;
            self.type_mismatches += usize::from(e.gold_type.is_some());
        }
        for m in &s.missed {
            self.by_type.entry(m.etype).or_default().fn_ += 1;
        }
        let required = gold.iter().filter(|g| !g.optional);
        let mut found: BTreeMap<EntityType, usize> = BTreeMap::new();
        for g in required {
            *found.entry(g.etype).or_default() += 1;
        }
        for m in &s.missed {
            *found.entry(m.etype).or_default() -= 1;
        }
        for (t, n) in found {
            self.by_type.entry(t).or_default().tp += n;
        }
        self.files.push(s);
    }
}

/// Score one article's glossary against its gold entities.
fn score_article(article: String, entries: &[GlossaryEntry], gold: &[GoldEntity]) -> FileScore {
    let mut s = FileScore {
        article,
        ..FileScore::default()
    };
    let mut matched = vec![false; gold.len()];
    for e in entries {
        if e.etype == EntityType::Other {
            s.other_type += 1;
            continue;
        }
        let names: Vec<usize> = (0..gold.len())
            .filter(|&i| accepts(&gold[i], &e.english))
            .collect();
        match names.iter().find(|&&i| gold[i].etype == e.etype) {
            Some(&i) if gold[i].optional => s.optional_matched += 1,
            Some(&i) => matched[i] = true,
            None => s.false_entries.push(FalseEntry {
                english: e.english.clone(),
                etype: e.etype,
                arabic: e.arabic.clone(),
                mentions: e.mentions,
                romanized: e.romanized,
                gold_type: names.first().map(|&i| gold[i].etype),
            }),
        }
    }
    for (g, m) in gold.iter().zip(&matched) {
        if !m && !g.optional {
            s.missed.push(Missed {
                english: g.en.first().cloned().unwrap_or_default(),
                etype: g.etype,
                arabic: g.arabic.clone(),
            });
        }
    }
    s.score = Prf {
        tp: matched.iter().filter(|&&m| m).count(),
        fp: s.false_entries.len(),
        fn_: s.missed.len(),
    };
    s
}

/// Does the gold entity accept this English name?
fn accepts(g: &GoldEntity, english: &str) -> bool {
    let name = fold(english);
    g.en.iter().any(|x| {
        let x = fold(x);
        same_name(&x, &name) || g.obscure && close_name(&x, &name)
    })
}

/// Equal, or equal once a leading "the", "al" or "el" is dropped from both.
fn same_name(a: &str, b: &str) -> bool {
    a == b || bare(a) == bare(b)
}

fn bare(s: &str) -> &str {
    ["the ", "al ", "el "]
        .iter()
        .find_map(|p| s.strip_prefix(p))
        .unwrap_or(s)
}

/// The leniency for romanized local names: a small edit distance, the same consonants, or
/// the same family name.
fn close_name(gold: &str, name: &str) -> bool {
    let (g, n) = (bare(gold), bare(name));
    let longest = g.chars().count().max(n.chars().count()).max(1);
    if strsim::levenshtein(g, n) * 4 <= longest {
        return true;
    }
    if consonants(g) == consonants(n) {
        return true;
    }
    let last = |s: &str| s.rsplit(' ').next().unwrap_or_default().to_string();
    g.contains(' ') && last(g) == last(n) || n.contains(' ') && last(g) == last(n)
}

fn consonants(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | ' '))
        .collect()
}

/// A name folded for comparison: lower case, marks dropped, `- ' ’ ʿ ʻ .` as spaces, spaces
/// collapsed.
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let c = if matches!(c, '-' | '\'' | '’' | '‘' | 'ʿ' | 'ʻ' | 'ʼ' | '.' | '`') {
            ' '
        } else {
            c
        };
        for l in c.to_lowercase() {
            out.push(l);
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(etype: EntityType, en: &[&str], optional: bool, obscure: bool) -> GoldEntity {
        GoldEntity {
            etype,
            arabic: vec![],
            en: en.iter().map(|s| s.to_string()).collect(),
            optional,
            obscure,
        }
    }

    fn entry(english: &str, etype: EntityType) -> GlossaryEntry {
        GlossaryEntry {
            key: english.to_lowercase(),
            english: english.into(),
            etype,
            arabic: vec![],
            mentions: 1,
            role: None,
            description: None,
            wikidata: None,
            romanized: false,
            name_mentions: 1,
            confidence: 0.95,
            alternatives: vec![],
        }
    }

    #[test]
    fn names_are_folded_before_they_are_compared() {
        assert_eq!(fold("Mevlüt  Çavuşoğlu"), "mevlut cavusoglu");
        assert_eq!(fold("Ma'rib"), "ma rib");
        assert_eq!(fold("al-Hudaydah"), "al hudaydah");
        assert!(same_name(&fold("Al-Anbar"), &fold("Anbar")));
        assert!(!same_name(&fold("Aden"), &fold("Adana")));
    }

    #[test]
    fn an_article_is_scored_by_name_and_type() {
        use EntityType::*;
        let gold = vec![
            entity(Place, &["Yemen"], false, false),
            entity(Organization, &["Houthis", "Ansar Allah"], false, false),
            entity(Person, &["Badr Basalamah", "Badr Basalama"], false, true),
            entity(Organization, &["Ministry of Justice"], true, false),
            entity(Place, &["Sanaa", "Sana'a"], false, false),
        ];
        let entries = vec![
            entry("Yemen", Place),
            entry("Yemen", Place),
            entry("Houthis", Place),
            entry("Badr Basalma", Person),
            entry("Ministry of Justice", Organization),
            entry("Tehran", Place),
            entry("Islam", Other),
        ];
        let s = score_article("a".into(), &entries, &gold);
        // Yemen and the obscure name are right; the Houthis have the wrong type; Tehran is
        // invented; the optional ministry and the religion are not scored; Sanaa is missed.
        assert_eq!(
            s.score,
            Prf {
                tp: 2,
                fp: 2,
                fn_: 2
            }
        );
        assert_eq!(s.optional_matched, 1);
        assert_eq!(s.other_type, 1);
        assert_eq!(s.false_entries[0].gold_type, Some(Organization));
        assert_eq!(s.false_entries[1].gold_type, None);
        let missed: Vec<&str> = s.missed.iter().map(|m| m.english.as_str()).collect();
        assert_eq!(missed, ["Houthis", "Sanaa"]);
    }

    #[test]
    fn a_feed_item_is_read_from_its_file_and_every_error_is_listed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("feed.jsonl"),
            concat!(
                r#"{"title": "خبر", "text": "زار وزير الخارجية الفرنسي بغداد اليوم والتقى المسؤولين في العاصمة العراقية."}"#,
                "\n",
                r#"{"title": "خبر آخر", "text": "وصل الرئيس إلى القاهرة قادما من عمان بعد زيارة قصيرة."}"#,
                "\n"
            ),
        )
        .unwrap();
        let gold = r#"[
            {"file": "feed.jsonl", "item": 2, "entities": [
                {"type": "place", "arabic": ["القاهرة"], "en": ["Cairo"]},
                {"type": "place", "arabic": ["باريس"], "en": ["Paris"]}
            ]},
            {"file": "absent.txt", "item": null, "entities": [
                {"type": "place", "arabic": ["دمشق"], "en": ["Damascus"]}
            ]}
        ]"#;
        let engine = Engine::builtin().unwrap();
        let rep = glossary(gold, dir.path(), &engine).unwrap();
        assert_eq!(rep.files.len(), 2);
        let feed = rep
            .files
            .iter()
            .find(|s| s.article == "feed.jsonl#2")
            .unwrap();
        assert_eq!(feed.score.tp, 1, "{rep}");
        assert_eq!(feed.score.fn_, 1);
        let absent = rep
            .files
            .iter()
            .find(|s| s.article == "absent.txt")
            .unwrap();
        assert!(absent.problem.is_some());
        assert_eq!(absent.score.fn_, 1);
        let shown = rep.to_string();
        assert!(shown.contains("missed\tParis"), "{shown}");
        assert!(shown.contains("missed\tDamascus"), "{shown}");
        assert_eq!(rep.overall.fn_, 2);
    }
}
