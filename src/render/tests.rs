use super::*;

use std::collections::BTreeSet;
use std::path::Path;

/// Every file under `templates/`, as a name relative to it.
fn template_files() -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

#[test]
fn builtin_table_lists_every_template_file() {
    let files = template_files();
    let table: BTreeSet<String> = BUILTIN.iter().map(|(n, _)| n.to_string()).collect();
    let missing: Vec<&String> = files.difference(&table).collect();
    assert!(missing.is_empty(), "not in BUILTIN: {missing:?}");
    let stale: Vec<&String> = table.difference(&files).collect();
    assert!(
        stale.is_empty(),
        "in BUILTIN but not under templates/: {stale:?}"
    );
}

#[test]
fn builtin_sources_match_the_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    for (name, body) in BUILTIN {
        let on_disk = std::fs::read_to_string(root.join(name)).unwrap();
        assert_eq!(&on_disk, body, "{name}");
    }
}

#[test]
fn every_audience_has_markdown_and_html() {
    for aud in ["analyst", "executive", "public"] {
        for f in ["digest.md", "digest.html"] {
            let n = format!("{aud}/{f}");
            assert!(builtin(&n).is_some(), "{n}");
        }
    }
}

fn renderer_in(dir: &Path, audience: &str) -> Renderer {
    Renderer::new(vec![dir.to_path_buf()], audience)
}

#[test]
fn lookup_chain_order() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(a.path().join("exec")).unwrap();
    std::fs::write(a.path().join("t.md"), "a-plain").unwrap();
    std::fs::write(b.path().join("t.md"), "b-plain").unwrap();
    std::fs::create_dir_all(b.path().join("exec")).unwrap();
    std::fs::write(b.path().join("exec/t.md"), "b-exec").unwrap();
    std::fs::write(b.path().join("exec/u.md"), "b-exec-u").unwrap();
    let r = Renderer::new(vec![a.path().into(), b.path().into()], "exec");
    let ctx = serde_json::json!({});
    // The first folder wins, even over the audience file of a later folder.
    assert_eq!(r.render("t.md", &ctx).unwrap(), "a-plain");
    assert_eq!(r.render("u.md", &ctx).unwrap(), "b-exec-u");
    // Inside one folder the audience file comes first.
    std::fs::write(a.path().join("exec/t.md"), "a-exec").unwrap();
    let r = Renderer::new(vec![a.path().into(), b.path().into()], "exec");
    assert_eq!(r.render("t.md", &ctx).unwrap(), "a-exec");
    // Without the audience, the plain file.
    let r = Renderer::new(vec![a.path().into(), b.path().into()], "other");
    assert_eq!(r.render("t.md", &ctx).unwrap(), "a-plain");
}

#[test]
fn user_file_overrides_builtin_audience_file() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("digest.md"), "mine").unwrap();
    let r = renderer_in(d.path(), "executive");
    assert_eq!(
        r.render("digest.md", &serde_json::json!({})).unwrap(),
        "mine"
    );
    assert!(r.resolve("digest.md").unwrap().ends_with("digest.md"));
    assert!(!r.resolve("digest.md").unwrap().starts_with("built-in"));
    let r = Renderer::new(vec![], "executive");
    assert_eq!(
        r.resolve("digest.md").as_deref(),
        Some("built-in executive/digest.md")
    );
    assert_eq!(
        r.resolve("builtin/digest.md").as_deref(),
        Some("built-in digest.md")
    );
    assert_eq!(r.resolve("nope.md"), None);
}

#[test]
fn extend_builtin_and_replace_one_block() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("base.html"),
        "<x>{% block content %}{% endblock %}</x>",
    )
    .unwrap();
    std::fs::write(
        d.path().join("page.html"),
        r#"{% extends "base.html" %}{% block content %}{{ v }}{% endblock %}"#,
    )
    .unwrap();
    std::fs::write(
        d.path().join("child.html"),
        r#"{% extends "builtin/macros.html" %}"#,
    )
    .unwrap();
    let r = renderer_in(d.path(), "");
    let out = r
        .render("page.html", &serde_json::json!({"v": "<b>"}))
        .unwrap();
    assert_eq!(out, "<x>&lt;b&gt;</x>");
}

#[test]
fn unsafe_names_are_not_loaded() {
    let d = tempfile::tempdir().unwrap();
    let r = renderer_in(&d.path().join("sub"), "");
    for bad in ["../x", "/etc/passwd", ".hidden", "a//b", "a\\b", ""] {
        assert!(r.resolve(bad).is_none(), "{bad}");
    }
}

