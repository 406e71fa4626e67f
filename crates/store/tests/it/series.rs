//! Points and crossings: a batch and the crossings it changes commit together; the refresh sees the batch
//! in memory when it comes after the stored points and reads the stored tail when it does not.

use std::sync::{Arc, Mutex};

use model::SeriesKey;
use store::{CrossingRow, PointInput, Refresh, Store, StoreError};

use crate::fixtures::with_demo;
use crate::harness::story;

fn point(key: &SeriesKey, at: i64, value: i64) -> PointInput {
    PointInput {
        series: key.clone(),
        at,
        value,
        illustrative: false,
    }
}

type Seen = Arc<Mutex<Vec<Refresh>>>;

/// A compute step that keeps what it was given and answers with one crossing at the window's start.
fn recorder() -> (Seen, impl Fn(&Refresh) -> Vec<CrossingRow> + Send + Sync) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let keep = Arc::clone(&seen);
    let compute = move |refresh: &Refresh| {
        keep.lock().unwrap().push(refresh.clone());
        let first = refresh.tail.first().expect("a refresh has points");
        vec![CrossingRow {
            milestone: 1_000_000_000,
            estimate: first.at,
            lower: None,
            upper: (first.at, first.value),
        }]
    };
    (seen, compute)
}

story!(a_batch_and_its_crossings_commit_together: sqlite_a_batch_and_its_crossings_commit_together, postgres_a_batch_and_its_crossings_commit_together);
async fn a_batch_and_its_crossings_commit_together(store: Store) {
    with_demo(&store).await;
    let key = SeriesKey::parse("account.thv-instagram.followers").unwrap();
    let info = store.series(&key).await.unwrap().unwrap();
    let last = info.last.expect("the demo has V's followers");
    // An import leaves its series dirty until refreshed.
    assert!(
        store
            .refresh_series(info.id, |r| r.crossings.clone())
            .await
            .unwrap()
    );

    // After the stored points, duplicated within the batch: the refresh works from the batch itself.
    let (seen, compute) = recorder();
    let batch = [
        point(&key, last.at + 2_000, 90_000_000),
        point(&key, last.at + 1_000, 80_000_000),
        point(&key, last.at + 2_000, 95_000_000),
    ];
    let touched = store
        .insert_points_refreshed(&batch, &compute)
        .await
        .unwrap();
    assert_eq!(touched, [info.id]);
    {
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].before, Some(last));
        let tail: Vec<(i64, i64)> = seen[0].tail.iter().map(|p| (p.at, p.value)).collect();
        assert_eq!(
            tail,
            [(last.at + 1_000, 80_000_000), (last.at + 2_000, 95_000_000)]
        );
    }
    let stored = store.crossings(info.id).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].upper, (last.at + 1_000, 80_000_000));

    // Before the last stored point: the stored tail is read back, the new point in it.
    let (seen, compute) = recorder();
    store
        .insert_points_refreshed(&[point(&key, last.at - 1, last.value)], &compute)
        .await
        .unwrap();
    let refresh = seen.lock().unwrap()[0].clone();
    let tail: Vec<i64> = refresh.tail.iter().map(|p| p.at).collect();
    assert_eq!(
        tail,
        [last.at - 1, last.at, last.at + 1_000, last.at + 2_000]
    );
    assert!(refresh.before.is_some_and(|b| b.at < last.at - 1));
    assert_eq!(
        store.crossings(info.id).await.unwrap()[0].upper.0,
        last.at - 1
    );
}

story!(a_batch_with_an_unknown_subject_changes_nothing: sqlite_a_batch_with_an_unknown_subject_changes_nothing, postgres_a_batch_with_an_unknown_subject_changes_nothing);
async fn a_batch_with_an_unknown_subject_changes_nothing(store: Store) {
    with_demo(&store).await;
    let key = SeriesKey::parse("account.thv-instagram.followers").unwrap();
    let nobody = SeriesKey::parse("account.nobody.followers").unwrap();
    let before = store.n_points().await.unwrap();
    let (seen, compute) = recorder();
    let error = store
        .insert_points_refreshed(&[point(&key, 1, 5), point(&nobody, 1, 5)], &compute)
        .await
        .unwrap_err();
    assert!(
        matches!(&error, StoreError::BadReference { field, .. } if field == "points[1].series"),
        "{error:?}"
    );
    assert_eq!(store.n_points().await.unwrap(), before);
    assert!(seen.lock().unwrap().is_empty());
}
