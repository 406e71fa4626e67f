//! Artists with their aliases, memberships (as member), external ids and citations. Aliases and
//! external ids are JSON lists in the artist's row; an alias's citations are keyed by its artist and
//! its position (`part`), except that an alias citing exactly what its artist cites (every alias a
//! MusicBrainz import makes) is marked so in the row and has no citation rows of its own.

use std::borrow::Cow;
use std::collections::HashMap;

use model::{Alias, AliasKind, Artist, ArtistKind, Citation, Membership, Slug};
use sqlx::AnyConnection;

use crate::bulk::{self, Cell, Rows};
use crate::citations::{self, SourceIds, Subject};
use crate::columns::{
    Filters, Table, date, duplicate, existing, in_use, json_list, json_text, list, list_text,
    named, position, rows_for_ids, slug,
};
use crate::{Page, Result, Store, StoreError};

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
        write_lone(tx.conn(), id, artist).await?;
        tx.commit().await
    }

    /// Replaces the artist named `slug` (aliases, memberships, ids and citations included). The new
    /// document may carry a new slug: everything that refers to the artist follows it.
    pub async fn replace_artist(&self, slug: &str, artist: &Artist) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let id = existing(tx.conn(), Table::Artists, slug).await?;
        delete_parts(tx.conn(), &[id], &[id]).await?;
        update_rows(tx.conn(), &[(id, artist)]).await?;
        write_lone(tx.conn(), id, artist).await?;
        tx.commit().await
    }

    pub async fn delete_artist(&self, slug: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let id = existing(tx.conn(), Table::Artists, slug).await?;
        delete_parts(tx.conn(), &[id], &[id]).await?;
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
        unshare_aliases(tx.conn(), id).await?;
        crate::accounts::unshare(tx.conn(), &[id]).await?;
        let added = citations::append(tx.conn(), Subject::Artist, id, citation).await?;
        tx.commit().await?;
        Ok(added)
    }
}

pub(crate) async fn insert_row(conn: &mut AnyConnection, artist: &Artist) -> Result<i64> {
    let ids = insert_rows(conn, &[artist])
        .await
        .map_err(|error| match error {
            StoreError::Database(error) => duplicate(Table::Artists, artist.slug.as_str())(error),
            other => other,
        })?;
    Ok(ids[0])
}

/// Inserts artists' rows (not their parts); returns their ids in order.
pub(crate) async fn insert_rows(conn: &mut AnyConnection, artists: &[&Artist]) -> Result<Vec<i64>> {
    let mut rows = Rows::new(8);
    for artist in artists {
        rows.push(row_cells(artist));
    }
    let returned: Vec<(i64, String)> = bulk::insert_returning(
        conn,
        "INSERT INTO artists (slug, name, kind, country, genres, debut, aliases, external_ids)",
        "RETURNING id, slug",
        &rows,
    )
    .await?;
    let ids: HashMap<String, i64> = returned.into_iter().map(|(id, slug)| (slug, id)).collect();
    artists
        .iter()
        .map(|artist| {
            ids.get(artist.slug.as_str()).copied().ok_or_else(|| {
                StoreError::Corrupt(format!("artist {} was not inserted", artist.slug))
            })
        })
        .collect()
}

/// Rewrites existing artists' rows (not their parts), slug included.
pub(crate) async fn update_rows(
    conn: &mut AnyConnection,
    artists: &[(i64, &Artist)],
) -> Result<()> {
    let mut rows = Rows::new(9);
    for (id, artist) in artists {
        rows.push_keyed(Cell::Int(*id), row_cells(artist));
    }
    let write = bulk::insert(
        conn,
        "INSERT INTO artists (id, slug, name, kind, country, genres, debut, aliases, external_ids)",
        "ON CONFLICT (id) DO UPDATE SET slug = excluded.slug, name = excluded.name, kind = excluded.kind, \
         country = excluded.country, genres = excluded.genres, debut = excluded.debut, \
         aliases = excluded.aliases, external_ids = excluded.external_ids",
        &rows,
    )
    .await;
    match (write, artists) {
        (Err(error), [(_, artist)]) => Err(duplicate(Table::Artists, artist.slug.as_str())(error)),
        (Err(error), _) => Err(error.into()),
        (Ok(()), _) => Ok(()),
    }
}

