//! The flags and subcommands of the command line.

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use khulasa::summarize::{Budget, Method};

/// khulasa: daily English-reader digests of Arabic news articles.
#[derive(Debug, Parser)]
#[command(name = "khulasa", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the day's digest (Markdown, HTML, JSON) and refresh the archive.
    Build(BuildArgs),
    /// Print the chosen sentences of articles.
    Summarize(SummarizeArgs),
    /// Print every entity mention.
    Entities(ListArgs<EntityFormat>),
    /// Print the entity glossary.
    Glossary(ListArgs<GlossaryFormat>),
    /// Print every sentence with its themes.
    Themes(ListArgs<ThemeFormat>),
    /// Print the English of the chosen sentences, from the configured translation backend.
    Translate(TranslateCmdArgs),
    /// Romanize Arabic names (arguments, or one per line on standard input).
    Romanize(RomanizeArgs),
    /// Work with the templates.
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// Measure khulasa on evaluation data.
    #[command(subcommand)]
    Eval(EvalCommand),
}

/// Options shared by the commands that read articles.
#[derive(Debug, Args, Clone)]
pub struct CommonArgs {
    /// Configuration file (TOML).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Treat any skipped input as a failure, and (build, translate) a sentence left
    /// untranslated as one (exit code 1; the digest is still written).
    #[arg(long)]
    pub strict: bool,
    /// No progress or summary output on standard error.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the time each stage took to standard error.
    #[arg(long)]
    pub timings: bool,
}

#[derive(Debug, Args)]
pub struct BudgetArgs {
    /// Choose at most N sentences.
    #[arg(long, value_name = "N", conflicts_with_all = ["max_words", "ratio"])]
    pub max_sentences: Option<usize>,
    /// Choose at most N words.
    #[arg(long, value_name = "N", conflicts_with = "ratio")]
    pub max_words: Option<usize>,
    /// Choose this share of the sentences (0–1]; 1 keeps every sentence.
    #[arg(long, value_name = "R")]
    pub ratio: Option<f64>,
    /// Summarization method.
    #[arg(long, value_parser = method_parser())]
    pub method: Option<Method>,
}

/// The method names, each with its description, as the library spells them.
fn method_parser() -> impl TypedValueParser<Value = Method> {
    PossibleValuesParser::new(
        Method::ALL.map(|m| PossibleValue::new(m.as_str()).help(m.description())),
    )
    .try_map(|name| name.parse::<Method>())
}

impl BudgetArgs {
    /// Put the flags' budget and method into a configuration: a budget on the command line is
    /// for every audience.
    pub fn apply(&self, config: &mut khulasa::config::Config) {
        if let Some(b) = self.budget() {
            config.budget = Budget {
                cover_themes: config.budget.cover_themes,
                ..b
            };
            config
                .audiences
                .values_mut()
                .for_each(|au| au.budget = None);
        }
        if let Some(m) = self.method {
            config.method = m;
        }
    }

    /// The budget the flags ask for, if they ask for one.
    pub fn budget(&self) -> Option<Budget> {
        if self.max_sentences.is_none() && self.max_words.is_none() && self.ratio.is_none() {
            return None;
        }
        Some(Budget {
            max_sentences: self.max_sentences,
            max_words: self.max_words,
            ratio: self.ratio,
            cover_themes: false,
            ..Budget::default()
        })
    }
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Files or folders (walked recursively); `seeds` when none.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Output folder.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The digest's date (YYYY-MM-DD); today when not given.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// The public address of the output folder; the Atom feed is written only with it.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Audience: picks templates/NAME/ (analyst, executive, public, ...).
    #[arg(long, value_name = "NAME")]
    pub audience: Option<String>,
    /// A folder of templates overriding the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Output formats, comma-separated: md, html, json.
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub format: Option<Vec<String>>,
    /// The glossary: `shown` (the entities of the chosen sentences and the day's key
    /// entities, the default) or `all` (every entity of the day).
    #[arg(long, value_name = "WHICH", value_parser = ["shown", "all"])]
    pub glossary: Option<String>,
    /// Which documents get the full analysis (names, themes, gists): `leading` (on a large day,
    /// those of the leading stories, twelve for each sentence of the budget: the default) or
    /// `all`.
    #[arg(long, value_name = "WHICH", value_parser = ["leading", "all"])]
    pub analyze: Option<String>,
    #[command(flatten)]
    pub budget: BudgetArgs,
    #[command(flatten)]
    pub translate: TranslateArgs,
    #[command(flatten)]
    pub common: CommonArgs,
}

