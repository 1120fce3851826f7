//! Typed errors of the library: the cases a caller may want to branch on.

use std::path::PathBuf;

/// Errors raised by khulasa's library stages.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input file could not be read or decoded.
    #[error("{path}: {reason}")]
    Input { path: PathBuf, reason: String },
    /// The configuration file is invalid.
    #[error("invalid configuration {path}: {reason}")]
    Config { path: PathBuf, reason: String },
    /// A data file (gazetteer, lexicon, list) is invalid.
    #[error("invalid data file {name}: {reason}")]
    Data { name: String, reason: String },
    /// A template is missing or failed to render.
    #[error("template {name}: {reason}")]
    Template { name: String, reason: String },
    /// Writing an output file failed.
    #[error("cannot write {path}: {source}")]
    Output {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Another run holds the lock of the output folder.
    #[error(
        "another khulasa run is publishing into this folder (lock {path} held); try again when it has finished"
    )]
    Busy { path: PathBuf },
    /// A usage error: an option value out of range, an unknown name.
    #[error("{0}")]
    Usage(String),
    /// No input gave a usable article.
    #[error("no usable Arabic article among the inputs ({skipped} skipped)")]
    NoArticles { skipped: usize },
    /// Inputs were skipped and the configuration is strict.
    #[error("{skipped} input(s) skipped in strict mode")]
    Strict { skipped: usize },
}

/// Result alias used across the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
