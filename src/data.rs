//! The built-in data files, embedded in the binary: gazetteer, theme lexicons, titles,
//! stop words, page chrome and protected words. Each file under `data/` names its source.

/// Gazetteer files, as (name, TOML text).
pub const GAZETTEER: &[(&str, &str)] = &[
    (
        "countries.toml",
        include_str!("../data/gazetteer/countries.toml"),
    ),
    ("places.toml", include_str!("../data/gazetteer/places.toml")),
    (
        "organizations.toml",
        include_str!("../data/gazetteer/organizations.toml"),
    ),
    ("people.toml", include_str!("../data/gazetteer/people.toml")),
    (
        "caucasus.toml",
        include_str!("../data/gazetteer/caucasus.toml"),
    ),
    ("other.toml", include_str!("../data/gazetteer/other.toml")),
];

/// Titles and offices that precede a person's name, and organization heads.
pub const TITLES: &str = include_str!("../data/titles.toml");

/// The default theme lexicons.
pub const THEMES: &str = include_str!("../data/themes/default.toml");

/// Arabic stop words.
pub const STOPWORDS: &str = include_str!("../data/stopwords.txt");

/// Known lines of web-page chrome.
pub const CHROME: &str = include_str!("../data/chrome.txt");

/// Words whose first letters look like clitics but belong to the word.
pub const PROTECTED: &str = include_str!("../data/protected.txt");

/// Parse a word list: one entry a line, `#` starts a comment; entries are normalized.
/// A set of words, hashed with a fast non-cryptographic hasher (the keys are our own data).
pub type WordSet = rustc_hash::FxHashSet<String>;

/// Parse a word list into a [`WordSet`].
pub fn word_list(text: &str) -> WordSet {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(crate::text::norm)
        .collect()
}

/// Verbs of saying and acting, for the English gist line.
pub const VERBS: &str = include_str!("../data/verbs.toml");
