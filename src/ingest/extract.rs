//! Article extraction from a web page: the article's paragraphs without the page around them
//! (menus, tickers, related and "most read" lists, share bars, comment forms, footers), and
//! its metadata (headline, publication date, author, canonical URL, site name).
//!
//! The body is found as Mozilla's Readability finds it: every paragraph of some length scores
//! its container (more for commas and length), the containers' scores are weighted by their
//! class and id words and cut by their link density, and the best container is taken with
//! the siblings that score near it. A page that marks its body (`itemprop="articleBody"`) is
//! taken at its word; a JSON-LD `articleBody` is the fallback when no container holds as much
//! text. Inside the article, blocks that are mostly links (related headlines, tag lists),
//! blocks whose class marks page chrome and the headline itself are left out.
//!
//! The metadata is read from JSON-LD (`headline`, `datePublished`, `author`, `url`), Open
//! Graph and article meta tags, `<time datetime>`, the page's `<h1>` and `<title>` (with the
//! site name stripped), and as a last resort a date printed near the top of the article.
//! Entities are decoded by the HTML parser everywhere.

use scraper::{ElementRef, Html, Node, Selector};

use crate::arabic;
use crate::text;

/// What [`extract`] finds in a page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub title: Option<String>,
    /// The publication date: `YYYY-MM-DD`, or an ISO date-time as the page gives it.
    pub date: Option<String>,
    pub author: Option<String>,
    /// The canonical URL.
    pub url: Option<String>,
    /// The site's name.
    pub site: Option<String>,
    /// The article's paragraphs, each a list of lines (`<br>` breaks lines).
    pub paragraphs: Vec<Vec<String>>,
}

/// Extract the article and its metadata from an HTML page.
pub fn extract(html: &str) -> Page {
    let dom = Html::parse_document(html);
    let ld = JsonLd::of(&dom);
    let tree = Tree::of(&dom);
    let meta = Meta::of(&dom);
    let site = meta
        .get(&["og:site_name", "application-name"])
        .or_else(|| ld.publisher.clone());
    let title = title(&dom, &meta, &ld, site.as_deref());
    let mut paragraphs = tree.article();
    let body_len = |p: &[Vec<String>]| p.iter().flatten().map(|l| l.chars().count()).sum::<usize>();
    if let Some(body) = &ld.body {
        let ld_len = body.chars().count();
        if body_len(&paragraphs) * 2 < ld_len {
            paragraphs = body
                .lines()
                .map(text::display)
                .filter(|l| !l.is_empty())
                .map(|l| vec![l])
                .collect();
        }
    }
    // The headline is not a paragraph of the body; a lead repeating it neither.
    if let Some(t) = &title {
        let key = arabic::squash(t);
        paragraphs.retain(|p| {
            let k = arabic::squash(&p.join(" "));
            k.is_empty() || k != key
        });
    }
    let date = ld
        .date
        .as_deref()
        .and_then(date_of)
        .or_else(|| {
            meta.get(&[
                "article:published_time",
                "datePublished",
                "date",
                "pubdate",
                "publishdate",
                "dc.date",
                "dc.date.issued",
                "dcterms.created",
                "sailthru.date",
                "parsely-pub-date",
            ])
            .as_deref()
            .and_then(date_of)
        })
        .or_else(|| attr_date(&dom))
        .or_else(|| printed_date(&tree));
    let author = ld
        .author
        .clone()
        .or_else(|| meta.get(&["author", "article:author"]))
        .filter(|a| !a.starts_with("http"));
    let url = link_canonical(&dom)
        .or_else(|| meta.get(&["og:url"]))
        .or_else(|| ld.url.clone());
    Page {
        title,
        date,
        author,
        url,
        site,
        paragraphs,
    }
}

/// The paragraphs of an HTML fragment that is all article (a feed item's HTML body): every
/// block's lines, page chrome left out, no container chosen.
pub fn fragment(html: &str) -> Vec<Vec<String>> {
    let dom = Html::parse_document(html);
    let tree = Tree::of(&dom);
    if tree.els.is_empty() {
        return Vec::new();
    }
    tree.paragraphs(&[0])
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("static selector")
}

/// The text of an element, white space collapsed.
fn text_of(e: ElementRef) -> String {
    text::display(&e.text().collect::<String>())
}

// ---------------------------------------------------------------------------------------------
// Metadata
// ---------------------------------------------------------------------------------------------

/// The page's `<meta>` values by `property`, `name` or `itemprop`, in page order.
struct Meta(Vec<(String, String)>);

impl Meta {
    fn of(dom: &Html) -> Meta {
        let mut v = Vec::new();
        for m in dom.select(&sel("meta[content]")) {
            let e = m.value();
            let Some(key) = e
                .attr("property")
                .or_else(|| e.attr("name"))
                .or_else(|| e.attr("itemprop"))
            else {
                continue;
            };
            let value = text::display(e.attr("content").unwrap_or_default());
            if !value.is_empty() {
                v.push((key.to_ascii_lowercase(), value));
            }
        }
        Meta(v)
    }

