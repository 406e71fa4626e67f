//! What a MusicBrainz entity becomes in bside's terms, before slugs are given: artists, releases and
//! music videos that name each other by MBID. `ingest` makes them, the store turns MBIDs into slugs
//! (they live here because both need them and neither may depend on the other).

use crate::{
    Alias, ArtistKind, ExternalId, PartialDate, Platform, ReleaseKind, ReleaseStatus, Slug,
};

/// One entity read from the input, mapped, or the reason it was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entity {
    Artist(MbArtist),
    Release(MbRelease),
    /// A music-video recording read on its own (not as a track of a release).
    Video(MbVideo),
    Skipped(Skip),
}

/// Why an entity was not imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    /// `artist`, `release`, `recording`, `label`…
    pub kind: String,
    pub mbid: Option<String>,
    pub reason: String,
}

/// An artist named by another entity: enough to create it when it is not imported yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArtistRef {
    pub mbid: String,
    pub name: String,
    /// The slug the name asks for (romanized, ASCII-folded), before collisions; `None` when the name
    /// has nothing to romanize.
    pub slug_hint: Option<Slug>,
    pub kind: ArtistKind,
}

/// An artist. `None` parts were not in the response (an `inc` not asked for) and stay as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MbArtist {
    pub mbid: String,
    pub name: String,
    pub slug_hint: Option<Slug>,
    pub sort_name: Option<String>,
    pub kind: ArtistKind,
    pub country: Option<String>,
    /// `life-span.begin`: birth or formation.
    pub debut: Option<PartialDate>,
    pub aliases: Option<Vec<Alias>>,
    pub relations: Option<ArtistRelations>,
}

/// What an artist's relations say that bside holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArtistRelations {
    /// Groups this artist is a member (or a subgroup) of.
    pub groups: Vec<MbMembership>,
    /// Artists that are members (or subgroups) of this one.
    pub members: Vec<MbMembership>,
    /// URL relations: accounts and ids in other systems.
    pub links: Vec<Link>,
}

/// A "member of band" or "subgroup" relation seen from one side; `other` is the far side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MbMembership {
    pub other: ArtistRef,
    pub roles: Vec<String>,
    pub begin: Option<PartialDate>,
    pub end: Option<PartialDate>,
    /// The name the member is credited under in the group (`target-credit`).
    pub credited_as: Option<String>,
}

/// A URL relation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The URL's own MBID: the key of the account made from it.
    pub url_mbid: String,
    pub url: String,
    pub account: Option<(Platform, String)>,
    pub external_id: Option<ExternalId>,
}

/// A release with its credits and tracklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MbRelease {
    pub mbid: String,
    pub group_mbid: Option<String>,
    pub title: String,
    pub slug_hint: Option<Slug>,
    pub kind: ReleaseKind,
    pub status: ReleaseStatus,
    pub date: Option<PartialDate>,
    pub credits: Option<Vec<MbCredit>>,
    pub label: Option<String>,
    /// Audio tracks, in position order; `None` when the response had no tracklist.
    pub tracks: Option<Vec<MbTrack>>,
    /// Music-video recordings found on the release's media.
    pub videos: Vec<MbVideo>,
}

/// One artist of a credit, with the name it is credited under and the phrase after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MbCredit {
    pub artist: ArtistRef,
    pub credited_as: Option<String>,
    pub join_phrase: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MbTrack {
    pub disc: u16,
    pub number: u16,
    pub title: String,
    pub duration_seconds: Option<u32>,
    pub recording: String,
}

/// A music video: a recording with `video: true`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MbVideo {
    pub mbid: String,
    pub title: String,
    pub slug_hint: Option<Slug>,
    /// When it came out: the recording's first release date, or its release's date.
    pub date: Option<PartialDate>,
    pub artists: Vec<ArtistRef>,
    pub song: Option<SongRef>,
    pub url: Option<String>,
}

/// The song a music video is of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SongRef {
    /// A track of the same release.
    Track { disc: u16, number: u16 },
    /// The audio recording (the "music video" relation), wherever it is a track.
    Recording(String),
}
