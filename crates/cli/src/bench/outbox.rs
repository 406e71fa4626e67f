//! `bside bench outbox`: what the webhook outbox costs. The demo catalog plus N released videos (N new
//! events) in a fresh SQLite store, one subscription for everything, a receiver on 127.0.0.1 that
//! answers 204: the sweep that enqueues N events, the idle sweep (the cost of every tick at this catalog
//! size), and delivery throughput with the latency of each attempt.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::Context;
use app::{App, FollowingOptions, NewSubscription, PayloadFormat, StoreOptions};
use clap::Args;
use jiff::Timestamp;

#[derive(Args)]
pub(crate) struct OutboxArgs {
    /// New events (released videos) to sweep and deliver.
    #[arg(long, default_value_t = 1000)]
    events: usize,
}

pub(crate) async fn run(args: &OutboxArgs) -> anyhow::Result<()> {
    let dir = tempfile::tempdir().context("a temporary directory")?;
    let url = format!("sqlite://{}/bench.db", dir.path().display());
    let app = App::open(&url, &StoreOptions::default())
        .await?
        .with_following(FollowingOptions {
            allow: vec!["127.0.0.1".to_owned()],
            ..FollowingOptions::default()
        });
    app.load_demo().await?;

    let received = Arc::new(AtomicUsize::new(0));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let router = axum::Router::new().route(
        "/hook",
        axum::routing::post({
            let received = received.clone();
            move || async move {
                received.fetch_add(1, Ordering::Relaxed);
                axum::http::StatusCode::NO_CONTENT
            }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, router).await });

    let now = Timestamp::now();
    let subscription = app
        .create_subscription(
            &NewSubscription {
                url: format!("http://{address}/hook"),
                artists: Vec::new(),
                kinds: Vec::new(),
                format: PayloadFormat::Generic,
            },
            "bench",
            now,
        )
        .await?;
    for n in 0..args.events {
        let video: model::MusicVideo = serde_json::from_value(serde_json::json!({
            "slug": format!("bench-{n}-mv"), "title": format!("Bench {n}"), "artists": ["v"],
            "history": [{"state": "released", "at": {"utc": "2024-01-01T00:00:00Z", "zone": "Asia/Seoul"}}]
        }))?;
        app.create_video(&video).await?;
    }

    let started = Instant::now();
    let enqueued = app.sweep_outbox(now).await?;
    let sweep = started.elapsed();
    let started = Instant::now();
    let idle = app.sweep_outbox(now).await?;
    let idle_sweep = started.elapsed();
    anyhow::ensure!(
        enqueued == args.events && idle == 0,
        "expected {} deliveries",
        args.events
    );

    let started = Instant::now();
    while received.load(Ordering::Relaxed) < args.events {
        let report = app.run_deliveries(Timestamp::now()).await?;
        anyhow::ensure!(report.failed == 0, "a delivery failed: {report:?}");
    }
    let delivering = started.elapsed();
    let mut latencies: Vec<u64> = app
        .deliveries(&subscription.subscription.id, app::MAX_DELIVERIES)
        .await?
        .iter()
        .flat_map(|d| d.log.iter().map(|a| a.latency_ms))
        .collect();
    latencies.sort_unstable();
    let at = |q: f64| {
        let index = ((latencies.len() as f64 - 1.0) * q).round() as usize;
        latencies.get(index).copied().unwrap_or(0)
    };
    println!(
        "outbox, {} new events over the demo catalog (SQLite):\n  sweep that enqueues them: {:.1?}\n  \
         idle sweep (every tick): {:.1?}\n  delivery: {} in {:.1?} = {:.0} deliveries/s (one at a time)\n  \
         attempt latency over the last {}: p50 {} ms, p99 {} ms",
        args.events,
        sweep,
        idle_sweep,
        args.events,
        delivering,
        args.events as f64 / delivering.as_secs_f64().max(f64::EPSILON),
        latencies.len(),
        at(0.5),
        at(0.99),
    );
    Ok(())
}
