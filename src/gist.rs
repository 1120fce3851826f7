//! The English gist line of a sentence: who did what, about what. This module owns the verbs
//! of saying and acting and the words around a verb that tell its subject (`data/verbs.toml`
//! plus the configuration's files). During analysis it finds a sentence's first verb and reads
//! its actor from the grammar ([`Verbs::find`]); [`parts`] and [`line`] then write the line
//! from the actor, the verb, the key terms and the other names.
//!
//! The actor is the verb's subject, or nothing: a gist without an actor is better than one
//! with the wrong actor. Arabic news puts the verb first and its subject right after it
//! ("أعلنت روسيا": Russia announced), or the subject first at the start of a clause
//! ("باريس تحذر": Paris warns). A name after a preposition is the scene or a complement, a name
//! that does not agree with the verb in gender is its object, a news outlet only reports, and
//! a participle, a passive or a verb with an attached object gives no actor. A negated or
//! hypothetical clause is marked in the verb ("did not accuse", "may reject").

use serde::{Deserialize, Serialize};

use crate::arabic::{self, WordSet};
use crate::entities::gazetteer::Kind;
use crate::entities::{EntityType, Form, Gazetteer, Mention, shown_name};
use crate::error::{Error, Result};
use crate::pipeline::Sentence;
use crate::text::Token;
use crate::themes::TermHit;

/// The verb of a sentence, for the English gist: where it is, its English as the clause has
/// it, and who acts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verb {
    /// Byte offset of the verb in the document text.
    pub start: usize,
    /// The English verb, marked when the clause is negated or not yet done ("said", "did not
    /// accuse", "may reject").
    pub english: String,
    /// The verb's subject, when the grammar names one.
    pub actor: Option<Actor>,
}

/// Who acts: a named entity, or an institution named by its nationality ("Egyptian foreign
/// ministry").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    /// The English name.
    pub english: String,
    /// The role the text gives a person ("President of France").
    pub role: Option<String>,
    /// The entity's key (for an institution, its country's), so that the names after the
    /// verb leave it out.
    pub key: String,
    /// The name is romanized from the Arabic, not known: shown with the unverified mark.
    pub romanized: bool,
}

/// The parts of a gist: the actor's English name, the English verb, and the whole line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gist {
    pub actor: Option<String>,
    pub verb: Option<String>,
    /// "actor — verb — what it is about (other names)"; every part may be missing.
    pub line: String,
}

// ---------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VerbFile {
    #[serde(default)]
    verb: Vec<VerbDef>,
    #[serde(default)]
    clause: ClauseDef,
    #[serde(default)]
    negation: Vec<MarkDef>,
    #[serde(default)]
    hypothetical: Vec<MarkDef>,
    #[serde(default)]
    institution: Vec<InstitutionDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VerbDef {
    arabic: Vec<String>,
    #[serde(default)]
    present: Vec<String>,
    #[serde(default)]
    participle: Vec<String>,
    english: String,
    #[serde(default)]
    base: Option<String>,
    #[serde(default)]
    object_before: Option<String>,
    #[serde(default)]
    not_before: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct ClauseDef {
    fillers: Vec<String>,
    openers: Vec<String>,
    prepositions: Vec<String>,
    complementizers: Vec<String>,
    relatives: Vec<String>,
    offices: Vec<String>,
    companions: Vec<String>,
    media: Vec<String>,
    masculine_places: Vec<String>,
    masculine_heads: Vec<String>,
    place_heads: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MarkDef {
    arabic: Vec<String>,
    english: String,
    #[serde(default)]
    before: Option<Tense>,
    #[serde(default)]
    not_after: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InstitutionDef {
    arabic: Vec<String>,
    english: String,
    #[serde(default)]
    plural: bool,
}

/// The tense of a verb form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Tense {
    Past,
    Present,
    Participle,
}

/// Grammatical gender, as far as it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gender {
    Masculine,
    Feminine,
    Unknown,
}

impl Gender {
    /// Do two genders agree (an unknown one agrees with both)?
    fn agrees(self, other: Gender) -> bool {
        self == Gender::Unknown || other == Gender::Unknown || self == other
    }

    /// The gender a word's ending shows: ة (normalized ه) or the plural ات are feminine.
    fn of_ending(norm: &str) -> Gender {
        if norm.ends_with('ه') || norm.ends_with("ات") {
            Gender::Feminine
        } else {
            Gender::Masculine
        }
    }
}

/// What a verb form is: its verb, tense, gender and number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Shape {
    verb: usize,
    tense: Tense,
    gender: Gender,
    dual: bool,
}

