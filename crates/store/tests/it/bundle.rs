//! Import and export of the whole catalog: the demo comes back as it went in, and a failed import writes nothing.

use model::Bundle;
use store::{Store, StoreError};

use crate::fixtures::{canonical, demo, person, slug, source, with_demo};
use crate::harness::story;

story!(export_gives_back_the_demo: sqlite_export_gives_back_the_demo, postgres_export_gives_back_the_demo);
async fn export_gives_back_the_demo(store: Store) {
    let demo = demo();
    assert_eq!(
        canonical(demo.clone()),
        demo,
        "the demo file lists every kind in slug order"
    );

    let mut reported = Vec::new();
    let written = store
        .import(&demo, &mut |done| reported.push(done))
        .await
        .unwrap();
    assert_eq!(written, demo.len());
    assert_eq!(
        reported.last(),
        Some(&demo.len()),
        "progress ends with the total"
    );
    assert!(!store.is_empty().await.unwrap());

    let exported = store.export().await.unwrap();
    // Field by field first, so that a failure names the kind that differs.
    assert_eq!(exported.sources, demo.sources);
    assert_eq!(exported.artists, demo.artists);
    assert_eq!(exported.releases, demo.releases);
    assert_eq!(exported.videos, demo.videos);
    assert_eq!(exported.shows, demo.shows);
    assert_eq!(exported.appearances, demo.appearances);
    assert_eq!(exported.accounts, demo.accounts);
    assert_eq!(exported, demo);
}

story!(
    an_export_reimports_byte_for_byte: sqlite_an_export_reimports_byte_for_byte,
    postgres_an_export_reimports_byte_for_byte
);
async fn an_export_reimports_byte_for_byte(first: Store, second: Store) {
    with_demo(&first).await;
    let exported = first.export().await.unwrap();
    second.import(&exported, &mut |_| {}).await.unwrap();
    let again = second.export().await.unwrap();
    assert_eq!(
        serde_json::to_string_pretty(&again).unwrap(),
        serde_json::to_string_pretty(&exported).unwrap(),
        "export → import → export gives the same bytes"
    );
}

story!(
    a_bundle_with_a_bad_reference_writes_nothing: sqlite_a_bundle_with_a_bad_reference_writes_nothing,
    postgres_a_bundle_with_a_bad_reference_writes_nothing
);
async fn a_bundle_with_a_bad_reference_writes_nothing(store: Store) {
    let mut bundle = demo();
    let last = bundle.accounts.len() - 1;
    bundle.accounts[last].artist = slug("nobody");
    bundle
        .validate()
        .expect("a missing artist is the store's to find, not the model's");

    let error = store.import(&bundle, &mut |_| {}).await.unwrap_err();
    let StoreError::BadReference { field, message } = &error else {
        panic!("expected BadReference, got {error:?}")
    };
    assert!(
        field.starts_with("accounts["),
        "the error names the account: {field}"
    );
    assert_eq!(field, &format!("accounts[{last}].artist"));
    assert!(message.contains("nobody"), "{message}");

    assert!(
        store.is_empty().await.unwrap(),
        "everything written before the last account was rolled back"
    );
    assert_eq!(store.export().await.unwrap(), Bundle::default());
    // The failed import left no lock or half transaction behind.
    with_demo(&store).await;
}

story!(importing_twice_changes_nothing: sqlite_importing_twice_changes_nothing, postgres_importing_twice_changes_nothing);
async fn importing_twice_changes_nothing(store: Store) {
    let demo = with_demo(&store).await;

    let error = store.import(&demo, &mut |_| {}).await.unwrap_err();
    assert!(
        matches!(error, StoreError::Duplicate { .. }),
        "expected Duplicate, got {error:?}"
    );
    assert_eq!(store.export().await.unwrap(), demo);

    // New entities in front of a taken slug are not written either.
    let overlapping = Bundle {
        sources: vec![source("a-new-source")],
        artists: vec![person("new-artist", "New"), demo.artists[0].clone()],
        ..Bundle::default()
    };
    let error = store.import(&overlapping, &mut |_| {}).await.unwrap_err();
    let StoreError::Duplicate { kind, slug } = &error else {
        panic!("expected Duplicate, got {error:?}")
    };
    assert_eq!(
        (*kind, slug.as_str()),
        ("artist", demo.artists[0].slug.as_str())
    );
    assert_eq!(store.source("a-new-source").await.unwrap(), None);
    assert_eq!(store.artist("new-artist").await.unwrap(), None);
    assert_eq!(store.export().await.unwrap(), demo);
}
