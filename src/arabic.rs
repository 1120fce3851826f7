//! The Arabic language primitives every stage uses, in one place so that no two copies drift:
//! letter classes, sentence terminators, the normalizer with its offset map back to the
//! original text, proclitics, light stems and slugs. The word tables they consult (stop words,
//! protected words) are a [`Words`] value owned by [`crate::Resources`].
//!
//! Two models were trained with normalizations of their own (the tagger's and the
//! romanizer's); those are kept here as named variants in [`model_forms`], each checked against
//! the training scripts' output on a committed fixture.

use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, Result};

// ---------------------------------------------------------------------------------------------
// Letter classes and normalization
// ---------------------------------------------------------------------------------------------

/// Text normalized for matching, with a map from every normalized byte to the byte of the
/// original text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The normalized text.
    pub text: String,
    /// `map[i]` is the original byte offset of normalized byte `i`; `map[text.len()]` is the
    /// original length. Monotonic non-decreasing.
    pub map: Vec<usize>,
}

impl Normalized {
    /// Original byte offset of normalized byte offset `i` (clamped to the end).
    pub fn orig(&self, i: usize) -> usize {
        self.map[i.min(self.text.len())]
    }

    /// Original byte range of the normalized range `start..end`: from the first original
    /// character to the end of the last one.
    pub fn orig_range(&self, start: usize, end: usize, original: &str) -> (usize, usize) {
        let s = self.orig(start);
        if end == 0 || end <= start {
            return (s, s);
        }
        // The end is the end of the original char that produced normalized byte end-1.
        let last = self.orig(end - 1);
        let e = original[last..]
            .chars()
            .next()
            .map(|c| last + c.len_utf8())
            .unwrap_or(last);
        (s, e.max(s))
    }
}

/// Is `c` an Arabic diacritic, Quranic mark or other combining mark that matching ignores?
pub fn is_diacritic(c: char) -> bool {
    matches!(c as u32,
        0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06DC | 0x06DF..=0x06E8 | 0x06EA..=0x06ED)
}

/// Characters removed outright: tatweel, bidi controls, zero-width characters, BOM.
pub fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0x0640 | 0x061C | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x2069 | 0xFEFF | 0x00AD)
}

/// Is `c` a letter of the Arabic script (after normalization)?
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c as u32, 0x0620..=0x063F | 0x0641..=0x064A | 0x066E..=0x06D3 | 0x06D5 | 0x06EE..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF)
}

/// Is `c` part of a word (letter or digit of any script, or a diacritic)?
pub fn is_word_char(c: char) -> bool {
    // Fast paths for the two scripts of nearly every input.
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    if ('\u{0600}'..='\u{06FF}').contains(&c) {
        return is_arabic_letter(c)
            || is_diacritic(c)
            || c == '\u{0640}'
            || ('\u{0660}'..='\u{0669}').contains(&c)
            || ('\u{06F0}'..='\u{06F9}').contains(&c);
    }
    c.is_alphanumeric() || is_diacritic(c)
}

fn fold_char(c: char, out: &mut String) {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => out.push('ا'),
        'ى' | 'ی' | 'ې' => out.push('ي'),
        'ئ' => out.push('ي'),
        'ؤ' => out.push('و'),
        'ة' | 'ۃ' => out.push('ه'),
        'ک' => out.push('ك'),
        'ە' | 'ھ' => out.push('ه'),
        '\u{0660}'..='\u{0669}' => out.push((b'0' + (c as u32 - 0x0660) as u8) as char),
        '\u{06F0}'..='\u{06F9}' => out.push((b'0' + (c as u32 - 0x06F0) as u8) as char),
        '،' => out.push(','),
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
            out.push(' ')
        }
        c if c.is_ascii_uppercase() => out.push(c.to_ascii_lowercase()),
        c => out.push(c),
    }
}

/// Normalize for matching: NFKC (presentation forms), U+FDFC/U+FDFD expanded, diacritics,
/// tatweel, bidi and zero-width characters removed, alef variants to ا, ى to ي, ة to ه,
/// ئ to ي, ؤ to و, Arabic-Indic and Persian digits to ASCII, the Arabic comma to ",",
/// Latin lowercased. Each output byte maps to the byte of the original character it came from.
pub fn normalize(original: &str) -> Normalized {
    let mut text = String::with_capacity(original.len());
    let mut map = Vec::with_capacity(original.len() + 1);
    normalize_into(original, &mut text, Some(&mut map));
    map.push(original.len());
    Normalized { text, map }
}

