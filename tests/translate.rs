//! The translation backends end to end: `khulasa build` and `khulasa translate` against stub
//! servers on 127.0.0.1 (LibreTranslate and OpenAI-compatible) and a stand-in command. Every
//! run keeps its cache in a temporary folder.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

mod support {
    pub mod stub;
}
use support::stub::{self, Reply, Stub};

const DATE: &str = "2026-11-23";
const AUDIENCES: &[&str] = &["default", "analyst", "executive", "public"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn khulasa() -> Command {
    let mut c = Command::cargo_bin("khulasa").unwrap();
    c.current_dir(root());
    c
}

fn read(p: impl AsRef<Path>) -> String {
    std::fs::read_to_string(p.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", p.as_ref().display()))
}

/// `khulasa build seeds` of one audience into `out`, with the caucasus pack, the cache in
/// `cache` and extra arguments.
fn build(out: &Path, cache: &Path, audience: &str, extra: &[&str]) -> Command {
    let mut c = khulasa();
    c.args(["build", "seeds", "--config", "tests/fixtures/caucasus.toml"])
        .args(["--date", DATE, "--audience", audience, "--out"])
        .arg(out)
        .arg("--cache-dir")
        .arg(cache)
        .args(extra);
    c
}

fn digest_json(out: &Path) -> Value {
    serde_json::from_str(&read(out.join(DATE).join("digest.json"))).unwrap()
}

/// Every chosen sentence of digest.json (themes and their stories hold copies).
fn sentences(json: &Value) -> Vec<Value> {
    json["themes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["sentences"].as_array().unwrap().clone())
        .collect()
}

/// Files under a folder, recursively.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// How many sentences an audience's page shows: every chosen one, but the executive brief
/// shows the strongest sentence of at most three stories a theme.
fn shown(json: &Value, audience: &str) -> usize {
    json["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let stories = t["stories"].as_array().unwrap().len();
            if audience == "executive" {
                stories.min(3)
            } else {
                t["count"].as_u64().unwrap() as usize
            }
        })
        .sum()
}

/// The headings, the number of list items and the raw HTML of a Markdown document.
fn markdown_shape(md: &str) -> (Vec<String>, usize, Vec<String>) {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let (mut headings, mut items, mut html) = (Vec::new(), 0, Vec::new());
    let mut heading: Option<String> = None;
    for ev in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match ev {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => headings.extend(heading.take()),
            Event::Text(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::Start(Tag::Item) => items += 1,
            Event::Html(h) | Event::InlineHtml(h) => html.push(h.to_string()),
            _ => {}
        }
    }
    (headings, items, html)
}

#[test]
fn libretranslate_gives_every_chosen_sentence_its_english_in_every_template() {
    let server = Stub::start(stub::libretranslate);
    let url = server.url.clone();
    let cache = tempfile::tempdir().unwrap();
    for aud in AUDIENCES {
        let out = tempfile::tempdir().unwrap();
        build(
            out.path(),
            cache.path(),
            aud,
            &["--translate", "libretranslate", "--translate-url", &url],
        )
        .assert()
        .success();
        let json = digest_json(out.path());
        let all = sentences(&json);
        assert!(all.len() >= 12, "{aud}");
        let mut adjectives_left = 0;
        for s in &all {
            let t = &s["translation"];
            assert_eq!(t["backend"], "libretranslate", "{aud}: {s}");
            assert!(t["model"].is_null());
            let text = t["text"].as_str().unwrap();
            assert!(text.starts_with("EN:"), "{text}");
            assert!(!text.contains("[["), "a placeholder left: {text}");
            // The stub keeps the placeholders: every name comes back, none is flagged. A
            // nationality adjective (الفرنسي → France) is a word for the backend to translate
            // ("French"): not a placeholder, and not checked.
            assert_eq!(t["warnings"], serde_json::json!([]), "{aud}: {text}");
            let entities = s["entities"].as_array().unwrap();
            for e in entities {
                let en = e["english"].as_str().unwrap();
                let named = entities
                    .iter()
                    .any(|n| n["english"] == en && n["form"] == "name");
                if named {
                    assert!(text.contains(en), "{en} missing from {text}");
                } else if !text.contains(en) {
                    adjectives_left += 1;
                }
            }
        }
        assert!(
            adjectives_left > 0,
            "the seeds have الفرنسي (France), an adjective"
        );
        assert_eq!(json["translation"]["translated"], all.len());
        assert_eq!(json["translation"]["failed"], 0);

        let day = out.path().join(DATE);
        let html = read(day.join("digest.html"));
        let md = read(day.join("digest.md"));
        let want = shown(&json, aud);
        assert_eq!(
            html.matches("<p class=\"translation\" lang=\"en\">EN:")
                .count(),
            want,
            "{aud}: the English of every sentence shown"
        );
        assert!(md.matches("EN:").count() >= want, "{aud}: {md}");
        assert!(!html.contains("could not be translated"), "{aud}");
        if *aud == "executive" || *aud == "public" {
            assert_eq!(
                html.matches("<details>").count(),
                want,
                "{aud}: the Arabic on a fold"
            );
        }
        if *aud == "analyst" {
            assert_eq!(
                html.matches("<div class=\"parallel\">").count(),
                want,
                "side by side"
            );
        }
        // The Markdown keeps its structure: the same headings and list items as without a
        // translation, and no raw HTML.
        let plain = tempfile::tempdir().unwrap();
        build(plain.path(), cache.path(), aud, &[])
            .assert()
            .success();
        let without = read(plain.path().join(DATE).join("digest.md"));
        assert_eq!(markdown_shape(&md), markdown_shape(&without), "{aud}");
    }
    // The cache was filled by the first audience: one request in all.
    assert_eq!(server.count(), 1, "{:?}", server.received());
}

#[test]
fn a_second_run_sends_nothing_and_writes_the_same_digest() {
    let server = Stub::start(stub::libretranslate);
    let cache = tempfile::tempdir().unwrap();
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    let args = [
        "--translate",
        "libretranslate",
        "--translate-url",
        &server.url,
    ];
    build(first.path(), cache.path(), "default", &args)
        .assert()
        .success();
    let sent = server.count();
    assert!(sent >= 1);
    let run = build(second.path(), cache.path(), "default", &args)
        .assert()
        .success();
    assert_eq!(server.count(), sent, "the second run sent a request");
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(stderr.contains("from the cache, 0 request(s)"), "{stderr}");
    for f in ["digest.md", "digest.html", "digest.json"] {
        assert_eq!(
            read(first.path().join(DATE).join(f)),
            read(second.path().join(DATE).join(f)),
            "{f}"
        );
    }
    // The cache is where it was asked to be, and nowhere in the output.
    assert!(!files(cache.path()).is_empty());
    assert!(
        files(first.path())
            .iter()
            .all(|p| !p.to_string_lossy().contains("translate/")),
        "{:?}",
        files(first.path())
    );
}

#[test]
fn with_the_server_stopped_the_digest_is_written_with_gists_and_exit_code_0() {
    let server = Stub::start(stub::libretranslate);
    let url = server.url.clone();
    drop(server);
    let cache = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let run = build(
        out.path(),
        cache.path(),
        "default",
        &["--translate", "libretranslate", "--translate-url", &url],
    )
    .assert()
    .code(0);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(
        stderr.contains("warning:") && stderr.contains("cannot reach"),
        "{stderr}"
    );
    assert!(stderr.contains("left untranslated"), "{stderr}");
    let json = digest_json(out.path());
    let all = sentences(&json);
    assert!(all.iter().all(|s| s["translation"].is_null()));
    assert_eq!(json["translation"]["failed"], all.len());
    let md = read(out.path().join(DATE).join("digest.md"));
    let html = read(out.path().join(DATE).join("digest.html"));
    for s in &all {
        let gist = s["gist"].as_str().unwrap();
        if !gist.is_empty() {
            assert!(
                html.contains(&format!("<p class=\"gist\">{gist}</p>")),
                "{gist}"
            );
        }
    }
    assert!(md.contains("could not be translated"), "{md}");
    assert!(html.contains("class=\"note translation-note\""), "{html}");

    // --strict: the digest is still written, and the exit code says what was lost.
    let strict = tempfile::tempdir().unwrap();
    build(
        strict.path(),
        cache.path(),
        "default",
        &[
            "--translate",
            "libretranslate",
            "--translate-url",
            &url,
            "--strict",
        ],
    )
    .assert()
    .code(1);
    assert!(strict.path().join(DATE).join("digest.md").is_file());
}

#[test]
fn openai_sends_the_key_from_the_environment_and_it_is_written_nowhere() {
    const KEY: &str = "sk-test-0f9e8d7c6b5a-never-written";
    let server = Stub::start(stub::openai);
    let cache = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let config = out.path().with_extension("toml");
    std::fs::write(
        &config,
        format!(
            "packs = [\"caucasus\"]\n[translate]\nbackend = \"openai\"\nurl = \"{}/v1\"\nmodel = \"stub-model\"\napi_key_env = \"KHULASA_TEST_MT_KEY\"\n",
            server.url
        ),
    )
    .unwrap();
    let mut c = khulasa();
    c.env("KHULASA_TEST_MT_KEY", KEY)
        .args(["build", "seeds", "--date", DATE, "--config"])
        .arg(&config)
        .arg("--out")
        .arg(out.path())
        .arg("--cache-dir")
        .arg(cache.path());
    let run = c.assert().success();
    let got = server.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].path, "/v1/chat/completions");
    let bearer = format!("Bearer {KEY}");
    assert_eq!(got[0].header("authorization"), Some(bearer.as_str()));
    assert_eq!(got[0].json()["model"], "stub-model");

    let json = digest_json(out.path());
    for s in sentences(&json) {
        assert_eq!(s["translation"]["backend"], "openai");
        assert_eq!(s["translation"]["model"], "stub-model");
        assert!(
            s["translation"]["text"]
                .as_str()
                .unwrap()
                .starts_with("EN:")
        );
    }
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    let mut written: Vec<PathBuf> = files(out.path());
    written.extend(files(cache.path()));
    assert!(written.len() > 12, "{written:?}");
    for f in &written {
        assert!(!read(f).contains(KEY), "the key is in {}", f.display());
    }
    assert!(!stderr.contains(KEY), "{stderr}");
}

