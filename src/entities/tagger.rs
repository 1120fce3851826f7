//! Statistical named-entity tagger for Arabic news (persons, places, organizations).
//!
//! Owns the decoder of the averaged structured perceptron trained by
//! `scripts/train_ner.py` on ANERcorp (Benajiba et al. 2007, CAMeL Lab split;
//! free for research use). The model (`data/ner/model.txt`) is embedded and
//! parsed once. Feature extraction and Viterbi decoding mirror the Python
//! script exactly; weights are integers, so both give the same labels.
//!
//! Also owns the ANERcorp-style tokenizer ([`split_tokens`]) and the reading
//! of IOB2 tags as spans (`tag_spans`), shared with the corpus reader of
//! `eval ner` (`crate::eval::iob`).

use std::collections::{HashMap, HashSet};

type FastMap<V> = HashMap<String, V, rustc_hash::FxBuildHasher>;

/// 64-bit hash of a feature string: feature weights are keyed by it, so a
/// lookup compares no strings. The model is checked for collisions on load;
/// an unseen string colliding with one of ~10^5 model keys has a chance of
/// about 10^-14.
fn feature_hash(s: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(s.as_bytes())
}
type FastSet = HashSet<String, rustc_hash::FxBuildHasher>;

const MODEL_TEXT: &str = include_str!("../../data/ner/model.txt");
const NAMES_TEXT: &str = include_str!("../../data/ner/person_names.txt");
/// Longest known multi-word entity matched, in tokens.
const MAX_PHRASE: usize = 6;
/// Longest gazetteer name matched, in tokens.
const MAX_GAZ: usize = 6;

/// Labels of the model, in the order of its weight columns.
const LABELS: [&str; NL] = [
    "O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC",
];
const NL: usize = 9;
/// Previous-label index used at the start of a sentence.
const START: usize = NL;

/// Entity types the tagger reports (MISC is learned but never reported).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum NerLabel {
    Person,
    Place,
    Organization,
}

impl NerLabel {
    /// The ANERcorp name of the type: `PERS`, `LOC` or `ORG`.
    pub fn as_str(self) -> &'static str {
        match self {
            NerLabel::Person => "PERS",
            NerLabel::Place => "LOC",
            NerLabel::Organization => "ORG",
        }
    }

    fn from_type(t: &str) -> Option<NerLabel> {
        match t {
            "PERS" => Some(NerLabel::Person),
            "LOC" => Some(NerLabel::Place),
            "ORG" => Some(NerLabel::Organization),
            _ => None,
        }
    }
}

impl From<NerLabel> for super::EntityType {
    fn from(l: NerLabel) -> Self {
        match l {
            NerLabel::Person => super::EntityType::Person,
            NerLabel::Place => super::EntityType::Place,
            NerLabel::Organization => super::EntityType::Organization,
        }
    }
}

/// One entity found by the tagger: token indices, `end` exclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaggedSpan {
    pub start: usize,
    pub end: usize,
    pub label: NerLabel,
}

/// Errors of reading a model or a corpus in the ANERcorp JSON Lines format.
#[derive(Debug, thiserror::Error)]
pub enum TaggerError {
    #[error("line {line}: invalid JSON: {message}")]
    Json { line: usize, message: String },
    #[error("line {line}: {message}")]
    Format { line: usize, message: String },
}

/// The named-entity tagger: feature weights, transitions and the name list.
pub struct Tagger {
    feats: FeatureTable,
    trans: [[i32; NL]; NL + 1],
    prefixes: Vec<String>,
    triggers: FastMap<String>,
    gaz_n: FastMap<Vec<String>>,
    gaz_d: FastMap<Vec<String>>,
    phrases: FastMap<String>,
    /// First words of the known phrases: a token that starts none is skipped at once.
    phrase_first: FastSet,
    names: FastSet,
    /// The gazetteer's names (first word without its clitics), as the index of their type's
    /// `:B` mark in `gaz_marks` (the `:I` mark follows it).
    gaz_phrases: FastMap<usize>,
    /// First words of the gazetteer's names.
    gaz_first: FastSet,
    /// The types of the gazetteer names a word (without its clitics) is part of.
    gaz_words: FastMap<Vec<String>>,
    /// Word clusters learned from unlabeled news: coarse and fine id of a normalized word.
    clusters: FastMap<(Box<str>, Box<str>)>,
    /// The gazetteer marks: `-` (none), then `TYPE:B` and `TYPE:I` for every type of name.
    gaz_marks: Vec<String>,
    /// Per gazetteer mark, the weights of `z=`, `z-1=` (to the next token) and `z+1=` (to the
    /// token before); then the sentence edges as neighbours ([`Tagger::gaz_rows`]).
    gaz_rows: Vec<[[i32; NL]; 3]>,
    gaz_edges: [[i32; NL]; 2],
    /// The weights of the sentence edges as neighbours, then of `first` and `last`
    /// ([`Tagger::edge_weights`]).
    edges: [[i32; NL]; 6],
    /// The trigger classes of the model, then `-` (no trigger) and `#` (outside the sentence).
    trigger_classes: Vec<String>,
    /// See [`Tagger::id`].
    id: u64,
}

fn format_err(line: usize, message: impl Into<String>) -> TaggerError {
    TaggerError::Format {
        line,
        message: message.into(),
    }
}

fn parse_int(s: &str, line: usize) -> Result<i32, TaggerError> {
    s.parse::<i32>()
        .map_err(|_| format_err(line, format!("not an integer: {s:?}")))
}

impl Tagger {
    /// The tagger built from the embedded model, parsed on first use.
    pub fn builtin() -> Result<Tagger, TaggerError> {
        Tagger::from_model_text(MODEL_TEXT, NAMES_TEXT)
    }

    /// An id of this model, never given to another one: the key of its per-thread cache.
    pub fn id(&self) -> u64 {
        self.id
    }

    fn empty() -> Tagger {
        Tagger {
            feats: FeatureTable::default(),
            trans: [[0; NL]; NL + 1],
            prefixes: Vec::new(),
            triggers: FastMap::default(),
            gaz_n: FastMap::default(),
            gaz_d: FastMap::default(),
            phrases: FastMap::default(),
            phrase_first: FastSet::default(),
            names: FastSet::default(),
            gaz_phrases: FastMap::default(),
            gaz_first: FastSet::default(),
            gaz_words: FastMap::default(),
            clusters: FastMap::default(),
            gaz_marks: vec!["-".to_string()],
            gaz_rows: Vec::new(),
            gaz_edges: [[0; NL]; 2],
            edges: [[0; NL]; 6],
            trigger_classes: Vec::new(),
            id: crate::memo::owner_id(),
        }
    }

