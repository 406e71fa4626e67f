//! Following: webhook subscriptions and their durable outbox, and the calendar entries behind the iCal
//! calendars. Subscriptions are rows; events reach them through the outbox sweep (`outbox.rs`) and are
//! sent by an idempotent delivery step (`delivery.rs`) that `bside serve` runs in a loop.

mod calendar;
mod delivery;
mod outbox;
mod target;

use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use model::{EventKind, Invalid, Slug, SubjectKind};
use rand::RngCore;
use serde::Serialize;
use store::{AttemptRow, DeliveryRow, SubscriptionRow};

pub use calendar::{CalendarEntry, CalendarKind, MAX_CALENDAR_PAST_DAYS};
pub use delivery::{DeliveryReport, IDEMPOTENCY_HEADER, SIGNATURE_HEADER, sign};
pub use outbox::when;

use crate::{App, AppError, Result};

/// How following behaves: who webhooks may reach, how they retry, where links point.
#[derive(Debug, Clone)]
pub struct FollowingOptions {
    /// Addresses or host names a webhook may reach even though they are private or loopback.
    pub allow: Vec<String>,
    /// Consecutive failed attempts after which a subscription is disabled.
    pub max_failures: u32,
    /// The first retry waits about this long; each further one twice as long (with jitter).
    pub retry_base: Duration,
    /// Retries never wait longer than this.
    pub retry_max: Duration,
    /// A delivery that has not been answered in this long has failed.
    pub timeout: Duration,
    /// The address people reach bside at, for links in payloads (`http://127.0.0.1:8080`).
    pub public_url: String,
    /// Calendars keep events that started at most this many days ago.
    pub calendar_past_days: u32,
}

impl Default for FollowingOptions {
    fn default() -> Self {
        Self {
            allow: Vec::new(),
            max_failures: 10,
            retry_base: Duration::from_secs(2),
            retry_max: Duration::from_secs(3600),
            timeout: Duration::from_secs(10),
            public_url: "http://127.0.0.1:8080".to_owned(),
            calendar_past_days: 90,
        }
    }
}

/// Shared by an `App`'s clones: the options and the bell that wakes the outbox after a write.
#[derive(Debug)]
pub(crate) struct Following {
    pub(crate) options: FollowingOptions,
    pub(crate) wake: tokio::sync::Notify,
    /// Delivery steps in one process run one at a time, so none sends what another is sending.
    pub(crate) running: tokio::sync::Mutex<()>,
}

impl Following {
    pub(crate) fn new(options: FollowingOptions) -> Arc<Self> {
        Arc::new(Self {
            options,
            wake: tokio::sync::Notify::new(),
            running: tokio::sync::Mutex::new(()),
        })
    }
}

/// How a delivery's body looks: bside's own JSON, or a Discord channel webhook's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PayloadFormat {
    Generic,
    Discord,
}

impl PayloadFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Generic => "generic",
            Self::Discord => "discord",
        }
    }

    /// Parses `generic` or `discord`; the error names both.
    pub fn parse(text: &str) -> Result<Self, String> {
        match text {
            "generic" => Ok(Self::Generic),
            "discord" => Ok(Self::Discord),
            _ => Err(format!(
                "unknown format {text:?}, expected one of: generic, discord"
            )),
        }
    }
}

/// What a subscriber asks for.
#[derive(Debug, Clone)]
pub struct NewSubscription {
    pub url: String,
    /// Only events about these artists; empty for every artist.
    pub artists: Vec<Slug>,
    /// Only these kinds of event; empty for every kind.
    pub kinds: Vec<EventKind>,
    pub format: PayloadFormat,
}

/// A subscription as shown (never with its secret).
#[derive(Debug, Clone, Serialize)]
pub struct Subscription {
    pub id: String,
    pub url: String,
    pub artists: Vec<Slug>,
    pub kinds: Vec<EventKind>,
    pub format: PayloadFormat,
    pub created_by: String,
    pub created_at: Timestamp,
    pub enabled: bool,
    /// Failed attempts since the last success.
    pub failures: u32,
    pub disabled_at: Option<Timestamp>,
    pub disabled_reason: Option<String>,
}

/// A subscription just made, with the secret that signs its deliveries (shown this once).
#[derive(Debug, Clone)]
pub struct CreatedSubscription {
    pub subscription: Subscription,
    pub secret: String,
}

