//! Accounts: an artist on a platform, with the moment it went public.

use std::collections::HashMap;

use model::{Account, Citation, Platform, ReportedMilestone, Slug};
use sqlx::AnyConnection;

use crate::citations::{self, Subject};
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
        citations::delete(conn, Subject::Account, id).await?;
        let artist_id = reference(conn, Table::Artists, &account.artist, "artist").await?;
        sqlx::query(
            "UPDATE accounts SET slug = $1, artist_id = $2, platform = $3, handle = $4, url = $5, public_since = $6, reported = $7 WHERE id = $8",
        )
        .bind(account.slug.as_str())
        .bind(artist_id)
        .bind(account.platform.as_str())
        // No handle is stored as '' (the column predates handles being optional).
        .bind(account.handle.as_deref().unwrap_or(""))
        .bind(account.url.as_deref())
        .bind(moment_text(account.public_since.as_ref()))
        .bind(reported_text(&account.reported)?)
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(duplicate(Table::Accounts, account.slug.as_str()))?;
        citations::insert(conn, Subject::Account, id, &account.sources, "").await?;
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
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO accounts (slug, artist_id, platform, handle, url, public_since, reported) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(account.slug.as_str())
    .bind(artist_id)
    .bind(account.platform.as_str())
    // No handle is stored as '' (the column predates handles being optional).
        .bind(account.handle.as_deref().unwrap_or(""))
    .bind(account.url.as_deref())
    .bind(moment_text(account.public_since.as_ref()))
    .bind(reported_text(&account.reported)?)
    .fetch_one(&mut *conn)
    .await
    .map_err(duplicate(Table::Accounts, account.slug.as_str()))?;
    citations::insert(conn, Subject::Account, id, &account.sources, field).await?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: i64,
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
    let rows: Vec<AccountRow> = rows_for_ids(
        conn,
        "SELECT t.id, t.slug, a.slug AS artist, t.platform, t.handle, t.url, t.public_since, t.reported \
         FROM accounts t JOIN artists a ON a.id = t.artist_id WHERE t.id IN ({ids})",
        ids,
    )
    .await?;
    let mut sources = citations::load(conn, Subject::Account, ids).await?;
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
            sources: sources.remove(&row.id).unwrap_or_default(),
        };
        by_id.insert(row.id, account);
    }
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}
