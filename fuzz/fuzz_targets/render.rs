//! Rendering: an arbitrary string as an article through to the HTML and Markdown digest.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        khulasa_fuzz::render_str(s);
    }
});
