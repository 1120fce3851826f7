//! The translation stage against stub servers on 127.0.0.1 and a stand-in command: the
//! requests each backend sends, the cache, the glossary check, and a backend that is down,
//! slow, refusing or answering garbage.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::*;

#[path = "../../tests/support/stub.rs"]
mod stub;

use stub::{Reply, Stub};

fn piece(text: &str, english: Option<&str>) -> Piece {
    Piece {
        text: text.to_string(),
        english: english.map(str::to_string),
    }
}

/// "Pashinyan said in Yerevan that Armenia ..." with its three names, the clitic و written on
/// the last.
fn sentence() -> Source {
    Source {
        pieces: vec![
            piece("قال ", None),
            piece("باشينيان", Some("Nikol Pashinyan")),
            piece(" في ", None),
            piece("يريفان", Some("Yerevan")),
            piece(" إن و", None),
            piece("أرمينيا", Some("Armenia")),
            piece(" لن تتراجع.", None),
        ],
    }
}

fn second() -> Source {
    Source {
        pieces: vec![
            piece("وصل ", None),
            piece("لافروف", Some("Sergey Lavrov")),
            piece(" إلى ", None),
            piece("باكو", Some("Baku")),
            piece(" اليوم.", None),
        ],
    }
}

fn config(backend: Backend, url: &str, cache: &Path) -> TranslateConfig {
    TranslateConfig {
        backend: Some(backend),
        url: Some(url.to_string()),
        timeout_s: 5.0,
        cache_dir: Some(cache.to_path_buf()),
        ..TranslateConfig::default()
    }
}

fn fake_mt() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/translate/fake_mt.py")
        .to_string_lossy()
        .into_owned()
}

fn command(args: &[&str], cache: &Path) -> TranslateConfig {
    TranslateConfig {
        backend: Some(Backend::Command),
        command: ["python3", fake_mt().as_str()]
            .into_iter()
            .chain(args.iter().copied())
            .map(str::to_string)
            .collect(),
        timeout_s: 5.0,
        cache_dir: Some(cache.to_path_buf()),
        ..TranslateConfig::default()
    }
}

/// Files under a folder, recursively.
fn files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

#[test]
fn names_become_placeholders_and_clitics_words_of_their_own() {
    let (text, english) = sentence().protected();
    assert_eq!(text, "قال [[E1]] في [[E2]] إن و [[E3]] لن تتراجع.");
    assert_eq!(english, ["Nikol Pashinyan", "Yerevan", "Armenia"]);
    assert_eq!(
        sentence().text(),
        "قال باشينيان في يريفان إن وأرمينيا لن تتراجع."
    );
    // The same name twice: one number.
    let twice = Source {
        pieces: vec![
            piece("أرمينيا", Some("Armenia")),
            piece(" و", None),
            piece("أرمينيا", Some("Armenia")),
        ],
    };
    assert_eq!(
        twice.protected(),
        ("[[E1]] و [[E1]]".into(), vec!["Armenia".into()])
    );
}

#[test]
fn placeholders_are_restored_in_the_forms_engines_give_them() {
    let r = names::Restorer::new();
    let en = ["Nikol Pashinyan".to_string(), "Armenia".to_string()];
    for (name, translated, want) in [
        (
            "as sent",
            "[[E1]] said [[E2]] will not",
            "Nikol Pashinyan said Armenia will not",
        ),
        (
            "spaces inside",
            "[[ E1 ]] said [ [E2] ]",
            "Nikol Pashinyan said Armenia",
        ),
        ("lowercase", "[[e1]] said", "Nikol Pashinyan said"),
        (
            "single brackets",
            "[E2] and [E1]",
            "Armenia and Nikol Pashinyan",
        ),
        ("unknown number kept", "[[E7]] said", "[[E7]] said"),
        ("no placeholder", "He said", "He said"),
    ] {
        assert_eq!(r.restore(translated, &en), want, "{name}");
    }
}

#[test]
fn the_check_flags_each_name_dropped_or_renamed() {
    let s = sentence();
    assert!(names::check("Nikol Pashinyan said in Yerevan that armenia ...", &s).is_empty());
    let w = names::check(
        "Pashinyan said in Erevan that Armenia will not back down.",
        &s,
    );
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(
        w[0].contains("Nikol Pashinyan") && w[0].contains("باشينيان"),
        "{w:?}"
    );
    assert!(w[1].contains("Yerevan") && w[1].contains("يريفان"), "{w:?}");
}

