//! `/api/v1/upcoming` and `/api/v1/timeline`: what comes in a window, and what happened, newest first.

use app::App;
use axum::Json;
use axum::extract::State;
use jiff::{Timestamp, civil, tz::TimeZone};
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ApiResult};
use crate::extract::QueryParams;
use crate::views::EventView;

#[derive(Deserialize)]
pub(crate) struct UpcomingQuery {
    /// First day of the window (YYYY-MM-DD); today when left out.
    from: Option<String>,
    /// Length of the window in days (default 14).
    days: Option<u32>,
    /// The zone whose days the window counts (default UTC).
    zone: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct UpcomingResponse {
    from: String,
    days: u32,
    zone: String,
    items: Vec<EventView>,
}

pub(crate) async fn upcoming(
    State(app): State<App>,
    QueryParams(query): QueryParams<UpcomingQuery>,
) -> ApiResult<Json<UpcomingResponse>> {
    let zone_name = query.zone.unwrap_or_else(|| "UTC".to_owned());
    let zone = TimeZone::get(&zone_name).map_err(|_| {
        ApiError::invalid(
            "zone",
            format!("unknown time zone {zone_name:?}: expected an IANA name like \"Asia/Seoul\""),
        )
    })?;
    let from = match &query.from {
        Some(text) => parse_day(text, "from")?,
        None => Timestamp::now().to_zoned_datetime(zone.clone()).date(),
    };
    let days = query.days.unwrap_or(14);
    let events = app.upcoming(from, days, &zone).await?;
    Ok(Json(UpcomingResponse {
        from: from.to_string(),
        days,
        zone: zone_name,
        items: events.into_iter().map(EventView::from).collect(),
    }))
}

#[derive(Deserialize)]
pub(crate) struct TimelineQuery {
    artist: Option<String>,
    /// Only what happened before this instant (RFC 3339); now when left out.
    before: Option<String>,
    limit: Option<u32>,
}

#[derive(Serialize)]
pub(crate) struct TimelineResponse {
    artist: Option<String>,
    items: Vec<EventView>,
}

pub(crate) async fn timeline(
    State(app): State<App>,
    QueryParams(query): QueryParams<TimelineQuery>,
) -> ApiResult<Json<TimelineResponse>> {
    let before = match &query.before {
        Some(text) => text.parse::<Timestamp>().map_err(|_| {
            ApiError::invalid(
                "before",
                format!("{text:?} is not an instant like 2023-09-16T00:00:00Z"),
            )
        })?,
        None => Timestamp::now(),
    };
    let limit = query.limit.unwrap_or(100);
    if limit == 0 || limit > super::MAX_LIMIT {
        return Err(ApiError::invalid(
            "limit",
            format!("must be between 1 and {}", super::MAX_LIMIT),
        ));
    }
    let events = app
        .timeline(query.artist.as_deref(), before, limit as usize)
        .await?;
    Ok(Json(TimelineResponse {
        artist: query.artist,
        items: events.into_iter().map(EventView::from).collect(),
    }))
}

/// A full calendar day; "2023-02-30" is refused with the reason.
fn parse_day(text: &str, field: &str) -> ApiResult<civil::Date> {
    let date =
        model::PartialDate::parse(text).map_err(|message| ApiError::invalid(field, message))?;
    date.full().ok_or_else(|| {
        ApiError::invalid(
            field,
            format!("{text:?} is not a full date: expected YYYY-MM-DD"),
        )
    })
}
