//! Themes: bilingual lexicons (Arabic terms with weights and English glosses) loaded from
//! TOML data files, compiled once, and matched against sentence tokens on stems, so that
//! inflections and clitics match. Every sentence gets a score for every theme, its themes and
//! its primary theme (`other` when none is strong enough).

use std::rc::Rc;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::arabic;
use crate::error::{Error, Result};
use crate::text::Token;

/// The key of the theme for sentences that fit none.
pub const OTHER: &str = "other";

/// A lexicon term as written in the data file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub arabic: String,
    pub english: String,
    #[serde(default = "one")]
    pub weight: f64,
    /// Match the word form only, not its stem.
    #[serde(default)]
    pub exact: bool,
}

fn one() -> f64 {
    1.0
}

/// A theme as written in the data file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeDef {
    pub key: String,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub term: Vec<Term>,
    /// Remove this theme (when merging a user file over the defaults).
    #[serde(default)]
    pub remove: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    #[serde(default)]
    theme: Vec<ThemeDef>,
}

/// One theme, compiled.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Theme {
    pub key: String,
    pub label: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone)]
struct CompiledTerm {
    theme: usize,
    /// The words of the term: stems (or exact cores).
    words: Vec<String>,
    exact: bool,
    weight: f64,
    english: String,
}

/// A lexicon term found in a sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermHit {
    pub theme: String,
    pub arabic: String,
    pub english: String,
    /// The weight the term added: its lexicon weight, times [`Lexicon::background`] in the
    /// background of the sentence.
    pub weight: f64,
    /// Token range in the sentence.
    pub first_token: usize,
    pub last_token: usize,
}

/// The score of every theme of a lexicon, in key order; serialized as a map from key to
/// score. The keys are shared with the lexicon, so a sentence's scores are one small array.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ThemeScores(Vec<(Arc<str>, f64)>);

impl ThemeScores {
    /// Every theme at 0.
    fn zero<'a>(keys: impl Iterator<Item = &'a str>) -> ThemeScores {
        let mut v: Vec<(Arc<str>, f64)> = keys.map(|k| (Arc::from(k), 0.0)).collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v.dedup_by(|a, b| a.0 == b.0);
        ThemeScores(v)
    }

    /// The score of one theme.
    pub fn get(&self, key: &str) -> Option<f64> {
        self.0.iter().find(|(k, _)| &**k == key).map(|(_, s)| *s)
    }

    /// (key, score) of every theme, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, f64)> {
        self.0.iter().map(|(k, s)| (&**k, *s))
    }

    fn add(&mut self, key: &str, w: f64) {
        if let Some((_, s)) = self.0.iter_mut().find(|(k, _)| &**k == key) {
            *s += w;
        }
    }
}

impl Serialize for ThemeScores {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = ser.serialize_map(Some(self.0.len()))?;
        for (k, s) in &self.0 {
            m.serialize_entry(&**k, s)?;
        }
        m.end()
    }
}

/// A sentence's themes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Themes {
    /// Score of every theme (all keys present, `other` excluded).
    pub scores: ThemeScores,
    /// Themes whose score reaches the threshold, strongest first; `["other"]` when none.
    pub themes: Vec<String>,
    /// The strongest theme, or `other`.
    pub primary: String,
    /// The terms that matched.
    pub hits: Vec<TermHit>,
}

impl Themes {
    /// English glosses of the positive terms matched, in text order, without repeats.
    pub fn glosses(&self) -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        for h in &self.hits {
            if h.weight > 0.0 && !v.contains(&h.english) {
                v.push(h.english.clone());
            }
        }
        v
    }

    /// Strength of the primary theme in [0, 1).
    pub fn strength(&self) -> f64 {
        let s = self.scores.get(&self.primary).unwrap_or(0.0).max(0.0);
        s / (s + 1.0)
    }
}

/// The lexicon's reading of a sentence with the model's primary theme: the themes list starts
/// with it (only `other` when it is `other`), followed by the other themes the lexicon found.
fn with_primary(lexical: Themes, primary: String) -> Themes {
    let themes = if primary == OTHER {
        vec![OTHER.to_string()]
    } else {
        std::iter::once(primary.clone())
            .chain(
                lexical
                    .themes
                    .iter()
                    .filter(|k| **k != primary && *k != OTHER)
                    .cloned(),
            )
            .collect()
    };
    Themes {
        themes,
        primary,
        ..lexical
    }
}

