//! What the extractor proposes: typed facts with their evidence, and the interchange JSON (PRODUCT §4).

use jiff::ZonedDateTime;
use jiff::civil::Date;
use model::{AliasKind, Platform, ReleaseKind, ReleaseStatus, Slug, TrackRole};
use serde_json::{Map, Value, json};

/// The kinds of PRODUCT §4, in the spelling of the interchange format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FactKind {
    MvRelease,
    MvUpcoming,
    MvNonePlanned,
    MvAttribute,
    Release,
    TrackListing,
    Appearance,
    Milestone,
    Alias,
    Membership,
    Genre,
}

/// A count that a milestone is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Metric {
    Followers,
    Subscribers,
    Views,
    Streams,
    Likes,
}

/// The day a fact happened (or is scheduled), with the instant when the article gives a time.
#[derive(Debug, Clone, PartialEq)]
pub struct FactDate {
    pub date: Date,
    /// The instant in the zone the article states ("00:00 KST" → Asia/Seoul).
    pub at: Option<ZonedDateTime>,
}

/// The fields of a fact, typed per kind. Names are as the article (or the catalog) spells them.
#[derive(Debug, Clone, PartialEq)]
pub enum Claim {
    MvRelease {
        artist: String,
        track: String,
        date: Option<FactDate>,
    },
    MvUpcoming {
        artist: String,
        track: String,
        date: Option<FactDate>,
    },
    MvNonePlanned {
        artist: String,
        track: String,
    },
    MvAttribute {
        artist: String,
        track: String,
        attribute: String,
    },
    Release {
        artist: String,
        release: String,
        release_type: Option<ReleaseKind>,
        status: ReleaseStatus,
        date: Option<FactDate>,
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
        date: Option<FactDate>,
    },
    Milestone {
        artist: String,
        platform: Option<Platform>,
        metric: Metric,
        value: u64,
        /// ISO 8601 duration from the origin to the crossing ("PT4H52M").
        elapsed: Option<String>,
        date: Option<FactDate>,
        record_claim: Option<String>,
    },
    Alias {
        artist: String,
        alias: String,
        alias_kind: AliasKind,
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

/// One proposed fact: a claim, the sentence that states it, and how its names were resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub claim: Claim,
    /// The sentence stating the fact, as it appears in the article text.
    pub evidence: String,
    /// Character (not byte) offsets of the evidence in the article text, end exclusive.
    pub span: (usize, usize),
    /// 0 to 1: how sure the pattern that found it is.
    pub confidence: f32,
    pub entities: Vec<Resolved>,
    /// How a date was resolved when the article did not state it in full ("year 2023 inferred from the dateline").
    pub date_note: Option<String>,
}

/// A name in a fact and what it resolved to: a catalog slug, or `None` for an entity new to the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// Which field of the claim: "artist", "person", "group", "host", "guest", "track", "release", "show".
    pub role: &'static str,
    /// The text in the article.
    pub mention: String,
    /// The name used in the claim.
    pub name: String,
    pub slug: Option<Slug>,
}

impl FactKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MvRelease => "mv_release",
            Self::MvUpcoming => "mv_upcoming",
            Self::MvNonePlanned => "mv_none_planned",
            Self::MvAttribute => "mv_attribute",
            Self::Release => "release",
            Self::TrackListing => "track_listing",
            Self::Appearance => "appearance",
            Self::Milestone => "milestone",
            Self::Alias => "alias",
            Self::Membership => "membership",
            Self::Genre => "genre",
        }
    }
}

impl Metric {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Followers => "followers",
            Self::Subscribers => "subscribers",
            Self::Views => "views",
            Self::Streams => "streams",
            Self::Likes => "likes",
        }
    }
}

impl Claim {
    pub fn kind(&self) -> FactKind {
        match self {
            Self::MvRelease { .. } => FactKind::MvRelease,
            Self::MvUpcoming { .. } => FactKind::MvUpcoming,
            Self::MvNonePlanned { .. } => FactKind::MvNonePlanned,
            Self::MvAttribute { .. } => FactKind::MvAttribute,
            Self::Release { .. } => FactKind::Release,
            Self::TrackListing { .. } => FactKind::TrackListing,
            Self::Appearance { .. } => FactKind::Appearance,
            Self::Milestone { .. } => FactKind::Milestone,
            Self::Alias { .. } => FactKind::Alias,
            Self::Membership { .. } => FactKind::Membership,
            Self::Genre { .. } => FactKind::Genre,
        }
    }

