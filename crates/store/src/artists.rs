//! Artists with their aliases, memberships (as member), external ids and citations.

use std::collections::HashMap;

use model::{Alias, AliasKind, Artist, ArtistKind, Citation, ExternalId, Membership, Slug};
use sqlx::AnyConnection;

use crate::citations::{self, Subject};
use crate::columns::{
    Filters, Table, date, duplicate, existing, in_use, list, list_text, named, position, reference,
    rows_for_ids, slug,
};
use crate::{Page, Result, Store};

/// Which artists to list.
#[derive(Debug, Clone, Default)]
pub struct ArtistFilter {
    pub kind: Option<ArtistKind>,
    /// Only members of this group.
    pub member_of: Option<Slug>,
}

impl Store {
    pub async fn create_artist(&self, artist: &Artist) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let id = insert_row(tx.conn(), artist).await?;
        write_parts(tx.conn(), id, artist).await?;
        write_memberships(tx.conn(), id, &artist.memberships, "").await?;
        tx.commit().await
    }

    /// Replaces the artist named `slug` (aliases, memberships, ids and citations included). The new
    /// document may carry a new slug: everything that refers to the artist follows it.
    pub async fn replace_artist(&self, slug: &str, artist: &Artist) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let id = existing(tx.conn(), Table::Artists, slug).await?;
        delete_parts(tx.conn(), id).await?;
        sqlx::query("UPDATE artists SET slug = $1, name = $2, kind = $3, country = $4, genres = $5, debut = $6 WHERE id = $7")
            .bind(artist.slug.as_str())
            .bind(artist.name.as_str())
            .bind(artist.kind.as_str())
            .bind(artist.country.as_deref())
            .bind(list_text(&artist.genres))
            .bind(artist.debut.map(|d| d.to_string()))
            .bind(id)
            .execute(tx.conn())
            .await
            .map_err(duplicate(Table::Artists, artist.slug.as_str()))?;
        write_parts(tx.conn(), id, artist).await?;
        write_memberships(tx.conn(), id, &artist.memberships, "").await?;
        tx.commit().await
    }

    pub async fn delete_artist(&self, slug: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let id = existing(tx.conn(), Table::Artists, slug).await?;
        delete_parts(tx.conn(), id).await?;
        sqlx::query("DELETE FROM artists WHERE id = $1")
            .bind(id)
            .execute(tx.conn())
            .await
            .map_err(in_use(
                Table::Artists,
                slug,
                "a release, video, show, appearance, account or member",
            ))?;
        tx.commit().await
    }

    pub async fn artist(&self, slug: &str) -> Result<Option<Artist>> {
        let mut conn = self.read().await?;
        let Some(id) = crate::columns::id_of(&mut conn, Table::Artists, slug).await? else {
            return Ok(None);
        };
        Ok(load(&mut conn, &[id]).await?.pop())
    }

    pub async fn artists(&self, filter: &ArtistFilter, page: &Page) -> Result<Vec<Artist>> {
        let mut conn = self.read().await?;
        let mut filters = Filters::default();
        filters.add(filter.kind.map(ArtistKind::as_str), |p| {
            format!("t.kind = {p}")
        });
        filters.add(filter.member_of.as_ref().map(Slug::as_str), |p| {
            format!(
                "t.id IN (SELECT m.person_id FROM memberships m JOIN artists g ON g.id = m.group_id WHERE g.slug = {p})"
            )
        });
        let ids = filters.page_ids(&mut conn, Table::Artists, page).await?;
        load(&mut conn, &ids).await
    }

    /// The members of a group: each person with their membership, in slug order.
    pub async fn members(&self, group: &str) -> Result<Vec<(Slug, Membership)>> {
        let mut conn = self.read().await?;
        let Some(group_id) = crate::columns::id_of(&mut conn, Table::Artists, group).await? else {
            return Ok(vec![]);
        };
        let rows: Vec<(i64,)> = sqlx::query_as(
            "SELECT DISTINCT m.person_id, p.slug FROM memberships m JOIN artists p ON p.id = m.person_id \
             WHERE m.group_id = $1 ORDER BY p.slug",
        )
        .bind(group_id)
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(id, _): (i64, String)| (id,))
        .collect();
        let persons = load(&mut conn, &rows.iter().map(|(id,)| *id).collect::<Vec<_>>()).await?;
        Ok(persons
            .into_iter()
            .flat_map(|person| {
                let slug = person.slug.clone();
                person
                    .memberships
                    .into_iter()
                    .filter(|m| m.group.as_str() == group)
                    .map(move |m| (slug.clone(), m))
            })
            .collect())
    }

    /// Cites a source for an artist; false when that source was already cited.
    pub async fn cite_artist(&self, slug: &str, citation: &Citation) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let id = existing(tx.conn(), Table::Artists, slug).await?;
        let added = citations::append(tx.conn(), Subject::Artist, id, citation).await?;
        tx.commit().await?;
        Ok(added)
    }
}

