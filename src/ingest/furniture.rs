//! Lines of a document that are not sentences of its article, whatever the input kind: photo
//! captions and credits, datelines and agency tags, bylines, newspaper mastheads, section
//! labels, date and time lines, "follow us" lines and tag lists. Each is told by its form
//! (what it starts or ends with, how short it is, what it holds), as such lines are printed
//! on Arabic news pages and in the feeds made from them. A dateline that opens the first
//! paragraph ("سبق- جدة: ...", "المدينة نيوز :- ...") is cut off that paragraph alone.

use serde::Serialize;

use crate::arabic;
use crate::text;

/// Why a range of a document's text is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// Front matter of a Markdown file (its fields are the document's metadata).
    FrontMatter,
    /// Page chrome: a line of the chrome table (menus, sharing, subscriptions, copyright).
    Chrome,
    /// A line repeated across many documents of one source.
    Repeated,
    /// A photo caption or credit.
    Caption,
    /// A dateline or an agency tag: where and from whom the article comes.
    Dateline,
    /// The author's name line.
    Byline,
    /// A newspaper's masthead (its chairman and editor).
    Masthead,
    /// A section label ("العالم - اسيا الوسطى").
    Section,
    /// A line of dates, times and counters.
    Timestamp,
    /// A "follow us" or promotion line.
    Promo,
    /// A list of tags or keywords.
    Tags,
}

impl Reason {
    /// The name shown in the JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::FrontMatter => "front-matter",
            Reason::Chrome => "chrome",
            Reason::Repeated => "repeated",
            Reason::Caption => "caption",
            Reason::Dateline => "dateline",
            Reason::Byline => "byline",
            Reason::Masthead => "masthead",
            Reason::Section => "section",
            Reason::Timestamp => "timestamp",
            Reason::Promo => "promo",
            Reason::Tags => "tags",
        }
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// News agencies and outlets as they sign a dateline or tag a text (normalized).
const AGENCIES: &[&str] = &[
    "بترا",
    "واس",
    "وام",
    "قنا",
    "كونا",
    "سانا",
    "بنا",
    "ونا",
    "سبا",
    "معا",
    "وفا",
    "العمانيه",
    "الاناضول",
    "رويترز",
    "ا ف ب",
    "اف ب",
    "د ب ا",
    "ا ش ا",
    "ا ب",
    "شينخوا",
    "سبوتنيك",
    "الوكالات",
    "وكالات",
    "سبق",
    "رويترز",
    "afp",
    "reuters",
    "ap",
    "cnn",
    "bbc",
];

/// Words that open a byline (normalized): "كتب فلان", "بقلم فلان".
const BYLINE_OPENERS: &[&str] = &["كتب", "كتبت", "كتبه", "بقلم", "بواسطه", "اعداد", "by"];

/// Labels that open a credit line before a colon ("حوار: فلان", "تصوير: فلان").
const CREDIT_LABELS: &[(&str, Reason)] = &[
    ("حوار", Reason::Byline),
    ("اعداد", Reason::Byline),
    ("تقرير", Reason::Byline),
    ("ترجمه", Reason::Byline),
    ("متابعه", Reason::Byline),
    ("تحرير", Reason::Byline),
    ("المحرر", Reason::Byline),
    ("الكاتب", Reason::Byline),
    ("المصدر", Reason::Dateline),
    ("تصوير", Reason::Caption),
    ("صوره", Reason::Caption),
    ("الصوره", Reason::Caption),
    ("الصور", Reason::Caption),
    ("تصميم", Reason::Caption),
];

/// Ends of photo captions (normalized, terminal punctuation and brackets trimmed).
const CAPTION_ENDS: &[&str] = &[
    "صوره ارشيفيه",
    "صوره ارشيف",
    "صور ارشيفيه",
    "ارشيفيه",
    "صوره من الارشيف",
    "صوره من الانترنت",
    "صوره تعبيريه",
    "صوره توضيحيه",
    "صوره متداوله",
    "مواقع التواصل",
    "مواقع التواصل الاجتماعي",
    "getty images",
    "getty",
];