#[test]
fn undefined_value_names_template_line_and_expression() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("t.md"), "line one\n{{ stats.nothing }}\n").unwrap();
    let r = renderer_in(d.path(), "");
    let e = r
        .render("t.md", &serde_json::json!({"stats": {}}))
        .unwrap_err()
        .to_string();
    assert!(e.contains("t.md"), "{e}");
    assert!(e.contains("line 2"), "{e}");
    assert!(e.contains("stats.nothing"), "{e}");
}

#[test]
fn missing_template_is_an_error() {
    let r = Renderer::new(vec![], "");
    let e = r.render("nope.html", &serde_json::json!({})).unwrap_err();
    assert!(matches!(e, Error::Template { .. }));
}

#[test]
fn html_and_markdown_templates_escape_by_default() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("t.html"), "{{ v }}").unwrap();
    std::fs::write(d.path().join("t.xml"), "{{ v }}").unwrap();
    // Escaped without a filter, once with `mdescape`, not at all with `safe`; numbers as
    // written.
    std::fs::write(
        d.path().join("t.md"),
        "{{ v }} {{ v | mdescape }} {{ v | safe }} {{ n }}",
    )
    .unwrap();
    std::fs::write(d.path().join("t.txt"), "{{ v }}").unwrap();
    let r = renderer_in(d.path(), "");
    let ctx = serde_json::json!({"v": "<script>[x](javascript:alert(1))", "n": 0.5});
    assert_eq!(
        r.render("t.html", &ctx).unwrap(),
        "&lt;script&gt;[x](javascript:alert(1))"
    );
    assert_eq!(
        r.render("t.xml", &ctx).unwrap(),
        "&lt;script&gt;[x](javascript:alert(1))"
    );
    let esc = "&lt;script\\>\\[x\\](javascript:alert(1))";
    assert_eq!(
        r.render("t.md", &ctx).unwrap(),
        format!("{esc} {esc} <script>[x](javascript:alert(1)) 0.5")
    );
    // Other formats are written as they are.
    assert_eq!(
        r.render("t.txt", &ctx).unwrap(),
        "<script>[x](javascript:alert(1))"
    );
}

#[test]
fn markdown_links_keep_only_web_and_mail_destinations() {
    let rows = [
        ("javascript", "[x](javascript:alert(1))", None),
        ("javascript, upper case", "[x](JavaScript:alert(1))", None),
        ("vbscript", "[x](vbscript:msgbox(1))", None),
        ("data", "[x](data:text/html;base64,PHNjcmlwdD4=)", None),
        ("autolink", "<javascript:alert(1)>", None),
        ("image", "![x](javascript:alert(1))", None),
        ("relative", "[x](../../etc/passwd)", None),
        (
            "https",
            "[x](https://example.org/a)",
            Some("https://example.org/a"),
        ),
        (
            "mailto",
            "[x](mailto:desk@example.org)",
            Some("mailto:desk@example.org"),
        ),
    ];
    for (name, md, want) in rows {
        let html = markdown_to_html(md);
        let doc = scraper::Html::parse_fragment(&html);
        let sel = scraper::Selector::parse("a, img").unwrap();
        let dests: Vec<String> = doc
            .select(&sel)
            .filter_map(|e| e.value().attr("href").or(e.value().attr("src")))
            .map(String::from)
            .collect();
        match want {
            Some(url) => assert_eq!(dests, vec![url.to_string()], "{name}: {html}"),
            None => {
                assert!(dests.is_empty(), "{name}: {html}");
                assert!(
                    !html.contains("href") && !html.contains("src"),
                    "{name}: {html}"
                );
            }
        }
    }
    // A dropped link keeps its text.
    assert!(markdown_to_html("[read](javascript:x)").contains("read"));
}

#[test]
fn a_url_in_a_markdown_table_stays_in_its_cell() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("t.md"),
        "| a | b |\n| --- | --- |\n| <{{ u | httpurl }}> | x |\n",
    )
    .unwrap();
    let r = renderer_in(d.path(), "");
    let md = r
        .render(
            "t.md",
            &serde_json::json!({"u": "https://example.org/a|b?x=1&y=2"}),
        )
        .unwrap();
    assert!(md.contains("<https://example.org/a%7Cb?x=1&y=2>"), "{md}");
    let html = markdown_to_html(&md);
    let doc = scraper::Html::parse_fragment(&html);
    let cells = doc.select(&scraper::Selector::parse("td").unwrap()).count();
    assert_eq!(cells, 2, "{html}");
}

