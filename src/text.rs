//! The text layer: Arabic normalization with an offset map back to the original, sentence
//! segmentation, and tokenization with clitic segmentation and light stems.
//!
//! Everything here is a plain function of its input (no I/O). Offsets are byte offsets into
//! the document text unless a name says otherwise; [`char_offset`] converts for output.

use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

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

/// Convert a byte offset into a character (Unicode scalar) offset of `text`.
pub fn char_offset(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].chars().count()
}

/// A converter from byte offsets to char offsets for one text, fast for many lookups.
pub struct CharIndex {
    starts: Vec<usize>,
}

impl CharIndex {
    /// Index the char boundaries of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        starts.push(text.len());
        CharIndex { starts }
    }

    /// Char offset of byte offset `byte` (a char boundary; otherwise the char containing it).
    pub fn char_of(&self, byte: usize) -> usize {
        match self.starts.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Sentence segmentation
// ---------------------------------------------------------------------------------------------

/// One sentence: a byte range of the document text plus its place in the document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Span {
    /// Byte offset of the first character (trimmed).
    pub start: usize,
    /// Byte offset after the last character (trimmed).
    pub end: usize,
    /// Index of the paragraph (block of lines between blank lines) in the document.
    pub paragraph: usize,
    /// Index of the sentence within its paragraph.
    pub in_paragraph: usize,
    /// A headline or sub-heading: a short line without terminal punctuation on its own.
    pub heading: bool,
}

/// Options of the segmenter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SegmentOptions {
    /// Sentences longer than this many words are split at a clause boundary (0: never).
    pub split_long_words: usize,
    /// A line without terminal punctuation and at most this many words, standing on its own
    /// (a blank line or the end after it, or the first line), is a heading.
    pub heading_max_words: usize,
}

impl Default for SegmentOptions {
    fn default() -> Self {
        SegmentOptions {
            split_long_words: 60,
            heading_max_words: 16,
        }
    }
}

const TERMINATORS: &[char] = &['.', '؟', '?', '!', '…', '۔'];
const CLOSERS: &[char] = &['"', '\'', '»', '”', '’', ')', ']', '}', '›'];
const BULLETS: &[char] = &['ـ', '-', '–', '—', '•', '*', '·', '▪', '●', '◾', '■', '○'];

fn is_terminator(c: char) -> bool {
    TERMINATORS.contains(&c)
}

fn ends_with_terminal(line: &str) -> bool {
    let t = line.trim_end().trim_end_matches(|c| CLOSERS.contains(&c));
    t.ends_with(TERMINATORS) || t.ends_with(':')
}

fn word_count(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(is_word_char))
        .count()
}

/// Does this line start a list item (a bullet, or a number followed by ")" or ".")?
fn is_list_item(line: &str) -> bool {
    let t = line.trim_start();
    if let Some(c) = t.chars().next()
        && BULLETS.contains(&c)
    {
        // "-" glued to a number is a negative number, not a bullet.
        return !t[c.len_utf8()..].starts_with(|d: char| d.is_ascii_digit());
    }
    let digits: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || ('٠'..='٩').contains(c))
        .collect();
    if !digits.is_empty() && digits.chars().count() <= 2 {
        let rest = &t[digits.len()..];
        return rest.starts_with(')') || rest.starts_with(". ") || rest.starts_with(" -");
    }
    false
}

/// Length in bytes of a list marker ("- ", "ـ ", "• ", "1) ", "2. ") or Markdown heading
/// marks ("## ") at the start of a sentence, with the white space after it; 0 when there is
/// none or nothing would be left.
fn marker_len(s: &str) -> usize {
    let t = s.trim_start();
    let rest = if t.starts_with('#') {
        let r = t.trim_start_matches('#');
        if !r.starts_with(char::is_whitespace) {
            return 0;
        }
        r
    } else if is_list_item(t) {
        match t.chars().next() {
            Some(c) if BULLETS.contains(&c) => &t[c.len_utf8()..],
            _ => t
                .trim_start_matches(|c: char| c.is_ascii_digit() || ('٠'..='٩').contains(&c))
                .trim_start()
                .trim_start_matches([')', '.', '-']),
        }
    } else {
        return 0;
    };
    let rest = rest.trim_start();
    if rest.chars().any(is_word_char) {
        s.len() - rest.len()
    } else {
        0
    }
}