    /// The claim's fields as interchange JSON (without evidence).
    pub fn fields(&self) -> Map<String, Value> {
        let date = |d: &Option<FactDate>| match d {
            Some(d) => json!(d.date.to_string()),
            None => Value::Null,
        };
        let value = match self {
            Self::MvRelease {
                artist,
                track,
                date: d,
            }
            | Self::MvUpcoming {
                artist,
                track,
                date: d,
            } => json!({"artist": artist, "track": track, "date": date(d)}),
            Self::MvNonePlanned { artist, track } => {
                json!({"artist": artist, "track": track, "date": null})
            }
            Self::MvAttribute {
                artist,
                track,
                attribute,
            } => json!({"artist": artist, "track": track, "attribute": attribute}),
            Self::Release {
                artist,
                release,
                release_type,
                status,
                date: d,
            } => json!({
                "artist": artist,
                "release": release,
                "release_type": release_type.map(release_kind_text),
                "status": status.as_str(),
                "date": date(d),
            }),
            Self::TrackListing {
                artist,
                release,
                track,
                position,
                role,
                version_of,
            } => json!({
                "artist": artist,
                "release": release,
                "track": track,
                "position": position,
                "role": role.map(track_role_text),
                "version_of": version_of,
            }),
            Self::Appearance {
                show,
                host,
                guest,
                date: d,
            } => json!({"show": show, "host": host, "guest": guest, "date": date(d)}),
            Self::Milestone {
                artist,
                platform,
                metric,
                value,
                elapsed,
                date: d,
                record_claim,
            } => json!({
                "artist": artist,
                "platform": platform.map(Platform::as_str),
                "metric": metric.as_str(),
                "value": value,
                "elapsed": elapsed,
                "date": date(d),
                "record_claim": record_claim,
            }),
            Self::Alias {
                artist,
                alias,
                alias_kind,
            } => {
                json!({"artist": artist, "alias": alias, "alias_kind": alias_kind_text(*alias_kind)})
            }
            Self::Membership { person, group } => json!({"person": person, "group": group}),
            Self::Genre {
                artist,
                track,
                genre,
            } => json!({"artist": artist, "track": track, "genre": genre}),
        };
        let Value::Object(mut map) = value else {
            unreachable!("every claim is a JSON object")
        };
        map.insert("kind".to_owned(), json!(self.kind().as_str()));
        map
    }

    pub(crate) fn date(&self) -> Option<&FactDate> {
        match self {
            Self::MvRelease { date, .. }
            | Self::MvUpcoming { date, .. }
            | Self::Release { date, .. }
            | Self::Appearance { date, .. }
            | Self::Milestone { date, .. } => date.as_ref(),
            _ => None,
        }
    }
}

/// The interchange list that `eval/score-facts.py` reads: `kind`, the kind's fields, `evidence`, and
/// extras the scorer ignores (`span`, `confidence`, `at`, `date_note`, `entities`).
pub fn to_interchange(facts: &[Fact]) -> Value {
    let list = facts
        .iter()
        .map(|fact| {
            let mut map = fact.claim.fields();
            map.insert("evidence".to_owned(), json!(fact.evidence));
            map.insert("span".to_owned(), json!([fact.span.0, fact.span.1]));
            map.insert(
                "confidence".to_owned(),
                json!((f64::from(fact.confidence) * 100.0).round() / 100.0),
            );
            if let Some(at) = fact.claim.date().and_then(|d| d.at.as_ref()) {
                map.insert("at".to_owned(), json!(at.to_string()));
            }
            if let Some(note) = &fact.date_note {
                map.insert("date_note".to_owned(), json!(note));
            }
            let entities: Vec<Value> = fact
                .entities
                .iter()
                .map(|e| {
                    json!({
                        "role": e.role,
                        "mention": e.mention,
                        "name": e.name,
                        "slug": e.slug.as_ref().map(Slug::as_str),
                    })
                })
                .collect();
            map.insert("entities".to_owned(), Value::Array(entities));
            Value::Object(map)
        })
        .collect();
    Value::Array(list)
}

/// "mini album", "ep": the interchange spelling of a release kind.
pub fn release_kind_text(kind: ReleaseKind) -> &'static str {
    match kind {
        ReleaseKind::Album => "album",
        ReleaseKind::Ep => "ep",
        ReleaseKind::MiniAlbum => "mini album",
        ReleaseKind::Single => "single",
        ReleaseKind::Compilation => "compilation",
        ReleaseKind::Other => "other",
    }
}

/// "b-side", "pre-release single": the interchange spelling of a track role.
pub fn track_role_text(role: TrackRole) -> &'static str {
    match role {
        TrackRole::Title => "title",
        TrackRole::PreReleaseSingle => "pre-release single",
        TrackRole::BSide => "b-side",
        TrackRole::Bonus => "bonus",
        TrackRole::Intro => "intro",
        TrackRole::Outro => "outro",
    }
}

/// "legal name", "nickname": the interchange spelling of an alias kind.
pub fn alias_kind_text(kind: AliasKind) -> &'static str {
    match kind {
        AliasKind::StageName => "stage name",
        AliasKind::LegalName => "legal name",
        AliasKind::NativeName => "native name",
        AliasKind::Nickname => "nickname",
        AliasKind::Romanization => "romanization",
        AliasKind::SearchHint => "search hint",
    }
}