    /// Parse a model and its person-name list in the formats written by
    /// `scripts/train_ner.py` (`model.txt`, `person_names.txt`).
    pub fn from_model_text(text: &str, names: &str) -> Result<Tagger, TaggerError> {
        let mut t = Tagger::empty();
        t.names = names
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect();
        let mut saw_labels = false;
        let mut feats = Vec::new();
        for (k, line) in text.lines().enumerate() {
            let ln = k + 1;
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let parts: Vec<&str> = line.split('\t').collect();
            match (parts[0], parts.len()) {
                ("L", 2) => {
                    let labels: Vec<&str> = parts[1].split(' ').collect();
                    if labels != LABELS {
                        return Err(format_err(ln, "labels differ from the decoder's"));
                    }
                    saw_labels = true;
                }
                ("S", 2) => {}
                ("P", 2) => t.prefixes = parts[1].split(' ').map(str::to_string).collect(),
                ("R", 3) => {
                    for w in parts[2].split(' ') {
                        t.triggers
                            .entry(w.to_string())
                            .or_insert_with(|| parts[1].to_string());
                    }
                }
                ("T", 3) => {
                    let p: usize = parts[1]
                        .parse()
                        .ok()
                        .filter(|&p| p <= START)
                        .ok_or_else(|| format_err(ln, "bad previous label"))?;
                    let ws: Vec<&str> = parts[2].split(' ').collect();
                    if ws.len() != NL {
                        return Err(format_err(ln, "wrong number of transition weights"));
                    }
                    for (y, w) in ws.iter().enumerate() {
                        t.trans[p][y] = parse_int(w, ln)?;
                    }
                }
                ("G", 4) => {
                    let flags = parts[3].split(' ').map(str::to_string).collect();
                    let table = if parts[1] == "n" {
                        &mut t.gaz_n
                    } else {
                        &mut t.gaz_d
                    };
                    table.insert(parts[2].to_string(), flags);
                }
                ("Z", 3) => {
                    let mark = match t
                        .gaz_marks
                        .iter()
                        .position(|m| *m == format!("{}:B", parts[1]))
                    {
                        Some(k) => k,
                        None => {
                            t.gaz_marks.push(format!("{}:B", parts[1]));
                            t.gaz_marks.push(format!("{}:I", parts[1]));
                            t.gaz_marks.len() - 2
                        }
                    };
                    let first = parts[2].split(' ').next().unwrap_or_default();
                    t.gaz_first.insert(first.to_string());
                    t.gaz_phrases.insert(parts[2].to_string(), mark);
                }
                ("W", 3) => {
                    let types = parts[2].split(' ').map(str::to_string).collect();
                    t.gaz_words.insert(parts[1].to_string(), types);
                }
                ("C", 4) => {
                    t.clusters
                        .insert(parts[1].to_string(), (parts[2].into(), parts[3].into()));
                }
                ("H", 3) => {
                    let first = parts[2].split(' ').next().unwrap_or_default();
                    t.phrase_first.insert(first.to_string());
                    t.phrases.insert(parts[2].to_string(), parts[1].to_string());
                }
                ("F", 3) => {
                    let mut q = [0i32; NL];
                    for kv in parts[2].split(' ') {
                        let (a, b) = kv
                            .split_once(':')
                            .ok_or_else(|| format_err(ln, "weight without label index"))?;
                        let y: usize = a
                            .parse()
                            .ok()
                            .filter(|&y| y < NL)
                            .ok_or_else(|| format_err(ln, "bad label index"))?;
                        q[y] = parse_int(b, ln)?;
                    }
                    feats.push((feature_hash(parts[1]), q, ln));
                }
                _ => return Err(format_err(ln, "unknown line kind")),
            }
        }
        if !saw_labels {
            return Err(format_err(0, "model has no label line"));
        }
        t.feats = FeatureTable::with_capacity(feats.len());
        for (h, q, ln) in feats {
            if !t.feats.insert(h, q) {
                return Err(format_err(ln, "feature hash collision or duplicate"));
            }
        }
        let mut classes: Vec<String> = t.triggers.values().cloned().collect();
        classes.sort();
        classes.dedup();
        classes.retain(|c| c != "-" && c != "#");
        classes.extend(["-".to_string(), "#".to_string()]);
        t.trigger_classes = classes;
        t.edges = t.edge_weights();
        (t.gaz_rows, t.gaz_edges) = t.gaz_rows();
        Ok(t)
    }

    /// Find persons, places and organizations in one sentence of tokens split
    /// the ANERcorp way (see [`split_tokens`]).
    pub fn tag(&self, tokens: &[&str]) -> Vec<TaggedSpan> {
        let path = self.label_path(tokens);
        path_spans(&path)
    }

    /// [`Tagger::tag`], each span with the tagger's margin for it: how much lower (in the
    /// model's integer weights, 100 to a unit of the perceptron) the best labelling scores
    /// in which one of the span's tokens is outside any entity. 0 or little: the tagger hesitated; a
    /// few hundred: the context and the word's own features agree.
    pub fn tag_with_margins(&self, tokens: &[&str]) -> Vec<(TaggedSpan, i64)> {
        let emit = self.emissions(tokens);
        let path = viterbi(&emit, &self.trans);
        let spans = path_spans(&path);
        if spans.is_empty() {
            return Vec::new();
        }
        let (best, outside) = outside_max_marginals(&emit, &self.trans);
        spans
            .into_iter()
            .map(|sp| {
                let alt = outside[sp.start..sp.end]
                    .iter()
                    .copied()
                    .max()
                    .unwrap_or(best);
                (sp, best - alt)
            })
            .collect()
    }

    /// Best label index for every token.
    fn label_path(&self, tokens: &[&str]) -> Vec<usize> {
        let emit = self.emissions(tokens);
        viterbi(&emit, &self.trans)
    }

