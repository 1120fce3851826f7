//! The listings: what the `summarize`, `entities`, `glossary` and `themes` commands print as
//! JSON, as serializable types built from analyzed documents. Their field names and nesting
//! are a contract with the tools that read them, as is the text `to_json` gives: the
//! summary, entity and theme listings print the keys of every object in alphabetical order,
//! the glossary prints its fields in the order they are declared.

use serde::Serialize;

use crate::entities::{GlossaryEntry, Mention};
use crate::pipeline::{Analyzed, Engine, Summary};
use crate::summarize::{Features, Method};
use crate::text;
use crate::themes::{TermHit, ThemeScores};

/// `summarize --format json`: the method and the sentences, each with its score breakdown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummaryListing {
    pub method: Method,
    pub sentences: Vec<ListedSentence>,
}

/// A sentence of the summary listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListedSentence {
    /// Document id.
    pub doc: String,
    /// The document's path.
    pub file: String,
    /// Sentence index in its document.
    pub index: usize,
    /// The sentence as written (line breaks shown as spaces).
    pub text: String,
    pub score: f64,
    pub features: Features,
    pub themes: Vec<String>,
    pub primary: String,
    pub entities: Vec<Mention>,
    /// English glosses of the lexicon terms matched.
    pub gloss: Vec<String>,
    /// One English line: who — did what — about what.
    pub gist: String,
    /// The gist's actor: the English name of who acts, when the grammar names one.
    pub actor: Option<String>,
    /// The gist's English verb ("said", "did not accuse", "may reject").
    pub verb: Option<String>,
    pub chosen: bool,
    /// Rank in the selection (0 = best); `null` when not chosen.
    pub rank: Option<usize>,
}

/// `entities --format json`: every mention, file by file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct EntityListing(pub Vec<FileEntities>);

/// The mentions of one file, in text order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileEntities {
    pub file: String,
    pub mentions: Vec<Mention>,
}

/// `glossary --format json`: the glossary entries, most mentioned first.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct GlossaryListing(pub Vec<GlossaryEntry>);

/// `themes --format json`: every sentence with its themes, file by file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct ThemeListing(pub Vec<FileThemes>);

/// The sentences of one file with their themes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileThemes {
    pub file: String,
    pub sentences: Vec<SentenceThemes>,
}

/// A sentence's themes: the ones it reaches, the strongest, every score and the terms.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentenceThemes {
    pub index: usize,
    pub text: String,
    pub themes: Vec<String>,
    pub primary: String,
    pub scores: ThemeScores,
    pub gloss: Vec<String>,
    pub terms: Vec<TermHit>,
}

/// The summary listing. With `explain`, every sentence, best score first (ties in document
/// order); without, the chosen sentences in document order.
pub fn summary(
    docs: &[Analyzed],
    summary: &Summary,
    method: Method,
    explain: bool,
) -> SummaryListing {
    let mut rank_of: Vec<Option<usize>> = vec![None; summary.candidates.len()];
    for (rank, c) in summary.chosen.iter().enumerate() {
        rank_of[c.candidate] = Some(rank);
    }
    let mut order: Vec<usize> = if explain {
        (0..summary.candidates.len()).collect()
    } else {
        summary.chosen.iter().map(|c| c.candidate).collect()
    };
    if explain {
        order.sort_by(|&x, &y| {
            summary.scored[y]
                .score
                .total_cmp(&summary.scored[x].score)
                .then(x.cmp(&y))
        });
    } else {
        order.sort();
    }
    let sentences = order
        .into_iter()
        .map(|i| {
            let c = &summary.candidates[i];
            let d = &docs[c.doc];
            let s = &d.sentences[c.index];
            let gist = crate::gist::parts(s);
            ListedSentence {
                doc: d.doc.id.clone(),
                file: d.doc.path.clone(),
                index: s.index,
                text: text::display(&s.text),
                score: summary.scored[i].score,
                features: summary.scored[i].features,
                themes: s.themes.themes.clone(),
                primary: s.themes.primary.clone(),
                entities: s.mentions.clone(),
                gloss: s.themes.glosses(),
                gist: gist.line,
                actor: gist.actor,
                verb: gist.verb,
                chosen: rank_of[i].is_some(),
                rank: rank_of[i],
            }
        })
        .collect();
    SummaryListing { method, sentences }
}