#[test]
fn libretranslate_gets_the_key_in_its_body() {
    const KEY: &str = "lt-key-5c4d3e2f-never-written";
    let server = Stub::start(stub::libretranslate);
    let cache = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let config = out.path().with_extension("toml");
    std::fs::write(
        &config,
        "[translate]\nbackend = \"libretranslate\"\napi_key_env = \"KHULASA_TEST_LT_KEY\"\n",
    )
    .unwrap();
    let run = khulasa()
        .env("KHULASA_TEST_LT_KEY", KEY)
        .args(["build", "seeds", "--date", DATE, "--config"])
        .arg(&config)
        .args(["--translate-url", &server.url, "--out"])
        .arg(out.path())
        .arg("--cache-dir")
        .arg(cache.path())
        .assert()
        .success();
    let got = server.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].json()["api_key"], KEY);
    assert_eq!(got[0].header("authorization"), None);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(!stderr.contains(KEY));
    for f in files(out.path()).iter().chain(&files(cache.path())) {
        assert!(!read(f).contains(KEY), "the key is in {}", f.display());
    }
    // Without the variable: nothing is sent, and the warning names the variable.
    let run = khulasa()
        .args(["build", "seeds", "--date", DATE, "--config"])
        .arg(&config)
        .args(["--translate-url", &server.url, "--out"])
        .arg(out.path())
        .arg("--cache-dir")
        .arg(cache.path())
        .env_remove("KHULASA_TEST_LT_KEY")
        .assert()
        .success();
    assert_eq!(server.count(), 1);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(stderr.contains("KHULASA_TEST_LT_KEY"), "{stderr}");
}

