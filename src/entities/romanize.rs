//! Romanization of Arabic names (temporary letter table; replaced by the learned model).

/// Romanizer.
pub struct Romanizer;

impl Romanizer {
    /// The shipped model.
    pub fn builtin() -> &'static Romanizer {
        static R: Romanizer = Romanizer;
        &R
    }

    /// A multi-word name, words capitalized.
    pub fn romanize(&self, name: &str) -> String {
        name.split_whitespace()
            .map(|w| {
                let mut s = String::new();
                for c in crate::text::norm(w).chars() {
                    s.push_str(match c {
                        'ا' => "a",
                        'ب' => "b",
                        'ت' => "t",
                        'ث' => "th",
                        'ج' => "j",
                        'ح' => "h",
                        'خ' => "kh",
                        'د' => "d",
                        'ذ' => "dh",
                        'ر' => "r",
                        'ز' => "z",
                        'س' => "s",
                        'ش' => "sh",
                        'ص' => "s",
                        'ض' => "d",
                        'ط' => "t",
                        'ظ' => "z",
                        'ع' => "a",
                        'غ' => "gh",
                        'ف' => "f",
                        'ق' => "q",
                        'ك' => "k",
                        'ل' => "l",
                        'م' => "m",
                        'ن' => "n",
                        'ه' => "h",
                        'و' => "o",
                        'ي' => "i",
                        _ => "",
                    });
                }
                let mut cs = s.chars();
                cs.next()
                    .map(|f| f.to_ascii_uppercase().to_string() + cs.as_str())
                    .unwrap_or_default()
            })
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}
