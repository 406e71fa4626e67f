//! `bside bench ingest`: durable ingest over HTTP. A bside server runs in this process on a fresh
//! SQLite database (WAL, synchronous commits: acknowledged means on disk); clients POST batches to
//! `/api/v1/points` over keep-alive HTTP/1.1 connections; the points acknowledged per second are the
//! result, and the database must then hold exactly as many points as were acknowledged.
//!
//! Then a breakdown of where the time goes, each measured alone on a fresh database with the same
//! points: parsing the JSON bodies, `App::ingest_points` without HTTP (store plus crossing refresh),
//! and `Store::insert_points` alone (no refresh).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use app::{App, PointInput, StoreOptions};
use clap::Args;
use jiff::Timestamp;
use model::{Metric, SeriesKey, Slug};
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::generate::Rng;
use super::records::rate;
use super::{parse_count, show_count};

#[derive(Args)]
pub(crate) struct IngestArgs {
    /// Points to send in all.
    #[arg(long, value_parser = parse_count, default_value = "1M")]
    points: u64,
    /// Points per request.
    #[arg(long, default_value_t = 10_000)]
    batch: usize,
    /// Accounts the points spread over (one followers series each).
    #[arg(long, default_value_t = 1_000)]
    series: usize,
    /// Series each request touches (its points split evenly among them).
    #[arg(long, default_value_t = 10)]
    series_per_request: usize,
    /// Concurrent HTTP connections.
    #[arg(long, default_value_t = 4)]
    clients: usize,
    /// Where the databases go. Default: a temporary directory, removed afterwards.
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Only the HTTP run, no breakdown.
    #[arg(long)]
    no_breakdown: bool,
}

pub(crate) async fn run(args: &IngestArgs) -> anyhow::Result<()> {
    if args.batch == 0 || args.series == 0 || args.series_per_request == 0 {
        bail!("--batch, --series and --series-per-request must be positive");
    }
    let temp = tempfile::tempdir()?;
    let dir = args.dir.clone().unwrap_or_else(|| temp.path().to_owned());
    std::fs::create_dir_all(&dir)?;
    let workload = Workload::new(args);
    println!(
        "bside bench ingest: {} points in {} requests of {} points over {} series ({} per request), {} client(s)",
        show_count(workload.n_points()),
        workload.requests.len(),
        args.batch,
        args.series,
        args.series_per_request.min(args.series),
        args.clients
    );

    let http = over_http(&dir.join("http.db"), &workload, args.clients).await?;
    println!(
        "HTTP: {} points acknowledged in {:.2}s: {} points/s; requests p50 {:.0} ms, p99 {:.0} ms; \
         the database holds {} points: {}",
        http.acknowledged,
        http.elapsed.as_secs_f64(),
        rate(http.acknowledged as f64 / http.elapsed.as_secs_f64()),
        http.p50.as_secs_f64() * 1e3,
        http.p99.as_secs_f64() * 1e3,
        http.stored,
        if http.stored == http.acknowledged {
            "every acknowledged point"
        } else {
            "NOT what was acknowledged"
        }
    );
    if http.stored != http.acknowledged {
        bail!(
            "{} points acknowledged but {} stored",
            http.acknowledged,
            http.stored
        );
    }
    if args.no_breakdown {
        return Ok(());
    }

    println!("where the time goes (each alone, one task, fresh database):");
    let parse = parse_bodies(&workload)?;
    println!(
        "  JSON parsing of the bodies (serde, as the handler does): {:.2}s, {} points/s",
        parse.as_secs_f64(),
        rate(workload.n_points() as f64 / parse.as_secs_f64())
    );
    let direct = direct(&dir.join("app.db"), &workload, true).await?;
    println!(
        "  App::ingest_points (store + crossing refresh, no HTTP): {:.2}s, {} points/s",
        direct.as_secs_f64(),
        rate(workload.n_points() as f64 / direct.as_secs_f64())
    );
    let store_only = direct_store(&dir.join("store.db"), &workload).await?;
    println!(
        "  Store::insert_points alone (no refresh): {:.2}s, {} points/s; refresh is the rest: ~{:.2}s",
        store_only.as_secs_f64(),
        rate(workload.n_points() as f64 / store_only.as_secs_f64()),
        (direct.as_secs_f64() - store_only.as_secs_f64()).max(0.0)
    );
    Ok(())
}

/// The requests to send: each a JSON body and, for the breakdown, the same points as store input.
pub(crate) struct Workload {
    pub(crate) accounts: Vec<Slug>,
    requests: Vec<Request>,
}

struct Request {
    body: Vec<u8>,
    points: Vec<PointInput>,
}

impl Workload {
    /// Points for `args.series` accounts, every series advancing by about an hour per point; request
    /// `r` covers `series_per_request` consecutive series (round robin).
    pub(crate) fn new(args: &IngestArgs) -> Self {
        Self::build(
            args.points,
            args.batch,
            args.series,
            args.series_per_request,
        )
    }

