//! `bside bench records`: for each size, the data set (generated once, then reused), then bside and
//! DuckDB alternately on the same files, `reps` times each; the median of each, their ratio, and
//! whether the two answers are identical.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::bail;
use clap::Args;

use super::answer::{self, Boards, Phases};
use super::generate::{self, Compression, Spec};
use super::{duckdb, parse_count, show_count};

#[derive(Args)]
pub(crate) struct RecordsArgs {
    /// Sizes, in rows of points.parquet.
    #[arg(long, value_delimiter = ',', value_parser = parse_count, default_value = "1M,10M")]
    sizes: Vec<u64>,
    /// Runs of each side per size (alternating); the median counts.
    #[arg(long, default_value_t = 3)]
    reps: usize,
    /// Where data sets are generated and kept.
    #[arg(long, default_value = "target/bench-data")]
    dir: PathBuf,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Threads for each side. Default: the machine's cores.
    #[arg(long)]
    threads: Option<usize>,
    #[arg(long, value_enum, default_value_t = Compression::Snappy)]
    compression: Compression,
    /// How bside takes the top 100 of each leaderboard.
    #[arg(long, value_enum, default_value_t = Boards::Top)]
    boards: Boards,
    /// The Python that runs DuckDB.
    #[arg(long, default_value = "python3")]
    python: String,
    /// Run bside alone.
    #[arg(long)]
    no_duckdb: bool,
}

/// One size's medians.
struct Line {
    size: u64,
    series: u32,
    crossings: usize,
    places: usize,
    bside: Duration,
    phases: Phases,
    duckdb: Option<Duration>,
    matched: Option<bool>,
}

pub(crate) fn run(args: &RecordsArgs) -> anyhow::Result<()> {
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, std::num::NonZero::get));
    let reps = args.reps.max(1);
    std::fs::create_dir_all(&args.dir)?;
    let script = (!args.no_duckdb)
        .then(|| duckdb::install_script(&args.dir))
        .transpose()?;
    if script.is_some() && !duckdb::available(&args.python) {
        println!(
            "{} cannot import duckdb: the script installs it with pip",
            args.python
        );
    }
    println!(
        "bside bench records: {} core(s) seen, {threads} thread(s) for each side, {reps} run(s) each, \
         leaderboards by {:?}",
        std::thread::available_parallelism().map_or(0, std::num::NonZero::get),
        args.boards
    );
    let mut lines = Vec::new();
    let mut version = None;
    for &size in &args.sizes {
        let spec = Spec::new(size, None, args.seed)?;
        let data = ensure_data(&args.dir, &spec, args.compression)?;
        let mut bside_runs = Vec::new();
        let mut duckdb_runs = Vec::new();
        let mut ours = None;
        let mut matched = None;
        for rep in 0..reps {
            // Alternate who goes first, so that neither always finds the other's warm caches.
            let order: &[bool] = if rep % 2 == 0 {
                &[true, false]
            } else {
                &[false, true]
            };
            for &bside_turn in order {
                if bside_turn {
                    let (mut answer, phases) = answer::compute(&data, threads, args.boards)?;
                    println!(
                        "  {} run {}: bside {:.3}s (read+group {:.3}s, crossings {:.3}s, leaderboards {:.3}s)",
                        show_count(size),
                        rep + 1,
                        phases.total.as_secs_f64(),
                        phases.read_group.as_secs_f64(),
                        phases.crossings.as_secs_f64(),
                        phases.boards.as_secs_f64()
                    );
                    bside_runs.push(phases);
                    if ours.is_none() {
                        answer.sort();
                        ours = Some(answer);
                    }
                    continue;
                }
                let Some(script) = &script else {
                    continue;
                };
                let export = (rep == 0).then(|| data.join("duckdb-answer"));
                if let Some(dir) = &export {
                    std::fs::create_dir_all(dir)?;
                }
                let run = duckdb::run(&args.python, script, &data, threads, export.as_deref())?;
                println!(
                    "  {} run {}: DuckDB {:.3}s ({} crossings, {} places)",
                    show_count(size),
                    rep + 1,
                    run.seconds,
                    run.crossings,
                    run.top
                );
                version = Some(run.duckdb.clone());
                duckdb_runs.push(run.elapsed());
                if let Some(dir) = export {
                    let theirs = duckdb::read_answer(&dir)?;
                    let ours = match &ours {
                        Some(ours) => ours.clone(),
                        None => {
                            let (mut answer, _) = answer::compute(&data, threads, args.boards)?;
                            answer.sort();
                            answer
                        }
                    };
                    match ours.differences(&theirs, "bside", "DuckDB") {
                        None => matched = Some(true),
                        Some(text) => {
                            println!("  the answers differ:\n{text}");
                            matched = Some(false);
                        }
                    }
                }
            }
        }
        let ours = ours.expect("bside ran at least once");
        lines.push(Line {
            size,
            series: spec.series,
            crossings: ours.crossings.len(),
            places: ours.top.len(),
            bside: median(bside_runs.iter().map(|p| p.total).collect()),
            phases: median_phases(&bside_runs),
            duckdb: (!duckdb_runs.is_empty()).then(|| median(duckdb_runs)),
            matched,
        });
    }
    print_table(&lines, threads, version.as_deref());
    if lines.iter().any(|line| line.matched == Some(false)) {
        bail!("bside and DuckDB gave different answers");
    }
    Ok(())
}

