//! Music videos: the video row, its artists, and its lifecycle steps, each step with its citations.

use std::collections::HashMap;

use model::{Citation, MusicVideo, Platform, Slug, TrackRef, VideoState, VideoStep};
use sqlx::AnyConnection;

use crate::bulk::{Cell, bind_cells};
use crate::citations::{self, Subject};
use crate::columns::{
    Filters, Table, duplicate, existing, id_of, list, list_text, moment, moment_columns,
    moment_text, named, position, reference, rows_for_ids, slug,
};
use crate::releases::track_id;
use crate::{Page, Result, Store, StoreError};

/// Which videos to list.
#[derive(Debug, Clone, Default)]
pub struct VideoFilter {
    /// Videos of this artist: its own, or of a release crediting it.
    pub artist: Option<Slug>,
    /// Videos of this release's tracks.
    pub release: Option<Slug>,
    pub state: Option<VideoState>,
}

impl Store {
    pub async fn create_video(&self, video: &MusicVideo) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let track = video_track(tx.conn(), video.track.as_ref(), "track").await?;
        let id = insert_row(tx.conn(), video, track).await?;
        write_parts(tx.conn(), id, video, "").await?;
        tx.commit().await
    }

    pub async fn replace_video(&self, slug: &str, video: &MusicVideo) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let id = existing(tx.conn(), Table::Videos, slug).await?;
        replace_in(tx.conn(), id, video).await?;
        tx.commit().await
    }

    pub async fn delete_video(&self, slug: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let id = existing(tx.conn(), Table::Videos, slug).await?;
        delete_parts(tx.conn(), id).await?;
        sqlx::query("DELETE FROM videos WHERE id = $1")
            .bind(id)
            .execute(tx.conn())
            .await?;
        tx.commit().await
    }

    /// Moves a video along its lifecycle: checks the transition against the current state and appends
    /// the step, in one transaction. Returns the video as it now is.
    pub async fn transition_video(&self, slug: &str, step: &VideoStep) -> Result<MusicVideo> {
        let mut tx = self.begin_write().await?;
        let conn = tx.conn();
        let id = existing(conn, Table::Videos, slug).await?;
        let mut video = load(conn, &[id])
            .await?
            .pop()
            .ok_or_else(|| StoreError::Corrupt(format!("video {slug} vanished")))?;
        video
            .transition(step.clone())
            .map_err(StoreError::Invalid)?;
        let index = video.history.len() - 1;
        insert_step(conn, id, index, step, "").await?;
        sqlx::query("UPDATE videos SET state = $1, url = $2 WHERE id = $3")
            .bind(video.state().as_str())
            .bind(video.url.as_deref())
            .bind(id)
            .execute(&mut *conn)
            .await?;
        tx.commit().await?;
        Ok(video)
    }

    pub async fn video(&self, slug: &str) -> Result<Option<MusicVideo>> {
        let mut conn = self.read().await?;
        let Some(id) = id_of(&mut conn, Table::Videos, slug).await? else {
            return Ok(None);
        };
        Ok(load(&mut conn, &[id]).await?.pop())
    }

    pub async fn videos(&self, filter: &VideoFilter, page: &Page) -> Result<Vec<MusicVideo>> {
        let mut conn = self.read().await?;
        let mut filters = Filters::default();
        filters.add(filter.state.map(VideoState::as_str), |p| {
            format!("t.state = {p}")
        });
        filters.add(filter.release.as_ref().map(Slug::as_str), |p| {
            format!("t.track_id IN (SELECT tr.id FROM tracks tr JOIN releases r ON r.id = tr.release_id WHERE r.slug = {p})")
        });
        filters.add(filter.artist.as_ref().map(Slug::as_str), |p| {
            format!(
                "(t.id IN (SELECT va.video_id FROM video_artists va JOIN artists a ON a.id = va.artist_id WHERE a.slug = {p}) \
                 OR t.track_id IN (SELECT tr.id FROM tracks tr JOIN release_credits c ON c.release_id = tr.release_id \
                 JOIN artists a ON a.id = c.artist_id WHERE a.slug = {p}))"
            )
        });
        let ids = filters.page_ids(&mut conn, Table::Videos, page).await?;
        load(&mut conn, &ids).await
    }

    /// Videos with a lifecycle step whose moment starts within `[from, to)` (unix seconds).
    pub async fn videos_between(&self, from: i64, to: i64) -> Result<Vec<MusicVideo>> {
        let mut conn = self.read().await?;
        let ids: Vec<(i64,)> = sqlx::query_as(
            "SELECT v.id FROM videos v WHERE v.id IN (SELECT video_id FROM video_steps WHERE at_start >= $1 AND at_start < $2) \
             ORDER BY v.slug",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&mut *conn)
        .await?;
        load(
            &mut conn,
            &ids.into_iter().map(|(id,)| id).collect::<Vec<_>>(),
        )
        .await
    }

    pub async fn cite_video(&self, slug: &str, citation: &Citation) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let id = existing(tx.conn(), Table::Videos, slug).await?;
        let added = citations::append(tx.conn(), Subject::Video, id, citation).await?;
        tx.commit().await?;
        Ok(added)
    }
}

