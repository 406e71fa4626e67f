//! `/api/v1/search` over the demo: every way of writing V's names finds V first; bad queries are
//! 400s naming the parameter; writes through the API are searchable at once.

use axum::http::StatusCode;
use serde_json::Value;

use crate::TestApp;

/// URL-encodes a query (Hangul, spaces) for the request line.
fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

async fn hits(app: &TestApp, query: &str) -> Vec<Value> {
    let (status, body) = app
        .get(&format!("/api/v1/search?q={}", encode(query)))
        .await;
    assert_eq!(status, StatusCode::OK, "{query:?}: {body}");
    assert_eq!(body["query"], query);
    body["hits"].as_array().expect("hits").clone()
}

#[tokio::test]
async fn every_name_of_v_finds_v_first() {
    let app = TestApp::demo().await;
    for (query, how) in [
        ("taehyung", "word"),
        ("뷔", "exact"),
        ("tae bear", "nickname"),
        ("taehyng", "fuzzy"),
        ("Kim Tae-hyung", "exact"),
        ("V", "exact"),
        ("김태형", "exact"),
    ] {
        let hits = hits(&app, query).await;
        let first = hits
            .first()
            .unwrap_or_else(|| panic!("{query:?} finds nothing"));
        assert_eq!(first["slug"], "v", "{query:?}: {hits:#?}");
        assert_eq!(first["kind"], "artist", "{query:?}");
        assert_eq!(first["how"], how, "{query:?}: {first}");
        assert_eq!(first["href"], "/api/v1/artists/v");
    }
}

#[tokio::test]
async fn iu_finds_iu_and_nonsense_finds_nothing() {
    let app = TestApp::demo().await;
    let hits = hits(&app, "iu").await;
    assert_eq!(hits[0]["slug"], "iu", "{hits:#?}");
    assert_eq!(hits[0]["name"], "IU");
    assert!(self::hits(&app, "xqzvwkjh").await.is_empty());
}

#[tokio::test]
async fn tracks_and_shows_are_found_and_kind_filters() {
    let app = TestApp::demo().await;
    let (status, body) = app.get("/api/v1/search?q=for%20us&kind=track").await;
    assert_eq!(status, StatusCode::OK);
    let first = &body["hits"][0];
    assert_eq!(first["kind"], "track");
    assert_eq!(first["name"], "For Us");
    assert_eq!(first["slug"], "layover");
    assert_eq!(first["release"], "Layover");
    assert_eq!(first["number"], 5);
    assert_eq!(first["href"], "/api/v1/releases/layover");
    let (_, body) = app.get("/api/v1/search?q=palette&kind=show").await;
    assert_eq!(body["hits"][0]["slug"], "palette");
    let (_, body) = app.get("/api/v1/search?q=layover&kind=artist").await;
    assert_eq!(body["hits"], serde_json::json!([]));
    let (_, body) = app.get("/api/v1/search?q=b&limit=2").await;
    assert_eq!(body["hits"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn bad_queries_are_400s_naming_the_parameter() {
    let app = TestApp::demo().await;
    let long = "a".repeat(101);
    for (uri, field) in [
        ("/api/v1/search".to_owned(), "q"),
        ("/api/v1/search?q=".to_owned(), "q"),
        ("/api/v1/search?q=%20%20".to_owned(), "q"),
        ("/api/v1/search?q=---".to_owned(), "q"),
        (format!("/api/v1/search?q={long}"), "q"),
        ("/api/v1/search?q=v&limit=0".to_owned(), "limit"),
        ("/api/v1/search?q=v&limit=101".to_owned(), "limit"),
        ("/api/v1/search?q=v&limit=ten".to_owned(), "limit"),
        ("/api/v1/search?q=v&kind=video".to_owned(), "kind"),
    ] {
        let (status, body) = app.get(&uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert_eq!(body["error"]["field"], field, "{uri}: {body}");
    }
    let (_, body) = app.get(&format!("/api/v1/search?q={long}")).await;
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("at most 100 characters"), "{message}");
}

#[tokio::test]
async fn writes_through_the_api_are_searchable_at_once() {
    let app = TestApp::demo().await;
    let (status, body) = app
        .write(
            "POST",
            "/api/v1/artists",
            r#"{"slug": "rose", "name": "Rosé", "kind": "person",
                "aliases": [{"name": "로제", "kind": "native_name"}]}"#,
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(hits(&app, "로제").await[0]["slug"], "rose");
    assert_eq!(hits(&app, "ROSE").await[0]["slug"], "rose");
    assert_eq!(hits(&app, "rsoé").await[0]["slug"], "rose");

    // Renamed: found under its new slug and name only.
    let (status, body) = app
        .write(
            "PUT",
            "/api/v1/artists/rose",
            r#"{"slug": "roseanne", "name": "Roseanne Park", "kind": "person"}"#,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(hits(&app, "로제").await.is_empty());
    assert_eq!(hits(&app, "roseanne").await[0]["slug"], "roseanne");
    assert_eq!(hits(&app, "park").await[0]["how"], "word");

    let (status, _) = app.write("DELETE", "/api/v1/artists/roseanne", "").await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(hits(&app, "roseanne").await.is_empty());

    // A refused write changes nothing in the index either.
    let (status, _) = app
        .write(
            "PUT",
            "/api/v1/artists/v",
            r#"{"slug": "v", "name": "", "kind": "person"}"#,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(hits(&app, "tae bear").await[0]["slug"], "v");
}