/// The translation flags, over the configuration's `[translate]` table.
#[derive(Debug, Args)]
pub struct TranslateArgs {
    /// Translation backend of the chosen sentences: libretranslate, openai, command, or none.
    #[arg(long, value_name = "BACKEND", value_parser = ["libretranslate", "openai", "command", "none"])]
    pub translate: Option<String>,
    /// The translation server's address.
    #[arg(long, value_name = "URL")]
    pub translate_url: Option<String>,
    /// Folder of the translation cache (default: khulasa in the user's cache folder).
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum TranslateFormat {
    /// Each sentence: the Arabic, then its English (or its gist), then any warning.
    Text,
    /// A JSON list: doc, index, text, gist, translation.
    Json,
}

#[derive(Debug, Args)]
pub struct TranslateCmdArgs {
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub budget: BudgetArgs,
    #[command(flatten)]
    pub translate: TranslateArgs,
    #[arg(long, value_enum, default_value = "text")]
    pub format: TranslateFormat,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum SummaryFormat {
    Text,
    Json,
    Md,
}

#[derive(Debug, Args)]
pub struct SummarizeArgs {
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub budget: BudgetArgs,
    #[arg(long, value_enum, default_value = "text")]
    pub format: SummaryFormat,
    /// With --format json: every sentence, ranked, with its score breakdown (every document
    /// is analyzed in full).
    #[arg(long)]
    pub explain: bool,
    /// Which documents get the full analysis: `leading` (on a large day, those of the leading
    /// stories, twelve for each sentence of the budget: the default) or `all`.
    #[arg(long, value_name = "WHICH", value_parser = ["leading", "all"])]
    pub analyze: Option<String>,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum EntityFormat {
    Json,
    Tsv,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum GlossaryFormat {
    Json,
    Md,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ThemeFormat {
    Json,
    Tsv,
}

#[derive(Debug, Args)]
pub struct ListArgs<F: ValueEnum + Clone + Send + Sync + 'static> {
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "json")]
    pub format: F,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Args)]
pub struct RomanizeArgs {
    /// Names in Arabic script; read from standard input, one per line, when none.
    pub names: Vec<String>,
    /// Configuration file (TOML): its `[models]` romanizer, when it names one.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Write the built-in templates into DIR for customizing.
    Init {
        dir: PathBuf,
        /// Only this audience's templates (plus the shared ones they use).
        #[arg(long, value_name = "NAME")]
        audience: Option<String>,
        /// Overwrite existing files.
        #[arg(long)]
        force: bool,
    },
    /// List the built-in templates.
    List,
}

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Share of the human summaries' sentences that the segmenter returns whole.
    Segment { file: PathBuf },
    /// ROUGE-1/2/L of khulasa, lead and TextRank against human summaries.
    Rouge {
        file: PathBuf,
        /// Cross-validate with this many folds by topic: each fold's weights are chosen on
        /// the other folds, and the figures are the mean and spread over the folds.
        #[arg(long, value_name = "K")]
        cv: Option<usize>,
        /// With --cv: the seed of the order in which topics are dealt to the folds.
        #[arg(long, default_value_t = 1, requires = "cv")]
        seed: u64,
        /// With --cv: the weights searched, comma-separated (all, none, or names such as
        /// position_decay,headline).
        #[arg(long, default_value = "all", requires = "cv")]
        tune: String,
        /// With --cv: a change of weight is kept only when it raises the training folds'
        /// mean ROUGE-2 by more than this.
        #[arg(long, default_value_t = 0.0001, requires = "cv")]
        min_gain: f64,
        /// With --cv: how each fold's weights are chosen: `search` (coordinate search of mean
        /// ROUGE-2 over the weights in --tune) or `regression` (least squares of each
        /// sentence's share of bigrams in the human summaries on its features; of the weights
        /// in --tune, position_decay, paragraph_bonus and mmr_lambda are searched on a grid)
        /// or `prior` (sentences in the order of a prior of their position fitted on the
        /// other folds, its ties broken by a regression on their other features; no weights).
        #[arg(long, default_value = "search", requires = "cv")]
        fit: String,
        /// Print every candidate's features, share of bigrams in the human summaries and
        /// words as JSON Lines (one article a line) instead of measuring.
        #[arg(long, conflicts_with = "cv")]
        features: bool,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Precision, recall and F1 of entity recognition on an IOB2 JSON Lines corpus.
    Ner {
        file: PathBuf,
        /// Score every sentence, not only the held-out part.
        #[arg(long)]
        all: bool,
        /// What to run: `user` (the sentences as documents through the recognizer, what
        /// `khulasa entities` gives) or `tagger` (the tagger first, one sentence at a time).
        #[arg(long, value_enum, default_value = "user")]
        path: NerPathArg,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Exact match and character error rate of romanization on a TSV of name pairs.
    Romanize {
        file: PathBuf,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Precision and recall of glossary entries against a gold list of entities per article,
    /// with every false and missed entity listed.
    Glossary {
        /// The gold file (JSON: files, and their entities with accepted English names).
        file: PathBuf,
        /// The folder the gold's file names are relative to; default: the folder above the
        /// one that holds the gold file.
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Primary-theme accuracy on a hand-labelled TSV (label, source, sentence).
    Themes {
        file: PathBuf,
        /// Print the learned model's features of every sentence (JSON Lines) instead.
        #[arg(long)]
        features: bool,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Body precision and recall, title and date accuracy of article extraction from saved
    /// pages, against a gold JSON of their titles, dates and article paragraphs.
    Extract {
        /// The gold: a JSON array of {"file", "title", "date", "body": [paragraph, ...]}.
        #[arg(value_name = "GOLD.json")]
        file: PathBuf,
        /// The folder the gold's files are relative to; by default the folder above the one
        /// that holds GOLD.json.
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
        #[command(flatten)]
        common: CommonArgs,
    },
}

/// `eval ner --path`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum NerPathArg {
    User,
    Tagger,
}

impl From<NerPathArg> for khulasa::eval::NerPath {
    fn from(p: NerPathArg) -> Self {
        match p {
            NerPathArg::User => khulasa::eval::NerPath::User,
            NerPathArg::Tagger => khulasa::eval::NerPath::Tagger,
        }
    }
}