/// A delivery with its attempts.
#[derive(Debug, Clone, Serialize)]
pub struct Delivery {
    pub event: String,
    pub kind: String,
    pub idempotency_key: String,
    /// `pending` (due at `next_attempt_at`) or `delivered`.
    pub state: String,
    pub attempts: u32,
    pub created_at: Timestamp,
    pub next_attempt_at: Option<Timestamp>,
    pub delivered_at: Option<Timestamp>,
    pub log: Vec<Attempt>,
}

/// One attempt to deliver.
#[derive(Debug, Clone, Serialize)]
pub struct Attempt {
    pub at: Timestamp,
    /// The HTTP status that came back; none when no answer did.
    pub status: Option<u16>,
    pub latency_ms: u64,
    pub error: Option<String>,
}

/// Deliveries listed per request at most.
pub const MAX_DELIVERIES: u32 = 500;

impl App {
    /// Uses these following options (allow-list, retries, links, calendar window).
    #[must_use]
    pub fn with_following(mut self, options: FollowingOptions) -> Self {
        self.following = Following::new(options);
        self
    }

    pub fn following_options(&self) -> &FollowingOptions {
        &self.following.options
    }

    /// Wakes the outbox loop: something was written that may have made events.
    pub fn wake_outbox(&self) {
        self.following.wake.notify_one();
    }

    /// Waits until [`App::wake_outbox`] is called (or returns at once if it was since the last wait).
    pub async fn outbox_woken(&self) {
        self.following.wake.notified().await;
    }

    /// Makes a subscription: the target must be an http(s) URL on a public address (or allowed), the
    /// artists must exist. Events already handed out are not sent to it: it gets what happens from now.
    pub async fn create_subscription(
        &self,
        new: &NewSubscription,
        created_by: &str,
        now: Timestamp,
    ) -> Result<CreatedSubscription> {
        let url = target::parse_url(&new.url)?;
        target::check(&url, &self.following.options.allow).await?;
        for (index, artist) in new.artists.iter().enumerate() {
            if self.store.artist(artist.as_str()).await?.is_none() {
                return Err(Invalid::new(
                    format!("artists[{index}]"),
                    format!("no artist {:?}", artist.as_str()),
                )
                .into());
            }
        }
        // Everything due so far counts as history: seen before the subscription exists.
        self.sweep_outbox(now).await?;
        let mut id_bytes = [0_u8; 8];
        rand::rng().fill_bytes(&mut id_bytes);
        let mut secret_bytes = [0_u8; 32];
        rand::rng().fill_bytes(&mut secret_bytes);
        let row = SubscriptionRow {
            public_id: format!("sub_{}", hex::encode(id_bytes)),
            url: url.to_string(),
            artists: serde_json::to_string(&new.artists).map_err(|e| internal(&e))?,
            kinds: serde_json::to_string(&new.kinds).map_err(|e| internal(&e))?,
            format: new.format.as_str().to_owned(),
            secret: format!("whsec_{}", hex::encode(secret_bytes)),
            created_by: created_by.to_owned(),
            created_at: now.as_millisecond(),
            enabled: 1,
            failures: 0,
            disabled_at: None,
            disabled_reason: None,
        };
        self.store.create_subscription(&row).await?;
        Ok(CreatedSubscription {
            secret: row.secret.clone(),
            subscription: subscription_of(&row)?,
        })
    }

    pub async fn subscriptions(&self) -> Result<Vec<Subscription>> {
        self.store
            .subscriptions()
            .await?
            .iter()
            .map(subscription_of)
            .collect()
    }

    pub async fn subscription(&self, id: &str) -> Result<Subscription> {
        let row = self
            .store
            .subscription(id)
            .await?
            .ok_or_else(|| AppError::NotFound {
                kind: "subscription",
                slug: id.to_owned(),
            })?;
        subscription_of(&row)
    }

    pub async fn delete_subscription(&self, id: &str) -> Result<()> {
        Ok(self.store.delete_subscription(id).await?)
    }

    /// Enables a subscription again (after it was disabled by failures); its pending deliveries are due.
    pub async fn enable_subscription(&self, id: &str, now: Timestamp) -> Result<Subscription> {
        self.store
            .enable_subscription(id, now.as_millisecond())
            .await?;
        self.wake_outbox();
        self.subscription(id).await
    }