/// Single letters and short words that end with "." without ending a sentence.
fn is_abbreviation(word: &str) -> bool {
    const ABBR: &[&str] = &[
        "د", "أ", "م.د", "ص", "ج", "mr", "mrs", "ms", "dr", "prof", "st", "no", "vs", "etc", "e.g",
        "i.e", "u.s", "u.n", "jr", "sr", "inc", "ltd", "co",
    ];
    let w = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    if w.is_empty() {
        return false;
    }
    let lw = w.to_lowercase();
    if ABBR.contains(&lw.as_str()) {
        return true;
    }
    // A single Latin letter ("J. Smith", "U.S.").
    let mut cs = w.chars();
    matches!((cs.next(), cs.next()), (Some(c), None) if c.is_ascii_alphabetic())
}

/// Split one logical unit (a run of lines that belong together) into sentence byte ranges,
/// relative to the unit's start.
fn split_unit(unit: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = unit.char_indices().collect();
    let mut start = 0usize;
    let mut i = 0usize;
    let mut depth: i32 = 0; // open brackets and quotes
    while i < chars.len() {
        let (pos, c) = chars[i];
        match c {
            '(' | '[' | '{' | '«' => depth += 1,
            ')' | ']' | '}' | '»' => depth = (depth - 1).max(0),
            _ => {}
        }
        if is_terminator(c) {
            // Decimal numbers and dotted dates: 3.5, 10.9.2020.
            if c == '.' {
                let prev = if i > 0 { Some(chars[i - 1].1) } else { None };
                let next = chars.get(i + 1).map(|x| x.1);
                if prev.is_some_and(|p| p.is_numeric()) && next.is_some_and(|n| n.is_numeric()) {
                    i += 1;
                    continue;
                }
                // Abbreviations: the word just before the dot.
                let word_start = unit[..pos]
                    .char_indices()
                    .rev()
                    .find(|(_, ch)| ch.is_whitespace())
                    .map(|(p, ch)| p + ch.len_utf8())
                    .unwrap_or(0);
                if is_abbreviation(&unit[word_start..pos]) && next.is_some_and(|n| n != '\n') {
                    i += 1;
                    continue;
                }
                // A list number at the start of a line ("2. ").
                let word = &unit[word_start..pos];
                let line_start = unit[..word_start].trim_end_matches([' ', '\t']);
                if (line_start.is_empty() || line_start.ends_with('\n'))
                    && (1..=2).contains(&word.chars().count())
                    && word
                        .chars()
                        .all(|d| d.is_ascii_digit() || ('٠'..='٩').contains(&d))
                    && next.is_some_and(|n| n == ' ')
                {
                    i += 1;
                    continue;
                }
                // A dot inside a word or URL (example.com, v1.2).
                if next.is_some_and(|n| n.is_ascii_alphanumeric())
                    && prev.is_some_and(|p| p.is_ascii_alphanumeric())
                {
                    i += 1;
                    continue;
                }
            }
            // Consume a run of terminators and closing quotes/brackets.
            let mut j = i + 1;
            while j < chars.len() && (is_terminator(chars[j].1) || CLOSERS.contains(&chars[j].1)) {
                if matches!(chars[j].1, ')' | ']' | '}' | '»') {
                    depth = (depth - 1).max(0);
                }
                j += 1;
            }
            // Inside brackets a terminator ends nothing, unless the text goes on at length.
            if depth > 0 {
                i = j;
                continue;
            }
            let end = chars.get(j).map(|x| x.0).unwrap_or(unit.len());
            out.push((start, end));
            start = end;
            i = j;
            continue;
        }
        i += 1;
    }
    if start < unit.len() {
        out.push((start, unit.len()));
    }
    out.into_iter()
        .filter_map(|(s, e)| trim_range(unit, s, e))
        .collect()
}

/// Trim white space off a byte range; None when nothing of substance is left.
fn trim_range(text: &str, s: usize, e: usize) -> Option<(usize, usize)> {
    let slice = &text[s..e];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    let (ns, ne) = (s + lead, e - trail);
    if ns >= ne || !text[ns..ne].chars().any(is_word_char) {
        None
    } else {
        Some((ns, ne))
    }
}