/// The stem of a token for the model's word features: Arabic words of two letters or more.
fn arabic_stem(t: &Token) -> Option<&str> {
    (t.stem.chars().count() >= 2 && t.stem.chars().all(arabic::is_arabic_letter))
        .then_some(t.stem.as_str())
}

/// How many of a document's first sentences make its context ([`Lexicon::context_features`]):
/// the lead, where an article says what it is about.
pub const CONTEXT_SENTENCES: usize = 8;

/// Words that tell a news page's domain when it is none of the themes' (sport, the economy,
/// local services and culture), as the stems [`Token::stem`] gives them: the learned model
/// reads how many of them a sentence and its article's lead use ([`domain_features`]), so that
/// "a meeting", "a strike" or "a delegation" on a sport or market page is read as `other`.
/// - `sport`: كرة، مباراة، لاعب، منتخب، ملعب، مدرب، موسم;
/// - `economy`: سوق، أسهم، مؤشر، أسعار، نفط، برميل، شركة، ريال، دولار، استثمار، بورصة،
///   تداول، اقتصاد، أرباح، مصارف، بنك، تجارة، صادرات;
/// - `local`: صحة، تعليم، طلاب، مدارس، كهرباء، مرور، حجاج، سياحة، مهرجان، ثقافة، معرض،
///   خدمات.
pub const DOMAINS: [(&str, &[&str]); 3] = [
    (
        "sport",
        &["كره", "مبار", "لاعب", "منتخب", "ملعب", "مدرب", "موسم"],
    ),
    (
        "economy",
        &[
            "سوق",
            "اسهم",
            "موشر",
            "اسعار",
            "نفط",
            "رميل",
            "شرك",
            "ريال",
            "دولار",
            "استثمار",
            "ورص",
            "تداول",
            "اقتصاد",
            "ارباح",
            "مصارف",
            "بنك",
            "تجار",
            "صادرا",
        ],
    ),
    (
        "local",
        &[
            "صحه",
            "تعليم",
            "طلاب",
            "مدارس",
            "كهرباء",
            "مرور",
            "حجاج",
            "سياح",
            "مهرج",
            "ثقاف",
            "معرض",
            "خدما",
        ],
    ),
];

/// How many distinct words of each of the [`DOMAINS`] a sentence uses, in their order.
pub type DomainCounts = [usize; DOMAINS.len()];

/// The [`DomainCounts`] of a sentence's tokens.
pub fn domain_counts(tokens: &[Token]) -> DomainCounts {
    DomainWords::new().counts(tokens)
}

/// Each word of the [`DOMAINS`] with the domains it is in: [`domain_counts`] at one lookup a
/// word. A [`Lexicon`] holds one.
#[derive(Debug, Clone, Default)]
struct DomainWords(rustc_hash::FxHashMap<&'static str, [bool; DOMAINS.len()]>);

impl DomainWords {
    fn new() -> DomainWords {
        let mut m: rustc_hash::FxHashMap<&'static str, [bool; DOMAINS.len()]> = Default::default();
        for (d, (_, words)) in DOMAINS.iter().enumerate() {
            for w in *words {
                m.entry(w).or_default()[d] = true;
            }
        }
        DomainWords(m)
    }

    /// [`domain_counts`].
    fn counts(&self, tokens: &[Token]) -> DomainCounts {
        let mut seen: Vec<&str> = Vec::new();
        let mut out = [0; DOMAINS.len()];
        for s in tokens.iter().filter_map(arabic_stem) {
            if seen.contains(&s) {
                continue;
            }
            seen.push(s);
            if let Some(domains) = self.0.get(s) {
                for (n, &d) in out.iter_mut().zip(domains) {
                    *n += usize::from(d);
                }
            }
        }
        out
    }
}

/// The domain features of the learned model for sentence `i` of a document, from the
/// [`DomainCounts`] of every sentence of the document, in order, as (name, value):
/// - per domain `d` of [`DOMAINS`]: `sdom:d`, the sentence's own count, as ln(1 + n);
/// - when the document has more than one sentence, `dom:d`: the count summed over the other
///   sentences among its first [`CONTEXT_SENTENCES`] (what page the article is on), as
///   ln(1 + n).
pub fn domain_features(counts: &[DomainCounts], i: usize) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    each_domain_feature(counts, i, &mut |k, v| out.push((k.to_string(), v)));
    out
}

