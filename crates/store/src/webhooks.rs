//! Webhooks: subscriptions, the outbox of deliveries (one row per subscription × event, frozen body) and
//! the log of every delivery attempt. The outbox sweep and the delivery step in `app` drive these rows;
//! each call here is one transaction, so a crash leaves either the whole change or none of it.

use std::collections::HashSet;

use crate::{Result, Store, StoreError};

/// A subscription as stored. `secret` signs deliveries; it leaves the store only to the signer and,
/// once, to its creator.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SubscriptionRow {
    pub public_id: String,
    pub url: String,
    /// JSON array of artist slugs; empty means every artist.
    pub artists: String,
    /// JSON array of event kinds; empty means every kind.
    pub kinds: String,
    pub format: String,
    pub secret: String,
    pub created_by: String,
    pub created_at: i64,
    pub enabled: i64,
    pub failures: i64,
    pub disabled_at: Option<i64>,
    pub disabled_reason: Option<String>,
}

/// A delivery to add to the outbox.
#[derive(Debug, Clone)]
pub struct NewDelivery {
    pub subscription: String,
    pub event_id: String,
    pub event_kind: String,
    pub payload: String,
    pub idempotency_key: String,
}

/// A delivery whose time has come, with what sending it needs.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DueDelivery {
    pub idempotency_key: String,
    pub event_id: String,
    pub event_kind: String,
    pub payload: String,
    pub attempts: i64,
    pub subscription: String,
    pub url: String,
    pub format: String,
    pub secret: String,
}

/// A delivery as listed, with its attempts (oldest first).
#[derive(Debug, Clone)]
pub struct DeliveryRow {
    pub idempotency_key: String,
    pub event_id: String,
    pub event_kind: String,
    pub state: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub created_at: i64,
    pub delivered_at: Option<i64>,
    pub log: Vec<AttemptRow>,
}

/// One attempt: when, the HTTP status if one came back, how long it took, and what went wrong.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AttemptRow {
    pub at: i64,
    pub status: Option<i64>,
    pub latency_ms: i64,
    pub error: Option<String>,
}

/// What an attempt did, and what follows from it.
#[derive(Debug, Clone)]
pub struct AttemptOutcome {
    pub attempt: AttemptRow,
    pub delivered: bool,
    /// When to try again after a failure.
    pub retry_at: i64,
    /// Consecutive failures at which the subscription is disabled.
    pub max_failures: i64,
}

/// Delivery states.
pub const PENDING: &str = "pending";
pub const DELIVERED: &str = "delivered";

