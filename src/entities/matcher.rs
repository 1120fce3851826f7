//! The recognizer: finds entity mentions in a document's sentences.
//!
//! Text is normalized ([`crate::arabic::normalize`]) and reduced to a *search string* of words
//! separated by single spaces, with a map back to the original bytes. Gazetteer spellings are
//! compiled once into an aho-corasick automaton (leftmost-longest, anchored at word starts,
//! after an optional clitic prefix); every pattern ends with a space, so a match always ends
//! at a word boundary. Passes, in order: gazetteer names and nationality adjectives; titles and
//! institutions (composed organizations, roles, unknown names after a title); transliteration
//! variants (a consonant skeleton plus an edit-distance bound); surnames resolved to the full
//! names of the same document or the gazetteer.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};
use serde::Deserialize;

use super::frequency::WordFrequency;
use super::gazetteer::Entity;
use super::gazetteer::{EntityType, Gazetteer, Kind, nisba_forms};
use super::romanize::Romanizer;
use super::tagger::Tagger;
use super::{Alternative, Form, Mention, Via};
use crate::arabic::slug;
use crate::arabic::{self, Words};
use crate::error::{Error, Result};
use crate::text::CharIndex;

/// The tagger's margin (see [`Tagger::tag_with_margins`]; 10 units of the perceptron) from
/// which a span of two ordinary words or more is a name.
const TAGGER_SURE: i64 = 1000;

/// Clitic prefixes allowed before a name or adjective, longest first.
const PREFIXES: &[&str] = &[
    "وبال", "وكال", "وفال", "ولل", "فبال", "فلل", "وال", "بال", "فال", "كال", "لل", "ال", "وب",
    "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك", "",
];

/// Ordinals, months and days (normalized, without the article unless they need it): words
/// that are a name only inside a known name (عبدالله الثاني), never alone, never by a model or
/// a variant (تشرين الثاني is November; الثاني is "the second").
const CALENDAR_AND_ORDINALS: &[&str] = &[
    "اول",
    "ثاني",
    "ثالث",
    "رابع",
    "خامس",
    "سادس",
    "سابع",
    "ثامن",
    "تاسع",
    "عاشر",
    "حادي",
    "اولي",
    "ثانيه",
    "ثالثه",
    "رابعه",
    "خامسه",
    "سادسه",
    "سابعه",
    "ثامنه",
    "تاسعه",
    "عاشره",
    "حاديه",
    "كانون",
    "شباط",
    "اذار",
    "نيسان",
    "ايار",
    "حزيران",
    "تموز",
    "اب",
    "ايلول",
    "تشرين",
    "يناير",
    "فبراير",
    "مارس",
    "ابريل",
    "مايو",
    "يونيو",
    "يونيه",
    "يوليو",
    "يوليه",
    "اغسطس",
    "سبتمبر",
    "اكتوبر",
    "نوفمبر",
    "ديسمبر",
    "جانفي",
    "فيفري",
    "افريل",
    "جوان",
    "جويليه",
    "اوت",
    "السبت",
    "الاحد",
    "الاثنين",
    "الثلاثاء",
    "الاربعاء",
    "الخميس",
    "الجمعه",
];

/// A word right after a given name is read as the family name unless it is at least this
/// frequent (Zipf): the commonest words, verbs and particles among them, end the name.
const SURNAME_MAX_ZIPF: f32 = 4.0;

/// From this frequency a word with a clitic (لصالح) is not read as a surname named earlier in
/// the document (صالح).
const COMMON_SURNAME_ZIPF: f32 = 4.5;

/// Is this normalized word an ordinal, a month or a day, with or without the article and a
/// one-letter clitic (الثاني، والثاني، بتشرين)?
fn is_calendar_or_ordinal(word: &str) -> bool {
    let listed = |w: &str| {
        CALENDAR_AND_ORDINALS.contains(&w)
            || w.strip_prefix("ال")
                .is_some_and(|r| CALENDAR_AND_ORDINALS.contains(&r))
            || w.strip_prefix("ل")
                .is_some_and(|r| CALENDAR_AND_ORDINALS.contains(&format!("ال{r}").as_str()))
    };
    listed(word)
        || ["و", "ف", "ب", "ل", "ك"]
            .iter()
            .filter_map(|c| word.strip_prefix(c))
            .any(|r| r.chars().count() >= 2 && listed(r))
}

/// Is this normalized word one that ends a name without being a family name: "Jr." and
/// "Sr." (جورج بوش الابن), "the elder", "the younger", or الله of a theophoric name?
fn ends_a_name_only(word: &str) -> bool {
    word == "الله" || is_generation(word)
}

/// "Jr.", "Sr.", "the elder", "the younger" after a family name (جورج بوش الابن).
fn is_generation(word: &str) -> bool {
    matches!(
        word,
        "الابن" | "الاب" | "الاكبر" | "الاصغر" | "الصغير" | "الكبير" | "جونيور"
    )
}

/// The words of a name without the "Jr." or "the elder" that follows the family name.
fn without_generation<S: AsRef<str>>(words: &[S]) -> &[S] {
    match words.split_last() {
        Some((last, rest)) if rest.len() >= 2 && is_generation(last.as_ref()) => rest,
        _ => words,
    }
}

/// Is the last word of a name the second half of a patronymic, a compound given name or a
/// family after آل (محمد بن سلمان, سلمان بن عبد العزيز, أبو مازن, تركي آل الشيخ)? Then it is
/// not a surname: آل الشيخ is a family of many, and الشيخ alone "the sheikh".
fn after_patronymic(words: &[&str]) -> bool {
    // آل is folded to ال.
    words.len() >= 2
        && matches!(
            words[words.len() - 2],
            "بن" | "ابن" | "بنت" | "عبد" | "ابو" | "ام" | "ال"
        )
}

#[derive(Debug, Clone, Copy)]
enum Target {
    Entity(usize),
    Title(usize),
    Institution(usize),
}

