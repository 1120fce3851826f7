//! Publishing as a transaction: a run killed at any step leaves an output folder a reader can
//! use (the old day or the new one, whole, with an index that lists it), the next run tidies
//! what the killed one left, and two runs never publish into one folder at once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn khulasa() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_khulasa"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

const DATE: &str = "2026-11-23";
const BASE: &str = "https://example.org/briefing/";

/// Build `inputs` for DATE into `out`; with `fail_at`, the process aborts at that step of
/// publishing, as if it were killed there.
fn build(out: &Path, inputs: &[&str], fail_at: Option<&str>) -> std::process::Output {
    let mut c = khulasa();
    c.arg("build").args(inputs).arg("--out").arg(out).args([
        "--date",
        DATE,
        "--base-url",
        BASE,
        "--quiet",
    ]);
    if let Some(step) = fail_at {
        c.env("KHULASA_FAILPOINT", step);
    }
    c.output().unwrap()
}

/// Every file under `dir`, relative, with its contents.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            out.insert(rel, std::fs::read(e.path()).unwrap());
        }
    }
    out
}

/// What a reader of the folder sees: the day's files and the three archive files (the lock
/// and tidy-up folders are not for readers).
fn published(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    tree(dir)
        .into_iter()
        .filter(|(k, _)| !k.starts_with(".khulasa.lock") && !k.to_string_lossy().starts_with('.'))
        .collect()
}

/// The day as a reader finds it: whole (its three files from one run), and listed by the
/// index and the archive.
fn assert_consistent(dir: &Path, runs: &[&BTreeMap<PathBuf, Vec<u8>>]) {
    let now = published(dir);
    let day: BTreeMap<&PathBuf, &Vec<u8>> =
        now.iter().filter(|(k, _)| k.starts_with(DATE)).collect();
    assert!(
        runs.iter().any(|r| {
            let theirs: BTreeMap<&PathBuf, &Vec<u8>> =
                r.iter().filter(|(k, _)| k.starts_with(DATE)).collect();
            theirs == day
        }),
        "the day is not whole: {:?}",
        day.keys().collect::<Vec<_>>()
    );
    let index = String::from_utf8(now[&PathBuf::from("index.html")].clone()).unwrap();
    assert!(index.contains(DATE), "the index lists the day");
}

#[test]
fn a_run_killed_at_any_step_leaves_a_consistent_folder() {
    // Two digests of one day: the first run's, and a second run's with other inputs.
    let reference = tempfile::tempdir().unwrap();
    assert!(build(reference.path(), &["seeds"], None).status.success());
    let first = published(reference.path());
    assert!(
        build(reference.path(), &["seeds/moscow-talks-truce.txt"], None)
            .status
            .success()
    );
    let second = published(reference.path());
    assert_ne!(first, second);

    for step in [
        "day-written",
        "day-renamed",
        "archive-written",
        "index-written",
    ] {
        let out = tempfile::tempdir().unwrap();
        assert!(build(out.path(), &["seeds"], None).status.success());
        let killed = build(out.path(), &["seeds/moscow-talks-truce.txt"], Some(step));
        assert!(!killed.status.success(), "{step}: the run was not stopped");
        // Right after the kill: the old day or the new one, whole, and listed.
        assert_consistent(out.path(), &[&first, &second]);
        // The next run tidies up and publishes as if nothing had happened.
        let again = build(out.path(), &["seeds/moscow-talks-truce.txt"], None);
        assert!(
            again.status.success(),
            "{step}: {}",
            String::from_utf8_lossy(&again.stderr)
        );
        assert_eq!(published(out.path()), second, "{step}");
        let leftovers: Vec<PathBuf> = tree(out.path())
            .into_keys()
            .filter(|k| k.to_string_lossy().starts_with(&format!(".{DATE}")))
            .collect();
        assert!(leftovers.is_empty(), "{step}: {leftovers:?}");
    }
}

#[test]
fn a_second_run_into_the_same_folder_fails_clearly() {
    let out = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(out.path()).unwrap();
    // Hold the lock as a running build would.
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(out.path().join(".khulasa.lock"))
        .unwrap();
    lock.lock().unwrap();
    let o = build(out.path(), &["seeds"], None);
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("another khulasa run is publishing into this folder"),
        "{stderr}"
    );
    assert!(!out.path().join(DATE).exists(), "nothing was written");
    lock.unlock().unwrap();
    assert!(build(out.path(), &["seeds"], None).status.success());
}

#[test]
fn an_unreadable_past_digest_is_reported_not_hidden() {
    let out = tempfile::tempdir().unwrap();
    let bad = out.path().join("2026-11-20");
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::write(bad.join("digest.json"), "{ not json").unwrap();
    let o = build(out.path(), &["seeds"], None);
    assert!(o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("warning") && stderr.contains("2026-11-20"),
        "{stderr}"
    );
}

#[test]
fn without_a_base_url_there_is_no_feed_and_the_user_is_told() {
    let out = tempfile::tempdir().unwrap();
    let o = khulasa()
        .args(["build", "seeds", "--out"])
        .arg(out.path())
        .args(["--date", DATE])
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(!out.path().join("feed.xml").exists());
    assert!(out.path().join("index.html").is_file());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("base_url"), "{stderr}");
}
