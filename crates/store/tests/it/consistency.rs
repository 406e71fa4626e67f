//! What reads must give whatever the server's settings and timing: slugs in byte order, an export from one
//! snapshot, and no transaction left open by an export that was given up.

use std::time::Duration;

use model::Bundle;
use store::{ArtistFilter, Page, Store};

use crate::fixtures::{canonical, everything, person, release, with_demo};
use crate::harness::{on_postgres_with, story};

/// Slugs that byte order and a linguistic collation (which skips punctuation) sort differently.
const TRICKY: [&str; 5] = ["ab", "a-c", "aa", "a1", "a-b"];

story!(slugs_sort_bytewise: sqlite_slugs_sort_bytewise, postgres_slugs_sort_bytewise);
async fn slugs_sort_bytewise(store: Store) {
    let demo = with_demo(&store).await;
    for slug in TRICKY {
        store.create_artist(&person(slug, slug)).await.unwrap();
    }
    let mut expected: Vec<String> = demo
        .artists
        .iter()
        .map(|artist| artist.slug.to_string())
        .collect();
    expected.extend(TRICKY.iter().map(|slug| (*slug).to_owned()));
    expected.sort();

    let listed = store
        .artists(&ArtistFilter::default(), &everything())
        .await
        .unwrap();
    let listed: Vec<String> = listed
        .iter()
        .map(|artist| artist.slug.to_string())
        .collect();
    assert_eq!(
        listed, expected,
        "lists are in byte order of slugs, as Rust sorts them"
    );

    let mut paged = Vec::new();
    let mut after = None;
    loop {
        let page = store
            .artists(
                &ArtistFilter::default(),
                &Page {
                    after: after.clone(),
                    limit: 3,
                },
            )
            .await
            .unwrap();
        paged.extend(page.iter().map(|artist| artist.slug.to_string()));
        match page.last() {
            Some(last) if page.len() == 3 => after = Some(last.slug.to_string()),
            _ => break,
        }
    }
    assert_eq!(paged, expected, "paging by `after` walks the same order");

    let exported = store.export().await.unwrap();
    assert_eq!(
        exported,
        canonical(exported.clone()),
        "export lists every kind in byte order of slugs"
    );
}

/// The same story on a database whose default collation skips punctuation, as glibc's `en_US.UTF-8` does
/// (the locale of many servers, the official Docker image's among them). Emulated with ICU so that it runs
/// on any PostgreSQL 15+ server.
#[tokio::test]
async fn postgres_slugs_sort_bytewise_under_a_linguistic_collation() {
    on_postgres_with(
        "TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US-u-ka-shifted'",
        slugs_sort_bytewise,
    )
    .await;
}

story!(an_export_is_one_snapshot: sqlite_an_export_is_one_snapshot, postgres_an_export_is_one_snapshot);
async fn an_export_is_one_snapshot(store: Store) {
    const PAIRS: usize = 150;
    // A writer adds an artist, then a release crediting it, each in its own transaction. An export taken
    // from one snapshot can never hold the release without the artist.
    let writer = tokio::spawn({
        let store = store.clone();
        async move {
            for n in 0..PAIRS {
                let artist = format!("artist-{n:04}");
                store
                    .create_artist(&person(&artist, &artist))
                    .await
                    .unwrap();
                store
                    .create_release(&release(&format!("release-{n:04}"), "Release", &[&artist]))
                    .await
                    .unwrap();
            }
        }
    });
    let mut exports = 0;
    while !writer.is_finished() {
        let bundle = store.export().await.unwrap();
        exports += 1;
        if let Some(problem) = dangling_credit(&bundle) {
            writer.abort();
            panic!("export #{exports} is not one snapshot: {problem}");
        }
    }
    writer.await.unwrap();
    assert!(
        exports >= 5,
        "only {exports} exports ran beside the writer: the story proves nothing"
    );
    let bundle = store.export().await.unwrap();
    assert_eq!(
        (bundle.artists.len(), bundle.releases.len()),
        (PAIRS, PAIRS)
    );
    assert_eq!(dangling_credit(&bundle), None);
}

/// A release in the bundle crediting an artist that is not in it.
fn dangling_credit(bundle: &Bundle) -> Option<String> {
    bundle.releases.iter().find_map(|release| {
        let missing = release
            .credits
            .iter()
            .find(|credit| !bundle.artists.iter().any(|a| a.slug == credit.artist))?;
        Some(format!(
            "release {} credits {}, which the same export does not hold ({} artists, {} releases)",
            release.slug,
            missing.artist,
            bundle.artists.len(),
            bundle.releases.len()
        ))
    })
}

story!(a_cancelled_export_leaves_no_transaction_open: sqlite_a_cancelled_export_leaves_no_transaction_open, postgres_a_cancelled_export_leaves_no_transaction_open);
async fn a_cancelled_export_leaves_no_transaction_open(store: Store) {
    with_demo(&store).await;
    let mut failures = Vec::new();
    for attempt in 0..30u64 {
        // A client that gives up: the export future is dropped part way, at a different point each time.
        let _ = tokio::time::timeout(Duration::from_micros(100 * attempt), store.export()).await;
        // Every pooled connection must still take writes and see them: go round the pool a few times.
        for round in 0..10 {
            let name = format!("token-{attempt}-{round}");
            if let Err(error) = store
                .create_token(&name, &format!("hash-{name}"), "2024-01-01T00:00:00Z")
                .await
            {
                failures.push(format!(
                    "after cancelled export #{attempt}, write {round}: {error}"
                ));
            } else if store
                .tokens()
                .await
                .unwrap()
                .iter()
                .all(|token| token.name != name)
            {
                failures.push(format!(
                    "after cancelled export #{attempt}, read {round} does not see {name}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures, the first: {}",
        failures.len(),
        failures[0]
    );
}