/// Words that open a clause after a comma: where a run-on sentence may be split.
const CLAUSE_OPENERS: &[&str] = &[
    "حيث",
    "فيما",
    "بينما",
    "مما",
    "كما",
    "وقال",
    "وأضاف",
    "واضاف",
    "وأكد",
    "واكد",
    "وأشار",
    "واشار",
    "مضيفا",
    "مضيفاً",
    "مؤكدا",
    "مؤكداً",
    "مبديا",
    "مبدياً",
    "واصفا",
    "واصفاً",
    "متهما",
    "متهماً",
    "مشيرا",
    "مشيراً",
    "معتبرا",
    "معتبراً",
    "يأتي",
    "ياتي",
    "وذلك",
    "بل",
    "لكن",
    "ولكن",
    "إلا",
    "الا",
    "وقالت",
    "وأضافت",
    "واضافت",
    "وأكدت",
    "واكدت",
    "وأعلن",
    "واعلن",
    "وأعلنت",
    "واعلنت",
];

/// Fewest words on either side of a clause boundary where a long sentence is split.
const MIN_CLAUSE_WORDS: usize = 15;

/// Split a long sentence at the clause boundary (an Arabic semicolon, or a comma followed by a
/// clause opener) nearest its middle, recursively, until every piece has at most `max_words`
/// words or no boundary leaves at least [`MIN_CLAUSE_WORDS`] words on each side.
/// No sentence is longer than this many words: text without punctuation (a feed's whole
/// body on one line, a table dump) is cut into pieces of this size at word boundaries, so
/// that every later stage works on bounded pieces.
pub const MAX_SENTENCE_WORDS: usize = 250;

/// Cut `s..e` into pieces of at most [`MAX_SENTENCE_WORDS`] words at white space.
fn chop(text: &str, s: usize, e: usize, out: &mut Vec<(usize, usize)>) {
    let mut start = s;
    let mut words = 0usize;
    let mut in_word = false;
    for (i, c) in text[s..e].char_indices() {
        if c.is_whitespace() {
            if in_word {
                words += 1;
                in_word = false;
                if words == MAX_SENTENCE_WORDS {
                    if let Some(r) = trim_range(text, start, s + i) {
                        out.push(r);
                    }
                    start = s + i;
                    words = 0;
                }
            }
        } else {
            in_word = true;
        }
    }
    if let Some(r) = trim_range(text, start, e) {
        out.push(r);
    }
}

fn split_long(text: &str, s: usize, e: usize, max_words: usize, out: &mut Vec<(usize, usize)>) {
    let slice = &text[s..e];
    if max_words == 0 || word_count(slice) <= max_words {
        out.push((s, e));
        return;
    }
    let mid = slice.len() / 2;
    let mut best: Option<usize> = None;
    for (pos, c) in slice.char_indices() {
        if !matches!(c, ',' | '،' | '؛' | ';') {
            continue;
        }
        let after = pos + c.len_utf8();
        let next_word = slice[after..].split_whitespace().next().unwrap_or("");
        let next_word = next_word.trim_matches(|ch: char| !ch.is_alphanumeric());
        if matches!(c, ',' | '،') && !CLAUSE_OPENERS.contains(&next_word) {
            continue;
        }
        // Both sides must be substantial.
        if word_count(&slice[..pos]) < MIN_CLAUSE_WORDS
            || word_count(&slice[after..]) < MIN_CLAUSE_WORDS
        {
            continue;
        }
        if best.is_none_or(|b: usize| {
            (after as isize - mid as isize).abs() < (b as isize - mid as isize).abs()
        }) {
            best = Some(after);
        }
    }
    match best {
        Some(cut) => {
            if let Some((a, b)) = trim_range(text, s, s + cut) {
                split_long(text, a, b, max_words, out);
            }
            if let Some((a, b)) = trim_range(text, s + cut, e) {
                split_long(text, a, b, max_words, out);
            }
        }
        None => out.push((s, e)),
    }
}

/// A line is full (may be a hard wrap) when it is at least this many tenths of the wrap width.
const FULL_LINE_TENTHS: usize = 6;

