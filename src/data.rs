//! The built-in data files, embedded in the binary: gazetteer, theme lexicons, titles,
//! stop words, word frequencies, page chrome, protected words, verbs and the opt-in regional
//! packs. Each file under `data/` names its source. These are only the texts: [`crate::Resources`] parses them.

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
    ("other.toml", include_str!("../data/gazetteer/other.toml")),
    // Generated from GeoNames; loaded last, so that a hand-kept spelling wins.
    ("cities.toml", include_str!("../data/gazetteer/cities.toml")),
    // Generated from the countries-states-cities database; loaded after the GeoNames cities.
    (
        "subdivisions.toml",
        include_str!("../data/gazetteer/subdivisions.toml"),
    ),
];

/// Parse a TOML data file (a gazetteer, titles, verbs, a theme lexicon) into its typed form;
/// a syntax or shape error names the file, and the TOML error gives the line.
pub fn parse_toml<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> crate::Result<T> {
    toml::from_str(text).map_err(|e| crate::Error::Data {
        name: name.to_string(),
        reason: e.to_string(),
    })
}

/// Titles and offices that precede a person's name, and organization heads.
pub const TITLES: &str = include_str!("../data/titles.toml");

/// The default theme lexicons.
pub const THEMES: &str = include_str!("../data/themes/default.toml");
/// The learned model of the primary theme (`scripts/train_themes.py`).
pub const THEME_MODEL: &str = include_str!("../data/themes/model.tsv");

/// Arabic stop words.
pub const STOPWORDS: &str = include_str!("../data/stopwords.txt");

/// Known lines of web-page chrome.
pub const CHROME: &str = include_str!("../data/chrome.txt");

/// Words whose first letters look like clitics but belong to the word.
pub const PROTECTED: &str = include_str!("../data/protected.txt");

/// Arabic word frequencies, and which frequent words are mostly names.
pub const WORDFREQ: &str = include_str!("../data/wordfreq.tsv");

/// Verbs of saying and acting, for the English gist line.
pub const VERBS: &str = include_str!("../data/verbs.toml");

/// An opt-in data pack: regional gazetteer files and theme terms (`data/packs/<name>/`).
#[derive(Debug, Clone, Copy)]
pub struct Pack {
    /// The name a configuration gives in `packs`.
    pub name: &'static str,
    /// One line on what the pack holds.
    pub description: &'static str,
    /// Gazetteer files, as (name, TOML text).
    pub gazetteer: &'static [(&'static str, &'static str)],
    /// Theme lexicon files merged over the built-in lexicon, as (name, TOML text).
    pub themes: &'static [(&'static str, &'static str)],
}

/// The packs shipped with khulasa.
pub const PACKS: &[Pack] = &[Pack {
    name: "caucasus",
    description: "South Caucasus: Karabakh places, the region's parties, churches and figures",
    gazetteer: &[(
        "packs/caucasus/gazetteer.toml",
        include_str!("../data/packs/caucasus/gazetteer.toml"),
    )],
    themes: &[(
        "packs/caucasus/themes.toml",
        include_str!("../data/packs/caucasus/themes.toml"),
    )],
}];

/// The pack with this name.
pub fn pack(name: &str) -> Option<&'static Pack> {
    PACKS.iter().find(|p| p.name == name)
}
