//! `bside serve`: a write needs a token and, once acknowledged, survives `kill -9` and a restart.

use crate::{Server, TestDatabase, bside, stdout, temp_dir};

#[test]
fn an_acknowledged_write_survives_kill_9_and_restart() {
    let dir = temp_dir();
    let database = TestDatabase::sqlite(dir.path(), "bside.db");
    let token = stdout(&bside(
        dir.path(),
        database.url(),
        &["token", "create", "curator"],
    ))
    .trim()
    .to_owned();
    assert!(token.starts_with("bside_"), "{token:?}");

    let server = Server::start(dir.path(), database.url(), true);
    let (status, body) = server.request("GET", "/api/v1/artists/v", None, None);
    assert_eq!(status, 200, "{body}");
    let artist = r#"{"slug": "newjeans", "name": "NewJeans", "kind": "group", "aliases": [{"name": "뉴진스", "kind": "native_name", "locale": "ko"}]}"#;
    let (status, body) = server.request("POST", "/api/v1/artists", None, Some(artist));
    assert_eq!(status, 401, "no token, no write: {body}");
    let (status, body) = server.request("POST", "/api/v1/artists", Some(&token), Some(artist));
    assert_eq!(status, 201, "{body}");
    server.kill_hard();

    let server = Server::start(dir.path(), database.url(), true);
    let (status, body) = server.request("GET", "/api/v1/artists/newjeans", None, None);
    assert_eq!(status, 200, "the write survived: {body}");
    assert!(body.contains("뉴진스"));
    let (_, v) = server.request("GET", "/api/v1/artists/v", None, None);
    assert!(
        v.contains("Tae Bear"),
        "--demo on a non-empty database leaves it as it is"
    );

    assert!(
        bside(dir.path(), database.url(), &["token", "revoke", "curator"])
            .status
            .success()
    );
    let (status, _) = server.request("DELETE", "/api/v1/artists/newjeans", Some(&token), None);
    assert_eq!(status, 401, "a revoked token writes nothing");
    let listed = stdout(&bside(dir.path(), database.url(), &["token", "list"]));
    assert!(
        listed.contains("curator") && listed.contains("revoked") && !listed.contains(&token),
        "{listed}"
    );
}
