//! The keys a name is indexed under, and the posting that leads from a key back to the name.
//!
//! A name's keys are its folded words run together from each word on ("Kim Tae-hyung" →
//! "kimtaehyung", "taehyung", "hyung"), so that a query matches the whole name, its last words,
//! or the start of any word. A name with Hangul gets the same keys for each of its Latin spellings
//! too, marked as romanized; a Hangul name that starts with a family name gets its given name
//! as a word ("김태형" → "태형").

use crate::{normalize, romanize};

/// Keys start at most at this many words into a name: long titles do not multiply the index.
pub(crate) const MAX_WORD_STARTS: usize = 6;

/// A name id, the word its key starts at, and whether the key is a romanization of the name,
/// packed into 41 bits of a `u64` (the fst's value type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Posting(u64);

impl Posting {
    pub(crate) fn new(name: u32, word: u8, romanized: bool) -> Self {
        Self(u64::from(name) | u64::from(word) << 32 | u64::from(romanized) << 40)
    }

    pub(crate) fn from_bits(bits: u64) -> Self {
        Self(bits)
    }

    pub(crate) fn bits(self) -> u64 {
        self.0
    }

    pub(crate) fn name(self) -> u32 {
        (self.0 & 0xFFFF_FFFF) as u32
    }

    /// How many words into the name the key starts (0: the whole name).
    pub(crate) fn word(self) -> u8 {
        (self.0 >> 32 & 0xFF) as u8
    }

    pub(crate) fn romanized(self) -> bool {
        self.0 >> 40 & 1 == 1
    }
}

/// Calls `each(key, word, romanized)` once for every key of `name`.
pub(crate) fn keys_of(name: &str, mut each: impl FnMut(&str, u8, bool)) {
    let mut seen: Vec<String> = Vec::new();
    let mut emit = |words: &[String], romanized: bool| {
        let whole = words.concat();
        let mut start = 0;
        for (word, text) in words.iter().enumerate().take(MAX_WORD_STARTS) {
            let key = &whole[start..];
            start += text.len();
            if seen.iter().any(|earlier| earlier == key) {
                continue;
            }
            seen.push(key.to_owned());
            // `take(MAX_WORD_STARTS)` keeps `word` far below 256.
            each(key, u8::try_from(word).unwrap_or(u8::MAX), romanized);
        }
    };
    emit(&normalize::words(name), false);
    if let Some(split) = romanize::split_family_names(name) {
        emit(&normalize::words(&split), false);
    }
    for spelled in romanize::romanizations(name) {
        emit(&normalize::words(&spelled), true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(name: &str) -> Vec<(String, u8, bool)> {
        let mut out = Vec::new();
        keys_of(name, |key, word, romanized| {
            out.push((key.to_owned(), word, romanized));
        });
        out
    }

    #[test]
    fn every_word_start_is_a_key() {
        assert_eq!(
            keys("Kim Tae-hyung"),
            [
                ("kimtaehyung".to_owned(), 0, false),
                ("taehyung".to_owned(), 1, false),
                ("hyung".to_owned(), 2, false),
            ]
        );
    }

    #[test]
    fn hangul_names_are_keyed_by_their_latin_spellings_too() {
        let keys = keys("김태형");
        assert_eq!(keys[0], (normalize::compact("김태형"), 0, false));
        assert_eq!(keys[1], (normalize::compact("태형"), 1, false));
        let latin: Vec<&str> = keys
            .iter()
            .filter(|(_, _, romanized)| *romanized)
            .map(|(key, _, _)| key.as_str())
            .collect();
        assert_eq!(
            latin,
            ["gimtaehyeong", "taehyeong", "kimtaehyung", "taehyung"]
        );
    }

    #[test]
    fn postings_round_trip() {
        let posting = Posting::new(u32::MAX - 1, 5, true);
        assert_eq!(posting.name(), u32::MAX - 1);
        assert_eq!(posting.word(), 5);
        assert!(posting.romanized());
        assert_eq!(Posting::from_bits(posting.bits()), posting);
        assert!(!Posting::new(7, 0, false).romanized());
    }

    #[test]
    fn long_titles_stop_at_six_word_starts() {
        assert_eq!(keys("a b c d e f g h").len(), MAX_WORD_STARTS);
    }
}
