//! A claim's fields (the interchange JSON of PRODUCT §4, as proposed or as a curator edited them)
//! parsed into a typed proposal, with errors that name the field.

use jiff::Timestamp;
use jiff::civil::Date;
use model::{
    AliasKind, Invalid, Metric, Moment, PartialDate, Platform, ReleaseKind, ReleaseStatus,
    TrackRole, VideoState,
};
use serde_json::{Map, Value};

/// What accepting a claim writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Proposal {
    /// An MV released, announced (upcoming) or with none planned.
    MvState {
        artist: String,
        track: String,
        state: VideoState,
        when: Option<Moment>,
    },
    MvAttribute {
        artist: String,
        track: String,
        attribute: String,
    },
    Release {
        artist: String,
        release: String,
        kind: Option<ReleaseKind>,
        status: ReleaseStatus,
        when: Option<Moment>,
    },
    TrackListing {
        artist: String,
        release: String,
        track: String,
        position: Option<u16>,
        role: Option<TrackRole>,
        version_of: Option<String>,
    },
    Appearance {
        show: String,
        host: Option<String>,
        guest: String,
        when: Option<Moment>,
    },
    Milestone {
        artist: String,
        platform: Platform,
        metric: Metric,
        value: u64,
        elapsed: Option<String>,
        when: Option<Moment>,
        record: Option<String>,
    },
    Alias {
        artist: String,
        alias: String,
        kind: AliasKind,
    },
    Membership {
        person: String,
        group: String,
    },
    Genre {
        artist: String,
        track: Option<String>,
        genre: String,
    },
}

impl Proposal {
    /// Parses a claim's fields; `kind` selects the shape. `at` is the instant with its zone when the
    /// article gave a time (`2023-09-13T00:00:00+09:00[Asia/Seoul]`).
    pub(crate) fn parse(fields: &Map<String, Value>) -> Result<Self, Invalid> {
        let f = Fields(fields);
        let kind = f.text("kind")?;
        Ok(match kind.as_str() {
            "mv_release" | "mv_upcoming" | "mv_none_planned" => Self::MvState {
                artist: f.text("artist")?,
                track: f.text("track")?,
                state: match kind.as_str() {
                    "mv_release" => VideoState::Released,
                    "mv_upcoming" => VideoState::Announced,
                    _ => VideoState::NonePlanned,
                },
                when: if kind == "mv_none_planned" {
                    None
                } else {
                    f.moment()?
                },
            },
            "mv_attribute" => Self::MvAttribute {
                artist: f.text("artist")?,
                track: f.text("track")?,
                attribute: f.text("attribute")?.to_lowercase().replace([' ', '-'], "_"),
            },
            "release" => Self::Release {
                artist: f.text("artist")?,
                release: f.text("release")?,
                kind: f.named("release_type", ReleaseKind::parse)?,
                status: f
                    .named("status", ReleaseStatus::parse)?
                    .unwrap_or(ReleaseStatus::Released),
                when: f.moment()?,
            },
            "track_listing" => Self::TrackListing {
                artist: f.text("artist")?,
                release: f.text("release")?,
                track: f.text("track")?,
                position: f.number("position")?,
                role: f.named("role", TrackRole::parse)?,
                version_of: f.optional_text("version_of")?,
            },
            "appearance" => Self::Appearance {
                show: f.text("show")?,
                host: f.optional_text("host")?,
                guest: f.text("guest")?,
                when: f.moment()?,
            },
            "milestone" => Self::Milestone {
                artist: f.text("artist")?,
                platform: f
                    .named("platform", Platform::parse)?
                    .ok_or_else(|| Invalid::new("platform", "is required to keep a milestone"))?,
                metric: f
                    .named("metric", Metric::parse)?
                    .ok_or_else(|| Invalid::new("metric", "is required"))?,
                value: f
                    .number("value")?
                    .ok_or_else(|| Invalid::new("value", "is required"))?,
                elapsed: f.optional_text("elapsed")?,
                when: f.moment()?,
                record: f.optional_text("record_claim")?,
            },
            "alias" => Self::Alias {
                artist: f.text("artist")?,
                alias: f.text("alias")?,
                kind: f
                    .named("alias_kind", AliasKind::parse)?
                    .unwrap_or(AliasKind::Nickname),
            },
            "membership" => Self::Membership {
                person: f.text("person")?,
                group: f.text("group")?,
            },
            "genre" => Self::Genre {
                artist: f.text("artist")?,
                track: f.optional_text("track")?,
                genre: f.text("genre")?.to_lowercase(),
            },
            other => {
                return Err(Invalid::new(
                    "kind",
                    format!(
                        "unknown kind {other:?}, expected one of: mv_release, mv_upcoming, mv_none_planned, mv_attribute, release, track_listing, appearance, milestone, alias, membership, genre"
                    ),
                ));
            }
        })
    }
}