/// The entity listing.
pub fn entities(docs: &[Analyzed]) -> EntityListing {
    EntityListing(
        docs.iter()
            .map(|d| FileEntities {
                file: d.doc.path.clone(),
                mentions: d.mentions().cloned().collect(),
            })
            .collect(),
    )
}

/// The glossary listing.
pub fn glossary(docs: &[Analyzed], engine: &Engine) -> GlossaryListing {
    GlossaryListing(crate::digest::glossary(docs, engine))
}

/// The theme listing.
pub fn themes(docs: &[Analyzed]) -> ThemeListing {
    ThemeListing(
        docs.iter()
            .map(|d| FileThemes {
                file: d.doc.path.clone(),
                sentences: d
                    .sentences
                    .iter()
                    .map(|s| SentenceThemes {
                        index: s.index,
                        text: text::display(&s.text),
                        themes: s.themes.themes.clone(),
                        primary: s.themes.primary.clone(),
                        scores: s.themes.scores.clone(),
                        gloss: s.themes.glosses(),
                        terms: s.themes.hits.clone(),
                    })
                    .collect(),
            })
            .collect(),
    )
}

/// Pretty JSON with the keys of every object in alphabetical order: the listing passes through
/// a `serde_json::Value`, whose objects are sorted maps.
fn sorted_json<T: Serialize>(listing: &T) -> serde_json::Result<String> {
    serde_json::to_string_pretty(&serde_json::to_value(listing)?)
}

impl SummaryListing {
    /// The listing as `summarize --format json` prints it (without the final newline).
    pub fn to_json(&self) -> serde_json::Result<String> {
        sorted_json(self)
    }
}

impl EntityListing {
    /// The listing as `entities --format json` prints it (without the final newline).
    pub fn to_json(&self) -> serde_json::Result<String> {
        sorted_json(self)
    }
}

impl ThemeListing {
    /// The listing as `themes --format json` prints it (without the final newline).
    pub fn to_json(&self) -> serde_json::Result<String> {
        sorted_json(self)
    }
}

impl GlossaryListing {
    /// The listing as `glossary --format json` prints it (without the final newline): fields
    /// in declared order.
    pub fn to_json(&self) -> serde_json::Result<String> {
        serde_json::to_string_pretty(self)
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

    use super::*;
    use crate::ingest::{IngestOptions, ingest};
    use crate::summarize::Budget;

    /// The keys of a JSON text's objects, in the order written.
    #[derive(Debug, PartialEq)]
    enum Shape {
        Object(Vec<(String, Shape)>),
        Array(Vec<Shape>),
        Scalar,
    }

    impl<'de> Deserialize<'de> for Shape {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Shape, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Shape;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("JSON")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Shape, A::Error> {
                    let mut v = Vec::new();
                    while let Some((k, s)) = m.next_entry::<String, Shape>()? {
                        v.push((k, s));
                    }
                    Ok(Shape::Object(v))
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Shape, A::Error> {
                    let mut v = Vec::new();
                    while let Some(x) = s.next_element::<Shape>()? {
                        v.push(x);
                    }
                    Ok(Shape::Array(v))
                }
                fn visit_bool<E>(self, _: bool) -> Result<Shape, E> {
                    Ok(Shape::Scalar)
                }
                fn visit_u64<E>(self, _: u64) -> Result<Shape, E> {
                    Ok(Shape::Scalar)
                }
                fn visit_i64<E>(self, _: i64) -> Result<Shape, E> {
                    Ok(Shape::Scalar)
                }
                fn visit_f64<E>(self, _: f64) -> Result<Shape, E> {
                    Ok(Shape::Scalar)
                }
                fn visit_str<E>(self, _: &str) -> Result<Shape, E> {
                    Ok(Shape::Scalar)
                }
                fn visit_unit<E>(self) -> Result<Shape, E> {
                    Ok(Shape::Scalar)
                }
            }
            d.deserialize_any(V)
        }
    }

    impl Shape {
        fn keys(&self) -> Vec<&str> {
            match self {
                Shape::Object(v) => v.iter().map(|(k, _)| k.as_str()).collect(),
                _ => panic!("not an object: {self:?}"),
            }
        }

        fn get(&self, key: &str) -> &Shape {
            match self {
                Shape::Object(v) => &v.iter().find(|(k, _)| k == key).expect(key).1,
                _ => panic!("not an object: {self:?}"),
            }
        }