#[test]
fn libretranslate_gets_the_documented_request_and_its_answer_is_restored() {
    let stub = Stub::start(stub::libretranslate);
    let cache = tempfile::tempdir().unwrap();
    let out = translate(
        &[sentence(), second()],
        &config(Backend::LibreTranslate, &stub.url, cache.path()),
    );

    let got = stub.received();
    assert_eq!(got.len(), 1, "one batch");
    assert_eq!(got[0].method, "POST");
    assert_eq!(got[0].path, "/translate");
    assert!(
        got[0]
            .header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    let body = got[0].json();
    assert_eq!(body["q"][0], "قال [[E1]] في [[E2]] إن و [[E3]] لن تتراجع.");
    assert_eq!(body["q"][1], "وصل [[E1]] إلى [[E2]] اليوم.");
    assert_eq!(body["source"], "ar");
    assert_eq!(body["target"], "en");
    assert_eq!(body["format"], "text");
    assert!(body.get("api_key").is_none(), "no key configured: {body}");

    let t: Vec<&Translation> = out
        .translations
        .iter()
        .map(|t| t.as_ref().unwrap())
        .collect();
    assert_eq!(t[0].text, "EN: … Nikol Pashinyan … Yerevan … Armenia …");
    assert_eq!(t[1].text, "EN: … Sergey Lavrov … Baku …");
    assert_eq!(t[0].backend, "libretranslate");
    assert_eq!(t[0].model, None);
    assert!(t.iter().all(|t| t.warnings.is_empty()));
    assert_eq!(
        out.stats,
        Stats {
            sentences: 2,
            translated: 2,
            cached: 0,
            failed: 0,
            flagged: 0,
            requests: 1
        }
    );
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
}

#[test]
fn a_second_run_reads_the_cache_and_sends_nothing() {
    let stub = Stub::start(stub::libretranslate);
    let cache = tempfile::tempdir().unwrap();
    let c = config(Backend::LibreTranslate, &stub.url, cache.path());
    let first = translate(&[sentence(), second()], &c);
    assert_eq!(stub.count(), 1);
    let entries = files(cache.path());
    assert_eq!(entries.len(), 2, "one file per translation: {entries:?}");
    assert!(
        entries
            .iter()
            .all(|p| p.extension().is_some_and(|e| e == "json"))
    );

    let again = translate(&[sentence(), second()], &c);
    assert_eq!(stub.count(), 1, "the second run sent a request");
    assert_eq!(again.stats.cached, 2);
    assert_eq!(again.stats.requests, 0);
    assert_eq!(again.translations, first.translations);

    // Another model, or other glossary names, is another translation.
    let other_model = TranslateConfig {
        model: Some("other".into()),
        ..c.clone()
    };
    translate(&[sentence()], &other_model);
    assert_eq!(stub.count(), 2);
    let mut renamed = second();
    renamed.pieces[1].english = Some("Sergei Lavrov".into());
    let r = translate(&[renamed], &c);
    assert_eq!(stub.count(), 3);
    assert_eq!(
        r.translations[0].as_ref().unwrap().text,
        "EN: … Sergei Lavrov … Baku …"
    );
}

#[test]
fn a_cache_entry_is_checked_against_its_sentence() {
    let cache = Cache::new(tempfile::tempdir().unwrap().keep());
    let k = cache::key("libretranslate", None, "جملة", &[]);
    cache
        .put(&k, "جملة", "A sentence", "libretranslate", None)
        .unwrap();
    assert_eq!(cache.get(&k, "جملة").as_deref(), Some("A sentence"));
    assert_eq!(
        cache.get(&k, "جملة أخرى"),
        None,
        "a foreign entry is a miss"
    );
    std::fs::remove_dir_all(cache.dir()).unwrap();
}

#[test]
fn a_translation_that_drops_a_name_is_flagged() {
    // The stub drops the second placeholder of every sentence.
    let stub = Stub::start(|r| {
        let q = r.json()["q"].clone();
        let out: Vec<String> = q
            .as_array()
            .unwrap()
            .iter()
            .map(|t| stub::fake_english(t.as_str().unwrap()).replace("[[E2]]", "the capital"))
            .collect();
        Reply::json(serde_json::json!({ "translatedText": out }))
    });
    let cache = tempfile::tempdir().unwrap();
    let out = translate(
        &[sentence()],
        &config(Backend::LibreTranslate, &stub.url, cache.path()),
    );
    let t = out.translations[0].as_ref().unwrap();
    assert_eq!(t.text, "EN: … Nikol Pashinyan … the capital … Armenia …");
    assert_eq!(t.warnings.len(), 1, "{:?}", t.warnings);
    assert!(t.warnings[0].contains("Yerevan"), "{:?}", t.warnings);
    assert_eq!(out.stats.flagged, 1);
    assert_eq!(out.stats.translated, 1);
}

#[test]
fn openai_gets_the_glossary_and_answers_in_json() {
    let stub = Stub::start(stub::openai);
    let cache = tempfile::tempdir().unwrap();
    let c = TranslateConfig {
        model: Some("qwen2.5-7b-instruct".into()),
        ..config(Backend::OpenAi, &format!("{}/v1/", stub.url), cache.path())
    };
    let out = translate(&[sentence(), second()], &c);
    let got = stub.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].path, "/v1/chat/completions");
    assert_eq!(got[0].header("authorization"), None, "no key configured");
    let body = got[0].json();
    assert_eq!(body["model"], "qwen2.5-7b-instruct");
    assert_eq!(body["messages"][0]["role"], "system");
    let system = body["messages"][0]["content"].as_str().unwrap();
    for line in [
        "- باشينيان → Nikol Pashinyan",
        "- يريفان → Yerevan",
        "- أرمينيا → Armenia",
        "- لافروف → Sergey Lavrov",
        "- باكو → Baku",
    ] {
        assert!(system.lines().any(|l| l == line), "{line} not in {system}");
    }
    assert!(system.contains("JSON"));
    let user: serde_json::Value =
        serde_json::from_str(body["messages"][1]["content"].as_str().unwrap()).unwrap();
    // The sentences go as written: the glossary, not placeholders.
    assert_eq!(
        user["sentences"],
        serde_json::json!([sentence().text(), second().text()])
    );
    let t = out.translations[0].as_ref().unwrap();
    // The stub names the glossary entries found in the sentence, in glossary order.
    assert_eq!(t.text, "EN: Armenia, Nikol Pashinyan, Yerevan.");
    assert_eq!(t.backend, "openai");
    assert_eq!(t.model.as_deref(), Some("qwen2.5-7b-instruct"));
    assert!(t.warnings.is_empty());
    assert_eq!(out.stats.translated, 2);
}

