//! Write tokens. Only the SHA-256 of a token's secret is stored; the secret is shown once, at creation.

use crate::{Result, Store, StoreError};

/// A token as stored: its name, the hash of its secret, and when it was made and revoked.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TokenRow {
    pub name: String,
    pub hash: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

impl Store {
    pub async fn create_token(&self, name: &str, hash: &str, created_at: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("INSERT INTO tokens (name, hash, created_at) VALUES ($1, $2, $3)")
            .bind(name)
            .bind(hash)
            .bind(created_at)
            .execute(tx.conn())
            .await
            .map_err(|error| {
                if StoreError::is_unique_violation(&error) {
                    StoreError::Duplicate {
                        kind: "token",
                        slug: name.to_owned(),
                    }
                } else {
                    error.into()
                }
            })?;
        tx.commit().await
    }

    pub async fn tokens(&self) -> Result<Vec<TokenRow>> {
        let mut conn = self.read().await?;
        Ok(
            sqlx::query_as("SELECT name, hash, created_at, revoked_at FROM tokens ORDER BY name")
                .fetch_all(&mut *conn)
                .await?,
        )
    }

    /// Revokes a token by name; revoking twice keeps the first instant.
    pub async fn revoke_token(&self, name: &str, revoked_at: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let done =
            sqlx::query("UPDATE tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE name = $2")
                .bind(revoked_at)
                .bind(name)
                .execute(tx.conn())
                .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound {
                kind: "token",
                slug: name.to_owned(),
            });
        }
        tx.commit().await
    }

    /// The live (not revoked) token with this hash.
    pub async fn live_token(&self, hash: &str) -> Result<Option<TokenRow>> {
        let mut conn = self.read().await?;
        Ok(sqlx::query_as("SELECT name, hash, created_at, revoked_at FROM tokens WHERE hash = $1 AND revoked_at IS NULL")
            .bind(hash)
            .fetch_optional(&mut *conn)
            .await?)
    }
}
