//! What the index is given: one document per artist, release (with its tracks) or show, holding
//! every name that should find it.

use model::{AliasKind, Artist, Release, Show};

use crate::{HitKind, TrackPosition};

/// The aggregate a document comes from; with its slug, it names the document for updates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocKind {
    Artist,
    Release,
    Show,
}

/// Which of an entry's names this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameKind {
    /// The display name or title.
    Display,
    Alias(AliasKind),
}

/// Something a search can find: an artist, a release, one of its tracks, a show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub kind: HitKind,
    /// Its display name first, then its other names.
    pub names: Vec<(String, NameKind)>,
    pub track: Option<TrackPosition>,
}

/// The entries of one artist, release or show, replaced together when it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub kind: DocKind,
    pub slug: String,
    /// Breaks ties between equally good matches: higher first.
    pub popularity: u32,
    /// The first entry is the artist, release or show itself.
    pub entries: Vec<Entry>,
}

impl Document {
    /// An artist under its display name and every alias.
    pub fn artist(artist: &Artist, popularity: u32) -> Self {
        let mut names = vec![(artist.name.clone(), NameKind::Display)];
        names.extend(
            artist
                .aliases
                .iter()
                .map(|alias| (alias.name.clone(), NameKind::Alias(alias.kind))),
        );
        Self {
            kind: DocKind::Artist,
            slug: artist.slug.to_string(),
            popularity,
            entries: vec![Entry {
                kind: HitKind::Artist,
                names,
                track: None,
            }],
        }
    }

    /// A release by its title, and each of its tracks by theirs.
    pub fn release(release: &Release, popularity: u32) -> Self {
        let mut entries = vec![Entry {
            kind: HitKind::Release,
            names: vec![(release.title.clone(), NameKind::Display)],
            track: None,
        }];
        entries.extend(release.tracks.iter().map(|track| Entry {
            kind: HitKind::Track,
            names: vec![(track.title.clone(), NameKind::Display)],
            track: Some(TrackPosition {
                disc: track.disc,
                number: track.number,
            }),
        }));
        Self {
            kind: DocKind::Release,
            slug: release.slug.to_string(),
            popularity,
            entries,
        }
    }

    /// A show by its title.
    pub fn show(show: &Show, popularity: u32) -> Self {
        Self {
            kind: DocKind::Show,
            slug: show.slug.to_string(),
            popularity,
            entries: vec![Entry {
                kind: HitKind::Show,
                names: vec![(show.title.clone(), NameKind::Display)],
                track: None,
            }],
        }
    }
}
