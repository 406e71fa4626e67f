//! Citations: a source is cited once per fact, must exist, and cannot be deleted while cited.

use model::AliasKind;
use store::{Store, StoreError};

use crate::fixtures::{alias, cite, cite_saying, person, source, with_demo};
use crate::harness::story;

story!(citing_twice_adds_once: sqlite_citing_twice_adds_once, postgres_citing_twice_adds_once);
async fn citing_twice_adds_once(store: Store) {
    let demo = with_demo(&store).await;
    let v = demo
        .artists
        .iter()
        .find(|artist| artist.slug.as_str() == "v")
        .unwrap()
        .clone();
    assert!(
        v.sources.is_empty(),
        "the demo cites nothing for V as a whole"
    );

    let first = cite_saying("billboard-layover", "V's debut solo album");
    assert!(
        store.cite_artist("v", &first).await.unwrap(),
        "a new citation is added"
    );
    assert!(
        !store
            .cite_artist("v", &cite_saying("billboard-layover", "other words"))
            .await
            .unwrap(),
        "the same source again is not"
    );
    assert!(store.cite_artist("v", &cite("upi-blue-mv")).await.unwrap());

    let read = store.artist("v").await.unwrap().unwrap();
    assert_eq!(
        read.sources,
        vec![first, cite("upi-blue-mv")],
        "citations keep their order and first evidence"
    );
    assert_eq!(
        read.aliases, v.aliases,
        "citing the artist leaves its aliases' citations alone"
    );

    let error = store
        .cite_artist("no-such-artist", &cite("upi-blue-mv"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, StoreError::NotFound { kind: "artist", .. }),
        "{error:?}"
    );
}

story!(citing_an_unknown_source_is_refused: sqlite_citing_an_unknown_source_is_refused, postgres_citing_an_unknown_source_is_refused);
async fn citing_an_unknown_source_is_refused(store: Store) {
    let demo = with_demo(&store).await;
    let error = store
        .cite_artist("v", &cite("no-such-source"))
        .await
        .unwrap_err();
    let StoreError::BadReference { field, message } = &error else {
        panic!("expected BadReference, got {error:?}")
    };
    assert_eq!(field, "source");
    assert!(message.contains("no-such-source"), "{message}");

    let mut uncited = person("uncited", "Uncited");
    uncited.sources = vec![cite("no-such-source")];
    let error = store.create_artist(&uncited).await.unwrap_err();
    let StoreError::BadReference { field, .. } = &error else {
        panic!("expected BadReference, got {error:?}")
    };
    assert_eq!(field, "sources[0].source");
    assert_eq!(store.export().await.unwrap(), demo, "nothing was written");
}

story!(a_cited_source_cannot_be_deleted: sqlite_a_cited_source_cannot_be_deleted, postgres_a_cited_source_cannot_be_deleted);
async fn a_cited_source_cannot_be_deleted(store: Store) {
    let demo = with_demo(&store).await;
    for cited in ["billboard-layover", "upi-blue-mv", "ksupremacy-kang-daniel"] {
        let error = store.delete_source(cited).await.unwrap_err();
        assert!(
            matches!(error, StoreError::InUse(_)),
            "{cited} is cited: expected InUse, got {error:?}"
        );
    }
    assert_eq!(store.export().await.unwrap(), demo);

    store.create_source(&source("uncited")).await.unwrap();
    store.delete_source("uncited").await.unwrap();
    assert_eq!(store.source("uncited").await.unwrap(), None);
    let error = store.delete_source("uncited").await.unwrap_err();
    assert!(
        matches!(error, StoreError::NotFound { kind: "source", .. }),
        "{error:?}"
    );

    // Once the only fact citing it is gone, the source may go.
    store.create_source(&source("short-lived")).await.unwrap();
    let mut cited = person("cited", "Cited");
    cited.sources = vec![cite("short-lived")];
    store.create_artist(&cited).await.unwrap();
    let error = store.delete_source("short-lived").await.unwrap_err();
    assert!(matches!(error, StoreError::InUse(_)), "{error:?}");
    store.delete_artist("cited").await.unwrap();
    store.delete_source("short-lived").await.unwrap();
}

story!(aliases_citing_what_their_artist_cites: sqlite_aliases_citing_what_their_artist_cites, postgres_aliases_citing_what_their_artist_cites);
/// An alias that cites exactly what its artist cites (as every alias a MusicBrainz import makes) is
/// stored with its artist's citations; it must still read, change and guard its sources as its own.
async fn aliases_citing_what_their_artist_cites(store: Store) {
    for name in ["news", "wiki", "mb"] {
        store.create_source(&source(name)).await.unwrap();
    }
    let mut shared = alias("임나연", AliasKind::NativeName, Some("ko"));
    shared.sources = vec![cite("news"), cite_saying("wiki", "임나연")];
    let mut own = alias("Nabong", AliasKind::Nickname, None);
    own.sources = vec![cite("wiki")];
    let uncited = alias("ナヨン", AliasKind::NativeName, Some("ja"));
    let mut nayeon = person("nayeon", "Nayeon");
    nayeon.sources = shared.sources.clone();
    nayeon.aliases = vec![shared.clone(), own.clone(), uncited.clone(), shared.clone()];
    store.create_artist(&nayeon).await.unwrap();
    assert_eq!(
        store.artist("nayeon").await.unwrap().as_ref(),
        Some(&nayeon)
    );

    assert!(store.cite_artist("nayeon", &cite("mb")).await.unwrap());
    let read = store.artist("nayeon").await.unwrap().unwrap();
    assert_eq!(
        read.sources,
        vec![cite("news"), cite_saying("wiki", "임나연"), cite("mb")]
    );
    assert_eq!(
        read.aliases, nayeon.aliases,
        "citing the artist leaves the aliases that cited what it cited as they were"
    );
    let exported = store.export().await.unwrap();
    assert!(exported.artists.contains(&read));

    // Only the aliases cite "news" now: it stays in use until they no longer do.
    let mut changed = read.clone();
    changed.sources = vec![cite("mb")];
    store.replace_artist("nayeon", &changed).await.unwrap();
    assert_eq!(store.artist("nayeon").await.unwrap(), Some(changed.clone()));
    let error = store.delete_source("news").await.unwrap_err();
    assert!(matches!(error, StoreError::InUse(_)), "{error:?}");

    // Every part citing "mb" alone: the aliases share the artist's citation.
    changed.aliases = vec![own, uncited];
    for alias in &mut changed.aliases {
        alias.sources = vec![cite("mb")];
    }
    store.replace_artist("nayeon", &changed).await.unwrap();
    assert_eq!(store.artist("nayeon").await.unwrap(), Some(changed.clone()));
    store.delete_source("news").await.unwrap();
    let error = store.delete_source("mb").await.unwrap_err();
    assert!(matches!(error, StoreError::InUse(_)), "{error:?}");
    store.delete_artist("nayeon").await.unwrap();
    store.delete_source("mb").await.unwrap();
}
