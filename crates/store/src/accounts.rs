//! Accounts: an artist on a platform, with the moment it went public.
//!
//! An account that cites exactly what its artist cites may be stored without citation rows of its
//! own (`cites_artist`; every account a MusicBrainz import makes is one): reads give it its artist's,
//! and whatever changes the artist's citations first gives it rows ([`unshare`]).

use std::collections::HashMap;

use model::{Account, Citation, Platform, ReportedMilestone, Slug};
use sqlx::AnyConnection;

use crate::bulk::{self, Cell, Rows};
use crate::citations::{self, SourceIds, Subject};
use crate::columns::{
    Filters, Table, duplicate, existing, id_of, moment, moment_text, named, reference,
    rows_for_ids, slug,
};
use crate::{Page, Result, Store, StoreError};

/// Which accounts to list.
#[derive(Debug, Clone, Default)]
pub struct AccountFilter {
    pub artist: Option<Slug>,
    pub platform: Option<Platform>,
}

impl Store {
    pub async fn create_account(&self, account: &Account) -> Result<()> {
        let mut tx = self.begin_write().await?;
        insert(tx.conn(), account, "").await?;
        tx.commit().await
    }

    pub async fn replace_account(&self, slug: &str, account: &Account) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let conn = tx.conn();
        let id = existing(conn, Table::Accounts, slug).await?;
        let artist_id = reference(conn, Table::Artists, &account.artist, "artist").await?;
        let write = AccountWrite::new(artist_id, account);
        update_many(conn, &[(id, write)], &SourceIds::new(), |_| String::new()).await?;
        tx.commit().await
    }

    pub async fn delete_account(&self, slug: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let id = existing(tx.conn(), Table::Accounts, slug).await?;
        citations::delete(tx.conn(), Subject::Account, id).await?;
        sqlx::query("DELETE FROM accounts WHERE id = $1")
            .bind(id)
            .execute(tx.conn())
            .await?;
        tx.commit().await
    }

    pub async fn account(&self, slug: &str) -> Result<Option<Account>> {
        let mut conn = self.read().await?;
        let Some(id) = id_of(&mut conn, Table::Accounts, slug).await? else {
            return Ok(None);
        };
        Ok(load(&mut conn, &[id]).await?.pop())
    }

    pub async fn accounts(&self, filter: &AccountFilter, page: &Page) -> Result<Vec<Account>> {
        let mut conn = self.read().await?;
        let mut filters = Filters::default();
        filters.add(filter.platform.map(Platform::as_str), |p| {
            format!("t.platform = {p}")
        });
        filters.add(filter.artist.as_ref().map(Slug::as_str), |p| {
            format!("t.artist_id IN (SELECT id FROM artists WHERE slug = {p})")
        });
        let ids = filters.page_ids(&mut conn, Table::Accounts, page).await?;
        load(&mut conn, &ids).await
    }

    pub async fn cite_account(&self, slug: &str, citation: &Citation) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let id = existing(tx.conn(), Table::Accounts, slug).await?;
        unshare_where(tx.conn(), "id", &[id]).await?;
        let added = citations::append(tx.conn(), Subject::Account, id, citation).await?;
        tx.commit().await?;
        Ok(added)
    }
}

pub(crate) async fn insert(
    conn: &mut AnyConnection,
    account: &Account,
    field: &str,
) -> Result<i64> {
    let at = |rest: &str| {
        if field.is_empty() {
            rest.to_owned()
        } else {
            format!("{field}.{rest}")
        }
    };
    let artist_id = reference(conn, Table::Artists, &account.artist, &at("artist")).await?;
    let ids = insert_many(
        conn,
        &[AccountWrite::new(artist_id, account)],
        &SourceIds::new(),
        |_| field.to_owned(),
    )
    .await
    .map_err(|error| match error {
        StoreError::Database(error) => duplicate(Table::Accounts, account.slug.as_str())(error),
        other => other,
    })?;
    Ok(ids[0])
}

/// An account to write, with its artist's row.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AccountWrite<'a> {
    pub(crate) artist_id: i64,
    pub(crate) account: &'a Account,
    /// The account cites exactly what its artist cites (as the artist stands once the transaction
    /// has written it), and is stored without citation rows of its own.
    pub(crate) cites_artist: bool,
}

