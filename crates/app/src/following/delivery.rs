//! The delivery step: sends the outbox's due deliveries, signed, and logs every attempt. A delivery is
//! marked delivered only after its target answered 2xx, so a process killed mid-request sends it again
//! after restart (same body, same idempotency key): at least once, never zero times. Failures retry
//! with exponential backoff and jitter; enough consecutive failures disable the subscription.

use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};
use jiff::Timestamp;
use rand::Rng;
use serde_json::json;
use sha2::Sha256;
use store::{AttemptOutcome, AttemptRow, DueDelivery};

use super::outbox::EventPayload;
use super::{PayloadFormat, target};
use crate::{App, Result};

/// The header that carries `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
pub const SIGNATURE_HEADER: &str = "Bside-Signature";
/// The header that carries the key stable per subscription × event.
pub const IDEMPOTENCY_HEADER: &str = "Idempotency-Key";
/// Deliveries sent per step at most.
pub(crate) const BATCH: u32 = 100;

/// What one delivery step did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    pub attempted: usize,
    pub delivered: usize,
    pub failed: usize,
    /// Subscriptions disabled by this step's failures.
    pub disabled: usize,
}

/// The signature header's value for `body` sent at `timestamp` (unix seconds).
pub fn sign(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!(
        "t={timestamp},v1={}",
        hex::encode(mac.finalize().into_bytes())
    )
}

impl App {
    /// Sends every due delivery once (in order, up to a batch) and records each attempt. Idempotent in
    /// the sense of habit 5: calling it again sends only what is still due. Steps in one process run
    /// one at a time.
    pub async fn run_deliveries(&self, now: Timestamp) -> Result<DeliveryReport> {
        let _running = self.following.running.lock().await;
        let due = self
            .store
            .due_deliveries(now.as_millisecond(), BATCH)
            .await?;
        let mut report = DeliveryReport::default();
        for delivery in due {
            report.attempted += 1;
            let attempt = self.attempt(&delivery, now).await;
            let delivered = attempt.error.is_none();
            let outcome = AttemptOutcome {
                retry_at: now.as_millisecond() + self.backoff(delivery.attempts),
                max_failures: i64::from(self.following.options.max_failures.max(1)),
                delivered,
                attempt,
            };
            if delivered {
                report.delivered += 1;
            } else {
                report.failed += 1;
                tracing::warn!(
                    subscription = %delivery.subscription,
                    event = %delivery.event_id,
                    error = outcome.attempt.error.as_deref().unwrap_or(""),
                    "webhook delivery failed"
                );
            }
            if self
                .store
                .record_attempt(&delivery.idempotency_key, &outcome)
                .await?
            {
                report.disabled += 1;
                tracing::warn!(subscription = %delivery.subscription, "webhook subscription disabled after repeated failures");
            }
        }
        Ok(report)
    }

    /// One POST of a delivery: the target checked again (its addresses may have changed), the body
    /// signed at `now`; an error unless a 2xx came back.
    async fn attempt(&self, delivery: &DueDelivery, now: Timestamp) -> AttemptRow {
        let started = Instant::now();
        let result = self.post(delivery, now).await;
        let latency_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
        let (status, error) = match result {
            Ok(status) if (200..300).contains(&status) => (Some(i64::from(status)), None),
            Ok(status) => (
                Some(i64::from(status)),
                Some(format!("the target answered HTTP {status}")),
            ),
            Err(error) => (None, Some(error)),
        };
        AttemptRow {
            at: now.as_millisecond(),
            status,
            latency_ms,
            error,
        }
    }

