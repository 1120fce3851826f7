use super::*;
use crate::ingest::{Format, IngestOptions, ingest_text};
use crate::pipeline::Engine;

/// A feed line: title, text, outlet and date.
fn item(title: &str, text: &str, source: &str, date: &str) -> String {
    serde_json::json!({"title": title, "text": text, "source": source, "date": date}).to_string()
}

const RESHUFFLE_A: &str = "أجرى الرئيس السوداني عمر البشير اليوم تعديلا وزاريا واسعا في الخرطوم شمل وزارتي الخارجية والنفط. وقالت الرئاسة السودانية إن التعديل يهدف إلى تحسين أداء الحكومة في ظل الأزمة الاقتصادية. وعين البشير وزيرا جديدا للخارجية خلفا للوزير السابق.";
const RESHUFFLE_B: &str = "أعلنت الرئاسة في الخرطوم أن الرئيس عمر البشير أجرى تعديلا وزاريا شمل حقيبتي الخارجية والنفط. وأوضح بيان الرئاسة السودانية أن التعديل الوزاري جاء لمواجهة الأزمة الاقتصادية التي تمر بها البلاد.";
const ADEN_SHIP: &str = "وصلت إلى ميناء عدن اليوم سفينة تابعة لبرنامج الأغذية العالمي تحمل مساعدات غذائية لسكان اليمن. وقال المدير الإقليمي للبرنامج إن السفينة تحمل ثلاثة آلاف طن من الغذاء تكفي لإطعام آلاف الأسر في جنوب اليمن.";
const SPORT: &str = "فاز فريق الهلال على ضيفه بهدفين دون رد في المباراة التي جرت مساء أمس على ملعب المدينة. وسجل المهاجم الهدفين في الشوط الثاني من اللقاء.";

fn analyze(lines: &[String]) -> Vec<Analyzed> {
    let opts = IngestOptions {
        repeated_line_docs: 0,
        ..IngestOptions::default()
    };
    let ing = ingest_text("day.jsonl", Format::Json, &lines.join("\n"), &opts);
    assert!(ing.problems.is_empty(), "{:?}", ing.problems);
    Engine::builtin().unwrap().analyze(ing.documents)
}

/// The stories as lists of document titles.
fn titles(docs: &[Analyzed], s: &Stories) -> Vec<Vec<String>> {
    s.stories
        .iter()
        .map(|st| {
            st.docs
                .iter()
                .map(|&d| docs[d].doc.title.clone().unwrap_or_default())
                .collect()
        })
        .collect()
}

#[test]
fn one_event_from_two_outlets_is_one_story_and_leads() {
    let docs = analyze(&[
        item(
            "سفينة مساعدات في عدن",
            ADEN_SHIP,
            "الأولى",
            "2026-11-23 08:00:00",
        ),
        item(
            "تعديل وزاري في السودان",
            RESHUFFLE_A,
            "الأولى",
            "2026-11-23 09:00:00",
        ),
        item("الهلال يفوز", SPORT, "الثانية", "2026-11-23 10:00:00"),
        item(
            "البشير يعدل حكومته",
            RESHUFFLE_B,
            "الثانية",
            "Mon, 23 Nov 2026 11:00:00 GMT",
        ),
    ]);
    let s = cluster(&docs);
    assert_eq!(
        titles(&docs, &s),
        [
            vec!["تعديل وزاري في السودان", "البشير يعدل حكومته"],
            vec!["سفينة مساعدات في عدن"],
            vec!["الهلال يفوز"],
        ],
        "{:?}",
        s.stories
    );
    assert_eq!(s.of_doc, [1, 0, 2, 0]);
    let story = &s.stories[0];
    assert_eq!(story.outlets, 2);
    assert!(story.entities.len() >= 2, "{story:?}");
    assert!(story.entity_weight > 0.0);
}

