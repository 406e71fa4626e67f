//! bside's domain: artists, releases, music videos, shows, accounts and sources, with their invariants.
//!
//! Everything here is pure: no IO, no async, no clock (callers pass `now`). Values are parsed at the
//! edge (`Slug::parse`, `PartialDate::parse`, `Moment`'s deserializer) so that a value of these types
//! is always valid, and aggregates check their cross-field invariants in `validate`.

mod account;
mod artist;
mod bundle;
mod event;
mod invalid;
mod moment;
pub mod musicbrainz;
mod release;
mod series;
mod show;
mod slug;
mod source;
mod video;

pub use account::{Account, Platform, ReportedMilestone};
pub use artist::{Alias, AliasKind, Artist, ArtistKind, ExternalId, Membership};
pub use bundle::{BUNDLE_FORMAT, BUNDLE_VERSION, Bundle};
pub use event::{Event, EventKind, Subject, SubjectKind, events_of, video_artists};
pub use invalid::Invalid;
pub use moment::{Moment, PartialDate};
pub use release::{Credit, Release, ReleaseKind, ReleaseStatus, Track, TrackRef, TrackRole};
pub use series::{Metric, SeriesData, SeriesKey, SeriesPoint, SeriesSubject};
pub use show::{Appearance, Show, ShowKind};
pub use slug::Slug;
pub use source::{Citation, Source};
pub use video::{MusicVideo, VideoState, VideoStep, validate_url};

/// The names of a closed set of values, for error messages ("expected one of: …").
pub trait Named: Sized + Copy + 'static {
    const ALL: &'static [Self];
    fn as_str(self) -> &'static str;

    fn parse_named(text: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|value| value.as_str() == text)
    }

    fn expected() -> String {
        Self::ALL
            .iter()
            .map(|value| value.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Declares a closed enum stored and serialized as snake_case text.
macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $crate::Named for $name {
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }
        }

        impl $name {
            pub fn as_str(self) -> &'static str {
                <Self as $crate::Named>::as_str(self)
            }

            /// Parses the snake_case name; the error lists the accepted names.
            pub fn parse(text: &str) -> Result<Self, String> {
                <Self as $crate::Named>::parse_named(text).ok_or_else(|| {
                    format!("unknown value {text:?}, expected one of: {}", <Self as $crate::Named>::expected())
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Self::parse(&text).map_err(serde::de::Error::custom)
            }
        }

        // The OpenAPI schema: a string enum of the names. A plain twin of the enum derives it, so
        // that the doc comment becomes the schema's description.
        #[cfg(feature = "openapi")]
        const _: () = {
            $(#[$meta])*
            #[derive(utoipa::ToSchema)]
            #[expect(dead_code, reason = "only the schema of the twin is used")]
            enum Names { $(#[schema(rename = $text)] $variant),+ }

            impl utoipa::PartialSchema for $name {
                fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                    <Names as utoipa::PartialSchema>::schema()
                }
            }

            impl utoipa::ToSchema for $name {
                fn name() -> std::borrow::Cow<'static, str> {
                    std::borrow::Cow::Borrowed(stringify!($name))
                }
            }
        };
    };
}
pub(crate) use named_enum;
