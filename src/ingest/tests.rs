use super::*;

#[test]
fn headline_and_chrome_of_a_plain_text_article() {
    let r = ingest_text(
        "a.txt",
        Format::Text,
        "عنوان الخبر هنا\n\nنص الخبر الأول. نص ثان.\n\nاظهر المزيد\n",
        &IngestOptions::default(),
    );
    let d = &r.documents[0];
    assert_eq!(d.title.as_deref(), Some("عنوان الخبر هنا"));
    assert_eq!(d.skip.len(), 1);
}