    fn declitic<'a>(&self, n: &'a str) -> &'a str {
        let len = n.chars().count();
        for p in &self.prefixes {
            if n.starts_with(p.as_str()) && len >= p.chars().count() + 2 {
                return &n[p.len()..];
            }
        }
        n
    }

    fn trigger(&self, n: &str, d: &str) -> &str {
        self.triggers
            .get(n)
            .or_else(|| self.triggers.get(d))
            .map_or("-", String::as_str)
    }

    /// Greedy longest match, left to right, of known multi-word entities:
    /// (type, ":B") on the first token of a match, (type, ":I") on the others.
    /// `starts[i]` says whether `ds[i]` begins any known phrase.
    fn phrase_marks(
        &self,
        ns: &[&str],
        ds: &[&str],
        starts: &[bool],
    ) -> Vec<Option<(&str, &'static str)>> {
        let m = ns.len();
        let mut marks = vec![None; m];
        let mut key = String::with_capacity(128);
        let mut i = 0;
        while i < m {
            let mut step = 1;
            if !starts[i] {
                i += 1;
                continue;
            }
            for ln in (2..=MAX_PHRASE.min(m - i)).rev() {
                key.clear();
                key.push_str(ds[i]);
                for n in &ns[i + 1..i + ln] {
                    key.push(' ');
                    key.push_str(n);
                }
                if let Some(t) = self.phrases.get(key.as_str()) {
                    marks[i] = Some((t.as_str(), ":B"));
                    for mark in &mut marks[i + 1..i + ln] {
                        *mark = Some((t.as_str(), ":I"));
                    }
                    step = ln;
                    break;
                }
            }
            i += step;
        }
        marks
    }

    /// Greedy longest match, left to right, of the gazetteer's names of one word or more: the
    /// index in `gaz_marks` of `TYPE:B` on the first token of a match, of `TYPE:I` on the
    /// others, 0 (`-`) elsewhere. `starts[i]` says whether `ds[i]` begins any name.
    fn gaz_marks(&self, ns: &[&str], ds: &[&str], starts: &[bool]) -> Vec<usize> {
        let m = ns.len();
        let mut marks = vec![0; m];
        let mut key = String::with_capacity(128);
        let mut i = 0;
        while i < m {
            let mut step = 1;
            if starts[i] {
                for ln in (1..=MAX_GAZ.min(m - i)).rev() {
                    key.clear();
                    key.push_str(ds[i]);
                    for n in &ns[i + 1..i + ln] {
                        key.push(' ');
                        key.push_str(n);
                    }
                    if let Some(&b) = self.gaz_phrases.get(key.as_str()) {
                        marks[i] = b;
                        for mark in &mut marks[i + 1..i + ln] {
                            *mark = b + 1;
                        }
                        step = ln;
                        break;
                    }
                }
            }
            i += step;
        }
        marks
    }

    /// The weights of every gazetteer mark as `z=`, `z-1=` and `z+1=`, and of the sentence
    /// edges (`#`) as `z-1=` and `z+1=`.
    fn gaz_rows(&self) -> (Vec<[[i32; NL]; 3]>, [[i32; NL]; 2]) {
        let mut buf = String::new();
        let rows = (self.gaz_marks.iter())
            .map(|v| {
                let mut r = [[0i32; NL]; 3];
                for (k, name) in ["z=", "z-1=", "z+1="].iter().enumerate() {
                    self.add_weights(&mut r[k], &mut buf, &[name, v]);
                }
                r
            })
            .collect();
        let mut e = [[0i32; NL]; 2];
        self.add_weights(&mut e[0], &mut buf, &["z-1=", "#"]);
        self.add_weights(&mut e[1], &mut buf, &["z+1=", "#"]);
        (rows, e)
    }

    /// Add the weights of the feature spelled by `parts` (concatenated) to `acc`.
    fn add_weights(&self, acc: &mut [i32; NL], buf: &mut String, parts: &[&str]) {
        buf.clear();
        for p in parts {
            buf.push_str(p);
        }
        if let Some(q) = self.feats.get(feature_hash(buf)) {
            add_into(acc, q);
        }
    }

    /// Add the weights of the features in `q` to their rows of `acc`; `q` is emptied.
    fn add_queued(&self, acc: &mut [[i32; NL]], q: &mut Lookups) {
        self.feats.find_all(&q.hashes, &mut q.slots);
        for (&(_, row), &slot) in q.hashes.iter().zip(&q.slots) {
            if let Some(w) = self.feats.at(slot) {
                add_into(&mut acc[row as usize], w);
            }
        }
        q.hashes.clear();
    }

    /// Everything the decoder needs of one token that does not depend on its neighbours:
    /// its forms and classes, the weights of its own features, and the weights it gives
    /// to the tokens one and two places after and before it (every feature of the
    /// model that looks at a single neighbour).
    fn token_info(&self, w: &str, rows: &mut ClassRows, q: &mut Lookups) -> TokenInfo {
        let n = normalize(w);
        let d = self.declitic(&n);
        let d_start = n.len() - d.len();
        let trigger: Box<str> = self.trigger(&n, d).into();
        let shape = shape(w);
        let gn = self.gaz_n.get(n.as_str()).map_or(&[][..], Vec::as_slice);
        let gd = self.gaz_d.get(d).map_or(&[][..], Vec::as_slice);
        let pnm = if self.names.contains(n.as_str()) {
            "n"
        } else if self.names.contains(d) {
            "d"
        } else {
            "-"
        };
        // The token's own features and those it gives its neighbours are looked up together
        // at the end ([`Tagger::add_queued`]), into these rows.
        const LOCAL: u32 = 0;
        const PREV1: u32 = 1;
        const NEXT1: u32 = 2;
        const PREV2: u32 = 3;
        const NEXT2: u32 = 4;
        q.hashes.clear();
        q.push(LOCAL, &["b"]);
        q.push(LOCAL, &["w=", w]);
        q.push(LOCAL, &["n=", &n]);
        q.push(LOCAL, &["d=", d]);
        q.push(LOCAL, &["sh=", &shape]);
        let ln = n.chars().count();
        for (k, (pk, sk)) in [("p1=", "s1="), ("p2=", "s2="), ("p3=", "s3=")]
            .iter()
            .enumerate()
        {
            let k = k + 1;
            if ln > k {
                q.push(LOCAL, &[pk, char_prefix(&n, k)]);
                q.push(LOCAL, &[sk, char_suffix(&n, k)]);
            }
        }
        if d_start > 0 {
            q.push(LOCAL, &["cl=", &n[..d_start]]);
            let ld = d.chars().count();
            for (k, name) in [(2, "ds2="), (3, "ds3=")] {
                if ld > k {
                    q.push(LOCAL, &[name, char_suffix(d, k)]);
                }
            }
        }
        for x in gn {
            q.push(LOCAL, &["g=", x]);
        }
        for x in gd {
            q.push(LOCAL, &["gd=", x]);
        }
        q.push(LOCAL, &["pn=", pnm]);
        q.push(LOCAL, &["t0=", &trigger]);
        let (coarse, fine) = self
            .clusters
            .get(n.as_str())
            .or_else(|| self.clusters.get(d))
            .map_or(("-", "-"), |(c, k)| (&**c, &**k));
        q.push(LOCAL, &["c=", coarse]);
        q.push(LOCAL, &["k=", fine]);
        for x in self.gaz_words.get(d).map_or(&[][..], Vec::as_slice) {
            q.push(LOCAL, &["zw=", x]);
        }

        // What the token gives the token just after it (side "-1") and just before it
        // ("+1"): the same features, named for the side.
        for (row, side) in [(PREV1, "-1"), (NEXT1, "+1")] {
            for x in gn {
                q.push(row, &["g", side, "=", x]);
            }
            for x in gd {
                q.push(row, &["gd", side, "=", x]);
            }
            for (name, v) in [
                ("pn", pnm),
                ("n", &n),
                ("d", d),
                ("t", &trigger),
                ("s2", char_suffix(&n, 2)),
                ("c", coarse),
                ("k", fine),
            ] {
                q.push(row, &[name, side, "=", v]);
            }
        }
        q.push(PREV2, &["n-2=", &n]);
        q.push(PREV2, &["t-2=", &trigger]);
        q.push(NEXT2, &["n+2=", &n]);
        let mut acc = [[0i32; NL]; 5];
        self.add_queued(&mut acc, q);
        let [local, prev1, next1, prev2, next2] = acc;

        let mut buf = String::with_capacity(64);
        let mut add = |acc: &mut [i32; NL], parts: &[&str]| self.add_weights(acc, &mut buf, parts);

        let head = char_prefix(&n, 2).len();
        let tail = n.len() - char_suffix(&n, 1).len();
        // The features that pair this token with a trigger class: as the token after it
        // (`t-1s`, with this token's shape) and as the token between it and the current one
        // (`t-2a`, with this token's first two and last letters), for every class.
        // Both depend on a few letters of the token only: they are summed once per shape and
        // once per first two and last letters.
        let ClassRows {
            rows,
            by_shape,
            by_ends,
        } = rows;
        let t1s = row_of(by_shape, rows, &shape, || {
            self.trigger_classes
                .iter()
                .map(|c| {
                    let mut w = [0i32; NL];
                    add(&mut w, &["t-1s=", c, "|", &shape]);
                    w
                })
                .collect()
        });
        let ends = [&n[..head], "|", &n[tail..]].concat();
        let t2a = row_of(by_ends, rows, &ends, || {
            self.trigger_classes
                .iter()
                .map(|c| {
                    let mut w = [0i32; NL];
                    add(&mut w, &["t-2a=", c, "|", &ends]);
                    w
                })
                .collect()
        });
        let trigger_class = self.class_of(&trigger);
        TokenInfo {
            trigger_class,
            t1s,
            t2a,
            starts_phrase: self.phrase_first.contains(d),
            starts_gaz: self.gaz_first.contains(d),
            n: n.into(),
            d_start,
            local,
            prev1,
            prev2,
            next1,
            next2,
        }
    }

    /// The index of a trigger class in `trigger_classes`.
    fn class_of(&self, class: &str) -> usize {
        self.trigger_classes
            .iter()
            .position(|c| c == class)
            .unwrap_or(self.trigger_classes.len() - 2)
    }

    /// The weights of the sentence edges, seen as neighbours: before the first token
    /// (one and two places) and after the last one.
    fn edge_weights(&self) -> [[i32; NL]; 6] {
        let mut buf = String::new();
        let mut e = [[0i32; NL]; 6];
        for (k, side, edge) in [(0, "-1", "<s>"), (2, "+1", "</s>")] {
            for (name, v) in [
                ("n", edge),
                ("d", edge),
                ("t", "#"),
                ("pn", "#"),
                ("c", "#"),
                ("k", "#"),
            ] {
                self.add_weights(&mut e[k], &mut buf, &[name, side, "=", v]);
            }
        }
        for parts in [["n-2=", "<s>"], ["t-2=", "#"]] {
            self.add_weights(&mut e[1], &mut buf, &parts);
        }
        self.add_weights(&mut e[3], &mut buf, &["n+2=", "</s>"]);
        self.add_weights(&mut e[4], &mut buf, &["first"]);
        self.add_weights(&mut e[5], &mut buf, &["last"]);
        e
    }

    /// Emission scores per token, from the same feature strings as
    /// `sentence_features` in `scripts/train_ner.py`.
    ///
    /// Every feature that looks at one token (the token itself or one neighbour, alone or
    /// with a neighbour's trigger class) is summed once per distinct token and thread
    /// ([`TokenInfo`]); the bigram features, phrase marks and the bigrams with the sentence
    /// edges are looked up per position, the bigrams of a sentence all at once.
    /// The cache belongs to one tagger: it is emptied when another one is used, and when
    /// it holds [`TOKEN_CACHE`] tokens.
    fn emissions(&self, tokens: &[&str]) -> Vec<[i64; NL]> {
        let me = self.id;
        CACHE.with(|c| {
            let mut c = c.borrow_mut();
            if c.owner != me || c.infos.len() + tokens.len() > TOKEN_CACHE {
                c.owner = me;
                c.ids.clear();
                c.infos.clear();
                c.rows = ClassRows::default();
            }
            let cache = &mut *c;
            let ids: Vec<usize> = tokens
                .iter()
                .map(|w| {
                    if let Some(&id) = cache.ids.get(*w) {
                        return id;
                    }
                    let id = cache.infos.len();
                    let info = self.token_info(w, &mut cache.rows, &mut cache.lookups);
                    cache.infos.push(info);
                    cache.ids.insert((*w).into(), id);
                    id
                })
                .collect();
            let TokenCache {
                infos,
                rows,
                lookups: q,
                ..
            } = cache;
            let info: Vec<&TokenInfo> = ids.iter().map(|&id| &infos[id]).collect();
            // The two features of each pair of neighbours (`n-1n` given to the second token,
            // `nn+1` to the first), looked up together for the whole sentence: most pairs of
            // distinct text are new, and a lookup that misses costs less than a cache of pairs.
            let mut bigram = vec![[[0i32; NL]; 2]; tokens.len().saturating_sub(1)];
            q.hashes.clear();
            for (k, t) in info.windows(2).enumerate() {
                let (a, b) = (&*t[0].n, &*t[1].n);
                q.push(2 * k as u32, &["n-1n=", a, "|", b]);
                q.push(2 * k as u32 + 1, &["nn+1=", a, "|", b]);
            }
            self.add_queued(bigram.as_flattened_mut(), q);
            self.emissions_of(&info, &bigram, &rows.rows)
        })
    }

    /// `bigram[k]`: the weights of the pair (k, k + 1), for k + 1 and for k.
    fn emissions_of(
        &self,
        info: &[&TokenInfo],
        bigram: &[[[i32; NL]; 2]],
        rows: &[[i32; NL]],
    ) -> Vec<[i64; NL]> {
        let m = info.len();
        let ns: Vec<&str> = info.iter().map(|t| &*t.n).collect();
        let ds: Vec<&str> = info.iter().map(|t| t.d()).collect();
        let starts: Vec<bool> = info.iter().map(|t| t.starts_phrase).collect();
        let ph = self.phrase_marks(&ns, &ds, &starts);
        let gaz_starts: Vec<bool> = info.iter().map(|t| t.starts_gaz).collect();
        let zm = self.gaz_marks(&ns, &ds, &gaz_starts);
        let [edge_p1, edge_p2, edge_n1, edge_n2, first, last] = self.edges;
        let outside = self.trigger_classes.len() - 1;
        let mut out = Vec::with_capacity(m);
        let mut buf = String::with_capacity(64);
        for i in 0..m {
            let t = info[i];
            let mut s = t.local;
            add_into(&mut s, if i >= 1 { &info[i - 1].prev1 } else { &edge_p1 });
            add_into(&mut s, if i >= 2 { &info[i - 2].prev2 } else { &edge_p2 });
            add_into(
                &mut s,
                if i + 1 < m {
                    &info[i + 1].next1
                } else {
                    &edge_n1
                },
            );
            add_into(
                &mut s,
                if i + 2 < m {
                    &info[i + 2].next2
                } else {
                    &edge_n2
                },
            );
            if i >= 1 {
                add_into(&mut s, &bigram[i - 1][0]);
            }
            add_into(&mut s, &self.gaz_rows[zm[i]][0]);
            add_into(
                &mut s,
                if i >= 1 {
                    &self.gaz_rows[zm[i - 1]][1]
                } else {
                    &self.gaz_edges[0]
                },
            );
            add_into(
                &mut s,
                if i + 1 < m {
                    &self.gaz_rows[zm[i + 1]][2]
                } else {
                    &self.gaz_edges[1]
                },
            );
            if i + 1 < m {
                add_into(&mut s, &bigram[i][1]);
            }
            let mut add = |parts: &[&str]| self.add_weights(&mut s, &mut buf, parts);
            if let Some((ty, bi)) = ph[i] {
                add(&["ph=", ty, bi]);
            }
            let n = ns[i];
            if i == 0 {
                add(&["n-1n=", "<s>", "|", n]);
            }
            if i + 1 == m {
                add(&["nn+1=", n, "|", "</s>"]);
            }
            let class = |j: usize| info[j].trigger_class;
            add_into(
                &mut s,
                &rows[t.t1s as usize + if i >= 1 { class(i - 1) } else { outside }],
            );
            if i >= 1 {
                add_into(
                    &mut s,
                    &rows[info[i - 1].t2a as usize + if i >= 2 { class(i - 2) } else { outside }],
                );
            }
            if i == 0 {
                add_into(&mut s, &first);
            }
            if i == m - 1 {
                add_into(&mut s, &last);
            }
            out.push(s.map(i64::from));
        }
        out
    }
}

