//! A counted series as pages show it (an account's followers, a video's views): the growth chart,
//! the milestones reached with their bounds, and the projection to the next.

use app::App;
use model::{Moment, SeriesKey, SeriesSubject};

use super::{PageError, Viewer, When};
use crate::charts::{self, Chart, ChartPoint, ChartProjection};

/// A series block: heading, chart, milestones and projection.
pub(crate) struct SeriesBlock {
    pub(crate) metric: String,
    pub(crate) latest: Option<String>,
    pub(crate) latest_at: Option<When>,
    pub(crate) n_points: i64,
    /// Some points between reported marks were filled in to draw the curve.
    pub(crate) illustrative: bool,
    pub(crate) chart: Option<Chart>,
    pub(crate) milestones: Vec<MilestoneRow>,
    pub(crate) projection: Option<ProjectionRow>,
}

/// A milestone reached: when (estimated), how long from the origin, and the bracketing points.
pub(crate) struct MilestoneRow {
    pub(crate) milestone: String,
    pub(crate) when: When,
    pub(crate) elapsed: Option<String>,
    pub(crate) bounds: String,
}

/// When the next milestone should fall, and between which instants.
pub(crate) struct ProjectionRow {
    pub(crate) milestone: String,
    pub(crate) when: When,
    pub(crate) earliest: When,
    pub(crate) latest: Option<When>,
    pub(crate) rate: String,
}

/// Every series of `subject`, as blocks.
pub(crate) async fn blocks(
    app: &App,
    viewer: &Viewer,
    subject: &SeriesSubject,
    origin: Option<&Moment>,
) -> Result<Vec<SeriesBlock>, PageError> {
    let mut out = Vec::new();
    for info in app.series_of(subject).await? {
        out.push(block(app, viewer, &info.key, origin).await?);
    }
    Ok(out)
}

async fn block(
    app: &App,
    viewer: &Viewer,
    key: &SeriesKey,
    origin: Option<&Moment>,
) -> Result<SeriesBlock, PageError> {
    let view = app.series_view(key).await?;
    let stored = app
        .store()
        .points(view.info.id, i64::MIN, i64::MAX)
        .await
        .map_err(app::AppError::from)?;
    let points: Vec<ChartPoint> = stored
        .iter()
        .map(|p| ChartPoint {
            at: p.at,
            value: u64::try_from(p.value).unwrap_or(0),
        })
        .collect();
    let origin_ms = origin
        .or(view.info.origin.as_ref())
        .map(|o| o.start().as_millisecond());
    let marks: Vec<(u64, i64)> = view
        .crossings
        .iter()
        .map(|c| (c.milestone, c.estimate))
        .collect();
    let projection = view.projection.as_ref().map(|p| ChartProjection {
        milestone: p.milestone,
        estimate: p.estimate,
        earliest: p.earliest,
        latest: p.latest,
    });
    let metric = key.metric.to_string();
    let chart = charts::growth(&metric, &points, &marks, projection, &viewer.zone);
    let milestones = view
        .crossings
        .iter()
        .map(|c| MilestoneRow {
            milestone: app::short_count(c.milestone),
            when: viewer.instant_ms(c.estimate),
            elapsed: origin_ms
                .map(|o| super::viewer::duration_words((c.estimate - o).max(0) / 1000)),
            bounds: match c.lower {
                Some(lower) => format!(
                    "between {} ({}) and {} ({})",
                    viewer.instant_ms(lower.at).shown,
                    app::short_count(lower.value),
                    viewer.instant_ms(c.upper.at).shown,
                    app::short_count(c.upper.value)
                ),
                None => format!(
                    "by {} ({}); no earlier point",
                    viewer.instant_ms(c.upper.at).shown,
                    app::short_count(c.upper.value)
                ),
            },
        })
        .collect();
    let projection = view.projection.as_ref().map(|p| ProjectionRow {
        milestone: app::short_count(p.milestone),
        when: viewer.instant_ms(p.estimate),
        earliest: viewer.instant_ms(p.earliest),
        latest: p.latest.map(|l| viewer.instant_ms(l)),
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a rate shown rounded"
        )]
        rate: format!(
            "{} a day",
            app::short_count(p.rate_per_day.max(0.0).round() as u64)
        ),
    });
    Ok(SeriesBlock {
        metric,
        latest: view
            .info
            .last
            .map(|p| app::short_count(u64::try_from(p.value).unwrap_or(0))),
        latest_at: view.info.last.map(|p| viewer.instant_ms(p.at)),
        n_points: view.info.n_points,
        illustrative: stored.iter().any(|p| p.illustrative),
        chart,
        milestones,
        projection,
    })
}
