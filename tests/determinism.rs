//! Determinism: the same inputs, date and options give byte-identical output files, across
//! runs (hash-map order is random per process) and whatever the order of the inputs on the
//! command line or of the files in a folder.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn khulasa() -> Command {
    Command::new(env!("CARGO_BIN_EXE_khulasa"))
}

/// Every file under `root`, relative path → contents.
fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut m = BTreeMap::new();
    for e in walkdir::WalkDir::new(root) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            m.insert(
                e.path().strip_prefix(root).unwrap().to_path_buf(),
                fs::read(e.path()).unwrap(),
            );
        }
    }
    m
}

/// A folder of articles: the two seeds plus a few variants that share entities with them,
/// so that cross-document scores and near-duplicate merging come into play.
fn corpus(dir: &Path) -> Vec<PathBuf> {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut paths = Vec::new();
    for name in ["karabakh-un-mission.txt", "moscow-talks-truce.txt"] {
        let p = dir.join(name);
        fs::copy(seeds.join(name), &p).unwrap();
        paths.push(p);
    }
    let extra = [
        (
            "c-feed.jsonl",
            concat!(
                r#"{"title": "لقاء في موسكو", "source": "وكالة", "text": "التقى وزير الخارجية الروسي سيرغي لافروف نظيره الأذربيجاني في موسكو. وبحث الوزيران الوضع في قره باغ والعلاقات مع أرمينيا. وقال لافروف إن روسيا تدعم الحوار بين باكو ويريفان."}"#,
                "\n",
                r#"{"title": "مساعدات إنسانية", "source": "وكالة", "text": "أعلنت الأمم المتحدة إرسال مساعدات إنسانية إلى اللاجئين في أرمينيا. وقالت المنظمة إن آلاف الأسر تحتاج إلى الغذاء والمأوى. وأكدت فرنسا أنها ستقدم دعما إضافيا."}"#,
                "\n"
            ),
        ),
        (
            "b-report.md",
            "---\ntitle: تقرير\nsource: صحيفة\n---\n# تقرير عن المحادثات\n\nأكد الرئيس الفرنسي إيمانويل ماكرون دعم بلاده لأرمينيا. وقال إن فرنسا ستواصل الحوار مع أذربيجان. وأشار إلى أهمية الاستقرار في جنوب القوقاز.\n",
        ),
        (
            "a-page.html",
            "<html><head><title>خبر</title></head><body><article><h1>زيارة إلى باكو</h1><p>وصل وزير الخارجية التركي إلى باكو في زيارة رسمية. وبحث مع الرئيس الأذربيجاني إلهام علييف التعاون العسكري بين البلدين.</p><p>وقالت وزارة الخارجية الأرمينية إن الزيارة تثير القلق.</p></article></body></html>",
        ),
    ];
    for (name, body) in extra {
        let p = dir.join(name);
        fs::write(&p, body).unwrap();
        paths.push(p);
    }
    paths
}

fn build(inputs: &[PathBuf], out: &Path, extra: &[&str]) -> BTreeMap<PathBuf, Vec<u8>> {
    let o = khulasa()
        .arg("build")
        .args(inputs)
        .arg("--out")
        .arg(out)
        .args(["--date", "2026-11-23", "--quiet"])
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    tree(out)
}

fn assert_same(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>, what: &str) {
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{what}: different files"
    );
    for (k, v) in a {
        if b[k] != *v {
            let x = String::from_utf8_lossy(v);
            let y = String::from_utf8_lossy(&b[k]);
            let line = x
                .lines()
                .zip(y.lines())
                .position(|(p, q)| p != q)
                .unwrap_or(0);
            panic!(
                "{what}: {} differs, first at line {}:\n  {:?}\n  {:?}",
                k.display(),
                line + 1,
                x.lines().nth(line).unwrap_or(""),
                y.lines().nth(line).unwrap_or("")
            );
        }
    }
}

#[test]
fn two_runs_give_identical_files() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    corpus(&input);
    let first = build(std::slice::from_ref(&input), &dir.path().join("o1"), &[]);
    assert!(first.len() >= 5, "{:?}", first.keys());
    // Several runs: each process seeds its hash maps anew.
    for i in 2..5 {
        let again = build(
            std::slice::from_ref(&input),
            &dir.path().join(format!("o{i}")),
            &[],
        );
        assert_same(&first, &again, &format!("run {i}"));
    }
}

#[test]
fn every_method_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    corpus(&input);
    for method in ["khulasa", "lead", "textrank"] {
        let a = build(
            std::slice::from_ref(&input),
            &dir.path().join(format!("{method}-1")),
            &["--method", method],
        );
        let b = build(
            std::slice::from_ref(&input),
            &dir.path().join(format!("{method}-2")),
            &["--method", method],
        );
        assert_same(&a, &b, method);
    }
}

#[test]
fn summarize_json_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let paths = corpus(dir.path());
    let run = || {
        let o = khulasa()
            .arg("summarize")
            .args(&paths)
            .args(["--format", "json", "--explain", "--quiet"])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0));
        o.stdout
    };
    let first = run();
    for _ in 0..3 {
        assert!(run() == first, "summarize --format json --explain differs");
    }
}

/// Files named one by one on the command line, in two different orders, give the same digest.
#[test]
fn input_order_on_the_command_line_does_not_matter() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    let mut paths = corpus(&input);
    paths.sort();
    let a = build(&paths, &dir.path().join("sorted"), &[]);
    paths.reverse();
    let b = build(&paths, &dir.path().join("reversed"), &[]);
    assert_same(&a, &b, "reversed input order");
    paths.rotate_left(2);
    let c = build(&paths, &dir.path().join("rotated"), &[]);
    assert_same(&a, &c, "rotated input order");
}

/// Folders named in two orders, and a folder versus its files named one by one.
#[test]
fn folders_and_files_give_the_same_digest() {
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("x");
    let y = dir.path().join("y");
    fs::create_dir(&x).unwrap();
    fs::create_dir(&y).unwrap();
    let paths = corpus(&x);
    // Move half of the articles to the second folder.
    for p in paths.iter().skip(3) {
        fs::rename(p, y.join(p.file_name().unwrap())).unwrap();
    }
    let a = build(&[x.clone(), y.clone()], &dir.path().join("xy"), &[]);
    let b = build(&[y.clone(), x.clone()], &dir.path().join("yx"), &[]);
    assert_same(&a, &b, "folders in the other order");
}
