//! Shows with their hosts, and appearances (an episode and its guests).

use std::collections::HashMap;

use model::{Appearance, Citation, Show, ShowKind, Slug};
use sqlx::AnyConnection;

use crate::citations::{self, Subject};
use crate::columns::{
    Filters, Table, duplicate, existing, id_of, in_use, list, list_text, moment, moment_columns,
    named, position, reference, rows_for_ids, slug,
};
use crate::{Page, Result, Store};

/// Which shows to list.
#[derive(Debug, Clone, Default)]
pub struct ShowFilter {
    pub host: Option<Slug>,
    pub kind: Option<ShowKind>,
}

/// Which appearances to list.
#[derive(Debug, Clone, Default)]
pub struct AppearanceFilter {
    pub show: Option<Slug>,
    /// Appearances with this artist as a guest or as the show's host.
    pub artist: Option<Slug>,
}

impl Store {
    pub async fn create_show(&self, show: &Show) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let id = insert_show(tx.conn(), show).await?;
        write_show_parts(tx.conn(), id, show, "").await?;
        tx.commit().await
    }

    pub async fn replace_show(&self, slug: &str, show: &Show) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let conn = tx.conn();
        let id = existing(conn, Table::Shows, slug).await?;
        citations::delete(conn, Subject::Show, id).await?;
        sqlx::query("DELETE FROM show_hosts WHERE show_id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
        sqlx::query(
            "UPDATE shows SET slug = $1, title = $2, kind = $3, network = $4 WHERE id = $5",
        )
        .bind(show.slug.as_str())
        .bind(show.title.as_str())
        .bind(show.kind.as_str())
        .bind(show.network.as_deref())
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(duplicate(Table::Shows, show.slug.as_str()))?;
        write_show_parts(conn, id, show, "").await?;
        tx.commit().await
    }

    pub async fn delete_show(&self, slug: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let id = existing(tx.conn(), Table::Shows, slug).await?;
        citations::delete(tx.conn(), Subject::Show, id).await?;
        sqlx::query("DELETE FROM shows WHERE id = $1")
            .bind(id)
            .execute(tx.conn())
            .await
            .map_err(in_use(Table::Shows, slug, "its appearances"))?;
        tx.commit().await
    }

    pub async fn show(&self, slug: &str) -> Result<Option<Show>> {
        let mut conn = self.read().await?;
        let Some(id) = id_of(&mut conn, Table::Shows, slug).await? else {
            return Ok(None);
        };
        Ok(load_shows(&mut conn, &[id]).await?.pop())
    }

    pub async fn shows(&self, filter: &ShowFilter, page: &Page) -> Result<Vec<Show>> {
        let mut conn = self.read().await?;
        let mut filters = Filters::default();
        filters.add(filter.kind.map(ShowKind::as_str), |p| {
            format!("t.kind = {p}")
        });
        filters.add(filter.host.as_ref().map(Slug::as_str), |p| {
            format!("t.id IN (SELECT h.show_id FROM show_hosts h JOIN artists a ON a.id = h.artist_id WHERE a.slug = {p})")
        });
        let ids = filters.page_ids(&mut conn, Table::Shows, page).await?;
        load_shows(&mut conn, &ids).await
    }

    pub async fn cite_show(&self, slug: &str, citation: &Citation) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let id = existing(tx.conn(), Table::Shows, slug).await?;
        let added = citations::append(tx.conn(), Subject::Show, id, citation).await?;
        tx.commit().await?;
        Ok(added)
    }

    pub async fn create_appearance(&self, appearance: &Appearance) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let id = insert_appearance(tx.conn(), appearance, "").await?;
        write_appearance_parts(tx.conn(), id, appearance, "").await?;
        tx.commit().await
    }

    pub async fn replace_appearance(&self, slug: &str, appearance: &Appearance) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let conn = tx.conn();
        let id = existing(conn, Table::Appearances, slug).await?;
        citations::delete(conn, Subject::Appearance, id).await?;
        sqlx::query("DELETE FROM appearance_guests WHERE appearance_id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
        let show_id = reference(conn, Table::Shows, &appearance.show, "show").await?;
        let (aired, aired_start) = moment_columns(appearance.aired.as_ref());
        sqlx::query(
            "UPDATE appearances SET slug = $1, show_id = $2, episode = $3, aired = $4, aired_start = $5, songs = $6 WHERE id = $7",
        )
        .bind(appearance.slug.as_str())
        .bind(show_id)
        .bind(appearance.episode.as_deref())
        .bind(aired)
        .bind(aired_start)
        .bind(list_text(&appearance.songs))
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(duplicate(Table::Appearances, appearance.slug.as_str()))?;
        write_appearance_parts(conn, id, appearance, "").await?;
        tx.commit().await
    }

    pub async fn delete_appearance(&self, slug: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let id = existing(tx.conn(), Table::Appearances, slug).await?;
        citations::delete(tx.conn(), Subject::Appearance, id).await?;
        sqlx::query("DELETE FROM appearances WHERE id = $1")
            .bind(id)
            .execute(tx.conn())
            .await?;
        tx.commit().await
    }

    pub async fn appearance(&self, slug: &str) -> Result<Option<Appearance>> {
        let mut conn = self.read().await?;
        let Some(id) = id_of(&mut conn, Table::Appearances, slug).await? else {
            return Ok(None);
        };
        Ok(load_appearances(&mut conn, &[id]).await?.pop())
    }

    pub async fn appearances(
        &self,
        filter: &AppearanceFilter,
        page: &Page,
    ) -> Result<Vec<Appearance>> {
        let mut conn = self.read().await?;
        let mut filters = Filters::default();
        filters.add(filter.show.as_ref().map(Slug::as_str), |p| {
            format!("t.show_id IN (SELECT id FROM shows WHERE slug = {p})")
        });
        filters.add(filter.artist.as_ref().map(Slug::as_str), |p| {
            format!(
                "(t.id IN (SELECT g.appearance_id FROM appearance_guests g JOIN artists a ON a.id = g.artist_id WHERE a.slug = {p}) \
                 OR t.show_id IN (SELECT h.show_id FROM show_hosts h JOIN artists a ON a.id = h.artist_id WHERE a.slug = {p}))"
            )
        });
        let ids = filters
            .page_ids(&mut conn, Table::Appearances, page)
            .await?;
        load_appearances(&mut conn, &ids).await
    }

    /// Appearances aired within `[from, to)` (unix seconds).
    pub async fn appearances_between(&self, from: i64, to: i64) -> Result<Vec<Appearance>> {
        let mut conn = self.read().await?;
        let ids: Vec<(i64,)> = sqlx::query_as(
            "SELECT id FROM appearances WHERE aired_start >= $1 AND aired_start < $2 ORDER BY aired_start, slug",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&mut *conn)
        .await?;
        load_appearances(
            &mut conn,
            &ids.into_iter().map(|(id,)| id).collect::<Vec<_>>(),
        )
        .await
    }

    pub async fn cite_appearance(&self, slug: &str, citation: &Citation) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let id = existing(tx.conn(), Table::Appearances, slug).await?;
        let added = citations::append(tx.conn(), Subject::Appearance, id, citation).await?;
        tx.commit().await?;
        Ok(added)
    }
}