/// The work of [`normalize`]: append the normalized `original` to `text` and, when asked,
/// the original byte of each appended byte to `map`.
fn normalize_into(original: &str, text: &mut String, mut map: Option<&mut Vec<usize>>) {
    for (pos, c) in original.char_indices() {
        if c.is_ascii() {
            text.push(c.to_ascii_lowercase());
        } else if matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}') {
            // The Arabic letters: only folding applies.
            fold_char(c, text);
        } else if is_invisible(c) {
            continue;
        } else {
            match c {
                '\u{FDFD}' => text.push_str("بسم الله الرحمن الرحيم"),
                '\u{FDFC}' => text.push_str("ريال"),
                '\u{FDF2}' => text.push_str("الله"),
                _ => {
                    let cp = c as u32;
                    // Only characters with compatibility forms need NFKC; skip the work for
                    // the rest.
                    let needs_nfkc = (0xFB50..=0xFDFF).contains(&cp)
                        || (0xFE70..=0xFEFF).contains(&cp)
                        || (0xFF00..=0xFFEF).contains(&cp)
                        || (0x2000..=0x2BFF).contains(&cp)
                        || (0x00A0..=0x00FF).contains(&cp);
                    if needs_nfkc {
                        for d in std::iter::once(c).nfkc() {
                            if !is_diacritic(d) && !is_invisible(d) {
                                fold_char(d, text);
                            }
                        }
                    } else if !is_diacritic(c) {
                        fold_char(c, text);
                    }
                }
            }
        }
        if let Some(m) = map.as_deref_mut() {
            m.resize(text.len(), pos);
        }
    }
}

/// The normalized text of `s` alone (no map; white space kept as it is).
pub fn normalize_text(s: &str) -> String {
    let mut n = String::with_capacity(s.len());
    normalize_into(s, &mut n, None);
    n
}

/// The normalized letters and digits of `s`, everything else dropped: the form in which two
/// texts are the same when only their words matter (repeated articles, evaluation sentences).
pub fn squash(s: &str) -> String {
    normalize_text(s)
        .chars()
        .filter(|c| is_word_char(*c))
        .collect()
}

/// Normalize a short string (a lexicon term, a name) without keeping the map; white space
/// runs collapse to one space and the ends are trimmed.
pub fn norm(s: &str) -> String {
    let n = normalize_text(s);
    let collapsed = !n.starts_with(char::is_whitespace)
        && !n.ends_with(char::is_whitespace)
        && !n.char_indices().any(|(i, c)| {
            c.is_whitespace() && (c != ' ' || n[i + 1..].starts_with(char::is_whitespace))
        });
    if collapsed {
        return n;
    }
    n.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------------------------
// Sentence terminators
// ---------------------------------------------------------------------------------------------

/// Characters that end a sentence: the full stop, Arabic and Latin question marks, the
/// exclamation mark, the ellipsis and the Urdu full stop.
pub const TERMINATORS: &[char] = &['.', '؟', '?', '!', '…', '۔'];

/// Does `c` end a sentence?
pub fn is_terminator(c: char) -> bool {
    TERMINATORS.contains(&c)
}

// ---------------------------------------------------------------------------------------------
// Word tables, proclitics and stems
// ---------------------------------------------------------------------------------------------

/// A set of normalized words, hashed with a fast non-cryptographic hasher (the keys are our
/// own data).
pub type WordSet = rustc_hash::FxHashSet<String>;

/// Parse a word list: one entry a line, `#` starts a comment; entries are normalized.
pub fn word_list(text: &str) -> WordSet {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(norm)
        .collect()
}

/// The word tables of the language layer: stop words, and words whose first letters look
/// like proclitics but belong to the word (وزير، واشنطن، الله).
#[derive(Debug, Clone, Default)]
pub struct Words {
    /// Stop words (function words), normalized.
    pub stop: WordSet,
    /// Protected words, normalized.
    pub protected: WordSet,
}

/// Proclitic sequences, longest first, after the light stemmers of Larkey et al. (light10):
/// the article and its combinations with و ف ب ك ل, and the conjunction و. The prepositions ب ل ك
/// and ف alone are not removed here (too many words begin with them); the entity matcher
/// handles them before names.
const PROCLITICS: &[&str] = &[
    "وبال", "وكال", "وفال", "ولل", "فبال", "فلل", "وال", "بال", "فال", "كال", "لل", "ال", "و",
];

impl Words {
    /// The built-in tables (`data/stopwords.txt`, `data/protected.txt`).
    pub fn builtin() -> Words {
        Words {
            stop: word_list(crate::data::STOPWORDS),
            protected: word_list(crate::data::PROTECTED),
        }
    }

    /// Is this normalized word one whose first letters only look like a clitic (وزير، واشنطن)?
    pub fn is_protected(&self, word: &str) -> bool {
        self.protected.contains(word)
    }

    /// Is either form of a token (its normalized form, or the form without proclitics) a stop
    /// word?
    pub fn is_stop(&self, norm: &str, core: &str) -> bool {
        self.stop.contains(norm) || self.stop.contains(core)
    }

    /// Remove proclitics from a normalized word. Returns (prefix, core). Protected words, alone
    /// or after the conjunction و or ف (والتقى, ووزير), keep their letters; words that would
    /// keep fewer than two letters (three after و) are left whole.
    pub fn split_clitics<'w>(&self, word: &'w str) -> (&'w str, &'w str) {
        if self.protected.contains(word) {
            return ("", word);
        }
        for conj in ["و", "ف"] {
            if let Some(rest) = word.strip_prefix(conj)
                && self.protected.contains(rest)
            {
                return (&word[..conj.len()], rest);
            }
        }
        for p in PROCLITICS {
            if let Some(rest) = word.strip_prefix(p) {
                let min = if *p == "و" { 3 } else { 2 };
                if rest.chars().count() >= min {
                    return (&word[..p.len()], rest);
                }
            }
        }
        ("", word)
    }
}