#[test]
fn a_key_a_server_echoes_back_is_kept_out_of_the_warnings() {
    const KEY: &str = "sk-test-echoed-4b3a2918";
    // A server that refuses the key and quotes it.
    let server = Stub::start(|r| {
        Reply {
        status: 401,
        body: serde_json::json!({"error": {"message": format!("Incorrect API key: {}", r.header("authorization").unwrap_or(""))}}).to_string(),
        delay: std::time::Duration::ZERO,
    }
    });
    let cache = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let config = out.path().with_extension("toml");
    std::fs::write(
        &config,
        "[translate]\nbackend = \"openai\"\napi_key_env = \"KHULASA_TEST_MT_KEY\"\n",
    )
    .unwrap();
    let run = khulasa()
        .env("KHULASA_TEST_MT_KEY", KEY)
        .args(["build", "seeds", "--date", DATE, "--config"])
        .arg(&config)
        .args(["--translate-url", &server.url, "--out"])
        .arg(out.path())
        .arg("--cache-dir")
        .arg(cache.path())
        .assert()
        .code(0);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(stderr.contains("401: Incorrect API key"), "{stderr}");
    assert!(stderr.contains("[redacted]"), "{stderr}");
    assert!(!stderr.contains(KEY), "{stderr}");
    assert_eq!(server.count(), 1, "a refused key is not retried");
}

