use stat_016_multiple_testing::answer;
#[test]
fn visible() { assert_eq!(answer(), 42); }
