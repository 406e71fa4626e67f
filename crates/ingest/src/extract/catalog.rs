//! What the store already knows, as the extractor needs it: artists with every name, releases with their
//! tracks, shows with their hosts. Built once by the caller; the name automaton is built with it.

use model::{AliasKind, ArtistKind, ReleaseKind, Slug, TrackRole};

use super::gazetteer::Gazetteer;
use super::text::fold_name;

/// The known entities an article's names are resolved against. May be empty: every entity is then new.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub(crate) artists: Vec<KnownArtist>,
    pub(crate) releases: Vec<KnownRelease>,
    pub(crate) shows: Vec<KnownShow>,
    /// Every artist name and alias → index in `artists`.
    pub(crate) artist_names: Gazetteer,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownArtist {
    pub slug: Slug,
    pub name: String,
    pub kind: ArtistKind,
    pub aliases: Vec<KnownAlias>,
    /// Groups this artist is a member of.
    pub groups: Vec<Slug>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownAlias {
    pub name: String,
    pub kind: AliasKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownRelease {
    pub slug: Slug,
    pub title: String,
    pub kind: ReleaseKind,
    /// Credited artists, in order.
    pub artists: Vec<Slug>,
    pub tracks: Vec<KnownTrack>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownTrack {
    pub title: String,
    pub role: Option<TrackRole>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownShow {
    pub slug: Slug,
    pub title: String,
    pub hosts: Vec<Slug>,
}

impl Default for Catalog {
    fn default() -> Self {
        Self::new(Vec::new(), Vec::new(), Vec::new())
    }
}

impl Catalog {
    pub fn new(
        artists: Vec<KnownArtist>,
        releases: Vec<KnownRelease>,
        shows: Vec<KnownShow>,
    ) -> Self {
        let artist_names = Gazetteer::new(artists.iter().enumerate().flat_map(|(i, a)| {
            std::iter::once((a.name.as_str(), i))
                .chain(a.aliases.iter().map(move |alias| (alias.name.as_str(), i)))
        }));
        Self {
            artists,
            releases,
            shows,
            artist_names,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.artists.is_empty() && self.releases.is_empty() && self.shows.is_empty()
    }

    pub(crate) fn artist(&self, slug: &Slug) -> Option<usize> {
        self.artists.iter().position(|a| &a.slug == slug)
    }

    /// The release with this title, if exactly one has it.
    pub(crate) fn release_titled(&self, title: &str) -> Option<&KnownRelease> {
        let folded = fold_name(title);
        let mut found = self
            .releases
            .iter()
            .filter(|r| fold_name(&r.title) == folded);
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }

    /// The release whose tracklist has this title, if exactly one.
    pub(crate) fn release_of_track(&self, title: &str) -> Option<(&KnownRelease, &KnownTrack)> {
        let folded = fold_name(title);
        let mut found = self.releases.iter().filter_map(|r| {
            r.tracks
                .iter()
                .find(|t| fold_name(&t.title) == folded)
                .map(|t| (r, t))
        });
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }

    pub(crate) fn show_titled(&self, title: &str) -> Option<&KnownShow> {
        let folded = fold_name(title);
        self.shows.iter().find(|s| {
            let show = fold_name(&s.title);
            show == folded || folded.ends_with(&format!("'s {show}"))
        })
    }
}
