//! `bside export` and `bside import`: a round trip is byte-identical on both stores, and a broken
//! bundle is refused whole with a message that says where it is broken.

use std::path::Path;

use crate::{TestDatabase, bside, path_str, stderr, temp_dir};

fn load_demo(dir: &Path, database: &TestDatabase) {
    // `serve --demo` is how a user loads the demo; importing the exported demo is the same data.
    let server = crate::Server::start(dir, database.url(), true);
    drop(server);
}

fn round_trip(first: &TestDatabase, second: &TestDatabase) {
    let dir = temp_dir();
    load_demo(dir.path(), first);
    let one = dir.path().join("one.json");
    let two = dir.path().join("two.json");
    let exported = bside(dir.path(), first.url(), &["export", path_str(&one)]);
    assert!(exported.status.success(), "{}", stderr(&exported));
    let imported = bside(dir.path(), second.url(), &["import", path_str(&one)]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    let exported = bside(dir.path(), second.url(), &["export", path_str(&two)]);
    assert!(exported.status.success(), "{}", stderr(&exported));
    let (one, two) = (
        std::fs::read_to_string(one).unwrap(),
        std::fs::read_to_string(two).unwrap(),
    );
    assert!(one.contains("\"layover\""), "the export holds the demo");
    assert_eq!(one, two, "export → import → export is identical");
}

#[test]
fn sqlite_export_import_export_is_identical() {
    let dir = temp_dir();
    round_trip(
        &TestDatabase::sqlite(dir.path(), "a.db"),
        &TestDatabase::sqlite(dir.path(), "b.db"),
    );
}

#[test]
fn postgres_export_import_export_is_identical() {
    let (Some(first), Some(second)) = (TestDatabase::postgres(), TestDatabase::postgres()) else {
        return;
    };
    round_trip(&first, &second);
}

#[test]
fn sqlite_and_postgres_export_the_same_bundle() {
    let Some(postgres) = TestDatabase::postgres() else {
        return;
    };
    let dir = temp_dir();
    round_trip(&TestDatabase::sqlite(dir.path(), "a.db"), &postgres);
}

#[test]
fn a_broken_bundle_is_refused_whole_with_its_path() {
    let dir = temp_dir();
    let database = TestDatabase::sqlite(dir.path(), "bside.db");
    let file = dir.path().join("broken.json");
    let cases = [
        (
            r#"{"format": "bside.bundle", "version": 1, "artists": [{"slug": "a", "name": "A", "kind": "band"}]}"#,
            "artists[0].kind",
        ),
        (
            r#"{"format": "bside.bundle", "version": 1, "artists": [{"slug": "a", "name": "A", "kind": "person", "debut": "2023-02-30"}]}"#,
            "2023-02-30",
        ),
        (
            r#"{"format": "bside.bundle", "version": 1, "artists": [{"slug": "a""#,
            "EOF",
        ),
        (r#"{"format": "bside.bundle", "version": 2}"#, "version"),
        (
            r#"{"format": "bside.bundle", "version": 1, "artists": [{"slug": "a", "name": "A", "kind": "person"}],
               "accounts": [{"slug": "b", "artist": "nobody", "platform": "x", "handle": "b"}]}"#,
            "accounts[0].artist",
        ),
    ];
    for (text, expected) in cases {
        std::fs::write(&file, text).unwrap();
        let output = bside(dir.path(), database.url(), &["import", path_str(&file)]);
        assert!(!output.status.success(), "{text} was accepted");
        let message = stderr(&output);
        assert!(
            message.contains(expected),
            "the message names {expected:?}: {message}"
        );
    }
    let missing = bside(dir.path(), database.url(), &["import", "no-such-file.json"]);
    assert!(stderr(&missing).contains("no-such-file.json"));
    let export = dir.path().join("after.json");
    assert!(
        bside(dir.path(), database.url(), &["export", path_str(&export)])
            .status
            .success()
    );
    let after: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(export).unwrap()).unwrap();
    assert_eq!(
        after["artists"],
        serde_json::json!([]),
        "nothing was half-written"
    );
}

#[test]
fn migrate_reports_and_is_idempotent() {
    let dir = temp_dir();
    let database = TestDatabase::sqlite(dir.path(), "bside.db");
    let first = bside(dir.path(), database.url(), &["migrate"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let applied = crate::stdout(&first);
    assert!(
        applied.contains("migration(s) applied") && !applied.starts_with("0 "),
        "{applied}"
    );
    let again = bside(dir.path(), database.url(), &["migrate"]);
    assert!(crate::stdout(&again).starts_with("0 migration"));
    let bad = bside(dir.path(), "mysql://localhost/x", &["migrate"]);
    assert!(!bad.status.success());
    assert!(
        stderr(&bad).contains("unsupported database URL"),
        "{}",
        stderr(&bad)
    );
}