pub(crate) async fn insert_show(conn: &mut AnyConnection, show: &Show) -> Result<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO shows (slug, title, kind, network) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(show.slug.as_str())
    .bind(show.title.as_str())
    .bind(show.kind.as_str())
    .bind(show.network.as_deref())
    .fetch_one(&mut *conn)
    .await
    .map_err(duplicate(Table::Shows, show.slug.as_str()))?;
    Ok(id)
}

pub(crate) async fn write_show_parts(
    conn: &mut AnyConnection,
    id: i64,
    show: &Show,
    field: &str,
) -> Result<()> {
    write_artist_list(
        conn,
        "show_hosts",
        "show_id",
        id,
        &show.hosts,
        &join(field, "hosts"),
    )
    .await?;
    citations::insert(conn, Subject::Show, id, &show.sources, field).await
}

pub(crate) async fn insert_appearance(
    conn: &mut AnyConnection,
    appearance: &Appearance,
    field: &str,
) -> Result<i64> {
    let show_id = reference(conn, Table::Shows, &appearance.show, &join(field, "show")).await?;
    let (aired, aired_start) = moment_columns(appearance.aired.as_ref());
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO appearances (slug, show_id, episode, aired, aired_start, songs) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(appearance.slug.as_str())
    .bind(show_id)
    .bind(appearance.episode.as_deref())
    .bind(aired)
    .bind(aired_start)
    .bind(list_text(&appearance.songs))
    .fetch_one(&mut *conn)
    .await
    .map_err(duplicate(Table::Appearances, appearance.slug.as_str()))?;
    Ok(id)
}