/// [`domain_features`], each handed to `f` in turn.
fn each_domain_feature(counts: &[DomainCounts], i: usize, f: &mut dyn FnMut(&str, f64)) {
    const SDOM: [&str; 3] = ["sdom:sport", "sdom:economy", "sdom:local"];
    const DOM: [&str; 3] = ["dom:sport", "dom:economy", "dom:local"];
    let squash = |n: usize| (n as f64).ln_1p();
    for d in 0..DOMAINS.len() {
        f(SDOM[d], squash(counts[i][d]));
    }
    if counts.len() > 1 {
        for (d, name) in DOM.iter().enumerate() {
            let sum = counts
                .iter()
                .take(CONTEXT_SENTENCES)
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, c)| c[d])
                .sum();
            f(name, squash(sum));
        }
    }
}

/// The compiled lexicon of every theme.
#[derive(Debug, Clone)]
pub struct Lexicon {
    themes: Vec<Theme>,
    defs: Vec<ThemeDef>,
    terms: Vec<CompiledTerm>,
    /// First word → indices of terms starting with it, longest first.
    by_first: rustc_hash::FxHashMap<String, Vec<usize>>,
    /// The id of the terms, for the per-thread memo of [`TokenTerms`] ([`crate::memo`]).
    id: u64,
    /// Every theme at 0, the start of each sentence's scores.
    zero: ThemeScores,
    /// Of each theme, its place in `zero`.
    score_at: Vec<usize>,
    /// The words of the [`DOMAINS`], for [`domain_counts`].
    domain_words: DomainWords,
    /// The stems of the [`STANCE_NOUNS`], for [`background_start`].
    stance_stems: Vec<String>,
    /// Minimum score for a theme to count.
    pub threshold: f64,
    /// Factor of the weight of a term in the background of a sentence: from the first
    /// [`BACKGROUND_MARKERS`] word (a subordinate, relative or causal clause), or from the word
    /// after the first [`STANCE_MARKERS`] verb, to the end.
    pub background: f64,
    /// The learned model that picks the primary theme from the sentence's
    /// [`Lexicon::features`], when one is set (see [`Lexicon::set_model`]).
    model: Option<Arc<ThemeModel>>,
}

/// Words that open background rather than the main clause: after, since, because of,
/// following, as a result of (بعد، منذ، بسبب، إثر، عقب، جراء) and the relative pronouns
/// (الذي، التي، الذين، اللذين، اللتين), normalized. A leading و or ف is allowed.
pub const BACKGROUND_MARKERS: &[&str] = &[
    "بعد",
    "منذ",
    "بسبب",
    "اثر",
    "عقب",
    "جراء",
    "الذي",
    "التي",
    "الذين",
    "اللذين",
    "اللتين",
];

/// Verbs of a stated position (condemned, denounced, welcomed), normalized: the position is
/// the sentence's main clause, and what it is about (an attack, say) is background from the
/// next word on. A leading و or ف is allowed.
pub const STANCE_MARKERS: &[&str] = &[
    "ادان",
    "ادانت",
    "تدين",
    "يدين",
    "ندين",
    "ندد",
    "نددت",
    "تندد",
    "يندد",
    "استنكر",
    "استنكرت",
    "تستنكر",
    "يستنكر",
    "شجب",
    "شجبت",
    "رحب",
    "رحبت",
    "ترحب",
    "يرحب",
];

/// Nouns of a stated position (condemnation, denunciation), normalized and without the
/// article: as with [`STANCE_MARKERS`], what follows the first of them is background
/// ("expressed its condemnation of the bombing"). Matched on the word's stem, so that an
/// attached pronoun or clitic is allowed (استنكارها، وإدانته).
pub const STANCE_NOUNS: &[&str] = &["استنكار", "ادانه", "تنديد", "شجب"];

/// The default factor of background terms (see [`Lexicon::background`]).
pub const BACKGROUND: f64 = 0.5;

/// Set `name` to the parts one after another (a feature name, without allocating anew).
fn named(name: &mut String, parts: &[&str]) {
    name.clear();
    for p in parts {
        name.push_str(p);
    }
}

/// A normalized token without a leading و or ف (when 3 letters remain).
fn without_conjunction(norm: &str) -> &str {
    match norm.strip_prefix(['و', 'ف']) {
        Some(r) if norm.chars().count() > 3 => r,
        _ => norm,
    }
}

