//! Counts: storing points and keeping crossings current. Points are durable once acknowledged; the
//! series they touch are marked dirty in the same transaction and refreshed right after (and by
//! `run_pending` at start, should the process have died in between), each refresh recomputing only the
//! crossings that points from the dirty instant on can change.

use std::collections::{BTreeSet, HashMap};

use ingest::points::{RawPoint, SubjectRef};
use model::{Invalid, Platform, SeriesKey, Slug};
use store::{CrossingRow, PointInput, Refresh, StoredPoint};

use crate::{App, Result};

/// What a file import did: points stored, and rows skipped because their subject is unknown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PointsImport {
    pub points: usize,
    pub series: usize,
    pub skipped_rows: usize,
    /// Subjects not in the catalog (YouTube ids without a video, unknown slugs).
    pub unknown: BTreeSet<String>,
}

/// Points per transaction when importing a file.
const IMPORT_BATCH: usize = 20_000;

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
        let ladders = self.ladders.clone();
        let touched = self
            .store
            .insert_points_refreshed(points, move |refresh| {
                recompute(refresh, ladders.get(refresh.metric))
            })
            .await?;
        Ok(Ingested {
            points: points.len(),
            series: touched.len(),
        })
    }

    /// Imports points read from a file: subjects are resolved (a YouTube id to the video with that
    /// platform id; a slug to its account or video), rows of unknown subjects are skipped and reported,
    /// the rest is stored in batches. `progress` gets the number of points stored so far.
    pub async fn import_points(
        &self,
        raw: &[RawPoint],
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> Result<PointsImport> {
        let youtube_ids: Vec<String> = raw
            .iter()
            .filter_map(|p| match &p.subject {
                SubjectRef::YoutubeId(id) => Some(id.clone()),
                _ => None,
            })
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let videos = self
            .store
            .videos_by_platform_id(Platform::Youtube, &youtube_ids)
            .await?;
        let mut report = PointsImport::default();
        let mut known: HashMap<(String, bool), bool> = HashMap::new();
        let mut points = Vec::with_capacity(raw.len());
        for point in raw {
            let key = match &point.subject {
                SubjectRef::Series(key) => Some(key.clone()),
                SubjectRef::YoutubeId(id) => videos
                    .get(id)
                    .map(|slug| SeriesKey::video(slug.clone(), point.metric)),
                SubjectRef::Account(slug) | SubjectRef::Video(slug) => {
                    let account = matches!(point.subject, SubjectRef::Account(_));
                    let exists = match known.get(&(slug.clone(), account)) {
                        Some(exists) => *exists,
                        None => {
                            let exists = if account {
                                self.store.account(slug).await?.is_some()
                            } else {
                                self.store.video(slug).await?.is_some()
                            };
                            known.insert((slug.clone(), account), exists);
                            exists
                        }
                    };
                    let slug = Slug::parse(slug).ok().filter(|_| exists);
                    slug.map(|slug| {
                        if account {
                            SeriesKey::account(slug, point.metric)
                        } else {
                            SeriesKey::video(slug, point.metric)
                        }
                    })
                }
            };
            let Some(series) = key else {
                report.skipped_rows += 1;
                report.unknown.insert(match &point.subject {
                    SubjectRef::Series(key) => key.to_string(),
                    SubjectRef::YoutubeId(id) => format!("youtube:{id}"),
                    SubjectRef::Account(slug) => format!("account:{slug}"),
                    SubjectRef::Video(slug) => format!("video:{slug}"),
                });
                continue;
            };
            let value = i64::try_from(point.value)
                .map_err(|_| Invalid::new(point.place.to_string(), "the count is too large"))?;
            points.push(PointInput {
                series,
                at: point.at,
                value,
                illustrative: false,
            });
        }
        let mut series = BTreeSet::new();
        for batch in points.chunks(IMPORT_BATCH) {
            self.ingest_points(batch).await?;
            series.extend(batch.iter().map(|p| p.series.clone()));
            report.points += batch.len();
            progress(report.points);
        }
        report.series = series.len();
        Ok(report)
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