#[test]
fn khulasa_translate_prints_every_sentence_with_ratio_1() {
    let cache = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("khulasa.toml");
    let script = root().join("tests/fixtures/translate/fake_mt.py");
    std::fs::write(
        &config,
        format!(
            "packs = [\"caucasus\"]\n[translate]\nbackend = \"command\"\ncommand = [\"python3\", {:?}]\n",
            script.to_string_lossy()
        ),
    )
    .unwrap();
    let file = "seeds/karabakh-un-mission.txt";
    let all = khulasa()
        .args(["summarize", file, "--ratio", "1", "--format", "json"])
        .output()
        .unwrap();
    let listed: Value = serde_json::from_slice(&all.stdout).unwrap();
    let n = listed["sentences"].as_array().map_or(0, |a| a.len());
    assert!(n > 5, "{listed}");

    let run = khulasa()
        .args([
            "translate",
            file,
            "--ratio",
            "1",
            "--format",
            "json",
            "--config",
        ])
        .arg(&config)
        .arg("--cache-dir")
        .arg(cache.path())
        .assert()
        .success();
    let printed: Value = serde_json::from_slice(&run.get_output().stdout).unwrap();
    let printed = printed.as_array().unwrap();
    assert_eq!(printed.len(), n);
    for p in printed {
        assert_eq!(p["translation"]["backend"], "command");
        assert!(
            p["translation"]["text"]
                .as_str()
                .unwrap()
                .starts_with("EN:")
        );
    }
    let text = khulasa()
        .args(["translate", file, "--ratio", "1", "--config"])
        .arg(&config)
        .arg("--cache-dir")
        .arg(cache.path())
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&text.get_output().stdout).to_string();
    assert_eq!(stdout.lines().filter(|l| l.starts_with("EN:")).count(), n);
    let stderr = String::from_utf8_lossy(&text.get_output().stderr).to_string();
    assert!(stderr.contains("from the cache, 0 request(s)"), "{stderr}");
}

#[test]
fn without_a_backend_nothing_is_translated_and_translate_says_why() {
    let out = tempfile::tempdir().unwrap();
    khulasa()
        .args(["build", "seeds", "--quiet", "--date", DATE, "--out"])
        .arg(out.path())
        .assert()
        .success();
    let json = digest_json(out.path());
    assert!(json.get("translation").is_none());
    assert!(sentences(&json).iter().all(|s| s["translation"].is_null()));

    let run = khulasa()
        .args(["translate", "seeds/karabakh-un-mission.txt"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(stderr.contains("no translation backend"), "{stderr}");
}

#[test]
fn a_cache_inside_the_output_folder_is_refused() {
    let out = tempfile::tempdir().unwrap();
    let run = khulasa()
        .args(["build", "seeds", "--date", DATE, "--out"])
        .arg(out.path())
        .args(["--translate", "libretranslate", "--cache-dir"])
        .arg(out.path().join("cache"))
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(stderr.contains("inside the output folder"), "{stderr}");
    assert!(!out.path().join(DATE).exists());
}

#[test]
fn a_translation_is_article_text_escaped_like_the_arabic() {
    // A backend that answers with markup.
    let server = Stub::start(|r| {
        let n = r.json()["q"].as_array().unwrap().len();
        let hostile = "<script>alert(1)</script> *bold* [link](javascript:x) | cell";
        Reply::json(serde_json::json!({ "translatedText": vec![hostile; n] }))
    });
    let cache = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    build(
        out.path(),
        cache.path(),
        "default",
        &[
            "--translate",
            "libretranslate",
            "--translate-url",
            &server.url,
        ],
    )
    .assert()
    .success();
    let day = out.path().join(DATE);
    let html = read(day.join("digest.html"));
    assert!(!html.contains("<script>alert"), "unescaped in HTML");
    assert!(html.contains("&lt;script&gt;alert(1)"));
    let md = read(day.join("digest.md"));
    let (_, _, raw) = markdown_shape(&md);
    assert!(raw.is_empty(), "raw HTML in Markdown: {raw:?}");
    assert!(
        !md.contains("[link](javascript:x)"),
        "a live link in Markdown"
    );
}
