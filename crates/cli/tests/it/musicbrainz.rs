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
