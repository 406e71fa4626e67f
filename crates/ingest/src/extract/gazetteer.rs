//! Finding known names in text: one Aho-Corasick automaton over every name and alias, matched
//! case- and quote-insensitively ("IU’s" finds "IU"), on word boundaries, longest name first.

use aho_corasick::{AhoCorasick, MatchKind};

use super::text::{fold, fold_name};

/// A set of names, each pointing at what it names (an index the caller chooses).
#[derive(Debug, Clone)]
pub(crate) struct Gazetteer {
    automaton: Option<AhoCorasick>,
    /// One group per distinct folded name: the automaton's pattern ids index it.
    groups: Vec<Vec<Entry>>,
}

#[derive(Debug, Clone)]
struct Entry {
    name: String,
    target: usize,
}

/// A name found in a text, as byte offsets of the original (unfolded) text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hit {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) target: usize,
}

impl Gazetteer {
    pub(crate) fn new<'a>(names: impl IntoIterator<Item = (&'a str, usize)>) -> Self {
        let mut patterns: Vec<String> = Vec::new();
        let mut groups: Vec<Vec<Entry>> = Vec::new();
        let mut index = std::collections::HashMap::new();
        for (name, target) in names {
            let name = name.trim();
            if name.is_empty() {
                continue;
            }
            let folded = fold_name(name);
            let group = *index.entry(folded.clone()).or_insert_with(|| {
                patterns.push(folded);
                groups.push(Vec::new());
                groups.len() - 1
            });
            if groups[group]
                .iter()
                .all(|e| e.target != target || e.name != name)
            {
                groups[group].push(Entry {
                    name: name.to_owned(),
                    target,
                });
            }
        }
        let automaton = (!patterns.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&patterns)
                .expect("names build an automaton")
        });
        Self { automaton, groups }
    }

    /// Every occurrence of a name, on word boundaries. Names of three characters or fewer ("V", "IU",
    /// "BTS") must match their case exactly, so that "v" or "bts" in running text are not taken.
    pub(crate) fn find(&self, text: &str) -> Vec<Hit> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let (folded, map) = fold(text);
        let mut hits = Vec::new();
        for m in automaton.find_iter(&folded) {
            let before = folded[..m.start()].chars().next_back();
            let after = folded[m.end()..].chars().next();
            if before.is_some_and(is_word) || after.is_some_and(is_word) {
                continue;
            }
            let start = map[m.start()];
            let end = map[m.end()];
            let original = &text[start..end];
            // The same folded name may point at several targets: report each.
            for entry in &self.groups[m.pattern().as_usize()] {
                if entry.name.chars().count() <= 3 && original != entry.name {
                    continue;
                }
                hits.push(Hit {
                    start,
                    end,
                    target: entry.target,
                });
            }
        }
        hits
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str, gazetteer: &Gazetteer) -> Vec<(String, usize)> {
        gazetteer
            .find(text)
            .into_iter()
            .map(|h| (text[h.start..h.end].to_owned(), h.target))
            .collect()
    }

    #[test]
    fn names_match_across_case_and_quotes_on_word_boundaries() {
        let g = Gazetteer::new([
            ("V", 0),
            ("Kim Taehyung", 0),
            ("IU", 1),
            ("IU's Palette", 2),
            ("Tae Bear", 0),
        ]);
        assert_eq!(
            names("BTS’ V and kim taehyung", &g),
            [("V".to_owned(), 0), ("kim taehyung".to_owned(), 0)]
        );
        assert_eq!(
            names("IU’s Palette hosted by IU", &g),
            [("IU’s Palette".to_owned(), 2), ("IU".to_owned(), 1)]
        );
        // Short names match their case only, and never inside a word.
        assert!(names("v is a letter; Vivid; iu", &g).is_empty());
        assert_eq!(names("Tae Bear’s art", &g), [("Tae Bear".to_owned(), 0)]);
    }
}