#[test]
fn the_same_words_a_week_apart_are_two_stories() {
    // Four articles, as a day of two alone says little of which words are rare.
    let dated = |date: &str| {
        analyze(&[
            item("تعديل وزاري في السودان", RESHUFFLE_A, "الأولى", "2026-11-23"),
            item("البشير يعدل حكومته", RESHUFFLE_B, "الثانية", date),
            item("سفينة مساعدات في عدن", ADEN_SHIP, "الأولى", "2026-11-23"),
            item("الهلال يفوز", SPORT, "الثانية", "2026-11-23"),
        ])
    };
    assert_eq!(
        cluster(&dated("2026-11-24T06:00:00Z")).len(),
        3,
        "a day apart"
    );
    assert_eq!(cluster(&dated("2026-11-30")).len(), 4, "a week apart");
    assert_eq!(
        cluster(&dated("الاثنين")).len(),
        3,
        "a date that cannot be read"
    );
}

#[test]
fn stories_do_not_depend_on_input_order() {
    let lines = [
        item("سفينة مساعدات في عدن", ADEN_SHIP, "الأولى", "2026-11-23"),
        item("تعديل وزاري في السودان", RESHUFFLE_A, "الأولى", "2026-11-23"),
        item("الهلال يفوز", SPORT, "الثانية", "2026-11-23"),
        item("البشير يعدل حكومته", RESHUFFLE_B, "الثانية", "2026-11-23"),
    ];
    let forward = analyze(&lines);
    let mut reversed_lines = lines.to_vec();
    reversed_lines.reverse();
    let backward = analyze(&reversed_lines);
    let mut a = titles(&forward, &cluster(&forward));
    let mut b = titles(&backward, &cluster(&backward));
    for g in a.iter_mut().chain(b.iter_mut()) {
        g.sort();
    }
    assert_eq!(a, b);
}

#[test]
fn no_documents_no_stories_and_one_document_one_story() {
    assert!(cluster(&[]).is_empty());
    let docs = analyze(&[item("الهلال يفوز", SPORT, "الثانية", "2026-11-23")]);
    let s = cluster(&docs);
    assert_eq!(s.len(), 1);
    assert_eq!(s.of_doc, [0]);
    assert_eq!(
        s.stories[0].theme_strength, 0.0,
        "no theme in a match report"
    );
}

#[test]
fn days_of_the_date_formats_met() {
    let d = |y, m, dd| chrono::NaiveDate::from_ymd_opt(y, m, dd);
    let rows = [
        ("feed time", "2015-07-22 20:08:56", d(2015, 7, 22)),
        ("RFC 3339", "2020-06-03T03:01+0400", d(2020, 6, 3)),
        ("date only", "2026-11-23", d(2026, 11, 23)),
        (
            "RFC 2822, GMT",
            "Sun, 17 Jun 2018 12:41:09 GMT",
            d(2018, 6, 17),
        ),
        (
            "RFC 2822, offset",
            "Wed, 18 Jul 2018 08:54:33 +0400",
            d(2018, 7, 18),
        ),
        ("padded", "  2026-11-23  ", d(2026, 11, 23)),
        ("Arabic words", "الأربعاء، 07 أكتوبر 2020 - 12:09 م", None),
        ("not a date", "yesterday", None),
        ("empty", "", None),
        ("a multibyte tenth character", "2026-11-2٣", None),
    ];
    for (name, s, want) in rows {
        assert_eq!(day_of(s), want, "{name}");
    }
}

#[test]
fn groups_are_the_connected_pairs_in_order_of_their_first_document() {
    assert_eq!(
        components(6, &[(4, 5), (1, 4), (0, 2)]),
        [vec![0, 2], vec![1, 4, 5], vec![3]]
    );
    assert_eq!(components(2, &[]), [vec![0], vec![1]]);
}

#[test]
fn counts_merge_by_id_and_shared_ids_are_counted() {
    assert_eq!(
        merged(vec![(3, 1.0), (1, 2.0), (3, 1.0)]),
        [(1, 2.0), (3, 2.0)]
    );
    assert_eq!(shared(&[1, 3, 5], &[3, 4, 5]), 2);
    assert_eq!(shared(&[], &[1]), 0);
}
