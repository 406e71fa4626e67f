//! Releases with their credits, tracks (versions linked to their song), external ids and citations.

use std::collections::HashMap;

use model::{
    Citation, Credit, Release, ReleaseKind, ReleaseStatus, Slug, Track, TrackRef, TrackRole,
};
use sqlx::AnyConnection;

use crate::citations::{self, Subject};
use crate::columns::{
    Filters, Table, duplicate, existing, id_of, in_use, json_list, json_text, list, list_text,
    moment, moment_columns, moment_text, named, position, reference, rows_for_ids, slug,
};
use crate::{Page, Result, Store, StoreError};

/// Which releases to list.
#[derive(Debug, Clone, Default)]
pub struct ReleaseFilter {
    /// Only releases crediting this artist.
    pub artist: Option<Slug>,
    pub kind: Option<ReleaseKind>,
    pub status: Option<ReleaseStatus>,
}

impl Store {
    pub async fn create_release(&self, release: &Release) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let id = insert_row(tx.conn(), release).await?;
        write_parts(tx.conn(), id, release, "").await?;
        link_versions(tx.conn(), id, release, "").await?;
        tx.commit().await
    }

    /// Replaces a release. Tracks are matched by position, so music videos stay linked to them; a
    /// track that is dropped while a video or another version still points at it is refused.
    pub async fn replace_release(&self, slug: &str, release: &Release) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let id = existing(tx.conn(), Table::Releases, slug).await?;
        replace_in(tx.conn(), id, slug, release).await?;
        tx.commit().await
    }

    pub async fn delete_release(&self, slug: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let conn = tx.conn();
        let id = existing(conn, Table::Releases, slug).await?;
        delete_parts(conn, id).await?;
        sqlx::query("DELETE FROM releases WHERE id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await
            .map_err(in_use(
                Table::Releases,
                slug,
                "a music video or a version on another release",
            ))?;
        tx.commit().await
    }

    pub async fn release(&self, slug: &str) -> Result<Option<Release>> {
        let mut conn = self.read().await?;
        let Some(id) = id_of(&mut conn, Table::Releases, slug).await? else {
            return Ok(None);
        };
        Ok(load(&mut conn, &[id]).await?.pop())
    }

    pub async fn releases(&self, filter: &ReleaseFilter, page: &Page) -> Result<Vec<Release>> {
        let mut conn = self.read().await?;
        let mut filters = Filters::default();
        filters.add(filter.kind.map(ReleaseKind::as_str), |p| {
            format!("t.kind = {p}")
        });
        filters.add(filter.status.map(ReleaseStatus::as_str), |p| {
            format!("t.status = {p}")
        });
        filters.add(filter.artist.as_ref().map(Slug::as_str), |p| {
            format!("t.id IN (SELECT c.release_id FROM release_credits c JOIN artists a ON a.id = c.artist_id WHERE a.slug = {p})")
        });
        let ids = filters.page_ids(&mut conn, Table::Releases, page).await?;
        load(&mut conn, &ids).await
    }

    /// Releases whose date starts within `[from, to)` (unix seconds).
    pub async fn releases_between(&self, from: i64, to: i64) -> Result<Vec<Release>> {
        let mut conn = self.read().await?;
        let ids: Vec<(i64,)> = sqlx::query_as(
            "SELECT id FROM releases WHERE released_start >= $1 AND released_start < $2 ORDER BY released_start, slug",
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

    pub async fn cite_release(&self, slug: &str, citation: &Citation) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let id = existing(tx.conn(), Table::Releases, slug).await?;
        let added = citations::append(tx.conn(), Subject::Release, id, citation).await?;
        tx.commit().await?;
        Ok(added)
    }
}

/// Deletes what a release's row holds apart from itself: its citations and its tracks' citations, its credits
/// and external ids, and the links of its tracks as versions (tracks stay, for a replace to rewrite).
pub(crate) async fn delete_parts(conn: &mut AnyConnection, id: i64) -> Result<()> {
    citations::delete(conn, Subject::Release, id).await?;
    citations::delete_where(
        conn,
        Subject::Track,
        "SELECT id FROM tracks WHERE release_id = $1",
        id,
    )
    .await?;
    for sql in [
        "DELETE FROM release_credits WHERE release_id = $1",
        "UPDATE tracks SET version_of_id = NULL WHERE release_id = $1",
    ] {
        sqlx::query(sql).bind(id).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Replaces release `id` (named `slug` in messages) inside the caller's transaction.
pub(crate) async fn replace_in(
    conn: &mut AnyConnection,
    id: i64,
    slug: &str,
    release: &Release,
) -> Result<()> {
    delete_parts(conn, id).await?;
    let (released, released_start) = moment_columns(release.released.as_ref());
    sqlx::query(
            "UPDATE releases SET slug = $1, title = $2, kind = $3, status = $4, released = $5, released_start = $6, \
             announced = $7, label = $8, external_ids = $9 WHERE id = $10",
        )
        .bind(release.slug.as_str())
        .bind(release.title.as_str())
        .bind(release.kind.as_str())
        .bind(release.status.as_str())
        .bind(released)
        .bind(released_start)
        .bind(moment_text(release.announced.as_ref()))
        .bind(release.label.as_deref())
        .bind(json_text(&release.external_ids))
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(duplicate(Table::Releases, release.slug.as_str()))?;
    let kept: Vec<(i64, i64, i64)> =
        sqlx::query_as("SELECT id, disc, number FROM tracks WHERE release_id = $1")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    for (track_id, disc, number) in kept {
        let stays = release
            .tracks
            .iter()
            .any(|t| i64::from(t.disc) == disc && i64::from(t.number) == number);
        if !stays {
            sqlx::query("DELETE FROM tracks WHERE id = $1").bind(track_id).execute(&mut *conn).await.map_err(|error| {
                    if StoreError::is_foreign_key_violation(&error) {
                        StoreError::InUse(format!(
                            "track {disc}-{number} of {slug:?} has a music video or a version pointing at it; keep it or change those first"
                        ))
                    } else {
                        error.into()
                    }
                })?;
        }
    }
    write_parts(conn, id, release, "").await?;
    link_versions(conn, id, release, "").await
}

pub(crate) async fn insert_row(conn: &mut AnyConnection, release: &Release) -> Result<i64> {
    let (released, released_start) = moment_columns(release.released.as_ref());
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO releases (slug, title, kind, status, released, released_start, announced, label, external_ids) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(release.slug.as_str())
    .bind(release.title.as_str())
    .bind(release.kind.as_str())
    .bind(release.status.as_str())
    .bind(released)
    .bind(released_start)
    .bind(moment_text(release.announced.as_ref()))
    .bind(release.label.as_deref())
    .bind(json_text(&release.external_ids))
    .fetch_one(&mut *conn)
    .await
    .map_err(duplicate(Table::Releases, release.slug.as_str()))?;
    Ok(id)
}

/// Writes credits, tracks (updating those already at a position), ids and citations. Versions are
/// linked afterwards by [`link_versions`], once every track they may point at exists.
pub(crate) async fn write_parts(
    conn: &mut AnyConnection,
    id: i64,
    release: &Release,
    field: &str,
) -> Result<()> {
    let prefix = |rest: String| {
        if field.is_empty() {
            rest
        } else {
            format!("{field}.{rest}")
        }
    };
    for (index, credit) in release.credits.iter().enumerate() {
        let artist_id = reference(
            conn,
            Table::Artists,
            &credit.artist,
            &prefix(format!("credits[{index}].artist")),
        )
        .await?;
        sqlx::query(
            "INSERT INTO release_credits (release_id, position, artist_id, credited_as, join_phrase) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(position(index))
        .bind(artist_id)
        .bind(credit.credited_as.as_deref())
        .bind(credit.join_phrase.as_deref())
        .execute(&mut *conn)
        .await?;
    }
    for (index, track) in release.tracks.iter().enumerate() {
        let existing: Option<(i64,)> = sqlx::query_as(
            "SELECT id FROM tracks WHERE release_id = $1 AND disc = $2 AND number = $3",
        )
        .bind(id)
        .bind(i64::from(track.disc))
        .bind(i64::from(track.number))
        .fetch_optional(&mut *conn)
        .await?;
        let track_id = if let Some((track_id,)) = existing {
            sqlx::query(
                "UPDATE tracks SET title = $1, role = $2, version_label = $3, duration_seconds = $4, genres = $5 WHERE id = $6",
            )
            .bind(track.title.as_str())
            .bind(track.role.map(TrackRole::as_str))
            .bind(track.version_label.as_deref())
            .bind(track.duration_seconds.map(i64::from))
            .bind(list_text(&track.genres))
            .bind(track_id)
            .execute(&mut *conn)
            .await?;
            track_id
        } else {
            let (track_id,): (i64,) = sqlx::query_as(
                "INSERT INTO tracks (release_id, disc, number, title, role, version_label, duration_seconds, genres) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(id)
            .bind(i64::from(track.disc))
            .bind(i64::from(track.number))
            .bind(track.title.as_str())
            .bind(track.role.map(TrackRole::as_str))
            .bind(track.version_label.as_deref())
            .bind(track.duration_seconds.map(i64::from))
            .bind(list_text(&track.genres))
            .fetch_one(&mut *conn)
            .await?;
            track_id
        };
        citations::insert(
            conn,
            Subject::Track,
            track_id,
            &track.sources,
            &prefix(format!("tracks[{index}]")),
        )
        .await?;
    }
    citations::insert(conn, Subject::Release, id, &release.sources, field).await
}

/// Points each version at the track it is a version of.
pub(crate) async fn link_versions(
    conn: &mut AnyConnection,
    id: i64,
    release: &Release,
    field: &str,
) -> Result<()> {
    for (index, track) in release.tracks.iter().enumerate() {
        let Some(of) = &track.version_of else {
            continue;
        };
        let at = if field.is_empty() {
            format!("tracks[{index}].version_of")
        } else {
            format!("{field}.tracks[{index}].version_of")
        };
        let target = track_id(conn, of, id, &at).await?;
        sqlx::query("UPDATE tracks SET version_of_id = $1 WHERE release_id = $2 AND disc = $3 AND number = $4")
            .bind(target)
            .bind(id)
            .bind(i64::from(track.disc))
            .bind(i64::from(track.number))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The row id of a referenced track; `same_release` is used when the reference names no release.
pub(crate) async fn track_id(
    conn: &mut AnyConnection,
    track: &TrackRef,
    same_release: i64,
    field: &str,
) -> Result<i64> {
    let release_id = match &track.release {
        Some(release) => reference(conn, Table::Releases, release, field).await?,
        None => same_release,
    };
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM tracks WHERE release_id = $1 AND disc = $2 AND number = $3")
            .bind(release_id)
            .bind(i64::from(track.disc))
            .bind(i64::from(track.number))
            .fetch_optional(&mut *conn)
            .await?;
    row.map(|(id,)| id).ok_or_else(|| {
        let on = track.release.as_ref().map_or_else(
            || "this release".to_owned(),
            |r| format!("{:?}", r.as_str()),
        );
        StoreError::bad_reference(
            field,
            format!("there is no track {}-{} on {on}", track.disc, track.number),
        )
    })
}

#[derive(sqlx::FromRow)]
struct ReleaseRow {
    id: i64,
    slug: String,
    title: String,
    kind: String,
    status: String,
    released: Option<String>,
    announced: Option<String>,
    label: Option<String>,
    external_ids: String,
}

#[derive(sqlx::FromRow)]
struct TrackRow {
    id: i64,
    release_id: i64,
    disc: i64,
    number: i64,
    title: String,
    role: Option<String>,
    version_label: Option<String>,
    duration_seconds: Option<i64>,
    genres: String,
    of_release_id: Option<i64>,
    of_release: Option<String>,
    of_disc: Option<i64>,
    of_number: Option<i64>,
}

fn small(value: i64) -> Result<u16> {
    u16::try_from(value)
        .map_err(|_| StoreError::Corrupt(format!("track position {value} out of range")))
}

/// Loads whole releases, in the order of `ids`.
pub(crate) async fn load(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<Release>> {
    let rows: Vec<ReleaseRow> = rows_for_ids(
        conn,
        "SELECT id, slug, title, kind, status, released, announced, label, external_ids FROM releases WHERE id IN ({ids})",
        ids,
    )
    .await?;
    let credits: Vec<(i64, String, Option<String>, Option<String>)> = rows_for_ids(
        conn,
        "SELECT c.release_id, a.slug, c.credited_as, c.join_phrase FROM release_credits c JOIN artists a ON a.id = c.artist_id \
         WHERE c.release_id IN ({ids}) ORDER BY c.release_id, c.position",
        ids,
    )
    .await?;
    let tracks: Vec<TrackRow> = rows_for_ids(
        conn,
        "SELECT t.id, t.release_id, t.disc, t.number, t.title, t.role, t.version_label, t.duration_seconds, t.genres, \
         v.release_id AS of_release_id, vr.slug AS of_release, v.disc AS of_disc, v.number AS of_number \
         FROM tracks t LEFT JOIN tracks v ON v.id = t.version_of_id LEFT JOIN releases vr ON vr.id = v.release_id \
         WHERE t.release_id IN ({ids}) ORDER BY t.release_id, t.disc, t.number",
        ids,
    )
    .await?;
    let mut track_sources = citations::load(
        conn,
        Subject::Track,
        &tracks.iter().map(|t| t.id).collect::<Vec<_>>(),
    )
    .await?;
    let mut release_sources = citations::load(conn, Subject::Release, ids).await?;

    let mut credits_of: HashMap<i64, Vec<Credit>> = HashMap::new();
    for (release_id, artist, credited_as, join_phrase) in credits {
        credits_of.entry(release_id).or_default().push(Credit {
            artist: slug(&artist)?,
            credited_as,
            join_phrase,
        });
    }
    let mut tracks_of: HashMap<i64, Vec<Track>> = HashMap::new();
    for row in tracks {
        let version_of = match (
            row.of_release_id,
            row.of_release,
            row.of_disc,
            row.of_number,
        ) {
            (Some(of_id), Some(of_slug), Some(disc), Some(number)) => Some(TrackRef {
                release: if of_id == row.release_id {
                    None
                } else {
                    Some(slug(&of_slug)?)
                },
                disc: small(disc)?,
                number: small(number)?,
            }),
            _ => None,
        };
        tracks_of.entry(row.release_id).or_default().push(Track {
            disc: small(row.disc)?,
            number: small(row.number)?,
            title: row.title,
            role: row
                .role
                .as_deref()
                .map(|r| named(r, TrackRole::parse))
                .transpose()?,
            version_of,
            version_label: row.version_label,
            duration_seconds: row
                .duration_seconds
                .map(|d| u32::try_from(d).unwrap_or(u32::MAX)),
            genres: list(&row.genres)?,
            sources: track_sources.remove(&row.id).unwrap_or_default(),
        });
    }
    let mut by_id = HashMap::new();
    for row in rows {
        let release = Release {
            slug: slug(&row.slug)?,
            title: row.title,
            kind: named(&row.kind, ReleaseKind::parse)?,
            status: named(&row.status, ReleaseStatus::parse)?,
            credits: credits_of.remove(&row.id).unwrap_or_default(),
            released: moment(row.released)?,
            announced: moment(row.announced)?,
            label: row.label,
            tracks: tracks_of.remove(&row.id).unwrap_or_default(),
            external_ids: json_list("external ids", &row.external_ids)?,
            sources: release_sources.remove(&row.id).unwrap_or_default(),
        };
        by_id.insert(row.id, release);
    }
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}
