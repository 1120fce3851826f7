//! The text layer: sentence segmentation, and tokenization with clitic segmentation and light
//! stems, over the primitives of [`crate::arabic`].
//!
//! Everything here is a plain function of its input (no I/O). Offsets are byte offsets into
//! the document text unless a name says otherwise; [`char_offset`] converts for output.

use crate::arabic::{
    TERMINATORS, Words, is_invisible, is_terminator, is_word_char, normalize_text, stem,
};

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

const CLOSERS: &[char] = &['"', '\'', '»', '”', '’', ')', ']', '}', '›'];
const BULLETS: &[char] = &['ـ', '-', '–', '—', '•', '*', '·', '▪', '●', '◾', '■', '○'];

/// Does a line end with terminal punctuation (a sentence terminator or a colon, before any
/// closing quotes and brackets)? The rule that tells a headline or heading from a sentence.
pub fn ends_with_terminal(line: &str) -> bool {
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
    // Inside a quotation between straight or curly double quotes.
    let mut quoted = false;
    while i < chars.len() {
        let (pos, c) = chars[i];
        match c {
            '(' | '[' | '{' | '«' => depth += 1,
            ')' | ']' | '}' | '»' => depth = (depth - 1).max(0),
            '"' => quoted = !quoted,
            '“' => quoted = true,
            '”' => quoted = false,
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
            // Two dots inside a quotation are a pause of the speaker ("الوضع صعب.. لكننا
            // صامدون"), not the end of the sentence.
            if quoted
                && c == '.'
                && chars.get(i + 1).is_some_and(|x| x.1 == '.')
                && chars
                    .get(i + 2)
                    .is_some_and(|x| x.1 != '.' && !CLOSERS.contains(&x.1))
                && (i == 0 || chars[i - 1].1 != '.')
            {
                i += 2;
                continue;
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
/// words or no boundary leaves at least `MIN_CLAUSE_WORDS` words on each side.
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

/// Segment a document body into sentences. `skip` holds byte ranges to leave out: whole
/// lines, such as page chrome, or the start of a line, such as a dateline. Lines without terminal punctuation that are followed by another
/// line in the same paragraph are hard wraps and joined; short unpunctuated lines on their own
/// are headings; bullet lines and lines after a colon start new units.
pub fn segment(text: &str, skip: &[(usize, usize)], opts: SegmentOptions) -> Vec<Span> {
    let lines = Lines::new(text, skip);
    let units = units(&lines, opts);
    sentences(text, &units, opts)
}

/// The lines of a text, with what the unit grouping asks of them.
struct Lines<'a> {
    text: &'a str,
    /// Byte ranges, line breaks left out.
    ranges: Vec<(usize, usize)>,
    skip: &'a [(usize, usize)],
    /// The wrap width of a hard-wrapped text (see [`Lines::wrap_width`]).
    wrap_width: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str, skip: &'a [(usize, usize)]) -> Lines<'a> {
        let mut ranges: Vec<(usize, usize)> = Vec::new();
        let mut pos = 0;
        // Skipped ranges that open a line and end inside it (a dateline) move its start; in
        // order of their start, walked once.
        let mut openers: Vec<(usize, usize)> = skip.to_vec();
        openers.sort_unstable();
        let mut k = 0;
        for line in text.split_inclusive('\n') {
            let end = pos + line.trim_end_matches(['\n', '\r']).len();
            while k < openers.len() && openers[k].0 < pos {
                k += 1;
            }
            let mut start = pos;
            while k < openers.len() && openers[k].0 == pos {
                let b = openers[k].1;
                if b > start && b < end {
                    start = b;
                }
                k += 1;
            }
            ranges.push((start, end));
            pos += line.len();
        }
        let mut lines = Lines {
            text,
            ranges,
            skip,
            wrap_width: 0,
        };
        lines.wrap_width = lines.wrap_width();
        lines
    }

    /// Is line `i` blank or skipped?
    fn blank(&self, i: usize) -> bool {
        let (s, e) = self.ranges[i];
        self.text[s..e].trim().is_empty() || self.skip.iter().any(|&(a, b)| s >= a && e <= b)
    }

    /// The text of line `i`.
    fn line(&self, i: usize) -> &'a str {
        let (s, e) = self.ranges[i];
        &self.text[s..e]
    }

    /// The wrap width: a hard-wrapped text has most of its lines near one length (the 80th
    /// percentile of the content lines' lengths is taken).
    fn wrap_width(&self) -> usize {
        let mut lens: Vec<usize> = (0..self.ranges.len())
            .filter(|&i| !self.blank(i))
            .map(|i| self.line(i).trim().chars().count())
            .collect();
        lens.sort_unstable();
        lens.get(lens.len() * 4 / 5).copied().unwrap_or(0)
    }

    /// Does the line fill the wrap width? A line shorter than most of that width ends where
    /// its author ended it (a list item, a heading), not where the wrap did.
    fn full(&self, line: &str) -> bool {
        line.trim().chars().count() * 10 >= self.wrap_width * FULL_LINE_TENTHS
    }
}

/// A unit of lines: a paragraph's sentences joined across hard wraps, or a heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Unit {
    start: usize,
    end: usize,
    paragraph: usize,
    heading: bool,
}

/// Group the lines into units (see [`segment`]).
fn units(lines: &Lines, opts: SegmentOptions) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    let mut paragraph = 0usize;
    let mut i = 0;
    let mut seen_content = false;
    // Inside a list: after a line ending with a colon, or after a list item.
    let mut in_list = false;
    while i < lines.ranges.len() {
        if lines.blank(i) {
            if seen_content {
                paragraph += 1;
                seen_content = false;
            }
            in_list = false;
            i += 1;
            continue;
        }
        let first_line = i;
        i = unit_last_line(
            lines,
            i,
            in_list,
            units.last().is_some_and(|u| u.paragraph == paragraph),
        );
        let (start, end) = (lines.ranges[first_line].0, lines.ranges[i].1);
        let unit_text = &lines.text[start..end];
        let single_line = first_line == i;
        let heading = single_line && !in_list && is_heading(unit_text, opts.heading_max_words);
        units.push(Unit {
            start,
            end,
            paragraph,
            heading,
        });
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
    units
}

/// The last line of the unit that starts at content line `i`: lines are joined across hard
/// wraps until terminal punctuation, a list item, a blank line, a heading-like first line, or
/// (in a list) a line that does not fill the wrap width.
fn unit_last_line(lines: &Lines, mut i: usize, in_list: bool, content_before: bool) -> usize {
    let first_line = i;
    loop {
        let cur = lines.line(i);
        if i + 1 >= lines.ranges.len() || lines.blank(i + 1) {
            return i;
        }
        let next_text = lines.line(i + 1);
        // A unit ends at terminal punctuation, before a list item, after a colon.
        if ends_with_terminal(cur) || is_list_item(next_text) {
            return i;
        }
        // A short unpunctuated first line of a document or paragraph followed by a longer
        // line is a heading, not a wrap.
        let words = word_count(cur);
        if i == first_line && words <= 8 && word_count(next_text) > words + 4 && !content_before {
            return i;
        }
        // In a list (after a colon), a line that does not fill the wrap width is an item
        // of its own, not wrapped.
        if in_list && !lines.full(cur) {
            return i;
        }
        i += 1;
    }
}

/// Could this line be a headline? At most `max_words` words, and no punctuation at its end
/// but a question or exclamation mark ("هل تنتهي الأزمة؟"): a full stop, a colon, a comma or a
/// semicolon ends a sentence or a part of one. Ingest finds a document's headline with this
/// rule, and [`segment`] its headings (question headings aside).
pub fn is_headline(line: &str, max_words: usize) -> bool {
    let question = line
        .trim_end()
        .trim_end_matches(|c| CLOSERS.contains(&c))
        .ends_with(['؟', '?', '!']);
    (question || !ends_with_terminal(line) && !line.trim_end().ends_with([',', '،', '؛', ';']))
        && word_count(line) <= max_words
}

/// A single line on its own is a heading when it is a headline without a question or
/// exclamation mark ([`is_headline`]) and not a list item.
fn is_heading(line: &str, max_words: usize) -> bool {
    !ends_with_terminal(line) && is_headline(line, max_words) && !is_list_item(line)
}

/// The sentences of the units: a heading whole, other units split at terminal punctuation,
/// then at clause boundaries when too long; list markers left out.
fn sentences(text: &str, units: &[Unit], opts: SegmentOptions) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut counters: Vec<usize> = Vec::new();
    for u in units {
        if counters.len() <= u.paragraph {
            counters.resize(u.paragraph + 1, 0);
        }
        let pieces: Vec<(usize, usize)> = if u.heading {
            trim_range(text, u.start, u.end).into_iter().collect()
        } else {
            let mut v = Vec::new();
            for (a, b) in split_unit(&text[u.start..u.end]) {
                let mut parts = Vec::new();
                split_long(
                    text,
                    u.start + a,
                    u.start + b,
                    opts.split_long_words,
                    &mut parts,
                );
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
                paragraph: u.paragraph,
                in_paragraph: counters[u.paragraph],
                heading: u.heading,
            });
            counters[u.paragraph] += 1;
        }
    }
    spans
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

/// Tokenize the byte range `start..end` of `text`: words of letters and digits, each with its
/// normalized, clitic-free and stemmed forms (proclitics as the word tables allow).
pub fn tokenize(text: &str, start: usize, end: usize, words: &Words) -> Vec<Token> {
    let slice = &text[start..end];
    let mut out = Vec::new();
    let mut word_start: Option<usize> = None;
    let push = |s: usize, e: usize, out: &mut Vec<Token>| {
        let raw = &slice[s..e];
        let n = normalize_text(raw);
        if n.is_empty() {
            return;
        }
        let (_, core) = words.split_clitics(&n);
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

#[cfg(test)]
mod tests;
