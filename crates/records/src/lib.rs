//! bside's records engine: milestone crossings, "fastest to N" leaderboards with their progression,
//! record-broken events, daily gains and projections, computed from count series.
//!
//! Pure, like the model it builds on: no IO, no async, no clock. Instants are plain `i64` unix
//! milliseconds (UTC) on the hot paths, converted to `jiff::Timestamp` at the edges ([`Point`]).
//!
//! Two ways in, one result:
//! - batch: [`crossings`] is a single pass over a sorted series, and [`Engine::compute_all`] builds
//!   every series, leaderboard and progression at once;
//! - incremental: [`SeriesState::insert`] and [`Engine::insert_point`] take one point at a time, in
//!   any order, and report what changed ([`Change`], [`Update`]).
//!
//! The state after any sequence of insertions equals the batch result over the same set of points:
//! it depends on the data, never on the order it arrived in.

mod crossing;
mod engine;
mod gains;
mod ladder;
mod leaderboard;
mod point;
mod projection;
mod series;
mod subject;

pub use crossing::{Crossing, crossings};
pub use engine::{CrossingChange, Engine, EventChange, RecordBroken, SeriesInput, Update};
pub use gains::{DEFAULT_ZONE, DayGain, daily_gains, default_zone, top_gains};
pub use ladder::{Ladder, Ladders};
pub use leaderboard::{Broke, Certainty, Entry, Leaderboard, Step};
pub use model::Metric;
pub use point::{Point, normalize};
pub use projection::{PROJECTION_METHOD, PROJECTION_WINDOW_MS, Projection, project};
pub use series::{Change, Moved, SeriesState};
pub use subject::{Scope, Subject, SubjectKind};

/// Declares a closed enum stored and serialized as snake_case text, like the model's enums (whose
/// macro is private to the model crate): `parse`, `as_str`, `Display` and serde through the names.
macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl model::Named for $name {
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }
        }

        impl $name {
            pub fn as_str(self) -> &'static str {
                <Self as model::Named>::as_str(self)
            }

            /// Parses the snake_case name; the error lists the accepted names.
            pub fn parse(text: &str) -> Result<Self, String> {
                <Self as model::Named>::parse_named(text).ok_or_else(|| {
                    format!(
                        "unknown value {text:?}, expected one of: {}",
                        <Self as model::Named>::expected()
                    )
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
    };
}
pub(crate) use named_enum;
