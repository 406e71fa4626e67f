//! Benchmarks (`bside gen-points`, `bside bench …`): a deterministic data set of count series, the
//! records engine against DuckDB on the same Parquet file, durable ingest over HTTP, the engine alone,
//! the bytes a point takes in each store, and the search index at MusicBrainz scale. BENCHMARKS.md has the commands and the results.

mod answer;
mod columns;
mod duckdb;
mod engine;
mod generate;
mod ingest;
mod insert_paths;
mod musicbrainz;
mod outbox;
mod records;
mod search;
mod storage;

use std::path::PathBuf;

use clap::{Args, Subcommand};

pub(crate) use generate::Compression;
pub(crate) use musicbrainz::{GenMusicbrainz, gen_musicbrainz};

/// `bside gen-points`: writes `points.parquet` and `subjects.parquet` (and CSV copies with `--csv`).
#[derive(Args)]
pub(crate) struct GenPoints {
    /// Rows in `points.parquet`, duplicates included (`1M`, `250k`, `100M`…).
    #[arg(long, value_parser = parse_count)]
    points: u64,
    /// Series (one per subject). Default: one per 1,000 points.
    #[arg(long, value_parser = parse_count)]
    series: Option<u64>,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Directory to write into (created when missing).
    #[arg(long, default_value = "target/bench-data/gen")]
    out: PathBuf,
    #[arg(long, value_enum, default_value_t = Compression::Snappy)]
    compression: Compression,
    /// Also write `points.csv` and `subjects.csv`.
    #[arg(long)]
    csv: bool,
}

#[derive(Subcommand)]
pub(crate) enum BenchCommand {
    /// Crossings and top-100 leaderboards from the same Parquet file, with bside and with DuckDB,
    /// alternately in one run; checks that both answers are identical.
    Records(records::RecordsArgs),
    /// The engine alone, in memory, on one core: normalize, crossings and leaderboards.
    Engine(engine::EngineArgs),
    /// Durable ingest through `POST /api/v1/points` into SQLite, with a breakdown of where time goes.
    Ingest(ingest::IngestArgs),
    /// SQLite inserts of the same rows written five ways (for a faster store path).
    InsertPaths(insert_paths::InsertPathsArgs),
    /// Bytes per stored point in SQLite (and in PostgreSQL with `--postgres`).
    Storage(storage::StorageArgs),
    /// The name index over a generated catalog (2.4M artists by default): build time, memory,
    /// query latency p50/p99 by kind of query, incremental updates.
    Search(search::SearchArgs),
    /// The webhook outbox: sweeping N new events, the idle sweep of every tick, delivery throughput.
    Outbox(outbox::OutboxArgs),
    /// A generated MusicBrainz artist dump imported into SQLite (and PostgreSQL with --postgres),
    /// then imported again (nothing changes).
    Musicbrainz(musicbrainz::MusicbrainzArgs),
}

/// Writes a data set as `bside gen-points` asks.
pub(crate) fn gen_points(args: &GenPoints) -> anyhow::Result<()> {
    let spec = generate::Spec::new(args.points, args.series, args.seed)?;
    let started = std::time::Instant::now();
    let written = generate::write(&spec, &args.out, args.compression, args.csv)?;
    println!(
        "wrote {} rows of {} series to {} in {:.1?} ({} bytes of Parquet)",
        spec.points,
        spec.series,
        args.out.display(),
        started.elapsed(),
        written.parquet_bytes
    );
    Ok(())
}

/// Runs one benchmark.
pub(crate) async fn run(command: BenchCommand) -> anyhow::Result<()> {
    match command {
        // CPU-bound and blocking: they run on the thread that drives the runtime, which has no
        // other task to serve.
        BenchCommand::Records(args) => records::run(&args),
        BenchCommand::Engine(args) => engine::run(&args),
        BenchCommand::Ingest(args) => ingest::run(&args).await,
        BenchCommand::InsertPaths(args) => insert_paths::run(&args).await,
        BenchCommand::Storage(args) => storage::run(&args).await,
        BenchCommand::Search(args) => search::run(&args),
        BenchCommand::Outbox(args) => outbox::run(&args).await,
        BenchCommand::Musicbrainz(args) => musicbrainz::run(&args).await,
    }
}

/// `1000`, `250k`, `1M`, `100M`, `1G` (powers of 1,000; `_` allowed as a separator).
fn parse_count(text: &str) -> Result<u64, String> {
    let clean = text.trim().replace('_', "");
    let (digits, scale) = match clean.chars().last() {
        Some('k' | 'K') => (&clean[..clean.len() - 1], 1_000),
        Some('m' | 'M') => (&clean[..clean.len() - 1], 1_000_000),
        Some('g' | 'G') => (&clean[..clean.len() - 1], 1_000_000_000),
        _ => (clean.as_str(), 1),
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
        .ok_or_else(|| format!("{text:?} is not a count (like 1000, 250k, 1M)"))
}

/// A count as written on the command line: `1M`, `250k`, `1500`.
fn show_count(n: u64) -> String {
    match n {
        n if n >= 1_000_000 && n % 1_000_000 == 0 => format!("{}M", n / 1_000_000),
        n if n >= 1_000 && n % 1_000 == 0 => format!("{}k", n / 1_000),
        n => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_count, show_count};

    #[test]
    fn counts_parse_with_suffixes() {
        assert_eq!(parse_count("1M"), Ok(1_000_000));
        assert_eq!(parse_count("250k"), Ok(250_000));
        assert_eq!(parse_count("100_000"), Ok(100_000));
        assert!(parse_count("ten").is_err());
        assert_eq!(show_count(100_000_000), "100M");
        assert_eq!(show_count(20_000), "20k");
        assert_eq!(show_count(1_234), "1234");
    }
}
