use stat_016_multiple_testing::answer;
#[test]
fn gives_42() { assert_eq!(answer(), 42); }