    pub(crate) fn build(
        n_points: u64,
        batch: usize,
        n_series: usize,
        series_per_request: usize,
    ) -> Self {
        let per_request = series_per_request.min(n_series);
        let accounts: Vec<Slug> = (0..n_series)
            .map(|i| Slug::parse(&format!("bench-{i:06}-ig")).expect("a valid slug"))
            .collect();
        let keys: Vec<SeriesKey> = accounts
            .iter()
            .map(|slug| SeriesKey::account(slug.clone(), Metric::Followers))
            .collect();
        let key_texts: Vec<String> = keys.iter().map(ToString::to_string).collect();
        let mut rng = Rng::new(11);
        // 2020-01-01T00:00:00Z, then a point an hour (and a bit) per series.
        let mut clock: Vec<i64> = (0..n_series)
            .map(|i| 1_577_836_800_000 + i as i64 * 1_000)
            .collect();
        let mut value: Vec<i64> = (0..n_series).map(|_| (rng.unit() * 1e6) as i64).collect();
        let mut requests = Vec::new();
        let mut left = n_points;
        let mut first_series = 0;
        while left > 0 {
            let size = (batch as u64).min(left) as usize;
            left -= size as u64;
            let mut points = Vec::with_capacity(size);
            let mut body = String::with_capacity(size * 80);
            body.push_str("{\"points\":[");
            for i in 0..size {
                let s = (first_series + i % per_request) % n_series;
                clock[s] += 3_600_000 + (rng.unit() * 60_000.0) as i64;
                value[s] += (rng.unit() * 5_000.0) as i64;
                if i > 0 {
                    body.push(',');
                }
                let at = Timestamp::from_millisecond(clock[s]).expect("instants are in range");
                body.push_str(&format!(
                    "{{\"series\":\"{}\",\"at\":\"{at}\",\"value\":{}}}",
                    key_texts[s], value[s]
                ));
                points.push(PointInput {
                    series: keys[s].clone(),
                    at: clock[s],
                    value: value[s],
                    illustrative: false,
                });
            }
            body.push_str("]}");
            first_series = (first_series + per_request) % n_series;
            requests.push(Request {
                body: body.into_bytes(),
                points,
            });
        }
        Self { accounts, requests }
    }

    pub(crate) fn n_points(&self) -> u64 {
        self.requests.iter().map(|r| r.points.len() as u64).sum()
    }

    pub(crate) fn batches(&self) -> impl Iterator<Item = &[PointInput]> + '_ {
        self.requests.iter().map(|r| r.points.as_slice())
    }
}

/// A fresh database at `path` (removed first) with the workload's accounts.
pub(crate) async fn fresh_app(url: &str, accounts: &[Slug]) -> anyhow::Result<App> {
    let app = App::open(url, &StoreOptions::default())
        .await
        .with_context(|| format!("cannot open {}", app::Store::redact_url(url)))?;
    let artists: Vec<serde_json::Value> = accounts
        .iter()
        .map(|slug| {
            serde_json::json!({
                "slug": format!("{slug}-artist"),
                "name": format!("Artist {slug}"),
                "kind": "person",
            })
        })
        .collect();
    let listed: Vec<serde_json::Value> = accounts
        .iter()
        .map(|slug| {
            serde_json::json!({
                "slug": slug.as_str(),
                "artist": format!("{slug}-artist"),
                "platform": "instagram",
                "handle": slug.as_str(),
                "public_since": {"date": "2019-06-01"},
            })
        })
        .collect();
    let bundle: model::Bundle = serde_json::from_value(serde_json::json!({
        "format": "bside.bundle",
        "version": 1,
        "artists": artists,
        "accounts": listed,
    }))
    .context("the bench bundle is not a bundle")?;
    app.import(&bundle, &mut |_| {})
        .await
        .context("cannot import the bench accounts")?;
    Ok(app)
}

fn sqlite_url(path: &Path) -> anyhow::Result<String> {
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.as_os_str().to_owned();
        file.push(suffix);
        match std::fs::remove_file(&file) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                return Err(error).context("cannot remove an old bench database");
            }
            _ => {}
        }
    }
    Ok(format!("sqlite://{}", path.display()))
}

struct HttpRun {
    acknowledged: u64,
    stored: u64,
    elapsed: Duration,
    p50: Duration,
    p99: Duration,
}

