//! `bside bench engine`: the records engine alone, in memory, on one core, over the benchmark's data
//! set (each series' points in arrival order: late, duplicated). Three measures: the crossing pass over
//! series already sorted, the engine's duplicate rule plus the crossing pass, and the whole batch
//! engine (`Engine::compute_all`: series, crossings, leaderboards with their progression).

use std::time::{Duration, Instant};

use clap::Args;
use records::{Engine, Ladders, Point, SeriesInput, Subject};

use super::columns::SubjectRow;
use super::generate::{self, Spec};
use super::records::rate;
use super::{parse_count, show_count};

#[derive(Args)]
pub(crate) struct EngineArgs {
    /// Points in memory (rows of the data set, duplicates included).
    #[arg(long, value_parser = parse_count, default_value = "10M")]
    points: u64,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Runs of each measure; the median counts.
    #[arg(long, default_value_t = 3)]
    reps: usize,
}

pub(crate) fn run(args: &EngineArgs) -> anyhow::Result<()> {
    let spec = Spec::new(args.points, None, args.seed)?;
    let started = Instant::now();
    let (subjects, rows) = generate::rows(&spec);
    let mut arrived: Vec<Vec<Point>> = vec![Vec::new(); subjects.len()];
    for row in &rows {
        arrived[row.series as usize].push(Point::new(row.at, row.value as u64));
    }
    drop(rows);
    let sorted: Vec<Vec<Point>> = arrived
        .iter()
        .map(|points| {
            let mut points = points.clone();
            records::normalize(&mut points);
            points
        })
        .collect();
    let n_points = args.points;
    println!(
        "bside bench engine: {} points in {} series, generated in {:.1?}; one thread",
        show_count(n_points),
        subjects.len(),
        started.elapsed()
    );
    let ladders = Ladders::default();
    let reps = args.reps.max(1);

    let mut found = Vec::new();
    let mut n_crossings = 0;
    let pass = median_of(reps, || {
        n_crossings = 0;
        for (points, subject) in sorted.iter().zip(&subjects) {
            records::crossings(points, ladders.get(subject.metric), &mut found);
            n_crossings += found.len();
        }
    });
    report("crossings over sorted series", n_points, pass);
    println!("  {n_crossings} crossings");

    let mut buffer: Vec<Point> = Vec::new();
    let normalized = median_of(reps, || {
        for (points, subject) in arrived.iter().zip(&subjects) {
            buffer.clear();
            buffer.extend_from_slice(points);
            records::normalize(&mut buffer);
            records::crossings(&buffer, ladders.get(subject.metric), &mut found);
        }
    });
    report(
        "normalize (sort, duplicates) + crossings, arrival order",
        n_points,
        normalized,
    );

    let whole = median_of(reps, || {
        let inputs: Vec<SeriesInput> = arrived
            .iter()
            .enumerate()
            .map(|(series, points)| SeriesInput {
                subject: SubjectRow::id(series as u32),
                metric: subjects[series].metric,
                points: points.clone(),
            })
            .collect();
        let engine_subjects = subjects.iter().map(engine_subject).collect();
        let started = Instant::now();
        let engine = Engine::compute_all(Ladders::default(), engine_subjects, inputs)
            .expect("generated subjects are valid");
        let took = started.elapsed();
        std::hint::black_box(engine.boards().count());
        // Only the engine's work counts, not copying its input nor dropping its state.
        took
    });
    report(
        "Engine::compute_all (series, crossings, leaderboards with progression)",
        n_points,
        whole,
    );
    Ok(())
}

fn engine_subject(row: &SubjectRow) -> Subject {
    Subject {
        id: SubjectRow::id(row.series),
        kind: row.kind,
        platform: row.platform,
        tags: row.tag.iter().cloned().collect(),
        origin: row.origin,
    }
}

fn report(what: &str, n_points: u64, took: Duration) {
    println!(
        "{what}: {:.3}s, {} points/s per core",
        took.as_secs_f64(),
        rate(n_points as f64 / took.as_secs_f64())
    );
}

/// The median duration of `reps` runs; `run` may return its own measure (a `Duration`) or nothing
/// (then the whole call is timed).
fn median_of<R: Timed>(reps: usize, mut run: impl FnMut() -> R) -> Duration {
    let mut runs: Vec<Duration> = (0..reps)
        .map(|_| {
            let started = Instant::now();
            let measured = run();
            measured.duration().unwrap_or_else(|| started.elapsed())
        })
        .collect();
    runs.sort_unstable();
    runs[runs.len() / 2]
}

/// What a timed run returns: nothing, or its own measure.
trait Timed {
    fn duration(self) -> Option<Duration>;
}

impl Timed for () {
    fn duration(self) -> Option<Duration> {
        None
    }
}

impl Timed for Duration {
    fn duration(self) -> Option<Duration> {
        Some(self)
    }
}
