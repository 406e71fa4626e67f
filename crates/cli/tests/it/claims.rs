//! `bside claims`: the example article submitted into an empty catalog, its claims accepted in one
//! command, the catalog then holding what the article states, and a second submission adding nothing.

use crate::{bside, stderr, stdout, temp_dir};

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../ingest/testdata/articles/v-blue-mv.txt"
);

#[test]
fn an_article_is_submitted_reviewed_and_accepted_from_the_command_line() {
    let dir = temp_dir();
    let database = format!("sqlite://{}/bside.db", dir.path().display());
    let run = |args: &[&str]| {
        let output = bside(dir.path(), &database, args);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        stdout(&output)
    };
    let said = run(&[
        "claims",
        "submit",
        EXAMPLE,
        "--url",
        "https://example.com/news/v-blue-mv",
        "--publisher",
        "Example News",
    ]);
    let article = said
        .split_whitespace()
        .nth(1)
        .unwrap()
        .trim_end_matches(':')
        .to_owned();
    assert!(said.contains("claims proposed"), "{said}");
    assert!(said.contains("mv_none_planned"), "{said}");

    let listed = run(&["claims", "list", "--status", "proposed", "--kind", "alias"]);
    assert!(listed.contains("Kim Taehyung"), "{listed}");

    let accepted = run(&["claims", "accept", "--article", &article]);
    assert!(accepted.contains("left 0"), "{accepted}");
    let exported = run(&["export", "-"]);
    let bundle: serde_json::Value = serde_json::from_str(&exported).unwrap();
    let v = bundle["artists"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["slug"] == "v")
        .expect("V is in the catalog");
    assert!(v["aliases"].to_string().contains("Tae Bear"), "{v}");

    let again = run(&["claims", "submit", EXAMPLE]);
    assert!(again.contains("nothing added"), "{again}");
    assert_eq!(run(&["export", "-"]), exported, "nothing changed");

    let output = bside(
        dir.path(),
        &database,
        &["claims", "accept", &format!("{article}-1")],
    );
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("not proposed"),
        "{}",
        stderr(&output)
    );
}
