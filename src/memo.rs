//! Per-thread memos of pure functions of a word (stems, theme keys, romanized names): words
//! repeat a great deal across a day's articles, so each thread remembers what it computed.
//! A memo starts over when it is full, so its memory stays bounded.
//!
//! A memo of a function that depends on a table or model (a romanizer, a tagger) belongs to
//! one owner, named by an [`owner_id`]: ids are never reused, so a memo filled for one model
//! is emptied before another model's first use, even one built at the same address.
//!
//! A thread remembers which memos it has filled, so that it can let go of them all at once
//! ([`release_thread_memos`]) when its work with words is over.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread::LocalKey;

/// A thread's memo: word → value.
pub(crate) type Memo<V> = RefCell<rustc_hash::FxHashMap<String, V>>;

/// A thread's memo of one owner's function: (owner id, word → value).
pub(crate) type OwnedMemo<V> = RefCell<(u64, rustc_hash::FxHashMap<String, V>)>;

thread_local! {
    /// The memos the calling thread has filled, each with the function that empties it, by
    /// the address of its key.
    static FILLED: RefCell<Vec<(usize, Release)>> = const { RefCell::new(Vec::new()) };
}

/// What empties one memo of the calling thread.
type Release = Box<dyn Fn()>;

/// Note that the calling thread has put words in `memo`, so that [`release_thread_memos`]
/// empties it.
fn filled<T: Default + 'static>(memo: &'static LocalKey<RefCell<T>>) {
    let id = memo as *const LocalKey<RefCell<T>> as usize;
    FILLED.with(|f| {
        let mut f = f.borrow_mut();
        if !f.iter().any(|&(m, _)| m == id) {
            f.push((
                id,
                Box::new(move || memo.with(|m| *m.borrow_mut() = T::default())),
            ));
        }
    });
}

/// Note that the calling thread has filled a table of its own kind (not a [`Memo`]), so that
/// [`release_thread_memos`] sets it back to its default.
pub(crate) fn note_filled<T: Default + 'static>(table: &'static LocalKey<RefCell<T>>) {
    filled(table);
}

/// Let go of every memo the calling thread has filled, memory and all: for a thread whose work
/// with words is over while it still has other work to do. A memo used again fills again.
pub fn release_thread_memos() {
    // The list is taken first: emptying a memo must not find it borrowed.
    for (_, release) in FILLED.with(RefCell::take) {
        release();
    }
}

/// A new owner id, distinct from every id handed out before in this process.
pub(crate) fn owner_id() -> u64 {
    // The counter holds no data, only the next id: it starts at 1 so that 0, the id of an
    // empty memo, is never an owner.
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// `compute(key)` of the model `owner`, remembered in this thread's `memo`: the memo starts
/// over when another owner uses it, or when it holds `cap` words.
pub(crate) fn remembered_for<V: Clone + 'static>(
    memo: &'static LocalKey<OwnedMemo<V>>,
    owner: u64,
    key: &str,
    cap: usize,
    compute: impl FnOnce(&str) -> V,
) -> V {
    memo.with(|m| {
        {
            let m = m.borrow();
            if m.0 == owner
                && let Some(v) = m.1.get(key)
            {
                return v.clone();
            }
        }
        let v = compute(key);
        let mut m = m.borrow_mut();
        if m.0 != owner || m.1.len() >= cap {
            m.0 = owner;
            m.1.clear();
        }
        if m.1.is_empty() {
            filled(memo);
        }
        m.1.insert(key.to_string(), v.clone());
        v
    })
}

/// `compute(key)`, remembered in this thread's `memo`, which holds at most `cap` words.
/// `compute` must not use the same memo.
pub(crate) fn remembered<V: Clone + 'static>(
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
        if m.is_empty() {
            filled(memo);
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

    thread_local! {
        static OWNED: OwnedMemo<String> = Default::default();
    }

    #[test]
    fn an_owners_memo_is_not_read_by_another_owner() {
        let (a, b) = (owner_id(), owner_id());
        assert_ne!(a, b);
        let upper = |owner, k: &str| remembered_for(&OWNED, owner, k, 10, |k| k.to_uppercase());
        let lower = |owner, k: &str| remembered_for(&OWNED, owner, k, 10, |k| k.to_lowercase());
        assert_eq!(upper(a, "Ab"), "AB");
        // Same owner, same key: the remembered value, even with another function.
        assert_eq!(lower(a, "Ab"), "AB");
        // Another owner: computed again, and the first owner's words are gone.
        assert_eq!(lower(b, "Ab"), "ab");
        OWNED.with(|m| assert_eq!(m.borrow().1.len(), 1));
    }

    thread_local! {
        static PLAIN: Memo<usize> = Default::default();
        static BY_OWNER: OwnedMemo<String> = Default::default();
    }

    #[test]
    fn a_thread_lets_go_of_every_memo_it_filled() {
        let owner = owner_id();
        assert_eq!(remembered(&PLAIN, "abc", 10, |k| k.len()), 3);
        assert_eq!(
            remembered_for(&BY_OWNER, owner, "ab", 10, |k| k.to_uppercase()),
            "AB"
        );
        release_thread_memos();
        PLAIN.with(|m| assert_eq!(m.borrow().capacity(), 0));
        BY_OWNER.with(|m| assert_eq!((m.borrow().0, m.borrow().1.capacity()), (0, 0)));
        // Used again, a memo fills again and is let go again.
        let mut calls = 0;
        remembered(&PLAIN, "abc", 10, |k| {
            calls += 1;
            k.len()
        });
        assert_eq!(calls, 1);
        release_thread_memos();
        PLAIN.with(|m| assert!(m.borrow().is_empty()));
    }
}