/// The index of the first token of a sentence's background: the first background marker, or
/// the word after the first verb or noun of a stated position, or the end.
/// `nouns` are the stems of the [`STANCE_NOUNS`] ([`Lexicon`] holds them).
fn background_start(tokens: &[Token], nouns: &[String]) -> usize {
    let marker = tokens
        .iter()
        .position(|t| BACKGROUND_MARKERS.contains(&without_conjunction(&t.norm)));
    let stance = tokens
        .iter()
        .position(|t| {
            STANCE_MARKERS.contains(&without_conjunction(&t.norm)) || nouns.contains(&t.stem)
        })
        .map(|i| i + 1);
    marker
        .into_iter()
        .chain(stance)
        .min()
        .unwrap_or(tokens.len())
}

/// The keys a lexicon word is matched by: its stem after a leading ال is removed, or, for
/// `exact` terms, the normalized word as written.
fn term_words(arabic: &str, exact: bool) -> Vec<String> {
    let n = arabic::norm(arabic);
    n.split(|c: char| !arabic::is_word_char(c))
        .filter(|w| !w.is_empty())
        .map(|w| {
            if exact {
                w.to_string()
            } else {
                let bare = w
                    .strip_prefix("ال")
                    .filter(|r| r.chars().count() >= 2)
                    .unwrap_or(w);
                arabic::stem(bare)
            }
        })
        .collect()
}

/// What [`token_keys`] returns: (forms, stems of the forms).
type Keys = (Vec<String>, Vec<String>);

/// What the lexicon's scan needs of a token: its [`token_keys`], and the terms whose first
/// word one of its keys is, in the order the scan tries them (forms then stems, each key's
/// terms longest first).
struct TokenTerms {
    keys: Keys,
    starts: Vec<usize>,
}

/// The forms of a token that lexicon words may match: the token; without a leading و or ف;
/// then without a leading ب, ل or ك (لل read as ل + ال); then without a leading ال. Only forms
/// of two letters or more are kept. Returns (forms, stems of the forms).
pub fn token_keys(norm: &str) -> (Vec<String>, Vec<String>) {
    let mut forms: Vec<String> = vec![norm.to_string()];
    let long_enough = |s: &str| s.chars().count() >= 2;
    let mut cur = norm.to_string();
    if let Some(r) = cur.strip_prefix(['و', 'ف'])
        && long_enough(r)
    {
        cur = r.to_string();
        forms.push(cur.clone());
    }
    if let Some(r) = cur.strip_prefix("لل")
        && long_enough(r)
    {
        cur = format!("ال{r}");
        forms.push(cur.clone());
    } else if let Some(r) = cur.strip_prefix(['ب', 'ل', 'ك'])
        && long_enough(r)
    {
        cur = r.to_string();
        forms.push(cur.clone());
    }
    if let Some(r) = cur.strip_prefix("ال")
        && long_enough(r)
    {
        forms.push(r.to_string());
    }
    forms.dedup();
    let stems = forms.iter().map(|f| arabic::stem(f)).collect();
    (forms, stems)
}

impl Lexicon {
    /// Parse lexicon files in order: a theme key seen again adds terms (and may change its
    /// label); `remove = true` drops a theme.
    pub fn from_files(files: &[(String, String)], threshold: f64) -> Result<Lexicon> {
        let mut defs: Vec<ThemeDef> = Vec::new();
        for (name, body) in files {
            let f: LexiconFile = crate::data::parse_toml(name, body)?;
            for t in f.theme {
                if t.key.is_empty() || t.key == OTHER {
                    return Err(Error::Data {
                        name: name.clone(),
                        reason: format!("theme key {:?} is empty or reserved", t.key),
                    });
                }
                if let Some(existing) = defs.iter_mut().find(|d| d.key == t.key) {
                    if t.remove {
                        existing.remove = true;
                        continue;
                    }
                    existing.remove = false;
                    if t.label.is_some() {
                        existing.label = t.label;
                    }
                    if t.description.is_some() {
                        existing.description = t.description;
                    }
                    existing.term.extend(t.term);
                } else if !t.remove {
                    defs.push(t);
                }
            }
        }
        defs.retain(|d| !d.remove);
        Lexicon::compile(defs, threshold)
    }

