//! Migrations: a second run does nothing, a freshly migrated catalog is empty, and a catalog an older
//! schema held reads the same after the upgrade.

use model::Bundle;
use store::Store;

use crate::fixtures::source;
use crate::harness::{on_unmigrated, story};

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

/// Rows as schema version 8 held them: aliases and external ids in tables of their own, citations with
/// an id (an alias's naming the alias row).
const VERSION_8_ROWS: &[&str] = &[
    "INSERT INTO sources (id, slug, url, publisher) VALUES (1, 'musicbrainz-nirvana', 'https://musicbrainz.org/artist/5b11f4ce-a62d-471e-81fc-a69a8278c7da', 'MusicBrainz')",
    "INSERT INTO sources (id, slug, url, publisher) VALUES (2, 'news', 'https://example.com/news', 'News')",
    "INSERT INTO artists (id, slug, name, kind, genres) VALUES (7, 'nirvana', 'Nirvana', 'group', '[\"grunge\"]')",
    "INSERT INTO artists (id, slug, name, kind, genres) VALUES (8, 'quiet', 'Quiet', 'person', '[]')",
    "INSERT INTO aliases (id, artist_id, position, name, kind, locale, is_primary) VALUES (30, 7, 0, 'ニルヴァーナ', 'native_name', 'ja', 1)",
    "INSERT INTO aliases (id, artist_id, position, name, kind, locale, is_primary) VALUES (31, 7, 1, 'Nirvana (US)', 'search_hint', NULL, 0)",
    "INSERT INTO citations (subject, subject_id, position, source_id, evidence) VALUES ('artist', 7, 0, 1, NULL)",
    "INSERT INTO citations (subject, subject_id, position, source_id, evidence) VALUES ('alias', 30, 0, 1, NULL)",
    "INSERT INTO citations (subject, subject_id, position, source_id, evidence) VALUES ('alias', 30, 1, 2, 'the headline')",
    "INSERT INTO citations (subject, subject_id, position, source_id, evidence) VALUES ('alias', 31, 0, 2, NULL)",
    "INSERT INTO external_ids (subject, subject_id, position, system, value) VALUES ('artist', 7, 0, 'musicbrainz', '5b11f4ce-a62d-471e-81fc-a69a8278c7da')",
    "INSERT INTO external_ids (subject, subject_id, position, system, value) VALUES ('artist', 7, 1, 'wikidata', 'Q11649')",
    "INSERT INTO releases (id, slug, title, kind, status) VALUES (3, 'nevermind', 'Nevermind', 'album', 'released')",
    "INSERT INTO external_ids (subject, subject_id, position, system, value) VALUES ('release', 3, 0, 'musicbrainz', '1b022e01-4da6-387b-8658-8678046e4cef')",
    "INSERT INTO citations (subject, subject_id, position, source_id, evidence) VALUES ('release', 3, 0, 2, NULL)",
    "INSERT INTO musicbrainz_entities (kind, mbid, entity_id, digest, detail, seen) VALUES ('artist', '5b11f4ce-a62d-471e-81fc-a69a8278c7da', 7, 'artist-digest', NULL, 1)",
    "INSERT INTO musicbrainz_entities (kind, mbid, entity_id, digest, detail, seen) VALUES ('account', '5b11f4ce-a62d-471e-81fc-a69a8278c7da/0e2d2b5c-0f8f-4a7e-9c47-3c7b8b0e7a11', 40, 'instagram-digest', NULL, 1)",
    "INSERT INTO musicbrainz_entities (kind, mbid, entity_id, digest, detail, seen) VALUES ('account', '5b11f4ce-a62d-471e-81fc-a69a8278c7da/9a0c6f8e-5d2b-4c1e-8f3a-2b7d6e4c1a90', 41, 'youtube-digest', NULL, 1)",
];

/// An alias as the test looks at it: name, locale, primary, and its citations (source, evidence).
type AliasSeen<'a> = (
    &'a str,
    Option<&'a str>,
    bool,
    Vec<(&'a str, Option<&'a str>)>,
);