fn row_cells(artist: &Artist) -> [Cell; 8] {
    let aliases: Vec<StoredAlias<'_>> = artist
        .aliases
        .iter()
        .map(|alias| StoredAlias {
            name: Cow::Borrowed(&alias.name),
            kind: alias.kind,
            locale: alias.locale.as_deref().map(Cow::Borrowed),
            primary: alias.primary,
            cites_artist: cites_artist(alias, artist),
        })
        .collect();
    [
        Cell::from(artist.slug.as_str()),
        Cell::from(artist.name.as_str()),
        Cell::from(artist.kind.as_str()),
        Cell::from(artist.country.as_deref()),
        Cell::Text(list_text(&artist.genres)),
        Cell::OptText(artist.debut.map(|d| d.to_string())),
        Cell::Text(json_text(&aliases)),
        Cell::Text(json_text(&artist.external_ids)),
    ]
}

/// An alias as its artist's row holds it (its citations are rows of their own, or its artist's):
/// written from the artist's strings, read into strings of its own.
#[derive(serde::Serialize, serde::Deserialize)]
struct StoredAlias<'a> {
    name: Cow<'a, str>,
    kind: AliasKind,
    locale: Option<Cow<'a, str>>,
    primary: bool,
    /// Its citations are its artist's, which are stored once: as rows they would be most of the
    /// citations a MusicBrainz import writes (an alias and its artist both cite the artist's page).
    /// Whatever changes the artist's citations alone gives such aliases rows first
    /// ([`unshare_aliases`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    cites_artist: bool,
}

/// Whether `alias` cites exactly what its artist does (the same sources, evidence and order), so that
/// its citations are stored as its artist's.
fn cites_artist(alias: &Alias, artist: &Artist) -> bool {
    citations::shared(&alias.sources, &artist.sources)
}