/// The model's feature weights by [`feature_hash`]: open addressing with linear probing in a
/// table at most half full, the keys apart from the weights, so that a lookup that misses
/// reads one cache line of keys, and many lookups can be found at once
/// ([`FeatureTable::find_all`]) while the memory they need is read.
#[derive(Default)]
struct FeatureTable {
    /// Feature hashes; 0 marks an empty slot (a feature whose hash is 0 is kept in `zero`).
    keys: Box<[u64]>,
    /// The weights of the feature in the same slot of `keys`.
    weights: Box<[[i32; NL]]>,
    zero: Option<[i32; NL]>,
    len: usize,
}

/// The slot of a feature not in a [`FeatureTable`].
const NO_SLOT: u32 = u32::MAX;
/// The slot standing for the feature whose hash is 0.
const ZERO_SLOT: u32 = u32::MAX - 1;

impl FeatureTable {
    /// An empty table for `n` features.
    fn with_capacity(n: usize) -> FeatureTable {
        let size = (2 * n).next_power_of_two().max(16);
        FeatureTable {
            keys: vec![0; size].into(),
            weights: vec![[0; NL]; size].into(),
            zero: None,
            len: 0,
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.len
    }

    /// Add a feature's weights; false when its hash is there already. The table must have
    /// been made for at least this many features.
    fn insert(&mut self, h: u64, w: [i32; NL]) -> bool {
        if h == 0 {
            return self.zero.replace(w).is_none() && {
                self.len += 1;
                true
            };
        }
        assert!(
            2 * (self.len + 1) <= self.keys.len(),
            "feature table too small"
        );
        let mask = self.keys.len() - 1;
        let mut i = h as usize & mask;
        while self.keys[i] != 0 {
            if self.keys[i] == h {
                return false;
            }
            i = (i + 1) & mask;
        }
        self.keys[i] = h;
        self.weights[i] = w;
        self.len += 1;
        true
    }

    /// The slot of feature hash `h`: [`NO_SLOT`] when it is not in the table.
    fn find(&self, h: u64) -> u32 {
        if h == 0 {
            return if self.zero.is_some() {
                ZERO_SLOT
            } else {
                NO_SLOT
            };
        }
        if self.keys.is_empty() {
            return NO_SLOT;
        }
        let mask = self.keys.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let k = self.keys[i];
            if k == h {
                return i as u32;
            }
            if k == 0 {
                return NO_SLOT;
            }
            i = (i + 1) & mask;
        }
    }

