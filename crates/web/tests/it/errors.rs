//! Bad input: every refusal has the one error shape, the right status, names the field, and writes nothing.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::{TestApp, error_of};

const NEW_ARTIST: &str = r#"{"slug": "newjeans", "name": "NewJeans", "kind": "group"}"#;

#[tokio::test]
async fn writes_need_a_live_token() {
    let app = TestApp::demo().await;
    let post = |auth: Option<&str>| {
        let mut request =
            Request::post("/api/v1/artists").header(header::CONTENT_TYPE, "application/json");
        if let Some(auth) = auth {
            request = request.header(header::AUTHORIZATION, auth);
        }
        request.body(Body::from(NEW_ARTIST)).unwrap()
    };
    for auth in [
        None,
        Some("Bearer bside_0000"),
        Some("Basic dXNlcjpwYXNz"),
        Some("Bearer "),
    ] {
        let (status, body) = app.send(post(auth)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{auth:?}");
        assert_eq!(error_of(&body).0, "unauthorized");
    }
    assert_eq!(
        app.get("/api/v1/artists/newjeans").await.0,
        StatusCode::NOT_FOUND,
        "nothing was written"
    );
    let (status, _) = app.send(post(Some(&format!("Bearer {}", app.token)))).await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn malformed_json_and_impossible_dates_are_named() {
    let app = TestApp::demo().await;
    let (status, body) = app
        .write("POST", "/api/v1/artists", r#"{"slug": "x","#)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (code, field) = error_of(&body);
    assert_eq!((code, field), ("invalid", None));
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("malformed JSON")
    );

    let (status, body) = app
        .write(
            "POST",
            "/api/v1/artists",
            r#"{"slug": "newjeans", "name": "NewJeans", "kind": "group", "debut": "2023-02-30"}"#,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_of(&body).1, Some("debut"));
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("2023-02-30"),
        "{body}"
    );

    let (status, body) = app.get("/api/v1/upcoming?from=2023-02-30").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_of(&body).1, Some("from"));
}

#[tokio::test]
async fn wrong_fields_are_named_by_their_path() {
    let app = TestApp::demo().await;
    let (_, layover) = app.get("/api/v1/releases/layover").await;
    let mut broken = layover.clone();
    broken["tracks"][5]["version_of"]["number"] = 9.into();
    let (status, body) = app
        .write("PUT", "/api/v1/releases/layover", &broken.to_string())
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(error_of(&body).1, Some("tracks[5].version_of"));

    let mut typo = layover.clone();
    typo["tracks"][0]["rol"] = "title".into();
    let (status, body) = app
        .write("PUT", "/api/v1/releases/layover", &typo.to_string())
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_of(&body).1, Some("tracks[0].rol"), "{body}");

    let (status, body) = app.get("/api/v1/artists?kind=band").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_of(&body).1, Some("kind"));
    let (status, body) = app.get("/api/v1/artists?limit=0").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_of(&body).1, Some("limit"));
    assert_eq!(
        app.get("/api/v1/releases/layover").await.1,
        layover,
        "nothing changed"
    );
}

#[tokio::test]
async fn unknown_things_are_404_and_taken_slugs_409() {
    let app = TestApp::demo().await;
    for uri in [
        "/api/v1/artists/nobody",
        "/api/v1/releases/nothing/videos",
        "/api/v1/timeline?artist=nobody",
        "/api/v1/nope",
    ] {
        let (status, body) = app.get(uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(error_of(&body).0, "not_found");
    }
    let (status, body) = app
        .write(
            "POST",
            "/api/v1/artists",
            r#"{"slug": "v", "name": "V", "kind": "person"}"#,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error_of(&body), ("conflict", Some("slug")));
    let (status, body) = app.write("DELETE", "/api/v1/artists/v", "").await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "V is credited on Layover: {body}"
    );
    assert_eq!(app.get("/api/v1/artists/v").await.0, StatusCode::OK);
    let (status, _) = app.write("PUT", "/api/v1/artists/nobody", NEW_ARTIST).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn oversize_bodies_and_other_content_types_are_refused() {
    let app = TestApp::demo().await;
    let huge = format!(
        r#"{{"slug": "newjeans", "name": "{}", "kind": "group"}}"#,
        "x".repeat(100 * 1024)
    );
    let (status, body) = app.write("POST", "/api/v1/artists", &huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_of(&body).0, "too_large");
    let request = Request::post("/api/v1/artists")
        .header(header::CONTENT_TYPE, "text/plain")
        .header(header::AUTHORIZATION, format!("Bearer {}", app.token))
        .body(Body::from(NEW_ARTIST))
        .unwrap();
    assert_eq!(
        app.send(request).await.0,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    assert_eq!(
        app.get("/api/v1/artists/newjeans").await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_write_that_fails_halfway_leaves_nothing() {
    let app = TestApp::demo().await;
    // The membership's group does not exist: the artist row written before it must roll back.
    let body = r#"{"slug": "danielle", "name": "Danielle", "kind": "person", "aliases": [{"name": "다니엘", "kind": "native_name"}],
                  "memberships": [{"group": "newjeans"}]}"#;
    let (status, error) = app.write("POST", "/api/v1/artists", body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_of(&error).1, Some("memberships[0].group"));
    assert_eq!(
        app.get("/api/v1/artists/danielle").await.0,
        StatusCode::NOT_FOUND
    );
}