/// The data set for `spec`, generated unless a complete one is already there.
fn ensure_data(dir: &Path, spec: &Spec, compression: Compression) -> anyhow::Result<PathBuf> {
    let name = format!(
        "{}-seed{}-{}",
        show_count(spec.points),
        spec.seed,
        match compression {
            Compression::Snappy => "snappy",
            Compression::Zstd => "zstd",
        }
    );
    let data = dir.join(name);
    let complete = data.join("complete");
    if !complete.exists() {
        let started = Instant::now();
        let written = generate::write(spec, &data, compression, false)?;
        std::fs::write(&complete, b"")?;
        println!(
            "generated {} ({} series, {:.1} MB of Parquet) in {:.1?}",
            data.display(),
            spec.series,
            written.parquet_bytes as f64 / 1e6,
            started.elapsed()
        );
    }
    Ok(data)
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort_unstable();
    runs[runs.len() / 2]
}

/// The phases of the run whose total is the median.
fn median_phases(runs: &[Phases]) -> Phases {
    let mut sorted = runs.to_vec();
    sorted.sort_unstable_by_key(|p| p.total);
    sorted[sorted.len() / 2]
}

fn print_table(lines: &[Line], threads: usize, version: Option<&str>) {
    println!();
    println!(
        "| points | series | crossings | top-100 places | bside s | DuckDB s | bside points/s | DuckDB points/s | ratio | same answer |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---|");
    for line in lines {
        let per_second = |d: Duration| line.size as f64 / d.as_secs_f64();
        println!(
            "| {} | {} | {} | {} | {:.3} | {} | {} | {} | {} | {} |",
            show_count(line.size),
            line.series,
            line.crossings,
            line.places,
            line.bside.as_secs_f64(),
            line.duckdb
                .map_or_else(|| "-".to_owned(), |d| format!("{:.3}", d.as_secs_f64())),
            rate(per_second(line.bside)),
            line.duckdb
                .map_or_else(|| "-".to_owned(), |d| rate(per_second(d))),
            line.duckdb.map_or_else(
                || "-".to_owned(),
                |d| format!("{:.1}×", d.as_secs_f64() / line.bside.as_secs_f64())
            ),
            match line.matched {
                Some(true) => "yes",
                Some(false) => "NO",
                None => "not checked",
            }
        );
    }
    println!();
    println!("bside phases (median run): read+group / crossings / leaderboards, seconds");
    for line in lines {
        println!(
            "  {}: {:.3} / {:.3} / {:.3}",
            show_count(line.size),
            line.phases.read_group.as_secs_f64(),
            line.phases.crossings.as_secs_f64(),
            line.phases.boards.as_secs_f64()
        );
    }
    if let Some(version) = version {
        println!("DuckDB {version}, {threads} thread(s); bside {threads} thread(s)");
    }
}

/// A rate, per second: `12.3M`, `68k`.
pub(crate) fn rate(per_second: f64) -> String {
    if per_second >= 1e6 {
        format!("{:.1}M", per_second / 1e6)
    } else {
        format!("{:.0}k", per_second / 1e3)
    }
}

#[cfg(test)]
mod tests {
    use super::super::answer::{self, Boards};
    use super::super::duckdb;
    use super::super::generate::{self, Compression, Spec};

    /// bside's two ways of taking the top agree; and bside agrees with the SQL, when DuckDB is there
    /// (required with `BSIDE_REQUIRE_DUCKDB=1`).
    #[test]
    fn bside_and_duckdb_give_the_same_answer_on_a_small_data_set() {
        let dir = tempfile::tempdir().unwrap();
        // 2,000 series of 40 points: scopes with more than 100 entries, series past 100M.
        let spec = Spec::new(80_000, Some(2_000), 5).unwrap();
        generate::write(&spec, dir.path(), Compression::Zstd, false).unwrap();
        let (mut ours, _) = answer::compute(dir.path(), 2, Boards::Top).unwrap();
        ours.sort();
        let (mut full, _) = answer::compute(dir.path(), 1, Boards::Full).unwrap();
        full.sort();
        assert_eq!(ours.differences(&full, "top", "full"), None);
        assert!(ours.crossings.iter().any(|c| c.milestone > 100_000_000));
        assert!(ours.crossings.iter().any(|c| c.lower_at.is_none()));
        assert!(ours.top.iter().any(|t| t.rank == 100));

        if !duckdb::available("python3") {
            assert!(
                std::env::var("BSIDE_REQUIRE_DUCKDB").as_deref() != Ok("1"),
                "BSIDE_REQUIRE_DUCKDB=1 but python3 cannot import duckdb (pip install duckdb)"
            );
            eprintln!("skipped: duckdb not installed");
            return;
        }
        let script = duckdb::install_script(dir.path()).unwrap();
        let export = dir.path().join("answer");
        std::fs::create_dir_all(&export).unwrap();
        let run = duckdb::run("python3", &script, dir.path(), 2, Some(&export)).unwrap();
        let theirs = duckdb::read_answer(&export).unwrap();
        assert_eq!(run.crossings as usize, theirs.crossings.len());
        if let Some(text) = ours.differences(&theirs, "bside", "DuckDB") {
            panic!("bside and DuckDB differ:\n{text}");
        }
    }
}
