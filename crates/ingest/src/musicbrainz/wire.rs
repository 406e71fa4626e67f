//! MusicBrainz's JSON as it is sent (WS/2 `fmt=json` and the JSON data dumps): serde types that keep
//! only the fields bside maps, each optional, since which keys appear depends on the request's `inc`.

use serde::Deserialize;

/// An artist (lookup, browse or search hit, or a dump line).
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Artist {
    pub(crate) id: String,
    pub(crate) name: String,
    #[serde(default, rename = "sort-name")]
    pub(crate) sort_name: Option<String>,
    #[serde(default, rename = "type")]
    pub(crate) kind: Option<String>,
    #[serde(default)]
    pub(crate) country: Option<String>,
    #[serde(default, rename = "life-span")]
    pub(crate) life_span: Option<LifeSpan>,
    #[serde(default)]
    pub(crate) aliases: Option<Vec<Alias>>,
    #[serde(default)]
    pub(crate) relations: Option<Vec<Relation>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct LifeSpan {
    #[serde(default)]
    pub(crate) begin: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Alias {
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) locale: Option<String>,
    #[serde(default, rename = "type")]
    pub(crate) kind: Option<String>,
    #[serde(default)]
    pub(crate) primary: Option<bool>,
}

/// A relation to another entity; the target sits under a key named after `target-type`.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Relation {
    #[serde(default, rename = "type")]
    pub(crate) kind: Option<String>,
    #[serde(default, rename = "type-id")]
    pub(crate) type_id: Option<String>,
    #[serde(default, rename = "target-type")]
    pub(crate) target_type: Option<String>,
    #[serde(default)]
    pub(crate) direction: Option<String>,
    #[serde(default)]
    pub(crate) begin: Option<String>,
    #[serde(default)]
    pub(crate) end: Option<String>,
    #[serde(default)]
    pub(crate) attributes: Option<Vec<String>>,
    #[serde(default, rename = "target-credit")]
    pub(crate) target_credit: Option<String>,
    #[serde(default)]
    pub(crate) artist: Option<ArtistRef>,
    #[serde(default)]
    pub(crate) url: Option<Url>,
    #[serde(default)]
    pub(crate) recording: Option<RecordingRef>,
}

/// An artist named inside another entity (a credit, a relation's target).
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ArtistRef {
    pub(crate) id: String,
    pub(crate) name: String,
    #[serde(default, rename = "sort-name")]
    pub(crate) sort_name: Option<String>,
    #[serde(default, rename = "type")]
    pub(crate) kind: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Url {
    pub(crate) id: String,
    pub(crate) resource: String,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct RecordingRef {
    pub(crate) id: String,
    #[serde(default)]
    pub(crate) video: Option<bool>,
}

/// One name of an artist credit: `name` as credited, then `joinphrase`.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct CreditName {
    #[serde(default)]
    pub(crate) name: Option<String>,
    #[serde(default)]
    pub(crate) joinphrase: Option<String>,
    pub(crate) artist: ArtistRef,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ReleaseGroup {
    pub(crate) id: String,
    #[serde(default, rename = "primary-type")]
    pub(crate) primary_type: Option<String>,
    #[serde(default, rename = "secondary-types")]
    pub(crate) secondary_types: Option<Vec<String>>,
    #[serde(default, rename = "first-release-date")]
    pub(crate) first_release_date: Option<String>,
    #[serde(default, rename = "artist-credit")]
    pub(crate) artist_credit: Option<Vec<CreditName>>,
    #[serde(default)]
    pub(crate) releases: Option<Vec<Release>>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Release {
    pub(crate) id: String,
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) status: Option<String>,
    #[serde(default)]
    pub(crate) date: Option<String>,
    #[serde(default, rename = "artist-credit")]
    pub(crate) artist_credit: Option<Vec<CreditName>>,
    #[serde(default, rename = "release-group")]
    pub(crate) release_group: Option<Box<ReleaseGroup>>,
    #[serde(default, rename = "label-info")]
    pub(crate) label_info: Option<Vec<LabelInfo>>,
    #[serde(default)]
    pub(crate) media: Option<Vec<Medium>>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct LabelInfo {
    #[serde(default)]
    pub(crate) label: Option<LabelRef>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct LabelRef {
    pub(crate) name: String,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Medium {
    #[serde(default)]
    pub(crate) position: Option<u16>,
    #[serde(default)]
    pub(crate) tracks: Option<Vec<Track>>,
    #[serde(default, rename = "data-tracks")]
    pub(crate) data_tracks: Option<Vec<Track>>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Track {
    pub(crate) position: u16,
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) length: Option<u64>,
    #[serde(default)]
    pub(crate) recording: Option<Recording>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Recording {
    pub(crate) id: String,
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) length: Option<u64>,
    #[serde(default)]
    pub(crate) video: Option<bool>,
    #[serde(default, rename = "first-release-date")]
    pub(crate) first_release_date: Option<String>,
    #[serde(default, rename = "artist-credit")]
    pub(crate) artist_credit: Option<Vec<CreditName>>,
    #[serde(default)]
    pub(crate) relations: Option<Vec<Relation>>,
    #[serde(default)]
    pub(crate) releases: Option<Vec<Release>>,
}
