//! Per-thread memos of pure functions of a word (stems, theme keys, romanized names): words
//! repeat a great deal across a day's articles, so each thread remembers what it computed.
//! A memo starts over when it is full, so its memory stays bounded.

use std::cell::RefCell;
use std::thread::LocalKey;

/// A thread's memo: word → value.
pub(crate) type Memo<V> = RefCell<rustc_hash::FxHashMap<String, V>>;

/// `compute(key)`, remembered in this thread's `memo`, which holds at most `cap` words.
/// `compute` must not use the same memo.
pub(crate) fn remembered<V: Clone>(
    memo: &'static LocalKey<Memo<V>>,
    key: &str,
    cap: usize,
    compute: impl FnOnce(&str) -> V,
) -> V {
    memo.with(|m| {
        if let Some(v) = m.borrow().get(key) {
            return v.clone();
        }
        let v = compute(key);
        let mut m = m.borrow_mut();
        if m.len() >= cap {
            m.clear();
        }
        m.insert(key.to_string(), v.clone());
        v
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static SQUARES: Memo<usize> = Default::default();
    }

    #[test]
    fn computes_once_and_starts_over_when_full() {
        let mut calls = 0;
        let mut len = |k: &str| {
            remembered(&SQUARES, k, 2, |k| {
                calls += 1;
                k.len() * k.len()
            })
        };
        assert_eq!(len("abc"), 9);
        assert_eq!(len("abc"), 9);
        assert_eq!(len("ab"), 4);
        // Full (2 words): the third clears the memo, so "abc" is computed again.
        assert_eq!(len("a"), 1);
        assert_eq!(len("abc"), 9);
        assert_eq!(calls, 4);
        SQUARES.with(|m| assert!(m.borrow().len() <= 2));
    }
}
