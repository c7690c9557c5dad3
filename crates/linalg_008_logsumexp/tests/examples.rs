use linalg_008_logsumexp::answer;
#[test]
fn visible() { assert_eq!(answer(), 42); }
