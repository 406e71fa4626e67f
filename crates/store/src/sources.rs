//! Sources: the articles and announcements that facts cite.

use std::collections::HashMap;

use model::Source;
use sqlx::AnyConnection;

use crate::columns::{
    Filters, Table, duplicate, existing, id_of, in_use, moment, moment_text, rows_for_ids, slug,
    still_used,
};
use crate::{Page, Result, Store};

/// Which sources to list.
#[derive(Debug, Clone, Default)]
pub struct SourceFilter {
    pub publisher: Option<String>,
}

impl Store {
    pub async fn create_source(&self, source: &Source) -> Result<()> {
        let mut tx = self.begin_write().await?;
        insert(tx.conn(), source).await?;
        tx.commit().await
    }

    pub async fn replace_source(&self, slug: &str, source: &Source) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let id = existing(tx.conn(), Table::Sources, slug).await?;
        sqlx::query("UPDATE sources SET slug = $1, url = $2, publisher = $3, title = $4, published = $5 WHERE id = $6")
            .bind(source.slug.as_str())
            .bind(source.url.as_str())
            .bind(source.publisher.as_str())
            .bind(source.title.as_deref())
            .bind(moment_text(source.published.as_ref()))
            .bind(id)
            .execute(tx.conn())
            .await
            .map_err(duplicate(Table::Sources, source.slug.as_str()))?;
        tx.commit().await
    }

    pub async fn delete_source(&self, slug: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let id = existing(tx.conn(), Table::Sources, slug).await?;
        // Citations have no foreign key (see `citations`): their writers hold the source's key-share
        // lock, which `existing` waited out, and a citation already written is found here.
        if crate::citations::cited(tx.conn(), id).await? {
            return Err(still_used(Table::Sources, slug, "facts that cite it"));
        }
        sqlx::query("DELETE FROM sources WHERE id = $1")
            .bind(id)
            .execute(tx.conn())
            .await
            .map_err(in_use(Table::Sources, slug, "facts that cite it"))?;
        tx.commit().await
    }

    pub async fn source(&self, slug: &str) -> Result<Option<Source>> {
        let mut conn = self.read().await?;
        let Some(id) = id_of(&mut conn, Table::Sources, slug).await? else {
            return Ok(None);
        };
        Ok(load(&mut conn, &[id]).await?.pop())
    }

    pub async fn sources(&self, filter: &SourceFilter, page: &Page) -> Result<Vec<Source>> {
        let mut conn = self.read().await?;
        let mut filters = Filters::default();
        filters.add(filter.publisher.as_deref(), |p| {
            format!("t.publisher = {p}")
        });
        let ids = filters.page_ids(&mut conn, Table::Sources, page).await?;
        load(&mut conn, &ids).await
    }
}

pub(crate) async fn insert(conn: &mut AnyConnection, source: &Source) -> Result<i64> {
    let (id,): (i64,) =
        sqlx::query_as("INSERT INTO sources (slug, url, publisher, title, published) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(source.slug.as_str())
            .bind(source.url.as_str())
            .bind(source.publisher.as_str())
            .bind(source.title.as_deref())
            .bind(moment_text(source.published.as_ref()))
            .fetch_one(&mut *conn)
            .await
            .map_err(duplicate(Table::Sources, source.slug.as_str()))?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct SourceRow {
    id: i64,
    slug: String,
    url: String,
    publisher: String,
    title: Option<String>,
    published: Option<String>,
}

pub(crate) async fn load(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<Source>> {
    let rows: Vec<SourceRow> = rows_for_ids(
        conn,
        "SELECT id, slug, url, publisher, title, published FROM sources WHERE id IN ({ids})",
        ids,
    )
    .await?;
    let mut by_id = HashMap::new();
    for row in rows {
        let source = Source {
            slug: slug(&row.slug)?,
            url: row.url,
            publisher: row.publisher,
            title: row.title,
            published: moment(row.published)?,
        };
        by_id.insert(row.id, source);
    }
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}
