//! iCalendar (RFC 5545): `/calendars/upcoming.ics` and `/calendars/artists/{slug}.ics`. Release
//! premieres, MV premieres and appearances at their instant in UTC (the zone they were announced in is
//! named in the description), or as all-day events when only the date is known. UIDs are stable per
//! subject; a premiere that moved keeps its UID with a higher SEQUENCE.

use app::{App, CalendarEntry, CalendarKind};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use icalendar::{Calendar, Component, EventLike, Property};
use jiff::Timestamp;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::{ApiError, ApiResult};
use crate::extract::QueryParams;
use crate::feeds::base_url;
use crate::openapi::TimelineErrors;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct CalendarQuery {
    /// Keep events that started up to this many days ago (default: the server's window, 90 days
    /// unless configured).
    #[param(minimum = 0, maximum = 36600)]
    past_days: Option<u32>,
}

/// What comes up
///
/// An iCalendar feed of release premieres, MV premieres and appearances, from the past window on.
#[utoipa::path(
    get,
    path = "/calendars/upcoming.ics",
    tag = "following",
    operation_id = "calendar_upcoming",
    params(CalendarQuery),
    responses(
        (status = 200, description = "An iCalendar (RFC 5545) file", body = String, content_type = "text/calendar"),
        TimelineErrors,
    ),
)]
pub(crate) async fn upcoming(
    State(app): State<App>,
    headers: HeaderMap,
    QueryParams(query): QueryParams<CalendarQuery>,
) -> ApiResult<Response> {
    calendar(&app, &headers, None, &query).await
}

/// What comes up for one artist
///
/// The iCalendar feed of one artist: `/calendars/artists/v.ics`.
#[utoipa::path(
    get,
    path = "/calendars/artists/{file}",
    tag = "following",
    operation_id = "calendar_artist",
    params(
        ("file" = String, Path, description = "The artist's slug and `.ics`", example = "v.ics"),
        CalendarQuery,
    ),
    responses(
        (status = 200, description = "An iCalendar (RFC 5545) file", body = String, content_type = "text/calendar"),
        TimelineErrors,
    ),
)]
pub(crate) async fn artist(
    State(app): State<App>,
    Path(file): Path<String>,
    headers: HeaderMap,
    QueryParams(query): QueryParams<CalendarQuery>,
) -> ApiResult<Response> {
    let slug = file.strip_suffix(".ics").ok_or_else(|| {
        ApiError::not_found(format!("no calendar {file:?}: calendars end in .ics"))
    })?;
    calendar(&app, &headers, Some(slug), &query).await
}

async fn calendar(
    app: &App,
    headers: &HeaderMap,
    artist: Option<&str>,
    query: &CalendarQuery,
) -> ApiResult<Response> {
    let now = Timestamp::now();
    let entries = app.calendar(artist, now, query.past_days).await?;
    let base = base_url(app, headers);
    let name = artist.map_or_else(
        || "bside: upcoming".to_owned(),
        |slug| format!("bside: {slug}"),
    );
    let text = render(&entries, &name, &base, now);
    let mut response = text.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    Ok(response)
}

/// The calendar as text. `now` is the DTSTAMP of every event (when this representation was made).
pub(crate) fn render(entries: &[CalendarEntry], name: &str, base: &str, now: Timestamp) -> String {
    let mut calendar = Calendar::empty();
    calendar.append_property(Property::new("VERSION", "2.0"));
    calendar.append_property(Property::new("PRODID", "-//bside//bside calendars//EN"));
    calendar.append_property(Property::new("CALSCALE", "GREGORIAN"));
    calendar.append_property(Property::new("METHOD", "PUBLISH"));
    calendar.name(name);
    let stamp = utc(now);
    for entry in entries {
        let mut event = icalendar::Event::new();
        event
            .uid(&entry.uid)
            .sequence(entry.sequence)
            .timestamp(stamp)
            .summary(&entry.summary)
            .url(&format!(
                "{base}{}",
                app::subject_path(entry.subject.kind, &entry.subject.slug)
            ));
        let mut description = entry.description.clone();
        for (publisher, url) in &entry.sources {
            description.push_str(&format!("\nSource: {publisher} {url}"));
        }
        event.description(&description);
        event.add_property(
            "CATEGORIES",
            match entry.kind {
                CalendarKind::Release => "release",
                CalendarKind::MusicVideo => "music video",
                CalendarKind::Appearance => "appearance",
            },
        );
        match (entry.at.utc, entry.at.date.full()) {
            (Some(instant), _) => {
                event.starts(utc(instant));
            }
            (None, Some(day)) => {
                // All day: DTSTART and the exclusive DTEND as dates, no time invented.
                if let (Some(start), Some(end)) = (naive(day), day.tomorrow().ok().and_then(naive))
                {
                    event.starts(start).ends(end);
                }
            }
            (None, None) => continue,
        }
        calendar.push(event.done());
    }
    calendar.done().to_string()
}

fn utc(at: Timestamp) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(at.as_second(), 0).unwrap_or_default()
}

fn naive(day: jiff::civil::Date) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(
        i32::from(day.year()),
        u32::try_from(day.month()).ok()?,
        u32::try_from(day.day()).ok()?,
    )
}
