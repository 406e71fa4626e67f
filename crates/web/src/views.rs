//! JSON views: how domain values are shown to API clients (moments with their local time and zone
//! abbreviation, events with links, list pages with their cursor).

use model::{Event, Moment};
use serde::Serialize;

/// A moment as shown: the stored form plus the wall-clock time and abbreviation in the announced zone.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MomentView {
    pub date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utc: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// Local time in the announced zone, ISO 8601 with offset.
    #[serde(skip_serializing_if = "Option::is_none")]
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
#[derive(Debug, Serialize)]
pub(crate) struct ListPage<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

/// An event with a link to what it is about.
#[derive(Debug, Serialize)]
pub(crate) struct EventView {
    pub id: String,
    pub kind: &'static str,
    pub at: MomentView,
    pub title: String,
    pub subject: SubjectView,
    pub artists: Vec<String>,
    pub sources: Vec<model::Citation>,
}

#[derive(Debug, Serialize)]
pub(crate) struct SubjectView {
    pub kind: &'static str,
    pub slug: String,
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
