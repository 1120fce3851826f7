//! Entity recognition over a segmented document.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        khulasa_fuzz::entities_str(s);
    }
});