thread_local! {
    static STEMMER: rust_stemmers::Stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Arabic);
}

thread_local! {
    /// The calling thread's memo of [`stem`].
    static STEMS: crate::memo::Memo<String> = Default::default();
}

/// The longest word, and the longest stem, that [`Recent`] holds (in bytes).
const RECENT_LEN: usize = 30;

/// A slot of [`Recent`]: a word and its stem, in one cache line.
#[derive(Clone, Copy)]
#[repr(align(64))]
struct RecentSlot {
    word_len: u8,
    stem_len: u8,
    word: [u8; RECENT_LEN],
    stem: [u8; RECENT_LEN],
}

/// Number of slots of [`Recent`] (a power of two).
const RECENT_SLOTS: usize = 16384;

/// The stems of recent short words, in a table of [`RECENT_SLOTS`] slots indexed by the
/// word's hash, each word stored inline with its stem: one memory access for the common
/// words, where the memo's table of strings takes several. An empty table until used.
#[derive(Default)]
struct Recent(Vec<RecentSlot>);

impl Recent {
    fn slot(word: &str) -> usize {
        // The top bits of the hash, the best mixed.
        (crate::summarize::stem_id(word) >> (64 - RECENT_SLOTS.trailing_zeros())) as usize
    }

    fn get(&self, word: &str) -> Option<&str> {
        let s = self.0.get(Recent::slot(word))?;
        (usize::from(s.word_len) == word.len()
            && !word.is_empty()
            && &s.word[..word.len()] == word.as_bytes())
        .then(|| std::str::from_utf8(&s.stem[..usize::from(s.stem_len)]).ok())
        .flatten()
    }

    fn put(&mut self, word: &str, stem: &str) {
        if word.is_empty() || word.len() > RECENT_LEN || stem.len() > RECENT_LEN {
            return;
        }
        if self.0.is_empty() {
            let empty = RecentSlot {
                word_len: 0,
                stem_len: 0,
                word: [0; RECENT_LEN],
                stem: [0; RECENT_LEN],
            };
            self.0 = vec![empty; RECENT_SLOTS];
        }
        let s = &mut self.0[Recent::slot(word)];
        s.word_len = word.len() as u8;
        s.stem_len = stem.len() as u8;
        s.word[..word.len()].copy_from_slice(word.as_bytes());
        s.stem[..stem.len()].copy_from_slice(stem.as_bytes());
    }
}

thread_local! {
    /// The calling thread's [`Recent`] stems, in front of its memo.
    static RECENT: std::cell::RefCell<Recent> = Default::default();
}

/// Let go of the calling thread's memo of [`stem`], memory and all: for a thread whose
/// stemming is over while it still has other work to do.
pub fn release_stem_memo() {
    STEMS.with(|m| *m.borrow_mut() = Default::default());
    RECENT.with(|r| *r.borrow_mut() = Recent::default());
}

/// Light stem of a normalized, de-cliticized word (Snowball Arabic). A pure function of the
/// word, remembered per thread.
pub fn stem(word: &str) -> String {
    if !word.chars().any(is_arabic_letter) {
        return word.to_string();
    }
    if let Some(s) = RECENT.with(|r| r.borrow().get(word).map(str::to_string)) {
        return s;
    }
    let s = crate::memo::remembered(&STEMS, word, 200_000, |w| {
        STEMMER.with(|s| s.stem(w).into_owned())
    });
    RECENT.with(|r| {
        let mut r = r.borrow_mut();
        if r.0.is_empty() {
            crate::memo::note_filled(&RECENT);
        }
        r.put(word, &s);
    });
    s
}