    /// The first value under any of these keys, in the order of the keys.
    fn get(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|k| {
            let k = k.to_ascii_lowercase();
            self.0
                .iter()
                .find(|(key, _)| *key == k)
                .map(|(_, v)| v.clone())
        })
    }
}

/// What the page's JSON-LD says of its article.
#[derive(Debug, Default)]
struct JsonLd {
    headline: Option<String>,
    date: Option<String>,
    author: Option<String>,
    body: Option<String>,
    url: Option<String>,
    publisher: Option<String>,
}

/// Schema.org types of an article.
const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "WebPage",
];

impl JsonLd {
    fn of(dom: &Html) -> JsonLd {
        let mut out = JsonLd::default();
        let mut objects = Vec::new();
        for s in dom.select(&sel("script[type=\"application/ld+json\"]")) {
            let raw: String = s.text().collect();
            // Some pages end a block with a stray comma or put control characters in strings.
            let cleaned: String = raw
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(cleaned.trim()) {
                flatten_ld(v, &mut objects);
            }
        }
        // Articles before a bare WebPage.
        objects.sort_by_key(|o| u8::from(type_is(o, &["WebPage"])));
        for o in &objects {
            if !type_is(o, ARTICLE_TYPES) {
                continue;
            }
            let s = |k: &str| o.get(k).and_then(ld_string);
            out.headline = out
                .headline
                .take()
                .or_else(|| s("headline"))
                .or_else(|| s("name"));
            out.date = out.date.take().or_else(|| s("datePublished"));
            out.body = out.body.take().or_else(|| {
                o.get("articleBody")
                    .and_then(|v| v.as_str())
                    .map(decode_entities)
            });
            out.author = out
                .author
                .take()
                .or_else(|| o.get("author").and_then(ld_name));
            out.url = out.url.take().or_else(|| s("url"));
            out.publisher = out
                .publisher
                .take()
                .or_else(|| o.get("publisher").and_then(ld_name));
        }
        out
    }
}

/// Objects of a JSON-LD value: itself, the items of an array, the members of an `@graph`.
fn flatten_ld(v: serde_json::Value, out: &mut Vec<serde_json::Map<String, serde_json::Value>>) {
    match v {
        serde_json::Value::Array(a) => a.into_iter().for_each(|x| flatten_ld(x, out)),
        serde_json::Value::Object(mut o) => {
            if let Some(g) = o.remove("@graph") {
                flatten_ld(g, out);
            }
            out.push(o);
        }
        _ => {}
    }
}

fn type_is(o: &serde_json::Map<String, serde_json::Value>, types: &[&str]) -> bool {
    match o.get("@type") {
        Some(serde_json::Value::String(t)) => types.contains(&t.as_str()),
        Some(serde_json::Value::Array(a)) => a
            .iter()
            .any(|t| t.as_str().is_some_and(|t| types.contains(&t))),
        _ => false,
    }
}

fn ld_string(v: &serde_json::Value) -> Option<String> {
    let s = text::display(&decode_entities(v.as_str()?));
    (!s.is_empty()).then_some(s)
}

/// A name: a string, an object's `name`, or the first of a list.
fn ld_name(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(_) => ld_string(v),
        serde_json::Value::Object(o) => o.get("name").and_then(ld_string),
        serde_json::Value::Array(a) => a.iter().find_map(ld_name),
        _ => None,
    }
}

/// Text with its HTML entities decoded (`&#8220;`, `&amp;`, `&nbsp;`) and tags, if any, left
/// out.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') && !s.contains('<') {
        return s.to_string();
    }
    Html::parse_fragment(s).root_element().text().collect()
}

fn link_canonical(dom: &Html) -> Option<String> {
    dom.select(&sel("link[rel=\"canonical\"][href]"))
        .find_map(|l| l.value().attr("href"))
        .map(str::trim)
        .filter(|h| h.starts_with("http"))
        .map(String::from)
}

/// Separators between a headline and the site's name in `<title>` and `og:title`.
const TITLE_SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " « ", " » ", " • ", " · ",
];

/// Words that name a site rather than say news ("المدينة نيوز", "بوابة أخبار اليوم", "قناة صدى
/// البلد"), normalized.
const SITE_WORDS: &[&str] = &[
    "نيوز",
    "news",
    "موقع",
    "بوابه",
    "جريده",
    "صحيفه",
    "قناه",
    "شبكه",
    "online",
    "arabic",
    "tv",
];

/// Does a short part of a title read as a site's name: a site word, or a domain?
fn site_like(part: &str) -> bool {
    let n = arabic::norm(part).to_lowercase();
    let words: Vec<&str> = n.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 4
        && words.iter().any(|w| {
            SITE_WORDS.contains(w) || [".com", ".net", ".org"].iter().any(|d| w.ends_with(d))
        })
}

