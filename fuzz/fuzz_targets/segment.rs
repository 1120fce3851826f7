//! Segmentation and tokenization: the first byte picks the skipped lines, the rest is the text.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    khulasa_fuzz::segment_bytes(data);
});
