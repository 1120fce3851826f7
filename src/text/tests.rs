use super::*;

#[test]
fn normalization_maps_back_to_the_original() {
    let s = "أَرْمِينْيَا";
    let n = normalize(s);
    assert_eq!(n.text, "ارمينيا");
    assert_eq!(n.map.len(), n.text.len() + 1);
    assert!(n.map.windows(2).all(|w| w[0] <= w[1]));
}