impl<'a> AccountWrite<'a> {
    /// An account stored with citation rows of its own.
    pub(crate) fn new(artist_id: i64, account: &'a Account) -> Self {
        Self {
            artist_id,
            account,
            cites_artist: false,
        }
    }

    /// The citations to write as rows: none when the account shares its artist's.
    fn own_sources(&self) -> &'a [Citation] {
        if self.cites_artist {
            &[]
        } else {
            self.account.sources.as_slice()
        }
    }
}

/// Inserts accounts and their citations; returns their ids in order. `field(i)` names account `i`
/// in messages.
pub(crate) async fn insert_many(
    conn: &mut AnyConnection,
    accounts: &[AccountWrite<'_>],
    known: &SourceIds,
    field: impl Fn(usize) -> String,
) -> Result<Vec<i64>> {
    let mut rows = Rows::new(8);
    for write in accounts {
        rows.push(row_cells(write)?);
    }
    let returned: Vec<(i64, String)> = bulk::insert_returning(
        conn,
        "INSERT INTO accounts (slug, artist_id, platform, handle, url, public_since, reported, cites_artist)",
        "RETURNING id, slug",
        &rows,
    )
    .await?;
    let by_slug: HashMap<String, i64> = returned.into_iter().map(|(id, slug)| (slug, id)).collect();
    let ids = accounts
        .iter()
        .map(|write| {
            let slug = write.account.slug.as_str();
            by_slug
                .get(slug)
                .copied()
                .ok_or_else(|| StoreError::Corrupt(format!("account {slug} was not inserted")))
        })
        .collect::<Result<Vec<i64>>>()?;
    let facts: Vec<_> = ids
        .iter()
        .zip(accounts)
        .map(|(id, write)| (Subject::Account, *id, 0, write.own_sources()))
        .collect();
    citations::insert_many(conn, &facts, known, field).await?;
    Ok(ids)
}

/// Rewrites existing accounts (`(id, account)`) and their citations.
pub(crate) async fn update_many(
    conn: &mut AnyConnection,
    accounts: &[(i64, AccountWrite<'_>)],
    known: &SourceIds,
    field: impl Fn(usize) -> String,
) -> Result<()> {
    let ids: Vec<i64> = accounts.iter().map(|(id, _)| *id).collect();
    bulk::execute_in(
        conn,
        "DELETE FROM citations WHERE subject = 'account' AND subject_id IN ({keys})",
        &[],
        &ids,
    )
    .await?;
    let mut rows = Rows::new(9);
    for (id, write) in accounts {
        rows.push_keyed(Cell::Int(*id), row_cells(write)?);
    }
    let written = bulk::insert(
        conn,
        "INSERT INTO accounts (id, slug, artist_id, platform, handle, url, public_since, reported, cites_artist)",
        "ON CONFLICT (id) DO UPDATE SET slug = excluded.slug, artist_id = excluded.artist_id, \
         platform = excluded.platform, handle = excluded.handle, url = excluded.url, \
         public_since = excluded.public_since, reported = excluded.reported, \
         cites_artist = excluded.cites_artist",
        &rows,
    )
    .await;
    match (written, accounts) {
        (Err(error), [(_, write)]) => {
            return Err(duplicate(Table::Accounts, write.account.slug.as_str())(
                error,
            ));
        }
        (Err(error), _) => return Err(error.into()),
        (Ok(()), _) => {}
    }
    let facts: Vec<_> = accounts
        .iter()
        .map(|(id, write)| (Subject::Account, *id, 0, write.own_sources()))
        .collect();
    citations::insert_many(conn, &facts, known, field).await
}

/// Gives the accounts of artists `artist_ids` that share their artist's citations
/// ([`AccountWrite::cites_artist`]) rows of their own, copied from the artist's: called before
/// anything changes an artist's citations, or moves its accounts to another artist.
pub(crate) async fn unshare(conn: &mut AnyConnection, artist_ids: &[i64]) -> Result<()> {
    unshare_where(conn, "artist_id", artist_ids).await
}

/// [`unshare`] for the sharing accounts whose `column` (`id` or `artist_id`) is one of `keys`.
async fn unshare_where(conn: &mut AnyConnection, column: &str, keys: &[i64]) -> Result<()> {
    let copy = format!(
        "INSERT INTO citations (subject, subject_id, part, position, source_id, evidence) \
         SELECT 'account', t.id, 0, c.position, c.source_id, c.evidence FROM accounts t \
         JOIN citations c ON c.subject = 'artist' AND c.subject_id = t.artist_id AND c.part = 0 \
         WHERE t.{column} IN ({{keys}}) AND t.cites_artist = 1"
    );
    let clear = format!(
        "UPDATE accounts SET cites_artist = 0 WHERE {column} IN ({{keys}}) AND cites_artist = 1"
    );
    for sql in [copy, clear] {
        bulk::execute_in(conn, &sql, &[], keys).await?;
    }
    Ok(())
}

fn row_cells(write: &AccountWrite<'_>) -> Result<[Cell; 8]> {
    let account = write.account;
    Ok([
        Cell::from(account.slug.as_str()),
        Cell::Int(write.artist_id),
        Cell::from(account.platform.as_str()),
        // No handle is stored as '' (the column predates handles being optional).
        Cell::from(account.handle.as_deref().unwrap_or("")),
        Cell::from(account.url.as_deref()),
        Cell::OptText(moment_text(account.public_since.as_ref())),
        Cell::OptText(reported_text(&account.reported)?),
        Cell::Int(i64::from(write.cites_artist)),
    ])
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: i64,
    artist_id: i64,
    cites_artist: i64,
    slug: String,
    artist: String,
    platform: String,
    handle: String,
    url: Option<String>,
    public_since: Option<String>,
    reported: Option<String>,
}

/// Reported milestones as stored: a JSON list, or NULL for none.
fn reported_text(reported: &[ReportedMilestone]) -> Result<Option<String>> {
    if reported.is_empty() {
        return Ok(None);
    }
    serde_json::to_string(reported)
        .map(Some)
        .map_err(|e| StoreError::Corrupt(format!("reported milestones: {e}")))
}

pub(crate) async fn load(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<Account>> {
    let mut by_id = load_map(conn, ids).await?;
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

/// Loads accounts by id; ids without a row are left out.
pub(crate) async fn load_map(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<HashMap<i64, Account>> {
    let rows: Vec<AccountRow> = rows_for_ids(
        conn,
        "SELECT t.id, t.artist_id, t.cites_artist, t.slug, a.slug AS artist, t.platform, t.handle, \
         t.url, t.public_since, t.reported \
         FROM accounts t JOIN artists a ON a.id = t.artist_id WHERE t.id IN ({ids})",
        ids,
    )
    .await?;
    // An account's citations are its own rows, or its artist's when it shares them.
    let (sharing, own): (Vec<&AccountRow>, Vec<&AccountRow>) =
        rows.iter().partition(|row| row.cites_artist != 0);
    let own: Vec<i64> = own.iter().map(|row| row.id).collect();
    let mut artists: Vec<i64> = sharing.iter().map(|row| row.artist_id).collect();
    artists.sort_unstable();
    artists.dedup();
    let mut sources = citations::load(conn, Subject::Account, &own).await?;
    let artist_sources = citations::load(conn, Subject::Artist, &artists).await?;
    let mut by_id = HashMap::new();
    for row in rows {
        let account = Account {
            slug: slug(&row.slug)?,
            artist: slug(&row.artist)?,
            platform: named(&row.platform, Platform::parse)?,
            handle: Some(row.handle).filter(|h| !h.is_empty()),
            url: row.url,
            public_since: moment(row.public_since)?,
            reported: match &row.reported {
                Some(text) => serde_json::from_str(text).map_err(|e| {
                    StoreError::Corrupt(format!("account {}: reported milestones: {e}", row.slug))
                })?,
                None => Vec::new(),
            },
            sources: if row.cites_artist != 0 {
                artist_sources
                    .get(&row.artist_id)
                    .cloned()
                    .unwrap_or_default()
            } else {
                sources.remove(&row.id).unwrap_or_default()
            },
        };
        by_id.insert(row.id, account);
    }
    Ok(by_id)
}