    fn compile(defs: Vec<ThemeDef>, threshold: f64) -> Result<Lexicon> {
        let mut themes = Vec::new();
        let mut terms = Vec::new();
        for (ti, d) in defs.iter().enumerate() {
            themes.push(Theme {
                key: d.key.clone(),
                label: d.label.clone().unwrap_or_else(|| default_label(&d.key)),
                description: d.description.clone(),
            });
            for t in &d.term {
                if !t.weight.is_finite() {
                    return Err(Error::Data {
                        name: d.key.clone(),
                        reason: format!("term {:?} has a weight that is not a number", t.arabic),
                    });
                }
                let words = term_words(&t.arabic, t.exact);
                if words.is_empty() {
                    continue;
                }
                terms.push(CompiledTerm {
                    theme: ti,
                    words,
                    exact: t.exact,
                    weight: t.weight,
                    english: t.english.clone(),
                });
            }
        }
        let mut by_first: rustc_hash::FxHashMap<String, Vec<usize>> = Default::default();
        for (i, t) in terms.iter().enumerate() {
            by_first.entry(t.words[0].clone()).or_default().push(i);
        }
        for v in by_first.values_mut() {
            v.sort_by(|&a, &b| {
                terms[b]
                    .words
                    .len()
                    .cmp(&terms[a].words.len())
                    .then(a.cmp(&b))
            });
        }
        let zero = ThemeScores::zero(themes.iter().map(|t| t.key.as_str()));
        let score_at = themes
            .iter()
            .map(|t| zero.0.iter().position(|(k, _)| **k == *t.key).unwrap_or(0))
            .collect();
        Ok(Lexicon {
            themes,
            defs,
            terms,
            by_first,
            id: crate::memo::owner_id(),
            zero,
            score_at,
            domain_words: DomainWords::new(),
            stance_stems: STANCE_NOUNS.iter().map(|n| arabic::stem(n)).collect(),
            threshold,
            background: BACKGROUND,
            model: None,
        })
    }

    /// The built-in lexicon.
    pub fn builtin() -> Result<Lexicon> {
        Lexicon::from_files(
            &[("themes/default.toml".into(), crate::data::THEMES.into())],
            0.5,
        )
    }

    /// The themes, in file order.
    pub fn themes(&self) -> &[Theme] {
        &self.themes
    }

    /// The theme definitions (terms included), as loaded.
    pub fn definitions(&self) -> &[ThemeDef] {
        &self.defs
    }

    /// English label of a theme key (`Other` for `other`).
    pub fn label(&self, key: &str) -> String {
        self.themes
            .iter()
            .find(|t| t.key == key)
            .map(|t| t.label.clone())
            .unwrap_or_else(|| default_label(key))
    }

    /// Score a sentence's tokens against every theme and pick its themes. The scores and
    /// hits are the lexicon's ([`Lexicon::classify_lexicon`]); with a model set, the model
    /// picks the primary theme from the sentence's [`Lexicon::features`] (`other` included;
    /// the sentence read as a document of its own, see [`Lexicon::classify_document`]),
    /// and the themes list starts with it (only `other` when it is `other`), followed by the
    /// other themes the lexicon found.
    pub fn classify(&self, tokens: &[Token]) -> Themes {
        let lexical = self.classify_lexicon(tokens);
        let Some(model) = &self.model else {
            return lexical;
        };
        let mut s = model.zero();
        let mut add = |k: &str, v: f64| model.add(&mut s, k, v);
        self.each_feature(tokens, &lexical, &mut add);
        self.each_context_feature(std::slice::from_ref(&lexical), 0, &mut add);
        each_domain_feature(&[self.domain_words.counts(tokens)], 0, &mut add);
        let primary = model.best(&s).to_string();
        with_primary(lexical, primary)
    }

    /// The themes of a document's sentences, in order. As [`Lexicon::classify`], but the model
    /// (when one is set) also reads each sentence's context in the document
    /// ([`Lexicon::context_features`]): what the article is about and what its neighbours
    /// say. A document of one sentence is classified as [`Lexicon::classify`] does.
    pub fn classify_document<T: AsRef<[Token]>>(&self, sentences: &[T]) -> Vec<Themes> {
        let lexical: Vec<Themes> = sentences
            .iter()
            .map(|t| self.classify_lexicon(t.as_ref()))
            .collect();
        let Some(model) = &self.model else {
            return lexical;
        };
        let domains: Vec<DomainCounts> = sentences
            .iter()
            .map(|t| self.domain_words.counts(t.as_ref()))
            .collect();
        let primaries: Vec<String> = (0..sentences.len())
            .map(|i| {
                // The model's scores, each feature added as it comes, in the order of
                // [`Lexicon::features`] and the others after it.
                let mut s = model.zero();
                let mut add = |k: &str, v: f64| model.add(&mut s, k, v);
                self.each_feature(sentences[i].as_ref(), &lexical[i], &mut add);
                self.each_context_feature(&lexical, i, &mut add);
                each_domain_feature(&domains, i, &mut add);
                model.best(&s).to_string()
            })
            .collect();
        lexical
            .into_iter()
            .zip(primaries)
            .map(|(lexical, primary)| with_primary(lexical, primary))
            .collect()
    }

