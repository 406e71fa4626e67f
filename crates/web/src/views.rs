//! JSON views: how domain values are shown to API clients (moments with their local time and zone
//! abbreviation, events with links, list pages with their cursor).

use model::{Event, Moment};
use serde::Serialize;
use utoipa::ToSchema;

/// A moment as shown: the stored form plus the wall-clock time and abbreviation in the announced zone.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(examples(json!({
    "date": "2023-09-16",
    "utc": "2023-09-15T15:00:00Z",
    "zone": "Asia/Seoul",
    "local": "2023-09-16T00:00:00+09:00",
    "zone_abbreviation": "KST"
})))]
pub(crate) struct MomentView {
    /// The (partial) date in `zone`: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[schema(value_type = model::PartialDate)]
    pub date: String,
    /// The instant, when the time of day is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = DateTime)]
    pub utc: Option<String>,
    /// The IANA time zone the moment was announced in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// Local time in the announced zone, ISO 8601 with offset.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = DateTime)]
    pub local: Option<String>,
    /// "KST", "EDT"…
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_abbreviation: Option<String>,
}

impl From<&Moment> for MomentView {
    fn from(moment: &Moment) -> Self {
        Self {
            date: moment.date.to_string(),
            utc: moment.utc.map(|utc| utc.to_string()),
            zone: moment.zone.clone(),
            local: moment
                .local()
                .map(|zoned| zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()),
            zone_abbreviation: moment.zone_abbreviation(),
        }
    }
}

pub(crate) fn moment_view(moment: Option<&Moment>) -> Option<MomentView> {
    moment.map(MomentView::from)
}

/// One page of a list and the cursor of the next (pass it as `after`).
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ListPage<T> {
    pub items: Vec<T>,
    /// The cursor of the next page; null when this page is not full.
    #[schema(required = true)]
    pub next: Option<String>,
}

/// An event with a link to what it is about.
#[derive(Debug, Serialize, ToSchema)]
#[schema(examples(json!({
    "id": "mv_released:layover-for-us-mv:1",
    "kind": "mv_released",
    "at": {
        "date": "2023-09-16",
        "utc": "2023-09-15T15:00:00Z",
        "zone": "Asia/Seoul",
        "local": "2023-09-16T00:00:00+09:00",
        "zone_abbreviation": "KST"
    },
    "title": "For Us premiered",
    "subject": {
        "kind": "video",
        "slug": "layover-for-us-mv",
        "href": "/api/v1/videos/layover-for-us-mv"
    },
    "artists": ["v"],
    "sources": [{"source": "pinkvilla-for-us"}]
})))]
pub(crate) struct EventView {
    /// Stable: the same fact always yields the same id.
    pub id: String,
    #[schema(value_type = model::EventKind)]
    pub kind: &'static str,
    pub at: MomentView,
    pub title: String,
    pub subject: SubjectView,
    /// The slugs of the artists the event is about.
    #[schema(value_type = Vec<model::Slug>)]
    pub artists: Vec<String>,
    pub sources: Vec<model::Citation>,
}

/// The entity an event is about, with the API path that serves it.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SubjectView {
    #[schema(value_type = model::SubjectKind)]
    pub kind: &'static str,
    #[schema(value_type = model::Slug)]
    pub slug: String,
    /// `/api/v1/{collection}/{slug}`.
    pub href: String,
}

impl From<Event> for EventView {
    fn from(event: Event) -> Self {
        let collection = match event.subject.kind {
            model::SubjectKind::Release => "releases",
            model::SubjectKind::Video => "videos",
            model::SubjectKind::Appearance => "appearances",
            model::SubjectKind::Account => "accounts",
        };
        Self {
            id: event.id,
            kind: event.kind.as_str(),
            at: MomentView::from(&event.at),
            title: event.title,
            subject: SubjectView {
                kind: event.subject.kind.as_str(),
                href: format!("/api/v1/{collection}/{}", event.subject.slug),
                slug: event.subject.slug.to_string(),
            },
            artists: event.artists.into_iter().map(String::from).collect(),
            sources: event.sources,
        }
    }
}