/// Openings of a newspaper's masthead (normalized).
const MASTHEADS: &[&str] = &[
    "رييس مجلس",
    "رييس مجلسي",
    "رييسا مجلس",
    "رييس التحرير",
    "رييسه التحرير",
    "مدير التحرير",
    "نايب رييس التحرير",
    "المدير العام",
];

/// Section names that open a section label (normalized).
const SECTIONS: &[&str] = &[
    "العالم",
    "الاخبار",
    "اخبار",
    "محليات",
    "محلي",
    "دولي",
    "دوليات",
    "عربي",
    "عربي ودولي",
    "عربي وعالمي",
    "عرب وعالم",
    "سياسه",
    "اقتصاد",
    "رياضه",
    "منوعات",
    "ثقافه",
    "فن",
    "فنون",
    "حوادث",
    "تقارير",
    "مقالات",
    "الراي",
    "صحه",
    "تكنولوجيا",
    "الشرق الاوسط",
    "الخليج",
    "اخبار الفن",
];

/// Openings of "follow us" and promotion lines (normalized).
const PROMOS: &[&str] = &[
    "تابعوا",
    "تابعونا",
    "تابعنا",
    "follow us",
    "لمتابعه اخر",
    "حملوا تطبيق",
];

/// Openings of tag lists (normalized).
const TAGS: &[&str] = &[
    "الوسوم",
    "وسوم",
    "كلمات مفتاحيه",
    "الكلمات المفتاحيه",
    "كلمات داله",
    "الكلمات الداله",
    "مواضيع متعلقه",
    "tags",
];

/// Lines of at most this many words may be furniture by their form.
const SHORT: usize = 12;

/// Words of a line: runs with a letter or digit.
fn words(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(arabic::is_word_char))
        .count()
}

/// Does `n` (normalized) start with `p` as whole words?
fn starts_with_words(n: &str, p: &str) -> bool {
    n.strip_prefix(p)
        .is_some_and(|rest| rest.is_empty() || !rest.starts_with(arabic::is_word_char))
}

/// Does `n` (normalized) end with `p` as whole words?
fn ends_with_words(n: &str, p: &str) -> bool {
    n.strip_suffix(p)
        .is_some_and(|rest| rest.is_empty() || !rest.ends_with(arabic::is_word_char))
}

/// The normalized line with the punctuation around it trimmed.
fn bare(n: &str) -> &str {
    n.trim_matches(|c: char| !arabic::is_word_char(c))
}

/// Is the line (normalized, bare) an agency's name alone: "-(بترا)", "(واس)", "// انتهى //"?
fn agency_tag(b: &str) -> bool {
    b == "انتهي" || AGENCIES.contains(&b)
}