#[test]
fn openai_answers_that_cannot_be_read_leave_the_sentences_untranslated() {
    for (name, content) in [
        ("prose", "Here are your translations: ...".to_string()),
        (
            "too few",
            serde_json::json!({"translations": ["one"]}).to_string(),
        ),
        (
            "not text",
            serde_json::json!({"translations": [1, 2]}).to_string(),
        ),
    ] {
        let stub = Stub::start(move |_| {
            Reply::json(serde_json::json!({"choices": [{"message": {"content": content.clone()}}]}))
        });
        let cache = tempfile::tempdir().unwrap();
        let c = TranslateConfig {
            timeout_s: 5.0,
            ..config(Backend::OpenAi, &stub.url, cache.path())
        };
        let out = translate(&[sentence(), second()], &c);
        assert!(out.translations.iter().all(Option::is_none), "{name}");
        assert_eq!(out.stats.failed, 2, "{name}");
        assert!(
            out.warnings.iter().any(|w| w.contains("cannot be read")),
            "{name}: {:?}",
            out.warnings
        );
        assert!(files(cache.path()).is_empty(), "{name}: nothing cached");
    }
    // A fenced JSON answer is read.
    let stub = Stub::start(|_| {
        let content = "```json\n{\"translations\": [\"EN: fenced.\"]}\n```";
        Reply::json(serde_json::json!({"choices": [{"message": {"content": content}}]}))
    });
    let cache = tempfile::tempdir().unwrap();
    let out = translate(
        &[Source::plain("جملة")],
        &config(Backend::OpenAi, &stub.url, cache.path()),
    );
    assert_eq!(out.translations[0].as_ref().unwrap().text, "EN: fenced.");
}

#[test]
fn malformed_json_is_retried_then_given_up() {
    let stub = Stub::start(|_| Reply {
        status: 200,
        body: "{\"translatedText\": [\"unterminated".into(),
        delay: Duration::ZERO,
    });
    let cache = tempfile::tempdir().unwrap();
    let out = translate(
        &[sentence()],
        &config(Backend::LibreTranslate, &stub.url, cache.path()),
    );
    assert!(out.translations[0].is_none());
    assert_eq!(stub.count(), ATTEMPTS, "retried up to the attempts allowed");
    assert_eq!(out.stats.requests, ATTEMPTS);
    assert!(out.warnings[0].contains("not JSON"), "{:?}", out.warnings);
}

