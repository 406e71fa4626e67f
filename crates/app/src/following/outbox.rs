//! The outbox sweep: how events get to subscribers without a write ever having to enqueue them. Events
//! are derived from the catalog (never stored), so the sweep diffs the events due now (their instant has
//! passed) against the ids already seen, and in one transaction marks the new ones seen and adds a
//! delivery per matching subscription. A crash between a write and the sweep loses nothing: the next
//! sweep (after the next write, on the loop's tick, or at start) finds the same new events.

use std::collections::HashMap;

use jiff::Timestamp;
use model::{Event, EventKind, Slug};
use serde::Serialize;
use sha2::{Digest, Sha256};
use store::NewDelivery;

use super::{Subscription, subject_path};
use crate::{App, Result};

/// The body every format is built from, frozen in the outbox when the event is enqueued.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub(crate) struct EventPayload {
    pub(crate) id: String,
    pub(crate) kind: String,
    pub(crate) title: String,
    /// `{date, utc?, zone?}`, as the API writes moments.
    pub(crate) at: serde_json::Value,
    /// The instant (or the start of the day) in UTC, RFC 3339.
    pub(crate) starts: String,
    /// The local wall-clock time with its zone abbreviation ("2023-09-16 00:00 KST"), or the date.
    pub(crate) when: String,
    pub(crate) subject: PayloadSubject,
    pub(crate) artists: Vec<String>,
    pub(crate) sources: Vec<PayloadSource>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub(crate) struct PayloadSubject {
    pub(crate) kind: String,
    pub(crate) slug: String,
    /// The subject's page.
    pub(crate) url: String,
}

/// A source the event cites.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub(crate) struct PayloadSource {
    pub(crate) slug: String,
    pub(crate) publisher: String,
    pub(crate) title: Option<String>,
    pub(crate) url: String,
    pub(crate) evidence: Option<String>,
}

impl App {
    /// Hands every event that became due since the last sweep to the subscriptions that want it.
    /// Idempotent; returns the number of deliveries added.
    pub async fn sweep_outbox(&self, now: Timestamp) -> Result<usize> {
        let due = self.timeline(None, now, usize::MAX).await?;
        let seen = self.store.seen_events().await?;
        let new: Vec<Event> = due.into_iter().filter(|e| !seen.contains(&e.id)).collect();
        if new.is_empty() {
            return Ok(0);
        }
        let subscriptions = self.subscriptions().await?;
        let mut sources = HashMap::new();
        let mut deliveries = Vec::new();
        for event in &new {
            let wanting: Vec<&Subscription> = subscriptions
                .iter()
                .filter(|s| wants(s, event.kind, &event.artists))
                .collect();
            if wanting.is_empty() {
                continue;
            }
            let payload = self.payload(event, &mut sources).await?;
            let text = serde_json::to_string(&payload).map_err(|error| {
                crate::AppError::Internal(store::StoreError::Corrupt(error.to_string()))
            })?;
            for subscription in wanting {
                deliveries.push(NewDelivery {
                    subscription: subscription.id.clone(),
                    event_id: event.id.clone(),
                    event_kind: event.kind.as_str().to_owned(),
                    payload: text.clone(),
                    idempotency_key: idempotency_key(&subscription.id, &event.id),
                });
            }
        }
        let ids: Vec<String> = new.iter().map(|e| e.id.clone()).collect();
        let added = self
            .store
            .enqueue(&ids, &deliveries, now.as_millisecond())
            .await?;
        if added > 0 {
            tracing::info!(
                events = ids.len(),
                deliveries = added,
                "outbox: events enqueued"
            );
        }
        Ok(added)
    }

    async fn payload(
        &self,
        event: &Event,
        cache: &mut HashMap<Slug, Option<model::Source>>,
    ) -> Result<EventPayload> {
        let base = self.following.options.public_url.trim_end_matches('/');
        let mut sources = Vec::new();
        for citation in &event.sources {
            if !cache.contains_key(&citation.source) {
                let source = self.store.source(citation.source.as_str()).await?;
                cache.insert(citation.source.clone(), source);
            }
            if let Some(Some(source)) = cache.get(&citation.source) {
                sources.push(PayloadSource {
                    slug: source.slug.to_string(),
                    publisher: source.publisher.clone(),
                    title: source.title.clone(),
                    url: source.url.clone(),
                    evidence: citation.evidence.clone(),
                });
            }
        }
        Ok(EventPayload {
            id: event.id.clone(),
            kind: event.kind.as_str().to_owned(),
            title: event.title.clone(),
            at: serde_json::to_value(&event.at).unwrap_or_default(),
            starts: event.at.start().to_string(),
            when: when(&event.at),
            subject: PayloadSubject {
                kind: event.subject.kind.as_str().to_owned(),
                slug: event.subject.slug.to_string(),
                url: format!(
                    "{base}{}",
                    subject_path(event.subject.kind, &event.subject.slug)
                ),
            },
            artists: event.artists.iter().map(ToString::to_string).collect(),
            sources,
        })
    }
}

/// "2023-09-16 00:00 KST" when the instant is known, else the date as given ("2023-08-10").
pub fn when(at: &model::Moment) -> String {
    match (at.local(), at.zone_abbreviation()) {
        (Some(local), Some(abbreviation)) => {
            format!("{} {abbreviation}", local.strftime("%Y-%m-%d %H:%M"))
        }
        (Some(local), None) => format!("{} UTC", local.strftime("%Y-%m-%d %H:%M")),
        _ => at.date.to_string(),
    }
}

/// Whether a subscription wants an event of `kind` about `artists`.
pub(crate) fn wants(subscription: &Subscription, kind: EventKind, artists: &[Slug]) -> bool {
    (subscription.kinds.is_empty() || subscription.kinds.contains(&kind))
        && (subscription.artists.is_empty()
            || subscription.artists.iter().any(|a| artists.contains(a)))
}

/// Stable per subscription and event: the receiver's key to drop a delivery it already has.
pub(crate) fn idempotency_key(subscription: &str, event: &str) -> String {
    let digest = Sha256::digest(format!("{subscription}\n{event}").as_bytes());
    hex::encode(&digest[..16])
}
