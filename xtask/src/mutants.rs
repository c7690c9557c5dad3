//! Mutants: the reference solution with exactly one classic mistake, written as text edits in
//! `solutions/<id>/mutants.toml` so that the reference stays the only full copy.

use serde::Deserialize;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MutantsFile {
    #[serde(rename = "mutant", default)]
    pub mutants: Vec<Mutant>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mutant {
    pub name: String,
    /// The classic mistake, in the words of the task's spec.
    pub mistake: String,
    /// Hidden tests (full libtest names) that must fail on this mutant.
    pub caught_by: Vec<String>,
    #[serde(rename = "edit")]
    pub edits: Vec<Edit>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edit {
    pub find: String,
    pub replace: String,
}

impl MutantsFile {
    pub fn parse(text: &str, origin: &str) -> Result<Self> {
        let file: MutantsFile = toml::from_str(text)
            .map_err(|e| Error::msg(format!("{origin} is not valid: {}", e.message())))?;
        for (i, m) in file.mutants.iter().enumerate() {
            if file.mutants[..i].iter().any(|other| other.name == m.name) {
                return Err(Error::msg(format!(
                    "{origin}: mutant {} appears twice",
                    m.name
                )));
            }
            if m.caught_by.is_empty() || m.edits.is_empty() {
                return Err(Error::msg(format!(
                    "{origin}: mutant {} needs at least one `caught_by` test and one edit",
                    m.name
                )));
            }
        }
        Ok(file)
    }
}

impl Mutant {
    /// The reference with this mutant's edits applied, in order. Each `find` must occur
    /// exactly once in the text it is applied to, so an edit can never silently miss.
    pub fn apply(&self, reference: &str) -> Result<String> {
        let mut text = reference.to_string();
        for edit in &self.edits {
            let count = text.matches(&edit.find).count();
            if count != 1 {
                return Err(Error::msg(format!(
                    "mutant {}: the text to replace occurs {count} times in the reference \
                     (it must occur exactly once):\n{}",
                    self.name, edit.find
                )));
            }
            text = text.replacen(&edit.find, &edit.replace, 1);
        }
        if text == reference {
            return Err(Error::msg(format!(
                "mutant {}: its edits change nothing",
                self.name
            )));
        }
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
[[mutant]]
name = "no_shift"
mistake = "softmax without max shift"
caught_by = ["mistakes::shift"]
[[mutant.edit]]
find = "let m = max(x);"
replace = "let m = 0.0;"
"#;

    #[test]
    fn applies_edits_that_match_once() {
        let file = MutantsFile::parse(FILE, "mutants.toml").unwrap();
        let out = file.mutants[0].apply("fn f() { let m = max(x); }").unwrap();
        assert_eq!(out, "fn f() { let m = 0.0; }");
    }

    #[test]
    fn refuses_edits_that_match_zero_or_many_times() {
        let file = MutantsFile::parse(FILE, "mutants.toml").unwrap();
        let m = &file.mutants[0];
        assert!(
            m.apply("nothing here")
                .unwrap_err()
                .to_string()
                .contains("0 times")
        );
        let twice = "let m = max(x); let m = max(x);";
        assert!(m.apply(twice).unwrap_err().to_string().contains("2 times"));
    }

    #[test]
    fn refuses_duplicate_names_and_empty_mutants() {
        let twice = format!("{FILE}{FILE}");
        assert!(
            MutantsFile::parse(&twice, "m")
                .unwrap_err()
                .to_string()
                .contains("twice")
        );
        let empty = FILE.replace("caught_by = [\"mistakes::shift\"]", "caught_by = []");
        assert!(MutantsFile::parse(&empty, "m").is_err());
    }
}
