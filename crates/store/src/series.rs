//! Series and their points: batched, idempotent inserts that mark the series dirty in the same
//! transaction, and the refresh frame in which the caller recomputes the crossings a batch can affect.

use std::collections::HashMap;

use model::{ArtistKind, Metric, Moment, Platform, SeriesKey, SeriesSubject, Slug};
use sqlx::{AnyConnection, AssertSqlSafe};

use crate::bulk::{self, Cell, Rows};
use crate::columns::{Table, id_of, list, moment, named, slug};
use crate::{Backend, Result, Store, StoreError};

/// A point to store. `at` is unix milliseconds UTC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointInput {
    pub series: SeriesKey,
    pub at: i64,
    pub value: i64,
    /// Drawn between reported marks rather than reported (the demo labels such points).
    pub illustrative: bool,
}

/// A stored point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredPoint {
    pub at: i64,
    pub value: i64,
    pub illustrative: bool,
}

/// A stored crossing: the first instant a milestone was reached, and the points that bracket it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CrossingRow {
    pub milestone: i64,
    pub estimate: i64,
    pub lower: Option<(i64, i64)>,
    pub upper: (i64, i64),
}

/// What a crossing refresh works from: the series' points from `from` on, the one point before them,
/// and the crossings as they stand.
#[derive(Debug, Clone)]
pub struct Refresh {
    pub series_id: i64,
    pub metric: Metric,
    pub from: i64,
    pub before: Option<StoredPoint>,
    pub tail: Vec<StoredPoint>,
    pub crossings: Vec<CrossingRow>,
}

/// A series with what records need to know of its subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesInfo {
    pub id: i64,
    pub key: SeriesKey,
    pub platform: Option<Platform>,
    /// The account's artist, or the video's first artist.
    pub artist: Option<Slug>,
    pub artist_kind: Option<ArtistKind>,
    /// The artist's genres, used as record tags (`k-pop`).
    pub tags: Vec<String>,
    /// When the account went public or the video came out: the origin of "fastest to N".
    pub origin: Option<Moment>,
    pub n_points: i64,
    pub last: Option<StoredPoint>,
}

impl Store {
    /// Stores points in one transaction: a point at an instant the series already has keeps the larger
    /// value (so replays and duplicates change nothing). Series are created on first use; a subject
    /// that does not exist is refused, naming `points[i].series`. Returns the ids of the series touched,
    /// each now marked dirty from its earliest new instant.
    pub async fn insert_points(&self, points: &[PointInput]) -> Result<Vec<i64>> {
        let mut tx = self.begin_write().await?;
        let conn = tx.conn();
        let rows = point_rows(conn, points).await?;
        let mut earliest: HashMap<i64, i64> = HashMap::new();
        for &(id, at, _, _) in &rows {
            earliest
                .entry(id)
                .and_modify(|first| *first = (*first).min(at))
                .or_insert(at);
        }
        write_points(conn, &rows).await?;
        let touched = mark_dirty(conn, &earliest).await?;
        tx.commit().await?;
        Ok(touched)
    }

