//! Named entities: gazetteer, matcher, tagger, romanization and glossary.
pub mod tagger;
