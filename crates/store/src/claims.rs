//! Articles and the claims they yield: an article is stored once per digest of its text, with the
//! source made for it; its claims are JSON documents with a status (proposed, accepted, rejected).

use model::Source;
use sqlx::AnyConnection;

use crate::columns::{Table, id_of};
use crate::{Page, Result, Store, StoreError};

/// An article as stored; `body` is the app's JSON document (text, dateline, notes).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ArticleRow {
    pub slug: String,
    pub digest: String,
    pub source: String,
    pub submitted_at: String,
    pub body: String,
}

/// A claim as stored; `body` is the app's JSON document (fields, evidence, span, entities…).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ClaimRow {
    pub slug: String,
    pub article: String,
    pub source: String,
    pub position: i64,
    pub kind: String,
    pub status: String,
    pub body: String,
}

/// A claim to store with a new article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewClaim {
    pub kind: String,
    pub body: String,
}

/// Which claims to list.
#[derive(Debug, Clone, Default)]
pub struct ClaimFilter {
    pub status: Option<String>,
    pub article: Option<String>,
    pub kind: Option<String>,
}

const CLAIM_COLUMNS: &str = "c.slug, a.slug AS article, s.slug AS source, c.position, c.kind, c.status, c.body \
     FROM claims c JOIN articles a ON a.id = c.article_id JOIN sources s ON s.id = a.source_id";

impl Store {
    /// Stores an article with its claims in one transaction, unless an article with the same digest is
    /// stored already: then nothing is written and that article's slug is returned with `false`.
    /// The source is the one with the same URL when there is one, else `source` is created.
    pub async fn submit_article(
        &self,
        article: &ArticleRow,
        source: &Source,
        claims: &[NewClaim],
    ) -> Result<(String, bool)> {
        let mut tx = self.begin_write().await?;
        let conn = tx.conn();
        let known: Option<(String,)> =
            sqlx::query_as("SELECT slug FROM articles WHERE digest = $1")
                .bind(article.digest.as_str())
                .fetch_optional(&mut *conn)
                .await?;
        if let Some((slug,)) = known {
            return Ok((slug, false));
        }
        let source_id = match source_by_url(conn, &source.url).await? {
            Some(id) => id,
            None => {
                if id_of(conn, Table::Sources, source.slug.as_str())
                    .await?
                    .is_some()
                {
                    return Err(StoreError::Duplicate {
                        kind: "source",
                        slug: source.slug.to_string(),
                    });
                }
                crate::sources::insert(conn, source).await?
            }
        };
        let (article_id,): (i64,) = sqlx::query_as(
            "INSERT INTO articles (slug, digest, source_id, submitted_at, body) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(article.slug.as_str())
        .bind(article.digest.as_str())
        .bind(source_id)
        .bind(article.submitted_at.as_str())
        .bind(article.body.as_str())
        .fetch_one(&mut *conn)
        .await?;
        for (index, claim) in claims.iter().enumerate() {
            sqlx::query(
                "INSERT INTO claims (slug, article_id, position, kind, status, body) VALUES ($1, $2, $3, $4, 'proposed', $5)",
            )
            .bind(format!("{}-{}", article.slug, index + 1))
            .bind(article_id)
            .bind(i64::try_from(index + 1).unwrap_or(i64::MAX))
            .bind(claim.kind.as_str())
            .bind(claim.body.as_str())
            .execute(&mut *conn)
            .await?;
        }
        tx.commit().await?;
        Ok((article.slug.clone(), true))
    }

    pub async fn article(&self, slug: &str) -> Result<Option<ArticleRow>> {
        let mut conn = self.read().await?;
        Ok(sqlx::query_as(
            "SELECT a.slug, a.digest, s.slug AS source, a.submitted_at, a.body FROM articles a \
             JOIN sources s ON s.id = a.source_id WHERE a.slug = $1",
        )
        .bind(slug)
        .fetch_optional(&mut *conn)
        .await?)
    }

    /// Articles by slug, a page at a time.
    pub async fn articles(&self, page: &Page) -> Result<Vec<ArticleRow>> {
        let mut conn = self.read().await?;
        Ok(sqlx::query_as(
            "SELECT a.slug, a.digest, s.slug AS source, a.submitted_at, a.body FROM articles a \
             JOIN sources s ON s.id = a.source_id WHERE a.slug > $1 ORDER BY a.slug LIMIT $2",
        )
        .bind(page.after.as_deref().unwrap_or(""))
        .bind(i64::from(page.limit))
        .fetch_all(&mut *conn)
        .await?)
    }

    pub async fn claim(&self, slug: &str) -> Result<Option<ClaimRow>> {
        let mut conn = self.read().await?;
        let sql = format!("SELECT {CLAIM_COLUMNS} WHERE c.slug = $1");
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(slug)
            .fetch_optional(&mut *conn)
            .await?)
    }

    /// Claims in article order (an article's claims in the order it states them), a page at a time;
    /// `page.after` is the last claim's slug.
    pub async fn claims(&self, filter: &ClaimFilter, page: &Page) -> Result<Vec<ClaimRow>> {
        let mut conn = self.read().await?;
        let mut sql = format!(
            "SELECT {CLAIM_COLUMNS} WHERE (a.slug, c.position) > \
             (SELECT COALESCE((SELECT a2.slug FROM claims c2 JOIN articles a2 ON a2.id = c2.article_id WHERE c2.slug = $1), ''), \
                     COALESCE((SELECT c2.position FROM claims c2 WHERE c2.slug = $1), 0))"
        );
        let mut binds: Vec<String> = vec![page.after.clone().unwrap_or_default()];
        for (column, value) in [
            ("c.status", &filter.status),
            ("a.slug", &filter.article),
            ("c.kind", &filter.kind),
        ] {
            if let Some(value) = value {
                binds.push(value.clone());
                sql.push_str(&format!(" AND {column} = ${}", binds.len()));
            }
        }
        sql.push_str(&format!(
            " ORDER BY a.slug, c.position LIMIT ${}",
            binds.len() + 1
        ));
        let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
        for bind in binds {
            query = query.bind(bind);
        }
        Ok(query
            .bind(i64::from(page.limit))
            .fetch_all(&mut *conn)
            .await?)
    }

    /// Sets a claim's status and document. `expected` is the status it must have now (so two curators
    /// deciding at once cannot both win); a claim in another status is `Conflict`.
    pub async fn update_claim(
        &self,
        slug: &str,
        expected: &str,
        status: &str,
        body: &str,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let done =
            sqlx::query("UPDATE claims SET status = $1, body = $2 WHERE slug = $3 AND status = $4")
                .bind(status)
                .bind(body)
                .bind(slug)
                .bind(expected)
                .execute(tx.conn())
                .await?;
        if done.rows_affected() == 0 {
            let now: Option<(String,)> =
                sqlx::query_as("SELECT status FROM claims WHERE slug = $1")
                    .bind(slug)
                    .fetch_optional(tx.conn())
                    .await?;
            return Err(match now {
                None => StoreError::NotFound {
                    kind: "claim",
                    slug: slug.to_owned(),
                },
                Some((now,)) => {
                    StoreError::Conflict(format!("claim {slug} is {now}, not {expected}"))
                }
            });
        }
        tx.commit().await
    }
}

async fn source_by_url(conn: &mut AnyConnection, url: &str) -> Result<Option<i64>> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM sources WHERE url = $1 ORDER BY id LIMIT 1")
            .bind(url)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map(|(id,)| id))
}
