//! Ingest: arbitrary bytes decoded and parsed as text, Markdown, HTML and a JSON feed.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    khulasa_fuzz::ingest_bytes(data);
});
