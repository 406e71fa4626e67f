//! The name index: every name of every artist (display name and every alias, in every script),
//! release, track and show, searched as a person types them — in any case, with or without
//! diacritics, in Hangul syllables or jamo, in any romanization, with a typo or two.
//!
//! The engine (an `fst` map of folded name keys with Levenshtein automata, plus a small in-memory
//! delta for writes since the last build) stays inside this crate: callers see [`SearchIndex`],
//! [`Document`], [`Query`] and [`Hit`].

mod document;
mod index;
mod keys;
mod normalize;
mod query;
mod rank;
mod romanize;
mod segment;

pub use document::{DocKind, Document, Entry, NameKind};
pub use index::{IndexStats, SearchIndex};
pub use query::{MAX_QUERY_CHARS, Query, QueryError};

/// What a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HitKind {
    Artist,
    Release,
    Track,
    Show,
}

impl HitKind {
    pub const ALL: [HitKind; 4] = [Self::Artist, Self::Release, Self::Track, Self::Show];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Artist => "artist",
            Self::Release => "release",
            Self::Track => "track",
            Self::Show => "show",
        }
    }

    /// Parses `artist`, `release`, `track` or `show`; the error lists them.
    pub fn parse(text: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text)
            .ok_or_else(|| {
                format!("unknown kind {text:?}, expected one of: artist, release, track, show")
            })
    }
}

/// How a hit's name matched the query, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MatchHow {
    /// The whole name, ignoring case, diacritics, spacing and punctuation.
    Exact,
    /// The whole of a nickname ("Tae Bear").
    Nickname,
    /// The whole of a romanization: an alias of that kind, or the Latin spelling of a Hangul name.
    Romanization,
    /// The name's last words ("taehyung" in "Kim Taehyung").
    Word,
    /// The start of the name or of one of its words.
    Prefix,
    /// Within a few typing errors (Damerau-Levenshtein, bounded by the query's length).
    Fuzzy,
}

impl MatchHow {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::Nickname => "nickname",
            Self::Romanization => "romanization",
            Self::Word => "word",
            Self::Prefix => "prefix",
            Self::Fuzzy => "fuzzy",
        }
    }
}

/// A track's place on its release.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TrackPosition {
    pub disc: u16,
    pub number: u16,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub kind: HitKind,
    /// The artist's, release's or show's slug; for a track, its release's.
    pub slug: String,
    /// The display name (a release's, track's or show's title).
    pub name: String,
    /// The name that matched: the display name or one alias.
    pub matched: String,
    pub how: MatchHow,
    /// Edits between the query and the matched name (0 unless `how` is fuzzy).
    pub distance: u8,
    /// For a track: where it is on its release.
    pub track: Option<TrackPosition>,
    /// For a track: its release's title.
    pub release_title: Option<String>,
}