    /// Series whose crossings wait for a refresh (after a crash, or points stored by another process).
    pub async fn dirty_series(&self) -> Result<Vec<i64>> {
        let mut conn = self.read().await?;
        let rows: Vec<(i64,)> =
            sqlx::query_as("SELECT id FROM series WHERE dirty_from IS NOT NULL ORDER BY id")
                .fetch_all(&mut *conn)
                .await?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    /// Refreshes a dirty series' crossings in one transaction: `compute` gets the points from the dirty
    /// instant on (and the one before) with the current crossings, and returns the crossings to keep.
    /// Returns false when the series was not dirty.
    pub async fn refresh_series<F>(&self, series_id: i64, compute: F) -> Result<bool>
    where
        F: FnOnce(&Refresh) -> Vec<CrossingRow> + Send,
    {
        let mut tx = self.begin_write().await?;
        let lock = if self.backend == Backend::Postgres {
            " FOR UPDATE"
        } else {
            ""
        };
        let conn = tx.conn();
        let sql = format!("SELECT dirty_from, metric FROM series WHERE id = $1{lock}");
        let row: Option<(Option<i64>, String)> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(series_id)
            .fetch_optional(&mut *conn)
            .await?;
        let Some((Some(from), metric)) = row else {
            return Ok(false);
        };
        let metric = named(&metric, Metric::parse)?;
        let (before, tail) = read_window(conn, series_id, from).await?;
        let crossings = crossings_of(conn, series_id).await?;
        let refresh = Refresh {
            series_id,
            metric,
            from,
            before,
            tail,
            crossings,
        };
        store_crossings(conn, &refresh, &compute(&refresh)).await?;
        sqlx::query("UPDATE series SET dirty_from = NULL WHERE id = $1")
            .bind(series_id)
            .execute(&mut *conn)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Stores points and refreshes the crossings of the series they touch, all in one transaction
    /// (one commit per batch, where `insert_points` then `refresh_series` take one per series).
    /// When a series' new points all come after its stored ones (the common case: snapshots arrive
    /// in order) the refresh works from the batch in memory and the one stored point before it;
    /// otherwise it reads the stored points from the earliest new instant on, as `refresh_series`
    /// does. A series left dirty by a crash is refreshed from its dirty instant here too.
    /// Returns the ids of the series touched.
    pub async fn insert_points_refreshed<F>(
        &self,
        points: &[PointInput],
        compute: F,
    ) -> Result<Vec<i64>>
    where
        F: Fn(&Refresh) -> Vec<CrossingRow> + Send + Sync,
    {
        let mut tx = self.begin_write().await?;
        let lock = if self.backend == Backend::Postgres {
            " FOR UPDATE"
        } else {
            ""
        };
        let conn = tx.conn();
        let rows = point_rows(conn, points).await?;
        let mut batch: HashMap<i64, Vec<StoredPoint>> = HashMap::new();
        for &(id, at, value, illustrative) in &rows {
            batch.entry(id).or_default().push(StoredPoint {
                at,
                value,
                illustrative,
            });
        }
        let mut touched: Vec<i64> = batch.keys().copied().collect();
        touched.sort_unstable();
        // What each series holds before the batch, read (and on PostgreSQL locked, in id order) first.
        let mut plans = Vec::with_capacity(touched.len());
        for id in &touched {
            let sql = format!("SELECT dirty_from, metric FROM series WHERE id = $1{lock}");
            let (dirty_from, metric): (Option<i64>, String) = sqlx::query_as(AssertSqlSafe(sql))
                .bind(*id)
                .fetch_one(&mut *conn)
                .await?;
            let last = sqlx::query_as::<_, (i64, i64, i64)>(
                "SELECT at, value, illustrative FROM points WHERE series_id = $1 ORDER BY at DESC LIMIT 1",
            )
            .bind(*id)
            .fetch_optional(&mut *conn)
            .await?
            .map(stored_point);
            let earliest = batch[id].iter().map(|p| p.at).min().unwrap_or(i64::MAX);
            let from = dirty_from.map_or(earliest, |dirty| dirty.min(earliest));
            let appended = dirty_from.is_none() && last.is_none_or(|last| last.at < from);
            plans.push((
                *id,
                named(&metric, Metric::parse)?,
                from,
                dirty_from,
                appended.then_some(last),
            ));
        }
        write_points(conn, &rows).await?;
        for (id, metric, from, dirty_from, appended_after) in plans {
            let (before, tail) = match appended_after {
                Some(last) => (last, merged(batch.remove(&id).unwrap_or_default())),
                None => read_window(conn, id, from).await?,
            };
            let crossings = crossings_of(conn, id).await?;
            let refresh = Refresh {
                series_id: id,
                metric,
                from,
                before,
                tail,
                crossings,
            };
            store_crossings(conn, &refresh, &compute(&refresh)).await?;
            if dirty_from.is_some() {
                sqlx::query("UPDATE series SET dirty_from = NULL WHERE id = $1")
                    .bind(id)
                    .execute(&mut *conn)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(touched)
    }

    /// One series with its subject, by key.
    pub async fn series(&self, key: &SeriesKey) -> Result<Option<SeriesInfo>> {
        let mut conn = self.read().await?;
        let Some(id) = series_id(&mut conn, key).await? else {
            return Ok(None);
        };
        Ok(load_series(&mut conn, Some(id)).await?.pop())
    }

    /// Every series with its subject, in id order.
    pub async fn all_series(&self) -> Result<Vec<SeriesInfo>> {
        let mut conn = self.read().await?;
        load_series(&mut conn, None).await
    }

    /// The crossings of one series, by milestone.
    pub async fn crossings(&self, series_id: i64) -> Result<Vec<CrossingRow>> {
        let mut conn = self.read().await?;
        crossings_of(&mut conn, series_id).await
    }

    /// Every crossing, by series id.
    pub async fn all_crossings(&self) -> Result<HashMap<i64, Vec<CrossingRow>>> {
        let mut conn = self.read().await?;
        let rows: Vec<CrossingRecord> = sqlx::query_as(
            "SELECT series_id, milestone, estimate, lower_at, lower_value, upper_at, upper_value FROM crossings \
             ORDER BY series_id, milestone",
        )
        .fetch_all(&mut *conn)
        .await?;
        let mut out: HashMap<i64, Vec<CrossingRow>> = HashMap::new();
        for row in rows {
            out.entry(row.series_id).or_default().push(row.crossing());
        }
        Ok(out)
    }

    /// The points of a series within `[from, to)`, in time order.
    pub async fn points(&self, series_id: i64, from: i64, to: i64) -> Result<Vec<StoredPoint>> {
        let mut conn = self.read().await?;
        let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
            "SELECT at, value, illustrative FROM points WHERE series_id = $1 AND at >= $2 AND at < $3 ORDER BY at",
        )
        .bind(series_id)
        .bind(from)
        .bind(to)
        .fetch_all(&mut *conn)
        .await?;
        Ok(rows.into_iter().map(stored_point).collect())
    }

    /// How many points are stored in all.
    pub async fn n_points(&self) -> Result<i64> {
        let mut conn = self.read().await?;
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM points")
            .fetch_one(&mut *conn)
            .await?;
        Ok(n)
    }
}

/// A batch's points as rows `(series_id, at, value, illustrative)`, each series found or created once;
/// a subject that does not exist is refused, naming `points[i].series`.
async fn point_rows(
    conn: &mut AnyConnection,
    points: &[PointInput],
) -> Result<Vec<(i64, i64, i64, bool)>> {
    let mut ids: HashMap<&SeriesKey, i64> = HashMap::new();
    let mut rows = Vec::with_capacity(points.len());
    for (index, point) in points.iter().enumerate() {
        let id = match ids.get(&point.series) {
            Some(id) => *id,
            None => {
                let id =
                    ensure_series(conn, &point.series, &format!("points[{index}].series")).await?;
                ids.insert(&point.series, id);
                id
            }
        };
        rows.push((id, point.at, point.value, point.illustrative));
    }
    Ok(rows)
}

/// Writes point rows `(series_id, at, value, illustrative)`; an instant already stored keeps the larger
/// value, and a reported point replaces an illustrative one.
pub(crate) async fn write_points(
    conn: &mut AnyConnection,
    rows: &[(i64, i64, i64, bool)],
) -> Result<()> {
    // One row per (series, instant) per statement: PostgreSQL refuses an upsert that would change the
    // same row twice. The batch's own duplicates merge by the same rule as the upsert.
    let mut rows = rows.to_vec();
    rows.sort_unstable_by_key(|&(id, at, _, _)| (id, at));
    rows.dedup_by(|later, kept| {
        if (later.0, later.1) != (kept.0, kept.1) {
            return false;
        }
        kept.2 = kept.2.max(later.2);
        kept.3 = kept.3 && later.3;
        true
    });
    let mut cells = Rows::new(4);
    for &(id, at, value, illustrative) in &rows {
        cells.push([
            Cell::Int(id),
            Cell::Int(at),
            Cell::Int(value),
            Cell::Int(i64::from(illustrative)),
        ]);
    }
    bulk::insert(
        conn,
        "INSERT INTO points (series_id, at, value, illustrative)",
        "ON CONFLICT (series_id, at) DO UPDATE SET \
         value = CASE WHEN excluded.value > points.value THEN excluded.value ELSE points.value END, \
         illustrative = CASE WHEN excluded.illustrative < points.illustrative THEN excluded.illustrative ELSE points.illustrative END",
        &cells,
    )
    .await?;
    Ok(())
}

/// Marks each series dirty from its earliest new instant; returns the series ids in order.
pub(crate) async fn mark_dirty(
    conn: &mut AnyConnection,
    earliest: &HashMap<i64, i64>,
) -> Result<Vec<i64>> {
    let mut touched: Vec<i64> = earliest.keys().copied().collect();
    touched.sort_unstable();
    for id in &touched {
        sqlx::query(
            "UPDATE series SET dirty_from = CASE WHEN dirty_from IS NULL OR dirty_from > $1 THEN $1 ELSE dirty_from END WHERE id = $2",
        )
        .bind(earliest[id])
        .bind(*id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(touched)
}

/// Every series with all its points, in key order, for export.
pub(crate) async fn export_series(conn: &mut AnyConnection) -> Result<Vec<model::SeriesData>> {
    let mut all = load_series(conn, None).await?;
    all.sort_by_key(|info| info.key.to_string());
    let mut out = Vec::with_capacity(all.len());
    for info in all {
        let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
            "SELECT at, value, illustrative FROM points WHERE series_id = $1 ORDER BY at",
        )
        .bind(info.id)
        .fetch_all(&mut *conn)
        .await?;
        let mut points = Vec::with_capacity(rows.len());
        for (at, value, illustrative) in rows {
            points.push(model::SeriesPoint {
                at: jiff::Timestamp::from_millisecond(at)
                    .map_err(|e| StoreError::Corrupt(format!("point instant {at}: {e}")))?,
                value: u64::try_from(value)
                    .map_err(|_| StoreError::Corrupt(format!("point value {value}")))?,
                illustrative: illustrative != 0,
            });
        }
        out.push(model::SeriesData {
            series: info.key,
            points,
        });
    }
    Ok(out)
}

/// Writes a bundle's series (inside the import's transaction) and marks them dirty.
pub(crate) async fn import_series(
    conn: &mut AnyConnection,
    all: &[model::SeriesData],
) -> Result<()> {
    let mut earliest = HashMap::new();
    for (index, data) in all.iter().enumerate() {
        let id = ensure_series(conn, &data.series, &format!("series[{index}].series")).await?;
        let rows: Vec<(i64, i64, i64, bool)> = data
            .points
            .iter()
            .map(|p| {
                (
                    id,
                    p.at.as_millisecond(),
                    i64::try_from(p.value).unwrap_or(i64::MAX),
                    p.illustrative,
                )
            })
            .collect();
        write_points(conn, &rows).await?;
        if let Some(first) = data.points.first() {
            earliest.insert(id, first.at.as_millisecond());
        }
    }
    mark_dirty(conn, &earliest).await?;
    Ok(())
}

/// A batch's points of one series as the store keeps them: in time order, one per instant, with the
/// larger value, reported over illustrative (the rule of `write_points`).
fn merged(mut points: Vec<StoredPoint>) -> Vec<StoredPoint> {
    points.sort_by_key(|p| p.at);
    points.dedup_by(|later, kept| {
        if later.at != kept.at {
            return false;
        }
        kept.value = kept.value.max(later.value);
        kept.illustrative = kept.illustrative && later.illustrative;
        true
    });
    points
}

/// The stored point before `from` and the stored points from `from` on.
async fn read_window(
    conn: &mut AnyConnection,
    series_id: i64,
    from: i64,
) -> Result<(Option<StoredPoint>, Vec<StoredPoint>)> {
    let before = sqlx::query_as::<_, (i64, i64, i64)>(
        "SELECT at, value, illustrative FROM points WHERE series_id = $1 AND at < $2 ORDER BY at DESC LIMIT 1",
    )
    .bind(series_id)
    .bind(from)
    .fetch_optional(&mut *conn)
    .await?
    .map(stored_point);
    let tail = sqlx::query_as::<_, (i64, i64, i64)>(
        "SELECT at, value, illustrative FROM points WHERE series_id = $1 AND at >= $2 ORDER BY at",
    )
    .bind(series_id)
    .bind(from)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(stored_point)
    .collect();
    Ok((before, tail))
}

/// Replaces a series' stored crossings with `next` when they differ.
async fn store_crossings(
    conn: &mut AnyConnection,
    refresh: &Refresh,
    next: &[CrossingRow],
) -> Result<()> {
    if next == refresh.crossings {
        return Ok(());
    }
    sqlx::query("DELETE FROM crossings WHERE series_id = $1")
        .bind(refresh.series_id)
        .execute(&mut *conn)
        .await?;
    for crossing in next {
        sqlx::query(
            "INSERT INTO crossings (series_id, milestone, estimate, lower_at, lower_value, upper_at, upper_value) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(refresh.series_id)
        .bind(crossing.milestone)
        .bind(crossing.estimate)
        .bind(crossing.lower.map(|(at, _)| at))
        .bind(crossing.lower.map(|(_, value)| value))
        .bind(crossing.upper.0)
        .bind(crossing.upper.1)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

fn stored_point((at, value, illustrative): (i64, i64, i64)) -> StoredPoint {
    StoredPoint {
        at,
        value,
        illustrative: illustrative != 0,
    }
}

async fn crossings_of(conn: &mut AnyConnection, series_id: i64) -> Result<Vec<CrossingRow>> {
    let rows: Vec<CrossingRecord> = sqlx::query_as(
        "SELECT series_id, milestone, estimate, lower_at, lower_value, upper_at, upper_value FROM crossings \
         WHERE series_id = $1 ORDER BY milestone",
    )
    .bind(series_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.iter().map(CrossingRecord::crossing).collect())
}

#[derive(sqlx::FromRow)]
struct CrossingRecord {
    series_id: i64,
    milestone: i64,
    estimate: i64,
    lower_at: Option<i64>,
    lower_value: Option<i64>,
    upper_at: i64,
    upper_value: i64,
}

impl CrossingRecord {
    fn crossing(&self) -> CrossingRow {
        CrossingRow {
            milestone: self.milestone,
            estimate: self.estimate,
            lower: self.lower_at.zip(self.lower_value),
            upper: (self.upper_at, self.upper_value),
        }
    }
}

async fn series_id(conn: &mut AnyConnection, key: &SeriesKey) -> Result<Option<i64>> {
    let (column, table, slug) = match &key.subject {
        SeriesSubject::Account(slug) => ("account_id", Table::Accounts, slug),
        SeriesSubject::Video(slug) => ("video_id", Table::Videos, slug),
    };
    let Some(subject_id) = id_of(conn, table, slug.as_str()).await? else {
        return Ok(None);
    };
    let sql = format!("SELECT id FROM series WHERE {column} = $1 AND metric = $2");
    let row: Option<(i64,)> = sqlx::query_as(AssertSqlSafe(sql))
        .bind(subject_id)
        .bind(key.metric.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.map(|(id,)| id))
}

/// The id of a series, created on first use; the subject must exist.
async fn ensure_series(conn: &mut AnyConnection, key: &SeriesKey, field: &str) -> Result<i64> {
    if let Some(id) = series_id(conn, key).await? {
        return Ok(id);
    }
    let (column, table, slug) = match &key.subject {
        SeriesSubject::Account(slug) => ("account_id", Table::Accounts, slug),
        SeriesSubject::Video(slug) => ("video_id", Table::Videos, slug),
    };
    let subject_id = id_of(conn, table, slug.as_str()).await?.ok_or_else(|| {
        StoreError::bad_reference(
            field,
            format!("there is no {} {:?}", table.kind(), slug.as_str()),
        )
    })?;
    let sql = format!("INSERT INTO series ({column}, metric) VALUES ($1, $2) RETURNING id");
    let (id,): (i64,) = sqlx::query_as(AssertSqlSafe(sql))
        .bind(subject_id)
        .bind(key.metric.as_str())
        .fetch_one(&mut *conn)
        .await?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct SeriesRow {
    id: i64,
    metric: String,
    account: Option<String>,
    video: Option<String>,
    account_platform: Option<String>,
    video_platform: Option<String>,
    artist: Option<String>,
    artist_kind: Option<String>,
    genres: Option<String>,
    public_since: Option<String>,
    n_points: i64,
}

async fn load_series(conn: &mut AnyConnection, only: Option<i64>) -> Result<Vec<SeriesInfo>> {
    // A video's artist is its own first artist, or else its release's first credit.
    let sql = format!(
        "SELECT s.id, s.metric, ac.slug AS account, v.slug AS video, ac.platform AS account_platform, v.platform AS video_platform, \
         ar.slug AS artist, ar.kind AS artist_kind, ar.genres, ac.public_since, \
         (SELECT COUNT(*) FROM points p WHERE p.series_id = s.id) AS n_points \
         FROM series s \
         LEFT JOIN accounts ac ON ac.id = s.account_id \
         LEFT JOIN videos v ON v.id = s.video_id \
         LEFT JOIN artists ar ON ar.id = COALESCE(ac.artist_id, \
             (SELECT va.artist_id FROM video_artists va WHERE va.video_id = v.id ORDER BY va.position LIMIT 1), \
             (SELECT c.artist_id FROM tracks t JOIN release_credits c ON c.release_id = t.release_id \
              WHERE t.id = v.track_id ORDER BY c.position LIMIT 1)) \
         {} ORDER BY s.id",
        if only.is_some() {
            "WHERE s.id = $1"
        } else {
            ""
        }
    );
    let mut query = sqlx::query_as::<_, SeriesRow>(AssertSqlSafe(sql));
    if let Some(id) = only {
        query = query.bind(id);
    }
    let rows = query.fetch_all(&mut *conn).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let metric = named(&row.metric, Metric::parse)?;
        let (key, platform, origin) = match (&row.account, &row.video) {
            (Some(account), _) => (
                SeriesKey::account(slug(account)?, metric),
                row.account_platform
                    .as_deref()
                    .map(|p| named(p, Platform::parse))
                    .transpose()?,
                moment(row.public_since)?,
            ),
            (None, Some(video)) => {
                let released: Option<(Option<String>,)> = sqlx::query_as(
                    "SELECT st.at FROM video_steps st JOIN videos v ON v.id = st.video_id \
                     WHERE v.slug = $1 AND st.state = 'released' ORDER BY st.position LIMIT 1",
                )
                .bind(video.as_str())
                .fetch_optional(&mut *conn)
                .await?;
                (
                    SeriesKey::video(slug(video)?, metric),
                    row.video_platform
                        .as_deref()
                        .map(|p| named(p, Platform::parse))
                        .transpose()?,
                    moment(released.and_then(|(at,)| at))?,
                )
            }
            (None, None) => {
                return Err(StoreError::Corrupt(format!(
                    "series {} has no subject",
                    row.id
                )));
            }
        };
        let last = sqlx::query_as::<_, (i64, i64, i64)>(
            "SELECT at, value, illustrative FROM points WHERE series_id = $1 ORDER BY at DESC LIMIT 1",
        )
        .bind(row.id)
        .fetch_optional(&mut *conn)
        .await?
        .map(stored_point);
        out.push(SeriesInfo {
            id: row.id,
            key,
            platform,
            artist: row.artist.as_deref().map(slug).transpose()?,
            artist_kind: row
                .artist_kind
                .as_deref()
                .map(|k| named(k, ArtistKind::parse))
                .transpose()?,
            tags: row
                .genres
                .as_deref()
                .map(list)
                .transpose()?
                .unwrap_or_default(),
            origin,
            n_points: row.n_points,
            last,
        });
    }
    Ok(out)
}