/// A title without the site's name before or after it: a part that is, or is within, the
/// site's name (or the site's name within it), or that reads as a site's name ([`site_like`]),
/// is cut at the separator.
fn strip_site(title: &str, sites: &[String]) -> String {
    let title = text::display(title);
    let keys: Vec<String> = sites
        .iter()
        .map(|s| arabic::squash(s))
        .filter(|k| !k.is_empty())
        .collect();
    let is_site = |part: &str| {
        let k = arabic::squash(part);
        !k.is_empty()
            && (keys
                .iter()
                .any(|s| *s == k || s.contains(k.as_str()) || k.contains(s.as_str()))
                || site_like(part))
    };
    for sep in TITLE_SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(sep)
            && is_site(tail)
            && !head.trim().is_empty()
        {
            return head.trim().to_string();
        }
        if let Some((head, tail)) = title.split_once(sep)
            && is_site(head)
            && !tail.trim().is_empty()
        {
            return tail.trim().to_string();
        }
    }
    title
}

/// The headline: the page's `<h1>` when it is the headline the metadata gives (with or
/// without the site's name); else JSON-LD `headline`, `og:title` or `<title>` without the
/// site's name; else the only `<h1>`.
fn title(dom: &Html, meta: &Meta, ld: &JsonLd, site: Option<&str>) -> Option<String> {
    let page_title = dom.select(&sel("title")).next().map(text_of);
    let mut sites: Vec<String> = site.into_iter().map(String::from).collect();
    sites.extend(ld.publisher.clone());
    sites.extend(
        meta.get(&["twitter:site"])
            .map(|s| s.trim_start_matches('@').to_string()),
    );
    let candidates: Vec<String> = [
        ld.headline.clone(),
        meta.get(&["og:title"]),
        meta.get(&["twitter:title"]),
        page_title.clone(),
    ]
    .into_iter()
    .flatten()
    .map(|t| strip_site(&t, &sites))
    .filter(|t| !t.is_empty())
    .collect();
    let keys: Vec<String> = candidates.iter().map(|c| arabic::squash(c)).collect();
    let whole_title = page_title
        .as_deref()
        .map(arabic::squash)
        .unwrap_or_default();
    let h1s: Vec<String> = dom
        .select(&sel("h1"))
        .map(text_of)
        .filter(|t| !t.is_empty())
        .collect();
    for h in &h1s {
        let k = arabic::squash(h);
        if k.is_empty() {
            continue;
        }
        let words = h.split_whitespace().count();
        if keys.contains(&k) || words >= 3 && whole_title.contains(k.as_str()) {
            return Some(h.clone());
        }
    }
    candidates
        .into_iter()
        .next()
        .or_else(|| (h1s.len() == 1).then(|| h1s[0].clone()))
}

/// A date as `YYYY-MM-DD...` (an ISO date or date-time as given), or read from a printed date
/// ("07 أكتوبر 2020", "الجمعة 8 فيفري 2019", "24 نيسان / أبريل 2020", "December 24, 2020").
pub fn date_of(s: &str) -> Option<String> {
    let t = s.trim();
    if iso_day(t) {
        return Some(t.to_string());
    }
    printed(t)
}

/// Does the text start with a valid `YYYY-MM-DD`?
fn iso_day(t: &str) -> bool {
    let Some(d) = t.get(..10) else {
        return false;
    };
    let b = d.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r.clone()]
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| std::str::from_utf8(&b[r.clone()]).ok()?.parse().ok())
            .flatten()
    };
    matches!(
        (num(0..4), b[4], num(5..7), b[7], num(8..10)),
        (Some(y), b'-', Some(m), b'-', Some(d)) if (1900..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)
    )
}

/// Month names: Arabic (Egypt and the Gulf), Levantine and Iraqi, Maghrebi, English.
const MONTHS: &[(&str, u32)] = &[
    ("يناير", 1),
    ("فبراير", 2),
    ("مارس", 3),
    ("ابريل", 4),
    ("مايو", 5),
    ("يونيو", 6),
    ("يوليو", 7),
    ("اغسطس", 8),
    ("سبتمبر", 9),
    ("اكتوبر", 10),
    ("نوفمبر", 11),
    ("ديسمبر", 12),
    ("كانون الثاني", 1),
    ("شباط", 2),
    ("اذار", 3),
    ("نيسان", 4),
    ("ايار", 5),
    ("حزيران", 6),
    ("تموز", 7),
    ("اب", 8),
    ("ايلول", 9),
    ("تشرين الاول", 10),
    ("تشرين الثاني", 11),
    ("كانون الاول", 12),
    ("جانفي", 1),
    ("فيفري", 2),
    ("افريل", 4),
    ("ماي", 5),
    ("جوان", 6),
    ("جويليه", 7),
    ("اوت", 8),
    ("يونيه", 6),
    ("يوليه", 7),
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
];

