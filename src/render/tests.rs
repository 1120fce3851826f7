use super::*;

#[test]
fn markdown_escaping_neutralizes_markup() {
    assert_eq!(escape_markdown("<script>*x*</script>"), "&lt;script\\>\\*x\\*&lt;/script\\>");
}
