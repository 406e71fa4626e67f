//! `/api/v1/records`: "fastest to N" leaderboards per scope, with estimates, bounds and progression;
//! and the series summaries (milestones reached, projection) that accounts and videos show.

use app::{App, Board, RecordFilter, SeriesView};
use axum::Json;
use axum::extract::State;
use jiff::Timestamp;
use model::{Metric, Platform};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::filter;
use crate::error::{ApiError, ApiResult};
use crate::extract::QueryParams;
use crate::openapi::ListErrors;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct RecordsQuery {
    /// instagram, youtube, tiktok, x, weverse, spotify, other
    platform: Option<String>,
    /// followers, subscribers, views, likes, streams
    metric: Option<String>,
    /// A milestone of the metric's ladder, like 1000000.
    milestone: Option<u64>,
    /// person, group or video
    kind: Option<String>,
    /// Only boards ranked within this tag (like `k-pop`); untagged boards when left out.
    tag: Option<String>,
    /// Entries per board (default 10, at most 100).
    top: Option<usize>,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct RecordsResponse {
    boards: Vec<BoardView>,
}

/// One scope's leaderboard.
#[derive(Serialize, ToSchema)]
pub(crate) struct BoardView {
    /// `instagram:followers:1000000:person[:k-pop]`
    scope: String,
    platform: Platform,
    metric: Metric,
    milestone: u64,
    kind: String,
    tag: Option<String>,
    /// "fastest person to 1M instagram followers"
    title: String,
    /// How many subjects reached the milestone in this scope.
    entries: usize,
    /// Fastest first.
    ranked: Vec<EntryView>,
    /// Who held the record when, oldest first.
    progression: Vec<StepView>,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct EntryView {
    rank: usize,
    /// The account or video slug.
    subject: String,
    series: String,
    artist: Option<String>,
    /// Estimated time from the origin (account public, video published) to the milestone.
    elapsed: Elapsed,
    /// The elapsed time lies in (lower, upper], from the points that bracket the crossing.
    elapsed_lower: Elapsed,
    elapsed_upper: Elapsed,
    /// The estimated instant of the crossing (linear interpolation between the bracketing points).
    estimate: String,
    lower: Option<PointRef>,
    upper: PointRef,
    /// The estimate precedes the origin: elapsed was clamped to 0 and deserves a look.
    before_origin: bool,
}

/// A duration in milliseconds and in words ("4 h 52 min").
#[derive(Serialize, ToSchema)]
pub(crate) struct Elapsed {
    ms: i64,
    pub(crate) text: String,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct PointRef {
    at: String,
    value: u64,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct StepView {
    subject: String,
    /// When the record was set (the crossing's estimate).
    set_at: String,
    elapsed: Elapsed,
    /// The record this step broke: whose, by how much, and how sure (certain when even the slowest
    /// bound beats the holder's fastest; probable when only the estimates do).
    broke: Option<BrokeView>,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct BrokeView {
    previous: String,
    previous_elapsed: Elapsed,
    certainty: String,
}

/// List record leaderboards
///
/// "Fastest to N" per scope (platform, metric, milestone, subject kind, optional tag), computed
/// from the crossings of every series: the holder first, each with its estimate and bounds, and the
/// record's progression.
#[utoipa::path(
    get,
    path = "/api/v1/records",
    tag = "records",
    operation_id = "list_records",
    params(RecordsQuery),
    responses(
        (status = 200, description = "The matching leaderboards", body = RecordsResponse),
        ListErrors,
    ),
)]
pub(crate) async fn list(
    State(app): State<App>,
    QueryParams(query): QueryParams<RecordsQuery>,
) -> ApiResult<Json<RecordsResponse>> {
    let top = query.top.unwrap_or(10);
    if top == 0 || top > 100 {
        return Err(ApiError::invalid("top", "must be between 1 and 100"));
    }
    let record_filter = RecordFilter {
        platform: filter("platform", query.platform.as_deref(), Platform::parse)?,
        metric: filter("metric", query.metric.as_deref(), Metric::parse)?,
        milestone: query.milestone,
        kind: filter("kind", query.kind.as_deref(), records::SubjectKind::parse)?,
        tag: query.tag,
        any_tag: false,
    };
    let boards = app.records(&record_filter, top).await?;
    Ok(Json(RecordsResponse {
        boards: boards.iter().map(board_view).collect(),
    }))
}

fn board_view(board: &Board) -> BoardView {
    let scope = &board.scope;
    let title = format!(
        "fastest {} to {} {} {}{}",
        scope.kind,
        app::short_count(scope.milestone),
        scope.platform,
        scope.metric,
        scope
            .tag
            .as_deref()
            .map(|t| format!(" ({t})"))
            .unwrap_or_default()
    );
    BoardView {
        scope: scope.key(),
        platform: scope.platform,
        metric: scope.metric,
        milestone: scope.milestone,
        kind: scope.kind.to_string(),
        tag: scope.tag.clone(),
        title,
        entries: board.entries,
        ranked: board
            .ranked
            .iter()
            .enumerate()
            .map(|(index, e)| EntryView {
                rank: index + 1,
                subject: e.entry.subject.to_string(),
                series: e.series.to_string(),
                artist: e.artist.as_ref().map(ToString::to_string),
                elapsed: elapsed(e.entry.elapsed),
                elapsed_lower: elapsed(e.entry.elapsed_lower),
                elapsed_upper: elapsed(e.entry.elapsed_upper),
                estimate: instant(e.entry.crossing.estimate),
                lower: e.entry.crossing.lower.map(point_ref),
                upper: point_ref(e.entry.crossing.upper),
                before_origin: e.entry.before_origin,
            })
            .collect(),
        progression: board
            .progression
            .iter()
            .map(|step| StepView {
                subject: step.subject.to_string(),
                set_at: instant(step.set_at),
                elapsed: elapsed(step.elapsed),
                broke: step.broke.as_ref().map(|broke| BrokeView {
                    previous: broke.previous.to_string(),
                    previous_elapsed: elapsed(broke.previous_elapsed),
                    certainty: match broke.certainty {
                        records::Certainty::Certain => "certain".to_owned(),
                        records::Certainty::Probable => "probable".to_owned(),
                    },
                }),
            })
            .collect(),
    }
}

/// A series with what it reached and where it is heading, as accounts and videos show it.
#[derive(Serialize, ToSchema)]
pub(crate) struct SeriesSummary {
    series: String,
    metric: Metric,
    points: i64,
    latest: Option<PointRef>,
    /// Milestones reached, each with the estimated instant and the bracketing points.
    milestones: Vec<MilestoneView>,
    /// When the next milestone should be reached, and how that was worked out.
    projection: Option<ProjectionView>,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct MilestoneView {
    milestone: u64,
    estimate: String,
    lower: Option<PointRef>,
    upper: PointRef,
    /// From the origin, when the subject has one.
    elapsed: Option<Elapsed>,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct ProjectionView {
    milestone: u64,
    method: String,
    estimate: String,
    earliest: String,
    /// None when a stall cannot be ruled out.
    latest: Option<String>,
    rate_per_day: f64,
    basis_points: usize,
}

pub(crate) fn series_summary(view: SeriesView) -> SeriesSummary {
    let origin = view
        .info
        .origin
        .as_ref()
        .map(|o| o.start().as_millisecond());
    SeriesSummary {
        series: view.info.key.to_string(),
        metric: view.info.key.metric,
        points: view.info.n_points,
        latest: view.info.last.map(|p| PointRef {
            at: instant(p.at),
            value: u64::try_from(p.value).unwrap_or(0),
        }),
        milestones: view
            .crossings
            .iter()
            .map(|c| MilestoneView {
                milestone: c.milestone,
                estimate: instant(c.estimate),
                lower: c.lower.map(point_ref),
                upper: point_ref(c.upper),
                elapsed: origin.map(|o| elapsed((c.estimate - o).max(0))),
            })
            .collect(),
        projection: view.projection.map(|p| ProjectionView {
            milestone: p.milestone,
            method: p.method.to_owned(),
            estimate: instant(p.estimate),
            earliest: instant(p.earliest),
            latest: p.latest.map(instant),
            rate_per_day: p.rate_per_day,
            basis_points: p.basis_points,
        }),
    }
}

fn point_ref(point: records::Point) -> PointRef {
    PointRef {
        at: instant(point.at),
        value: point.value,
    }
}

fn instant(ms: i64) -> String {
    Timestamp::from_millisecond(ms).map_or_else(|_| ms.to_string(), |t| t.to_string())
}

/// 2_580_000 ms → "43 min"; 17_520_000 → "4 h 52 min"; days beyond.
pub(crate) fn elapsed(ms: i64) -> Elapsed {
    let minutes = ms / 60_000;
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    let text = match (days, hours) {
        (0, 0) if minutes == 0 => format!("{} s", ms / 1000),
        (0, 0) => format!("{mins} min"),
        (0, _) => format!("{hours} h {mins} min"),
        _ => format!("{days} d {hours} h"),
    };
    Elapsed { ms, text }
}

#[cfg(test)]
mod tests {
    use super::elapsed;

    #[test]
    fn elapsed_reads_like_the_news() {
        assert_eq!(elapsed(43 * 60_000).text, "43 min");
        assert_eq!(elapsed((4 * 60 + 52) * 60_000).text, "4 h 52 min");
        assert_eq!(elapsed((11 * 60 + 36) * 60_000).text, "11 h 36 min");
        assert_eq!(elapsed(3 * 86_400_000 + 2 * 3_600_000).text, "3 d 2 h");
        assert_eq!(elapsed(42_000).text, "42 s");
    }
}