/// Segment a document body into sentences. `skip` holds byte ranges (whole lines) to leave
/// out, such as page chrome. Lines without terminal punctuation that are followed by another
/// line in the same paragraph are hard wraps and joined; short unpunctuated lines on their own
/// are headings; bullet lines and lines after a colon start new units.
pub fn segment(text: &str, skip: &[(usize, usize)], opts: SegmentOptions) -> Vec<Span> {
    // Collect lines with their byte ranges.
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let end = pos + line.trim_end_matches(['\n', '\r']).len();
        lines.push((pos, end));
        pos += line.len();
    }
    let skipped = |(s, e): (usize, usize)| skip.iter().any(|&(a, b)| s >= a && e <= b);
    let blank = |(s, e): (usize, usize)| text[s..e].trim().is_empty() || skipped((s, e));

    // The wrap width: a hard-wrapped text has most of its lines near one length. A line
    // shorter than most of that width ends where its author ended it (a list item, a heading),
    // not where the wrap did.
    let mut lens: Vec<usize> = lines
        .iter()
        .filter(|&&l| !blank(l))
        .map(|&(s, e)| text[s..e].trim().chars().count())
        .collect();
    lens.sort_unstable();
    let wrap_width = lens.get(lens.len() * 4 / 5).copied().unwrap_or(0);
    let full = |line: &str| line.trim().chars().count() * 10 >= wrap_width * FULL_LINE_TENTHS;

    // Group into units: (start, end, paragraph, heading).
    let mut units: Vec<(usize, usize, usize, bool)> = Vec::new();
    let mut paragraph = 0usize;
    let mut i = 0;
    let mut seen_content = false;
    // Inside a list: after a line ending with a colon, or after a list item.
    let mut in_list = false;
    while i < lines.len() {
        if blank(lines[i]) {
            if seen_content {
                paragraph += 1;
                seen_content = false;
            }
            in_list = false;
            i += 1;
            continue;
        }
        let unit_start = lines[i].0;
        let mut unit_end = lines[i].1;
        let first_line = i;
        loop {
            let cur = &text[lines[i].0..lines[i].1];
            let next = lines.get(i + 1).copied();
            let next_is_content = next.is_some_and(|l| !blank(l));
            if !next_is_content {
                break;
            }
            let next_text = &text[next.unwrap().0..next.unwrap().1];
            // A unit ends at terminal punctuation, before a list item, after a colon.
            if ends_with_terminal(cur)
                || is_list_item(next_text)
                || is_list_item(cur) && ends_with_terminal(cur)
            {
                break;
            }
            // A short unpunctuated first line of a document or paragraph followed by a longer
            // line is a heading, not a wrap.
            let words = word_count(cur);
            let next_words = word_count(next_text);
            if i == first_line
                && words <= 8
                && next_words > words + 4
                && !seen_content_before(&units, paragraph)
            {
                break;
            }
            // In a list (after a colon), a line that does not fill the wrap width is an item
            // of its own, not wrapped.
            if in_list && !full(cur) {
                break;
            }
            i += 1;
            unit_end = lines[i].1;
        }
        let unit_text = &text[unit_start..unit_end];
        let single_line = !unit_text.contains('\n');
        let heading = single_line
            && !in_list
            && !ends_with_terminal(unit_text)
            && !unit_text.trim_end().ends_with([',', '،', '؛', ';'])
            && word_count(unit_text) <= opts.heading_max_words
            && !is_list_item(unit_text);
        units.push((unit_start, unit_end, paragraph, heading));
        in_list = unit_text.trim_end().ends_with(':')
            || is_list_item(unit_text)
            || in_list && single_line && !ends_with_terminal(unit_text);
        seen_content = true;
        i += 1;
        if heading {
            // A heading is a paragraph of its own.
            paragraph += 1;
            seen_content = false;
        }
    }

    let mut spans = Vec::new();
    let mut counters: Vec<usize> = Vec::new();
    for (us, ue, para, heading) in units {
        if counters.len() <= para {
            counters.resize(para + 1, 0);
        }
        let pieces: Vec<(usize, usize)> = if heading {
            trim_range(text, us, ue).into_iter().collect()
        } else {
            let mut v = Vec::new();
            for (a, b) in split_unit(&text[us..ue]) {
                let mut parts = Vec::new();
                split_long(text, us + a, us + b, opts.split_long_words, &mut parts);
                for (x, y) in parts {
                    chop(text, x, y, &mut v);
                }
            }
            v
        };
        for (s, e) in pieces {
            let s = s + marker_len(&text[s..e]);
            spans.push(Span {
                start: s,
                end: e,
                paragraph: para,
                in_paragraph: counters[para],
                heading,
            });
            counters[para] += 1;
        }
    }
    spans
}

fn seen_content_before(units: &[(usize, usize, usize, bool)], paragraph: usize) -> bool {
    units.last().is_some_and(|u| u.2 == paragraph)
}

