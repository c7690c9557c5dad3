use linalg_008_logsumexp::answer;
#[test]
fn gives_42() { assert_eq!(answer(), 42); }