/// One verb of the table.
#[derive(Debug, Clone)]
struct Entry {
    english: String,
    base: Option<String>,
    object_before: Option<String>,
    not_before: WordSet,
}

/// A particle that marks the verb after it (negation or possibility).
#[derive(Debug, Clone)]
struct Mark {
    english: String,
    before: Option<Tense>,
    not_after: WordSet,
}

/// The words around a verb, normalized.
#[derive(Debug, Clone, Default)]
struct Clause {
    fillers: WordSet,
    openers: WordSet,
    prepositions: WordSet,
    complementizers: WordSet,
    relatives: WordSet,
    offices: WordSet,
    companions: WordSet,
    media: WordSet,
    masculine_places: WordSet,
    masculine_heads: WordSet,
    place_heads: WordSet,
    negations: rustc_hash::FxHashMap<String, Mark>,
    hypotheticals: rustc_hash::FxHashMap<String, Mark>,
    /// Institution word → (English, is a broken plural).
    institutions: rustc_hash::FxHashMap<String, (String, bool)>,
}

/// The verbs table and the words around a verb: normalized Arabic form → its verb, tense,
/// gender and number; the verbs' English; the clause words.
#[derive(Debug, Clone, Default)]
pub struct Verbs {
    by_form: rustc_hash::FxHashMap<String, Shape>,
    entries: Vec<Entry>,
    clause: Clause,
}

/// The pronouns that attach to a verb as its object (اتهمه: accused him).
const OBJECT_SUFFIXES: &[&str] = &["هما", "هم", "هن", "ها", "ه"];

impl Verbs {
    /// The built-in table (`data/verbs.toml`).
    pub fn builtin() -> Result<Verbs> {
        let mut v = Verbs::default();
        v.add_toml("verbs.toml", crate::data::VERBS)?;
        Ok(v)
    }

    /// Parse a verbs file (the format of `data/verbs.toml`) and add its verbs and clause
    /// words; a form listed again takes the later verb.
    pub fn add_toml(&mut self, name: &str, text: &str) -> Result<()> {
        let f: VerbFile = crate::data::parse_toml(name, text)?;
        for v in f.verb {
            if v.english.trim().is_empty() {
                return Err(Error::Data {
                    name: name.to_string(),
                    reason: format!(
                        "line {}: a verb without its English",
                        line_of(text, &v.arabic)
                    ),
                });
            }
            let verb = self.entries.len();
            let past: Vec<String> = v.arabic.iter().map(|a| arabic::norm(a)).collect();
            for a in &past {
                self.by_form.insert(a.clone(), past_shape(verb, a, &past));
            }
            for a in &v.present {
                let a = arabic::norm(a);
                let gender = if a.starts_with('ت') {
                    Gender::Feminine
                } else {
                    Gender::Masculine
                };
                let shape = Shape {
                    verb,
                    tense: Tense::Present,
                    gender,
                    dual: false,
                };
                self.by_form.insert(a, shape);
            }
            for a in &v.participle {
                let shape = Shape {
                    verb,
                    tense: Tense::Participle,
                    gender: Gender::Unknown,
                    dual: false,
                };
                self.by_form.insert(arabic::norm(a), shape);
            }
            self.entries.push(Entry {
                english: v.english,
                base: v.base.filter(|b| !b.trim().is_empty()),
                object_before: v.object_before.map(|o| arabic::norm(&o)),
                not_before: norms(&v.not_before),
            });
        }
        let c = &mut self.clause;
        let d = f.clause;
        for (set, words) in [
            (&mut c.fillers, d.fillers),
            (&mut c.openers, d.openers),
            (&mut c.prepositions, d.prepositions),
            (&mut c.complementizers, d.complementizers),
            (&mut c.relatives, d.relatives),
            (&mut c.offices, d.offices),
            (&mut c.companions, d.companions),
            (&mut c.media, d.media),
            (&mut c.masculine_places, d.masculine_places),
            (&mut c.masculine_heads, d.masculine_heads),
            (&mut c.place_heads, d.place_heads),
        ] {
            set.extend(norms(&words));
        }
        for (map, marks) in [
            (&mut c.negations, f.negation),
            (&mut c.hypotheticals, f.hypothetical),
        ] {
            for m in marks {
                let mark = Mark {
                    english: m.english,
                    before: m.before,
                    not_after: norms(&m.not_after),
                };
                for a in &m.arabic {
                    map.insert(arabic::norm(a), mark.clone());
                }
            }
        }
        for i in f.institution {
            for a in &i.arabic {
                c.institutions
                    .insert(arabic::norm(a), (i.english.clone(), i.plural));
            }
        }
        Ok(())
    }