/// Why a whole line is not a sentence of the article, if it is not.
pub fn line_reason(line: &str) -> Option<Reason> {
    let raw = line.trim();
    let n = arabic::norm(raw).to_lowercase();
    let b = bare(&n);
    if b.is_empty() {
        return None;
    }
    let w = words(raw);
    let terminal = text::ends_with_terminal(raw);
    let ends_with_colon = raw
        .trim_end_matches(['-', '–', ' '])
        .trim_end()
        .ends_with(':');
    if agency_tag(b) {
        return Some(Reason::Dateline);
    }
    if w <= 25 {
        let tail = bare(b);
        if CAPTION_ENDS.iter().any(|e| ends_with_words(tail, e)) {
            return Some(Reason::Caption);
        }
    }
    if w <= 6
        && let Some((label, _)) = b.split_once(':')
        && let Some((_, reason)) = CREDIT_LABELS.iter().find(|(l, _)| label.trim() == *l)
    {
        return Some(*reason);
    }
    // A credit label with its value on the next line, or nowhere ("المصدر:").
    if ends_with_colon && let Some((_, reason)) = CREDIT_LABELS.iter().find(|(l, _)| b == *l) {
        return Some(*reason);
    }
    // A place and an outlet in parentheses, on a line of their own: "(أبوظبي - البيان)",
    // "(الرياض - واس)".
    if w <= 5
        && raw.starts_with('(')
        && raw.ends_with(')')
        && raw[1..raw.len() - 1].contains(['-', '–'])
        && !raw[1..raw.len() - 1].contains(['(', ')'])
    {
        return Some(Reason::Dateline);
    }
    if w <= 5 && !terminal && BYLINE_OPENERS.iter().any(|o| starts_with_words(b, o)) {
        return Some(Reason::Byline);
    }
    if w <= 10 && !terminal && MASTHEADS.iter().any(|m| starts_with_words(b, m)) {
        return Some(Reason::Masthead);
    }
    // A short line that ends with a colon after names joined by dashes: a dateline of its own
    // ("عبدالله البرقاوي- سبق- الرياض:", "سبق- الوكالات:").
    if w <= 7 && ends_with_colon && (raw.contains('-') || raw.contains('–')) {
        return Some(Reason::Dateline);
    }
    if w <= 8 && !terminal && TAGS.iter().any(|t| starts_with_words(b, t)) || hashtags(raw) {
        return Some(Reason::Tags);
    }
    if w <= 15 && PROMOS.iter().any(|p| starts_with_words(b, p)) {
        return Some(Reason::Promo);
    }
    if w <= 6 && !terminal && section_label(b) {
        return Some(Reason::Section);
    }
    if w <= SHORT && !raw.ends_with('.') && (has_time(raw) || has_date(raw)) {
        // "نيويورك 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس": place, date and agency.
        let signed = AGENCIES.iter().any(|a| ends_with_words(b, a));
        return Some(if signed {
            Reason::Dateline
        } else {
            Reason::Timestamp
        });
    }
    None
}

/// A section name alone, or a section name and a subsection joined by a dash, `>`, `»` or
/// `/` ("العالم - اسيا الوسطى").
fn section_label(b: &str) -> bool {
    if SECTIONS.contains(&b) {
        return true;
    }
    let Some(i) = b.find([' ', '-', '–', '>', '»', '/', '|']) else {
        return false;
    };
    let rest = &b[i..];
    let joined = [" - ", " – ", " > ", " » ", " / ", " | "]
        .iter()
        .any(|sep| rest.contains(sep));
    joined
        && SECTIONS.iter().any(|s| {
            b.strip_prefix(s)
                .is_some_and(|r| r.trim_start().starts_with(['-', '–', '>', '»', '/', '|']))
        })
}

/// A line of hashtags only.
fn hashtags(raw: &str) -> bool {
    let ws: Vec<&str> = raw.split_whitespace().collect();
    ws.len() >= 2 && ws.iter().all(|w| w.starts_with('#'))
}

/// Digits folded to ASCII.
fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '٠'..='٩' => char::from_digit(c as u32 - '٠' as u32, 10).unwrap_or(c),
            '۰'..='۹' => char::from_digit(c as u32 - '۰' as u32, 10).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Holds a clock time ("14:14", "09:22").
fn has_time(raw: &str) -> bool {
    let s = ascii_digits(raw);
    let b = s.as_bytes();
    (0..b.len()).any(|i| {
        b[i] == b':'
            && i >= 1
            && b[i - 1].is_ascii_digit()
            && b.get(i + 1).is_some_and(u8::is_ascii_digit)
            && b.get(i + 2).is_some_and(u8::is_ascii_digit)
            && !b.get(i + 3).is_some_and(u8::is_ascii_digit)
    })
}

/// Holds a date: numeric (`2019-06-20`, `20/06/2019`) or printed with a month name.
fn has_date(raw: &str) -> bool {
    let s = ascii_digits(raw);
    let numeric = s.split(|c: char| c.is_whitespace() || c == '|').any(|tok| {
        let parts: Vec<&str> = tok.split(['-', '/', '.']).collect();
        parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            && parts.iter().any(|p| p.len() == 4)
    });
    numeric || super::extract::date_of(raw).is_some()
}