/// Gives artist `id`'s aliases that share its citations ([`StoredAlias::cites_artist`]) rows of
/// their own, before something changes the artist's citations without rewriting the artist.
async fn unshare_aliases(conn: &mut AnyConnection, id: i64) -> Result<()> {
    let (text,): (String,) = sqlx::query_as("SELECT aliases FROM artists WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    let mut stored: Vec<StoredAlias<'static>> = json_list("aliases", &text)?;
    if !stored.iter().any(|alias| alias.cites_artist) {
        return Ok(());
    }
    let sources = citations::load(conn, Subject::Artist, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    let facts: Vec<_> = stored
        .iter()
        .enumerate()
        .filter(|(_, alias)| alias.cites_artist)
        .map(|(index, _)| (Subject::Alias, id, position(index), sources.as_slice()))
        .collect();
    citations::insert_many(conn, &facts, &SourceIds::new(), |_| String::new()).await?;
    for alias in &mut stored {
        alias.cites_artist = false;
    }
    sqlx::query("UPDATE artists SET aliases = $1 WHERE id = $2")
        .bind(json_text(&stored))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Writes a lone artist's parts and memberships (messages name its fields from the document's root).
async fn write_lone(conn: &mut AnyConnection, id: i64, artist: &Artist) -> Result<()> {
    write_parts(conn, &[(id, artist)], &SourceIds::new(), |_| String::new()).await?;
    write_memberships(
        conn,
        &[(id, artist)],
        &SourceIds::new(),
        &HashMap::new(),
        |_| String::new(),
    )
    .await
}

/// Writes the citations of artists and of their aliases (the rest of an artist is its row; its
/// memberships need their groups to exist). An alias citing what its artist cites has no rows of its
/// own ([`StoredAlias::cites_artist`]). `field(i)` names artist `i` in messages (empty for a lone
/// artist).
pub(crate) async fn write_parts(
    conn: &mut AnyConnection,
    artists: &[(i64, &Artist)],
    known: &SourceIds,
    field: impl Fn(usize) -> String,
) -> Result<()> {
    let mut facts = Vec::new();
    let mut fields = Vec::new();
    for (at, (id, artist)) in artists.iter().enumerate() {
        for (index, alias) in artist.aliases.iter().enumerate() {
            if cites_artist(alias, artist) {
                continue;
            }
            facts.push((
                Subject::Alias,
                *id,
                position(index),
                alias.sources.as_slice(),
            ));
            fields.push((at, Some(index)));
        }
        facts.push((Subject::Artist, *id, 0, artist.sources.as_slice()));
        fields.push((at, None));
    }
    citations::insert_many(conn, &facts, known, |fact| {
        let (at, alias) = fields[fact];
        match (field(at), alias) {
            (prefix, None) => prefix,
            (prefix, Some(index)) if prefix.is_empty() => format!("aliases[{index}]"),
            (prefix, Some(index)) => format!("{prefix}.aliases[{index}]"),
        }
    })
    .await
}

/// Writes people's memberships, their groups found by slug (those not in `groups_known`, row ids by
/// slug that the caller has); `field(i)` names person `i` in messages.
pub(crate) async fn write_memberships(
    conn: &mut AnyConnection,
    people: &[(i64, &Artist)],
    known: &SourceIds,
    groups_known: &HashMap<String, i64>,
    field: impl Fn(usize) -> String,
) -> Result<()> {
    let mut groups: Vec<String> = people
        .iter()
        .flat_map(|(_, person)| {
            person
                .memberships
                .iter()
                .map(|m| m.group.as_str().to_owned())
        })
        .collect();
    if groups.is_empty() {
        return Ok(());
    }
    groups.retain(|group| !groups_known.contains_key(group));
    groups.sort_unstable();
    groups.dedup();
    let found: Vec<(i64, String)> = bulk::select_in(
        conn,
        "SELECT id, slug FROM artists WHERE slug IN ({keys})",
        &[],
        &groups,
    )
    .await?;
    let group_ids: HashMap<String, i64> = found.into_iter().map(|(id, slug)| (slug, id)).collect();
    let group_id = |slug: &str| {
        groups_known
            .get(slug)
            .or_else(|| group_ids.get(slug))
            .copied()
    };
    let at = |person: usize, index: usize| {
        let prefix = field(person);
        if prefix.is_empty() {
            format!("memberships[{index}]")
        } else {
            format!("{prefix}.memberships[{index}]")
        }
    };
    let mut rows = Rows::new(7);
    for (person, (id, artist)) in people.iter().enumerate() {
        for (index, membership) in artist.memberships.iter().enumerate() {
            let Some(group_id) = group_id(membership.group.as_str()) else {
                return Err(StoreError::bad_reference(
                    format!("{}.group", at(person, index)),
                    format!("there is no artist {:?}", membership.group.as_str()),
                ));
            };
            rows.push([
                Cell::Int(*id),
                Cell::Int(group_id),
                Cell::Int(position(index)),
                Cell::Text(list_text(&membership.roles)),
                Cell::OptText(membership.begin.map(|d| d.to_string())),
                Cell::OptText(membership.end.map(|d| d.to_string())),
                Cell::from(membership.credited_as.as_deref()),
            ]);
        }
    }
    let membership_ids: Vec<(i64, i64, i64)> = bulk::insert_returning(
        conn,
        "INSERT INTO memberships (person_id, group_id, position, roles, begin_date, end_date, credited_as)",
        "RETURNING id, person_id, position",
        &rows,
    )
    .await?;
    let membership_ids: HashMap<(i64, i64), i64> = membership_ids
        .into_iter()
        .map(|(membership, person, position)| ((person, position), membership))
        .collect();
    let mut facts = Vec::new();
    let mut fields = Vec::new();
    for (person, (id, artist)) in people.iter().enumerate() {
        for (index, membership) in artist.memberships.iter().enumerate() {
            let membership_id = membership_ids[&(*id, position(index))];
            facts.push((
                Subject::Membership,
                membership_id,
                0,
                membership.sources.as_slice(),
            ));
            fields.push((person, index));
        }
    }
    citations::insert_many(conn, &facts, known, |fact| {
        let (person, index) = fields[fact];
        at(person, index)
    })
    .await
}

/// Deletes artists' parts kept outside their rows (memberships as member, citations). The accounts
/// of `may_share` (those of `ids` that may have accounts sharing their citations; all of them when
/// unsure) first get citation rows of their own ([`crate::accounts::unshare`]).
pub(crate) async fn delete_parts(
    conn: &mut AnyConnection,
    ids: &[i64],
    may_share: &[i64],
) -> Result<()> {
    crate::accounts::unshare(conn, may_share).await?;
    for sql in [
        "DELETE FROM citations WHERE subject = 'alias' AND subject_id IN ({keys})",
        "DELETE FROM citations WHERE subject = 'membership' AND subject_id IN (SELECT id FROM memberships WHERE person_id IN ({keys}))",
        "DELETE FROM citations WHERE subject = 'artist' AND subject_id IN ({keys})",
        "DELETE FROM memberships WHERE person_id IN ({keys})",
    ] {
        bulk::execute_in(conn, sql, &[], ids).await?;
    }
    Ok(())
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
    aliases: String,
    external_ids: String,
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
    let mut by_id = load_map(conn, ids).await?;
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

/// Loads whole artists by id; ids without a row are left out.
pub(crate) async fn load_map(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<HashMap<i64, Artist>> {
    let rows: Vec<ArtistRow> = rows_for_ids(
        conn,
        "SELECT id, slug, name, kind, country, genres, debut, aliases, external_ids FROM artists WHERE id IN ({ids})",
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
    let mut alias_sources = citations::load_parts(conn, Subject::Alias, ids).await?;
    let mut membership_sources = citations::load(
        conn,
        Subject::Membership,
        &memberships.iter().map(|m| m.id).collect::<Vec<_>>(),
    )
    .await?;
    let mut artist_sources = citations::load(conn, Subject::Artist, ids).await?;
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
        let stored: Vec<StoredAlias<'static>> = json_list("aliases", &row.aliases)?;
        let sources = artist_sources.remove(&row.id).unwrap_or_default();
        let aliases = stored
            .into_iter()
            .enumerate()
            .map(|(index, alias)| Alias {
                name: alias.name.into_owned(),
                kind: alias.kind,
                locale: alias.locale.map(Cow::into_owned),
                primary: alias.primary,
                sources: if alias.cites_artist {
                    sources.clone()
                } else {
                    alias_sources
                        .remove(&(row.id, position(index)))
                        .unwrap_or_default()
                },
            })
            .collect();
        let artist = Artist {
            slug: slug(&row.slug)?,
            name: row.name,
            kind: named(&row.kind, ArtistKind::parse)?,
            country: row.country,
            genres: list(&row.genres)?,
            debut: date(row.debut)?,
            aliases,
            memberships: memberships_of.remove(&row.id).unwrap_or_default(),
            external_ids: json_list("external ids", &row.external_ids)?,
            sources,
        };
        by_id.insert(row.id, artist);
    }
    Ok(by_id)
}

#[cfg(test)]
mod tests {
    use model::{Alias, AliasKind, Artist, ArtistKind, Citation, Slug, Source};

    use crate::{Store, StoreOptions};

    fn cite(source: &str) -> Citation {
        Citation {
            source: Slug::parse(source).unwrap(),
            evidence: None,
        }
    }

    fn alias(name: &str, sources: Vec<Citation>) -> Alias {
        Alias {
            name: name.to_owned(),
            kind: AliasKind::NativeName,
            locale: None,
            primary: false,
            sources,
        }
    }

    /// The parts (alias positions) that have alias citation rows, one entry a row.
    async fn alias_rows(store: &Store) -> Vec<i64> {
        let mut conn = store.read().await.unwrap();
        let parts: Vec<(i64,)> = sqlx::query_as(
            "SELECT part FROM citations WHERE subject = 'alias' ORDER BY part, position",
        )
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        parts.into_iter().map(|(part,)| part).collect()
    }

    /// The stories check what an alias citing what its artist cites reads as; this checks that it is
    /// stored without citation rows of its own, which is what makes a MusicBrainz import cheaper.
    #[tokio::test]
    async fn an_alias_citing_what_its_artist_cites_has_no_rows_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("bside.db").display());
        let store = Store::open(&url, &StoreOptions::default()).await.unwrap();
        store.migrate().await.unwrap();
        for slug in ["mb", "news"] {
            let source = Source {
                slug: Slug::parse(slug).unwrap(),
                url: format!("https://example.com/{slug}"),
                publisher: "Example".to_owned(),
                title: None,
                published: None,
            };
            store.create_source(&source).await.unwrap();
        }
        let artist = Artist {
            slug: Slug::parse("nayeon").unwrap(),
            name: "Nayeon".to_owned(),
            kind: ArtistKind::Person,
            country: None,
            genres: vec![],
            debut: None,
            aliases: vec![
                alias("임나연", vec![cite("mb")]),
                alias("ナヨン", vec![cite("news")]),
                alias("Im Na-yeon", vec![cite("mb")]),
            ],
            memberships: vec![],
            external_ids: vec![],
            sources: vec![cite("mb")],
        };
        store.create_artist(&artist).await.unwrap();

        assert_eq!(
            alias_rows(&store).await,
            vec![1],
            "only the alias citing something else has a row"
        );
        assert!(store.cite_artist("nayeon", &cite("news")).await.unwrap());
        assert_eq!(
            alias_rows(&store).await,
            vec![0, 1, 2],
            "citing the artist alone first gives its sharing aliases rows of their own"
        );
        store.close().await;
    }
}
