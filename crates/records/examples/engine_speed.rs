//! A rough speed check of the records engine: ~20M points over 10k series, generated in memory
//! (deterministic), through the batch crossing pass, the incremental paths and the whole engine.
//! Run with `cargo run --release -p records --example engine_speed`.

use std::time::{Duration, Instant};

use model::Platform;
use records::{
    Crossing, Engine, Ladder, Ladders, Metric, Point, SeriesInput, SeriesState, Subject,
    SubjectKind, crossings,
};

const SERIES: usize = 10_000;
const POINTS_PER_SERIES: usize = 2_000;

fn main() {
    let started = Instant::now();
    let all = generate();
    let n_points: usize = all.iter().map(Vec::len).sum();
    println!(
        "generated {n_points} points in {} series in {:.2?}",
        all.len(),
        started.elapsed()
    );
    let ladder = Ladder::default_for(Metric::Followers);

    let mut out: Vec<Crossing> = Vec::new();
    let mut n_crossings = 0;
    let batch = best_of(3, || {
        n_crossings = 0;
        for points in &all {
            crossings(points, &ladder, &mut out);
            n_crossings += out.len();
        }
    });
    report("batch crossings (sorted slices)", n_points, batch);
    println!("  {n_crossings} crossings");

    let incremental = best_of(1, || {
        for points in &all {
            let mut state = SeriesState::new(ladder.clone());
            for &point in points {
                std::hint::black_box(state.insert(point));
            }
            std::hint::black_box(&state);
        }
    });
    report("incremental insert, in time order", n_points, incremental);

    let mut random = Rng(7);
    let shuffled: Vec<Vec<Point>> = all
        .iter()
        .take(SERIES / 10)
        .map(|points| {
            let mut points = points.clone();
            for i in (1..points.len()).rev() {
                points.swap(i, random.below(i as u64 + 1) as usize);
            }
            points
        })
        .collect();
    let n_shuffled: usize = shuffled.iter().map(Vec::len).sum();
    let late = best_of(1, || {
        for points in &shuffled {
            let mut state = SeriesState::new(ladder.clone());
            for &point in points {
                std::hint::black_box(state.insert(point));
            }
        }
    });
    report(
        "incremental insert, random order (1k series)",
        n_shuffled,
        late,
    );

    let subjects = subjects(&all);
    let inputs: Vec<SeriesInput> = all
        .iter()
        .enumerate()
        .map(|(index, points)| SeriesInput {
            subject: id(index),
            metric: Metric::Followers,
            points: points.clone(),
        })
        .collect();
    let started = Instant::now();
    let subjects_again = subjects.clone();
    let engine = Engine::compute_all(Ladders::default(), subjects.clone(), inputs)
        .expect("generated input is valid");
    report(
        "engine compute_all (crossings + leaderboards)",
        n_points,
        started.elapsed(),
    );
    println!(
        "  {} leaderboards, {} record-broken events",
        engine.boards().count(),
        engine.events().len()
    );
    drop(engine);

    let started = Instant::now();
    let mut engine = Engine::new(Ladders::default());
    for subject in subjects {
        engine
            .upsert_subject(subject)
            .expect("generated subject is valid");
    }
    let ids: Vec<String> = (0..all.len()).map(id).collect();
    let mut n_events = 0;
    for step in 0..POINTS_PER_SERIES {
        for (series, points) in all.iter().enumerate() {
            if let Some(&point) = points.get(step) {
                let update = engine
                    .insert_point(&ids[series], Metric::Followers, point)
                    .expect("subject is registered");
                n_events += update.events.len();
            }
        }
    }
    report(
        "engine insert_point, interleaved in time order",
        n_points,
        started.elapsed(),
    );
    println!("  {n_events} event changes reported");
    drop(engine);

    let started = Instant::now();
    let mut engine = Engine::new(Ladders::default());
    for subject in subjects_again {
        engine
            .upsert_subject(subject)
            .expect("generated subject is valid");
    }
    const BATCH: usize = 24;
    for step in (0..POINTS_PER_SERIES).step_by(BATCH) {
        for (series, points) in all.iter().enumerate() {
            let batch = &points[step.min(points.len())..(step + BATCH).min(points.len())];
            engine
                .insert_points(&ids[series], Metric::Followers, batch)
                .expect("subject is registered");
        }
    }
    report(
        "engine insert_points, 24 points per call, interleaved",
        n_points,
        started.elapsed(),
    );
}

fn report(what: &str, n_points: usize, took: Duration) {
    let rate = n_points as f64 / took.as_secs_f64();
    println!("{what}: {took:.2?}, {:.1}M points/s", rate / 1e6);
}

fn best_of(runs: usize, mut run: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            run();
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn id(index: usize) -> String {
    format!("account-{index}")
}

/// Series that start between 0 and 3M, grow by about 10k an hour with dips now and then, so that
/// they cross the first milestones of the default ladder.
fn generate() -> Vec<Vec<Point>> {
    let mut random = Rng(42);
    let start = 1_577_836_800_000; // 2020-01-01T00:00:00Z
    (0..SERIES)
        .map(|_| {
            let mut at = start + random.below(86_400_000) as i64;
            let mut value = random.below(3_000_000);
            (0..POINTS_PER_SERIES)
                .map(|_| {
                    at += 3_000_000 + random.below(1_200_000) as i64;
                    if random.below(50) == 0 {
                        value = value.saturating_sub(random.below(50_000));
                    } else {
                        value += random.below(20_000);
                    }
                    Point::new(at, value)
                })
                .collect()
        })
        .collect()
}

fn subjects(all: &[Vec<Point>]) -> Vec<Subject> {
    let mut random = Rng(9);
    (0..all.len())
        .map(|index| Subject {
            id: id(index),
            kind: if random.below(3) == 0 {
                SubjectKind::Group
            } else {
                SubjectKind::Person
            },
            platform: Platform::Instagram,
            tags: if random.below(2) == 0 {
                vec!["k-pop".to_owned()]
            } else {
                vec![]
            },
            origin: all[index]
                .first()
                .map(|first| first.at - random.below(30 * 86_400_000) as i64),
        })
        .collect()
}

/// splitmix64: tiny, deterministic, good enough to make test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}