/// The length in bytes of a dateline that opens a line, with the space after it: a few words
/// before a colon that are names joined by dashes, an agency's name, or followed by a dash
/// ("سبق- جدة: ", "المدينة نيوز :- ", "القاهرة - أ ش أ: "), or an agency in brackets, perhaps
/// after its place, and a dash ("(بترا) - ", "دبي، الإمارات العربية المتحدة (CNN)-- "). Only
/// when the text goes on after it.
pub fn dateline_prefix(line: &str) -> Option<usize> {
    let lead = line.len() - line.trim_start().len();
    let t = line.trim_start();
    let cut = colon_dateline(t).or_else(|| agency_dateline(t))?;
    let rest = &t[cut..];
    let skip_ws = rest.len() - rest.trim_start().len();
    (words(rest) >= 4).then_some(lead + cut + skip_ws)
}

/// "سبق- الرياض: ...", "القاهرة - أ ش أ: ...": a few words with a dash or an agency, then a
/// colon. The byte offset just after the dateline.
fn colon_dateline(t: &str) -> Option<usize> {
    let colon = t.find(':')?;
    let before = &t[..colon];
    let after = &t[colon + 1..];
    if words(before) == 0 || words(before) > 5 {
        return None;
    }
    let dashed = before.contains('-') || before.contains('–');
    let dash_after = after.trim_start().starts_with(['-', '–']);
    let nb = arabic::norm(before).to_lowercase();
    let last_agency = AGENCIES
        .iter()
        .any(|a| ends_with_words(bare(&nb), a) || bare(&nb) == *a);
    if !(dashed || dash_after || last_agency) {
        return None;
    }
    let rest = after.trim_start().trim_start_matches(['-', '–']);
    Some(colon + 1 + (after.len() - rest.len()))
}