    /// The slots of many features ([`FeatureTable::find`]), into `slots`. The lookups do not
    /// depend on each other, so the processor reads the keys of several at once.
    fn find_all(&self, hashes: &[(u64, u32)], slots: &mut Vec<u32>) {
        slots.clear();
        slots.extend(hashes.iter().map(|&(h, _)| self.find(h)));
    }

    /// The weights in a slot given by [`FeatureTable::find`].
    fn at(&self, slot: u32) -> Option<&[i32; NL]> {
        match slot {
            NO_SLOT => None,
            ZERO_SLOT => self.zero.as_ref(),
            i => Some(&self.weights[i as usize]),
        }
    }

    fn get(&self, h: u64) -> Option<&[i32; NL]> {
        self.at(self.find(h))
    }
}

/// Feature lookups gathered before they are made ([`Tagger::add_queued`]): the hash of each
/// feature and the row of weights it adds to.
#[derive(Default)]
struct Lookups {
    hashes: Vec<(u64, u32)>,
    slots: Vec<u32>,
    buf: String,
}

impl Lookups {
    /// Queue the feature spelled by `parts` (concatenated) for row `row`.
    fn push(&mut self, row: u32, parts: &[&str]) {
        self.buf.clear();
        for p in parts {
            self.buf.push_str(p);
        }
        self.hashes.push((feature_hash(&self.buf), row));
    }
}

