//! khulasa: daily English-reader digests of Arabic news articles.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! ingest → text → entities → themes → stories → summarize → digest → translate → render → publish
//! (files)  (normalize,  (gazetteer, (lexicons) (same event (features, (view    (minijinja) (dated files,
//!          segment,     matcher,                across     scores,    model)               archive, feed)
//!          tokenize)    glossary)               outlets)   selection)
//! ```
//!
//! Every stage uses [`arabic`], the one home of the language primitives. [`Resources`] owns
//! every table and model of a run, built once from the embedded data and the configuration;
//! [`pipeline::Engine`] holds it and runs the middle stages; [`build::build`] runs every stage, from the inputs to the published digest;
//! [`listing`] holds the JSON shapes of the commands that list what a stage found. The
//! `khulasa` command line is a binary over this library (the default `cli` feature); the
//! library alone needs none of its dependencies.

pub mod arabic;
pub mod build;
pub mod config;
pub mod data;
pub mod digest;
pub mod entities;
pub mod error;
pub mod eval;
pub mod gist;
pub mod ingest;
pub mod listing;
mod memo;
pub mod pipeline;
pub mod publish;
pub mod render;
pub mod resources;
pub mod stories;
pub mod summarize;
pub mod text;
pub mod themes;
pub mod translate;

pub use error::{Error, Result};
pub use resources::Resources;