    /// The features of a sentence's place in its document, from the lexicon's reading of
    /// every sentence of the document ([`Lexicon::classify_lexicon`], in order) and the
    /// sentence's index `i`, as (name, value):
    /// - per theme `t`: `ctx:t`, the lexicon's score of `t` summed over the other sentences
    ///   among the document's first [`CONTEXT_SENTENCES`] (its lead: what the article is
    ///   about), as sign(x)·ln(1 + |x|);
    /// - `prev:p` and `next:p` (1): the lexicon's primary theme `p` of the sentence before and
    ///   of the sentence after, when there is one;
    /// - `lead:p` (1): the lexicon's primary theme of the document's first sentence, for the
    ///   others.
    ///
    /// A document of one sentence gives every `ctx:t` at 0 and nothing else.
    pub fn context_features(&self, document: &[Themes], i: usize) -> Vec<(String, f64)> {
        let mut out = Vec::new();
        self.each_context_feature(document, i, &mut |k, v| out.push((k.to_string(), v)));
        out
    }

    /// [`Lexicon::context_features`], each handed to `f` in turn.
    fn each_context_feature(&self, document: &[Themes], i: usize, f: &mut dyn FnMut(&str, f64)) {
        let squash = |x: f64| x.signum() * x.abs().ln_1p();
        let mut name = String::new();
        for (t, at) in self.themes.iter().zip(&self.score_at) {
            // A sentence's scores are the lexicon's, so the theme is found at its place.
            let score = |s: &Themes| match s.scores.0.get(*at) {
                Some((k, v)) if **k == *t.key => Some(*v),
                _ => s.scores.get(&t.key),
            };
            let sum: f64 = document
                .iter()
                .take(CONTEXT_SENTENCES)
                .enumerate()
                .filter(|(j, _)| *j != i)
                .filter_map(|(_, s)| score(s))
                .sum();
            named(&mut name, &["ctx:", &t.key]);
            f(&name, squash(sum));
        }
        if let Some(p) = i.checked_sub(1).and_then(|j| document.get(j)) {
            named(&mut name, &["prev:", &p.primary]);
            f(&name, 1.0);
        }
        if let Some(n) = document.get(i + 1) {
            named(&mut name, &["next:", &n.primary]);
            f(&name, 1.0);
        }
        if i > 0 {
            named(&mut name, &["lead:", &document[0].primary]);
            f(&name, 1.0);
        }
    }

    /// Use a learned model for the primary theme, when its classes are exactly this lexicon's
    /// themes and `other`; returns whether it was set.
    pub fn set_model(&mut self, model: Option<Arc<ThemeModel>>) -> bool {
        self.model = model.filter(|m| {
            let mut want: Vec<&str> = self.themes.iter().map(|t| t.key.as_str()).collect();
            want.push(OTHER);
            want.sort_unstable();
            let mut have: Vec<&str> = m.classes.iter().map(String::as_str).collect();
            have.sort_unstable();
            want == have
        });
        self.model.is_some()
    }

    /// Whether a learned model picks the primary theme.
    pub fn has_model(&self) -> bool {
        self.model.is_some()
    }

    /// The features the learned model reads, from a sentence's tokens and the lexicon's
    /// reading of them ([`Lexicon::classify_lexicon`]), as (name, value) in a fixed order:
    /// - `bias` (1);
    /// - per theme `t` of the lexicon: `main:t` and `bg:t`, the weight of its terms in the
    ///   main clause and in the background (before the background factor), each as
    ///   sign(x)·ln(1 + |x|), and `lex:t` (1) when the lexicon's primary theme is `t`
    ///   (`lex:other` too);
    /// - per distinct stem `s` of the sentence's words ([`Token::stem`], Arabic words of two
    ///   letters or more): `w:s` (1), and `m:s` (1) when it occurs in the main clause;
    /// - `f:s` (1), the stem of the first word;
    /// - per lexicon term `g` found (by its English gloss, spaces made `_`) of theme `t`:
    ///   `h:t:g` (1) in the main clause, `hb:t:g` (1) in the background, so that the model can
    ///   weigh each term on its own.
    pub fn features(&self, tokens: &[Token], lexical: &Themes) -> Vec<(String, f64)> {
        let mut out = Vec::new();
        self.each_feature(tokens, lexical, &mut |k, v| out.push((k.to_string(), v)));
        out
    }