/// `acc += v`, label by label.
fn add_into(acc: &mut [i32; NL], v: &[i32; NL]) {
    for (a, b) in acc.iter_mut().zip(v) {
        *a += *b;
    }
}

thread_local! {
    /// The calling thread's [`TokenCache`] (see [`Tagger::emissions`]).
    static CACHE: std::cell::RefCell<TokenCache> = Default::default();
}

/// Let go of what the tagger remembers in the calling thread (its weights per token and pair
/// of tokens), memory and all: for a thread whose tagging is over while it still has other work
/// to do. The next sentence tagged in the thread fills it again.
pub fn release_thread_cache() {
    CACHE.with(|c| *c.borrow_mut() = TokenCache::default());
}

/// Most distinct tokens remembered per thread by the tagger (about 300 bytes each). The
/// cache is the bulk of the analysis' memory: on distinct news text, 60,000 tokens cost
/// little more time than 100,000 and about 25 MB less at the peak.
const TOKEN_CACHE: usize = 60_000;

/// What the tagger remembers of one distinct token: see [`Tagger::token_info`].
struct TokenInfo {
    /// Normalized form.
    n: Box<str>,
    /// Byte where the form without its leading clitics begins.
    d_start: usize,
    /// Index of the token's trigger class in the tagger's trigger classes.
    trigger_class: usize,
    /// `t-1s` weights for this token after a token of each trigger class, and `t-2a`
    /// weights for the token after this one when a token of each class precedes it: rows of
    /// [`ClassRows`].
    t1s: u32,
    t2a: u32,
    starts_phrase: bool,
    /// Does the token (without its clitics) begin a gazetteer name?
    starts_gaz: bool,
    local: [i32; NL],
    /// Weights given to the token one place after (`prev1`) and two places after
    /// (`prev2`) it, and one and two places before it (`next1`, `next2`).
    prev1: [i32; NL],
    prev2: [i32; NL],
    next1: [i32; NL],
    next2: [i32; NL],
}

impl TokenInfo {
    fn d(&self) -> &str {
        &self.n[self.d_start..]
    }
}

/// Weights per trigger class that depend on a token's shape (`t-1s`) or on its first two and
/// last letters (`t-2a`), one row per distinct shape or letters.
#[derive(Default)]
struct ClassRows {
    /// The rows one after another: a row's index is that of its first class.
    rows: Vec<[i32; NL]>,
    by_shape: FastMap<u32>,
    by_ends: FastMap<u32>,
}

/// The row of `key` in `map` (the index of its first class in `rows`), made by `make` the
/// first time.
fn row_of(
    map: &mut FastMap<u32>,
    rows: &mut Vec<[i32; NL]>,
    key: &str,
    make: impl FnOnce() -> Box<[[i32; NL]]>,
) -> u32 {
    if let Some(&i) = map.get(key) {
        return i;
    }
    let i = rows.len() as u32;
    rows.extend_from_slice(&make());
    map.insert(key.into(), i);
    i
}

#[derive(Default)]
struct TokenCache {
    owner: u64,
    ids: FastMap<usize>,
    infos: Vec<TokenInfo>,
    rows: ClassRows,
    /// Room for the lookups of [`Tagger::token_info`] and of the pairs of tokens.
    lookups: Lookups,
}

/// The first `k` characters of `s` (all of it when shorter).
fn char_prefix(s: &str, k: usize) -> &str {
    match s.char_indices().nth(k) {
        Some((b, _)) => &s[..b],
        None => s,
    }
}

/// The last `k` characters of `s` (all of it when shorter).
fn char_suffix(s: &str, k: usize) -> &str {
    if k == 0 {
        return "";
    }
    match s.char_indices().rev().nth(k - 1) {
        Some((b, _)) => &s[b..],
        None => s,
    }
}

use crate::arabic::model_forms::tagger as normalize;

fn char_class(ch: char) -> char {
    match ch {
        '0'..='9' | '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}' => 'd',
        '\u{060C}' | '\u{061B}' | '\u{061F}' | '\u{06D4}' | '\u{066A}'..='\u{066D}' => 'p',
        '\u{0600}'..='\u{06FF}' => 'a',
        'a'..='z' | 'A'..='Z' => 'L',
        _ => 'p',
    }
}

/// Character classes of a token, runs collapsed, at most four.
fn shape(w: &str) -> String {
    let mut out = String::with_capacity(4);
    let mut last = None;
    for ch in w.chars() {
        let c = char_class(ch);
        if last != Some(c) {
            if out.len() == 4 {
                break;
            }
            out.push(c);
            last = Some(c);
        }
    }
    out
}

