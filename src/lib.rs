//! khulasa: daily English-reader digests of Arabic news articles.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! ingest → text → entities → summarize → themes → digest → render → publish
//! (files)  (normalize,  (gazetteer,   (features,  (lexicons) (view    (minijinja) (dated files,
//!          segment,     matcher,      scores,                model)               archive, feed)
//!          tokenize)    glossary)     selection)
//! ```
//!
//! [`pipeline::Engine`] holds the compiled data (recognizer, lexicon) and runs the middle
//! stages; [`cli`] is the command line over it.

pub mod arabic;
pub mod cli;
pub mod config;
pub mod data;
pub mod digest;
pub mod entities;
pub mod error;
pub mod eval;
pub mod gist;
pub mod ingest;
mod memo;
pub mod pipeline;
pub mod publish;
pub mod render;
pub mod resources;
pub mod summarize;
pub mod text;
pub mod themes;

pub use error::{Error, Result};
pub use resources::Resources;
