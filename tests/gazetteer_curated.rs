//! The hand-kept organizations and people of the gazetteer, found in the sentences the news
//! writes them in, and ordinary words and longer names left alone.

use khulasa::Resources;
use khulasa::entities::gazetteer::Kind;

thread_local! {
    /// One recognizer per test thread.
    static RESOURCES: Resources = Resources::builtin().expect("built-in data loads");
}

/// The entity keys the recognizer finds in a text, in order.
fn keys(text: &str) -> Vec<String> {
    RESOURCES.with(|r| {
        r.recognizer
            .recognize(text, &[(0, text.len())])
            .into_iter()
            .map(|m| m.key)
            .collect()
    })
}

fn assert_found(text: &str, key: &str) {
    let ks = keys(text);
    assert!(
        ks.iter().any(|k| k == key),
        "{key} not found in {text:?}: {ks:?}"
    );
}

fn assert_absent(text: &str, key: &str) {
    let ks = keys(text);
    assert!(
        !ks.iter().any(|k| k == key),
        "{key} found in {text:?}: {ks:?}"
    );
}

#[test]
fn parties_armed_groups_and_bodies_in_context() {
    for (text, key) in [
        (
            "ويثير هذا الموقف قلق الحزب الجمهوري قبل الانتخابات",
            "us-republican-party",
        ),
        ("وأعلن حزب العمال الكردستاني مسؤوليته عن الهجوم", "pkk"),
        ("وقالت كتائب القسام إنها استهدفت دبابة", "qassam-brigades"),
        ("هاجمت حركة الشباب فندقا في مقديشو", "al-shabaab"),
        (
            "وأعلنت فصائل جيش الفتح سيطرتها على المدينة",
            "jaysh-al-fatah",
        ),
        (
            "وقال المتحدث باسم تحالف دعم الشرعية في اليمن",
            "arab-coalition-yemen",
        ),
        (
            "وأكد رئيس هيئة الترفيه أن الموسم",
            "saudi-general-entertainment-authority",
        ),
        ("وقالت بعثة الأمم المتحدة للدعم في ليبيا في بيان", "unsmil"),
        ("وأعلنت قوات اليونيفيل أن دورية تعرضت", "unifil"),
        (
            "وأكدت وزارة الموارد المائية والري أن منسوب النيل",
            "ministry-of-water-resources-and-irrigation-of-egypt",
        ),
        (
            "وقضت المحكمة الجزائية المتخصصة بالسجن",
            "saudi-specialized-criminal-court",
        ),
        ("وطرحت الحكومة حصة في شركة أرامكو السعودية", "saudi-aramco"),
        ("وأعلنت شركة غوغل عن خدمة جديدة", "google"),
        ("وقال باحث في جامعة جونز هوبكنز", "johns-hopkins-university"),
    ] {
        assert_found(text, key);
    }
}

#[test]
fn a_longer_name_wins_over_the_name_inside_it() {
    for (text, key, not) in [
        ("أعلن حزب العمال الكردستاني", "pkk", "uk-labour-party"),
        (
            "انتقد حزب المؤتمر الوطني الهندي الحكومة",
            "indian-national-congress",
            "national-congress-party",
        ),
        (
            "وقصفت كتائب حزب الله مواقع",
            "kataib-hezbollah",
            "hezbollah",
        ),
        (
            "وقال أستاذ في جامعة الأزهر",
            "al-azhar-university",
            "al-azhar",
        ),
        (
            "وتبنى تنظيم القاعدة في جزيرة العرب الهجوم",
            "aqap",
            "al-qaeda",
        ),
    ] {
        assert_found(text, key);
        assert_absent(text, not);
    }
}

#[test]
fn outlets_named_like_ordinary_phrases_need_their_longer_name() {
    for (text, key) in [
        ("وزار الوفد الأهرام وأبو الهول", "al-ahram"),
        ("وقال الرئيس المصري اليوم إن الحكومة", "al-masry-al-youm"),
        ("وفي اليوم السابع من الشهر وصل الوفد", "youm7"),
        ("واحتشد المتظاهرون في الميادين", "al-mayadeen"),
        (
            "اتهمت حكومة الوفاق الوطني في رام الله الحكومة الإسرائيلية",
            "libya-government-of-national-accord",
        ),
        ("ويطمح الشباب إلى فرص عمل", "al-shabaab"),
    ] {
        assert_absent(text, key);
    }
    for (text, key) in [
        ("ونقلت صحيفة الأهرام عن مصدر", "al-ahram"),
        ("وقالت قناة الميادين إن", "al-mayadeen"),
        ("ونقلت وكالة سانا عن مصدر عسكري", "sana"),
    ] {
        assert_found(text, key);
    }
}

#[test]
fn news_outlets_are_media() {
    let gazetteer = khulasa::entities::gazetteer::Gazetteer::builtin().expect("gazetteer loads");
    let kind = |key: &str| {
        gazetteer
            .entities()
            .iter()
            .find(|e| e.key == key)
            .unwrap_or_else(|| panic!("{key} is in the gazetteer"))
            .kind
    };
    for key in [
        "new-york-times",
        "daily-mail",
        "le-parisien",
        "saudi-press-agency",
        "sana",
        "al-mayadeen",
    ] {
        assert_eq!(kind(key), Some(Kind::Media), "{key}");
    }
    for key in ["saudi-aramco", "pkk", "unsmil"] {
        assert_eq!(kind(key), None, "{key}");
    }
}

#[test]
fn people_in_context() {
    for (text, key) in [
        ("وقال وزير الخارجية السعودي عادل الجبير", "adel-al-jubeir"),
        (
            "وقال المبعوث الأممي إلى سوريا ستيفان دي ميستورا",
            "staffan-de-mistura",
        ),
        ("والتقى المبعوث الأممي هانس غروندبرغ", "hans-grundberg"),
        (
            "وقال المتحدث باسم التحالف العميد أحمد حسن عسيري",
            "ahmed-asiri",
        ),
        (
            "وصل رئيس الوزراء العراقي حيدر العبادي وبرهم صالح",
            "barham-salih",
        ),
        (
            "وأعلن الرئيس التونسي الباجي قائد السبسي",
            "beji-caid-essebsi",
        ),
        ("واستقبل الملك محمد السادس", "mohammed-vi"),
    ] {
        assert_found(text, key);
    }
}

#[test]
fn a_surname_two_listed_people_share_names_neither_alone() {
    // John and Cindy McCain, Jimmy and Ashton Carter: the surname alone is left unnamed.
    for (text, not) in [
        ("وانتقد ماكين السياسة الخارجية", "john-mccain"),
        ("وانتقد ماكين السياسة الخارجية", "cindy-mccain"),
        ("وقال كارتر إن", "jimmy-carter"),
        ("وقال كارتر إن", "ashton-carter"),
    ] {
        assert_absent(text, not);
    }
}