    /// Number of Arabic forms.
    pub fn len(&self) -> usize {
        self.by_form.len()
    }

    /// No verbs at all.
    pub fn is_empty(&self) -> bool {
        self.by_form.is_empty()
    }

    /// The shape of a token (normalized, and as written), with و or ف attached or not, and
    /// whether an object pronoun is attached to it (the past tense's "he" forms only: اتهمه,
    /// أجراها). A word written with ة has no pronoun: وزارة (ministry) is not زار + ه.
    fn shape(&self, norm: &str, raw: &str) -> Option<(Shape, bool)> {
        let ta_marbuta = raw
            .trim_end_matches(|c| arabic::is_diacritic(c) || arabic::is_invisible(c))
            .ends_with('ة');
        let bare = [Some(norm), norm.strip_prefix(['و', 'ف'])];
        if let Some(s) = bare.iter().flatten().find_map(|w| self.by_form.get(*w)) {
            return Some((*s, false));
        }
        for w in bare.into_iter().flatten() {
            for suffix in OBJECT_SUFFIXES {
                let Some(stem) = w.strip_suffix(suffix) else {
                    continue;
                };
                if ta_marbuta && *suffix == "ه" {
                    continue;
                }
                // أجرى + ها is written أجراها.
                let maqsura = stem.strip_suffix('ا').map(|s| format!("{s}ي"));
                let found = self
                    .by_form
                    .get(stem)
                    .or_else(|| maqsura.and_then(|m| self.by_form.get(&m)));
                // A "she" form with a pronoun (أدانته) is written as a noun in ة with one
                // (إدانته: its condemnation).
                let masculine_past =
                    |s: &&Shape| s.tense == Tense::Past && s.gender == Gender::Masculine;
                if let Some(s) = found.filter(masculine_past) {
                    return Some((*s, true));
                }
            }
        }
        None
    }

    /// The sentence's verb and its actor: the first verb of saying or acting among the tokens
    /// (with و or ف attached or not) that is not in a relative clause, read with the
    /// sentence's mentions. `text` is the document text the tokens and mentions point into.
    pub fn find(
        &self,
        text: &str,
        tokens: &[Token],
        mentions: &[Mention],
        gazetteer: &Gazetteer,
    ) -> Option<Verb> {
        let (at, shape, suffixed) = tokens.iter().enumerate().find_map(|(i, t)| {
            let (shape, suffixed) = self.shape(&t.norm, text.get(t.start..t.end)?)?;
            let after_relative = i > 0 && self.clause.relatives.contains(&tokens[i - 1].norm);
            let another_verb = tokens
                .get(i + 1)
                .is_some_and(|n| self.entries[shape.verb].not_before.contains(&n.norm));
            (!after_relative && !another_verb).then_some((i, shape, suffixed))
        })?;
        let read = Reading {
            verbs: self,
            text,
            tokens,
            mentions,
            gazetteer,
            at,
            shape,
        };
        let (negation, hypothetical) = read.marks();
        let actor = if suffixed || shape.dual || shape.tense == Tense::Participle || read.passive()
        {
            None
        } else {
            read.before_verb().or_else(|| read.after_verb())
        };
        Some(Verb {
            start: tokens[at].start,
            english: self.entries[shape.verb].english_with(negation, hypothetical),
            actor,
        })
    }
}

