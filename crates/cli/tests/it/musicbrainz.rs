//! `bside import-musicbrainz`: importing the same MusicBrainz data twice leaves `bside export`
//! byte-identical, on both stores; bad lines are named with file and line and the rest imports.

use std::path::{Path, PathBuf};

use crate::{TestDatabase, bside, path_str, stderr, stdout, temp_dir};

fn fixtures(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../ingest/testdata/musicbrainz")
        .join(name)
}

fn import_twice_exports_the_same_bytes(database: &TestDatabase) {
    let dir = temp_dir();
    let good = fixtures("good");
    let first = bside(
        dir.path(),
        database.url(),
        &["import-musicbrainz", path_str(&good)],
    );
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stdout(&first).contains("skipped 3 release(s): a pseudo-release"),
        "{}",
        stdout(&first)
    );
    let (one, two) = (dir.path().join("one.json"), dir.path().join("two.json"));
    let exported = bside(dir.path(), database.url(), &["export", path_str(&one)]);
    assert!(exported.status.success(), "{}", stderr(&exported));
    let again = bside(
        dir.path(),
        database.url(),
        &["import-musicbrainz", path_str(&good)],
    );
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stdout(&again).starts_with("imported 0, updated 0, unchanged "),
        "{}",
        stdout(&again)
    );
    let exported = bside(dir.path(), database.url(), &["export", path_str(&two)]);
    assert!(exported.status.success(), "{}", stderr(&exported));
    let one = std::fs::read_to_string(one).unwrap();
    assert!(one.contains("ニルヴァーナ"));
    assert_eq!(one, std::fs::read_to_string(two).unwrap());
}

#[test]
fn sqlite_import_twice_exports_the_same_bytes() {
    let dir = temp_dir();
    import_twice_exports_the_same_bytes(&TestDatabase::sqlite(dir.path(), "mb.db"));
}

#[test]
fn postgres_import_twice_exports_the_same_bytes() {
    if let Some(database) = TestDatabase::postgres() {
        import_twice_exports_the_same_bytes(&database);
    }
}

#[test]
fn bad_lines_are_named_and_the_rest_imports() {
    let dir = temp_dir();
    let database = TestDatabase::sqlite(dir.path(), "mb.db");
    let bad = fixtures("bad");
    let output = bside(
        dir.path(),
        database.url(),
        &["import-musicbrainz", path_str(&bad)],
    );
    assert!(!output.status.success(), "bad input is an error");
    let (out, err) = (stdout(&output), stderr(&output));
    assert!(out.starts_with("imported 3,"), "{out}");
    assert!(
        err.contains("bad/mbdump/artist: line 2, column 72: truncated"),
        "{err}"
    );
    assert!(err.contains("bad/mbdump/artist: line 3, column 92: invalid type: string \"not a list\", expected a sequence\n"), "{err}");
    assert!(
        out.contains("line 4: relations[0]: unknown relation type"),
        "{out}"
    );
    assert!(
        err.contains("2 part(s) of the input could not be read"),
        "{err}"
    );
}

/// The import decides a batch in memory and writes it set-wise; the outcome must be what importing
/// each artist alone gives. A generated dump (groups and members naming each other from both sides,
/// namesakes, accounts) imported one artist a batch, in odd batches and in large ones, then
/// imported again over itself, exports the same bytes every time.
fn batch_size_changes_nothing(databases: &[TestDatabase]) {
    let dir = temp_dir();
    let dump = dir.path().join("dump");
    let generated = bside(
        dir.path(),
        databases[0].url(),
        &[
            "gen-musicbrainz",
            "--artists",
            "600",
            "--seed",
            "7",
            path_str(&dump),
        ],
    );
    assert!(generated.status.success(), "{}", stderr(&generated));
    let mut exports = vec![];
    for (database, batch) in databases.iter().zip(["1", "37", "1000"]) {
        let imported = bside(
            dir.path(),
            database.url(),
            &["import-musicbrainz", "--batch", batch, path_str(&dump)],
        );
        assert!(imported.status.success(), "{}", stderr(&imported));
        assert!(
            stdout(&imported).contains("271 artists created from references"),
            "{}",
            stdout(&imported)
        );
        let out = dir.path().join(format!("batch-{batch}.json"));
        let exported = bside(dir.path(), database.url(), &["export", path_str(&out)]);
        assert!(exported.status.success(), "{}", stderr(&exported));
        exports.push(std::fs::read_to_string(out).unwrap());
        let again = bside(
            dir.path(),
            database.url(),
            &["import-musicbrainz", "--batch", batch, path_str(&dump)],
        );
        assert!(
            stdout(&again).starts_with("imported 0, updated 0, unchanged 600"),
            "{}",
            stdout(&again)
        );
    }
    assert!(exports[0].contains("\"memberships\""));
    assert_eq!(exports[0], exports[1], "batch 1 against batch 37");
    assert_eq!(exports[0], exports[2], "batch 1 against batch 1000");
}

#[test]
fn sqlite_batch_size_changes_nothing() {
    let dir = temp_dir();
    let databases: Vec<TestDatabase> = (0..3)
        .map(|n| TestDatabase::sqlite(dir.path(), &format!("mb{n}.db")))
        .collect();
    batch_size_changes_nothing(&databases);
}

#[test]
fn postgres_batch_size_changes_nothing() {
    let databases: Option<Vec<TestDatabase>> = (0..3).map(|_| TestDatabase::postgres()).collect();
    if let Some(databases) = databases {
        batch_size_changes_nothing(&databases);
    }
}
