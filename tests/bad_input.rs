//! Bad input end to end: every bad file is reported (file and reason) and skipped, the rest is
//! processed, and the exit code says so (0 all used, 1 some skipped, 2 nothing usable, a
//! usage error or `--strict` with a skip); writes are atomic; nothing in an input can make
//! khulasa write outside `--out`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

const SEEDS: &[&str] = &["karabakh-un-mission.txt", "moscow-talks-truce.txt"];

fn khulasa() -> Command {
    Command::new(env!("CARGO_BIN_EXE_khulasa"))
}

fn seed_text(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("seeds")
        .join(name);
    fs::read_to_string(p).expect("seed article")
}

/// A folder holding the two seed articles under `in/`.
fn with_seeds() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    for s in SEEDS {
        fs::write(input.join(s), seed_text(s)).unwrap();
    }
    (dir, input)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn build(args: &[&std::ffi::OsStr]) -> Output {
    khulasa()
        .arg("build")
        .args(args)
        .args(["--date", "2026-11-23", "--quiet"])
        .output()
        .expect("run khulasa")
}

/// Every file under `root`, relative path → contents.
fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut m = BTreeMap::new();
    if !root.exists() {
        return m;
    }
    for e in walkdir::WalkDir::new(root) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(root).unwrap().to_path_buf();
            m.insert(rel, fs::read(e.path()).unwrap());
        }
    }
    m
}

/// Is this process able to read a file whose permissions are 000 (root)?
#[cfg(unix)]
fn chmod_000_blocks_reads(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let p = dir.join("probe");
    fs::write(&p, "x").unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o000)).unwrap();
    let blocked = fs::read(&p).is_err();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o644)).unwrap();
    fs::remove_file(&p).unwrap();
    blocked
}

/// Bad inputs of every kind next to the good seeds: each is named with a reason, the seeds
/// are still digested, and the exit code is 1.
#[test]
fn bad_inputs_are_reported_skipped_and_exit_1() {
    let (dir, input) = with_seeds();
    let bad = dir.path().join("bad");
    fs::create_dir(&bad).unwrap();
    fs::write(bad.join("empty.txt"), "").unwrap();
    fs::write(bad.join("blank.md"), "  \n\n\t \n").unwrap();
    let mut binary: Vec<u8> = (0u8..=255).cycle().take(4096).collect();
    binary.extend_from_slice(b"\0\0\0\x7fELF");
    fs::write(bad.join("binary.txt"), &binary).unwrap();
    fs::write(
        bad.join("broken.jsonl"),
        "{\"title\": \"x\", \"text\": \"نص\"\n",
    )
    .unwrap();
    fs::write(bad.join("broken-array.json"), "[{\"text\": \"نص\"},").unwrap();
    fs::write(
        bad.join("english.txt"),
        "This is an English article about the weather in London. It rained all day.\n",
    )
    .unwrap();
    fs::write(
        bad.join("no-text.html"),
        "<html><body><nav>Home</nav></body></html>",
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(bad.join("gone.txt"), bad.join("dangling.txt")).unwrap();
    let unreadable_by_mode = {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            if chmod_000_blocks_reads(dir.path()) {
                let p = bad.join("locked.txt");
                fs::write(&p, seed_text(SEEDS[0])).unwrap();
                fs::set_permissions(&p, fs::Permissions::from_mode(0o000)).unwrap();
                true
            } else {
                false
            }
        }
        #[cfg(not(unix))]
        false
    };
    let out = dir.path().join("out");
    let o = build(&[
        input.as_os_str(),
        bad.as_os_str(),
        dir.path().join("missing.txt").as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "stderr: {err}");
    let expect = [
        ("empty.txt", "empty file"),
        ("blank.md", "empty file"),
        ("binary.txt", "binary data"),
        ("broken.jsonl", "invalid JSON"),
        ("broken-array.json", "invalid JSON"),
        ("english.txt", "not an Arabic article"),
        ("no-text.html", "no article text"),
        ("missing.txt", "no such file"),
    ];
    for (file, reason) in expect {
        assert!(
            err.lines()
                .any(|l| l.contains("skipped") && l.contains(file) && l.contains(reason)),
            "{file}: expected a line naming it with {reason:?}; stderr: {err}"
        );
    }
    #[cfg(unix)]
    assert!(
        err.lines()
            .any(|l| l.contains("skipped") && l.contains("dangling.txt")),
        "dangling symlink not reported; stderr: {err}"
    );
    if unreadable_by_mode {
        assert!(
            err.lines()
                .any(|l| l.contains("locked.txt") && l.contains("cannot read")),
            "unreadable file not reported; stderr: {err}"
        );
    }
    // The good articles were digested.
    let json = fs::read_to_string(out.join("2026-11-23/digest.json")).expect("digest.json");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let docs = v["documents"].as_array().expect("documents");
    assert_eq!(docs.len(), 2, "{json}");
    // The skipped inputs are recorded in the digest too.
    let problems = v["problems"].as_array().expect("problems");
    assert!(problems.len() >= expect.len(), "{problems:?}");
    assert!(out.join("2026-11-23/digest.html").is_file());
    assert!(out.join("index.html").is_file());
}

/// The same reporting for `summarize`, which prints to standard output.
#[test]
fn summarize_skips_bad_inputs_and_exits_1() {
    let (dir, input) = with_seeds();
    let bin = dir.path().join("x.txt");
    fs::write(&bin, [0u8, 1, 2, 3, 0, 0, 0, 255, 254]).unwrap();
    let o = khulasa()
        .arg("summarize")
        .arg(input.join(SEEDS[0]))
        .arg(&bin)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("x.txt"), "{}", stderr(&o));
    assert!(!o.stdout.is_empty());
}