async fn over_http(path: &Path, workload: &Workload, clients: usize) -> anyhow::Result<HttpRun> {
    let app = fresh_app(&sqlite_url(path)?, &workload.accounts).await?;
    let token = app.create_token("bench", Timestamp::now()).await?.secret;
    let router = web::router(
        app.clone(),
        &web::WebOptions {
            max_body_bytes: 64 * 1024 * 1024,
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(listener, router)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
    });

    let workload = Arc::new(
        workload
            .requests
            .iter()
            .map(|r| r.body.clone())
            .collect::<Vec<_>>(),
    );
    let next = Arc::new(AtomicUsize::new(0));
    let acknowledged = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients.max(1))
        .map(|_| {
            let (workload, next, acknowledged) =
                (workload.clone(), next.clone(), acknowledged.clone());
            let token = token.clone();
            tokio::spawn(async move {
                let mut client = Client::connect(address, &token).await?;
                let mut latencies = Vec::new();
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(body) = workload.get(index) else {
                        break;
                    };
                    let sent = Instant::now();
                    let n = client.post_points(body).await?;
                    latencies.push(sent.elapsed());
                    acknowledged.fetch_add(n, Ordering::Relaxed);
                }
                anyhow::Ok(latencies)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.context("a client panicked")??);
    }
    let elapsed = started.elapsed();
    let _ = stop.send(());
    server.await.context("the server panicked")??;
    let stored = u64::try_from(app.store().n_points().await?).unwrap_or(0);
    app.store().close().await;
    latencies.sort_unstable();
    let at = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    Ok(HttpRun {
        acknowledged: acknowledged.load(Ordering::Relaxed),
        stored,
        elapsed,
        p50: at(0.5),
        p99: at(0.99),
    })
}

/// A keep-alive HTTP/1.1 connection that POSTs point batches (just enough HTTP for this).
struct Client {
    stream: TcpStream,
    head: String,
    buffer: Vec<u8>,
}

#[derive(Deserialize)]
struct Accepted {
    points: u64,
}

impl Client {
    async fn connect(address: std::net::SocketAddr, token: &str) -> anyhow::Result<Self> {
        let stream = TcpStream::connect(address).await?;
        stream.set_nodelay(true)?;
        Ok(Self {
            stream,
            head: format!(
                "POST /api/v1/points HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\n\
                 Content-Type: application/json\r\n"
            ),
            buffer: Vec::with_capacity(4096),
        })
    }

    /// Sends one batch; returns the points the server acknowledged (201 only).
    async fn post_points(&mut self, body: &[u8]) -> anyhow::Result<u64> {
        let head = format!("{}Content-Length: {}\r\n\r\n", self.head, body.len());
        self.stream.write_all(head.as_bytes()).await?;
        self.stream.write_all(body).await?;
        self.buffer.clear();
        let header_end = loop {
            if let Some(end) = find(&self.buffer, b"\r\n\r\n") {
                break end + 4;
            }
            if self.read_more().await? == 0 {
                bail!("the server closed the connection");
            }
        };
        let head = std::str::from_utf8(&self.buffer[..header_end])?.to_owned();
        let status = head.split(' ').nth(1).unwrap_or_default().to_owned();
        let length: usize = head
            .lines()
            .find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.eq_ignore_ascii_case("content-length")
                    .then(|| value.trim().parse().ok())?
            })
            .context("a response without Content-Length")?;
        while self.buffer.len() < header_end + length {
            if self.read_more().await? == 0 {
                bail!("the server closed the connection");
            }
        }
        let body = &self.buffer[header_end..header_end + length];
        if status != "201" {
            bail!("status {status}: {}", String::from_utf8_lossy(body));
        }
        let accepted: Accepted = serde_json::from_slice(body)?;
        Ok(accepted.points)
    }

    async fn read_more(&mut self) -> anyhow::Result<usize> {
        let mut chunk = [0u8; 4096];
        let n = self.stream.read(&mut chunk).await?;
        self.buffer.extend_from_slice(&chunk[..n]);
        Ok(n)
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The handler's body, parsed the same way (serde into keys, instants and counts).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    points: Vec<BodyPoint>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BodyPoint {
    series: SeriesKey,
    at: Timestamp,
    value: u64,
    #[serde(default)]
    illustrative: bool,
}

fn parse_bodies(workload: &Workload) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let mut n = 0;
    for request in &workload.requests {
        let body: Body = serde_json::from_slice(&request.body)?;
        n += body
            .points
            .iter()
            .filter(|p| !p.illustrative && p.value < u64::MAX && p.at > Timestamp::MIN)
            .filter(|p| p.series.metric == Metric::Followers)
            .count();
    }
    std::hint::black_box(n);
    Ok(started.elapsed())
}

/// `App::ingest_points` batch by batch, as the handler calls it.
async fn direct(path: &Path, workload: &Workload, check: bool) -> anyhow::Result<Duration> {
    let app = fresh_app(&sqlite_url(path)?, &workload.accounts).await?;
    let started = Instant::now();
    for batch in workload.batches() {
        app.ingest_points(batch).await?;
    }
    let elapsed = started.elapsed();
    if check {
        let stored = u64::try_from(app.store().n_points().await?).unwrap_or(0);
        if stored != workload.n_points() {
            bail!("{stored} points stored of {}", workload.n_points());
        }
    }
    app.store().close().await;
    Ok(elapsed)
}

/// `Store::insert_points` batch by batch: storing without refreshing crossings.
async fn direct_store(path: &Path, workload: &Workload) -> anyhow::Result<Duration> {
    let app = fresh_app(&sqlite_url(path)?, &workload.accounts).await?;
    let started = Instant::now();
    for batch in workload.batches() {
        app.store().insert_points(batch).await?;
    }
    let elapsed = started.elapsed();
    app.store().close().await;
    Ok(elapsed)
}
