//! Releases (albums, EPs, singles) with their credits and tracklists, versions tied to their song.

use serde::{Deserialize, Serialize};

use crate::invalid::{each, require_text};
use crate::source::validate_citations;
use crate::{Citation, Invalid, Moment, Slug, named_enum};

named_enum! {
    /// What kind of release.
    ReleaseKind {
        Album => "album",
        Ep => "ep",
        MiniAlbum => "mini_album",
        Single => "single",
        Compilation => "compilation",
        Other => "other",
    }
}

named_enum! {
    /// Where a release stands.
    ReleaseStatus { Announced => "announced", Released => "released", Cancelled => "cancelled" }
}

named_enum! {
    /// The part a track plays on its release.
    TrackRole {
        Title => "title",
        PreReleaseSingle => "pre_release_single",
        BSide => "b_side",
        Bonus => "bonus",
        Intro => "intro",
        Outro => "outro",
    }
}

/// A release: `layover`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(examples(json!({
    "slug": "layover",
    "title": "Layover",
    "kind": "album",
    "status": "released",
    "credits": [{"artist": "v"}],
    "released": {"date": "2023-09-08", "utc": "2023-09-08T04:00:00Z", "zone": "Asia/Seoul"},
    "label": "Big Hit Music",
    "tracks": [
        {"disc": 1, "number": 4, "title": "Slow Dancing", "role": "title"},
        {
            "disc": 1,
            "number": 6,
            "title": "Slow Dancing (Piano Ver.)",
            "role": "bonus",
            "version_of": {"disc": 1, "number": 4},
            "version_label": "Piano Ver."
        }
    ],
    "sources": [{"source": "billboard-layover"}]
}))))]
pub struct Release {
    pub slug: Slug,
    pub title: String,
    pub kind: ReleaseKind,
    pub status: ReleaseStatus,
    /// Artists credited, in order, with the phrases that join them ("V & IU").
    pub credits: Vec<Credit>,
    /// When it comes out or came out (date, or instant with its zone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub released: Option<Moment>,
    /// When the release was announced, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub announced: Option<Moment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tracks: Vec<Track>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external_ids: Vec<crate::ExternalId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Citation>,
}

/// One credited artist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Credit {
    pub artist: Slug,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credited_as: Option<String>,
    /// What follows this artist's name in the credit (" & ", " feat. ").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join_phrase: Option<String>,
}

/// A track at its position on a release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Track {
    #[serde(default = "first_disc")]
    #[cfg_attr(feature = "openapi", schema(default = 1, minimum = 1))]
    pub disc: u16,
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub number: u16,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<TrackRole>,
    /// The song this track is a version of ("Slow Dancing (Piano Ver.)" → "Slow Dancing").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_of: Option<TrackRef>,
    /// The version's label ("Piano Ver.", "Inst.", "Remix").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub genres: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Citation>,
}

fn first_disc() -> u16 {
    1
}

/// A track by release and position. `release` is left out for a track on the same release.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrackRef {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release: Option<Slug>,
    #[serde(default = "first_disc")]
    #[cfg_attr(feature = "openapi", schema(default = 1, minimum = 1))]
    pub disc: u16,
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub number: u16,
}

impl Release {
    pub fn validate(&self) -> Result<(), Invalid> {
        require_text("title", &self.title)?;
        if self.credits.is_empty() {
            return Err(Invalid::new(
                "credits",
                "a release needs at least one credited artist",
            ));
        }
        each("credits", &self.credits, |credit| {
            if let Some(name) = &credit.credited_as {
                require_text("credited_as", name)?;
            }
            Ok(())
        })?;
        each("tracks", &self.tracks, |track| track.validate(&self.slug))?;
        for (index, track) in self.tracks.iter().enumerate() {
            let field = format!("tracks[{index}]");
            if self.tracks[..index]
                .iter()
                .any(|t| (t.disc, t.number) == (track.disc, track.number))
            {
                return Err(Invalid::new(
                    &field,
                    format!("position {}-{} is used twice", track.disc, track.number),
                ));
            }
            if let Some(of) = &track.version_of
                && of
                    .release
                    .as_ref()
                    .is_none_or(|release| *release == self.slug)
                && !self
                    .tracks
                    .iter()
                    .any(|t| (t.disc, t.number) == (of.disc, of.number))
            {
                return Err(Invalid::new(
                    format!("{field}.version_of"),
                    format!(
                        "there is no track {}-{} on this release",
                        of.disc, of.number
                    ),
                ));
            }
        }
        validate_citations(&self.sources)
    }

    /// The track at a position.
    pub fn track(&self, disc: u16, number: u16) -> Option<&Track> {
        self.tracks
            .iter()
            .find(|t| t.disc == disc && t.number == number)
    }
}

impl Track {
    fn validate(&self, release: &Slug) -> Result<(), Invalid> {
        require_text("title", &self.title)?;
        if self.disc == 0 || self.number == 0 {
            return Err(Invalid::new("number", "disc and track numbers start at 1"));
        }
        if let Some(of) = &self.version_of {
            let same_release = of.release.as_ref().is_none_or(|r| r == release);
            if same_release && (of.disc, of.number) == (self.disc, self.number) {
                return Err(Invalid::new(
                    "version_of",
                    "a track cannot be a version of itself",
                ));
            }
        }
        if self.version_label.is_some() && self.version_of.is_none() {
            return Err(Invalid::new(
                "version_label",
                "a version label needs the track it is a version of",
            ));
        }
        if let Some(label) = &self.version_label {
            require_text("version_label", label)?;
        }
        each("genres", &self.genres, |genre| require_text("", genre))?;
        validate_citations(&self.sources)
    }
}