pub(crate) async fn insert_row(conn: &mut AnyConnection, artist: &Artist) -> Result<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO artists (slug, name, kind, country, genres, debut) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(artist.slug.as_str())
    .bind(artist.name.as_str())
    .bind(artist.kind.as_str())
    .bind(artist.country.as_deref())
    .bind(list_text(&artist.genres))
    .bind(artist.debut.map(|d| d.to_string()))
    .fetch_one(&mut *conn)
    .await
    .map_err(duplicate(Table::Artists, artist.slug.as_str()))?;
    Ok(id)
}

/// Writes everything of an artist but its memberships (which need their groups to exist).
pub(crate) async fn write_parts(conn: &mut AnyConnection, id: i64, artist: &Artist) -> Result<()> {
    for (index, alias) in artist.aliases.iter().enumerate() {
        let (alias_id,): (i64,) = sqlx::query_as(
            "INSERT INTO aliases (artist_id, position, name, kind, locale, is_primary) VALUES ($1, $2, $3, $4, $5, $6) \
             RETURNING id",
        )
        .bind(id)
        .bind(position(index))
        .bind(alias.name.as_str())
        .bind(alias.kind.as_str())
        .bind(alias.locale.as_deref())
        .bind(i64::from(alias.primary))
        .fetch_one(&mut *conn)
        .await?;
        citations::insert(
            conn,
            Subject::Alias,
            alias_id,
            &alias.sources,
            &format!("aliases[{index}]"),
        )
        .await?;
    }
    write_external_ids(conn, "artist", id, &artist.external_ids).await?;
    citations::insert(conn, Subject::Artist, id, &artist.sources, "").await
}

