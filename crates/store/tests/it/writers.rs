//! What writes must do whatever the timing: a refused write does not lock out the next, a write waits for
//! another process's, and writers racing on one aggregate leave it whole.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use model::VideoState;
use sqlx::{Connection, SqliteConnection};
use store::{Backend, Store, StoreError};

use crate::fixtures::{cite, source, standalone_video, step, with_demo};
use crate::harness::{open_migrated, sqlite_url, story};

story!(a_refused_write_does_not_lock_out_the_next: sqlite_a_refused_write_does_not_lock_out_the_next, postgres_a_refused_write_does_not_lock_out_the_next);
async fn a_refused_write_does_not_lock_out_the_next(store: Store) {
    const WRITERS: usize = 4;
    const ROUNDS: usize = 30;
    let demo = with_demo(&store).await;
    // Writers take turns: each refused write is followed at once by another writer's write, which reads
    // before it writes, as most writes do. None may fail, and none may wait forever. (Each writer saves an
    // artist of its own: racing on one aggregate is `racing_writers_keep_aggregates_whole`.)
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let store = store.clone();
            let own = demo.artists[writer].clone();
            tokio::spawn(async move {
                let mut failures = Vec::new();
                for round in 0..ROUNDS {
                    // Refused: V is credited on Layover.
                    match store.delete_artist("v").await {
                        Err(StoreError::InUse(_)) => {}
                        other => failures.push(format!(
                            "writer {writer}, round {round}: deleting V gave {other:?}"
                        )),
                    }
                    if let Err(error) = store.replace_artist(own.slug.as_str(), &own).await {
                        failures.push(format!(
                            "writer {writer}, round {round}: replacing {} failed: {error}",
                            own.slug
                        ));
                    }
                }
                failures
            })
        })
        .collect();
    // Busy cores delay the thread that rolls a refused write back, as a loaded server does. (SQLite only:
    // PostgreSQL's rollback is not left to a thread of its own.)
    let stop = Arc::new(AtomicBool::new(false));
    let n_spinners = match store.backend() {
        Backend::Sqlite => 2 * std::thread::available_parallelism().map_or(2, usize::from),
        Backend::Postgres => 0,
    };
    let spinners: Vec<_> = (0..n_spinners)
        .map(|_| {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    std::hint::spin_loop();
                }
            })
        })
        .collect();
    let mut failures = Vec::new();
    for writer in writers {
        failures.extend(writer.await.unwrap());
    }
    stop.store(true, Ordering::Relaxed);
    for spinner in spinners {
        spinner.join().unwrap();
    }
    assert!(
        failures.is_empty(),
        "{} of {} writes went wrong, the first: {}",
        failures.len(),
        2 * WRITERS * ROUNDS,
        failures[0]
    );
    assert_eq!(store.export().await.unwrap(), demo);
}

/// The same fault made deterministic, with another process's writer (a `bside import` beside `bside
/// serve`): SQLite makes a transaction that has read wait for the write lock only if it asked for it up
/// front, so the store's write must wait out `busy_timeout` rather than fail with "database is locked".
#[tokio::test]
async fn sqlite_a_write_waits_for_another_writer() {
    let dir = tempfile::TempDir::new().expect("a temporary directory");
    let url = sqlite_url(&dir, 0);
    let store = open_migrated(&url).await;
    let demo = with_demo(&store).await;
    let iu = demo
        .artists
        .iter()
        .find(|artist| artist.slug.as_str() == "iu")
        .unwrap()
        .clone();

    for write in ["create_token", "replace_artist"] {
        let mut other = SqliteConnection::connect(&url).await.unwrap();
        sqlx::query("BEGIN IMMEDIATE")
            .execute(&mut other)
            .await
            .unwrap();
        let other_writer = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(300)).await;
            sqlx::query("COMMIT").execute(&mut other).await.unwrap();
            other.close().await.unwrap();
        });
        let started = std::time::Instant::now();
        let outcome = match write {
            "create_token" => {
                store
                    .create_token("waiting", "hash-of-waiting", "2024-01-01T00:00:00Z")
                    .await
            }
            _ => store.replace_artist("iu", &iu).await,
        };
        let waited = started.elapsed();
        other_writer.await.unwrap();
        assert!(
            outcome.is_ok(),
            "{write} failed after {waited:?} instead of waiting for the other writer: {outcome:?}"
        );
    }
    store.close().await;
}

