//! Writing through the API: create, replace, MV transitions, citations, deletes.

use axum::http::StatusCode;
use serde_json::json;

use crate::{TestApp, error_of};

#[tokio::test]
async fn an_mv_goes_from_announced_to_released_and_keeps_its_schedule() {
    let app = TestApp::demo().await;
    let release = json!({
        "slug": "get-up", "title": "Get Up", "kind": "ep", "status": "announced",
        "credits": [{"artist": "v"}],
        "released": {"local": "2024-07-21T13:00", "zone": "Asia/Seoul"},
        "tracks": [{"number": 1, "title": "Super Shy", "role": "title"}]
    });
    let (status, created) = app
        .write("POST", "/api/v1/releases", &release.to_string())
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["released"]["utc"], "2024-07-21T04:00:00Z");

    let video = json!({
        "slug": "super-shy-mv", "title": "Super Shy", "track": {"release": "get-up", "number": 1},
        "history": [{"state": "planned"}]
    });
    assert_eq!(
        app.write("POST", "/api/v1/videos", &video.to_string())
            .await
            .0,
        StatusCode::CREATED
    );
    let announce =
        json!({"state": "announced", "at": {"local": "2024-07-07T00:00", "zone": "Asia/Seoul"}});
    let (status, announced) = app
        .write(
            "POST",
            "/api/v1/videos/super-shy-mv/transitions",
            &announce.to_string(),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{announced}");
    assert_eq!(announced["state"], "announced");
    let (_, upcoming) = app.get("/api/v1/upcoming?from=2024-07-06&days=2").await;
    assert_eq!(upcoming["items"][0]["kind"], "mv_scheduled");

    let release_step = json!({"state": "released", "at": {"utc": "2024-07-06T15:00:00Z", "zone": "Asia/Seoul"},
                              "url": "https://www.youtube.com/watch?v=ArmDp-zijuc"});
    let (_, released) = app
        .write(
            "POST",
            "/api/v1/videos/super-shy-mv/transitions",
            &release_step.to_string(),
        )
        .await;
    assert_eq!(released["state"], "released");
    assert_eq!(released["scheduled"]["utc"], "2024-07-06T15:00:00Z");
    assert_eq!(
        released["url"],
        "https://www.youtube.com/watch?v=ArmDp-zijuc"
    );
    let (status, body) = app
        .write(
            "POST",
            "/api/v1/videos/super-shy-mv/transitions",
            &announce.to_string(),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_of(&body).1, Some("state"));
    let (_, status_view) = app.get("/api/v1/releases/get-up/videos").await;
    assert_eq!(status_view["summary"], "1 of 1 planned MVs out");
}

#[tokio::test]
async fn sources_are_cited_once() {
    let app = TestApp::demo().await;
    let citation =
        json!({"source": "billboard-layover", "evidence": "V's first solo album"}).to_string();
    let (status, body) = app
        .write("POST", "/api/v1/artists/v/sources", &citation)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert!(
        body["sources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["source"] == "billboard-layover")
    );
    assert_eq!(
        app.write("POST", "/api/v1/artists/v/sources", &citation)
            .await
            .0,
        StatusCode::OK
    );
    let (status, body) = app
        .write(
            "POST",
            "/api/v1/artists/v/sources",
            r#"{"source": "nowhere"}"#,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_of(&body).1, Some("source"));
    let (status, _) = app
        .write("DELETE", "/api/v1/sources/billboard-layover", "")
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "a cited source stays");
}

#[tokio::test]
async fn a_document_read_can_be_written_back_and_renamed() {
    let app = TestApp::demo().await;
    let (_, mut iu) = app.get("/api/v1/artists/iu").await;
    let object = iu.as_object_mut().unwrap();
    object.remove("members");
    object.remove("accounts");
    iu["slug"] = "iu-lee-jieun".into();
    iu["genres"] = json!(["k-pop", "ballad"]);
    let (status, renamed) = app
        .write("PUT", "/api/v1/artists/iu", &iu.to_string())
        .await;
    assert_eq!(status, StatusCode::OK, "{renamed}");
    assert_eq!(renamed["genres"], json!(["k-pop", "ballad"]));
    assert_eq!(app.get("/api/v1/artists/iu").await.0, StatusCode::NOT_FOUND);
    let (_, palette) = app.get("/api/v1/shows/palette").await;
    assert_eq!(
        palette["hosts"],
        json!(["iu-lee-jieun"]),
        "references follow a rename"
    );

    let (status, _) = app
        .write("DELETE", "/api/v1/appearances/palette-v", "")
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/api/v1/appearances/palette-v").await.0,
        StatusCode::NOT_FOUND
    );
}