        fn items(&self) -> &[Shape] {
            match self {
                Shape::Array(v) => v,
                _ => panic!("not an array: {self:?}"),
            }
        }

        /// Is every object's key list sorted, at every depth?
        fn sorted_everywhere(&self) -> bool {
            match self {
                Shape::Object(v) => {
                    v.windows(2).all(|w| w[0].0 < w[1].0)
                        && v.iter().all(|(_, s)| s.sorted_everywhere())
                }
                Shape::Array(v) => v.iter().all(Shape::sorted_everywhere),
                Shape::Scalar => true,
            }
        }
    }

    fn shape(json: &str) -> Shape {
        serde_json::from_str(json).unwrap()
    }

    fn seeds() -> (Engine, Vec<Analyzed>) {
        let engine = Engine::builtin().unwrap();
        let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let ing = ingest(&[seeds], &IngestOptions::default());
        let docs = engine.analyze(ing.documents);
        (engine, docs)
    }

    #[test]
    fn summary_listing_keeps_its_field_names_in_alphabetical_order() {
        let (_, docs) = seeds();
        let budget = Budget {
            max_sentences: Some(3),
            ..Budget::default()
        };
        let s = crate::pipeline::summarize(&docs, Method::Lead, &budget, &Default::default());

        let chosen = summary(&docs, &s, Method::Lead, false);
        let json = chosen.to_json().unwrap();
        let sh = shape(&json);
        assert!(sh.sorted_everywhere(), "{json}");
        assert_eq!(sh.keys(), ["method", "sentences"]);
        assert!(json.contains("\"method\": \"lead\""));
        let sentences = sh.get("sentences").items();
        assert_eq!(sentences.len(), 3);
        assert_eq!(
            sentences[0].keys(),
            [
                "actor", "chosen", "doc", "entities", "features", "file", "gist", "gloss", "index",
                "primary", "rank", "score", "text", "themes", "verb"
            ]
        );
        // In document order, every one chosen, ranked.
        let order: Vec<(&str, usize)> = chosen
            .sentences
            .iter()
            .map(|l| (l.file.as_str(), l.index))
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
        assert!(
            chosen
                .sentences
                .iter()
                .all(|l| l.chosen && l.rank.is_some())
        );

        let all = summary(&docs, &s, Method::Lead, true);
        let n: usize = docs.iter().map(|d| d.sentences.len()).sum();
        assert_eq!(all.sentences.len(), n);
        assert!(all.sentences.windows(2).all(|w| w[0].score >= w[1].score));
        assert_eq!(all.sentences.iter().filter(|l| l.chosen).count(), 3);
        let json = all.to_json().unwrap();
        assert!(
            json.contains("\"rank\": null"),
            "unchosen sentences have a null rank"
        );
    }

    #[test]
    fn entity_and_theme_listings_keep_their_field_names_in_alphabetical_order() {
        let (_, docs) = seeds();

        let e = entities(&docs);
        let sh = shape(&e.to_json().unwrap());
        assert!(sh.sorted_everywhere());
        assert_eq!(sh.items().len(), docs.len());
        assert_eq!(sh.items()[0].keys(), ["file", "mentions"]);
        let m = &sh.items()[0].get("mentions").items()[0];
        for k in [
            "confidence",
            "end",
            "english",
            "form",
            "key",
            "start",
            "text",
            "type",
            "via",
        ] {
            assert!(m.keys().contains(&k), "mention field {k}: {:?}", m.keys());
        }

        let t = themes(&docs);
        let sh = shape(&t.to_json().unwrap());
        assert!(sh.sorted_everywhere());
        assert_eq!(sh.items()[0].keys(), ["file", "sentences"]);
        assert_eq!(
            sh.items()[0].get("sentences").items()[0].keys(),
            [
                "gloss", "index", "primary", "scores", "terms", "text", "themes"
            ]
        );
    }

    #[test]
    fn glossary_listing_keeps_its_declared_field_order() {
        let (engine, docs) = seeds();
        let g = glossary(&docs, &engine);
        assert!(!g.0.is_empty());
        let sh = shape(&g.to_json().unwrap());
        assert_eq!(
            sh.items()[0].keys(),
            [
                "key",
                "english",
                "type",
                "arabic",
                "mentions",
                "role",
                "description",
                "wikidata",
                "romanized",
                "name_mentions",
                "confidence"
            ]
        );
    }
}
