//! khulasa: daily English-reader digests of Arabic news articles.
//!
//! The pipeline, one module per stage, data flowing one way:
//! `ingest` → `text` → `entities` → `summarize` → `themes` → `digest` → `render` → `publish`.

pub mod entities;