    async fn post(&self, delivery: &DueDelivery, now: Timestamp) -> Result<u16, String> {
        let options = &self.following.options;
        let url = target::parse_url(&delivery.url).map_err(|e| e.to_string())?;
        let checked = target::check(&url, &options.allow)
            .await
            .map_err(|e| e.to_string())?;
        let format = PayloadFormat::parse(&delivery.format)?;
        let payload: EventPayload = serde_json::from_str(&delivery.payload)
            .map_err(|error| format!("the stored payload is unreadable: {error}"))?;
        let body = body(format, &payload, delivery);
        let client = reqwest::Client::builder()
            .timeout(options.timeout)
            .connect_timeout(options.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .resolve_to_addrs(&checked.host, &checked.addresses)
            .user_agent(concat!("bside-webhooks/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|error| format!("cannot build the HTTP client: {error}"))?;
        let response = client
            .post(checked.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(
                SIGNATURE_HEADER,
                sign(&delivery.secret, now.as_second(), &body),
            )
            .header(IDEMPOTENCY_HEADER, &delivery.idempotency_key)
            .header("Bside-Event", &delivery.event_kind)
            .body(body)
            .send()
            .await
            .map_err(|error| describe(&error, options.timeout))?;
        Ok(response.status().as_u16())
    }

    /// Milliseconds to wait before the next try after `attempts` earlier ones: the base doubled per
    /// attempt, capped, then "equal jitter" (half fixed, half random) so failing receivers are not hit
    /// in lockstep.
    fn backoff(&self, attempts: i64) -> i64 {
        let options = &self.following.options;
        let exponent = u32::try_from(attempts.clamp(0, 30)).unwrap_or(30);
        let delay = options
            .retry_base
            .saturating_mul(2_u32.saturating_pow(exponent))
            .min(options.retry_max);
        let millis = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX).max(2);
        let jittered = millis / 2 + rand::rng().random_range(0..=millis / 2);
        i64::try_from(jittered).unwrap_or(i64::MAX)
    }
}

/// The bytes sent: bside's JSON, or a Discord message (`content` and one embed).
fn body(format: PayloadFormat, payload: &EventPayload, delivery: &DueDelivery) -> Vec<u8> {
    let value = match format {
        PayloadFormat::Generic => json!({
            "type": payload.kind,
            "idempotency_key": delivery.idempotency_key,
            "subscription": delivery.subscription,
            "event": payload,
        }),
        PayloadFormat::Discord => {
            let sources: Vec<String> = payload
                .sources
                .iter()
                .map(|s| format!("[{}]({})", s.publisher, s.url))
                .collect();
            let mut fields = vec![json!({"name": "When", "value": payload.when, "inline": true})];
            if !payload.artists.is_empty() {
                fields.push(
                    json!({"name": "Artists", "value": payload.artists.join(", "), "inline": true}),
                );
            }
            if !sources.is_empty() {
                fields.push(json!({"name": "Sources", "value": clip(&sources.join(" · "), 1024)}));
            }
            json!({
                "content": clip(&format!("**{}** — {}", payload.title, payload.when), 2000),
                "embeds": [{
                    "title": clip(&payload.title, 256),
                    "url": payload.subject.url,
                    "timestamp": payload.starts,
                    "fields": fields,
                    "footer": {"text": format!("bside · {}", payload.kind)},
                }],
                "allowed_mentions": {"parse": []},
            })
        }
    };
    serde_json::to_vec(&value).unwrap_or_default()
}

fn clip(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let mut clipped: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    clipped.push('…');
    clipped
}

/// A transport error in words: timeouts and refused connections named as such, with the cause.
fn describe(error: &reqwest::Error, timeout: Duration) -> String {
    if error.is_timeout() {
        return format!("no answer within {} ms", timeout.as_millis());
    }
    let mut text = if error.is_connect() {
        "cannot connect".to_owned()
    } else {
        "the request failed".to_owned()
    };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_cover_the_timestamp_and_the_body() {
        let header = sign("whsec_test", 1_700_000_000, b"{\"a\":1}");
        // Python: hmac.new(b"whsec_test", b'1700000000.{"a":1}', hashlib.sha256).hexdigest()
        assert_eq!(
            header,
            "t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789"
        );
        assert_ne!(header, sign("whsec_test", 1_700_000_001, b"{\"a\":1}"));
        assert_ne!(header, sign("whsec_test", 1_700_000_000, b"{\"a\":2}"));
        assert_ne!(header, sign("whsec_other", 1_700_000_000, b"{\"a\":1}"));
        assert_eq!(header, sign("whsec_test", 1_700_000_000, b"{\"a\":1}"));
    }

    #[test]
    fn long_text_is_clipped_to_discord_limits() {
        assert_eq!(clip("short", 10), "short");
        let clipped = clip(&"é".repeat(300), 256);
        assert_eq!(clipped.chars().count(), 256);
        assert!(clipped.ends_with('…'));
    }
}