#[test]
fn escape_markdown_cases() {
    let cases: &[(&str, &str, &str)] = &[
        ("plain", "نص عادي", "نص عادي"),
        ("emphasis", "*a* _b_", "\\*a\\* \\_b\\_"),
        ("link", "[x](y)", "\\[x\\](y)"),
        ("image", "![x](y)", "\\!\\[x\\](y)"),
        (
            "html",
            "<script>alert(1)</script>",
            "&lt;script\\>alert(1)&lt;/script\\>",
        ),
        ("entity", "&amp;", "&amp;amp;"),
        ("heading", "# title", "\\# title"),
        ("bullet", "- item", "\\- item"),
        ("plus", "+ item", "\\+ item"),
        ("setext", "===", "\\==="),
        ("ordered", "1. item", "1\\. item"),
        ("ordered paren", "12) item", "12\\) item"),
        ("number mid-text", "in 1. place", "in 1. place"),
        ("table pipe", "a | b", "a \\| b"),
        ("newlines", "a\nb\r\nc", "a b  c"),
        ("trimmed", "   code?  ", "code?"),
        ("backslash", "a\\b", "a\\\\b"),
    ];
    for (name, input, want) in cases {
        assert_eq!(escape_markdown(input), *want, "{name}");
    }
}

#[test]
fn escaped_text_stays_one_paragraph_of_text() {
    use pulldown_cmark::{Event, Parser};
    for input in [
        "- a",
        "1. b",
        "# c",
        "> d",
        "    e",
        "===",
        "<img src=x onerror=alert(1)>",
        "`f`",
    ] {
        let md = format!("- item\n  {}\n", escape_markdown(input));
        let events: Vec<Event> = Parser::new(&md).collect();
        assert!(
            !events
                .iter()
                .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_) | Event::Code(_))),
            "{input}: {events:?}"
        );
        let text: String = events
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) => Some(t.to_string()),
                Event::SoftBreak => Some("\n".into()),
                _ => None,
            })
            .collect();
        assert_eq!(text, format!("item\n{}", input.trim()), "{input}");
    }
}

#[test]
fn markdown_to_html_never_passes_raw_html() {
    let out = markdown_to_html("a <script>alert(1)</script>\n\n<div>x</div>\n");
    assert!(!out.contains("<script>"), "{out}");
    assert!(!out.contains("<div>"), "{out}");
    assert!(out.contains("&lt;script&gt;"), "{out}");
}

#[test]
fn filters() {
    let d = tempfile::tempdir().unwrap();
    let t = |src: &str, ctx: serde_json::Value| {
        std::fs::write(d.path().join("f.md"), src).unwrap();
        // A fresh environment each time: the loader caches templates by name.
        renderer_in(d.path(), "").render("f.md", &ctx).unwrap()
    };
    let n = serde_json::json!({});
    assert_eq!(
        t("{{ 1 | plural('entity', 'entities') }}", n.clone()),
        "1 entity"
    );
    assert_eq!(
        t("{{ 3 | plural('entity', 'entities') }}", n.clone()),
        "3 entities"
    );
    assert_eq!(t("{{ 0 | plural('article') }}", n.clone()), "0 articles");
    assert_eq!(t("{{ 1234567 | thousands }}", n.clone()), "1,234,567");
    assert_eq!(t("{{ -1234 | thousands }}", n.clone()), "-1,234");
    assert_eq!(t("{{ 0.12345 | number(3) }}", n.clone()), "0.123");
    assert_eq!(t("{{ 0.5 | percent }}", n.clone()), "50%");
    assert_eq!(
        t("{{ '2026-11-23' | longdate }}", n.clone()),
        "Monday 23 November 2026"
    );
    assert_eq!(t("{{ 'soon' | longdate }}", n.clone()), "soon");
    assert_eq!(
        t("{{ '2026-11-23' | isodate }}", n.clone()),
        "2026-11-23T00:00:00Z"
    );
    assert_eq!(
        t("{{ 'élysée Palace' | slug }}", n.clone()),
        "elysee-palace"
    );
    let urls = serde_json::json!({"u": [
        "https://example.org/a?b=1", "HTTP://x.y/", "javascript:alert(1)",
        "data:text/html,x", "https://x.y/\" onmouseover=\"a", null
    ]});
    assert_eq!(
        t("{% for x in u %}[{{ x | httpurl }}]{% endfor %}", urls),
        "[https://example.org/a?b=1][HTTP://x.y/][][][][]"
    );
    let ents = serde_json::json!({"s": [
        {"english": "Armenia"}, {"english": null}, {"english": "France"}, {"english": "Armenia"}
    ]});
    assert_eq!(
        t("{{ s | english_names | join('; ') }}", ents),
        "Armenia; France"
    );
}

#[test]
fn markdown_escaping_neutralizes_markup() {
    assert_eq!(
        escape_markdown("<script>*x*</script>"),
        "&lt;script\\>\\*x\\*&lt;/script\\>"
    );
}