#[test]
fn strict_turns_a_skip_into_exit_2_and_writes_nothing() {
    let (dir, input) = with_seeds();
    fs::write(input.join("empty.txt"), "").unwrap();
    let out = dir.path().join("out");
    let o = build(&[
        input.as_os_str(),
        "--strict".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("empty.txt") && err.contains("empty file"),
        "{err}"
    );
    assert!(err.contains("--strict"), "{err}");
    assert!(tree(&out).is_empty(), "strict failure wrote files");
}

#[test]
fn all_good_inputs_exit_0() {
    let (dir, input) = with_seeds();
    let out = dir.path().join("out");
    let o = build(&[
        input.as_os_str(),
        "--strict".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn nothing_usable_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), "").unwrap();
    fs::write(
        dir.path().join("b.txt"),
        "Only English here, nothing Arabic.",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = build(&[dir.path().as_os_str(), "--out".as_ref(), out.as_os_str()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("a.txt") && err.contains("b.txt"), "{err}");
    assert!(err.contains("no usable"), "{err}");
    assert!(!out.join("2026-11-23").exists());
}

#[test]
fn an_empty_folder_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    fs::create_dir(&empty).unwrap();
    let o = khulasa().arg("summarize").arg(&empty).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn usage_errors_exit_2() {
    let (dir, input) = with_seeds();
    let out = dir.path().join("out");
    let cases: Vec<Vec<std::ffi::OsString>> = vec![
        vec!["build".into(), "--no-such-flag".into()],
        vec!["summarize".into()],
        vec![
            "build".into(),
            input.clone().into(),
            "--date".into(),
            "2026-13-45".into(),
            "--out".into(),
            out.clone().into(),
        ],
        vec![
            "build".into(),
            input.clone().into(),
            "--date".into(),
            "../../etc".into(),
            "--out".into(),
            out.clone().into(),
        ],
        vec![
            "build".into(),
            input.clone().into(),
            "--format".into(),
            "pdf".into(),
            "--out".into(),
            out.clone().into(),
        ],
        vec![
            "summarize".into(),
            input.clone().into(),
            "--ratio".into(),
            "7".into(),
        ],
        vec![
            "build".into(),
            input.clone().into(),
            "--config".into(),
            dir.path().join("no-such.toml").into(),
        ],
    ];
    for args in cases {
        let o = khulasa().args(&args).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).is_empty(), "{args:?}: no message");
    }
    assert!(tree(&out).is_empty(), "a usage error wrote files");
}

fn no_temp_files(root: &Path) {
    for rel in tree(root).keys() {
        let name = rel.file_name().unwrap().to_string_lossy();
        assert!(
            !(name.starts_with(".khulasa-") || name.ends_with(".tmp")),
            "temporary file left: {}",
            rel.display()
        );
    }
}

/// A second build that fails while rendering leaves the first build's files byte for byte.
fn failed_rebuild_keeps_previous(broken: &str, body: &str) {
    let (dir, input) = with_seeds();
    let out = dir.path().join("out");
    let o = build(&[input.as_os_str(), "--out".as_ref(), out.as_os_str()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let before = tree(&out);
    assert!(before.contains_key(Path::new("2026-11-23/digest.html")));
    assert!(before.contains_key(Path::new("index.html")));

    // The second run sees one more article, so a successful run would change the digest.
    let extra = dir.path().join("extra");
    fs::create_dir(&extra).unwrap();
    fs::write(
        extra.join("third.txt"),
        "أعلنت وزارة الخارجية الروسية أن الوزير سيزور باكو ويريفان الأسبوع المقبل. \
         وقال المتحدث إن الزيارة تهدف إلى دعم مسار السلام بين أرمينيا وأذربيجان.\n",
    )
    .unwrap();
    let templates = dir.path().join("templates");
    fs::create_dir(&templates).unwrap();
    fs::write(templates.join(broken), body).unwrap();
    let o = build(&[
        input.as_os_str(),
        extra.as_os_str(),
        "--templates".as_ref(),
        templates.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains(broken), "{}", stderr(&o));
    let after = tree(&out);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "files added or removed by a failed build"
    );
    for (k, v) in &before {
        assert!(after[k] == *v, "{} changed by a failed build", k.display());
    }
    no_temp_files(&out);
}

#[test]
fn broken_digest_template_keeps_previous_digest_and_index() {
    failed_rebuild_keeps_previous("digest.html", "{% if %}broken{% endfor %}");
}

#[test]
fn digest_template_failing_at_render_time_keeps_previous_digest_and_index() {
    // Parses, fails only when rendered (strict undefined).
    failed_rebuild_keeps_previous("digest.md", "{{ no_such_variable.field }}");
}

#[test]
fn broken_index_template_keeps_previous_digest() {
    failed_rebuild_keeps_previous("index.html", "{{ no_such_variable.field }}");
}

#[test]
fn no_temp_files_after_success() {
    let (dir, input) = with_seeds();
    let out = dir.path().join("out");
    for _ in 0..2 {
        let o = build(&[input.as_os_str(), "--out".as_ref(), out.as_os_str()]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    no_temp_files(&out);
}

/// Hostile names and fields: every file created lies under `--out`.
#[test]
fn inputs_cannot_write_outside_out() {
    let root = tempfile::tempdir().unwrap();
    let input = root.path().join("deep/in");
    fs::create_dir_all(&input).unwrap();
    let art = seed_text(SEEDS[0]);
    let art2 = seed_text(SEEDS[1]);
    fs::write(input.join("..evil...txt"), &art).unwrap();
    fs::write(input.join("passwd.txt"), &art2).unwrap();
    let feed = [
        ("../../../../etc/passwd", "../../x"),
        ("/etc/passwd", "..\\..\\win"),
        ("<script>alert(1)</script>", "%2e%2e%2fhidden"),
    ]
    .iter()
    .enumerate()
    .map(|(i, (title, id))| {
        serde_json::json!({
            "id": id,
            "title": title,
            "source": "../../../../tmp",
            "url": format!("file:///etc/passwd#{i}"),
            "date": "../../1999-01-01",
            "text": format!("{}\nخبر رقم {i} عن المحادثات في موسكو بين وزيري الخارجية.", if i == 0 { &art } else { &art2 }),
        })
        .to_string()
    })
    .collect::<Vec<_>>()
    .join("\n");
    fs::write(input.join("....jsonl"), &feed).unwrap();
    fs::write(input.join("feed..%2F..%2Fetc.jsonl"), &feed).unwrap();
    let before = tree(root.path());
    let out = root.path().join("deep/out");
    let o = build(&[input.as_os_str(), "--out".as_ref(), out.as_os_str()]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    let after = tree(root.path());
    let out_rel = Path::new("deep/out");
    for k in after.keys() {
        if !before.contains_key(k) {
            assert!(
                k.starts_with(out_rel),
                "wrote outside --out: {}",
                k.display()
            );
        }
    }
    for (k, v) in &before {
        assert!(after[k] == *v, "{} changed", k.display());
    }
    // Only the dated folder, the archive index, the archive page, the feed and the lock.
    for k in tree(&out).keys() {
        let top = k.components().next().unwrap().as_os_str().to_string_lossy();
        assert!(
            [
                "2026-11-23",
                "archive.json",
                "index.html",
                "feed.xml",
                ".khulasa.lock"
            ]
            .contains(&top.as_ref()),
            "unexpected output {}",
            k.display()
        );
    }
    // Hostile titles are escaped in the HTML.
    let html = fs::read_to_string(out.join("2026-11-23/digest.html")).unwrap();
    assert!(!html.contains("<script>alert(1)</script>"));
}

#[test]
fn an_article_over_the_size_limit_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("huge.txt");
    // One line of Arabic words without punctuation, just over a 20 kB limit.
    std::fs::write(&big, "كلمة ".repeat(3000)).unwrap();
    std::fs::write(
        dir.path().join("limits.toml"),
        "max_article_bytes = 20000\n",
    )
    .unwrap();
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let out = dir.path().join("out");
    let o = assert_cmd::Command::cargo_bin("khulasa")
        .unwrap()
        .args(["build", "--date", "2026-11-23", "--config"])
        .arg(dir.path().join("limits.toml"))
        .arg("--out")
        .arg(&out)
        .arg(&big)
        .arg(&seeds)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("huge.txt") && err.contains("article too long"),
        "{err}"
    );
    assert!(out.join("2026-11-23/digest.json").is_file());
}
