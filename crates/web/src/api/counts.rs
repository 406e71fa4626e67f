//! `/api/v1/points` (ingest batches of counts) and `/api/v1/series/{key}/points` (a series for charts,
//! downsampled to a step).

use app::App;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use jiff::Timestamp;
use model::SeriesKey;
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, QueryParams, Writer};
use crate::openapi::{GetErrors, PostErrors};
use utoipa::{IntoParams, ToSchema};

/// A batch of points: `{"points": [{"series": "account.thv-instagram.followers", "at": "…Z", "value": 1000000}]}`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PointsBody {
    points: Vec<PointBody>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct PointBody {
    /// `account.SLUG.METRIC` or `video.SLUG.METRIC`.
    #[schema(value_type = String, example = "account.thv-instagram.followers")]
    series: SeriesKey,
    #[schema(value_type = String, format = DateTime, example = "2021-12-06T13:43:00Z")]
    at: Timestamp,
    value: u64,
    #[serde(default)]
    illustrative: bool,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct PointsAccepted {
    points: usize,
    series: usize,
}

/// Store points
///
/// Stores a batch of counts durably, all or none: a point at an instant a series already has keeps
/// the larger value, so replays change nothing. Series are created on first use. Crossings,
/// records and events follow before the answer.
#[utoipa::path(
    post,
    path = "/api/v1/points",
    tag = "counts",
    operation_id = "ingest_points",
    request_body(content = PointsBody, description = "The points"),
    responses(
        (status = 201, description = "Stored", body = PointsAccepted),
        PostErrors,
    ),
    security(("bearer" = [])),
)]
pub(crate) async fn ingest(
    State(app): State<App>,
    Writer(token): Writer,
    JsonBody(body): JsonBody<PointsBody>,
) -> ApiResult<(StatusCode, Json<PointsAccepted>)> {
    let mut points = Vec::with_capacity(body.points.len());
    for (index, point) in body.points.into_iter().enumerate() {
        let value = i64::try_from(point.value)
            .map_err(|_| ApiError::invalid(format!("points[{index}].value"), "is too large"))?;
        points.push(app::PointInput {
            series: point.series,
            at: point.at.as_millisecond(),
            value,
            illustrative: point.illustrative,
        });
    }
    let done = app.ingest_points(&points).await?;
    tracing::debug!(%token, points = done.points, series = done.series, "points stored");
    Ok((
        StatusCode::CREATED,
        Json(PointsAccepted {
            points: done.points,
            series: done.series,
        }),
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct SeriesQuery {
    /// Start instant (RFC 3339); the first point when left out.
    #[param(value_type = Option<String>, format = DateTime)]
    from: Option<Timestamp>,
    /// End instant, exclusive; the last point when left out.
    #[param(value_type = Option<String>, format = DateTime)]
    to: Option<Timestamp>,
    /// Bucket width: `1h`, `1d`, `7d`… (the last point of each bucket is kept); every point when left out.
    step: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct SeriesPoints {
    series: String,
    step_seconds: Option<i64>,
    points: Vec<PointView>,
}

#[derive(Serialize, ToSchema)]
struct PointView {
    at: String,
    value: i64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    illustrative: bool,
}

/// The most points one response carries; ask for a larger step to see a longer range.
const MAX_POINTS_RETURNED: usize = 10_000;

/// Get a series' points
///
/// The points of a series in a range, for charts: with `step`, the last point of each bucket.
#[utoipa::path(
    get,
    path = "/api/v1/series/{key}/points",
    tag = "counts",
    operation_id = "series_points",
    params(
        ("key" = String, Path, description = "The series", example = "account.thv-instagram.followers"),
        SeriesQuery,
    ),
    responses(
        (status = 200, description = "The points", body = SeriesPoints),
        GetErrors,
    ),
)]
pub(crate) async fn points(
    State(app): State<App>,
    Path(key): Path<String>,
    QueryParams(query): QueryParams<SeriesQuery>,
) -> ApiResult<Json<SeriesPoints>> {
    let key = SeriesKey::parse(&key).map_err(ApiError::not_found)?;
    let info = app
        .store()
        .series(&key)
        .await
        .map_err(app::AppError::from)?
        .ok_or_else(|| ApiError::not_found(format!("no series {key}")))?;
    let step = query.step.as_deref().map(parse_step).transpose()?;
    let from = query.from.map_or(i64::MIN, Timestamp::as_millisecond);
    let to = query.to.map_or(i64::MAX, Timestamp::as_millisecond);
    if from >= to {
        return Err(ApiError::invalid("to", "must be after from"));
    }
    let all = app
        .store()
        .points(info.id, from, to)
        .await
        .map_err(app::AppError::from)?;
    let kept = downsample(&all, step.map(|s| s * 1000));
    if kept.len() > MAX_POINTS_RETURNED {
        return Err(ApiError::invalid(
            "step",
            format!(
                "the range holds {} points; use a larger step (at most {MAX_POINTS_RETURNED} are returned)",
                kept.len()
            ),
        ));
    }
    let points = kept
        .into_iter()
        .map(|p| PointView {
            at: Timestamp::from_millisecond(p.at)
                .map_or_else(|_| p.at.to_string(), |t| t.to_string()),
            value: p.value,
            illustrative: p.illustrative,
        })
        .collect();
    Ok(Json(SeriesPoints {
        series: key.to_string(),
        step_seconds: step,
        points,
    }))
}

/// Keeps the last point of each bucket of `step_ms` (all points without a step).
fn downsample(points: &[app::StoredPoint], step_ms: Option<i64>) -> Vec<app::StoredPoint> {
    let Some(step) = step_ms else {
        return points.to_vec();
    };
    let mut out: Vec<app::StoredPoint> = Vec::new();
    for point in points {
        let bucket = point.at.div_euclid(step);
        match out.last_mut() {
            Some(last) if last.at.div_euclid(step) == bucket => *last = *point,
            _ => out.push(*point),
        }
    }
    out
}

/// `90s`, `15m`, `1h`, `1d`, `7d` → seconds.
fn parse_step(text: &str) -> ApiResult<i64> {
    let bad = || {
        ApiError::invalid(
            "step",
            format!("{text:?} is not a step like 15m, 1h, 1d or 7d"),
        )
    };
    let (number, unit) = text.split_at(text.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?);
    let n: i64 = number.parse().map_err(|_| bad())?;
    let unit = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 604_800,
        _ => return Err(bad()),
    };
    if n == 0 {
        return Err(bad());
    }
    n.checked_mul(unit).ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::{downsample, parse_step};

    #[test]
    fn steps_parse_and_buckets_keep_their_last_point() {
        assert_eq!(parse_step("1d").unwrap(), 86_400);
        assert_eq!(parse_step("15m").unwrap(), 900);
        assert!(parse_step("0d").is_err() && parse_step("d").is_err() && parse_step("1y").is_err());
        let points: Vec<app::StoredPoint> = [(0, 1), (500, 2), (1000, 3), (2500, 4)]
            .map(|(at, value)| app::StoredPoint {
                at,
                value,
                illustrative: false,
            })
            .to_vec();
        let kept: Vec<i64> = downsample(&points, Some(1000))
            .iter()
            .map(|p| p.value)
            .collect();
        assert_eq!(kept, [2, 3, 4]);
    }
}
