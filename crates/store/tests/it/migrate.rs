//! Migrations: a second run does nothing, and a freshly migrated catalog is empty.

use model::Bundle;
use store::Store;

use crate::fixtures::source;
use crate::harness::story;

story!(migrating_again_runs_nothing: sqlite_migrating_again_runs_nothing, postgres_migrating_again_runs_nothing);
async fn migrating_again_runs_nothing(store: Store) {
    // The harness has migrated once (and checked that something ran).
    assert_eq!(
        store.migrate().await.unwrap(),
        0,
        "a second migrate runs nothing"
    );
    assert_eq!(store.migrate().await.unwrap(), 0, "nor does a third");
    assert!(store.is_empty().await.unwrap());
}

story!(a_fresh_store_is_empty: sqlite_a_fresh_store_is_empty, postgres_a_fresh_store_is_empty);
async fn a_fresh_store_is_empty(store: Store) {
    assert!(store.is_empty().await.unwrap());
    assert_eq!(store.export().await.unwrap(), Bundle::default());
    assert!(store.tokens().await.unwrap().is_empty());

    store
        .create_token("ci", "hash-ci", "2024-01-01T00:00:00Z")
        .await
        .unwrap();
    assert!(
        store.is_empty().await.unwrap(),
        "tokens are not catalog entities"
    );
    store.create_source(&source("a-source")).await.unwrap();
    assert!(
        !store.is_empty().await.unwrap(),
        "one source makes the catalog non-empty"
    );
}