/// A printed date: a day, a month name and a year, in either order of day and month; Arabic-
/// Indic digits read as digits. `YYYY-MM-DD`.
fn printed(s: &str) -> Option<String> {
    let folded: String = s
        .chars()
        .map(|c| match c {
            '٠'..='٩' => char::from_digit(c as u32 - '٠' as u32, 10).unwrap_or(c),
            '۰'..='۹' => char::from_digit(c as u32 - '۰' as u32, 10).unwrap_or(c),
            _ => c,
        })
        .collect();
    let n = arabic::norm(&folded).to_lowercase();
    // Words: runs of letters, or of digits.
    let words: Vec<&str> = n
        .split(|c: char| !(c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    for i in 0..words.len() {
        let (month, len) = match month_at(&words[i..]) {
            Some(m) => m,
            None => continue,
        };
        let num = |w: Option<&&str>| w.and_then(|w| w.parse::<u32>().ok());
        let before = i.checked_sub(1).and_then(|j| num(words.get(j)));
        let after = num(words.get(i + len));
        let after2 = num(words.get(i + len + 1));
        // "07 أكتوبر 2020", "24 نيسان / أبريل 2020" (a second month name between).
        let year_after = after.or_else(|| {
            month_at(&words[i + len..]).and_then(|(_, l2)| num(words.get(i + len + l2)))
        });
        let (day, year) = match (before, after, after2) {
            (Some(d), _, _) if (1..=31).contains(&d) => (d, year_after?),
            (_, Some(d), Some(y)) if (1..=31).contains(&d) => (d, y),
            _ => continue,
        };
        if (1900..=2100).contains(&year) {
            return Some(format!("{year:04}-{month:02}-{day:02}"));
        }
    }
    None
}

/// The month named at the start of `words`, and how many words its name takes.
fn month_at(words: &[&str]) -> Option<(u32, usize)> {
    MONTHS.iter().find_map(|(name, m)| {
        let parts: Vec<&str> = name.split(' ').collect();
        (words.len() >= parts.len() && words[..parts.len()] == parts[..])
            .then_some((*m, parts.len()))
    })
}

/// A date in a machine-readable attribute: `<time datetime>`, or an element with
/// `itemprop="datePublished"` or `property="dc:date"` and a `content` or `datetime`.
fn attr_date(dom: &Html) -> Option<String> {
    let s = sel(
        "time[datetime], [itemprop=\"datePublished\"], [property=\"dc:date\"], [property=\"article:published_time\"]",
    );
    dom.select(&s).find_map(|e| {
        let v = e.value();
        v.attr("datetime")
            .or_else(|| v.attr("content"))
            .and_then(date_of)
    })
}

/// A date printed in a short line of the page near the article (a byline or date line).
fn printed_date(tree: &Tree) -> Option<String> {
    tree.units
        .iter()
        .filter(|u| u.text.split_whitespace().count() <= 12)
        .find_map(|u| printed(&u.text))
}

// ---------------------------------------------------------------------------------------------
// The body
// ---------------------------------------------------------------------------------------------

/// Elements whose content is never article text.
const EXCLUDED_TAGS: &[&str] = &[
    "script",
    "style",
    "nav",
    "aside",
    "footer",
    "noscript",
    "button",
    "figure",
    "figcaption",
    "iframe",
    "svg",
    "template",
    "select",
    "textarea",
    "dialog",
    "menu",
    "input",
    "label",
    "option",
    "head",
    "title",
    "picture",
    "video",
    "audio",
    "canvas",
    "object",
    "embed",
];

/// Words of a class or id that mark page chrome (share bars, related links, ads ...).
const NEGATIVE_WORDS: &[&str] = &[
    "share",
    "sharing",
    "social",
    "related",
    "comment",
    "comments",
    "newsletter",
    "subscribe",
    "subscription",
    "breadcrumb",
    "breadcrumbs",
    "tags",
    "tag",
    "ad",
    "ads",
    "advert",
    "advertisement",
    "sidebar",
    "menu",
    "navbar",
    "nav",
    "footer",
    "promo",
    "cookie",
    "cookies",
    "popup",
    "modal",
    "banner",
    "sponsored",
    "recommended",
    "readmore",
    "widget",
    "masthead",
    "caption",
    "credit",
    "poll",
    "ticker",
    "breaking",
    "login",
    "register",
    "author",
    "byline",
    "meta",
    "date",
    "time",
    "print",
    "toolbar",
    "tools",
    "hidden",
    "most",
    "popular",
    "trending",
    "latest",
    "more",
    "next",
    "prev",
    "previous",
    "pagination",
    "outbrain",
    "taboola",
    "disqus",
    "rating",
    "keywords",
    "image",
    "img",
    "photo",
    "photos",
    "gallery",
    "media",
    "thumb",
    "thumbnail",
    "created",
    "published",
    "updated",
    "info",
];

/// Words of a class or id that mark the article's content.
const POSITIVE_WORDS: &[&str] = &[
    "article",
    "body",
    "content",
    "entry",
    "main",
    "post",
    "text",
    "story",
    "news",
    "details",
    "detail",
    "blog",
    "paragraph",
    "articlebody",
    "article_body",
    "field",
];

/// The words of an element's class and id, lowercase, split at `-`, `_` and spaces, with the
/// whole values too ("article-body").
fn class_words(e: &scraper::node::Element) -> Vec<String> {
    let mut out = Vec::new();
    for v in e.attr("class").into_iter().chain(e.attr("id")) {
        for whole in v.split_whitespace() {
            let lw = whole.to_ascii_lowercase();
            out.extend(
                lw.split(['-', '_'])
                    .filter(|w| !w.is_empty())
                    .map(String::from),
            );
            out.push(lw);
        }
    }
    out
}

/// +25 for a class or id of article content, -25 for one of page chrome (Readability's
/// weights); both may apply.
fn class_weight(words: &[String]) -> f64 {
    let mut w = 0.0;
    if words.iter().any(|x| NEGATIVE_WORDS.contains(&x.as_str())) {
        w -= 25.0;
    }
    if words.iter().any(|x| POSITIVE_WORDS.contains(&x.as_str())) {
        w += 25.0;
    }
    w
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "tbody"
            | "thead"
            | "tr"
            | "td"
            | "th"
            | "hr"
            | "address"
            | "center"
            | "form"
            | "body"
            | "html"
            | "fieldset"
    )
}

/// Paragraph-like blocks: their text scores their parent, not themselves.
fn is_paragraph(name: &str) -> bool {
    matches!(
        name,
        "p" | "pre" | "blockquote" | "h2" | "h3" | "h4" | "h5" | "h6"
    )
}

/// One element of the simplified tree.
#[derive(Debug)]
struct El {
    name: String,
    parent: Option<usize>,
    children: Vec<usize>,
    /// Class and id words.
    words: Vec<String>,
    /// Characters of text in it (all descendants), and of them inside links.
    chars: usize,
    link_chars: usize,
    /// Commas in its text.
    commas: usize,
    /// Has it an `itemprop="articleBody"`?
    article_body: bool,
    /// Is it a lead (`itemprop="description"`, a class word `lead`)?
    lead: bool,
}

/// A line of text and the block element it belongs to.
#[derive(Debug)]
struct Unit {
    text: String,
    /// The nearest block element holding it.
    block: usize,
    chars: usize,
    link_chars: usize,
}

/// The page as a tree of elements with their text in lines ("units"), in document order.
struct Tree {
    els: Vec<El>,
    units: Vec<Unit>,
}

impl Tree {
    /// Build the tree of the `<body>` (the whole document when it has none), leaving out
    /// [`EXCLUDED_TAGS`] and hidden elements. Iterative: deep pages cannot overflow the stack.
    fn of(dom: &Html) -> Tree {
        let body = dom
            .select(&sel("body"))
            .next()
            .unwrap_or_else(|| dom.root_element());
        let mut t = Tree {
            els: Vec::new(),
            units: Vec::new(),
        };
        enum Step<'a> {
            Enter(ego_node::Ref<'a>, Option<usize>, bool),
            Leave,
        }
        let mut line = String::new();
        let mut line_links = 0usize;
        let mut stack = vec![Step::Enter(*body, None, false)];
        // The current block element (innermost block entered and not left).
        let mut blocks: Vec<usize> = Vec::new();
        let flush = |t: &mut Tree, line: &mut String, links: &mut usize, blocks: &[usize]| {
            let text = text::display(line);
            if !text.is_empty()
                && let Some(&b) = blocks.last()
            {
                let chars = text.chars().count();
                t.units.push(Unit {
                    text,
                    block: b,
                    chars,
                    link_chars: (*links).min(chars),
                });
            }
            line.clear();
            *links = 0;
        };
        while let Some(step) = stack.pop() {
            match step {
                Step::Leave => {
                    flush(&mut t, &mut line, &mut line_links, &blocks);
                    blocks.pop();
                }
                Step::Enter(node, parent, in_link) => match node.value() {
                    Node::Text(x) => {
                        if in_link {
                            line_links += x.chars().filter(|c| !c.is_whitespace()).count();
                        }
                        line.push_str(x);
                    }
                    Node::Element(e) => {
                        let name = e.name();
                        if EXCLUDED_TAGS.contains(&name) || hidden(e) {
                            continue;
                        }
                        if name == "br" {
                            flush(&mut t, &mut line, &mut line_links, &blocks);
                            continue;
                        }
                        let block = is_block(name) || parent.is_none();
                        let mut me = parent;
                        if block {
                            flush(&mut t, &mut line, &mut line_links, &blocks);
                            let i = t.els.len();
                            t.els.push(El {
                                name: name.to_string(),
                                parent,
                                children: Vec::new(),
                                words: class_words(e),
                                chars: 0,
                                link_chars: 0,
                                commas: 0,
                                article_body: e.attr("itemprop") == Some("articleBody"),
                                lead: e.attr("itemprop") == Some("description")
                                    || class_words(e).iter().any(|w| w == "lead"),
                            });
                            if let Some(p) = parent {
                                t.els[p].children.push(i);
                            }
                            blocks.push(i);
                            stack.push(Step::Leave);
                            me = Some(i);
                        } else if inline_chrome(e) {
                            continue;
                        }
                        let link = in_link || name == "a";
                        let children: Vec<_> = node.children().collect();
                        stack.extend(children.into_iter().rev().map(|c| Step::Enter(c, me, link)));
                    }
                    _ => {}
                },
            }
        }
        flush(&mut t, &mut line, &mut line_links, &blocks);
        // Text counts up the tree.
        for u in &t.units {
            let commas = u
                .text
                .chars()
                .filter(|c| matches!(c, ',' | '،' | '؛'))
                .count();
            let mut at = Some(u.block);
            while let Some(i) = at {
                let el = &mut t.els[i];
                el.chars += u.chars;
                el.link_chars += u.link_chars;
                el.commas += commas;
                at = el.parent;
            }
        }
        t
    }

    fn link_density(&self, i: usize) -> f64 {
        let e = &self.els[i];
        if e.chars == 0 {
            0.0
        } else {
            e.link_chars as f64 / e.chars as f64
        }
    }

    /// Readability's candidate scores: each paragraph of at least 25 characters gives
    /// `1 + commas + min(chars / 100, 3)` to its container, half to the container's parent and
    /// a sixth to the grandparent; a container starts from its tag's and class's weights.
    fn scores(&self) -> Vec<Option<f64>> {
        let mut scores: Vec<Option<f64>> = vec![None; self.els.len()];
        let init = |i: usize| -> f64 {
            let e = &self.els[i];
            let tag = match e.name.as_str() {
                "div" | "article" | "main" | "section" => 5.0,
                "pre" | "td" | "blockquote" => 3.0,
                "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
                _ => 0.0,
            };
            tag + class_weight(&e.words)
        };
        // Each block's own text (its units), as one paragraph.
        let mut own: Vec<(usize, usize)> = vec![(0, 0); self.els.len()];
        for u in &self.units {
            own[u.block].0 += u.chars;
            own[u.block].1 += u
                .text
                .chars()
                .filter(|c| matches!(c, ',' | '،' | '؛'))
                .count();
        }
        for (b, &(chars, commas)) in own.iter().enumerate() {
            if chars < 25 {
                continue;
            }
            let s = 1.0 + commas as f64 + (chars as f64 / 100.0).min(3.0);
            let holder = if is_paragraph(&self.els[b].name) {
                self.els[b].parent
            } else {
                Some(b)
            };
            let mut at = holder;
            for level in 0..3 {
                let Some(i) = at else { break };
                let share = match level {
                    0 => 1.0,
                    1 => 0.5,
                    _ => 1.0 / 6.0,
                };
                let cur = scores[i].get_or_insert_with(|| init(i));
                *cur += s * share;
                at = self.els[i].parent;
            }
        }
        for (i, s) in scores.iter_mut().enumerate() {
            if let Some(s) = s {
                *s *= 1.0 - self.link_density(i);
            }
        }
        scores
    }

    /// The elements that hold the article: a marked article body, else the best-scored
    /// container and those of its siblings that score near it.
    fn article_roots(&self) -> Vec<usize> {
        if let Some(i) = (0..self.els.len())
            .filter(|&i| self.els[i].article_body && self.els[i].chars >= 200)
            .max_by_key(|&i| self.els[i].chars)
        {
            // The lead paragraph a page marks as its description just before the body.
            let lead = self.els[i].parent.and_then(|p| {
                let siblings = &self.els[p].children;
                let at = siblings.iter().position(|&c| c == i)?;
                let before = *siblings.get(at.checked_sub(1)?)?;
                (self.els[before].lead && self.els[before].chars >= 40).then_some(before)
            });
            return lead.into_iter().chain([i]).collect();
        }
        let scores = self.scores();
        let Some(top) = (0..self.els.len())
            .filter_map(|i| scores[i].map(|s| (i, s)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
        else {
            // No paragraph of any length: the whole page, such as it is.
            return if self.els.is_empty() {
                Vec::new()
            } else {
                vec![0]
            };
        };
        let (top, top_score) = top;
        let Some(parent) = self.els[top].parent else {
            return vec![top];
        };
        let threshold = (top_score * 0.2).max(10.0);
        let top_class = self.els[top].words.clone();
        self.els[parent]
            .children
            .iter()
            .copied()
            .filter(|&s| {
                if s == top {
                    return true;
                }
                let e = &self.els[s];
                let bonus = if !top_class.is_empty() && e.words == top_class {
                    top_score * 0.2
                } else {
                    0.0
                };
                if scores[s].is_some_and(|x| x + bonus >= threshold) {
                    return true;
                }
                if e.name == "p" {
                    let ld = self.link_density(s);
                    let own: String = self
                        .units
                        .iter()
                        .filter(|u| u.block == s)
                        .map(|u| u.text.as_str())
                        .collect();
                    return e.chars > 80 && ld < 0.25
                        || e.chars <= 80
                            && e.chars > 0
                            && ld == 0.0
                            && text::ends_with_terminal(&own);
                }
                false
            })
            .collect()
    }

    /// Is element `i` page chrome inside the article: its class or id says so (unless it
    /// holds half the article or more), or it is mostly links, or it is the headline?
    fn is_chrome(&self, i: usize, article_chars: usize) -> bool {
        let e = &self.els[i];
        if e.name == "h1" {
            return true;
        }
        if e.words.iter().any(|x| NEGATIVE_WORDS.contains(&x.as_str()))
            && e.chars * 2 < article_chars
        {
            return true;
        }
        let ld = self.link_density(i);
        matches!(
            e.name.as_str(),
            "ul" | "ol" | "div" | "section" | "table" | "li" | "form"
        ) && e.chars * 2 < article_chars
            && (ld > 0.5 || ld > 0.33 && e.commas == 0 && e.chars < 200)
    }

    /// The article's paragraphs (lines of one block element make one paragraph).
    fn article(&self) -> Vec<Vec<String>> {
        self.paragraphs(&self.article_roots())
    }

    /// The paragraphs under these elements, chrome left out.
    fn paragraphs(&self, roots: &[usize]) -> Vec<Vec<String>> {
        let article_chars: usize = roots.iter().map(|&r| self.els[r].chars).sum();
        // Which elements are in the article and not chrome.
        let mut keep = vec![false; self.els.len()];
        for &r in roots {
            let mut stack = vec![r];
            while let Some(i) = stack.pop() {
                if i != r && self.is_chrome(i, article_chars) {
                    continue;
                }
                keep[i] = true;
                stack.extend(self.els[i].children.iter().copied());
            }
        }
        let mut paras: Vec<Vec<String>> = Vec::new();
        let mut last: Option<usize> = None;
        for u in &self.units {
            if !keep[u.block] {
                continue;
            }
            // A line that is mostly a link is a link to elsewhere ("read also: ...").
            if u.link_chars * 2 > u.chars {
                last = None;
                continue;
            }
            if last == Some(u.block)
                && let Some(p) = paras.last_mut()
            {
                p.push(u.text.clone());
            } else {
                paras.push(vec![u.text.clone()]);
            }
            last = Some(u.block);
        }
        paras
    }
}

/// Inline elements of page chrome inside a block: share links, icons (by class).
fn inline_chrome(e: &scraper::node::Element) -> bool {
    let words = class_words(e);
    words.iter().any(|w| {
        matches!(
            w.as_str(),
            "share" | "sharing" | "social" | "caption" | "credit"
        )
    })
}

/// Hidden by attribute or inline style, or a dialog's role.
fn hidden(e: &scraper::node::Element) -> bool {
    if e.attr("hidden").is_some() || e.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(style) = e.attr("style") {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    e.attr("role").is_some_and(|role| {
        matches!(
            role,
            "navigation" | "banner" | "contentinfo" | "complementary" | "search" | "dialog"
        )
    })
}

mod ego_node {
    /// A node of scraper's tree.
    pub type Ref<'a> = <scraper::ElementRef<'a> as std::ops::Deref>::Target;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A news page as real ones are built: a menu and a ticker before the article, the
    /// headline with the site's name in `<title>`, a date in JSON-LD, a lead marked as the
    /// description before the marked body, a photo caption, a "read also" link and a related
    /// list inside the body, tags, a comment form and a footer after it.
    const PAGE: &str = r#"<!doctype html><html><head><meta charset="utf-8">
<title>الوزير يفتتح المطار الجديد | أخبار المدينة</title>
<meta property="og:site_name" content="أخبار المدينة">
<meta property="og:title" content="الوزير يفتتح المطار الجديد - أخبار المدينة">
<link rel="canonical" href="https://news.example/a/1">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"أخبار المدينة"},{"@type":"NewsArticle","headline":"الوزير يفتتح المطار الجديد","datePublished":"2020-12-25T01:59:50+02:00","author":{"@type":"Person","name":"سارة علي"}}]}</script>
</head><body>
<div class="menu"><ul><li><a href="/">الرئيسية</a></li><li><a href="/w">العالم</a></li><li><a href="/s">رياضة</a></li></ul></div>
<div class="ticker"><a href="/n/1">عاجل: انقطاع الكهرباء في ثلاث محافظات بسبب العاصفة الثلجية</a></div>
<div class="page"><div class="article-main">
<h1>الوزير يفتتح المطار الجديد</h1>
<div class="article_image"><img src="a.jpg" alt="المطار"><div class="red">الوزير خلال الافتتاح</div></div>
<div itemprop="description" class="lead"><p>افتتح وزير النقل اليوم الخميس المطار الجديد في العاصمة، بحضور عدد من المسؤولين والسفراء.</p></div>
<div itemprop="articleBody">
<p>وقال الوزير في كلمة خلال الافتتاح إن المطار سيستقبل عشرة ملايين مسافر سنويا، وإن العمل فيه استمر ثلاث سنوات.</p>
<p><strong>اقرأ أيضا:</strong> <a href="/n/2">الحكومة تقر موازنة العام المقبل بعجز أقل من المتوقع</a></p>
<p>وأضاف أن المرحلة الثانية من المشروع ستبدأ العام المقبل،<br>وتشمل مبنى جديدا للشحن الجوي.</p>
<ul class="related"><li><a href="/n/3">ارتفاع أسعار النفط في الأسواق العالمية</a></li><li><a href="/n/4">افتتاح معرض الكتاب الدولي</a></li></ul>
</div>
<div class="tags"><a href="/t/1">المطار</a> <a href="/t/2">النقل</a></div>
</div>
<div class="most-read"><h3>الأكثر قراءة</h3><ul><li><a href="/n/5">فنانة شهيرة تعلن اعتزالها التمثيل بعد مسيرة طويلة</a></li><li><a href="/n/6">منتخب مصر يفوز على تونس</a></li></ul></div>
<form class="comment-form"><label>اكتب تعليقك</label><textarea></textarea></form>
</div>
<footer><p>جميع الحقوق محفوظة لأخبار المدينة 2020</p></footer>
</body></html>"#;

    #[test]
    fn a_news_page_gives_its_article_and_metadata() {
        let p = extract(PAGE);
        assert_eq!(p.title.as_deref(), Some("الوزير يفتتح المطار الجديد"));
        assert_eq!(p.date.as_deref(), Some("2020-12-25T01:59:50+02:00"));
        assert_eq!(p.author.as_deref(), Some("سارة علي"));
        assert_eq!(p.url.as_deref(), Some("https://news.example/a/1"));
        assert_eq!(p.site.as_deref(), Some("أخبار المدينة"));
        let lines: Vec<&str> = p.paragraphs.iter().flatten().map(String::as_str).collect();
        assert_eq!(
            lines,
            [
                "افتتح وزير النقل اليوم الخميس المطار الجديد في العاصمة، بحضور عدد من المسؤولين والسفراء.",
                "وقال الوزير في كلمة خلال الافتتاح إن المطار سيستقبل عشرة ملايين مسافر سنويا، وإن العمل فيه استمر ثلاث سنوات.",
                "وأضاف أن المرحلة الثانية من المشروع ستبدأ العام المقبل،",
                "وتشمل مبنى جديدا للشحن الجوي.",
            ]
        );
        assert_eq!(p.paragraphs.len(), 3, "<br> breaks lines, not paragraphs");
    }

    #[test]
    fn an_unmarked_page_is_found_by_its_paragraphs() {
        let page = PAGE
            .replace("itemprop=\"articleBody\"", "class=\"entry\"")
            .replace("itemprop=\"description\" ", "");
        let p = extract(&page);
        let text: String = p
            .paragraphs
            .iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join("\n");
        assert!(text.contains("سيستقبل عشرة ملايين"), "{text}");
        assert!(text.contains("وتشمل مبنى جديدا"), "{text}");
        for chrome in [
            "الأكثر قراءة",
            "ارتفاع أسعار النفط",
            "عاجل",
            "جميع الحقوق",
            "المطار\n",
        ] {
            assert!(!text.contains(chrome), "{chrome:?} in {text}");
        }
    }

    #[test]
    fn titles_lose_the_site_name_and_keep_a_question_mark() {
        let sites = ["اليوم السابع".to_string()];
        for (title, want) in [
            (
                "وزير الرى يشهد توقيع عقد - اليوم السابع",
                "وزير الرى يشهد توقيع عقد",
            ),
            ("صنعاء نيوز - هل تنتهي الأزمة؟", "هل تنتهي الأزمة؟"),
            ("مصر - السودان: اتفاق جديد", "مصر - السودان: اتفاق جديد"),
            (
                "المدينة نيوز - أميركا :50 الفا حصيلة الوفيات",
                "أميركا :50 الفا حصيلة الوفيات",
            ),
            (
                "سر رحيل نعيمة عاكف | بوابة أخبار اليوم الإلكترونية",
                "سر رحيل نعيمة عاكف",
            ),
        ] {
            // Without the site's name in the metadata, a part that reads as one is cut too.
            let sites = if title.starts_with("وزير") {
                sites.to_vec()
            } else {
                Vec::new()
            };
            assert_eq!(strip_site(title, &sites), want);
        }
    }

    #[test]
    fn dates_printed_in_arabic_and_english() {
        for (s, want) in [
            ("الأربعاء، 07 أكتوبر 2020 - 12:09 م", Some("2020-10-07")),
            ("الجمعة 8 فيفري 2019", Some("2019-02-08")),
            (
                "تم نشره الجمعة 24 نيسان / أبريل 2020 09:22 مساءً",
                Some("2020-04-24"),
            ),
            ("٠١ ديسمبر ٢٠٢٠", Some("2020-12-01")),
            ("December 24, 2020", Some("2020-12-24")),
            (
                "2020-06-03T10:00:00+04:00",
                Some("2020-06-03T10:00:00+04:00"),
            ),
            ("منذ ساعتين", None),
            ("2020-13-40", None),
        ] {
            assert_eq!(date_of(s).as_deref(), want, "{s}");
        }
    }

    #[test]
    fn month_names_are_written_normalized() {
        for (name, _) in MONTHS {
            assert_eq!(arabic::norm(name).to_lowercase(), *name);
        }
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            decode_entities("&#8220;غزة&#8221; &amp; رفح"),
            "“غزة” & رفح"
        );
        assert_eq!(decode_entities("بلا كيانات"), "بلا كيانات");
    }

    #[test]
    fn json_ld_article_body_when_the_page_holds_less() {
        let page = r#"<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"عنوان","articleBody":"الفقرة الأولى من الخبر وهي طويلة بما يكفي.\nالفقرة الثانية من الخبر."}</script></head><body><div id="app"></div></body></html>"#;
        let p = extract(page);
        assert_eq!(
            p.paragraphs,
            vec![
                vec!["الفقرة الأولى من الخبر وهي طويلة بما يكفي.".to_string()],
                vec!["الفقرة الثانية من الخبر.".to_string()],
            ]
        );
        assert_eq!(p.title.as_deref(), Some("عنوان"));
    }
}