/// Writes a person's memberships; `field` prefixes error paths (`artists[3]`).
pub(crate) async fn write_memberships(
    conn: &mut AnyConnection,
    id: i64,
    memberships: &[Membership],
    field: &str,
) -> Result<()> {
    for (index, membership) in memberships.iter().enumerate() {
        let at = if field.is_empty() {
            format!("memberships[{index}]")
        } else {
            format!("{field}.memberships[{index}]")
        };
        let group_id = reference(
            conn,
            Table::Artists,
            &membership.group,
            &format!("{at}.group"),
        )
        .await?;
        let (membership_id,): (i64,) = sqlx::query_as(
            "INSERT INTO memberships (person_id, group_id, position, roles, begin_date, end_date, credited_as) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(id)
        .bind(group_id)
        .bind(position(index))
        .bind(list_text(&membership.roles))
        .bind(membership.begin.map(|d| d.to_string()))
        .bind(membership.end.map(|d| d.to_string()))
        .bind(membership.credited_as.as_deref())
        .fetch_one(&mut *conn)
        .await?;
        citations::insert(
            conn,
            Subject::Membership,
            membership_id,
            &membership.sources,
            &at,
        )
        .await?;
    }
    Ok(())
}

pub(crate) async fn delete_parts(conn: &mut AnyConnection, id: i64) -> Result<()> {
    citations::delete_where(
        conn,
        Subject::Alias,
        "SELECT id FROM aliases WHERE artist_id = $1",
        id,
    )
    .await?;
    citations::delete_where(
        conn,
        Subject::Membership,
        "SELECT id FROM memberships WHERE person_id = $1",
        id,
    )
    .await?;
    citations::delete(conn, Subject::Artist, id).await?;
    sqlx::query("DELETE FROM aliases WHERE artist_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM memberships WHERE person_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM external_ids WHERE subject = 'artist' AND subject_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub(crate) async fn write_external_ids(
    conn: &mut AnyConnection,
    subject: &str,
    id: i64,
    ids: &[ExternalId],
) -> Result<()> {
    for (index, external) in ids.iter().enumerate() {
        sqlx::query("INSERT INTO external_ids (subject, subject_id, position, system, value) VALUES ($1, $2, $3, $4, $5)")
            .bind(subject)
            .bind(id)
            .bind(position(index))
            .bind(external.system.as_str())
            .bind(external.value.as_str())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub(crate) async fn load_external_ids(
    conn: &mut AnyConnection,
    subject: &'static str,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<ExternalId>>> {
    let sql = format!(
        "SELECT subject_id, system, value FROM external_ids WHERE subject = '{subject}' AND subject_id IN ({{ids}}) \
         ORDER BY subject_id, position"
    );
    let rows: Vec<(i64, String, String)> = rows_for_ids(conn, &sql, ids).await?;
    let mut out: HashMap<i64, Vec<ExternalId>> = HashMap::new();
    for (id, system, value) in rows {
        out.entry(id)
            .or_default()
            .push(ExternalId { system, value });
    }
    Ok(out)
}

#[derive(sqlx::FromRow)]
struct ArtistRow {
    id: i64,
    slug: String,
    name: String,
    kind: String,
    country: Option<String>,
    genres: String,
    debut: Option<String>,
}

#[derive(sqlx::FromRow)]
struct AliasRow {
    id: i64,
    artist_id: i64,
    name: String,
    kind: String,
    locale: Option<String>,
    is_primary: i64,
}

#[derive(sqlx::FromRow)]
struct MembershipRow {
    id: i64,
    person_id: i64,
    group_slug: String,
    roles: String,
    begin_date: Option<String>,
    end_date: Option<String>,
    credited_as: Option<String>,
}

/// Loads whole artists, in the order of `ids`.
pub(crate) async fn load(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<Artist>> {
    let rows: Vec<ArtistRow> = rows_for_ids(
        conn,
        "SELECT id, slug, name, kind, country, genres, debut FROM artists WHERE id IN ({ids})",
        ids,
    )
    .await?;
    let aliases: Vec<AliasRow> = rows_for_ids(
        conn,
        "SELECT id, artist_id, name, kind, locale, is_primary FROM aliases WHERE artist_id IN ({ids}) \
         ORDER BY artist_id, position",
        ids,
    )
    .await?;
    let memberships: Vec<MembershipRow> = rows_for_ids(
        conn,
        "SELECT m.id, m.person_id, g.slug AS group_slug, m.roles, m.begin_date, m.end_date, m.credited_as \
         FROM memberships m JOIN artists g ON g.id = m.group_id WHERE m.person_id IN ({ids}) \
         ORDER BY m.person_id, m.position",
        ids,
    )
    .await?;
    let mut alias_sources = citations::load(
        conn,
        Subject::Alias,
        &aliases.iter().map(|a| a.id).collect::<Vec<_>>(),
    )
    .await?;
    let mut membership_sources = citations::load(
        conn,
        Subject::Membership,
        &memberships.iter().map(|m| m.id).collect::<Vec<_>>(),
    )
    .await?;
    let mut artist_sources = citations::load(conn, Subject::Artist, ids).await?;
    let mut external_ids = load_external_ids(conn, "artist", ids).await?;

    let mut aliases_of: HashMap<i64, Vec<Alias>> = HashMap::new();
    for row in aliases {
        aliases_of.entry(row.artist_id).or_default().push(Alias {
            name: row.name,
            kind: named(&row.kind, AliasKind::parse)?,
            locale: row.locale,
            primary: row.is_primary != 0,
            sources: alias_sources.remove(&row.id).unwrap_or_default(),
        });
    }
    let mut memberships_of: HashMap<i64, Vec<Membership>> = HashMap::new();
    for row in memberships {
        memberships_of
            .entry(row.person_id)
            .or_default()
            .push(Membership {
                group: slug(&row.group_slug)?,
                roles: list(&row.roles)?,
                begin: date(row.begin_date)?,
                end: date(row.end_date)?,
                credited_as: row.credited_as,
                sources: membership_sources.remove(&row.id).unwrap_or_default(),
            });
    }
    let mut by_id: HashMap<i64, Artist> = HashMap::new();
    for row in rows {
        let artist = Artist {
            slug: slug(&row.slug)?,
            name: row.name,
            kind: named(&row.kind, ArtistKind::parse)?,
            country: row.country,
            genres: list(&row.genres)?,
            debut: date(row.debut)?,
            aliases: aliases_of.remove(&row.id).unwrap_or_default(),
            memberships: memberships_of.remove(&row.id).unwrap_or_default(),
            external_ids: external_ids.remove(&row.id).unwrap_or_default(),
            sources: artist_sources.remove(&row.id).unwrap_or_default(),
        };
        by_id.insert(row.id, artist);
    }
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}