impl Store {
    pub async fn create_subscription(&self, row: &SubscriptionRow) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO webhook_subscriptions (public_id, url, artists, kinds, format, secret, created_by, \
             created_at, enabled, failures) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, 0)",
        )
        .bind(&row.public_id)
        .bind(&row.url)
        .bind(&row.artists)
        .bind(&row.kinds)
        .bind(&row.format)
        .bind(&row.secret)
        .bind(&row.created_by)
        .bind(row.created_at)
        .execute(tx.conn())
        .await
        .map_err(|error| {
            if StoreError::is_unique_violation(&error) {
                StoreError::Duplicate {
                    kind: "subscription",
                    slug: row.public_id.clone(),
                }
            } else {
                error.into()
            }
        })?;
        tx.commit().await
    }

    /// Every subscription, oldest first.
    pub async fn subscriptions(&self) -> Result<Vec<SubscriptionRow>> {
        let mut conn = self.read().await?;
        Ok(sqlx::query_as(
            "SELECT public_id, url, artists, kinds, format, secret, created_by, created_at, enabled, \
             failures, disabled_at, disabled_reason FROM webhook_subscriptions ORDER BY created_at, public_id",
        )
        .fetch_all(&mut *conn)
        .await?)
    }

    pub async fn subscription(&self, public_id: &str) -> Result<Option<SubscriptionRow>> {
        let mut conn = self.read().await?;
        Ok(sqlx::query_as(
            "SELECT public_id, url, artists, kinds, format, secret, created_by, created_at, enabled, \
             failures, disabled_at, disabled_reason FROM webhook_subscriptions WHERE public_id = $1",
        )
        .bind(public_id)
        .fetch_optional(&mut *conn)
        .await?)
    }

    /// Removes a subscription with its deliveries and their log.
    pub async fn delete_subscription(&self, public_id: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let id = subscription_id(tx.conn(), public_id).await?;
        sqlx::query(
            "DELETE FROM webhook_attempts WHERE delivery_id IN \
             (SELECT id FROM webhook_deliveries WHERE subscription_id = $1)",
        )
        .bind(id)
        .execute(tx.conn())
        .await?;
        sqlx::query("DELETE FROM webhook_deliveries WHERE subscription_id = $1")
            .bind(id)
            .execute(tx.conn())
            .await?;
        sqlx::query("DELETE FROM webhook_subscriptions WHERE id = $1")
            .bind(id)
            .execute(tx.conn())
            .await?;
        tx.commit().await
    }

    /// Enables a subscription again, its failure count back to zero; pending deliveries are due now.
    pub async fn enable_subscription(&self, public_id: &str, now: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let id = subscription_id(tx.conn(), public_id).await?;
        sqlx::query(
            "UPDATE webhook_subscriptions SET enabled = 1, failures = 0, disabled_at = NULL, \
             disabled_reason = NULL WHERE id = $1",
        )
        .bind(id)
        .execute(tx.conn())
        .await?;
        sqlx::query(
            "UPDATE webhook_deliveries SET next_attempt_at = $1 WHERE subscription_id = $2 AND state = $3",
        )
        .bind(now)
        .bind(id)
        .bind(PENDING)
        .execute(tx.conn())
        .await?;
        tx.commit().await
    }

    /// The ids of every event the outbox has already handed out.
    pub async fn seen_events(&self) -> Result<HashSet<String>> {
        let mut conn = self.read().await?;
        let rows: Vec<(String,)> = sqlx::query_as("SELECT event_id FROM webhook_seen_events")
            .fetch_all(&mut *conn)
            .await?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    /// Marks events seen and adds their deliveries, in one transaction; both are idempotent, so a sweep
    /// that runs twice (two processes, or a retry) adds nothing twice. Returns the deliveries added.
    pub async fn enqueue(
        &self,
        seen: &[String],
        deliveries: &[NewDelivery],
        now: i64,
    ) -> Result<usize> {
        let mut tx = self.begin_write().await?;
        for event_id in seen {
            sqlx::query(
                "INSERT INTO webhook_seen_events (event_id, seen_at) VALUES ($1, $2) \
                 ON CONFLICT (event_id) DO NOTHING",
            )
            .bind(event_id)
            .bind(now)
            .execute(tx.conn())
            .await?;
        }
        let mut added = 0;
        for delivery in deliveries {
            let Some(id) = optional_subscription_id(tx.conn(), &delivery.subscription).await?
            else {
                continue;
            };
            let done = sqlx::query(
                "INSERT INTO webhook_deliveries (subscription_id, event_id, event_kind, payload, \
                 idempotency_key, state, attempts, next_attempt_at, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $7) ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(&delivery.event_id)
            .bind(&delivery.event_kind)
            .bind(&delivery.payload)
            .bind(&delivery.idempotency_key)
            .bind(PENDING)
            .bind(now)
            .execute(tx.conn())
            .await?;
            added += usize::try_from(done.rows_affected()).unwrap_or(0);
        }
        tx.commit().await?;
        Ok(added)
    }

    /// Pending deliveries of enabled subscriptions whose next attempt is due, oldest first.
    pub async fn due_deliveries(&self, now: i64, limit: u32) -> Result<Vec<DueDelivery>> {
        let mut conn = self.read().await?;
        Ok(sqlx::query_as(
            "SELECT d.idempotency_key, d.event_id, d.event_kind, d.payload, d.attempts, \
             s.public_id AS subscription, s.url, s.format, s.secret \
             FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id \
             WHERE d.state = $1 AND d.next_attempt_at <= $2 AND s.enabled = 1 \
             ORDER BY d.next_attempt_at, d.id LIMIT $3",
        )
        .bind(PENDING)
        .bind(now)
        .bind(i64::from(limit))
        .fetch_all(&mut *conn)
        .await?)
    }

    /// Logs an attempt and applies its outcome: delivered (the failure count starts over), or due again
    /// at `retry_at` (the subscription is disabled when its failures reach the limit). Returns whether
    /// the subscription was disabled by this attempt.
    pub async fn record_attempt(&self, key: &str, outcome: &AttemptOutcome) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let row: Option<(i64, i64, String)> = sqlx::query_as(
            "SELECT id, subscription_id, state FROM webhook_deliveries WHERE idempotency_key = $1",
        )
        .bind(key)
        .fetch_optional(tx.conn())
        .await?;
        let Some((delivery_id, subscription_id, _state)) = row else {
            // Deleted with its subscription while the attempt was under way.
            return Ok(false);
        };
        let attempt = &outcome.attempt;
        sqlx::query(
            "INSERT INTO webhook_attempts (delivery_id, at, status, latency_ms, error) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(delivery_id)
        .bind(attempt.at)
        .bind(attempt.status)
        .bind(attempt.latency_ms)
        .bind(attempt.error.as_deref())
        .execute(tx.conn())
        .await?;
        let mut disabled = false;
        if outcome.delivered {
            sqlx::query(
                "UPDATE webhook_deliveries SET state = $1, attempts = attempts + 1, delivered_at = $2 WHERE id = $3",
            )
            .bind(DELIVERED)
            .bind(attempt.at)
            .bind(delivery_id)
            .execute(tx.conn())
            .await?;
            sqlx::query("UPDATE webhook_subscriptions SET failures = 0 WHERE id = $1")
                .bind(subscription_id)
                .execute(tx.conn())
                .await?;
        } else {
            sqlx::query(
                "UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = $1 WHERE id = $2",
            )
            .bind(outcome.retry_at)
            .bind(delivery_id)
            .execute(tx.conn())
            .await?;
            let (failures, enabled): (i64, i64) = sqlx::query_as(
                "UPDATE webhook_subscriptions SET failures = failures + 1 WHERE id = $1 RETURNING failures, enabled",
            )
            .bind(subscription_id)
            .fetch_one(tx.conn())
            .await?;
            if enabled == 1 && failures >= outcome.max_failures {
                sqlx::query(
                    "UPDATE webhook_subscriptions SET enabled = 0, disabled_at = $1, disabled_reason = $2 WHERE id = $3",
                )
                .bind(attempt.at)
                .bind(format!(
                    "{failures} consecutive failed attempts; the last: {}",
                    attempt.error.as_deref().unwrap_or("no answer")
                ))
                .bind(subscription_id)
                .execute(tx.conn())
                .await?;
                disabled = true;
            }
        }
        tx.commit().await?;
        Ok(disabled)
    }

    /// A subscription's deliveries, newest first, each with its attempts.
    pub async fn deliveries(&self, public_id: &str, limit: u32) -> Result<Vec<DeliveryRow>> {
        let mut conn = self.read().await?;
        let id = subscription_id(&mut conn, public_id).await?;
        type Row = (
            String,
            String,
            String,
            String,
            i64,
            i64,
            i64,
            Option<i64>,
            i64,
        );
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT idempotency_key, event_id, event_kind, state, attempts, next_attempt_at, created_at, \
             delivered_at, id FROM webhook_deliveries WHERE subscription_id = $1 \
             ORDER BY created_at DESC, id DESC LIMIT $2",
        )
        .bind(id)
        .bind(i64::from(limit))
        .fetch_all(&mut *conn)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let log: Vec<AttemptRow> = sqlx::query_as(
                "SELECT at, status, latency_ms, error FROM webhook_attempts WHERE delivery_id = $1 ORDER BY at, id",
            )
            .bind(row.8)
            .fetch_all(&mut *conn)
            .await?;
            out.push(DeliveryRow {
                idempotency_key: row.0,
                event_id: row.1,
                event_kind: row.2,
                state: row.3,
                attempts: row.4,
                next_attempt_at: row.5,
                created_at: row.6,
                delivered_at: row.7,
                log,
            });
        }
        Ok(out)
    }

    /// Sends a delivery again (same body, same idempotency key): pending and due at `now`.
    pub async fn redeliver(&self, public_id: &str, event_id: &str, now: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let id = subscription_id(tx.conn(), public_id).await?;
        let done = sqlx::query(
            "UPDATE webhook_deliveries SET state = $1, next_attempt_at = $2, delivered_at = NULL \
             WHERE subscription_id = $3 AND event_id = $4",
        )
        .bind(PENDING)
        .bind(now)
        .bind(id)
        .bind(event_id)
        .execute(tx.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound {
                kind: "delivery of event",
                slug: event_id.to_owned(),
            });
        }
        tx.commit().await
    }
}

async fn optional_subscription_id(
    conn: &mut sqlx::AnyConnection,
    public_id: &str,
) -> Result<Option<i64>> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM webhook_subscriptions WHERE public_id = $1")
            .bind(public_id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map(|(id,)| id))
}

async fn subscription_id(conn: &mut sqlx::AnyConnection, public_id: &str) -> Result<i64> {
    optional_subscription_id(conn, public_id)
        .await?
        .ok_or_else(|| StoreError::NotFound {
            kind: "subscription",
            slug: public_id.to_owned(),
        })
}
