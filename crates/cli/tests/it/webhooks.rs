//! Webhooks through the real binary: a subscription made with `bside webhooks add`, events made through
//! the API, the server killed with SIGKILL while a delivery is in flight and started again: every event
//! arrives, signed, exactly once by idempotency key. Private and metadata targets are refused.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::{Server, TestDatabase, bside, stderr, stdout, temp_dir};

/// A request the receiver got: its idempotency key, its event id, whether its signature verified.
#[derive(Debug, Clone)]
struct Got {
    key: String,
    event: String,
    signed: bool,
}

#[derive(Clone, Default)]
struct Receiver {
    secret: Arc<Mutex<String>>,
    got: Arc<Mutex<Vec<Got>>>,
    /// While set, the next request is held without an answer (the server dies during it).
    hold_next: Arc<AtomicBool>,
    held: Arc<AtomicBool>,
}

async fn hook(State(receiver): State<Receiver>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    let signature = header("bside-signature");
    let secret = receiver.secret.lock().unwrap().clone();
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    let got = Got {
        key: header("idempotency-key"),
        event: json["event"]["id"].as_str().unwrap_or("").to_owned(),
        signed: verify(&secret, &signature, &body),
    };
    if receiver.hold_next.swap(false, Ordering::SeqCst) {
        receiver.held.store(true, Ordering::SeqCst);
        // Never answered: the sender is killed while it waits.
        std::future::pending::<()>().await;
    }
    receiver.got.lock().unwrap().push(got);
    StatusCode::NO_CONTENT
}

/// HMAC-SHA256 over "t.body", as the README tells receivers to check it.
fn verify(secret: &str, header: &str, body: &[u8]) -> bool {
    let fields: BTreeMap<&str, &str> = header
        .split(',')
        .filter_map(|p| p.split_once('='))
        .collect();
    let (Some(t), Some(v1)) = (fields.get("t"), fields.get("v1")) else {
        return false;
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.").as_bytes());
    mac.update(body);
    hex::decode(v1).is_ok_and(|given| mac.verify_slice(&given).is_ok())
}

/// Serves the receiver on 127.0.0.1 from a thread of its own; returns its URL.
fn start_receiver(receiver: &Receiver) -> String {
    let receiver = receiver.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            let router = axum::Router::new()
                .route("/hook", axum::routing::post(hook))
                .with_state(receiver);
            axum::serve(listener, router).await.unwrap();
        });
    });
    format!("http://{}/hook", rx.recv().unwrap())
}

