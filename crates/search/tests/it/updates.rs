//! Incremental writes: a new, replaced, renamed or deleted document is searched as if the index
//! had been built with it, without a rebuild.

use search::{DocKind, Document, MatchHow, Query};

use crate::{artist, catalog, search};

#[test]
fn an_added_artist_is_found_at_once() {
    let mut index = catalog();
    assert!(search(&index, "jungkook").is_empty());
    index.upsert(&Document::artist(
        &artist("jungkook", "Jungkook", &[("전정국", "native_name")]),
        0,
    ));
    assert_eq!(search(&index, "jungkook")[0].slug, "jungkook");
    assert_eq!(search(&index, "jungk")[0].how, MatchHow::Prefix);
    assert_eq!(search(&index, "jungkok")[0].how, MatchHow::Fuzzy);
    assert_eq!(search(&index, "전정국")[0].slug, "jungkook");
    assert_eq!(search(&index, "jeon jeongguk")[0].slug, "jungkook");
    assert_eq!(index.stats().segment_keys, catalog().stats().segment_keys);
    assert!(index.stats().delta_keys > 0);
}

#[test]
fn a_replaced_artist_loses_its_old_names() {
    let mut index = catalog();
    index.upsert(&Document::artist(
        &artist("v", "V", &[("Blue Boy", "nickname")]),
        5,
    ));
    assert!(search(&index, "tae bear").is_empty());
    assert_eq!(search(&index, "blue boy")[0].how, MatchHow::Nickname);
    // Replaced again: the first replacement's delta keys are gone too.
    index.upsert(&Document::artist(&artist("v", "V", &[]), 5));
    assert!(search(&index, "blue boy").is_empty());
    assert_eq!(index.stats().delta_keys, 1);
    assert_eq!(search(&index, "v")[0].slug, "v");
}

#[test]
fn a_deleted_artist_is_not_found_and_its_popularity_is_gone() {
    let mut index = catalog();
    let before = index.stats().documents;
    assert_eq!(index.popularity(DocKind::Artist, "v"), Some(5));
    assert!(index.remove(DocKind::Artist, "v"));
    assert!(!index.remove(DocKind::Artist, "v"));
    assert!(search(&index, "뷔").is_empty());
    assert!(search(&index, "taehyung").iter().all(|hit| hit.slug != "v"));
    assert_eq!(index.popularity(DocKind::Artist, "v"), None);
    assert_eq!(index.stats().documents, before - 1);
}

#[test]
fn a_renamed_release_is_found_under_its_new_slug_only() {
    let mut index = catalog();
    let release = serde_json::from_value(serde_json::json!({
        "slug": "layover-deluxe", "title": "Layover Deluxe", "kind": "album", "status": "announced",
        "credits": [{"artist": "v"}], "tracks": [{"number": 1, "title": "For Us"}]
    }))
    .unwrap();
    index.remove(DocKind::Release, "layover");
    index.upsert(&Document::release(&release, 0));
    let hits = index.search(&Query::parse("layover").unwrap(), None, 10);
    let slugs: Vec<&str> = hits.iter().map(|hit| hit.slug.as_str()).collect();
    assert_eq!(slugs, ["layover-deluxe"]);
    assert!(search(&index, "slow dancing").is_empty());
    assert_eq!(
        search(&index, "for us")[0].release_title.as_deref(),
        Some("Layover Deluxe")
    );
}

#[test]
fn many_writes_spill_into_small_segments_and_stay_searchable() {
    let mut index = catalog();
    let name = |n: usize, round: usize| format!("Writer{n} Round{round}");
    for round in 0..2 {
        for n in 0..3_000 {
            index.upsert(&Document::artist(
                &artist(&format!("w{n}"), &name(n, round), &[]),
                0,
            ));
        }
    }
    let stats = index.stats();
    assert!(stats.delta_segments >= 1, "{stats:?}");
    assert_eq!(stats.documents, catalog().stats().documents + 3_000);
    for n in [0, 1_234, 2_999] {
        let hits = search(&index, &name(n, 1));
        assert_eq!(hits[0].slug, format!("w{n}"), "{hits:?}");
        assert_eq!(hits[0].how, MatchHow::Exact);
        // The first round's names are gone with the documents they belonged to.
        let old = search(&index, &name(n, 0));
        assert!(old.iter().all(|hit| hit.matched != name(n, 0)), "{old:?}");
    }
    let typo = search(&index, "Writer1234 Rnd1");
    assert_eq!(typo[0].slug, "w1234", "{typo:?}");
    assert_eq!(search(&index, "tae bear")[0].slug, "v");
}