    /// [`Lexicon::features`], each handed to `f` in turn.
    fn each_feature(&self, tokens: &[Token], lexical: &Themes, f: &mut dyn FnMut(&str, f64)) {
        let squash = |x: f64| x.signum() * x.abs().ln_1p();
        let background_from = background_start(tokens, &self.stance_stems);
        let mut name = String::new();
        f("bias", 1.0);
        for t in &self.themes {
            let (mut main, mut bg) = (0.0, 0.0);
            for h in lexical.hits.iter().filter(|h| h.theme == t.key) {
                if h.first_token >= background_from {
                    bg += h.weight / self.background.max(f64::MIN_POSITIVE);
                } else {
                    main += h.weight;
                }
            }
            named(&mut name, &["main:", &t.key]);
            f(&name, squash(main));
            named(&mut name, &["bg:", &t.key]);
            f(&name, squash(bg));
        }
        named(&mut name, &["lex:", &lexical.primary]);
        f(&name, 1.0);
        let mut seen: Vec<&str> = Vec::new();
        let mut seen_main: Vec<&str> = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            let Some(s) = arabic_stem(t) else { continue };
            if !seen.contains(&s) {
                seen.push(s);
                named(&mut name, &["w:", s]);
                f(&name, 1.0);
            }
            if i < background_from && !seen_main.contains(&s) {
                seen_main.push(s);
                named(&mut name, &["m:", s]);
                f(&name, 1.0);
            }
        }
        if let Some(s) = tokens.first().and_then(arabic_stem) {
            named(&mut name, &["f:", s]);
            f(&name, 1.0);
        }
        // Which terms matched, and where: the model can weigh each term on its own.
        let mut seen_hits: Vec<String> = Vec::new();
        for h in &lexical.hits {
            let place = if h.first_token >= background_from {
                "hb"
            } else {
                "h"
            };
            let name = format!("{place}:{}:{}", h.theme, h.english.replace(' ', "_"));
            if !seen_hits.contains(&name) {
                f(&name, 1.0);
                seen_hits.push(name);
            }
        }
    }

    /// A token's [`TokenTerms`], remembered per thread (words repeat a great deal).
    fn token_terms(&self, norm: &str) -> Rc<TokenTerms> {
        thread_local! {
            static TERMS: crate::memo::OwnedMemo<Rc<TokenTerms>> = Default::default();
        }
        crate::memo::remembered_for(&TERMS, self.id, norm, 50_000, |n| {
            let keys = token_keys(n);
            let starts = keys
                .0
                .iter()
                .chain(keys.1.iter())
                .filter_map(|key| self.by_first.get(key))
                .flatten()
                .copied()
                .collect();
            Rc::new(TokenTerms { keys, starts })
        })
    }

    /// Score a sentence's tokens against every theme with the lexicon alone. Scanning left to
    /// right, the longest term at each position wins and uses up its tokens; every occurrence
    /// counts. A term from the first background marker on (a clause opened by "after",
    /// "because of", "which" and the like), or after a verb of a stated position
    /// ("condemned"), weighs [`Lexicon::background`] times its weight: the main clause
    /// decides.
    pub fn classify_lexicon(&self, tokens: &[Token]) -> Themes {
        let mut scores = self.zero.clone();
        let background_from = background_start(tokens, &self.stance_stems);
        let mut hits = Vec::new();
        let keys: Vec<Rc<TokenTerms>> = tokens.iter().map(|t| self.token_terms(&t.norm)).collect();
        let matches = |k: usize, word: &str, exact: bool| {
            let (forms, stems) = &keys[k].keys;
            if exact {
                forms.iter().any(|f| f == word)
            } else {
                stems.iter().any(|s| s == word)
            }
        };
        let mut i = 0;
        while i < tokens.len() {
            let mut best: Option<usize> = None;
            for &ci in &keys[i].starts {
                let t = &self.terms[ci];
                if i + t.words.len() > tokens.len()
                    || best.is_some_and(|b| {
                        self.terms[b].words.len() > t.words.len()
                            || (self.terms[b].words.len() == t.words.len() && b < ci)
                    })
                {
                    continue;
                }
                if t.words
                    .iter()
                    .enumerate()
                    .all(|(k, w)| matches(i + k, w, t.exact))
                {
                    best = Some(ci);
                }
            }
            let Some(ci) = best else {
                i += 1;
                continue;
            };
            let t = &self.terms[ci];
            let theme = &self.themes[t.theme].key;
            let weight = if i >= background_from {
                t.weight * self.background
            } else {
                t.weight
            };
            scores.add(theme, weight);
            hits.push(TermHit {
                theme: theme.clone(),
                arabic: tokens[i..i + t.words.len()]
                    .iter()
                    .map(|t| t.norm.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                english: t.english.clone(),
                weight,
                first_token: i,
                last_token: i + t.words.len() - 1,
            });
            i += t.words.len();
        }
        let mut ranked: Vec<(&str, f64)> =
            scores.iter().filter(|(_, v)| *v > self.threshold).collect();
        let order = |k: &str| {
            self.themes
                .iter()
                .position(|t| t.key == k)
                .unwrap_or(usize::MAX)
        };
        ranked.sort_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then_with(|| order(a.0).cmp(&order(b.0)))
        });
        let themes: Vec<String> = if ranked.is_empty() {
            vec![OTHER.to_string()]
        } else {
            ranked.iter().map(|(k, _)| (*k).to_string()).collect()
        };
        let primary = themes[0].clone();
        Themes {
            scores,
            themes,
            primary,
            hits,
        }
    }
}