fn allowed(prev: usize, cur: usize) -> bool {
    let lab = LABELS[cur];
    match lab.strip_prefix("I-") {
        Some(t) => prev != START && prev != 0 && &LABELS[prev][2..] == t,
        None => true,
    }
}

/// Best label path; ties go to the lower label index, as in the Python script.
fn viterbi(emit: &[[i64; NL]], trans: &[[i32; NL]; NL + 1]) -> Vec<usize> {
    let m = emit.len();
    if m == 0 {
        return Vec::new();
    }
    // The allowed transitions, computed once per sentence rather than per token.
    let mut ok = [[false; NL]; NL + 1];
    for (p, row) in ok.iter_mut().enumerate() {
        for (y, cell) in row.iter_mut().enumerate() {
            *cell = allowed(p, y);
        }
    }
    let mut score: Vec<[Option<i64>; NL]> = Vec::with_capacity(m);
    let mut back: Vec<[usize; NL]> = Vec::with_capacity(m);
    let mut s0 = [None; NL];
    for (y, slot) in s0.iter_mut().enumerate() {
        if ok[START][y] {
            *slot = Some(emit[0][y] + i64::from(trans[START][y]));
        }
    }
    score.push(s0);
    back.push([0; NL]);
    for row in emit.iter().skip(1) {
        let prev = score[score.len() - 1];
        let mut cur = [None; NL];
        let mut bk = [0usize; NL];
        for y in 0..NL {
            let mut best: Option<i64> = None;
            let mut arg = 0;
            for (p, ps) in prev.iter().enumerate() {
                let Some(ps) = ps else { continue };
                if !ok[p][y] {
                    continue;
                }
                let v = ps + i64::from(trans[p][y]);
                if best.is_none_or(|b| v > b) {
                    best = Some(v);
                    arg = p;
                }
            }
            cur[y] = best.map(|b| b + row[y]);
            bk[y] = arg;
        }
        score.push(cur);
        back.push(bk);
    }
    let last = score[m - 1];
    let mut y = 0;
    for k in 0..NL {
        if let Some(v) = last[k]
            && last[y].is_none_or(|b| v > b)
        {
            y = k;
        }
    }
    let mut path = vec![y; m];
    for i in (1..m).rev() {
        y = back[i][y];
        path[i - 1] = y;
    }
    path
}

/// The best path's score, and for every token the best score of a path that labels it `O`
/// (forward and backward Viterbi; `O` is allowed everywhere).
fn outside_max_marginals(emit: &[[i64; NL]], trans: &[[i32; NL]; NL + 1]) -> (i64, Vec<i64>) {
    let m = emit.len();
    const NONE: i64 = i64::MIN / 4;
    let mut ok = [[false; NL]; NL + 1];
    for (p, row) in ok.iter_mut().enumerate() {
        for (y, cell) in row.iter_mut().enumerate() {
            *cell = allowed(p, y);
        }
    }
    let mut fwd = vec![[NONE; NL]; m];
    let mut bwd = vec![[0i64; NL]; m];
    for y in 0..NL {
        if ok[START][y] {
            fwd[0][y] = emit[0][y] + i64::from(trans[START][y]);
        }
    }
    for i in 1..m {
        for y in 0..NL {
            let mut best = NONE;
            for p in 0..NL {
                if fwd[i - 1][p] > NONE && ok[p][y] {
                    best = best.max(fwd[i - 1][p] + i64::from(trans[p][y]));
                }
            }
            if best > NONE {
                fwd[i][y] = best + emit[i][y];
            }
        }
    }
    for i in (0..m.saturating_sub(1)).rev() {
        for y in 0..NL {
            let mut best = NONE;
            for n in 0..NL {
                if ok[y][n] {
                    best = best.max(i64::from(trans[y][n]) + emit[i + 1][n] + bwd[i + 1][n]);
                }
            }
            bwd[i][y] = best;
        }
    }
    let best = fwd[m - 1].iter().copied().max().unwrap_or(0);
    let outside = (0..m).map(|i| fwd[i][0] + bwd[i][0]).collect();
    (best, outside)
}

/// Spans of PERS/LOC/ORG from IOB2 tag names; an `I-` that does not continue
/// an entity of its type starts one (conlleval); MISC is dropped.
pub(crate) fn tag_spans(tags: &[&str]) -> Vec<(usize, usize, NerLabel)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, &str)> = None;
    for (i, t) in tags.iter().enumerate() {
        let (kind, typ) = match t.split_once('-') {
            Some((k, ty)) if k == "B" || k == "I" => (k, ty),
            _ => ("O", ""),
        };
        let continues = kind == "I" && cur.is_some_and(|(_, ct)| ct == typ);
        if continues {
            continue;
        }
        if let Some((s, ct)) = cur.take() {
            out.push((s, i, ct));
        }
        if kind != "O" {
            cur = Some((i, typ));
        }
    }
    if let Some((s, ct)) = cur {
        out.push((s, tags.len(), ct));
    }
    out.into_iter()
        .filter_map(|(s, e, t)| NerLabel::from_type(t).map(|l| (s, e, l)))
        .collect()
}

fn path_spans(path: &[usize]) -> Vec<TaggedSpan> {
    let tags: Vec<&str> = path.iter().map(|&y| LABELS[y]).collect();
    tag_spans(&tags)
        .into_iter()
        .map(|(start, end, label)| TaggedSpan { start, end, label })
        .collect()
}

use crate::arabic::model_forms::is_tagger_word_char as is_word_char;

/// `char::is_numeric` with fast paths for ASCII and the Arabic letters.
fn is_numeric(ch: char) -> bool {
    if ch.is_ascii() {
        return ch.is_ascii_digit();
    }
    !matches!(ch, '\u{0621}'..='\u{064A}') && ch.is_numeric()
}

