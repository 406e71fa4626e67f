//! `/api/v1/upcoming` and `/api/v1/timeline`: what comes in a window, and what happened, newest first.

use app::App;
use axum::Json;
use axum::extract::State;
use jiff::{Timestamp, civil, tz::TimeZone};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::{ApiError, ApiResult};
use crate::extract::QueryParams;
use crate::openapi::{ListErrors, TimelineErrors};
use crate::views::EventView;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct UpcomingQuery {
    /// First day of the window (YYYY-MM-DD); today when left out.
    #[param(format = Date, example = "2023-09-08")]
    from: Option<String>,
    /// Length of the window in days (default 14).
    #[param(minimum = 1, maximum = 366, default = 14)]
    days: Option<u32>,
    /// The zone whose days the window counts (default UTC).
    #[param(default = "UTC", example = "Asia/Seoul")]
    zone: Option<String>,
}

/// The premieres, releases and appearances in a window of days.
#[derive(Serialize, ToSchema)]
pub(crate) struct UpcomingResponse {
    /// The first day of the window.
    #[schema(format = Date, examples("2023-09-08"))]
    from: String,
    days: u32,
    #[schema(examples("Asia/Seoul"))]
    zone: String,
    /// Oldest first.
    items: Vec<EventView>,
}

/// What comes in a window
///
/// Premieres, releases and appearances on air from `from` for `days` days, counted in `zone`,
/// oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/upcoming",
    tag = "calendar",
    operation_id = "upcoming",
    params(UpcomingQuery),
    responses(
        (status = 200, description = "The events in the window", body = UpcomingResponse),
        ListErrors,
    ),
)]
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

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct TimelineQuery {
    /// Only what is about this artist (a slug); 404 when there is no such artist.
    #[param(value_type = Option<model::Slug>, example = "v")]
    artist: Option<String>,
    /// Only what happened before this instant (RFC 3339); now when left out.
    #[param(format = DateTime, example = "2023-09-16T00:00:00Z")]
    before: Option<String>,
    /// How many events at most.
    #[param(minimum = 1, maximum = 500, default = 100)]
    limit: Option<u32>,
}

/// What happened, newest first.
#[derive(Serialize, ToSchema)]
pub(crate) struct TimelineResponse {
    /// The `artist` asked for; null for everyone.
    #[schema(required = true, value_type = Option<model::Slug>)]
    artist: Option<String>,
    /// Newest first.
    items: Vec<EventView>,
}

/// What happened
///
/// Releases, music videos and appearances before `before`, newest first; everyone's, or one
/// artist's.
#[utoipa::path(
    get,
    path = "/api/v1/timeline",
    tag = "calendar",
    operation_id = "timeline",
    params(TimelineQuery),
    responses(
        (status = 200, description = "The events, newest first", body = TimelineResponse),
        TimelineErrors,
    ),
)]
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
