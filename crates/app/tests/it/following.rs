//! Webhooks end to end against a real HTTP receiver on 127.0.0.1: signatures verified independently,
//! 500s retried until every event arrives, failures that disable a subscription, re-enable and
//! redeliver, private targets refused; and calendar entries whose premiere moved.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use app::{App, FollowingOptions, NewSubscription, PayloadFormat, StoreOptions};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use hmac::{Hmac, Mac};
use jiff::{SignedDuration, Timestamp};
use model::{EventKind, MusicVideo, Slug};
use sha2::Sha256;
use tokio::sync::Mutex;

/// What the receiver got: one entry per request.
#[derive(Debug, Clone)]
struct Received {
    key: String,
    signature_ok: bool,
    body: serde_json::Value,
    answered: u16,
}

#[derive(Clone)]
struct Receiver {
    secret: Arc<Mutex<String>>,
    got: Arc<Mutex<Vec<Received>>>,
    /// Requests still to answer with 500.
    fail: Arc<AtomicUsize>,
}

/// Checks `t=T,v1=HEX` against HMAC-SHA256(secret, "T.body"), written here from the spec rather than
/// with bside's own signer.
fn verify(secret: &str, header: &str, body: &[u8]) -> bool {
    let mut t = None;
    let mut v1 = None;
    for part in header.split(',') {
        match part.split_once('=') {
            Some(("t", value)) => t = Some(value.to_owned()),
            Some(("v1", value)) => v1 = Some(value.to_owned()),
            _ => {}
        }
    }
    let (Some(t), Some(v1)) = (t, v1) else {
        return false;
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.").as_bytes());
    mac.update(body);
    let Ok(given) = hex::decode(v1) else {
        return false;
    };
    mac.verify_slice(&given).is_ok()
}

async fn hook(State(receiver): State<Receiver>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let secret = receiver.secret.lock().await.clone();
    let header = headers
        .get("bside-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let failing = receiver
        .fail
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok();
    let answered = if failing {
        StatusCode::INTERNAL_SERVER_ERROR
    } else {
        StatusCode::OK
    };
    receiver.got.lock().await.push(Received {
        key,
        signature_ok: verify(&secret, header, &body),
        body: serde_json::from_slice(&body).unwrap_or_default(),
        answered: answered.as_u16(),
    });
    answered
}

async fn start_receiver(fail: usize) -> (String, Receiver) {
    let receiver = Receiver {
        secret: Arc::default(),
        got: Arc::default(),
        fail: Arc::new(AtomicUsize::new(fail)),
    };
    let router = axum::Router::new()
        .route("/hook", axum::routing::post(hook))
        .with_state(receiver.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    (format!("http://{address}/hook"), receiver)
}

async fn demo_app(options: FollowingOptions) -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    // The outbox's SQL is the store's own; the store suite runs it on PostgreSQL too.
    let url = format!("sqlite://{}/bside.db", dir.path().display());
    let app = App::open(&url, &StoreOptions::default())
        .await
        .unwrap()
        .with_following(options);
    assert!(app.load_demo().await.unwrap());
    (app, dir)
}

fn options(max_failures: u32) -> FollowingOptions {
    FollowingOptions {
        allow: vec!["127.0.0.1".to_owned()],
        max_failures,
        retry_base: Duration::from_millis(10),
        timeout: Duration::from_secs(5),
        ..FollowingOptions::default()
    }
}

fn video(slug: &str, history: &serde_json::Value) -> MusicVideo {
    serde_json::from_value(serde_json::json!({
        "slug": slug, "title": slug, "artists": ["v"], "history": history
    }))
    .unwrap()
}

fn released(utc: &str) -> serde_json::Value {
    serde_json::json!([{"state": "released", "at": {"utc": utc, "zone": "Asia/Seoul"}}])
}

/// Sweeps and delivers at `now`, then an hour later, … until nothing is pending or `rounds` run out.
async fn drive(app: &App, mut now: Timestamp, rounds: usize) -> Timestamp {
    for _ in 0..rounds {
        app.sweep_outbox(now).await.unwrap();
        app.run_deliveries(now).await.unwrap();
        now = now.checked_add(SignedDuration::from_hours(1)).unwrap();
    }
    now
}

#[tokio::test]
async fn every_event_arrives_signed_after_500s_and_history_is_not_sent() {
    let (app, _dir) = demo_app(options(100)).await;
    let (url, receiver) = start_receiver(3).await;
    let now = Timestamp::now();
    let new = NewSubscription {
        url,
        artists: vec![Slug::parse("v").unwrap()],
        kinds: vec![EventKind::MvReleased, EventKind::MvScheduled],
        format: PayloadFormat::Generic,
    };
    let created = app.create_subscription(&new, "test", now).await.unwrap();
    *receiver.secret.lock().await = created.secret.clone();
    assert!(created.secret.starts_with("whsec_"));

    drive(&app, now, 2).await;
    assert!(
        receiver.got.lock().await.is_empty(),
        "the demo's history is not sent to a new subscription"
    );

    for (slug, at) in [
        ("one-mv", "2024-01-01T09:00:00Z"),
        ("two-mv", "2024-02-01T09:00:00Z"),
        ("three-mv", "2024-03-01T09:00:00Z"),
    ] {
        app.create_video(&video(slug, &released(at))).await.unwrap();
    }
    // A premiere two hours ahead: due only once its instant has passed.
    let premiere = now.checked_add(SignedDuration::from_hours(2)).unwrap();
    app.create_video(&video(
        "soon-mv",
        &serde_json::json!([{"state": "announced", "at": {"utc": premiere.to_string(), "zone": "Asia/Seoul"}}]),
    ))
    .await
    .unwrap();
    // Someone else's video is not about V: not sent.
    let mut other = video("other-mv", &released("2024-01-05T00:00:00Z"));
    other.artists = vec![Slug::parse("jungkook").unwrap()];
    app.create_video(&other).await.unwrap();

    app.sweep_outbox(now).await.unwrap();
    for _ in 0..6 {
        app.run_deliveries(now).await.unwrap();
    }
    {
        let got = receiver.got.lock().await;
        assert!(
            got.iter()
                .all(|r| r.body["event"]["id"] != "mv_scheduled:soon-mv"),
            "a premiere is not sent before its instant"
        );
    }
    drive(
        &app,
        now.checked_add(SignedDuration::from_hours(1)).unwrap(),
        6,
    )
    .await;

    let got = receiver.got.lock().await.clone();
    assert_eq!(
        got.iter().filter(|r| r.answered == 500).count(),
        3,
        "the receiver answered 500 three times"
    );
    assert!(
        got.iter().all(|r| r.signature_ok),
        "every request is signed: {got:?}"
    );
    let mut delivered: Vec<String> = got
        .iter()
        .filter(|r| r.answered == 200)
        .map(|r| r.body["event"]["id"].as_str().unwrap().to_owned())
        .collect();
    delivered.sort();
    delivered.dedup();
    assert_eq!(
        delivered,
        vec![
            "mv_released:one-mv:0",
            "mv_released:three-mv:0",
            "mv_released:two-mv:0",
            "mv_scheduled:soon-mv",
        ]
    );
    let keys: std::collections::BTreeSet<&str> = got.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(
        keys.len(),
        4,
        "one idempotency key per event, kept across retries"
    );
    let one = got
        .iter()
        .find(|r| r.body["event"]["id"] == "mv_released:one-mv:0")
        .unwrap();
    assert_eq!(one.body["type"], "mv_released");
    assert_eq!(one.body["event"]["starts"], "2024-01-01T09:00:00Z");
    assert_eq!(one.body["event"]["when"], "2024-01-01 18:00 KST");

    let deliveries = app.deliveries(&created.subscription.id, 100).await.unwrap();
    assert_eq!(deliveries.len(), 4);
    assert!(deliveries.iter().all(|d| d.state == "delivered"));
    let attempts: usize = deliveries.iter().map(|d| d.log.len()).sum();
    assert_eq!(attempts, 7, "four successes and three logged failures");
    let failed: Vec<_> = deliveries
        .iter()
        .flat_map(|d| &d.log)
        .filter(|a| a.status == Some(500))
        .collect();
    assert_eq!(failed.len(), 3);
    assert!(
        failed
            .iter()
            .all(|a| a.error.as_deref() == Some("the target answered HTTP 500"))
    );
    assert_eq!(
        app.subscription(&created.subscription.id)
            .await
            .unwrap()
            .failures,
        0
    );
}

#[tokio::test]
async fn repeated_failures_disable_a_subscription_until_it_is_enabled_and_redeliver_resends() {
    let (app, _dir) = demo_app(options(2)).await;
    let (url, receiver) = start_receiver(usize::MAX).await;
    let now = Timestamp::now();
    let new = NewSubscription {
        url,
        artists: Vec::new(),
        kinds: Vec::new(),
        format: PayloadFormat::Discord,
    };
    let created = app.create_subscription(&new, "test", now).await.unwrap();
    *receiver.secret.lock().await = created.secret.clone();
    let id = created.subscription.id.clone();
    app.create_video(&video("late-mv", &released("2024-04-01T03:00:00Z")))
        .await
        .unwrap();
    drive(&app, now, 5).await;
    let subscription = app.subscription(&id).await.unwrap();
    assert!(!subscription.enabled, "two failures in a row disable it");
    assert!(
        subscription
            .disabled_reason
            .as_deref()
            .is_some_and(|r| r.contains("HTTP 500")),
        "{subscription:?}"
    );
    assert_eq!(
        receiver.got.lock().await.len(),
        2,
        "nothing is sent while disabled"
    );

    receiver.fail.store(0, Ordering::SeqCst);
    app.enable_subscription(&id, now).await.unwrap();
    app.run_deliveries(now).await.unwrap();
    {
        let got = receiver.got.lock().await;
        assert_eq!(got.len(), 3);
        let last = got.last().unwrap();
        assert_eq!(last.answered, 200);
        assert!(last.signature_ok);
        assert!(
            last.body["content"]
                .as_str()
                .unwrap()
                .contains("late-mv premiered"),
            "a Discord message: {}",
            last.body
        );
        assert_eq!(last.body["embeds"][0]["timestamp"], "2024-04-01T03:00:00Z");
    }
    app.redeliver(&id, "mv_released:late-mv:0", now)
        .await
        .unwrap();
    app.run_deliveries(now).await.unwrap();
    let got = receiver.got.lock().await;
    assert_eq!(got.len(), 4, "sent again");
    assert_eq!(got[3].key, got[2].key, "with the same idempotency key");
    let missing = app.redeliver(&id, "no-such-event", now).await.unwrap_err();
    assert!(missing.to_string().contains("no-such-event"), "{missing}");
}

#[tokio::test]
async fn private_and_metadata_targets_are_refused_with_a_clear_error() {
    let (app, _dir) = demo_app(FollowingOptions::default()).await;
    for (url, why) in [
        ("http://10.0.0.1/hook", "private"),
        ("http://169.254.169.254/latest/meta-data", "link-local"),
        ("http://127.0.0.1:9/hook", "loopback"),
        ("http://[::1]/hook", "loopback"),
    ] {
        let new = NewSubscription {
            url: url.to_owned(),
            artists: Vec::new(),
            kinds: Vec::new(),
            format: PayloadFormat::Generic,
        };
        let error = app
            .create_subscription(&new, "test", Timestamp::now())
            .await
            .unwrap_err()
            .to_string();
        assert!(
            error.contains(why) && error.contains("refused"),
            "{url}: {error}"
        );
    }
    assert!(
        app.subscriptions().await.unwrap().is_empty(),
        "nothing was stored"
    );
}

#[tokio::test]
async fn a_moved_premiere_keeps_its_uid_with_a_higher_sequence() {
    let (app, _dir) = demo_app(FollowingOptions::default()).await;
    let now: Timestamp = "2023-09-14T00:00:00Z".parse().unwrap();
    let entries = app.calendar(Some("v"), now, Some(30)).await.unwrap();
    let for_us = entries
        .iter()
        .find(|e| e.uid == "video/layover-for-us-mv@bside")
        .expect("For Us is in V's calendar");
    assert_eq!(for_us.at.utc, Some("2023-09-15T15:00:00Z".parse().unwrap()));
    assert!(
        for_us.description.contains("00:00 KST"),
        "{}",
        for_us.description
    );
    assert_eq!(for_us.sequence, 0);

    let mut moved = video(
        "moving-mv",
        &serde_json::json!([{"state": "announced", "at": {"utc": "2023-09-20T09:00:00Z", "zone": "Asia/Seoul"}}]),
    );
    app.create_video(&moved).await.unwrap();
    let step: model::VideoStep = serde_json::from_value(serde_json::json!(
        {"state": "announced", "at": {"utc": "2023-09-21T09:00:00Z", "zone": "Asia/Seoul"}}
    ))
    .unwrap();
    moved = app.transition_video("moving-mv", &step).await.unwrap();
    assert_eq!(moved.history.len(), 2);
    let entries = app.calendar(Some("v"), now, Some(30)).await.unwrap();
    let entry = entries
        .iter()
        .find(|e| e.uid == "video/moving-mv@bside")
        .unwrap();
    assert_eq!(entry.sequence, 1);
    assert_eq!(entry.at.utc, Some("2023-09-21T09:00:00Z".parse().unwrap()));
    assert_eq!(
        entries
            .iter()
            .filter(|e| e.uid == "video/moving-mv@bside")
            .count(),
        1
    );
    // A date-only fact is an all-day entry: Love Me Again's MV is known to the day.
    let all_entries = app.calendar(Some("v"), now, Some(60)).await.unwrap();
    let love = all_entries
        .iter()
        .find(|e| e.uid == "video/layover-love-me-again-mv@bside")
        .expect("Love Me Again is in the 60-day window");
    assert_eq!(love.at.utc, None);
    let outside = app.calendar(Some("v"), now, Some(1)).await.unwrap();
    assert!(
        outside
            .iter()
            .all(|e| e.uid != "video/layover-love-me-again-mv@bside"),
        "past events older than the window are dropped"
    );
}