/// Byte spans of the tokens of `text` split the ANERcorp way: white space
/// separates, every punctuation mark is a token of its own, runs of letters
/// (Arabic or Latin, with their diacritics) and digits form one token, and a
/// `.`/`,`/`٫` between two digits stays inside the number.
pub fn split_tokens(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut prev_digit = false;
    let mut it = text.char_indices().peekable();
    while let Some((b, ch)) = it.next() {
        let next_digit = it.peek().is_some_and(|&(_, c)| is_numeric(c));
        if is_word_char(ch)
            || (start.is_some() && prev_digit && next_digit && matches!(ch, '.' | ',' | '٫'))
        {
            if start.is_none() {
                start = Some(b);
            }
            prev_digit = is_numeric(ch);
            continue;
        }
        if let Some(s) = start.take() {
            out.push((s, b));
        }
        prev_digit = false;
        if !ch.is_whitespace() {
            out.push((b, b + ch.len_utf8()));
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_model_parses() {
        let t = Tagger::from_model_text(MODEL_TEXT, NAMES_TEXT).expect("embedded model parses");
        assert!(!t.phrases.is_empty());
        assert!(t.feats.len() > 1000);
        assert!(!t.prefixes.is_empty());
        assert!(!t.gaz_n.is_empty());
    }

    #[test]
    fn tags_obvious_person_and_place() {
        let text = "قال الرئيس الفرنسي إيمانويل ماكرون في باريس";
        let toks: Vec<&str> = split_tokens(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        assert_eq!(toks.len(), 7);
        let spans = Tagger::builtin()
            .expect("the shipped model parses")
            .tag(&toks);
        assert!(
            spans.contains(&TaggedSpan {
                start: 3,
                end: 5,
                label: NerLabel::Person
            }),
            "{spans:?}"
        );
        assert!(
            spans.contains(&TaggedSpan {
                start: 6,
                end: 7,
                label: NerLabel::Place
            }),
            "{spans:?}"
        );
    }

    /// The score of a label path under emissions and transitions.
    fn path_score(emit: &[[i64; NL]], trans: &[[i32; NL]; NL + 1], path: &[usize]) -> i64 {
        let mut prev = START;
        let mut s = 0;
        for (e, &y) in emit.iter().zip(path) {
            s += e[y] + i64::from(trans[prev][y]);
            prev = y;
        }
        s
    }

    /// A span's margin is the best path's score less the best score of a path with one of
    /// the span's tokens outside: checked against Viterbi run with that token forced to `O`.
    #[test]
    fn margins_match_forced_viterbi() {
        let t = Tagger::builtin().expect("the shipped model parses");
        let text = "وقال وزير الخارجية الروسي سيرغي لافروف في موسكو إن مجلس الأمن الدولي سيجتمع";
        let toks: Vec<&str> = split_tokens(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        let scored = t.tag_with_margins(&toks);
        let plain = t.tag(&toks);
        assert_eq!(
            scored.iter().map(|x| x.0.clone()).collect::<Vec<_>>(),
            plain
        );
        assert!(scored.len() >= 2, "{scored:?}");
        let emit = t.emissions(&toks);
        let best = path_score(&emit, &t.trans, &viterbi(&emit, &t.trans));
        for (sp, margin) in &scored {
            let mut alt = i64::MIN;
            for i in sp.start..sp.end {
                let mut forced = emit.clone();
                for w in &mut forced[i][1..] {
                    *w = -1_000_000_000;
                }
                let p = viterbi(&forced, &t.trans);
                assert_eq!(p[i], 0);
                alt = alt.max(path_score(&emit, &t.trans, &p));
            }
            assert!(*margin > 0, "{sp:?}");
            assert_eq!(*margin, best - alt, "{sp:?}");
        }
    }

    #[test]
    fn empty_and_odd_input_do_not_panic() {
        let t = Tagger::builtin().expect("the shipped model parses");
        assert!(t.tag(&[]).is_empty());
        assert!(t.tag(&[""]).is_empty());
        assert!(t.tag_with_margins(&[]).is_empty());
        let _ = t.tag(&["", "،", "ـــ", "x", "٣٤٥", "\u{064B}"]);
        assert!(split_tokens("").is_empty());
        assert!(split_tokens("  \n ").is_empty());
    }

    #[test]
    fn split_tokens_like_anercorp() {
        let text = "وقال (رئيس) الحكومة، إن 2.5% من ABC-News.";
        let toks: Vec<&str> = split_tokens(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        assert_eq!(
            toks,
            vec![
                "وقال",
                "(",
                "رئيس",
                ")",
                "الحكومة",
                "،",
                "إن",
                "2.5",
                "%",
                "من",
                "ABC",
                "-",
                "News",
                "."
            ]
        );
        let text = "مُحَمَّد";
        assert_eq!(split_tokens(text), vec![(0, text.len())]);
    }

    #[test]
    fn normalization_and_affixes() {
        assert_eq!(normalize("أَحْمَدُ"), "احمد");
        assert_eq!(normalize("إلى القاهرة"), "الي القاهره");
        assert_eq!(normalize("ABC"), "abc");
        assert_eq!(shape("2001،"), "dp");
        assert_eq!(shape("AK-biyik"), "LpL");
        assert_eq!(char_prefix("فرنسا", 2), "فر");
        assert_eq!(char_suffix("فرنسا", 2), "سا");
        assert_eq!(char_suffix("ف", 3), "ف");
        let t = Tagger::builtin().expect("the shipped model parses");
        assert_eq!(t.declitic("وفرنسا"), "فرنسا");
        assert_eq!(t.declitic("والقاهره"), "قاهره");
        assert_eq!(t.declitic("وب"), "وب");
    }

    /// `tests/data/tagger_parity.jsonl`: the seed sentences with the labels that the training
    /// script's own decoder gives them with the shipped model (made by
    /// `scripts/tagger_parity_fixture.py`). The Rust decoder must agree on every token.
    #[test]
    fn matches_the_training_script_on_the_fixture() {
        let text = include_str!("../../tests/data/tagger_parity.jsonl");
        let t = Tagger::builtin().expect("the shipped model parses");
        let (mut sentences, mut entities) = (0, 0);
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let strs = |k: &str| -> Vec<String> {
                v[k].as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_str().unwrap().to_string())
                    .collect()
            };
            let (toks, want) = (strs("tokens"), strs("pred"));
            let toks: Vec<&str> = toks.iter().map(String::as_str).collect();
            let got: Vec<&str> = t.label_path(&toks).into_iter().map(|y| LABELS[y]).collect();
            assert_eq!(got, want, "sentence {}", v["index"]);
            sentences += 1;
            entities += want.iter().filter(|l| l.starts_with("B-")).count();
        }
        assert!(
            sentences >= 30 && entities >= 20,
            "{sentences} sentences, {entities} entities"
        );
    }
}