struct Fields<'a>(&'a Map<String, Value>);

impl Fields<'_> {
    fn optional_text(&self, name: &str) -> Result<Option<String>, Invalid> {
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) if text.trim().is_empty() => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.trim().to_owned())),
            Some(_) => Err(Invalid::new(name, "must be a string")),
        }
    }

    fn text(&self, name: &str) -> Result<String, Invalid> {
        self.optional_text(name)?
            .ok_or_else(|| Invalid::new(name, "is required"))
    }

    /// An enum in the interchange spelling ("mini album", "pre-release single", "legal name").
    fn named<T>(
        &self,
        name: &str,
        parse: fn(&str) -> Result<T, String>,
    ) -> Result<Option<T>, Invalid> {
        self.optional_text(name)?
            .map(|text| parse(&text.to_lowercase().replace([' ', '-'], "_")))
            .transpose()
            .map_err(|message| Invalid::new(name, message))
    }

    fn number<T: TryFrom<u64>>(&self, name: &str) -> Result<Option<T>, Invalid> {
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => value
                .as_u64()
                .and_then(|n| T::try_from(n).ok())
                .map(Some)
                .ok_or_else(|| Invalid::new(name, "must be a whole number in range")),
        }
    }

    /// `date` (YYYY-MM-DD, or a partial date) with `at` when there is a time.
    fn moment(&self) -> Result<Option<Moment>, Invalid> {
        if let Some(at) = self.optional_text("at")? {
            let zoned: jiff::ZonedDateTime = at.parse().map_err(|e| {
                Invalid::new("at", format!("{at:?} is not an instant with its zone: {e}"))
            })?;
            let zone = zoned.time_zone().iana_name().unwrap_or("UTC").to_owned();
            let utc: Timestamp = zoned.timestamp();
            return Moment::at(utc, &zone)
                .map(Some)
                .map_err(|message| Invalid::new("at", message));
        }
        let Some(date) = self.optional_text("date")? else {
            return Ok(None);
        };
        if let Ok(full) = date.parse::<Date>() {
            return Ok(Some(Moment::on(PartialDate::from_date(full))));
        }
        PartialDate::parse(&date)
            .map(|partial| Some(Moment::on(partial)))
            .map_err(|message| Invalid::new("date", message))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn parse(value: &Value) -> Result<Proposal, Invalid> {
        Proposal::parse(value.as_object().unwrap())
    }

    #[test]
    fn interchange_spellings_parse() {
        let release = parse(
            &json!({"kind": "release", "artist": "V", "release": "Layover",
            "release_type": "mini album", "status": "released", "date": "2023-09-08"}),
        )
        .unwrap();
        assert!(matches!(
            release,
            Proposal::Release {
                kind: Some(ReleaseKind::MiniAlbum),
                ..
            }
        ));
        let track = parse(
            &json!({"kind": "track_listing", "artist": "V", "release": "Layover",
            "track": "Rainy Days", "position": 1, "role": "pre-release single"}),
        )
        .unwrap();
        assert!(matches!(
            track,
            Proposal::TrackListing {
                role: Some(TrackRole::PreReleaseSingle),
                position: Some(1),
                ..
            }
        ));
        let upcoming = parse(
            &json!({"kind": "mv_upcoming", "artist": "V", "track": "For Us",
            "date": "2023-09-16", "at": "2023-09-16T00:00:00+09:00[Asia/Seoul]"}),
        )
        .unwrap();
        let Proposal::MvState {
            state,
            when: Some(when),
            ..
        } = upcoming
        else {
            panic!("{upcoming:?}")
        };
        assert_eq!(state, VideoState::Announced);
        assert_eq!(when.utc.unwrap().to_string(), "2023-09-15T15:00:00Z");
        assert_eq!(when.zone.as_deref(), Some("Asia/Seoul"));
    }

    #[test]
    fn bad_fields_are_named() {
        let error = parse(&json!({"kind": "release", "artist": "V"})).unwrap_err();
        assert_eq!(error.field, "release");
        let error = parse(
            &json!({"kind": "mv_release", "artist": "V", "track": "Blue", "date": "2023-02-30"}),
        )
        .unwrap_err();
        assert_eq!(error.field, "date");
        let error = parse(&json!({"kind": "rumour"})).unwrap_err();
        assert_eq!(error.field, "kind");
    }
}