/// SQLite's WAL is copied back into the database by the store's checkpointer task, not by the
/// commits (connections checkpoint only past 2 GB of WAL): after writes, the database file grows by
/// what they wrote.
#[tokio::test]
async fn sqlite_writes_are_checkpointed_into_the_database_file() {
    let dir = tempfile::TempDir::new().expect("a temporary directory");
    let url = sqlite_url(&dir, 0);
    let store = open_migrated(&url).await;
    let file = dir.path().join("bside-0.db");
    let size = || std::fs::metadata(&file).map_or(0, |m| m.len());
    // The migrations' own checkpoint first: the file's size settles.
    let mut before = size();
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let now = size();
        if now == before && now > 0 {
            break;
        }
        before = now;
    }
    for n in 0..1500 {
        store
            .create_source(&source(&format!("source-{n}")))
            .await
            .unwrap();
    }
    // 1,500 sources and their slug index take about 90 KB of pages; without a checkpoint the file
    // would not grow at all.
    let mut after = size();
    for _ in 0..100 {
        if after >= before + 32 * 1024 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        after = size();
    }
    assert!(
        after >= before + 32 * 1024,
        "the database file went from {before} to {after} bytes: the writes stayed in the WAL"
    );
    store.close().await;
}

story!(racing_writers_keep_aggregates_whole: sqlite_racing_writers_keep_aggregates_whole, postgres_racing_writers_keep_aggregates_whole);
async fn racing_writers_keep_aggregates_whole(store: Store) {
    const ROUNDS: usize = 20;
    let demo = with_demo(&store).await;
    let mut problems = Vec::new();
    for round in 0..ROUNDS {
        // Two editors release the same announced video at once: a release is final, so one must lose.
        let slug = format!("race-{round}-mv");
        let announced = step(VideoState::Announced, Some("2024-01-01T00:00:00Z"));
        store
            .create_video(&standalone_video(&slug, &["iu"], announced))
            .await
            .unwrap();
        let released = step(VideoState::Released, Some("2024-01-01T00:00:00Z"));
        let outcomes = race(2, || {
            let (store, slug, released) = (store.clone(), slug.clone(), released.clone());
            async move { store.transition_video(&slug, &released).await.is_ok() }
        })
        .await;
        let history = store.video(&slug).await.unwrap().unwrap().history;
        if outcomes.iter().filter(|won| **won).count() != 1 || history.len() != 2 {
            problems.push(format!(
                "{slug}: {outcomes:?} won, history {:?}",
                history.iter().map(|s| s.state).collect::<Vec<_>>()
            ));
        }

        // Two editors cite the same new source for IU at once: it is cited once.
        let source_slug = format!("race-source-{round}");
        store.create_source(&source(&source_slug)).await.unwrap();
        let added = race(2, || {
            let (store, citation) = (store.clone(), cite(&source_slug));
            async move { store.cite_artist("iu", &citation).await.unwrap() }
        })
        .await;
        let cited = store.artist("iu").await.unwrap().unwrap().sources;
        let times = cited
            .iter()
            .filter(|citation| citation.source.as_str() == source_slug)
            .count();
        if added.iter().filter(|added| **added).count() != 1 || times != 1 {
            problems.push(format!(
                "{source_slug}: added {added:?}, cited {times} times"
            ));
        }
    }
    // Four editors save the same document at once: it is stored once, not merged.
    let iu = demo
        .artists
        .iter()
        .find(|artist| artist.slug.as_str() == "iu")
        .unwrap()
        .clone();
    for round in 0..ROUNDS {
        race(4, || {
            let (store, iu) = (store.clone(), iu.clone());
            async move { store.replace_artist("iu", &iu).await.unwrap() }
        })
        .await;
        let stored = store.artist("iu").await.unwrap().unwrap();
        if stored.aliases != iu.aliases {
            problems.push(format!(
                "replace round {round}: {} aliases stored, {} written",
                stored.aliases.len(),
                iu.aliases.len()
            ));
            break;
        }
    }
    assert!(
        problems.is_empty(),
        "{} races went wrong, the first: {}",
        problems.len(),
        problems[0]
    );
}

/// Runs `n` copies of a write as close to simultaneously as the runtime allows; their results in order.
async fn race<T, F, Fut>(n: usize, write: F) -> Vec<T>
where
    T: Send + 'static,
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    let start = Arc::new(tokio::sync::Barrier::new(n));
    let racers: Vec<_> = (0..n)
        .map(|_| {
            let (start, write) = (Arc::clone(&start), write());
            tokio::spawn(async move {
                start.wait().await;
                write.await
            })
        })
        .collect();
    let mut out = Vec::with_capacity(n);
    for racer in racers {
        out.push(racer.await.unwrap());
    }
    out
}