/// The display form of a sentence: line breaks and white-space runs become single spaces.
pub fn display(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------------------------
// Tokenization
// ---------------------------------------------------------------------------------------------

/// A token of a sentence, with its normalized, de-cliticized and stemmed forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte offset in the document text.
    pub start: usize,
    /// Byte offset after the token in the document text.
    pub end: usize,
    /// Normalized form of the whole token.
    pub norm: String,
    /// Normalized form with proclitics (و ف ب ل ك, ال and their combinations) removed.
    pub core: String,
    /// Light stem of the core (Snowball Arabic), for lexicon matching.
    pub stem: String,
}

/// Proclitic sequences, longest first, after the light stemmers of Larkey et al. (light10):
/// the article and its combinations with و ف ب ك ل, and the conjunction و. The prepositions ب ل ك
/// and ف alone are not removed here (too many words begin with them); the entity matcher
/// handles them before names.
const PROCLITICS: &[&str] = &[
    "وبال", "وكال", "وفال", "ولل", "فبال", "فلل", "وال", "بال", "فال", "كال", "لل", "ال", "و",
];

/// Words that begin with letters that look like proclitics but belong to the word
/// (وزير, واشنطن, الله ...), loaded once from the built-in data file.
fn protected_words() -> &'static crate::data::WordSet {
    static SET: OnceLock<crate::data::WordSet> = OnceLock::new();
    SET.get_or_init(|| crate::data::word_list(crate::data::PROTECTED))
}

/// Is this normalized word one whose first letters only look like a clitic (وزير، واشنطن)?
pub fn is_protected(word: &str) -> bool {
    protected_words().contains(word)
}

/// Remove proclitics from a normalized word. Returns (prefix, core). Protected words, alone
/// or after the conjunction و or ف (والتقى, ووزير), keep their letters; words that would keep
/// fewer than two letters (three after و) are left whole.
pub fn split_clitics(word: &str) -> (&str, &str) {
    let protected = protected_words();
    if protected.contains(word) {
        return ("", word);
    }
    for conj in ["و", "ف"] {
        if let Some(rest) = word.strip_prefix(conj)
            && protected.contains(rest)
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

thread_local! {
    static STEMMER: rust_stemmers::Stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Arabic);
}

/// Light stem of a normalized, de-cliticized word (Snowball Arabic).
pub fn stem(word: &str) -> String {
    if !word.chars().any(is_arabic_letter) {
        return word.to_string();
    }
    thread_local! {
        static STEMS: crate::memo::Memo<String> = Default::default();
    }
    crate::memo::remembered(&STEMS, word, 200_000, |w| {
        STEMMER.with(|s| s.stem(w).into_owned())
    })
}

/// Tokenize the byte range `start..end` of `text`: words of letters and digits, each with its
/// normalized, clitic-free and stemmed forms.
pub fn tokenize(text: &str, start: usize, end: usize) -> Vec<Token> {
    let slice = &text[start..end];
    let mut out = Vec::new();
    let mut word_start: Option<usize> = None;
    let push = |s: usize, e: usize, out: &mut Vec<Token>| {
        let raw = &slice[s..e];
        let n = normalize_text(raw);
        if n.is_empty() {
            return;
        }
        let (_, core) = split_clitics(&n);
        let core = core.to_string();
        let st = stem(&core);
        out.push(Token {
            start: start + s,
            end: start + e,
            norm: n,
            core,
            stem: st,
        });
    };
    for (i, c) in slice.char_indices() {
        if is_word_char(c) || is_invisible(c) && word_start.is_some() {
            if word_start.is_none() {
                word_start = Some(i);
            }
        } else if let Some(s) = word_start.take() {
            push(s, i, &mut out);
        }
    }
    if let Some(s) = word_start {
        push(s, slice.len(), &mut out);
    }
    out
}

/// The stop-word list (normalized), loaded once from the built-in data file.
pub fn stopwords() -> &'static crate::data::WordSet {
    static SET: OnceLock<crate::data::WordSet> = OnceLock::new();
    SET.get_or_init(|| crate::data::word_list(crate::data::STOPWORDS))
}

/// Is this normalized token a stop word (in either its full or its clitic-free form)?
pub fn is_stopword(tok: &Token) -> bool {
    let sw = stopwords();
    sw.contains(&tok.norm) || sw.contains(&tok.core)
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

#[cfg(test)]
mod tests;
