//! `bside bench insert-paths`: how fast SQLite takes the same point rows through sqlx's `Any` driver,
//! written five ways. Measures the proposal for a faster `store::series::write_points` (the store is
//! not changed here): the schema is the store's `series` and `points` tables, every batch is one
//! transaction with a synchronous (durable) commit, and every statement upserts with the store's rule.
//!
//! Why it matters: sqlx binds SQLite parameters by looking up each parameter's name, and SQLite finds
//! a name by walking the statement's list of names, so a statement with `n` numbered parameters
//! (`$1`…`$n`) costs O(n²) to bind. The store's 250-row statements have 1,000.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, AssertSqlSafe, Executor};

use super::generate::Rng;
use super::records::rate;
use super::{parse_count, show_count};

#[derive(Args)]
pub(crate) struct InsertPathsArgs {
    /// Rows to insert with each variant.
    #[arg(long, value_parser = parse_count, default_value = "500k")]
    points: u64,
    /// Rows per transaction.
    #[arg(long, default_value_t = 10_000)]
    batch: usize,
    /// Series the rows spread over.
    #[arg(long, default_value_t = 1_000)]
    series: usize,
}

/// How the rows are written.
#[derive(Debug, Clone, Copy)]
enum Variant {
    /// `$1, $2…` placeholders, `rows` rows per statement (the store today, with 250).
    Numbered { rows: usize },
    /// Anonymous `?` placeholders (SQLite's own syntax), `rows` rows per statement.
    Anonymous { rows: usize },
    /// One statement per batch with one parameter: the rows as a JSON array, read by `json_each`.
    Json,
}

impl Variant {
    fn describe(self) -> String {
        match self {
            Self::Numbered { rows } => format!("$N placeholders, {rows} rows per INSERT"),
            Self::Anonymous { rows } => format!("? placeholders, {rows} rows per INSERT"),
            Self::Json => "one INSERT … SELECT FROM json_each($1) per batch".to_owned(),
        }
    }
}

const UPSERT: &str = " ON CONFLICT (series_id, at) DO UPDATE SET \
     value = CASE WHEN excluded.value > points.value THEN excluded.value ELSE points.value END, \
     illustrative = CASE WHEN excluded.illustrative < points.illustrative THEN excluded.illustrative ELSE points.illustrative END";

pub(crate) async fn run(args: &InsertPathsArgs) -> anyhow::Result<()> {
    sqlx::any::install_default_drivers();
    let rows = workload(args);
    println!(
        "bside bench insert-paths: {} rows over {} series, {} rows per transaction, SQLite (WAL, synchronous commits) through sqlx Any",
        show_count(args.points),
        args.series,
        args.batch
    );
    let dir = tempfile::tempdir()?;
    let variants = [
        Variant::Numbered { rows: 250 },
        Variant::Numbered { rows: 32 },
        Variant::Anonymous { rows: 250 },
        Variant::Anonymous { rows: 1000 },
        Variant::Json,
    ];
    for (index, variant) in variants.into_iter().enumerate() {
        let pool = open(&dir.path().join(format!("variant-{index}.db")), args.series).await?;
        let took = insert(&pool, &rows, args.batch, variant).await?;
        let (stored,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM points")
            .fetch_one(&pool)
            .await?;
        pool.close().await;
        anyhow::ensure!(stored as usize == rows.len(), "{stored} rows stored");
        println!(
            "  {}: {:.2}s, {} rows/s",
            variant.describe(),
            took.as_secs_f64(),
            rate(rows.len() as f64 / took.as_secs_f64())
        );
    }
    Ok(())
}

/// `(series_id, at, value)` rows: each series advancing an hour a point, batches round robin over
/// ten series at a time (as `bench ingest` sends them).
fn workload(args: &InsertPathsArgs) -> Vec<(i64, i64, i64)> {
    let mut rng = Rng::new(3);
    let n_series = args.series.max(1);
    let mut clock = vec![1_577_836_800_000i64; n_series];
    let mut value = vec![0i64; n_series];
    (0..args.points as usize)
        .map(|i| {
            let batch = i / args.batch.max(1);
            let s = (batch * 10 + i % 10) % n_series;
            clock[s] += 3_600_000 + (rng.unit() * 60_000.0) as i64;
            value[s] += (rng.unit() * 5_000.0) as i64;
            (s as i64 + 1, clock[s], value[s])
        })
        .collect()
}

/// A fresh database with the store's `series` and `points` tables and `n_series` series.
async fn open(path: &Path, n_series: usize) -> anyhow::Result<AnyPool> {
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .after_connect(|conn, _meta| {
            Box::pin(async move {
                conn.execute("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;")
                    .await?;
                Ok(())
            })
        })
        .connect(&url)
        .await
        .with_context(|| format!("cannot open {}", path.display()))?;
    pool.execute(
        "CREATE TABLE series (id INTEGER PRIMARY KEY, metric TEXT NOT NULL, dirty_from INTEGER); \
         CREATE TABLE points (series_id INTEGER NOT NULL REFERENCES series (id) ON DELETE CASCADE, \
         at INTEGER NOT NULL, value INTEGER NOT NULL, illustrative INTEGER NOT NULL DEFAULT 0, \
         PRIMARY KEY (series_id, at)) WITHOUT ROWID;",
    )
    .await?;
    let values: Vec<String> = (1..=n_series)
        .map(|id| format!("({id}, 'followers')"))
        .collect();
    pool.execute(AssertSqlSafe(format!(
        "INSERT INTO series (id, metric) VALUES {}",
        values.join(", ")
    )))
    .await?;
    Ok(pool)
}

async fn insert(
    pool: &AnyPool,
    rows: &[(i64, i64, i64)],
    batch: usize,
    variant: Variant,
) -> anyhow::Result<Duration> {
    let started = Instant::now();
    for chunk in rows.chunks(batch.max(1)) {
        let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
        match variant {
            Variant::Numbered { rows } | Variant::Anonymous { rows } => {
                let numbered = matches!(variant, Variant::Numbered { .. });
                for statement in chunk.chunks(rows) {
                    let mut sql = String::from(
                        "INSERT INTO points (series_id, at, value, illustrative) VALUES ",
                    );
                    for i in 0..statement.len() {
                        if i > 0 {
                            sql.push_str(", ");
                        }
                        if numbered {
                            let p = 4 * i;
                            write!(sql, "(${}, ${}, ${}, ${})", p + 1, p + 2, p + 3, p + 4)?;
                        } else {
                            sql.push_str("(?, ?, ?, ?)");
                        }
                    }
                    sql.push_str(UPSERT);
                    let mut query = sqlx::query(AssertSqlSafe(sql));
                    for &(series, at, value) in statement {
                        query = query.bind(series).bind(at).bind(value).bind(0i64);
                    }
                    query.execute(&mut *tx).await?;
                }
            }
            Variant::Json => {
                let mut json = String::with_capacity(chunk.len() * 40);
                json.push('[');
                for (i, (series, at, value)) in chunk.iter().enumerate() {
                    if i > 0 {
                        json.push(',');
                    }
                    write!(json, "[{series},{at},{value}]")?;
                }
                json.push(']');
                let sql = format!(
                    "INSERT INTO points (series_id, at, value, illustrative) \
                     SELECT value ->> 0, value ->> 1, value ->> 2, 0 FROM json_each($1) WHERE true{UPSERT}"
                );
                sqlx::query(AssertSqlSafe(sql))
                    .bind(json)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
    }
    Ok(started.elapsed())
}