pub(crate) async fn video_track(
    conn: &mut AnyConnection,
    track: Option<&TrackRef>,
    field: &str,
) -> Result<Option<i64>> {
    match track {
        Some(track) => Ok(Some(track_id(conn, track, -1, field).await?)),
        None => Ok(None),
    }
}

pub(crate) async fn insert_row(
    conn: &mut AnyConnection,
    video: &MusicVideo,
    track: Option<i64>,
) -> Result<i64> {
    let query = sqlx::query_as(
        "INSERT INTO videos (slug, title, track_id, platform, platform_id, url, attributes, director, synopsis, state) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    );
    let cells = row_cells(video, track);
    let (id,): (i64,) = bind_cells!(query, &cells)
        .fetch_one(&mut *conn)
        .await
        .map_err(duplicate(Table::Videos, video.slug.as_str()))?;
    Ok(id)
}

/// The columns of a video's row after its id, in table order, `track_id` being `track`.
fn row_cells(video: &MusicVideo, track: Option<i64>) -> [Cell; 10] {
    [
        Cell::from(video.slug.as_str()),
        Cell::from(video.title.as_str()),
        Cell::from(track),
        Cell::from(video.platform.map(Platform::as_str)),
        Cell::from(video.platform_id.as_deref()),
        Cell::from(video.url.as_deref()),
        Cell::from(list_text(&video.attributes)),
        Cell::from(video.director.as_deref()),
        Cell::from(video.synopsis.as_deref()),
        Cell::from(video.state().as_str()),
    ]
}

pub(crate) async fn write_parts(
    conn: &mut AnyConnection,
    id: i64,
    video: &MusicVideo,
    field: &str,
) -> Result<()> {
    let prefix = |rest: String| {
        if field.is_empty() {
            rest
        } else {
            format!("{field}.{rest}")
        }
    };
    for (index, artist) in video.artists.iter().enumerate() {
        let artist_id = reference(
            conn,
            Table::Artists,
            artist,
            &prefix(format!("artists[{index}]")),
        )
        .await?;
        sqlx::query(
            "INSERT INTO video_artists (video_id, position, artist_id) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(position(index))
        .bind(artist_id)
        .execute(&mut *conn)
        .await?;
    }
    for (index, step) in video.history.iter().enumerate() {
        insert_step(conn, id, index, step, field).await?;
    }
    citations::insert(conn, Subject::Video, id, &video.sources, field).await
}

async fn insert_step(
    conn: &mut AnyConnection,
    video_id: i64,
    index: usize,
    step: &VideoStep,
    field: &str,
) -> Result<()> {
    let (at, at_start) = moment_columns(step.at.as_ref());
    let (step_id,): (i64,) = sqlx::query_as(
        "INSERT INTO video_steps (video_id, position, state, at, at_start, noted, url, note) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(video_id)
    .bind(position(index))
    .bind(step.state.as_str())
    .bind(at)
    .bind(at_start)
    .bind(moment_text(step.noted.as_ref()))
    .bind(step.url.as_deref())
    .bind(step.note.as_deref())
    .fetch_one(&mut *conn)
    .await?;
    let at = if field.is_empty() {
        format!("history[{index}]")
    } else {
        format!("{field}.history[{index}]")
    };
    citations::insert(conn, Subject::VideoStep, step_id, &step.sources, &at).await
}

/// Replaces video `id` inside the caller's transaction.
pub(crate) async fn replace_in(
    conn: &mut AnyConnection,
    id: i64,
    video: &MusicVideo,
) -> Result<()> {
    delete_parts(conn, id).await?;
    let track = video_track(conn, video.track.as_ref(), "track").await?;
    let query = sqlx::query(
        "UPDATE videos SET slug = $1, title = $2, track_id = $3, platform = $4, platform_id = $5, url = $6, \
         attributes = $7, director = $8, synopsis = $9, state = $10 WHERE id = $11",
    );
    let cells = row_cells(video, track);
    bind_cells!(query, &cells)
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(duplicate(Table::Videos, video.slug.as_str()))?;
    write_parts(conn, id, video, "").await?;
    Ok(())
}

pub(crate) async fn delete_parts(conn: &mut AnyConnection, id: i64) -> Result<()> {
    citations::delete_where(
        conn,
        Subject::VideoStep,
        "SELECT id FROM video_steps WHERE video_id = $1",
        id,
    )
    .await?;
    citations::delete(conn, Subject::Video, id).await?;
    sqlx::query("DELETE FROM video_steps WHERE video_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM video_artists WHERE video_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct VideoRow {
    id: i64,
    slug: String,
    title: String,
    platform: Option<String>,
    platform_id: Option<String>,
    url: Option<String>,
    attributes: String,
    director: Option<String>,
    synopsis: Option<String>,
    release: Option<String>,
    disc: Option<i64>,
    number: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct StepRow {
    id: i64,
    video_id: i64,
    state: String,
    at: Option<String>,
    noted: Option<String>,
    url: Option<String>,
    note: Option<String>,
}

/// Loads whole videos, in the order of `ids`.
pub(crate) async fn load(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<MusicVideo>> {
    let rows: Vec<VideoRow> = rows_for_ids(
        conn,
        "SELECT v.id, v.slug, v.title, v.platform, v.platform_id, v.url, v.attributes, v.director, v.synopsis, \
         r.slug AS release, t.disc, t.number \
         FROM videos v LEFT JOIN tracks t ON t.id = v.track_id LEFT JOIN releases r ON r.id = t.release_id \
         WHERE v.id IN ({ids})",
        ids,
    )
    .await?;
    let artists: Vec<(i64, String)> = rows_for_ids(
        conn,
        "SELECT va.video_id, a.slug FROM video_artists va JOIN artists a ON a.id = va.artist_id \
         WHERE va.video_id IN ({ids}) ORDER BY va.video_id, va.position",
        ids,
    )
    .await?;
    let steps: Vec<StepRow> = rows_for_ids(
        conn,
        "SELECT id, video_id, state, at, noted, url, note FROM video_steps WHERE video_id IN ({ids}) ORDER BY video_id, position",
        ids,
    )
    .await?;
    let mut step_sources = citations::load(
        conn,
        Subject::VideoStep,
        &steps.iter().map(|s| s.id).collect::<Vec<_>>(),
    )
    .await?;
    let mut video_sources = citations::load(conn, Subject::Video, ids).await?;

    let mut artists_of: HashMap<i64, Vec<Slug>> = HashMap::new();
    for (video_id, artist) in artists {
        artists_of.entry(video_id).or_default().push(slug(&artist)?);
    }
    let mut history_of: HashMap<i64, Vec<VideoStep>> = HashMap::new();
    for row in steps {
        history_of.entry(row.video_id).or_default().push(VideoStep {
            state: named(&row.state, VideoState::parse)?,
            at: moment(row.at)?,
            noted: moment(row.noted)?,
            url: row.url,
            note: row.note,
            sources: step_sources.remove(&row.id).unwrap_or_default(),
        });
    }
    let mut by_id = HashMap::new();
    for row in rows {
        let track = match (row.release, row.disc, row.number) {
            (Some(release), Some(disc), Some(number)) => Some(TrackRef {
                release: Some(slug(&release)?),
                disc: u16::try_from(disc)
                    .map_err(|_| StoreError::Corrupt(format!("disc {disc}")))?,
                number: u16::try_from(number)
                    .map_err(|_| StoreError::Corrupt(format!("track {number}")))?,
            }),
            _ => None,
        };
        let video = MusicVideo {
            slug: slug(&row.slug)?,
            title: row.title,
            artists: artists_of.remove(&row.id).unwrap_or_default(),
            track,
            platform: row
                .platform
                .as_deref()
                .map(|p| named(p, Platform::parse))
                .transpose()?,
            platform_id: row.platform_id,
            url: row.url,
            attributes: list(&row.attributes)?,
            director: row.director,
            synopsis: row.synopsis,
            history: history_of.remove(&row.id).unwrap_or_default(),
            sources: video_sources.remove(&row.id).unwrap_or_default(),
        };
        by_id.insert(row.id, video);
    }
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

impl Store {
    /// The slugs of the videos on `platform` whose platform ids are among `ids`, by platform id.
    pub async fn videos_by_platform_id(
        &self,
        platform: Platform,
        ids: &[String],
    ) -> Result<HashMap<String, Slug>> {
        let mut conn = self.read().await?;
        let mut out = HashMap::new();
        for chunk in ids.chunks(crate::columns::CHUNK) {
            let sql = format!(
                "SELECT platform_id, slug FROM videos WHERE platform = $1 AND platform_id IN ({})",
                crate::columns::placeholders(2, chunk.len())
            );
            let mut query = sqlx::query_as::<_, (String, String)>(sqlx::AssertSqlSafe(sql))
                .bind(platform.as_str());
            for id in chunk {
                query = query.bind(id.as_str());
            }
            for (platform_id, video) in query.fetch_all(&mut *conn).await? {
                out.insert(platform_id, slug(&video)?);
            }
        }
        Ok(out)
    }
}
