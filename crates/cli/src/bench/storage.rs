//! `bside bench storage`: what a stored point costs on disk. Points go in through `App::ingest_points`
//! (as the API stores them, crossings included); SQLite's cost is the growth of the database file,
//! PostgreSQL's is `pg_total_relation_size('points')` (table, primary key index, TOAST) in a fresh
//! database.

use std::path::Path;

use anyhow::Context;
use clap::Args;
use sqlx::Connection;

use super::ingest::{Workload, fresh_app};
use super::{parse_count, show_count};

#[derive(Args)]
pub(crate) struct StorageArgs {
    /// Points to store.
    #[arg(long, value_parser = parse_count, default_value = "1M")]
    points: u64,
    /// Accounts the points spread over.
    #[arg(long, default_value_t = 1_000)]
    series: usize,
    /// Also measure PostgreSQL: a URL to a server where a fresh database `bside_bench_storage` is
    /// created, and dropped afterwards (postgres://postgres@127.0.0.1:5432/postgres).
    #[arg(long)]
    postgres: Option<String>,
}

const DATABASE: &str = "bside_bench_storage";

pub(crate) async fn run(args: &StorageArgs) -> anyhow::Result<()> {
    let workload = Workload::build(args.points, 10_000, args.series, 10);
    let n = workload.n_points() as f64;
    println!(
        "bside bench storage: {} points over {} series, in batches of 10k",
        show_count(workload.n_points()),
        args.series
    );

    let dir = tempfile::tempdir()?;
    let path = dir.path().join("storage.db");
    let url = format!("sqlite://{}", path.display());
    let app = fresh_app(&url, &workload.accounts).await?;
    app.store().close().await;
    let before = sqlite_bytes(&path)?;
    let app = fresh_app_reopen(&url).await?;
    for batch in workload.batches() {
        app.ingest_points(batch).await?;
    }
    app.store().close().await;
    let after = sqlite_bytes(&path)?;
    println!(
        "SQLite: the database grew by {} bytes: {:.1} bytes per point",
        after - before,
        (after - before) as f64 / n
    );

    if let Some(admin) = &args.postgres {
        let mut conn = sqlx::PgConnection::connect(admin)
            .await
            .with_context(|| format!("cannot connect to {}", app::Store::redact_url(admin)))?;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {DATABASE}"
        )))
        .execute(&mut conn)
        .await?;
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {DATABASE}")))
            .execute(&mut conn)
            .await?;
        let url = database_url(admin, DATABASE);
        let measured = async {
            let app = fresh_app(&url, &workload.accounts).await?;
            for batch in workload.batches() {
                app.ingest_points(batch).await?;
            }
            app.store().close().await;
            let mut fresh = sqlx::PgConnection::connect(&url).await?;
            let (total, heap): (i64, i64) = sqlx::query_as(
                "SELECT pg_total_relation_size('points'), pg_relation_size('points')",
            )
            .fetch_one(&mut fresh)
            .await?;
            fresh.close().await?;
            anyhow::Ok((total, heap))
        }
        .await;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {DATABASE}"
        )))
        .execute(&mut conn)
        .await?;
        let (total, heap) = measured?;
        println!(
            "PostgreSQL: pg_total_relation_size('points') = {total} bytes: {:.1} bytes per point \
             (table {:.1}, primary key index {:.1})",
            total as f64 / n,
            heap as f64 / n,
            (total - heap) as f64 / n
        );
    }
    Ok(())
}

/// Reopens an existing database (keeping what is in it).
async fn fresh_app_reopen(url: &str) -> anyhow::Result<app::App> {
    Ok(app::App::open(url, &app::StoreOptions::default()).await?)
}

/// The database file with its write-ahead log, if any.
fn sqlite_bytes(path: &Path) -> anyhow::Result<u64> {
    let mut total = std::fs::metadata(path)?.len();
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    if let Ok(meta) = std::fs::metadata(&wal) {
        total += meta.len();
    }
    Ok(total)
}

/// `admin` with its database name replaced by `name`.
fn database_url(admin: &str, name: &str) -> String {
    let (base, query) = admin.split_once('?').unwrap_or((admin, ""));
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let base = match base[after_scheme..].find('/') {
        Some(slash) => &base[..after_scheme + slash],
        None => base,
    };
    if query.is_empty() {
        format!("{base}/{name}")
    } else {
        format!("{base}/{name}?{query}")
    }
}

#[cfg(test)]
mod tests {
    use super::database_url;

    #[test]
    fn database_urls_swap_the_name() {
        assert_eq!(
            database_url("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            database_url("postgres://u:p@h/db?sslmode=disable", "x"),
            "postgres://u:p@h/x?sslmode=disable"
        );
        assert_eq!(database_url("postgres://h", "x"), "postgres://h/x");
    }
}
