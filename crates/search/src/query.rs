//! A search query, parsed at the edge: folded once, refused when empty or too long.

use crate::normalize;

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 100;

/// Why a query was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("must not be empty")]
    Empty,
    #[error("must have at most {MAX_QUERY_CHARS} characters, not {0}")]
    TooLong(usize),
    #[error("must contain a letter or a digit")]
    NoLetters,
}

/// A query folded as names are: its key (the words run together) and how many edits a match may be
/// away from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub(crate) key: String,
    pub(crate) max_edits: u8,
}

impl Query {
    pub fn parse(text: &str) -> Result<Self, QueryError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(QueryError::Empty);
        }
        let n_chars = text.chars().count();
        if n_chars > MAX_QUERY_CHARS {
            return Err(QueryError::TooLong(n_chars));
        }
        let key = normalize::compact(text);
        if key.is_empty() {
            return Err(QueryError::NoLetters);
        }
        let max_edits = max_edits(key.chars().count());
        Ok(Self { key, max_edits })
    }

    /// The folded query: "Tae-hyung" → "taehyung".
    pub fn key(&self) -> &str {
        &self.key
    }
}

/// Typing errors forgiven, by the length of the folded query (Hangul counted in jamo): none below
/// four letters, where one edit reaches too many names; one up to seven; two from eight.
pub(crate) fn max_edits(n_chars: usize) -> u8 {
    match n_chars {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_empty_long_and_letterless_queries() {
        assert_eq!(Query::parse("  "), Err(QueryError::Empty));
        assert_eq!(
            Query::parse(&"a".repeat(101)),
            Err(QueryError::TooLong(101))
        );
        assert_eq!(Query::parse("-- !"), Err(QueryError::NoLetters));
        assert!(Query::parse(&"a".repeat(100)).is_ok());
    }

    #[test]
    fn edits_grow_with_length() {
        assert_eq!(Query::parse("iu").unwrap().max_edits, 0);
        assert_eq!(Query::parse("taehyng").unwrap().max_edits, 1);
        assert_eq!(Query::parse("Kim Tae-hyung").unwrap().max_edits, 2);
        assert_eq!(Query::parse("Kim Tae-hyung").unwrap().key(), "kimtaehyung");
    }
}