fn wait_for(what: &str, timeout: Duration, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < timeout, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn write_config(dir: &Path) {
    std::fs::write(
        dir.join("bside.toml"),
        "[webhooks]\nallow = [\"127.0.0.1\"]\nretry_base_ms = 100\ninterval_ms = 200\ntimeout_ms = 60000\n",
    )
    .unwrap();
}

fn every_event_arrives_once_by_key_across_kill_9(database: &TestDatabase, dir: &Path) {
    write_config(dir);
    let token = stdout(&bside(dir, database.url(), &["token", "create", "curator"]))
        .trim()
        .to_owned();
    let receiver = Receiver::default();
    let url = start_receiver(&receiver);
    let server = Server::start(dir, database.url(), true);

    let added = bside(
        dir,
        database.url(),
        &[
            "webhooks",
            "add",
            &url,
            "--artist",
            "v",
            "--kind",
            "mv_released",
        ],
    );
    assert!(added.status.success(), "{}", stderr(&added));
    let line = stdout(&added);
    let (id, secret) = line.trim().split_once('\t').expect("id and secret");
    *receiver.secret.lock().unwrap() = secret.to_owned();

    receiver.hold_next.store(true, Ordering::SeqCst);
    let expected: Vec<String> = (1..=5)
        .map(|n| format!("mv_released:kill-{n}-mv:0"))
        .collect();
    for n in 1..=5 {
        let video = format!(
            r#"{{"slug": "kill-{n}-mv", "title": "Kill {n}", "artists": ["v"],
                "history": [{{"state": "released", "at": {{"utc": "2024-05-0{n}T09:00:00Z", "zone": "Asia/Seoul"}}}}]}}"#
        );
        let (status, body) = server.request("POST", "/api/v1/videos", Some(&token), Some(&video));
        assert_eq!(status, 201, "{body}");
    }
    wait_for("a delivery in flight", Duration::from_secs(30), || {
        receiver.held.load(Ordering::SeqCst)
    });
    server.kill_hard();
    assert!(
        receiver.got.lock().unwrap().is_empty(),
        "nothing was answered before the kill"
    );

    let server = Server::start(dir, database.url(), false);
    wait_for("every event", Duration::from_secs(60), || {
        let got = receiver.got.lock().unwrap();
        expected.iter().all(|e| got.iter().any(|g| &g.event == e))
    });
    let got = receiver.got.lock().unwrap().clone();
    assert!(
        got.iter().all(|g| g.signed),
        "every delivery verifies: {got:?}"
    );
    let mut by_key: BTreeMap<&str, &str> = BTreeMap::new();
    for g in &got {
        let previous = by_key.insert(&g.key, &g.event);
        assert!(
            previous.is_none_or(|p| p == g.event),
            "a key names one event"
        );
    }
    let mut events: Vec<&str> = by_key.values().copied().collect();
    events.sort_unstable();
    assert_eq!(
        events, expected,
        "each event exactly once by idempotency key"
    );

    let listed = bside(dir, database.url(), &["webhooks", "deliveries", id]);
    let text = stdout(&listed);
    wait_for(
        "the deliveries to be recorded",
        Duration::from_secs(10),
        || {
            let text = stdout(&bside(dir, database.url(), &["webhooks", "deliveries", id]));
            text.matches("\tdelivered\t").count() == 5
        },
    );
    assert!(text.contains("kill-1-mv"), "{text}");
    let (status, body) = server.request(
        "GET",
        &format!("/api/v1/subscriptions/{id}/deliveries"),
        Some(&token),
        None,
    );
    assert_eq!(status, 200, "{body}");
    assert!(!body.contains(secret), "the secret is never shown again");
}

#[test]
fn webhooks_survive_kill_9_mid_delivery_on_sqlite() {
    let dir = temp_dir();
    let database = TestDatabase::sqlite(dir.path(), "bside.db");
    every_event_arrives_once_by_key_across_kill_9(&database, dir.path());
}

#[test]
fn webhooks_survive_kill_9_mid_delivery_on_postgres() {
    let Some(database) = TestDatabase::postgres() else {
        return;
    };
    let dir = temp_dir();
    every_event_arrives_once_by_key_across_kill_9(&database, dir.path());
}

#[test]
fn private_and_metadata_targets_are_refused() {
    let dir = temp_dir();
    let database = TestDatabase::sqlite(dir.path(), "bside.db");
    write_config(dir.path());
    for (url, why) in [
        ("http://10.0.0.1/hook", "10.0.0.1, a private address"),
        (
            "http://169.254.169.254/latest/meta-data/",
            "169.254.169.254, a link-local address",
        ),
    ] {
        let output = bside(dir.path(), database.url(), &["webhooks", "add", url]);
        assert!(!output.status.success());
        let message = stderr(&output);
        assert!(
            message.contains(why) && message.contains("refused"),
            "{message}"
        );
    }
    let token = stdout(&bside(
        dir.path(),
        database.url(),
        &["token", "create", "curator"],
    ))
    .trim()
    .to_owned();
    let server = Server::start(dir.path(), database.url(), false);
    let (status, body) = server.request(
        "POST",
        "/api/v1/subscriptions",
        Some(&token),
        Some(r#"{"url": "http://169.254.169.254/latest/meta-data/"}"#),
    );
    assert_eq!(status, 400, "{body}");
    assert!(
        body.contains("link-local") && body.contains("\"field\":\"url\""),
        "{body}"
    );
    let listed = stdout(&bside(dir.path(), database.url(), &["webhooks", "list"]));
    assert!(listed.trim().is_empty(), "nothing was stored: {listed}");
}