#[test]
fn a_refused_request_is_not_retried_and_a_server_error_is() {
    let stub = Stub::start(|_| Reply {
        status: 403,
        body: r#"{"error": "Invalid API key"}"#.into(),
        delay: Duration::ZERO,
    });
    let cache = tempfile::tempdir().unwrap();
    let out = translate(
        &[sentence()],
        &config(Backend::LibreTranslate, &stub.url, cache.path()),
    );
    assert_eq!(stub.count(), 1);
    assert!(out.translations[0].is_none());
    assert!(
        out.warnings[0].contains("403: Invalid API key"),
        "{:?}",
        out.warnings
    );

    // 503 twice, then an answer.
    let calls = std::sync::Arc::new(AtomicUsize::new(0));
    let seen = std::sync::Arc::clone(&calls);
    let stub = Stub::start(move |r| {
        if seen.fetch_add(1, Ordering::SeqCst) < 2 {
            Reply {
                status: 503,
                body: String::new(),
                delay: Duration::ZERO,
            }
        } else {
            stub::libretranslate(r)
        }
    });
    let out = translate(
        &[sentence()],
        &config(Backend::LibreTranslate, &stub.url, cache.path()),
    );
    assert_eq!(stub.count(), 3);
    assert!(out.translations[0].is_some(), "{:?}", out.warnings);
    assert!(out.warnings.is_empty());
}

#[test]
fn a_server_that_is_down_costs_only_the_translations() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let cache = tempfile::tempdir().unwrap();
    let c = TranslateConfig {
        batch: 1,
        ..config(
            Backend::LibreTranslate,
            &format!("http://127.0.0.1:{port}"),
            cache.path(),
        )
    };
    let out = translate(&[sentence(), second(), Source::plain("جملة")], &c);
    assert!(out.translations.iter().all(Option::is_none));
    assert_eq!(out.stats.failed, 3);
    assert!(
        out.warnings.iter().any(|w| w.contains("cannot reach")),
        "{:?}",
        out.warnings
    );
    // Once a batch found the server down, the batches after it are not sent.
    assert!(
        out.warnings.iter().any(|w| w.contains("not sent")),
        "{:?}",
        out.warnings
    );
    assert!(
        out.stats.requests <= ATTEMPTS * c.concurrency,
        "{}",
        out.stats.requests
    );
}

#[test]
fn a_slow_server_is_given_up_within_the_time_allowed() {
    let stub = Stub::start(|r| Reply {
        delay: Duration::from_secs(3),
        ..stub::libretranslate(r)
    });
    let cache = tempfile::tempdir().unwrap();
    let c = TranslateConfig {
        timeout_s: 0.5,
        ..config(Backend::LibreTranslate, &stub.url, cache.path())
    };
    let out = translate(&[sentence()], &c);
    assert!(out.translations[0].is_none());
    assert!(
        out.warnings[0].contains("no answer") && out.warnings[0].contains("timeout_s"),
        "{:?}",
        out.warnings
    );
    assert!(files(cache.path()).is_empty());
}

#[test]
fn no_backend_sends_nothing_and_translates_nothing() {
    let c = TranslateConfig::default();
    let out = translate(&[sentence()], &c);
    assert_eq!(out.translations, [None]);
    assert_eq!(out.stats.requests, 0);
}

#[test]
fn a_missing_key_variable_translates_nothing_and_names_the_variable() {
    let stub = Stub::start(stub::libretranslate);
    let cache = tempfile::tempdir().unwrap();
    let c = TranslateConfig {
        api_key_env: Some("KHULASA_TEST_NO_SUCH_VARIABLE_7d1f".into()),
        ..config(Backend::LibreTranslate, &stub.url, cache.path())
    };
    let out = translate(&[sentence()], &c);
    assert_eq!(stub.count(), 0);
    assert!(out.translations[0].is_none());
    assert!(out.warnings[0].contains("KHULASA_TEST_NO_SUCH_VARIABLE_7d1f"));
}

#[test]
fn the_command_backend_translates_line_by_line() {
    let cache = tempfile::tempdir().unwrap();
    let out = translate(&[sentence(), second()], &command(&[], cache.path()));
    let t: Vec<&str> = out
        .translations
        .iter()
        .map(|t| t.as_ref().unwrap().text.as_str())
        .collect();
    assert_eq!(
        t,
        [
            "EN: … Nikol Pashinyan … Yerevan … Armenia …",
            "EN: … Sergey Lavrov … Baku …"
        ]
    );
    assert_eq!(out.translations[0].as_ref().unwrap().backend, "command");
    assert_eq!(out.stats.requests, 1, "one run for the batch");
    let again = translate(&[sentence(), second()], &command(&[], cache.path()));
    assert_eq!(again.stats.requests, 0);
    assert_eq!(again.stats.cached, 2);
}