/// Share of letters in `text` that are Arabic script (0 when there are no letters).
pub fn arabic_share(text: &str) -> f64 {
    let (mut ar, mut all) = (0usize, 0usize);
    for c in text.chars() {
        if c.is_ascii() {
            all += usize::from(c.is_ascii_alphabetic());
        } else if is_arabic_letter(c) || (0xFB50..=0xFEFC).contains(&(c as u32)) {
            all += 1;
            ar += 1;
        } else if !('\u{0600}'..='\u{06FF}').contains(&c) && c.is_alphabetic() {
            all += 1;
        }
    }
    if all == 0 {
        0.0
    } else {
        ar as f64 / all as f64
    }
}

// ---------------------------------------------------------------------------------------------
// Slugs and edit distance
// ---------------------------------------------------------------------------------------------

/// A stable ASCII key of a name or title: lowercase letters and digits joined by '-'. Latin
/// letters lose their accents and other scripts are transliterated (`deunicode`), so
/// "Chișinău" gives `chisinau` and an Arabic title a readable key rather than nothing.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in deunicode::deunicode(s).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Levenshtein distance in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
}

// ---------------------------------------------------------------------------------------------
// The models' own forms
// ---------------------------------------------------------------------------------------------

/// The normalizations two models were trained with, kept apart from [`normalize`] because a
/// model must see its words exactly as its training script wrote them.
pub mod model_forms {
    use unicode_normalization::UnicodeNormalization;

    /// The named-entity tagger's form of a token (`normalize` in `scripts/train_ner.py`):
    /// diacritics and tatweel dropped, أ إ آ ٱ → ا, ى → ي, ة → ه, ASCII upper case → lower case.
    pub fn tagger(w: &str) -> String {
        let mut out = String::with_capacity(w.len());
        for ch in w.chars() {
            match ch {
                '\u{064B}'..='\u{0652}' | '\u{0670}' | '\u{0640}' => {}
                'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
                'ى' => out.push('ي'),
                'ة' => out.push('ه'),
                'A'..='Z' => out.push(ch.to_ascii_lowercase()),
                _ => out.push(ch),
            }
        }
        out
    }

    /// Is `ch` part of a token in the tagger's tokenization (ANERcorp's: letters of any
    /// script with their marks, digits, and the joiners)?
    pub fn is_tagger_word_char(ch: char) -> bool {
        // Fast paths for ASCII and the Arabic letters; the same answers as below.
        if ch.is_ascii() {
            return ch.is_ascii_alphanumeric();
        }
        if matches!(ch, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}') {
            return true;
        }
        ch.is_alphanumeric()
            || matches!(ch,
                '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}'
                | '\u{06D6}'..='\u{06ED}' | '\u{200C}' | '\u{200D}')
    }

    /// Marks, tatweel and bidi / zero-width controls, removed before anything else.
    fn romanizer_drops(c: char) -> bool {
        matches!(c,
            '\u{0610}'..='\u{061A}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{0640}'
            | '\u{06D6}'..='\u{06DC}'
            | '\u{06DF}'..='\u{06E4}'
            | '\u{06E7}'
            | '\u{06E8}'
            | '\u{06EA}'..='\u{06ED}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}')
    }

    fn romanizer_fold(c: char) -> char {
        match c {
            '\u{06CC}' | '\u{06D2}' | '\u{0649}' => '\u{064A}', // ی ے ى → ي
            '\u{06A9}' => '\u{0643}',                           // ک → ك
            '\u{06C1}' | '\u{06BE}' | '\u{06D5}' => '\u{0647}', // ہ ھ ە → ه
            '\u{0671}' => '\u{0627}',                           // ٱ → ا
            '\u{06A8}' => '\u{06A4}',                           // ڨ → ڤ
            other => other,
        }
    }

    /// The romanizer's letters (`is_arabic_letter` in `scripts/romanizer_common.py`).
    fn is_romanizer_letter(c: char) -> bool {
        matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}')
    }

    /// The romanizer's form of a word (`normalize_arabic` in `scripts/romanizer_common.py`):
    /// NFKC (folds presentation forms), marks and controls removed, regional letter shapes
    /// folded, every non-letter dropped. Hamza seats are kept.
    pub fn romanizer(s: &str) -> String {
        s.nfkc()
            .filter(|&c| !romanizer_drops(c))
            .map(romanizer_fold)
            .filter(|&c| is_romanizer_letter(c))
            .collect()
    }
}

/// Read a word-list file of the configuration: every line is an entry or a comment, so the
/// only failure is an unreadable file, named in the error.
pub fn read_word_list(path: &std::path::Path) -> Result<WordSet> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::Data {
        name: path.display().to_string(),
        reason: e.to_string(),
    })?;
    Ok(word_list(&text))
}

#[cfg(test)]
mod tests;