#[tokio::test]
async fn a_version_8_catalog_reads_the_same_after_the_upgrade() {
    on_unmigrated(|url: String| async move {
        let store = Store::open(&url, &store::StoreOptions::default())
            .await
            .unwrap();
        store.migrate_to(8).await.unwrap();
        sqlx::any::install_default_drivers();
        let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&url)
            .await
            .unwrap();
        for row in VERSION_8_ROWS {
            sqlx::query(sqlx::AssertSqlSafe(*row))
                .execute(&mut conn)
                .await
                .unwrap();
        }
        assert!(
            store.migrate().await.unwrap() > 0,
            "the newer migrations ran"
        );

        // The artist's account mappings are now its mapping's account map.
        let (accounts,): (String,) = sqlx::query_as(
            "SELECT accounts FROM musicbrainz_entities WHERE kind = 'artist' AND mbid = '5b11f4ce-a62d-471e-81fc-a69a8278c7da'",
        )
        .fetch_one(&mut conn)
        .await
        .unwrap();
        let accounts: serde_json::Value = serde_json::from_str(&accounts).unwrap();
        assert_eq!(
            accounts,
            serde_json::json!({
                "0e2d2b5c-0f8f-4a7e-9c47-3c7b8b0e7a11": [40, "instagram-digest"],
                "9a0c6f8e-5d2b-4c1e-8f3a-2b7d6e4c1a90": [41, "youtube-digest"],
            })
        );
        let (left,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM musicbrainz_entities WHERE kind = 'account'")
                .fetch_one(&mut conn)
                .await
                .unwrap();
        assert_eq!(left, 0, "no account mapping is left");
        sqlx::Connection::close(conn).await.unwrap();

        let nirvana = store
            .artist("nirvana")
            .await
            .unwrap()
            .expect("nirvana is kept");
        assert_eq!(nirvana.genres, ["grunge"]);
        assert_eq!(nirvana.sources.len(), 1);
        assert_eq!(nirvana.sources[0].source.as_str(), "musicbrainz-nirvana");
        let aliases: Vec<AliasSeen> = nirvana
            .aliases
            .iter()
            .map(|a| {
                let sources = a
                    .sources
                    .iter()
                    .map(|c| (c.source.as_str(), c.evidence.as_deref()))
                    .collect();
                (a.name.as_str(), a.locale.as_deref(), a.primary, sources)
            })
            .collect();
        assert_eq!(
            aliases,
            [
                (
                    "ニルヴァーナ",
                    Some("ja"),
                    true,
                    vec![
                        ("musicbrainz-nirvana", None),
                        ("news", Some("the headline"))
                    ]
                ),
                ("Nirvana (US)", None, false, vec![("news", None)]),
            ]
        );
        assert_eq!(nirvana.aliases[0].kind, model::AliasKind::NativeName);
        assert_eq!(nirvana.aliases[1].kind, model::AliasKind::SearchHint);
        let ids: Vec<(&str, &str)> = nirvana
            .external_ids
            .iter()
            .map(|id| (id.system.as_str(), id.value.as_str()))
            .collect();
        assert_eq!(
            ids,
            [
                ("musicbrainz", "5b11f4ce-a62d-471e-81fc-a69a8278c7da"),
                ("wikidata", "Q11649")
            ]
        );
        let quiet = store.artist("quiet").await.unwrap().expect("quiet is kept");
        assert!(quiet.aliases.is_empty() && quiet.external_ids.is_empty());

        let nevermind = store
            .release("nevermind")
            .await
            .unwrap()
            .expect("the release is kept");
        assert_eq!(nevermind.external_ids.len(), 1);
        assert_eq!(
            nevermind.external_ids[0].value,
            "1b022e01-4da6-387b-8658-8678046e4cef"
        );
        assert_eq!(nevermind.sources[0].source.as_str(), "news");

        // The sources are still in use, without a foreign key to say so.
        let refused = store.delete_source("news").await.unwrap_err();
        assert!(
            refused.to_string().contains("cite it"),
            "deleting a cited source is refused: {refused}"
        );
        store.close().await;
    })
    .await;
}