impl Entry {
    /// The English verb, marked for a negated or hypothetical clause.
    fn english_with(&self, negation: Option<&str>, hypothetical: Option<&str>) -> String {
        match (&self.base, negation, hypothetical) {
            (_, None, None) => self.english.clone(),
            (Some(b), Some(_), Some(h)) => format!("{h} not {b}"),
            (Some(b), Some(n), None) => format!("{n} {b}"),
            (Some(b), None, Some(h)) => format!("{h} {b}"),
            (None, Some(_), _) => format!("has not {}", self.english),
            (None, None, Some(h)) => format!("{h} have {}", self.english),
        }
    }
}

/// The shape of a past-tense form among the forms of its verb: "she" forms end in ت, duals in
/// تا or in ا after another form of the verb (أعلنا beside أعلن).
fn past_shape(verb: usize, form: &str, forms: &[String]) -> Shape {
    let (gender, dual) = if form.ends_with("تا") {
        (Gender::Feminine, true)
    } else if form
        .strip_suffix('ا')
        .is_some_and(|s| forms.iter().any(|f| f == s))
    {
        (Gender::Masculine, true)
    } else if form.ends_with('ت') {
        (Gender::Feminine, false)
    } else {
        (Gender::Masculine, false)
    };
    Shape {
        verb,
        tense: Tense::Past,
        gender,
        dual,
    }
}

fn norms(words: &[String]) -> WordSet {
    words.iter().map(|w| arabic::norm(w)).collect()
}

// ---------------------------------------------------------------------------------------------
// Reading a clause
// ---------------------------------------------------------------------------------------------

/// A sentence read around its verb.
struct Reading<'a> {
    verbs: &'a Verbs,
    text: &'a str,
    tokens: &'a [Token],
    mentions: &'a [Mention],
    gazetteer: &'a Gazetteer,
    /// Index of the verb among the tokens.
    at: usize,
    shape: Shape,
}

/// Characters between words that end a phrase: a subject does not reach across them.
const HARD: &[char] = &[
    ':', '.', '"', '«', '»', '“', '”', '(', ')', '[', ']', '-', '–', '—', '/', '؛', ';', '?', '؟',
    '!', '\n',
];