pub(crate) async fn write_appearance_parts(
    conn: &mut AnyConnection,
    id: i64,
    appearance: &Appearance,
    field: &str,
) -> Result<()> {
    write_artist_list(
        conn,
        "appearance_guests",
        "appearance_id",
        id,
        &appearance.guests,
        &join(field, "guests"),
    )
    .await?;
    citations::insert(conn, Subject::Appearance, id, &appearance.sources, field).await
}

fn join(field: &str, rest: &str) -> String {
    if field.is_empty() {
        rest.to_owned()
    } else {
        format!("{field}.{rest}")
    }
}

/// Writes an ordered list of artists into a link table (`show_hosts`, `appearance_guests`).
async fn write_artist_list(
    conn: &mut AnyConnection,
    table: &'static str,
    owner_column: &'static str,
    id: i64,
    artists: &[Slug],
    field: &str,
) -> Result<()> {
    let sql =
        format!("INSERT INTO {table} ({owner_column}, position, artist_id) VALUES ($1, $2, $3)");
    for (index, artist) in artists.iter().enumerate() {
        let artist_id =
            reference(conn, Table::Artists, artist, &format!("{field}[{index}]")).await?;
        sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(id)
            .bind(position(index))
            .bind(artist_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

async fn artist_lists(
    conn: &mut AnyConnection,
    table: &'static str,
    owner_column: &'static str,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<Slug>>> {
    let sql = format!(
        "SELECT l.{owner_column}, a.slug FROM {table} l JOIN artists a ON a.id = l.artist_id \
         WHERE l.{owner_column} IN ({{ids}}) ORDER BY l.{owner_column}, l.position"
    );
    let rows: Vec<(i64, String)> = rows_for_ids(conn, &sql, ids).await?;
    let mut out: HashMap<i64, Vec<Slug>> = HashMap::new();
    for (owner, artist) in rows {
        out.entry(owner).or_default().push(slug(&artist)?);
    }
    Ok(out)
}

pub(crate) async fn load_shows(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<Show>> {
    let rows: Vec<(i64, String, String, String, Option<String>)> = rows_for_ids(
        conn,
        "SELECT id, slug, title, kind, network FROM shows WHERE id IN ({ids})",
        ids,
    )
    .await?;
    let mut hosts = artist_lists(conn, "show_hosts", "show_id", ids).await?;
    let mut sources = citations::load(conn, Subject::Show, ids).await?;
    let mut by_id = HashMap::new();
    for (id, show_slug, title, kind, network) in rows {
        let show = Show {
            slug: slug(&show_slug)?,
            title,
            kind: named(&kind, ShowKind::parse)?,
            network,
            hosts: hosts.remove(&id).unwrap_or_default(),
            sources: sources.remove(&id).unwrap_or_default(),
        };
        by_id.insert(id, show);
    }
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

#[derive(sqlx::FromRow)]
struct AppearanceRow {
    id: i64,
    slug: String,
    show: String,
    episode: Option<String>,
    aired: Option<String>,
    songs: String,
}

pub(crate) async fn load_appearances(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<Vec<Appearance>> {
    let rows: Vec<AppearanceRow> = rows_for_ids(
        conn,
        "SELECT a.id, a.slug, s.slug AS show, a.episode, a.aired, a.songs FROM appearances a JOIN shows s ON s.id = a.show_id \
         WHERE a.id IN ({ids})",
        ids,
    )
    .await?;
    let mut guests = artist_lists(conn, "appearance_guests", "appearance_id", ids).await?;
    let mut sources = citations::load(conn, Subject::Appearance, ids).await?;
    let mut by_id = HashMap::new();
    for row in rows {
        let appearance = Appearance {
            slug: slug(&row.slug)?,
            show: slug(&row.show)?,
            episode: row.episode,
            aired: moment(row.aired)?,
            guests: guests.remove(&row.id).unwrap_or_default(),
            songs: list(&row.songs)?,
            sources: sources.remove(&row.id).unwrap_or_default(),
        };
        by_id.insert(row.id, appearance);
    }
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}
