//! Counts and records through the API: the demo's fastest-to-N holders, ingest, milestones, events.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::{TestApp, error_of};

fn board<'a>(body: &'a Value, scope: &str) -> &'a Value {
    body["boards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["scope"] == scope)
        .unwrap_or_else(|| panic!("no board {scope}: {body}"))
}

#[tokio::test]
async fn v_holds_fastest_to_1m_and_10m_with_its_progression() {
    let app = TestApp::demo().await;
    let (status, body) = app
        .get("/api/v1/records?platform=instagram&metric=followers&kind=person")
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let one = board(&body, "instagram:followers:1000000:person");
    assert_eq!(one["ranked"][0]["subject"], "thv-instagram");
    assert_eq!(one["ranked"][0]["elapsed"]["text"], "43 min");
    assert_eq!(one["ranked"][0]["artist"], "v");
    let holders: Vec<&str> = one["progression"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["subject"].as_str().unwrap())
        .collect();
    assert_eq!(
        holders,
        [
            "daniel-k-here-instagram",
            "jenniferaniston-instagram",
            "thv-instagram"
        ]
    );
    assert_eq!(
        one["progression"][2]["broke"]["previous"],
        "jenniferaniston-instagram"
    );
    assert_eq!(one["progression"][1]["elapsed"]["text"], "5 h 16 min");
    assert_eq!(one["progression"][0]["elapsed"]["text"], "11 h 36 min");

    let ten = board(&body, "instagram:followers:10000000:person");
    assert_eq!(ten["ranked"][0]["elapsed"]["text"], "4 h 52 min");
    let bounds = &ten["ranked"][0];
    assert!(bounds["elapsed_lower"]["ms"].as_i64() <= bounds["elapsed"]["ms"].as_i64());
    assert!(bounds["elapsed"]["ms"].as_i64() <= bounds["elapsed_upper"]["ms"].as_i64());

    let (_, kpop) = app
        .get("/api/v1/records?platform=instagram&milestone=1000000&tag=k-pop")
        .await;
    let holders: Vec<&str> = kpop["boards"][0]["progression"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["subject"].as_str().unwrap())
        .collect();
    assert_eq!(holders, ["daniel-k-here-instagram", "thv-instagram"]);
    let (status, body) = app.get("/api/v1/records?kind=band").await;
    assert_eq!(
        (status, error_of(&body).1),
        (StatusCode::BAD_REQUEST, Some("kind"))
    );
}

#[tokio::test]
async fn an_account_shows_its_milestones_and_projection() {
    let app = TestApp::demo().await;
    let (status, account) = app.get("/api/v1/accounts/thv-instagram").await;
    assert_eq!(status, StatusCode::OK, "{account}");
    let series = &account["series"][0];
    assert_eq!(series["series"], "account.thv-instagram.followers");
    let reached: Vec<u64> = series["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["milestone"].as_u64().unwrap())
        .collect();
    assert_eq!(reached, [1_000_000, 5_000_000, 10_000_000]);
    assert_eq!(series["milestones"][0]["elapsed"]["text"], "43 min");
    assert_eq!(series["projection"]["milestone"], 20_000_000);
    assert!(
        series["projection"]["method"]
            .as_str()
            .unwrap()
            .contains("least-squares")
    );

    let (_, points) = app
        .get("/api/v1/series/account.thv-instagram.followers/points")
        .await;
    let all = points["points"].as_array().unwrap();
    assert_eq!(all.len(), 8);
    assert_eq!(
        all[1]["illustrative"], true,
        "points between the reported marks are labelled"
    );
    assert!(
        all[2].get("illustrative").is_none(),
        "the 1M mark is reported"
    );
    let (_, daily) = app
        .get("/api/v1/series/account.thv-instagram.followers/points?step=1d")
        .await;
    assert!(daily["points"].as_array().unwrap().len() < all.len());
    assert_eq!(
        app.get("/api/v1/series/account.nobody.followers/points")
            .await
            .0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn points_are_idempotent_and_a_crossing_joins_the_timeline() {
    let app = TestApp::demo().await;
    let batch = json!({"points": [
        {"series": "account.thv-instagram.followers", "at": "2021-12-08T13:00:00Z", "value": 21_000_000},
        {"series": "account.thv-instagram.followers", "at": "2021-12-07T23:00:00Z", "value": 20_400_000}
    ]})
    .to_string();
    let (status, body) = app.write("POST", "/api/v1/points", &batch).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body, json!({"points": 2, "series": 1}));
    assert_eq!(
        app.write("POST", "/api/v1/points", &batch).await.0,
        StatusCode::CREATED,
        "a replay is harmless"
    );
    let (_, points) = app
        .get("/api/v1/series/account.thv-instagram.followers/points")
        .await;
    assert_eq!(points["points"].as_array().unwrap().len(), 10);

    let (_, account) = app.get("/api/v1/accounts/thv-instagram").await;
    let twenty = &account["series"][0]["milestones"][3];
    assert_eq!(twenty["milestone"], 20_000_000);
    assert_eq!(twenty["upper"]["value"], 20_400_000);
    assert_eq!(twenty["lower"]["value"], 19_800_000);

    let (_, timeline) = app.get("/api/v1/timeline?artist=v&limit=500").await;
    let kinds: Vec<&str> = timeline["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"milestone_reached") && kinds.contains(&"record_broken"),
        "{kinds:?}"
    );
    let (_, window) = app.get("/api/v1/upcoming?from=2021-12-07&days=2").await;
    assert!(
        window["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["id"] == "milestone_reached:account.thv-instagram.followers:20000000")
    );
}

#[tokio::test]
async fn bad_points_are_refused_whole() {
    let app = TestApp::demo().await;
    let cases = [
        (
            json!({"points": [{"series": "account.thv-instagram.fans", "at": "2021-12-08T13:00:00Z", "value": 1}]}),
            "points[0].series",
        ),
        (
            json!({"points": [{"series": "account.nobody.followers", "at": "2021-12-08T13:00:00Z", "value": 1}]}),
            "points[0].series",
        ),
        (
            json!({"points": [{"series": "account.thv-instagram.followers", "at": "yesterday", "value": 1}]}),
            "points[0].at",
        ),
        (
            json!({"points": [{"series": "account.thv-instagram.followers", "at": "2021-12-08T13:00:00Z", "value": -5}]}),
            "points[0].value",
        ),
    ];
    for (body, field) in cases {
        let (status, error) = app.write("POST", "/api/v1/points", &body.to_string()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(error_of(&error).1, Some(field), "{error}");
    }
    let (_, points) = app
        .get("/api/v1/series/account.thv-instagram.followers/points")
        .await;
    assert_eq!(
        points["points"].as_array().unwrap().len(),
        8,
        "nothing was written"
    );
}