impl<'a> Reading<'a> {
    fn words(&self) -> &'a Clause {
        &self.verbs.clause
    }

    /// The text between two byte offsets.
    fn gap(&self, from: usize, to: usize) -> &'a str {
        self.text.get(from..to).unwrap_or("")
    }

    /// Is the text between two tokens only spaces and commas?
    fn soft_gap(&self, from: usize, to: usize) -> bool {
        self.gap(from, to)
            .chars()
            .all(|c| c.is_whitespace() && c != '\n' || c == ',' || c == '،')
    }

    /// A normalized token without و or ف attached, as well as whole.
    fn is_in(&self, set: &WordSet, i: usize) -> bool {
        let n = &self.tokens[i].norm;
        set.contains(n) || n.strip_prefix(['و', 'ف']).is_some_and(|b| set.contains(b))
    }

    /// The particles right before the verb: a negation, then a word of possibility.
    fn marks(&self) -> (Option<&'a str>, Option<&'a str>) {
        let w = self.words();
        let tense = self.shape.tense;
        let fits = |m: &Mark| m.before.is_none_or(|b| b == tense);
        let mut negation = None;
        let mut hypothetical = None;
        let mut i = self.at;
        for _ in 0..2 {
            let Some(p) = i.checked_sub(1) else { break };
            if !self.soft_gap(self.tokens[p].end, self.tokens[i].start) {
                break;
            }
            let n = &self.tokens[p].norm;
            let bare = n.strip_prefix(['و', 'ف']).unwrap_or(n);
            let prev = p.checked_sub(1).map(|q| self.tokens[q].norm.as_str());
            let allowed = |m: &Mark| fits(m) && prev.is_none_or(|q| !m.not_after.contains(q));
            if negation.is_none()
                && hypothetical.is_none()
                && let Some(m) = w.negations.get(n).or(w.negations.get(bare))
                && allowed(m)
            {
                negation = Some(m.english.as_str());
            } else if hypothetical.is_none()
                && let Some(m) = w.hypotheticals.get(n).or(w.hypotheticals.get(bare))
                && allowed(m)
            {
                hypothetical = Some(m.english.as_str());
            } else {
                break;
            }
            i = p;
        }
        (negation, hypothetical)
    }

    /// A past-tense verb written with a damma on its first letters is passive (أُعلن, اُتُّهم).
    fn passive(&self) -> bool {
        if self.shape.tense != Tense::Past {
            return false;
        }
        let t = &self.tokens[self.at];
        let raw = self.gap(t.start, t.end);
        let raw = if self.verbs.by_form.contains_key(&t.norm) {
            raw
        } else {
            raw.trim_start_matches(['و', 'ف'])
        };
        let mut letters = 0;
        for c in raw.chars() {
            if c == '\u{064F}' {
                return true;
            }
            if arabic::is_arabic_letter(c) {
                letters += 1;
                if letters > 2 {
                    break;
                }
            }
        }
        false
    }

    /// The first name mention that starts inside token `i`.
    fn starting_in(&self, i: usize) -> Option<&'a Mention> {
        let t = &self.tokens[i];
        self.mentions
            .iter()
            .find(|m| m.byte_start >= t.start && m.byte_start < t.end)
    }

    /// Does a person's name begin token `i`?
    fn person_at(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| {
            self.starting_in(i)
                .is_some_and(|m| m.etype == EntityType::Person && m.byte_start == t.start)
        })
    }

    /// The token that holds byte offset `at`.
    fn token_at(&self, at: usize) -> Option<usize> {
        self.tokens.iter().position(|t| at >= t.start && at < t.end)
    }

    /// What is attached before a mention inside its token, normalized ("" when nothing).
    fn prefix(&self, m: &Mention, i: usize) -> String {
        arabic::norm(self.gap(self.tokens[i].start, m.byte_start))
    }

    /// Subject, then verb, at the start of a clause: "باريس تحذر", "رئيس الوزراء الأرمني،
    /// نيكول باشينيان، أعلن", "أن الأمم المتحدة قررت", "وزير الخارجية: باكو ترفض".
    fn before_verb(&self) -> Option<Actor> {
        let w = self.words();
        // Skip the particles between the subject and the verb ("روسيا لا ترفض").
        let mut end = self.at;
        for _ in 0..2 {
            match end.checked_sub(1) {
                Some(p)
                    if w.negations.contains_key(&self.tokens[p].norm)
                        || w.hypotheticals.contains_key(&self.tokens[p].norm) =>
                {
                    end = p
                }
                _ => break,
            }
        }
        let last = end.checked_sub(1)?;
        if !self.soft_gap(self.tokens[last].end, self.tokens[end].start) {
            return None;
        }
        let t = &self.tokens[last];
        let m = self
            .mentions
            .iter()
            .rev()
            .find(|m| m.form == Form::Name && m.byte_end > t.start && m.byte_end <= t.end)?;
        // A comma sets off a person's name after their office ("رئيس الوزراء الأرمني، نيكول
        // باشينيان، أعلن"); before a country or a body it sets off a topic whose verb has
        // another subject ("إيران، قال وزير خارجيتها").
        let comma = self.gap(t.end, self.tokens[end].start).contains([',', '،']);
        if comma && m.etype != EntityType::Person {
            return None;
        }
        let mut first = self.token_at(m.byte_start)?;
        let prefix = self.prefix(m, first);
        let conjunction = prefix == "و" || prefix == "ف";
        if !(prefix.is_empty() || prefix == "ال" || conjunction) {
            return None;
        }
        let mut gender = self.gender(m, None);
        let mut title = None;
        if !conjunction {
            if m.etype == EntityType::Place
                && first > 0
                && w.place_heads.contains(&self.tokens[first - 1].norm)
            {
                first -= 1;
                gender = Gender::of_ending(&self.tokens[first].norm);
            } else if m.etype == EntityType::Person {
                // The office before the name belongs to the subject.
                if let Some(o) = self.office_before(first) {
                    title = Some(o);
                    first = o;
                }
            }
            let opens = first == 0
                || self.is_in(&w.openers, first - 1)
                || self
                    .gap(self.tokens[first - 1].end, self.tokens[first].start)
                    .contains([':', '|']);
            if !opens {
                return None;
            }
        }
        if let Some(o) = title {
            gender = Gender::of_ending(&self.tokens[o].norm);
        }
        self.actor(m, gender)
    }

    /// The office word that begins the phrase before a person's name, within six words and
    /// without a break.
    fn office_before(&self, name: usize) -> Option<usize> {
        let mut found = None;
        let mut i = name;
        while i > 0 && name - i < 6 {
            let p = i - 1;
            if self
                .gap(self.tokens[p].end, self.tokens[i].start)
                .contains(HARD)
            {
                break;
            }
            if self.is_in(&self.words().offices, p) {
                found = Some(p);
            }
            i = p;
        }
        found
    }

    /// Verb, then subject: "أعلنت روسيا", "قال الرئيس الفرنسي إيمانويل ماكرون", "طالبت
    /// الخارجية المصرية إيران".
    fn after_verb(&self) -> Option<Actor> {
        let w = self.words();
        let mut j = self.at + 1;
        loop {
            let t = self.tokens.get(j)?;
            if self.gap(self.tokens[j - 1].end, t.start).contains(HARD) {
                return None;
            }
            if j - self.at <= 4 && self.is_in(&w.fillers, j) {
                j += 1;
                continue;
            }
            break;
        }
        let t = &self.tokens[j];
        if w.prepositions.contains(&t.norm) || w.complementizers.contains(&t.norm) {
            return None;
        }
        if let Some(m) = self.starting_in(j) {
            let prefix = self.prefix(m, j);
            if !(prefix.is_empty() || prefix == "ال") || m.form != Form::Name {
                return None;
            }
            // An office named as an organization, then the one who holds it ("الأمين العام
            // للأمم المتحدة أنطونيو غوتيريش").
            if m.etype == EntityType::Organization
                && self.first_word_in(m, &w.offices)
                && let Some(p) = self.mentions.iter().find(|p| {
                    p.etype == EntityType::Person
                        && p.form == Form::Name
                        && p.byte_start >= m.byte_end
                        && self.soft_gap(m.byte_end, p.byte_start)
                })
            {
                let gender = self.gender(p, Some(j));
                return self.subject_after(p, gender);
            }
            return self.subject_after(m, self.gender(m, None));
        }
        if w.offices.contains(&t.norm) {
            let p = self.office_holder(j)?;
            return self.subject_after(p, self.gender(p, Some(j)));
        }
        self.institution(j)
    }

    /// The person named after the office at token `office`: within ten words, past the
    /// office's own words and names ("المتحدثة باسم وزارة الخارجية الروسية، ماريا زاخاروفا"),
    /// before anything that ends the phrase or brings in another person ("مع نظيره").
    fn office_holder(&self, office: usize) -> Option<&'a Mention> {
        let w = self.words();
        let mut seen_adjective = false;
        let mut k = office + 1;
        while k < self.tokens.len() && k - office <= 10 {
            let t = &self.tokens[k];
            if self.gap(self.tokens[k - 1].end, t.start).contains(HARD)
                || w.complementizers.contains(&t.norm)
                || self.is_in(&w.companions, k)
                || self
                    .verbs
                    .shape(&t.norm, self.gap(t.start, t.end))
                    .is_some()
            {
                return None;
            }
            match self.starting_in(k) {
                Some(m)
                    if m.etype == EntityType::Person
                        && m.form == Form::Name
                        && !self.misread(m) =>
                {
                    return Some(m);
                }
                Some(m) if m.form == Form::Adjective => seen_adjective = true,
                Some(m) => {
                    // Past an organization or place the office names.
                    if let Some(e) = self.token_at(m.byte_end.saturating_sub(1)) {
                        k = e;
                    }
                }
                // A second office after a nationality begins another person, the object,
                // unless it is the rank or title right before the name ("رئيس الهيئة
                // المصرية … اللواء إسماعيل جابر").
                None if seen_adjective && w.offices.contains(&t.norm) && !self.person_at(k + 1) => {
                    return None;
                }
                None => {}
            }
            k += 1;
        }
        None
    }

    /// An institution named by its nationality right after the verb ("الخارجية المصرية":
    /// the Egyptian foreign ministry).
    fn institution(&self, j: usize) -> Option<Actor> {
        let (english, plural) = self.words().institutions.get(&self.tokens[j].norm)?;
        let next = self.tokens.get(j + 1)?;
        let adj = self.starting_in(j + 1).filter(|m| {
            m.form == Form::Adjective && m.byte_start == next.start && m.etype == EntityType::Place
        })?;
        let demonym = self.gazetteer.get(&adj.key)?.demonym.as_deref()?;
        let gender = if *plural {
            Gender::Unknown
        } else {
            Gender::of_ending(&self.tokens[j].norm)
        };
        gender.agrees(self.shape.gender).then(|| Actor {
            english: format!("{demonym} {english}"),
            role: None,
            key: adj.key.clone(),
            romanized: false,
        })
    }

    /// A subject after the verb, unless the verb's object comes right before its preposition
    /// ("اتهم أذربيجان باستخدام": accused Azerbaijan of using).
    fn subject_after(&self, m: &Mention, gender: Gender) -> Option<Actor> {
        if let Some(marker) = &self.verbs.entries[self.shape.verb].object_before {
            let next = self.tokens.iter().find(|t| t.start >= m.byte_end);
            if next.is_some_and(|n| {
                n.norm.starts_with(marker.as_str()) && self.soft_gap(m.byte_end, n.start)
            }) {
                return None;
            }
        }
        self.actor(m, gender)
    }

    /// A mention as the actor, if it can act and agrees with the verb.
    fn actor(&self, m: &Mention, gender: Gender) -> Option<Actor> {
        let w = self.words();
        let verb = &self.tokens[self.at];
        let media = self
            .gazetteer
            .get(&m.key)
            .is_some_and(|e| e.kind == Some(Kind::Media))
            || self.first_word_in(m, &w.media);
        let misread = self.misread(m);
        let holds_verb = m.byte_start <= verb.start && m.byte_end >= verb.end;
        let can_act = matches!(
            m.etype,
            EntityType::Person | EntityType::Organization | EntityType::Place
        );
        if media || misread || holds_verb || !can_act || !gender.agrees(self.shape.gender) {
            return None;
        }
        Some(Actor {
            english: m.english.clone(),
            role: m.role.clone(),
            key: m.key.clone(),
            romanized: m.romanized(),
        })
    }

    /// Is a name read from its context a misread phrase: one that begins with a preposition
    /// and the article or with an office, or ends in ة with a pronoun ("بالاتفاق", "ورئيس
    /// بعثة", "خارجيتها": its foreign ministry)?
    fn misread(&self, m: &Mention) -> bool {
        let first = arabic::norm(m.text.split_whitespace().next().unwrap_or(""));
        let last = m.text.split_whitespace().last().unwrap_or("");
        m.romanized()
            && (["بال", "لل", "كال", "وبال", "ولل"]
                .iter()
                .any(|p| first.starts_with(p))
                || self.first_word_in(m, &self.words().offices)
                || ["ته", "تها", "تهم", "تهما", "تنا"]
                    .iter()
                    .any(|s| last.ends_with(s)))
    }

    /// Is the first word of a mention (without و or ال) in a set?
    fn first_word_in(&self, m: &Mention, set: &WordSet) -> bool {
        let first = arabic::norm(m.text.split_whitespace().next().unwrap_or(""));
        let bare = first.strip_prefix('و').unwrap_or(&first);
        [first.as_str(), bare]
            .into_iter()
            .any(|w| set.contains(w) || w.strip_prefix("ال").is_some_and(|b| set.contains(b)))
    }

    /// The grammatical gender of a mention as a subject: a person's from the office before
    /// the name (token `office`), else masculine; a place's from the masculine places, else
    /// feminine; an organization's from its first word.
    fn gender(&self, m: &Mention, office: Option<usize>) -> Gender {
        let w = self.words();
        match m.etype {
            EntityType::Person => office.map_or(Gender::Masculine, |o| {
                Gender::of_ending(&self.tokens[o].norm)
            }),
            EntityType::Place => {
                let n = arabic::norm(&m.text);
                let bare = n.strip_prefix("ال").unwrap_or(&n);
                if w.masculine_places.contains(&n) || w.masculine_places.contains(bare) {
                    Gender::Masculine
                } else {
                    Gender::Feminine
                }
            }
            EntityType::Organization => {
                let first = arabic::norm(m.text.split_whitespace().next().unwrap_or(""));
                if w.masculine_heads.contains(&first) {
                    Gender::Masculine
                } else if first.ends_with('ه') || first.ends_with("ات") {
                    Gender::Feminine
                } else {
                    Gender::Unknown
                }
            }
            EntityType::Other => Gender::Unknown,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The line
// ---------------------------------------------------------------------------------------------

/// The gist of an analyzed sentence: its actor, its verb and the line "actor — verb — what it
/// is about (other names)". Every part may be missing; the line is empty when all are.
pub fn parts(s: &Sentence) -> Gist {
    let verb = s.verb.as_ref();
    let actor = verb.and_then(|v| v.actor.as_ref());
    let mut line: Vec<String> = Vec::new();
    if let Some(a) = actor {
        line.push(actor_text(a));
    }
    if let Some(v) = verb {
        line.push(v.english.clone());
    }
    let about = about(s, actor);
    if !about.is_empty() {
        line.push(about);
    }
    Gist {
        actor: actor.map(|a| a.english.clone()),
        verb: verb.map(|v| v.english.clone()),
        line: line.join(" — "),
    }
}

/// The gist line of an analyzed sentence (see [`parts`]).
pub fn line(s: &Sentence) -> String {
    parts(s).line
}

/// The actor's English name, with the role the text gives when the name does not say it.
fn actor_text(a: &Actor) -> String {
    let name = shown_name(&a.english, a.romanized);
    match &a.role {
        Some(r) if !r.is_empty() && !a.english.contains(r.as_str()) => format!("{name} ({r})"),
        _ => name,
    }
}

/// What the sentence is about: the strongest terms of its primary theme first (three at
/// most), then up to three other names in parentheses.
fn about(s: &Sentence, actor: Option<&Actor>) -> String {
    let mut hits: Vec<&TermHit> = s.themes.hits.iter().filter(|h| h.weight > 0.0).collect();
    hits.sort_by(|a, b| {
        (a.theme != s.themes.primary)
            .cmp(&(b.theme != s.themes.primary))
            .then(b.weight.total_cmp(&a.weight))
            .then(a.first_token.cmp(&b.first_token))
    });
    let mut about: Vec<String> = Vec::new();
    for h in hits {
        if about.len() == 3 {
            break;
        }
        if !about.contains(&h.english) {
            about.push(h.english.clone());
        }
    }
    let mut others: Vec<String> = Vec::new();
    for m in &s.mentions {
        let name = m.shown_name();
        if actor.is_some_and(|a| a.key == m.key) || others.contains(&name) {
            continue;
        }
        others.push(name);
    }
    if !others.is_empty() {
        let list = others.into_iter().take(3).collect::<Vec<_>>().join(", ");
        if about.is_empty() {
            about.push(list);
        } else {
            about.push(format!("({list})"));
        }
    }
    about.join(" ")
}

/// The line of a file on which the first of `forms` is written (1 when none is found).
fn line_of(text: &str, forms: &[String]) -> usize {
    forms
        .first()
        .and_then(|f| text.find(f.as_str()))
        .map_or(1, |at| text[..at].lines().count().max(1))
}

#[cfg(test)]
mod tests;
