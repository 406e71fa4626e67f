//! MusicBrainz: WS/2 responses in JSON or XML (lookups, browses, searches) and JSON data dumps (one
//! entity a line, plain or inside a `.tar.xz`), mapped to bside's artists, releases and music
//! videos.
//!
//! Both formats are read into the serde types of `wire` (XML by walking its elements in `xml`) and
//! mapped by the one `map`: the XML and the JSON of an entity give equal entities.
//!
//! Pure apart from reading the bytes it is handed: the caller opens files. MBIDs stay MBIDs here;
//! the store gives slugs and decides what is new, changed or unchanged.

mod archive;
mod map;
mod read;
mod slug;
mod wire;
mod xml;

pub use archive::{ArchiveFile, open_archive};
pub use model::musicbrainz::{
    ArtistRef, ArtistRelations, Entity, Link, MbArtist, MbCredit, MbMembership, MbRelease, MbTrack,
    MbVideo, Skip, SongRef,
};
pub use read::{DumpLines, EntityType, LineError, ParseError, Parsed, parse_document, parse_line};
pub use slug::slug_base;
pub use xml::parse_xml_document;

/// The MusicBrainz page of an entity: `https://musicbrainz.org/artist/MBID`.
pub fn entity_url(kind: &str, mbid: &str) -> String {
    format!("https://musicbrainz.org/{kind}/{mbid}")
}
