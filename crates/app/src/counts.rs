//! Counts: storing points and keeping crossings current. Points are durable once acknowledged; the
//! series they touch are marked dirty in the same transaction and refreshed right after (and by
//! `run_pending` at start, should the process have died in between), each refresh recomputing only the
//! crossings that points from the dirty instant on can change.

use model::Invalid;
use store::{CrossingRow, PointInput, Refresh, StoredPoint};

use crate::{App, Result};

/// Points accepted in one request at most.
pub const MAX_POINTS_PER_BATCH: usize = 100_000;

/// What an ingest did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ingested {
    pub points: usize,
    pub series: usize,
}

impl App {
    /// Stores a batch of points (all or none) and brings the crossings of their series up to date.
    pub async fn ingest_points(&self, points: &[PointInput]) -> Result<Ingested> {
        if points.len() > MAX_POINTS_PER_BATCH {
            return Err(Invalid::new(
                "points",
                format!("at most {MAX_POINTS_PER_BATCH} points per batch"),
            )
            .into());
        }
        for (index, point) in points.iter().enumerate() {
            if point.value < 0 {
                return Err(Invalid::new(
                    format!("points[{index}].value"),
                    "a count cannot be negative",
                )
                .into());
            }
        }
        let touched = self.store.insert_points(points).await?;
        for series_id in &touched {
            self.refresh_crossings(*series_id).await?;
        }
        Ok(Ingested {
            points: points.len(),
            series: touched.len(),
        })
    }

    /// Refreshes every series left dirty (after a crash, an import, or another writer). Returns how many.
    pub async fn run_pending(&self) -> Result<usize> {
        let dirty = self.store.dirty_series().await?;
        for series_id in &dirty {
            self.refresh_crossings(*series_id).await?;
        }
        Ok(dirty.len())
    }

    async fn refresh_crossings(&self, series_id: i64) -> Result<()> {
        let ladders = self.ladders.clone();
        self.store
            .refresh_series(series_id, move |refresh| {
                recompute(refresh, ladders.get(refresh.metric))
            })
            .await?;
        Ok(())
    }
}

/// The crossings after a refresh: those reached before `from` stay (no point before `from` changed and
/// they were reached before it); the rest are recomputed from the point before `from` and the tail,
/// where the first point at or above a milestone is its first crossing overall.
fn recompute(refresh: &Refresh, ladder: &records::Ladder) -> Vec<CrossingRow> {
    let mut kept: Vec<CrossingRow> = refresh
        .crossings
        .iter()
        .filter(|c| c.upper.0 < refresh.from)
        .copied()
        .collect();
    let window: Vec<records::Point> = refresh
        .before
        .iter()
        .chain(&refresh.tail)
        .map(engine_point)
        .collect();
    let mut found = Vec::new();
    records::crossings(&window, ladder, &mut found);
    for crossing in found {
        let milestone = i64::try_from(crossing.milestone).unwrap_or(i64::MAX);
        let reached_before = refresh
            .before
            .is_some_and(|before| before.value >= milestone);
        if reached_before || kept.iter().any(|c| c.milestone == milestone) {
            continue;
        }
        kept.push(CrossingRow {
            milestone,
            estimate: crossing.estimate,
            lower: crossing
                .lower
                .map(|p| (p.at, i64::try_from(p.value).unwrap_or(i64::MAX))),
            upper: (
                crossing.upper.at,
                i64::try_from(crossing.upper.value).unwrap_or(i64::MAX),
            ),
        });
    }
    kept.sort_by_key(|c| c.milestone);
    kept
}

fn engine_point(point: &StoredPoint) -> records::Point {
    records::Point {
        at: point.at,
        value: u64::try_from(point.value).unwrap_or(0),
    }
}