#[derive(Debug, Clone, Copy)]
struct Pattern {
    target: Target,
    form: Form,
    /// The pattern is a name that carries the article ال (stored without it).
    article: bool,
    /// The same spelling is also a nationality adjective of the entity (أرمينية: Armenia,
    /// and the feminine of أرميني): after the article it reads as the adjective.
    also_adjective: bool,
    /// The name carries the article and the same spelling without it is the entity's
    /// nationality adjective (السعودية: Saudi Arabia; طائرة سعودية: a Saudi plane).
    bare_adjective: bool,
    /// The entity is spelled both with and without the article (اليونيسف and يونيسف): the
    /// pattern matches either way.
    article_optional: bool,
    /// The spelling also names other entities (عمان: Oman and Amman): an index into
    /// [`Recognizer::homographs`], and the document's context chooses.
    homographs: Option<u32>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Title {
    arabic: Vec<String>,
    english: String,
    #[serde(default)]
    of_organization: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Institution {
    arabic: Vec<String>,
    english: String,
    style: String,
    /// The words describe a body rather than name one (الحكومة اليمنية): roles, no
    /// organization of its own.
    #[serde(default)]
    description: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TitlesFile {
    #[serde(default)]
    title: Vec<Title>,
    #[serde(default)]
    institution: Vec<Institution>,
}

/// The titles and offices that precede a person's name, and the institutions that compose
/// organizations with a nationality adjective (`data/titles.toml` and the configuration's
/// files, in order).
#[derive(Debug, Clone, Default)]
pub struct Titles {
    titles: Vec<Title>,
    institutions: Vec<Institution>,
}

impl Titles {
    /// The built-in table.
    pub fn builtin() -> Result<Titles> {
        let mut t = Titles::default();
        t.add_toml("titles.toml", crate::data::TITLES)?;
        Ok(t)
    }

    /// Parse a titles file (the format of `data/titles.toml`) and add its entries.
    pub fn add_toml(&mut self, name: &str, text: &str) -> Result<()> {
        let f: TitlesFile = crate::data::parse_toml(name, text)?;
        if let Some(t) = f
            .institution
            .iter()
            .find(|t| t.style != "of" && t.style != "demonym")
        {
            return Err(Error::Data {
                name: name.to_string(),
                reason: format!(
                    "institution {:?}: style must be \"of\" or \"demonym\"",
                    t.english
                ),
            });
        }
        self.titles.extend(f.title);
        self.institutions.extend(f.institution);
        Ok(())
    }

    /// Number of titles and institutions.
    pub fn len(&self) -> usize {
        self.titles.len() + self.institutions.len()
    }

    /// No entries at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What the recognizer consults besides the gazetteer: the titles table, the word tables and
/// the two models, shared with the rest of [`crate::Resources`].
#[derive(Clone)]
pub struct RecognizerParts {
    pub titles: Titles,
    pub wordfreq: Arc<WordFrequency>,
    pub words: Arc<Words>,
    pub tagger: Arc<Tagger>,
    pub romanizer: Arc<Romanizer>,
}

/// The compiled recognizer: gazetteer, titles and institutions, built once per run.
pub struct Recognizer {
    gazetteer: Gazetteer,
    titles: Vec<Title>,
    institutions: Vec<Institution>,
    words: Arc<Words>,
    wordfreq: Arc<WordFrequency>,
    /// Words of the gazetteer's person names and its one-word names (normalized): never
    /// ordinary words.
    name_words: rustc_hash::FxHashSet<String>,
    tagger: Arc<Tagger>,
    romanizer: Arc<Romanizer>,
    names: AhoCorasick,
    name_patterns: Vec<Pattern>,
    roles: AhoCorasick,
    role_patterns: Vec<Pattern>,
    /// Consonant skeleton of a spelling (one to three words) → (entity, normalized spelling).
    skeletons: rustc_hash::FxHashMap<String, Vec<(usize, String)>>,
    /// Skeletons of the first words of those spellings: a window whose first word's skeleton
    /// is not here cannot match, and is skipped without building its key.
    first_skeletons: rustc_hash::FxHashSet<String>,
    /// Normalized surname (last word of a person's spelling) → person entity, when unique.
    surnames: rustc_hash::FxHashMap<String, usize>,
    /// The four-letter ones of those that may stand alone.
    short_surnames: rustc_hash::FxHashSet<String>,
    /// The entities each shared spelling names, in load order ([`Pattern::homographs`]).
    homographs: Vec<Vec<usize>>,
    /// Spellings that name an entity only in some context (gazetteer `cited_as`, `in_sport`):
    /// normalized spelling → (entity, the context it needs).
    context_names: rustc_hash::FxHashMap<String, Vec<(usize, Context)>>,
    /// Entity → the words after a spelling that make it another body's name (gazetteer
    /// `not_before`), normalized.
    not_before: rustc_hash::FxHashMap<usize, Vec<String>>,
    /// Add the names the statistical tagger finds where the gazetteer found nothing.
    pub use_tagger: bool,
}

/// A spelling as it is searched: normalized words joined by single spaces, plus a final space.
fn searchable(s: &str) -> String {
    let n = arabic::normalize_text(s);
    let mut out = String::new();
    for w in n
        .split(|c: char| !arabic::is_word_char(c))
        .filter(|w| !w.is_empty())
    {
        out.push_str(w);
        out.push(' ');
    }
    out
}

/// Does a mention overlap the document byte range `bs..be`?
fn overlaps(mentions: &[Mention], (bs, be): (usize, usize)) -> bool {
    mentions
        .iter()
        .any(|m| m.byte_start < be && m.byte_end > bs)
}

/// A word without a leading و or ف ("and", "so").
fn without_conjunction(word: &str) -> &str {
    word.strip_prefix(['و', 'ف']).unwrap_or(word)
}

/// Is the document about sport: three words of sport, two of them different?
fn is_about_sport(prepared: &[Prepared]) -> bool {
    let mut seen: Vec<&str> = Vec::new();
    let mut count = 0;
    for p in prepared {
        for &w in &p.word_starts {
            let word = without_conjunction(p.word_at(w));
            // As written, or after ب, ل or لل (بالدوري، للمنتخب، للاعب).
            let found = [
                Some(word),
                word.strip_prefix("لل"),
                word.strip_prefix('ب'),
                word.strip_prefix('ل'),
            ]
            .into_iter()
            .flatten()
            .find_map(|x| SPORT_WORDS.iter().find(|&&s| s == x));
            if let Some(&sw) = found {
                count += 1;
                if !seen.contains(&sw) {
                    seen.push(sw);
                }
                if count >= 3 && seen.len() >= 2 {
                    return true;
                }
            }
        }
    }
    false
}

/// The consonant skeleton of a normalized word: long vowels and ه dropped after the first letter.
fn skeleton(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    skeleton_into(word, &mut out);
    out
}

/// [`skeleton`] written into `out` (emptied first).
fn skeleton_into(word: &str, out: &mut String) {
    out.clear();
    let mut last = None;
    for (i, c) in word.chars().enumerate() {
        if i > 0 && matches!(c, 'ا' | 'و' | 'ي' | 'ه' | 'ء') {
            continue;
        }
        if last == Some(c) {
            continue;
        }
        out.push(c);
        last = Some(c);
    }
}

fn build_ac(patterns: &[String]) -> Result<AhoCorasick> {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .start_kind(StartKind::Anchored)
        .build(patterns)
        .map_err(|e| Error::Data {
            name: "gazetteer".into(),
            reason: e.to_string(),
        })
}

/// The context a conditional spelling needs (see [`Recognizer::context_pass`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    /// Cited as a source: after a word for its reporter, or spoken to.
    Cited,
    /// In an article about sport.
    Sport,
}

/// Words (normalized, without clitics) of an article about sport: three of them, two of
/// them different, make the article one.
const SPORT_WORDS: &[&str] = &[
    "مباراه",
    "مباريات",
    "الدوري",
    "دوري",
    "لاعب",
    "اللاعب",
    "لاعبي",
    "لاعبين",
    "اللاعبين",
    "المدرب",
    "مدرب",
    "الملعب",
    "ملعب",
    "هدف",
    "الهدف",
    "اهداف",
    "الاهداف",
    "المنتخب",
    "منتخب",
    "البطوله",
    "بطوله",
    "الكاس",
    "كاس",
    "الشوط",
    "التعادل",
    "الفريق",
    "فريق",
    "القدم",
    "النادي",
    "نادي",
    "الموسم",
];

/// Words for a reporter or correspondent: an outlet named right after one is cited.
const REPORTER_WORDS: &[&str] = &[
    "مراسل",
    "مراسله",
    "مراسلو",
    "مراسلي",
    "موفد",
    "موفده",
    "مذيع",
    "مذيعه",
    "محرر",
];

/// Words for an outlet: a name right after one, even in quotes, is the outlet's.
const OUTLET_WORDS: &[&str] = &["صحيفه", "جريده", "مجله", "قناه", "فضاييه", "موقع", "اذاعه"];

/// Words of speaking: an outlet written with لـ ("to") after one of them, within a few words,
/// is the one spoken to (قال وزير الداخلية للجزيرة، في تصريحات للجزيرة).
const SPEECH_WORDS: &[&str] = &[
    "قال",
    "قالت",
    "صرح",
    "صرحت",
    "اكد",
    "اكدت",
    "اوضح",
    "اوضحت",
    "اضاف",
    "اضافت",
    "كشف",
    "كشفت",
    "ذكر",
    "ذكرت",
    "تصريح",
    "تصريحات",
    "تصريحه",
    "حديث",
    "حديثه",
    "مقابله",
    "مقابلته",
    "لقاء",
];

/// A sentence prepared for matching.
struct Prepared<'a> {
    original: &'a str,
    /// Byte offset of the sentence in the document text.
    base: usize,
    norm: arabic::Normalized,
    /// The search string and, for each of its bytes, the normalized byte it came from.
    search: String,
    smap: Vec<usize>,
    /// Byte offsets of word starts in `search`.
    word_starts: Vec<usize>,
}

impl<'a> Prepared<'a> {
    fn new(doc: &'a str, start: usize, end: usize) -> Self {
        let original = &doc[start..end];
        let norm = arabic::normalize(original);
        let mut search = String::with_capacity(norm.text.len() + 1);
        let mut smap = Vec::with_capacity(norm.text.len() + 2);
        let mut word_starts = Vec::new();
        for (i, c) in norm.text.char_indices() {
            if arabic::is_word_char(c) {
                if search.is_empty() || search.ends_with(' ') {
                    word_starts.push(search.len());
                }
                for _ in 0..c.len_utf8() {
                    smap.push(i);
                }
                search.push(c);
            } else if !search.is_empty() && !search.ends_with(' ') {
                smap.push(i);
                search.push(' ');
            }
        }
        if !search.ends_with(' ') {
            smap.push(norm.text.len());
            search.push(' ');
        }
        smap.push(norm.text.len());
        Prepared {
            original,
            base: start,
            norm,
            search,
            smap,
            word_starts,
        }
    }

    /// Document byte range of the search range `s..e` (e excludes the trailing space).
    fn doc_range(&self, s: usize, e: usize) -> (usize, usize) {
        let ns = self.smap[s];
        let ne = self.smap[e - 1]
            + self.norm.text[self.smap[e - 1]..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
        let (a, b) = self.norm.orig_range(ns, ne, self.original);
        (self.base + a, self.base + b)
    }

    /// The word of the search string starting at `s`, without its trailing space.
    fn word_at(&self, s: usize) -> &str {
        let rest = &self.search[s..];
        &rest[..rest.find(' ').unwrap_or(rest.len())]
    }

    /// Does the original text between search offsets `a` (end of a word, exclusive) and `b`
    /// (start of the next word) hold anything but white space and a comma?
    fn hard_break_between(&self, a: usize, b: usize) -> bool {
        let (na, nb) = (
            self.smap[a.min(self.smap.len() - 1)],
            self.smap[b.min(self.smap.len() - 1)],
        );
        if na >= nb {
            return false;
        }
        self.norm.text[na..nb]
            .chars()
            .any(|c| !c.is_whitespace() && c != ',')
    }

    /// The word before the one that holds offset `s` (a word start, or a name's start after
    /// its clitic), when only white space or a comma lies between.
    fn word_before(&self, s: usize) -> Option<&str> {
        let i = self.word_starts.partition_point(|&w| w <= s);
        let own = *self.word_starts.get(i.checked_sub(1)?)?;
        let b = *self.word_starts.get(i.checked_sub(2)?)?;
        let word = self.word_at(b);
        (!self.hard_break_between(b + word.len(), own)).then_some(word)
    }

    fn next_word_start(&self, after: usize) -> Option<usize> {
        let i = self.word_starts.partition_point(|&w| w < after);
        self.word_starts.get(i).copied()
    }
}

/// A hit of the automaton at a word start, before it becomes a mention.
#[derive(Debug, Clone, Copy)]
struct Hit {
    /// Search-string range of the mention (without clitics, with the article where kept).
    start: usize,
    end: usize,
    pattern: Pattern,
}

/// What [`Recognizer::read_roles`] finds.
#[derive(Default)]
struct RoleReading {
    /// Organizations composed of an institution and a nationality adjective.
    composed: Vec<Mention>,
    /// Adjective hits absorbed into those organizations.
    consumed: Vec<(usize, usize)>,
    /// (search offset where a name should start, the role its title gives).
    pending: Vec<(usize, String)>,
}

impl Recognizer {
    /// Compile a recognizer from a gazetteer and the tables and models it consults.
    pub fn new(gazetteer: Gazetteer, parts: RecognizerParts) -> Result<Recognizer> {
        let RecognizerParts {
            titles: tf,
            wordfreq,
            words,
            tagger,
            romanizer,
        } = parts;
        let mut names: Vec<String> = Vec::new();
        let mut name_patterns: Vec<Pattern> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut homographs: Vec<Vec<usize>> = Vec::new();
        let mut add = |s: String, p: Pattern, names: &mut Vec<String>, pats: &mut Vec<Pattern>| {
            if s.trim().is_empty() {
                return;
            }
            if let Some(&i) = seen.get(&s) {
                let q: &mut Pattern = &mut pats[i];
                // One spelling, two names (عمان: Oman, and عمّان without its shadda: Amman).
                if p.form == Form::Name
                    && q.form == Form::Name
                    && p.article == q.article
                    && let (Target::Entity(a), Target::Entity(b)) = (q.target, p.target)
                    && a != b
                {
                    let h = *q.homographs.get_or_insert_with(|| {
                        homographs.push(vec![a]);
                        (homographs.len() - 1) as u32
                    });
                    let list = &mut homographs[h as usize];
                    if !list.contains(&b) {
                        list.push(b);
                    }
                }
                if p.form == Form::Name
                    && q.form == Form::Name
                    && p.article != q.article
                    && let (Target::Entity(a), Target::Entity(b)) = (q.target, p.target)
                    && a == b
                {
                    q.article = true;
                    q.article_optional = true;
                }
                if p.form == Form::Adjective
                    && q.form == Form::Name
                    && !q.article
                    && let (Target::Entity(a), Target::Entity(b)) = (q.target, p.target)
                    && a == b
                {
                    q.also_adjective = true;
                }
                if p.form == Form::Adjective
                    && q.form == Form::Name
                    && q.article
                    && !q.article_optional
                    && let (Target::Entity(a), Target::Entity(b)) = (q.target, p.target)
                    && a == b
                {
                    q.bare_adjective = true;
                }
                return;
            }
            seen.insert(s.clone(), pats.len());
            names.push(s);
            pats.push(p);
        };
        let mut skeletons: rustc_hash::FxHashMap<String, Vec<(usize, String)>> = Default::default();
        let mut surname_count: HashMap<String, Vec<usize>> = HashMap::new();
        let mut name_words: rustc_hash::FxHashSet<String> = Default::default();
        for (i, e) in gazetteer.entities().iter().enumerate() {
            for sp in &e.arabic {
                let s = searchable(sp);
                if s.is_empty() {
                    continue;
                }
                let (bare, article) = match s.strip_prefix("ال") {
                    Some(rest) if rest.chars().count() >= 3 => (rest.to_string(), true),
                    _ => (s.clone(), false),
                };
                add(
                    bare,
                    Pattern {
                        target: Target::Entity(i),
                        form: Form::Name,
                        article,
                        also_adjective: false,
                        bare_adjective: false,
                        article_optional: false,
                        homographs: None,
                    },
                    &mut names,
                    &mut name_patterns,
                );
                let words: Vec<&str> = s.split_whitespace().collect();
                let letters: usize = words.iter().map(|w| w.chars().count()).sum();
                // A name that is also an ordinary word (after_place_word) has no variants and
                // does not make its word a name word.
                if letters >= 5
                    && words.len() <= 3
                    && e.etype != EntityType::Other
                    && !e.after_place_word
                {
                    let key = words
                        .iter()
                        .map(|w| skeleton(w))
                        .collect::<Vec<_>>()
                        .join(" ");
                    skeletons.entry(key).or_default().push((i, words.join(" ")));
                }
                if words.len() == 1 && !is_calendar_or_ordinal(words[0]) && !e.after_place_word {
                    name_words.insert(words[0].to_string());
                }
                if e.etype == EntityType::Person {
                    name_words.extend(
                        words
                            .iter()
                            .filter(|w| w.chars().count() >= 3 && !is_calendar_or_ordinal(w))
                            .map(|w| w.to_string()),
                    );
                }
                let words = without_generation(&words);
                if e.etype == EntityType::Person && words.len() >= 2 {
                    let last = words[words.len() - 1];
                    if last.chars().count() >= 4
                        && !is_calendar_or_ordinal(last)
                        && !ends_a_name_only(last)
                        && !after_patronymic(words)
                    {
                        let v = surname_count.entry(last.to_string()).or_default();
                        if !v.contains(&i) {
                            v.push(i);
                        }
                    }
                }
            }
            for base in &e.nisba {
                let feminine = nisba_forms(base).into_iter().nth(1).unwrap_or_default();
                let feminine_zipf = wordfreq.zipf(&feminine);
                for f in nisba_forms(base) {
                    // A plural or dual commoner than the adjective's feminine is another word:
                    // مجريات is "the course of events", not "Hungarians".
                    if f.chars().count() > feminine.chars().count()
                        && wordfreq.is_ordinary(&f)
                        && wordfreq.zipf(&f) > feminine_zipf
                    {
                        continue;
                    }
                    add(
                        format!("{f} "),
                        Pattern {
                            target: Target::Entity(i),
                            form: Form::Adjective,
                            article: false,
                            also_adjective: false,
                            bare_adjective: false,
                            article_optional: false,
                            homographs: None,
                        },
                        &mut names,
                        &mut name_patterns,
                    );
                }
            }
        }
        let surnames: rustc_hash::FxHashMap<String, usize> = surname_count
            .into_iter()
            .filter(|(_, v)| v.len() == 1)
            .map(|(k, v)| (k, v[0]))
            .collect();
        // Words that begin or stand inside a person's spelling: given names (سعيد, موسى).
        let given: rustc_hash::FxHashSet<String> = gazetteer
            .entities()
            .iter()
            .filter(|e| e.etype == EntityType::Person)
            .flat_map(|e| e.arabic.iter())
            .flat_map(|sp| {
                let s = searchable(sp);
                let words: Vec<String> = s.split_whitespace().map(String::from).collect();
                let n = words.len().saturating_sub(1);
                words.into_iter().take(n).collect::<Vec<_>>()
            })
            .collect();
        // A surname of four letters stands alone only when it is no given name and no word of
        // its own: absent from the frequency list, or a name word less common than Zipf 4
        // (أنان Annan, رايس Rice; not جودة "quality", مشرف "supervisor", عيسى), and that does
        // not end in ت like a verb in the past (بينت Bennett, and بيّنت "she showed").
        let short_surnames = surnames
            .keys()
            .filter(|k| k.chars().count() == 4 && !given.contains(*k) && !k.ends_with('ت'))
            .filter(|k| {
                let z = wordfreq.zipf(k);
                z == 0.0 || wordfreq.is_name(k) && z < 4.0
            })
            .cloned()
            .collect();

        let mut roles: Vec<String> = Vec::new();
        let mut role_patterns: Vec<Pattern> = Vec::new();
        let mut seen_roles: HashMap<String, ()> = HashMap::new();
        let mut add_role = |s: String, target: Target| {
            if s.is_empty() || seen_roles.insert(s.clone(), ()).is_some() {
                return;
            }
            roles.push(s);
            role_patterns.push(Pattern {
                target,
                form: Form::Name,
                article: false,
                also_adjective: false,
                bare_adjective: false,
                article_optional: false,
                homographs: None,
            });
        };
        for (i, t) in tf.titles.iter().enumerate() {
            for a in &t.arabic {
                add_role(searchable(a), Target::Title(i));
            }
        }
        for (i, t) in tf.institutions.iter().enumerate() {
            for a in &t.arabic {
                add_role(searchable(a), Target::Institution(i));
            }
        }
        let mut context_names: rustc_hash::FxHashMap<String, Vec<(usize, Context)>> =
            Default::default();
        for (i, e) in gazetteer.entities().iter().enumerate() {
            for (list, context) in [(&e.cited_as, Context::Cited), (&e.in_sport, Context::Sport)] {
                for sp in list {
                    let key = searchable(sp).trim_end().to_string();
                    if !key.is_empty() {
                        context_names.entry(key).or_default().push((i, context));
                    }
                }
            }
        }
        let not_before = gazetteer
            .entities()
            .iter()
            .enumerate()
            .filter(|(_, e)| !e.not_before.is_empty())
            .map(|(i, e)| {
                let words = e
                    .not_before
                    .iter()
                    .map(|w| searchable(w).trim_end().to_string());
                (i, words.collect())
            })
            .collect();
        Ok(Recognizer {
            context_names,
            not_before,
            names: build_ac(&names)?,
            name_patterns,
            roles: build_ac(&roles)?,
            role_patterns,
            gazetteer,
            titles: tf.titles,
            institutions: tf.institutions,
            words,
            wordfreq,
            name_words,
            tagger,
            romanizer,
            first_skeletons: skeletons
                .keys()
                .map(|k| k.split(' ').next().unwrap_or_default().to_string())
                .collect(),
            skeletons,
            surnames,
            short_surnames,
            homographs,
            use_tagger: true,
        })
    }

    /// The gazetteer this recognizer was built from.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Is this normalized word an ordinary word, which only the gazetteer or strong evidence
    /// makes a name: a stop word, an ordinal or calendar word, a frequent word that is not
    /// mostly a name (alone or without its clitics), or a future verb (سيلقي، ستوفر: س before
    /// an ordinary present). A word of a gazetteer person's name, or a one-word name of the
    /// gazetteer, is never ordinary.
    pub fn is_ordinary(&self, word: &str) -> bool {
        if self.name_words.contains(word) {
            return false;
        }
        let frequent = |w: &str| self.words.stop.contains(w) || self.wordfreq.is_ordinary(w);
        if frequent(word) || is_calendar_or_ordinal(word) {
            return true;
        }
        if self.wordfreq.is_name(word) {
            return false;
        }
        let (pre, core) = self.words.split_clitics(word);
        if !pre.is_empty() && core.chars().count() >= 3 && frequent(core) {
            return true;
        }
        self.is_inflected_ordinary(word)
    }

    /// Is a word an inflected form of an ordinary word, rarer than the word itself? A verb
    /// with its particles (سيقاطع "will boycott", لتضرب "to strike", وتقصف), an attached
    /// pronoun (ليخبره "to tell him", خارجيتها "its foreign ministry", ومواقفنا "and our
    /// positions"), or the accusative ending (عزما "resolve", متوازنا "balanced", فرصا
    /// "opportunities"). Each of these was once taken for a name after a title.
    fn is_inflected_ordinary(&self, word: &str) -> bool {
        let ordinary = |w: &str| {
            w.chars().count() >= 3 && (self.words.stop.contains(w) || self.wordfreq.is_ordinary(w))
        };
        let mut bases: Vec<std::borrow::Cow<str>> = vec![word.into()];
        if let Some(rest) = ["هما", "هم", "هن", "ها", "كم", "نا", "ه"]
            .iter()
            .find_map(|suffix| word.strip_suffix(suffix))
            .filter(|rest| rest.chars().count() >= 3)
        {
            bases.push(rest.into());
            // The feminine ending before a pronoun is written ت (خارجيتها: خارجية).
            if let Some(stem) = rest.strip_suffix('ت') {
                bases.push(format!("{stem}ه").into());
            }
        }
        if let Some(rest) = word.strip_suffix('ا') {
            bases.push(rest.into());
        }
        bases.iter().enumerate().any(|(k, base)| {
            if k > 0 && ordinary(base) {
                return true;
            }
            // Up to two particles (و ف ل س) before the prefix of an imperfect verb.
            let mut rest: &str = base;
            for _ in 0..2 {
                let Some(r) = rest.strip_prefix(['و', 'ف', 'ل', 'س']) else {
                    break;
                };
                rest = r;
                if rest.starts_with(['ي', 'ت', 'ن']) && ordinary(rest) {
                    return true;
                }
            }
            false
        })
    }

    /// Is a word, as written, a stop word? علي spelled with ي is the name Ali, not the
    /// preposition على that normalizes to the same letters.
    fn is_stop_as_written(&self, word: &str) -> bool {
        let n = arabic::norm(word);
        self.words.stop.contains(&n)
            && !(n == "علي"
                && word
                    .trim_end_matches(arabic::is_diacritic)
                    .ends_with('\u{064A}'))
    }

    /// May the letter(s) `whole` starts with be read as a clitic, leaving `rest`? Not when the
    /// whole word is a known name, or occurs at least as often as what would be left (كريغ is
    /// a name, not ك + ريغ; وفرنسا is و + فرنسا).
    pub(crate) fn may_strip(&self, whole: &str, rest: &str) -> bool {
        if self.name_words.contains(whole) || self.wordfreq.is_name(whole) {
            return false;
        }
        let z = self.wordfreq.zipf(whole);
        z == 0.0 || z < self.wordfreq.zipf(rest)
    }

    /// Anchored search at a word start `w`, after each allowed clitic prefix; the longest
    /// valid hit wins, then the shortest prefix.
    fn hit_at(&self, ac: &AhoCorasick, pats: &[Pattern], p: &Prepared, w: usize) -> Option<Hit> {
        let mut best: Option<Hit> = None;
        let rest = &p.search[w..];
        // Every prefix but the empty one begins with one of a few letters: most words need
        // only the empty one tried.
        let first = rest.chars().next();
        for pre in PREFIXES {
            if !pre.is_empty() && (pre.chars().next() != first || !rest.starts_with(pre)) {
                continue;
            }
            let from = w + pre.len();
            if from >= p.search.len() || p.search[from..].starts_with(' ') {
                continue;
            }
            let input = Input::new(&p.search).range(from..).anchored(Anchored::Yes);
            let Some(m) = ac.find(input) else { continue };
            if !pre.is_empty() && !pre.ends_with("ال") && !pre.ends_with("لل") {
                let whole = p.word_at(w);
                if !self.may_strip(whole, &whole[pre.len()..]) {
                    continue;
                }
            }
            let mut pat = pats[m.pattern().as_usize()];
            let pre_has_article = pre.ends_with("ال") || pre.ends_with("لل");
            if pat.also_adjective && pre_has_article {
                pat.form = Form::Adjective;
            }
            let start = if pat.article && !pre_has_article && pat.article_optional {
                from
            } else if pat.article && !pre_has_article && pat.bare_adjective {
                pat.form = Form::Adjective;
                from
            } else if pat.article {
                if !pre_has_article {
                    continue;
                }
                // Keep the article in the mention: "الأمم", and "للأمم" whole.
                if pre.ends_with("ال") {
                    from - "ال".len()
                } else {
                    from - "لل".len()
                }
            } else if pat.form == Form::Adjective {
                if pre.ends_with("ال") {
                    from - "ال".len()
                } else {
                    from
                }
            } else {
                if pre_has_article {
                    continue;
                }
                from
            };
            let end = m.end() - 1; // the trailing space is not part of the mention
            if best.is_none_or(|b| end > b.end) {
                best = Some(Hit {
                    start,
                    end,
                    pattern: pat,
                });
            }
        }
        best
    }

    /// Find every mention in a document's sentences (byte ranges of `doc`). Mentions come back
    /// sorted by position, never overlapping.
    pub fn recognize(&self, doc: &str, sentences: &[(usize, usize)]) -> Vec<Mention> {
        let chars = CharIndex::new(doc);
        let prepared: Vec<Prepared> = sentences
            .iter()
            .map(|&(s, e)| Prepared::new(doc, s, e))
            .collect();
        // Pass 1: gazetteer, titles, composed organizations, context names, variants.
        let sport = !self.context_names.is_empty() && is_about_sport(&prepared);
        let mut per_sentence: Vec<Vec<Mention>> = prepared
            .iter()
            .map(|p| self.first_pass(p, &chars, sport))
            .collect();
        // Pass 2: surnames of persons seen in this document, then of the gazetteer.
        let mut doc_surnames: BTreeMap<String, Mention> = BTreeMap::new();
        for m in per_sentence.iter().flatten() {
            if m.etype == EntityType::Person && m.form == Form::Name {
                let mut words: Vec<String> = searchable(&m.text)
                    .split_whitespace()
                    .map(String::from)
                    .collect();
                words.truncate(without_generation(&words).len());
                if words.len() >= 2 {
                    let last = words[words.len() - 1].clone();
                    let ws: Vec<&str> = words.iter().map(String::as_str).collect();
                    // A romanized name (the tagger's, or one after a title) that ends in an
                    // ordinary word (عماد الدين "religion", أسد الكهوف "the caves") does not
                    // make that word stand for the person elsewhere in the document.
                    // A family name shaped like a nisba (القحطاني) is a family name.
                    let nisba = last.starts_with("ال") && last.ends_with('ي');
                    let zipf = self.wordfreq.zipf(&last);
                    let common = zipf >= SURNAME_MAX_ZIPF
                        || zipf == 0.0 && self.is_inflected_ordinary(&last);
                    let guessed_word =
                        m.via.is_romanized() && !nisba && !self.wordfreq.is_name(&last) && common;
                    if last.chars().count() >= 4
                        && !is_calendar_or_ordinal(&last)
                        && !ends_a_name_only(&last)
                        && !guessed_word
                        && !after_patronymic(&ws)
                    {
                        doc_surnames.entry(last).or_insert_with(|| m.clone());
                    } else if words.len() >= 3 && after_patronymic(&ws) && last.chars().count() >= 3
                    {
                        // A compound family name (محمد عبد العاطي: عبد العاطي, also written
                        // عبدالعاطي) stands for the person too.
                        let n = words.len();
                        let compound = format!("{} {}", words[n - 2], words[n - 1]);
                        doc_surnames.entry(compound).or_insert_with(|| m.clone());
                    }
                }
            }
        }
        for (p, ms) in prepared.iter().zip(per_sentence.iter_mut()) {
            self.surname_pass(p, &chars, &doc_surnames, ms);
            ms.sort_by_key(|m| m.byte_start);
        }
        self.choose_homographs(&mut per_sentence);
        per_sentence.into_iter().flatten().collect()
    }

    #[allow(clippy::too_many_arguments)]
    fn make_mention(
        &self,
        p: &Prepared,
        chars: &CharIndex,
        s: usize,
        e: usize,
        entity: usize,
        form: Form,
        via: Via,
    ) -> Mention {
        let en = &self.gazetteer.entities()[entity];
        let (bs, be) = p.doc_range(s, e);
        let doc_text_slice = &p.original[bs - p.base..be - p.base];
        Mention {
            text: doc_text_slice.to_string(),
            start: chars.char_of(bs),
            end: chars.char_of(be),
            etype: en.etype,
            english: en.english.clone(),
            key: en.key.clone(),
            form,
            via,
            confidence: via.confidence(),
            alternatives: Vec::new(),
            role: None,
            description: None,
            byte_start: bs,
            byte_end: be,
        }
    }

    fn custom_mention(
        p: &Prepared,
        chars: &CharIndex,
        (s, e): (usize, usize),
        etype: EntityType,
        english: String,
        via: Via,
        description: Option<String>,
    ) -> Mention {
        let (bs, be) = p.doc_range(s, e);
        Mention {
            text: p.original[bs - p.base..be - p.base].to_string(),
            start: chars.char_of(bs),
            end: chars.char_of(be),
            etype,
            key: slug(&english),
            english,
            form: Form::Name,
            via,
            confidence: via.confidence(),
            alternatives: Vec::new(),
            role: None,
            description,
            byte_start: bs,
            byte_end: be,
        }
    }

    fn first_pass(&self, p: &Prepared, chars: &CharIndex, sport: bool) -> Vec<Mention> {
        let hits = self.name_hits(p);
        let roles = self.role_hits(p, &hits);
        let read = self.read_roles(p, chars, &hits, &roles);
        let mut mentions = read.composed;
        mentions.extend(self.gazetteer_mentions(p, chars, &hits, &read.consumed));
        self.attach_roles(p, chars, &mut mentions, read.pending, &roles);
        if !self.context_names.is_empty() {
            self.context_pass(p, chars, &mut mentions, sport);
        }
        self.fuzzy_pass(p, chars, &mut mentions, &hits, &roles);
        Self::latin_pass(p, chars, &mut mentions);
        if self.use_tagger {
            self.tagger_pass(p, chars, &mut mentions);
        }
        mentions.sort_by_key(|m| m.byte_start);
        mentions
    }

    /// Names written in Latin letters right after a word for an outlet, a company or an
    /// organization ("نشر موقع Middle East Eye", "صحيفة Le Parisien", "لموقع CNN"): the text
    /// gives the English name itself. The mention holds the word before it, so that an outlet
    /// is known as one. Latin words elsewhere (USB, GPS, a product) are left alone.
    fn latin_pass(p: &Prepared, chars: &CharIndex, mentions: &mut Vec<Mention>) {
        const HEADS: [&str; 17] = [
            "وكالة",
            "قناة",
            "صحيفة",
            "جريدة",
            "موقع",
            "تلفزيون",
            "إذاعة",
            "شبكة",
            "مجلة",
            "محطة",
            "شركة",
            "منظمة",
            "مؤسسة",
            "مجموعة",
            "بنك",
            "مصرف",
            "حساب",
        ];
        const JOINERS: [&str; 8] = ["of", "de", "du", "des", "la", "le", "the", "and"];
        let latin = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric());
        let original = |s: usize, e: usize| {
            let (bs, be) = p.doc_range(s, e);
            &p.original[bs - p.base..be - p.base]
        };
        let capital = |s: usize, w: &str| {
            original(s, s + w.len()).starts_with(|c: char| c.is_ascii_uppercase())
        };
        let mut heads: Option<Vec<String>> = None;
        let mut i = 1;
        while i < p.word_starts.len() {
            let w = p.word_starts[i];
            let word = p.word_at(w);
            i += 1;
            if !latin(word) || !capital(w, word) {
                continue;
            }
            let Some(prev) = p.word_before(w) else {
                continue;
            };
            let heads =
                heads.get_or_insert_with(|| HEADS.iter().map(|h| arabic::norm(h)).collect());
            // The head without its clitic (لموقع CNN: موقع CNN); the article stays.
            let clitic = ["", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل"]
                .iter()
                .find(|c| {
                    prev.strip_prefix(**c).is_some_and(|b| {
                        let b = b.strip_prefix("ال").unwrap_or(b);
                        heads.iter().any(|h| h == b)
                    })
                })
                .or_else(|| {
                    prev.strip_prefix("لل")
                        .is_some_and(|b| heads.iter().any(|h| h == b))
                        .then_some(&"ل")
                });
            let Some(clitic) = clitic else {
                continue;
            };
            let head = p.word_starts[i - 2] + clitic.len();
            let mut end = w + word.len();
            let mut last_capital = end;
            let mut n = 1;
            while i < p.word_starts.len() && n < 6 {
                let next = p.word_starts[i];
                let nw = p.word_at(next);
                if !latin(nw) || p.hard_break_between(end, next) {
                    break;
                }
                let cap = capital(next, nw);
                if !cap && !JOINERS.contains(&nw) {
                    break;
                }
                end = next + nw.len();
                if cap {
                    last_capital = end;
                }
                i += 1;
                n += 1;
            }
            if overlaps(mentions, p.doc_range(head, last_capital)) {
                continue;
            }
            let english = original(w, last_capital).to_string();
            mentions.push(Self::custom_mention(
                p,
                chars,
                (head, last_capital),
                EntityType::Organization,
                english,
                Via::Written,
                None,
            ));
        }
    }

    /// Gazetteer names and nationality adjectives, by word start, leftmost-longest and never
    /// overlapping.
    fn name_hits(&self, p: &Prepared) -> Vec<Hit> {
        let mut hits: Vec<Hit> = Vec::new();
        let mut covered_until = 0usize;
        for &w in &p.word_starts {
            if w < covered_until {
                continue;
            }
            if let Some(h) = self.hit_at(&self.names, &self.name_patterns, p, w) {
                if self.continued(p, &h) {
                    continue;
                }
                covered_until = h.end;
                hits.push(self.without_descriptor(p, h));
            }
        }
        hits
    }

    /// Does the word after a name hit make it another body's name (gazetteer `not_before`)?
    fn continued(&self, p: &Prepared, h: &Hit) -> bool {
        let Target::Entity(i) = h.pattern.target else {
            return false;
        };
        let Some(words) = self.not_before.get(&i) else {
            return false;
        };
        p.next_word_start(h.end + 1).is_some_and(|n| {
            !p.hard_break_between(h.end, n) && words.iter().any(|x| x == p.word_at(n))
        })
    }

    /// An organization's name without the common noun written before it, where the rest is
    /// the name itself: حركة طالبان is Taliban as طالبان, وكالة فرانس برس AFP as فرانس برس, and
    /// an outlet's name after قناة or صحيفة (قناة الجزيرة, صحيفة الشرق الأوسط) is the outlet's.
    /// The noun stays where it belongs to the name (منظمة التحرير الفلسطينية, and منظمة
    /// always: منظمة العفو الدولية is Amnesty International), and where the rest alone would
    /// be an adjective (المنظمة الأممية).
    fn without_descriptor(&self, p: &Prepared, h: Hit) -> Hit {
        const DESCRIPTORS: [&str; 15] = [
            "حركه",
            "جماعه",
            "تنظيم",
            "وكاله",
            "صحيفه",
            "جريده",
            "مجله",
            "قناه",
            "شبكه",
            "شركه",
            "موسسه",
            "موقع",
            "اذاعه",
            "تلفزيون",
            "مليشيا",
        ];
        const OUTLETS: [&str; 7] = ["صحيفه", "جريده", "مجله", "قناه", "موقع", "اذاعه", "تلفزيون"];
        let Target::Entity(i) = h.pattern.target else {
            return h;
        };
        // A person's title written into a spelling (الملك محمد السادس) is left out the same
        // way, where the rest is a spelling of its own (محمد السادس).
        const TITLES: [&str; 6] = ["ملك", "ملكه", "امير", "شيخ", "رييس", "سلطان"];
        // And a place's (دولة قطر, منطقة الخليج, مدينة نيويورك).
        const PLACES: [&str; 5] = ["دوله", "منطقه", "مدينه", "اماره", "ولايه"];
        let entity = &self.gazetteer.entities()[i];
        let list: &[&str] = match entity.etype {
            EntityType::Organization => &DESCRIPTORS,
            EntityType::Person => &TITLES,
            EntityType::Place => &PLACES,
            _ => return h,
        };
        let first = p.word_at(h.start);
        let first = first.strip_prefix("ال").unwrap_or(first);
        // The lists are written normalized (ة as ه, ئ as ي), so a word is compared as it stands.
        debug_assert!(
            [&DESCRIPTORS[..], &OUTLETS, &TITLES, &PLACES]
                .iter()
                .all(|l| l.iter().all(|d| arabic::norm(d) == *d))
        );
        let is = |list: &[&str]| list.contains(&first);
        if !is(list) {
            return h;
        }
        let Some(&next) = p.word_starts.iter().find(|&&s| s > h.start) else {
            return h;
        };
        if next >= h.end {
            return h;
        }
        let same = self
            .hit_at(&self.names, &self.name_patterns, p, next)
            .filter(|n| {
                // A rest that names several entities (عمان: Oman and Amman) keeps the noun
                // that tells them apart (سلطنة عمان).
                n.end == h.end
                    && n.pattern.homographs.is_none()
                    && n.pattern.form == Form::Name
                    && matches!(n.pattern.target, Target::Entity(j) if j == i)
            });
        if let Some(n) = same {
            return n;
        }
        if entity.kind == Some(Kind::Media) && is(&OUTLETS) {
            return Hit { start: next, ..h };
        }
        h
    }

    /// Titles and institutions by word start, outside the name hits and never swallowing one;
    /// sorted and not overlapping.
    fn role_hits(&self, p: &Prepared, hits: &[Hit]) -> Vec<Hit> {
        let mut roles: Vec<Hit> = Vec::new();
        for &w in &p.word_starts {
            if hits.iter().any(|h| w >= h.start && w < h.end) {
                continue;
            }
            if let Some(h) = self.hit_at(&self.roles, &self.role_patterns, p, w) {
                // Role phrases must not swallow a name hit.
                if !hits.iter().any(|n| n.start < h.end && n.end > h.start) {
                    roles.push(h);
                }
            }
        }
        roles.sort_by_key(|h| h.start);
        roles.dedup_by(|b, a| b.start < a.end);
        roles
    }

    /// What the titles and institutions say: organizations composed of an institution and a
    /// nationality adjective, and the roles waiting for the name that follows their title.
    fn read_roles(
        &self,
        p: &Prepared,
        chars: &CharIndex,
        hits: &[Hit],
        roles: &[Hit],
    ) -> RoleReading {
        let mut read = RoleReading::default();
        for r in roles {
            let after = p.next_word_start(r.end + 1);
            // A nationality adjective right after the title or institution.
            let adj = after.and_then(|a| {
                hits.iter().find(|h| {
                    h.start == a
                        && h.pattern.form == Form::Adjective
                        && !p.hard_break_between(r.end, a)
                })
            });
            let country = adj.and_then(|h| match h.pattern.target {
                Target::Entity(i) => Some(&self.gazetteer.entities()[i]),
                _ => None,
            });
            match r.pattern.target {
                Target::Institution(ii) => {
                    let Some((adj, country)) = adj.zip(country) else {
                        continue;
                    };
                    if self.institutions[ii].description {
                        continue;
                    }
                    read.composed
                        .push(self.composed_org(p, chars, r, adj, ii, country));
                    read.consumed.push((adj.start, adj.end));
                }
                Target::Title(ti) => {
                    if let Some((at, mut role)) =
                        self.title_role(p, hits, roles, after, adj, country, ti)
                    {
                        // نائب before a title makes its holder the deputy: "نائب رئيس مجلس
                        // النواب" is the Deputy Speaker, not the Speaker.
                        if !role.is_empty()
                            && p.word_before(r.start).is_some_and(|w| {
                                let w = w.strip_prefix(['و', 'ف']).unwrap_or(w);
                                w == "نايب" || w == "نايبه"
                            })
                        {
                            role = format!("Deputy {role}");
                        }
                        read.pending.push((at, role));
                    }
                }
                Target::Entity(_) => {}
            }
        }
        read
    }

    /// The organization an institution and a nationality adjective name together
    /// ("وزارة الخارجية الأرمينية": Ministry of Foreign Affairs of Armenia).
    fn composed_org(
        &self,
        p: &Prepared,
        chars: &CharIndex,
        r: &Hit,
        adj: &Hit,
        ii: usize,
        country: &super::Entity,
    ) -> Mention {
        let inst = &self.institutions[ii];
        let english = if inst.style == "demonym" {
            match &country.demonym {
                Some(d) => format!("{d} {}", inst.english),
                None => format!("{} of {}", inst.english, country.english),
            }
        } else {
            format!("{} of {}", inst.english, country.english)
        };
        let desc = Some(format!("{} of {}", inst.english, country.english));
        Self::custom_mention(
            p,
            chars,
            (r.start, adj.end),
            EntityType::Organization,
            english,
            Via::Composed,
            desc,
        )
    }

    /// The role a title gives (with its country, or the organization it speaks for) and where
    /// the name it introduces starts, unless punctuation ends the sentence first.
    #[allow(clippy::too_many_arguments)]
    fn title_role(
        &self,
        p: &Prepared,
        hits: &[Hit],
        roles: &[Hit],
        after: Option<usize>,
        adj: Option<&Hit>,
        country: Option<&super::Entity>,
        ti: usize,
    ) -> Option<(usize, String)> {
        let title = &self.titles[ti];
        let mut next = after;
        let mut role = title.english.clone();
        if let (Some(adj), Some(country)) = (adj, country) {
            if !role.is_empty() {
                role = format!("{role} of {}", country.english);
            }
            next = p.next_word_start(adj.end + 1);
        }
        if title.of_organization {
            // "المتحدثة باسم وزارة الخارجية الروسية، ماريا زاخاروفا": the role names the
            // organization; the person follows it.
            let org_end = roles
                .iter()
                .find(|o| {
                    Some(o.start) == next && matches!(o.pattern.target, Target::Institution(_))
                })
                .and_then(|o| {
                    let a = p.next_word_start(o.end + 1)?;
                    hits.iter()
                        .find(|h| h.start == a && h.pattern.form == Form::Adjective)
                        .map(|h| (o, h))
                });
            let named = hits
                .iter()
                .find(|h| Some(h.start) == next && h.pattern.form == Form::Name);
            if let Some((o, h)) = org_end {
                let inst = match o.pattern.target {
                    Target::Institution(ii) => &self.institutions[ii],
                    _ => unreachable!("filtered above"),
                };
                if let Target::Entity(ci) = h.pattern.target {
                    role = format!(
                        "{role} for the {} of {}",
                        inst.english,
                        self.gazetteer.entities()[ci].english
                    );
                }
                next = p.next_word_start(h.end + 1);
            } else if let Some(h) = named {
                if let Target::Entity(ei) = h.pattern.target {
                    role = format!("{role} for {}", self.gazetteer.entities()[ei].english);
                }
                next = p.next_word_start(h.end + 1);
            }
        }
        // The name must follow without sentence punctuation in between
        // ("رئيس الوزراء الأرمني: إقليم ..." names no one).
        let n = next?;
        (!p.hard_break_between(p.search[..n].trim_end().len(), n)).then_some((n, role))
    }

    /// Gazetteer hits as mentions, except the adjectives absorbed into composed organizations.
    fn gazetteer_mentions(
        &self,
        p: &Prepared,
        chars: &CharIndex,
        hits: &[Hit],
        consumed: &[(usize, usize)],
    ) -> Vec<Mention> {
        hits.iter()
            .filter(|h| !consumed.iter().any(|&(s, e)| s == h.start && e == h.end))
            .filter(|h| !Self::country_level(p, h) && !Self::given_name(p, h))
            .filter(|h| match h.pattern.target {
                Target::Entity(i) if self.gazetteer.entities()[i].after_place_word => {
                    Self::after_place_word(p, h.start)
                }
                _ => true,
            })
            .filter_map(|h| match h.pattern.target {
                Target::Entity(i) => {
                    let mut m = self.make_mention(
                        p,
                        chars,
                        h.start,
                        h.end,
                        i,
                        h.pattern.form,
                        Via::Gazetteer,
                    );
                    if let Some(k) = h.pattern.homographs {
                        m.alternatives = self.homographs[k as usize]
                            .iter()
                            .filter(|&&j| j != i)
                            .map(|&j| self.alternative(j))
                            .collect();
                    }
                    Some(m)
                }
                _ => None,
            })
            .collect()
    }

    /// Is this adjective قُطْري, "of a country", rather than Qatari? After an office or a
    /// plan (المديرة القطرية في العراق "the country director in Iraq", المكتب القطري, الخطة
    /// القطرية) it is.
    fn country_level(p: &Prepared, h: &Hit) -> bool {
        const BEFORE: [&str; 14] = [
            "المدير",
            "المديره",
            "مدير",
            "مديره",
            "الممثل",
            "الممثله",
            "ممثل",
            "ممثله",
            "المكتب",
            "مكتب",
            "المستوي",
            "الخطه",
            "خطه",
            "البرامج",
        ];
        h.pattern.form == Form::Adjective
            && p.word_at(h.start)
                .trim_start_matches('ا')
                .trim_start_matches('ل')
                .starts_with("قطري")
            && p.word_before(h.start).is_some_and(|w| BEFORE.contains(&w))
    }

    /// Is this adjective a given name, followed by its family (تركي آل الشيخ, تركي بن طلال:
    /// Turki, not Turkish)?
    fn given_name(p: &Prepared, h: &Hit) -> bool {
        h.pattern.form == Form::Adjective
            && p.next_word_start(h.end + 1).is_some_and(|n| {
                // آل is folded to ال in the search string.
                matches!(p.word_at(n), "ال" | "بن") && !p.hard_break_between(h.end, n)
            })
    }

    /// Is the word before `start` a word for a place, or for its governor (محافظة، بمدينة،
    /// ومحافظ), so that a name that is also an ordinary word names the place?
    fn after_place_word(p: &Prepared, start: usize) -> bool {
        const PLACE_WORDS: [&str; 18] = [
            "محافظة",
            "محافظ",
            "مدينة",
            "بلدة",
            "قرية",
            "ولاية",
            "منطقة",
            "مديرية",
            "إقليم",
            "قضاء",
            "ناحية",
            "مقاطعة",
            "حي",
            "ميناء",
            "جزيرة",
            "مطار",
            "مخيم",
            "واحة",
        ];
        let Some(before) = p.word_before(start) else {
            return false;
        };
        let bare = [
            "وال", "بال", "فال", "لل", "ال", "وب", "ول", "وف", "فب", "فل", "و", "ف", "ب", "ل",
        ]
        .iter()
        .filter_map(|c| before.strip_prefix(c))
        .chain([before]);
        bare.into_iter()
            .any(|b| PLACE_WORDS.iter().any(|w| arabic::norm(w) == b))
    }

    fn alternative(&self, entity: usize) -> Alternative {
        let e = &self.gazetteer.entities()[entity];
        Alternative {
            key: e.key.clone(),
            english: e.english.clone(),
        }
    }

    /// A spelling that names several entities (عمان: Oman or Amman) names the one the context
    /// speaks of: the candidate related to most of the other entities, counted twice in the
    /// same sentence and once elsewhere in the document (related: the same entity, its
    /// country, a place or person of that country, or of the same country). A tie keeps the
    /// entity loaded first. The choice lowers the mention's confidence, and the candidates not
    /// chosen stay in `alternatives`.
    fn choose_homographs(&self, per_sentence: &mut [Vec<Mention>]) {
        if per_sentence
            .iter()
            .flatten()
            .all(|m| m.alternatives.is_empty())
        {
            return;
        }
        let gaz = &self.gazetteer;
        let related = |cand: &Entity, other: &Entity| {
            cand.key == other.key
                || cand.country.as_deref() == Some(other.key.as_str())
                || other.country.as_deref() == Some(cand.key.as_str())
                || cand.country.is_some() && cand.country == other.country
        };
        // Countries are named in lists ("الأردن وعمان"): in the same sentence, another country
        // speaks for the reading as a country.
        let nation =
            |e: &Entity| e.etype == EntityType::Place && e.country.is_none() && e.demonym.is_some();
        let peer =
            |cand: &Entity, other: &Entity| nation(cand) && nation(other) && cand.key != other.key;
        let clear: Vec<Vec<&Entity>> = per_sentence
            .iter()
            .map(|ms| {
                ms.iter()
                    .filter(|m| m.alternatives.is_empty())
                    .filter_map(|m| gaz.get(&m.key))
                    .collect()
            })
            .collect();
        let mut choices: Vec<(usize, usize, String, f64)> = Vec::new();
        for (si, ms) in per_sentence.iter().enumerate() {
            for (mi, m) in ms.iter().enumerate() {
                if m.alternatives.is_empty() {
                    continue;
                }
                let score = |key: &str| -> usize {
                    let Some(cand) = gaz.get(key) else { return 0 };
                    clear
                        .iter()
                        .enumerate()
                        .map(|(sj, others)| {
                            let here = sj == si;
                            let weight = if here { 2 } else { 1 };
                            weight
                                * others
                                    .iter()
                                    .filter(|o| related(cand, o) || here && peer(cand, o))
                                    .count()
                        })
                        .sum()
                };
                // The current entity first, so that a tie keeps it.
                let mut scored: Vec<(usize, &str)> = std::iter::once(m.key.as_str())
                    .chain(m.alternatives.iter().map(|a| a.key.as_str()))
                    .map(|k| (score(k), k))
                    .collect();
                scored.sort_by_key(|&(sc, _)| std::cmp::Reverse(sc));
                let margin = scored[0].0 - scored.get(1).map_or(0, |s| s.0);
                // Decided by a clear margin: fairly sure; by a hair or by load order: a guess.
                let confidence = if margin >= 2 { 0.75 } else { 0.5 };
                choices.push((si, mi, scored[0].1.to_string(), confidence));
            }
        }
        for (si, mi, key, confidence) in choices {
            let m = &mut per_sentence[si][mi];
            m.confidence = m.confidence.min(confidence);
            if key == m.key {
                continue;
            }
            let Some(e) = gaz.get(&key) else { continue };
            let was = Alternative {
                key: std::mem::replace(&mut m.key, e.key.clone()),
                english: std::mem::replace(&mut m.english, e.english.clone()),
            };
            m.etype = e.etype;
            m.alternatives.retain(|a| a.key != key);
            m.alternatives.insert(0, was);
        }
    }

    /// Roles attach to a person right after them, or introduce an unknown name, romanized.
    fn attach_roles(
        &self,
        p: &Prepared,
        chars: &CharIndex,
        mentions: &mut Vec<Mention>,
        pending: Vec<(usize, String)>,
        roles: &[Hit],
    ) {
        let role_starts: Vec<usize> = roles.iter().map(|r| r.start).collect();
        for (at, role) in pending {
            if let Some(m) = mentions.iter_mut().find(|m| {
                let (bs, _) = p.doc_range(at, at + p.word_at(at).len());
                m.byte_start == bs && m.etype == EntityType::Person
            }) {
                if !role.is_empty() {
                    m.role = Some(role);
                }
                continue;
            }
            if let Some((s, e)) = self.unknown_name(p, at, mentions, &role_starts) {
                let arabic = &p.search[s..e];
                let english = self.romanize_name(arabic);
                if english.is_empty() {
                    continue;
                }
                let mut m = Self::custom_mention(
                    p,
                    chars,
                    (s, e),
                    EntityType::Person,
                    english,
                    Via::Context,
                    Some(
                        "Name found after a title in the article; English spelling romanized"
                            .into(),
                    ),
                );
                if !role.is_empty() {
                    m.role = Some(role);
                }
                mentions.push(m);
            }
        }
    }

    /// After a title: one or two words that look like a name (not ordinary words, not taken by
    /// other mentions or titles, no clitic or article, no sentence punctuation in between).
    /// "وزير الخارجية المصري يعلق" and "الرئيس سيلقي خطابا" name no one.
    fn unknown_name(
        &self,
        p: &Prepared,
        at: usize,
        mentions: &[Mention],
        role_starts: &[usize],
    ) -> Option<(usize, usize)> {
        let sw = &self.words.stop;
        let mut end = None;
        let mut w = at;
        let mut after_given_name = false;
        for _ in 0..3 {
            let word = p.word_at(w);
            // Right after a given name (هوغو، فرانك), a word of middling frequency is the
            // family name (شافيز), not an ordinary word; the commonest words still end it.
            let surname = after_given_name
                && !sw.contains(word)
                && !is_calendar_or_ordinal(word)
                && self.wordfreq.zipf(word) < SURNAME_MAX_ZIPF;
            // A family name with the article after a given name (محمد الشدادي): of middling
            // frequency at most, like a family name without it.
            let article_surname = surname
                && word
                    .strip_prefix("ال")
                    .is_some_and(|r| r.chars().count() >= 3);
            if word.is_empty()
                || sw.contains(word)
                || !article_surname
                    && ["ال", "وال", "بال", "فال", "كال", "لل"].iter().any(|a| {
                        // The article and a word of three letters or more (فالرئيس), not a name
                        // that begins with those letters (فالتر: Walter).
                        word.strip_prefix(a)
                            .is_some_and(|rest| rest.chars().count() >= 3)
                    })
                || !surname && self.is_ordinary(word)
                || role_starts.contains(&w)
            {
                break;
            }
            after_given_name = self.wordfreq.is_name(word);
            if word.chars().count() < 3 || !word.chars().all(arabic::is_arabic_letter) {
                break;
            }
            if overlaps(mentions, p.doc_range(w, w + word.len())) {
                break;
            }
            end = Some(w + word.len());
            match p.next_word_start(w + word.len() + 1) {
                Some(n) if !p.hard_break_between(w + word.len(), n) => w = n,
                _ => break,
            }
            // Two words make a name; a third only when it is not a common verb (ends the name).
            if end.is_some_and(|e| e > at) && p.search[at..end.unwrap()].split(' ').count() >= 2 {
                break;
            }
        }
        end.map(|e| (at, e))
    }

    /// Does the word at `w` follow a title, or a title and a nationality adjective, with no
    /// punctuation in between?
    fn after_title(p: &Prepared, hits: &[Hit], roles: &[Hit], w: usize) -> bool {
        let follows = |end: usize, w: usize| {
            p.next_word_start(end + 1) == Some(w) && !p.hard_break_between(end, w)
        };
        roles
            .iter()
            .filter(|r| matches!(r.pattern.target, Target::Title(_)))
            .any(|r| {
                follows(r.end, w)
                    || hits.iter().any(|h| {
                        h.pattern.form == Form::Adjective
                            && follows(r.end, h.start)
                            && follows(h.end, w)
                    })
            })
    }

    /// Spellings that are ordinary words and name an entity only in their context (gazetteer
    /// `cited_as`, `in_sport`), where nothing else covers the word. Several entities with the
    /// spelling become alternatives, and the document's context chooses among them.
    fn context_pass(
        &self,
        p: &Prepared,
        chars: &CharIndex,
        mentions: &mut Vec<Mention>,
        sport: bool,
    ) {
        let mut with_article = String::new();
        for (i, &w) in p.word_starts.iter().enumerate() {
            let word = p.word_at(w);
            // و or ف, then ب or ل, or لل for ل + the article.
            let (lead, rest) = match word.strip_prefix(['و', 'ف']) {
                Some(r) => (word.len() - r.len(), r),
                None => (0, word),
            };
            // A standalone ل before the name (لـ"سبق") is the same "to".
            let after_to = lead == 0 && i > 0 && p.word_at(p.word_starts[i - 1]) == "ل";
            let (key, to) = if let Some(r) = rest.strip_prefix("لل") {
                with_article.clear();
                with_article.push_str("ال");
                with_article.push_str(r);
                (with_article.as_str(), true)
            } else if self.context_names.contains_key(rest) {
                (rest, after_to)
            } else if let Some(r) = rest.strip_prefix('ب') {
                (r, false)
            } else if let Some(r) = rest.strip_prefix('ل') {
                (r, true)
            } else {
                continue;
            };
            let Some(cands) = self.context_names.get(key) else {
                continue;
            };
            if overlaps(mentions, p.doc_range(w, w + word.len())) {
                continue;
            }
            // A nationality adjective after it makes it another club or outlet of the name
            // (الترجي الجرجيسي, فريق الجزيرة الأردني): its own country's is a spelling.
            if let Some(n) = p.word_starts.get(i + 1)
                && !p.hard_break_between(w + word.len(), *n)
            {
                let next = p.word_at(*n);
                if next.starts_with("ال") && (next.ends_with('ي') || next.ends_with("يه")) {
                    continue;
                }
            }
            let cited = || {
                // After a word for an outlet, even across quotes (جريدة (الجزيرة)، صحيفة "سبق").
                let outlet = i > 0 && {
                    let b = without_conjunction(p.word_at(p.word_starts[i - 1]));
                    let b = b.strip_prefix(['ب', 'ل']).unwrap_or(b);
                    OUTLET_WORDS.contains(&b)
                };
                if outlet {
                    return true;
                }
                if !to {
                    return p
                        .word_before(w)
                        .is_some_and(|b| REPORTER_WORDS.contains(&without_conjunction(b)));
                }
                // Spoken to: a word of speaking within the five words before, in the same
                // clause.
                for k in 1..=5.min(i) {
                    let (a, b) = (p.word_starts[i - k], p.word_starts[i - k + 1]);
                    let prev = p.word_at(a);
                    // Quotes may set off the name after a standalone ل (لـ"سبق").
                    if p.hard_break_between(a + prev.len(), b) && !(after_to && k <= 2) {
                        return false;
                    }
                    if SPEECH_WORDS.contains(&without_conjunction(prev)) {
                        return true;
                    }
                }
                false
            };
            // Cited as a source first (مراسل الجزيرة in a sports page is the channel's).
            let of = |want: Context| {
                cands
                    .iter()
                    .filter(move |(_, c)| *c == want)
                    .map(|&(e, _)| e)
            };
            let mut ok: Vec<usize> = Vec::new();
            if of(Context::Cited).next().is_some() && cited() {
                ok.extend(of(Context::Cited));
            } else if sport {
                ok.extend(of(Context::Sport));
            }
            let Some((&first, others)) = ok.split_first() else {
                continue;
            };
            let start = if to && !after_to {
                w + lead
            } else {
                w + word.len() - key.len()
            };
            let mut m = self.make_mention(
                p,
                chars,
                start,
                w + word.len(),
                first,
                Form::Name,
                Via::Gazetteer,
            );
            m.alternatives = others.iter().map(|&j| self.alternative(j)).collect();
            mentions.push(m);
        }
    }

    /// Transliteration variants: two or three uncovered words whose consonant skeleton equals
    /// a gazetteer spelling's and whose spelling is within a small edit distance. A single word
    /// is a variant only right after a title, and never an ordinary word (الامن is not اليمن);
    /// words that are all ordinary are a variant only when one of them is a word of the
    /// spelling as written, an ordinal or calendar word only where the spelling has the same
    /// word, and a common noun the spelling writes with its article only as itself (مجلس
    /// الأمناء is not مجلس الأمن).
    fn fuzzy_pass(
        &self,
        p: &Prepared,
        chars: &CharIndex,
        mentions: &mut Vec<Mention>,
        hits: &[Hit],
        roles: &[Hit],
    ) {
        let starts = &p.word_starts;
        let mut skel = String::new();
        let mut i = 0;
        while i < starts.len() {
            let w = starts[i];
            let covered = |s: usize, e: usize, mentions: &[Mention]| {
                overlaps(mentions, p.doc_range(s, e))
                    || roles.iter().any(|r| r.start < e && r.end > s)
            };
            // Quick rejection: no spelling starts with this word's skeleton (as written or
            // without a one-letter clitic).
            let word = p.word_at(w);
            let may_match = std::iter::once(word)
                .chain(
                    ["و", "ب", "ل", "ف", "ك"]
                        .iter()
                        .filter_map(|pre| word.strip_prefix(pre)),
                )
                .any(|x| {
                    skeleton_into(x, &mut skel);
                    self.first_skeletons.contains(skel.as_str())
                });
            if !may_match {
                i += 1;
                continue;
            }
            let mut advanced = false;
            for n in (1..=3).rev() {
                if i + n > starts.len() {
                    continue;
                }
                let last = starts[i + n - 1];
                let e = last + p.word_at(last).len();
                if covered(w, e, mentions) {
                    continue;
                }
                if n == 1 && !Self::after_title(p, hits, roles, w) {
                    continue;
                }
                if (i..i + n - 1).any(|k| {
                    p.hard_break_between(starts[k] + p.word_at(starts[k]).len(), starts[k + 1])
                }) {
                    continue;
                }
                // Try the words as written and with a one-letter clitic removed from the first.
                let phrase = &p.search[w..e];
                let mut variants = vec![(w, phrase.to_string())];
                for pre in ["و", "ب", "ل", "ف", "ك"] {
                    if let Some(rest) = phrase.strip_prefix(pre)
                        && rest
                            .split(' ')
                            .next()
                            .is_some_and(|x| x.chars().count() >= 4)
                    {
                        variants.push((w + pre.len(), rest.to_string()));
                    }
                }
                for (s, v) in variants {
                    let letters: usize = v.split(' ').map(|x| x.chars().count()).sum();
                    if letters < 5 {
                        continue;
                    }
                    let all_ordinary = v.split(' ').all(|x| self.is_ordinary(x));
                    let key = v.split(' ').map(skeleton).collect::<Vec<_>>().join(" ");
                    let Some(cands) = self.skeletons.get(&key) else {
                        continue;
                    };
                    let best = cands
                        .iter()
                        .filter(|(_, sp)| {
                            let in_spelling = |x: &str| sp.split(' ').any(|y| y == x);
                            // Ordinary words only, unless one of them is a word of the
                            // spelling as written (هيومان رايتس واتش: رايتس).
                            (!all_ordinary || v.split(' ').any(in_spelling))
                                && v.split(' ')
                                    .filter(|x| is_calendar_or_ordinal(x))
                                    .all(in_spelling)
                                // A common noun with its article has one spelling: another
                                // ordinary word in its place is another word (مجلس الأمناء,
                                // "board of trustees", is not مجلس الأمن). Transliterations
                                // vary (هيومان رايتس واتش).
                                && v.split(' ').zip(sp.split(' ')).all(|(x, y)| {
                                    x == y
                                        || !(y.starts_with("ال")
                                            && self.is_ordinary(x)
                                            && self.is_ordinary(y))
                                })
                        })
                        .map(|(ei, sp)| (arabic::edit_distance(sp, &v), *ei))
                        .min();
                    if let Some((d, ei)) = best
                        && d <= (letters / 4).max(1)
                        && d > 0
                    {
                        mentions.push(self.make_mention(
                            p,
                            chars,
                            s,
                            e,
                            ei,
                            Form::Name,
                            Via::Fuzzy,
                        ));
                        i += n;
                        advanced = true;
                        break;
                    }
                }
                if advanced {
                    break;
                }
            }
            if !advanced {
                i += 1;
            }
        }
    }

    /// Names the statistical tagger finds that nothing else covers: romanized, marked as found
    /// by the tagger. A leading و is left out of the mention; the article stays. Single-word persons are left out (too often a common word).
    fn tagger_pass(&self, p: &Prepared, chars: &CharIndex, mentions: &mut Vec<Mention>) {
        use super::tagger::split_tokens;
        let toks = split_tokens(p.original);
        if toks.is_empty() {
            return;
        }
        let words: Vec<&str> = toks.iter().map(|&(s, e)| &p.original[s..e]).collect();
        for (sp, margin) in self.tagger.tag_with_margins(&words) {
            let etype = EntityType::from(sp.label);
            let desc = match etype {
                EntityType::Person => "Person named in the article; English spelling romanized",
                EntityType::Place => "Place named in the article; English spelling romanized",
                _ => "Organization named in the article; English spelling romanized",
            };
            if etype == EntityType::Person && sp.end - sp.start < 2 {
                continue;
            }
            let span_words = &words[sp.start..sp.end];
            if span_words
                .iter()
                .any(|w| !w.chars().any(arabic::is_arabic_letter) || self.is_stop_as_written(w))
            {
                continue;
            }
            // Leave a leading one-letter clitic out of the first word: و always (unless the
            // word is protected), ب ل ك ف only before the article (بالمحيط) or when the rest is
            // a known name word and the whole is not (ببرشلونة, لأيمن), since these letters
            // begin many names (فاردان، بيتر، لورا، كمال).
            let first = arabic::norm(span_words[0]);
            let mut start = toks[sp.start].0;
            let rest: String = first.chars().skip(1).collect();
            let strip = match first.chars().next() {
                Some('و') => {
                    !self.words.is_protected(&first)
                        && first.chars().count() >= 5
                        && self.may_strip(&first, &rest)
                }
                Some('ب' | 'ل' | 'ك' | 'ف') => {
                    let r = &self.romanizer;
                    ((rest.starts_with("ال") && rest.chars().count() >= 4)
                        || (rest.chars().count() >= 3 && r.knows(&rest) && !r.knows(&first)))
                        && self.may_strip(&first, &rest)
                }
                _ => false,
            };
            // An ordinary word needs more than the tagger's word: a span of ordinary words only
            // (شاهد عيان، ستوفر فرصا، فيروس كورونا) is left out unless it has two words or more
            // and the tagger is sure of it (a wide margin: إيهود أولمرت، المجلس الاقتصادي
            // والاجتماعي), and so is one with an ordinal or calendar word (تشرين الثاني).
            let normed: Vec<String> =
                std::iter::once(if strip { rest.clone() } else { first.clone() })
                    .chain(span_words[1..].iter().map(|w| arabic::norm(w)))
                    .collect();
            if normed.iter().any(|w| is_calendar_or_ordinal(w))
                || ((normed.len() < 2 || margin < TAGGER_SURE)
                    && normed.iter().all(|w| self.is_ordinary(w)))
            {
                continue;
            }
            // A known surname followed by ordinary words (علييف الوفد "Aliyev the
            // delegation") is left to the surname pass; after a given name (مهند هادي) it is
            // someone else's.
            // A surname that is also a given name (أحمد, for Abiy Ahmed) followed by a known
            // name word (أحمد نظيف) is someone else's given name.
            if self.surnames.contains_key(&normed[0])
                && normed[1..].iter().all(|w| self.is_ordinary(w))
                && !(self.wordfreq.is_name(&normed[0])
                    && normed[1..].iter().any(|w| self.romanizer.knows(w)))
            {
                continue;
            }
            // A person's name starts with a name word, not an ordinary one (سمات القذافي
            // "Gaddafi's features"), and ordinary words after it are not part of it: the title
            // or verb that follows (حسام الدين عبد الفتاح عميد "… dean", أبو القاسم غرمت
            // "… was fined"), a nationality adjective (أميرة سعودية "a Saudi princess").
            // At the end, an ordinary word that is also a known name word (نظيف Nazif, هادي
            // Hadi, العزيز in عبد العزيز) stays.
            let not_a_name = |w: &str| self.is_ordinary(w) && !self.romanizer.knows(w);
            let mut last = sp.end;
            if etype == EntityType::Person && margin < TAGGER_SURE {
                if self.is_ordinary(&normed[0]) {
                    continue;
                }
                while last - sp.start > 1 && not_a_name(&normed[last - 1 - sp.start]) {
                    last -= 1;
                }
                if last - sp.start < 2 {
                    continue;
                }
            }
            if strip {
                start += p.original[start..].chars().next().map_or(0, char::len_utf8);
            }
            let end = toks[last - 1].1;
            let (bs, be) = (p.base + start, p.base + end);
            // An organization the tagger is sure of that holds a known place (بايرن ميونيخ,
            // نيويورك تايمز) is the organization: the place inside it is not one the story
            // is about.
            let overlapping = |m: &Mention| m.byte_start < be && m.byte_end > bs;
            let inside_place = |m: &Mention| {
                m.etype == EntityType::Place
                    && m.form == Form::Name
                    && m.byte_start >= bs
                    && m.byte_end <= be
                    && (m.byte_start, m.byte_end) != (bs, be)
            };
            let mut university_of = None;
            if etype == EntityType::Organization
                && margin >= TAGGER_SURE
                && mentions.iter().any(overlapping)
                && mentions.iter().filter(|m| overlapping(m)).all(inside_place)
            {
                // "جامعة القاهرة" is Cairo University, not a romanized "Jamaa al-Kahra".
                let mut places = mentions.iter().filter(|m| overlapping(m));
                if let (Some(place), None) = (places.next(), places.next())
                    && normed.len() == 2
                    && normed[0] == "جامعه"
                {
                    university_of = Some(format!("{} University", place.english));
                }
                mentions.retain(|m| !overlapping(m));
            }
            if mentions.iter().any(overlapping) {
                continue;
            }
            let arabic = &p.original[start..end];
            let (english, via, description) = match university_of {
                Some(name) => (name, Via::Composed, "University named after its city"),
                None => (self.romanize_name(arabic), Via::Tagger, desc),
            };
            if english.is_empty() {
                continue;
            }
            mentions.push(Mention {
                text: arabic.to_string(),
                start: chars.char_of(bs),
                end: chars.char_of(be),
                etype,
                key: slug(&english),
                english,
                form: Form::Name,
                via,
                confidence: via.confidence(),
                alternatives: Vec::new(),
                role: None,
                description: Some(description.to_string()),
                byte_start: bs,
                byte_end: be,
            });
        }
    }

    /// Surnames alone: a person seen in full in the same document, else a unique gazetteer surname.
    fn surname_pass(
        &self,
        p: &Prepared,
        chars: &CharIndex,
        doc: &BTreeMap<String, Mention>,
        mentions: &mut Vec<Mention>,
    ) {
        self.compound_surname_pass(p, chars, doc, mentions);
        // The sentence's name and title hits, found only when a surname needs a title.
        let mut titled: Option<(Vec<Hit>, Vec<Hit>)> = None;
        for &w in &p.word_starts {
            let word = p.word_at(w);
            let mut tries = vec![(w, word)];
            for pre in ["و", "ب", "ل", "ف", "ك"] {
                if let Some(rest) = word.strip_prefix(pre)
                    && self.may_strip(word, rest)
                {
                    tries.push((w + pre.len(), rest));
                }
            }
            for (s, cand) in tries {
                if cand.chars().count() < 4 {
                    continue;
                }
                let e = w + word.len();
                let (bs, be) = p.doc_range(s, e);
                if overlaps(mentions, (bs, be)) {
                    break;
                }
                // The exact surname of a person named in full in this document (a single word is
                // never matched by its skeleton: العربية is not the surname العربي).
                if is_calendar_or_ordinal(cand) {
                    break;
                }
                // A very common word after a clitic (لصالح "in favour of", بسلام "in peace") is
                // that word, not the surname of صالح or سلام named earlier.
                let common = s != w && self.wordfreq.zipf(cand) >= COMMON_SURNAME_ZIPF;
                if !common && let Some(full) = doc.get(cand) {
                    mentions.push(Self::surname_mention(full, p, chars, (bs, be)));
                    break;
                }
                // A gazetteer surname alone; one that is also an ordinary word (الأسد "the
                // lion", سلام "peace") needs the full name in the document or a title before it
                // (الرئيس الأسد).
                if (cand.chars().count() >= 5 || self.short_surnames.contains(cand))
                    && !self.words.stop.contains(cand)
                    && let Some(&ei) = self.surnames.get(cand)
                    && (!self.wordfreq.is_ordinary(cand) || {
                        let (hits, roles) = titled.get_or_insert_with(|| {
                            let hits = self.name_hits(p);
                            let roles = self.role_hits(p, &hits);
                            (hits, roles)
                        });
                        Self::after_title(p, hits, roles, s)
                    })
                {
                    mentions.push(self.make_mention(p, chars, s, e, ei, Form::Name, Via::Surname));
                    break;
                }
            }
        }
    }
}

impl Recognizer {
    /// A person named in full earlier in the document, mentioned by a surname at the document
    /// bytes `bs..be`.
    fn surname_mention(
        full: &Mention,
        p: &Prepared,
        chars: &CharIndex,
        (bs, be): (usize, usize),
    ) -> Mention {
        let mut m = full.clone();
        m.text = p.original[bs - p.base..be - p.base].to_string();
        m.start = chars.char_of(bs);
        m.end = chars.char_of(be);
        m.byte_start = bs;
        m.byte_end = be;
        m.via = Via::Surname;
        m.role = None;
        m
    }

    /// Compound family names of persons named in full in this document (عبد العاطي for
    /// محمد عبد العاطي), in two words or written as one (عبدالعاطي), after a clitic too.
    fn compound_surname_pass(
        &self,
        p: &Prepared,
        chars: &CharIndex,
        doc: &BTreeMap<String, Mention>,
        mentions: &mut Vec<Mention>,
    ) {
        if !doc.keys().any(|k| k.contains(' ')) {
            return;
        }
        for (i, &w) in p.word_starts.iter().enumerate() {
            let word = p.word_at(w);
            let bare = ["", "و", "ف", "ب", "ل", "ك"]
                .iter()
                .filter_map(|c| word.strip_prefix(c).map(|b| (c.len(), b)));
            for (skip, b) in bare {
                let joined = ["عبد", "ابو"].iter().find_map(|head| {
                    let rest = b.strip_prefix(head)?;
                    (rest.chars().count() >= 3).then(|| format!("{head} {rest}"))
                });
                let (cand, end) = match joined {
                    Some(c) => (c, w + word.len()),
                    None => {
                        let Some(&n) = p.word_starts.get(i + 1) else {
                            continue;
                        };
                        if p.hard_break_between(w + word.len(), n) {
                            continue;
                        }
                        let next = p.word_at(n);
                        (format!("{b} {next}"), n + next.len())
                    }
                };
                let Some(full) = doc.get(&cand) else {
                    continue;
                };
                let (bs, be) = p.doc_range(w + skip, end);
                // A romanized guess that starts with the family name gives way to it
                // (عبد العاطي علي ضرورة: "Abdel Aty stressed the need", with على written علي).
                let overlapping = |m: &Mention| m.byte_start < be && m.byte_end > bs;
                if mentions.iter().filter(|m| overlapping(m)).any(|m| {
                    !(m.via.is_romanized()
                        && m.etype == EntityType::Person
                        && m.byte_start == bs
                        && m.byte_end >= be)
                }) {
                    break;
                }
                mentions.retain(|m| !overlapping(m));
                mentions.push(Self::surname_mention(full, p, chars, (bs, be)));
                break;
            }
        }
    }

    /// The English spelling of an Arabic name not in the gazetteer, by this recognizer's
    /// romanizer. Names repeat across a day's articles; each thread remembers the ones it has
    /// romanized, for this romanizer only.
    pub fn romanize_name(&self, arabic: &str) -> String {
        thread_local! {
            static NAMES: crate::memo::OwnedMemo<String> = Default::default();
        }
        crate::memo::remembered_for(&NAMES, self.romanizer.id(), arabic, 100_000, |a| {
            self.romanizer.romanize(a)
        })
    }

    /// The romanizer of this recognizer.
    pub fn romanizer(&self) -> &Romanizer {
        &self.romanizer
    }

    /// The tagger of this recognizer.
    pub fn tagger(&self) -> &Tagger {
        &self.tagger
    }

    /// The word frequencies of this recognizer.
    pub fn wordfreq(&self) -> &WordFrequency {
        &self.wordfreq
    }

    /// The word tables of this recognizer.
    pub fn words(&self) -> &Words {
        &self.words
    }
}