#[test]
fn the_command_backend_fails_softly() {
    for (args, expect) in [
        (&["--drop"][..], "flagged"),
        (
            &["--fail"][..],
            "failed (exit status: 3): fake_mt: no model loaded",
        ),
        (&["--short"][..], "wrote 1 lines for 2 sentences"),
        (&["--sleep", "10"][..], "no answer in the time allowed"),
    ] {
        let cache = tempfile::tempdir().unwrap();
        let c = TranslateConfig {
            timeout_s: if args[0] == "--sleep" { 1.5 } else { 10.0 },
            ..command(args, cache.path())
        };
        let out = translate(&[sentence(), second()], &c);
        if expect == "flagged" {
            assert_eq!(out.stats.flagged, 2, "{args:?}");
            let w = &out.translations[0].as_ref().unwrap().warnings;
            assert_eq!(w.len(), 3, "{w:?}");
        } else {
            assert!(out.translations.iter().all(Option::is_none), "{args:?}");
            assert!(
                out.warnings.iter().any(|w| w.contains(expect)),
                "{args:?}: {:?}",
                out.warnings
            );
        }
    }
    let cache = tempfile::tempdir().unwrap();
    let c = TranslateConfig {
        command: vec!["khulasa-no-such-translator".into()],
        ..command(&[], cache.path())
    };
    let out = translate(&[sentence()], &c);
    assert!(
        out.warnings[0].contains("cannot be started"),
        "{:?}",
        out.warnings
    );
}

#[test]
fn the_configuration_is_checked() {
    let ok = TranslateConfig::default();
    assert!(ok.validate().is_ok());
    for (bad, word) in [
        (
            TranslateConfig {
                backend: Some(Backend::Command),
                ..ok.clone()
            },
            "translate.command",
        ),
        (
            TranslateConfig {
                timeout_s: 0.0,
                ..ok.clone()
            },
            "timeout_s",
        ),
        (
            TranslateConfig {
                batch: 0,
                ..ok.clone()
            },
            "batch",
        ),
        (
            TranslateConfig {
                url: Some("localhost:5000".into()),
                ..ok.clone()
            },
            "translate.url",
        ),
    ] {
        let e = bad.validate().unwrap_err();
        assert!(e.contains(word), "{e}");
    }
    let out = tempfile::tempdir().unwrap();
    let inside = TranslateConfig {
        cache_dir: Some(out.path().join("cache")),
        ..ok.clone()
    };
    assert!(inside.check_cache_dir(out.path()).is_err());
    let beside = TranslateConfig {
        cache_dir: Some(out.path().with_extension("cache")),
        ..ok
    };
    assert!(beside.check_cache_dir(out.path()).is_ok());
}

#[test]
fn what_was_answered_is_kept_when_a_later_batch_fails() {
    // The first request is answered, every later one refused.
    let calls = std::sync::Arc::new(AtomicUsize::new(0));
    let seen = std::sync::Arc::clone(&calls);
    let stub = Stub::start(move |r| {
        if seen.fetch_add(1, Ordering::SeqCst) == 0 {
            stub::libretranslate(r)
        } else {
            Reply {
                status: 400,
                body: r#"{"error": "refused"}"#.into(),
                delay: Duration::ZERO,
            }
        }
    });
    let cache = tempfile::tempdir().unwrap();
    let c = TranslateConfig {
        batch: 1,
        concurrency: 1,
        ..config(Backend::LibreTranslate, &stub.url, cache.path())
    };
    let out = translate(&[sentence(), second()], &c);
    assert!(out.translations[0].is_some());
    assert!(out.translations[1].is_none());
    assert_eq!(files(cache.path()).len(), 1);

    // A rerun against a working server asks only for what is missing.
    let working = Stub::start(stub::libretranslate);
    let c = TranslateConfig {
        url: Some(working.url.clone()),
        ..c
    };
    let again = translate(&[sentence(), second()], &c);
    assert_eq!(working.count(), 1);
    assert_eq!(
        working.received()[0].json()["q"].as_array().unwrap().len(),
        1
    );
    assert_eq!(again.stats.cached, 1);
    assert_eq!(again.stats.translated, 2);
}
