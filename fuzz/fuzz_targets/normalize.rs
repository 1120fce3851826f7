//! Normalization: the normalized text and its offset map back to the original.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        khulasa_fuzz::normalize_str(s);
    }
});