/// A learned linear model of the primary theme: one weight per (feature, class); the class
/// with the highest sum of feature value times weight wins (ties: the first class).
/// Read from a TSV file: `#` lines are notes; the first other line is `feature` and the
/// class keys; each line after it a feature name and its weight for each class.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeModel {
    classes: Vec<String>,
    weights: rustc_hash::FxHashMap<String, Vec<f64>>,
}

impl ThemeModel {
    /// Parse a model file (`name` is for errors).
    pub fn from_tsv(name: &str, body: &str) -> Result<ThemeModel> {
        let bad = |reason: String| Error::Data {
            name: name.to_string(),
            reason,
        };
        let mut lines = body
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
        let Some((_, head)) = lines.next() else {
            return Err(bad("no header line".into()));
        };
        let mut head = head.split('\t');
        if head.next() != Some("feature") {
            return Err(bad("the header does not start with `feature`".into()));
        }
        let classes: Vec<String> = head.map(str::to_string).collect();
        if classes.is_empty() {
            return Err(bad("the header names no class".into()));
        }
        let mut weights = rustc_hash::FxHashMap::default();
        for (i, line) in lines {
            let mut f = line.split('\t');
            let feature = f.next().unwrap_or_default().to_string();
            let w: Vec<f64> = f
                .map(|x| x.parse::<f64>().ok().filter(|v| v.is_finite()))
                .collect::<Option<_>>()
                .ok_or_else(|| bad(format!("line {}: a weight is not a number", i + 1)))?;
            if w.len() != classes.len() {
                return Err(bad(format!(
                    "line {}: {} weights for {} classes",
                    i + 1,
                    w.len(),
                    classes.len()
                )));
            }
            weights.insert(feature, w);
        }
        Ok(ThemeModel { classes, weights })
    }

    /// The built-in model (`data/themes/model.tsv`).
    pub fn builtin() -> Result<ThemeModel> {
        ThemeModel::from_tsv("themes/model.tsv", crate::data::THEME_MODEL)
    }

    /// The class keys, in file order.
    pub fn classes(&self) -> &[String] {
        &self.classes
    }

    /// The score of every class for these features, in class order.
    pub fn scores(&self, features: &[(String, f64)]) -> Vec<f64> {
        let mut s = self.zero();
        for (name, v) in features {
            self.add(&mut s, name, *v);
        }
        s
    }

    /// Every class at 0.
    fn zero(&self) -> Vec<f64> {
        vec![0.0; self.classes.len()]
    }

    /// Add one feature to the scores of every class.
    fn add(&self, s: &mut [f64], name: &str, v: f64) {
        if let Some(w) = self.weights.get(name) {
            for (a, b) in s.iter_mut().zip(w) {
                *a += v * b;
            }
        }
    }

    /// The class with the highest score.
    pub fn predict(&self, features: &[(String, f64)]) -> &str {
        self.best(&self.scores(features))
    }

    /// The class with the highest of these scores (the first of equal ones).
    fn best(&self, s: &[f64]) -> &str {
        let mut best = 0;
        for (i, v) in s.iter().enumerate() {
            if *v > s[best] {
                best = i;
            }
        }
        &self.classes[best]
    }
}

/// "military_aid" → "Military aid".
pub fn default_label(key: &str) -> String {
    let s = key.replace(['_', '-'], " ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests;