    /// Sends the delivery of `event` again, with the same body and idempotency key.
    pub async fn redeliver(&self, id: &str, event: &str, now: Timestamp) -> Result<()> {
        self.store
            .redeliver(id, event, now.as_millisecond())
            .await?;
        self.wake_outbox();
        Ok(())
    }

    /// A subscription's deliveries, newest first, with every attempt.
    pub async fn deliveries(&self, id: &str, limit: u32) -> Result<Vec<Delivery>> {
        if limit == 0 || limit > MAX_DELIVERIES {
            return Err(
                Invalid::new("limit", format!("must be between 1 and {MAX_DELIVERIES}")).into(),
            );
        }
        Ok(self
            .store
            .deliveries(id, limit)
            .await?
            .into_iter()
            .map(delivery_of)
            .collect())
    }
}

/// The path of an event subject's page (`/videos/layover-for-us-mv`).
pub fn subject_path(kind: SubjectKind, slug: &Slug) -> String {
    let collection = match kind {
        SubjectKind::Release => "releases",
        SubjectKind::Video => "videos",
        SubjectKind::Appearance => "appearances",
        SubjectKind::Account => "accounts",
    };
    format!("/{collection}/{slug}")
}

fn subscription_of(row: &SubscriptionRow) -> Result<Subscription> {
    let corrupt = |what: &str| {
        AppError::Internal(store::StoreError::Corrupt(format!(
            "subscription {}: {what}",
            row.public_id
        )))
    };
    Ok(Subscription {
        id: row.public_id.clone(),
        url: row.url.clone(),
        artists: serde_json::from_str(&row.artists).map_err(|_| corrupt("artists"))?,
        kinds: serde_json::from_str(&row.kinds).map_err(|_| corrupt("kinds"))?,
        format: PayloadFormat::parse(&row.format).map_err(|_| corrupt("format"))?,
        created_by: row.created_by.clone(),
        created_at: millis(row.created_at),
        enabled: row.enabled == 1,
        failures: u32::try_from(row.failures).unwrap_or(u32::MAX),
        disabled_at: row.disabled_at.map(millis),
        disabled_reason: row.disabled_reason.clone(),
    })
}

fn delivery_of(row: DeliveryRow) -> Delivery {
    let pending = row.state == store::DELIVERY_PENDING;
    Delivery {
        event: row.event_id,
        kind: row.event_kind,
        idempotency_key: row.idempotency_key,
        attempts: u32::try_from(row.attempts).unwrap_or(u32::MAX),
        created_at: millis(row.created_at),
        next_attempt_at: pending.then(|| millis(row.next_attempt_at)),
        delivered_at: row.delivered_at.map(millis),
        state: row.state,
        log: row.log.iter().map(attempt_of).collect(),
    }
}

fn attempt_of(row: &AttemptRow) -> Attempt {
    Attempt {
        at: millis(row.at),
        status: row.status.and_then(|s| u16::try_from(s).ok()),
        latency_ms: u64::try_from(row.latency_ms).unwrap_or(0),
        error: row.error.clone(),
    }
}

pub(crate) fn millis(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn internal(error: &serde_json::Error) -> AppError {
    AppError::Internal(store::StoreError::Corrupt(error.to_string()))
}

impl App {
    /// The outbox loop of `bside serve`: a sweep and a delivery step now (at start, so what a crash
    /// left behind goes out), then again after every write and every `interval`. Never returns; abort
    /// the task to stop it (an attempt cut short is simply sent again later).
    pub async fn run_outbox(&self, interval: Duration) {
        loop {
            let now = Timestamp::now();
            if let Err(error) = self.sweep_outbox(now).await {
                tracing::warn!(%error, "outbox sweep failed");
            }
            let full = match self.run_deliveries(now).await {
                Ok(report) => report.attempted >= delivery::BATCH as usize,
                Err(error) => {
                    tracing::warn!(%error, "webhook delivery step failed");
                    false
                }
            };
            if full {
                continue;
            }
            tokio::select! {
                () = self.outbox_woken() => {}
                () = tokio::time::sleep(interval) => {}
            }
        }
    }
}
