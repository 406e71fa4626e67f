//! Properties over generated names: every indexed name finds its artist, and so does any one-edit
//! typo of a name of five letters or more.

use proptest::prelude::*;
use search::{Document, Query, SearchIndex};

use crate::artist;

/// Names of one to three words of Latin letters (some with diacritics), Hangul or Cyrillic.
fn name() -> impl Strategy<Value = String> {
    let word = prop_oneof!["[a-zA-Zéöñå]{1,9}", "[가-힣]{1,4}", "[а-яА-Я]{2,8}",];
    prop::collection::vec(word, 1..=3).prop_map(|words| words.join(" "))
}

/// A one-edit typo of a plain lowercase word: delete, insert, substitute or swap two neighbours.
fn typo(word: &str, edit: u8, at: usize, letter: char) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    let at = at % chars.len();
    match edit % 4 {
        0 => {
            chars.remove(at);
        }
        1 => chars.insert(at, letter),
        2 => {
            chars[at] = if chars[at] == letter { 'q' } else { letter };
        }
        _ => {
            let at = at.min(chars.len() - 2);
            chars.swap(at, at + 1);
        }
    }
    chars.into_iter().collect()
}

fn index_of(names: &[String]) -> SearchIndex {
    SearchIndex::build(
        names
            .iter()
            .enumerate()
            .map(|(n, name)| Document::artist(&artist(&format!("a{n}"), name, &[]), 0)),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn an_indexed_name_always_finds_itself(names in prop::collection::vec(name(), 1..40), pick in any::<prop::sample::Index>()) {
        let index = index_of(&names);
        let n = pick.index(names.len());
        let hits = index.search(&Query::parse(&names[n]).unwrap(), None, 50);
        // Another artist may have the same folded name; ours is among the exact matches.
        let slug = format!("a{n}");
        prop_assert!(hits.iter().any(|hit| hit.slug == slug), "{:?} not found in {hits:?}", names[n]);
    }

    #[test]
    fn a_one_edit_typo_of_a_long_name_finds_it(
        others in prop::collection::vec(name(), 0..40),
        word in "[a-z]{5,12}",
        edit in any::<u8>(),
        at in any::<usize>(),
        letter in prop::char::range('a', 'z'),
    ) {
        let mut names = others;
        names.push(word.clone());
        let index = index_of(&names);
        let typed = typo(&word, edit, at, letter);
        let hits = index.search(&Query::parse(&typed).unwrap(), None, 50);
        let slug = format!("a{}", names.len() - 1);
        prop_assert!(hits.iter().any(|hit| hit.slug == slug), "{typed:?} (from {word:?}) not found in {hits:?}");
    }
}