/// "(بترا) - ...", or a place before the agency: "دبي، الإمارات العربية المتحدة (CNN)-- ...".
/// The byte offset just after the dashes.
fn agency_dateline(t: &str) -> Option<usize> {
    let open = t.find('(')?;
    let before = &t[..open];
    if words(before) > 5 || before.contains(['.', '!', '?', '؟', ':']) {
        return None;
    }
    let close = open + t[open..].find(')')?;
    let inside = arabic::norm(&t[open + 1..close]).to_lowercase();
    if !AGENCIES.contains(&bare(&inside)) {
        return None;
    }
    let after = &t[close + 1..];
    let rest = after.trim_start();
    let dashes = rest.len() - rest.trim_start_matches(['-', '–', '—']).len();
    (dashes > 0).then_some(close + 1 + (after.len() - rest.len()) + dashes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_that_are_not_sentences() {
        let rows: &[(&str, &str, Option<Reason>)] = &[
            (
                "caption",
                "الرئيس خلال لقائه الوفد - صورة أرشيفية.",
                Some(Reason::Caption),
            ),
            ("caption alone", "(صورة أرشيفية)", Some(Reason::Caption)),
            ("photo credit", "تصوير: أحمد علي", Some(Reason::Caption)),
            (
                "dateline",
                "عبدالله البرقاوي- سبق- الرياض:",
                Some(Reason::Dateline),
            ),
            ("agencies", "سبق- الوكالات:", Some(Reason::Dateline)),
            ("agency tag", "--(بترا)", Some(Reason::Dateline)),
            (
                "place and outlet",
                "(أبوظبي - البيان)",
                Some(Reason::Dateline),
            ),
            ("place and agency", "(الرياض – واس)", Some(Reason::Dateline)),
            ("credit label alone", "المصدر:", Some(Reason::Dateline)),
            (
                "a sentence in parentheses is kept",
                "(وقال الوزير إن المحادثات - التي استمرت يومين - كانت مثمرة.)",
                None,
            ),
            ("agency footer", "// انتهى //", Some(Reason::Dateline)),
            ("byline", "كتبت أسماء نصار", Some(Reason::Byline)),
            (
                "interview byline",
                "حوار: آسيا العتروس",
                Some(Reason::Byline),
            ),
            (
                "masthead",
                "رئيس مجلسى الإدارة والتحرير",
                Some(Reason::Masthead),
            ),
            ("section", "العالم - اسيا الوسطى", Some(Reason::Section)),
            ("section alone", "عربي ودولي", Some(Reason::Section)),
            (
                "furniture",
                "منظمة التحرير الفلسطينية 2019-06-20 | 14:14 519",
                Some(Reason::Timestamp),
            ),
            (
                "published at",
                "تم نشره الجمعة 24 نيسان / أبريل 2020 09:22 مساءً",
                Some(Reason::Timestamp),
            ),
            ("date", "ديسمبر 24, 2020", Some(Reason::Timestamp)),
            (
                "dated dateline",
                "نيويورك 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس",
                Some(Reason::Dateline),
            ),
            (
                "follow us",
                "تابعوا أخبار الإمارات من البيان عبر غوغل نيوز",
                Some(Reason::Promo),
            ),
            ("tags", "الكلمات المفتاحية: كورونا، مصر", Some(Reason::Tags)),
            ("hashtags", "#مصر #كورونا", Some(Reason::Tags)),
            // Sentences stay.
            ("sentence", "وقال الوزير إن الحكومة ستفتح المطار غدا.", None),
            ("quote", "وقال الوزير: إن الحكومة ستفتح المطار غدا.", None),
            ("heading", "انتكاسة جديدة", None),
            (
                "dated sentence",
                "وفي 24 ديسمبر 2020 أعلنت الوزارة عن خطة جديدة للتطعيم.",
                None,
            ),
            (
                "wrote sentence",
                "كتب الرئيس على حسابه في تويتر أن الاتفاق بات قريبا.",
                None,
            ),
            ("followed", "تابع الوزير سير العمل في المشروع.", None),
            ("numbers", "ارتفع العدد إلى 196 حالة.", None),
            ("question", "هل تنتهي الأزمة؟", None),
        ];
        for (name, line, want) in rows {
            assert_eq!(line_reason(line), *want, "{name}: {line}");
        }
    }

    #[test]
    fn the_tables_are_written_normalized() {
        let tables: [&[&str]; 7] = [
            AGENCIES,
            BYLINE_OPENERS,
            CAPTION_ENDS,
            MASTHEADS,
            SECTIONS,
            PROMOS,
            TAGS,
        ];
        for e in tables
            .iter()
            .flat_map(|t| t.iter())
            .chain(CREDIT_LABELS.iter().map(|(l, _)| l))
        {
            assert_eq!(arabic::norm(e).to_lowercase(), *e);
        }
    }

    #[test]
    fn datelines_before_the_first_sentence() {
        let rows: &[(&str, Option<&str>)] = &[
            (
                "سبق- جدة: إنفاذاً لتوجيهات خادم الحرمين الشريفين الملك سلمان",
                Some("إنفاذاً"),
            ),
            (
                "المدينة نيوز :- بلغت حصيلة الوفيات الناجمة عن فيروس كورونا",
                Some("بلغت"),
            ),
            (
                "القاهرة - أ ش أ: أعلنت وزارة الصحة تسجيل إصابات جديدة",
                Some("أعلنت"),
            ),
            (
                "(بترا) - أعلنت وزارة الصحة تسجيل إصابات جديدة اليوم",
                Some("أعلنت"),
            ),
            (
                "واشنطن، الولايات المتحدة الأمريكية (CNN)— أعلن السكرتير الإعلامي للبيت الأبيض",
                Some("أعلن"),
            ),
            (
                "دبي، الإمارات العربية المتحدة (CNN)-- وصف الشيخ حمد بن جاسم عبر تغريدة: اعتداء",
                Some("وصف"),
            ),
            ("وقال الوزير (بترا) إن الحكومة ستفتح المطار غدا", None),
            ("وقال الوزير: إن الحكومة ستفتح المطار غدا", None),
            ("سبق- جدة: نعم", None),
        ];
        for (line, rest) in rows {
            let got = dateline_prefix(line).map(|n| line[n..].split(' ').next().unwrap());
            assert_eq!(got, *rest, "{line}");
        }
    }
}
