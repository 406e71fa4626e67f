//! Reading the demo catalog: the acceptance checks and the derived views.

use axum::http::StatusCode;
use serde_json::Value;

use crate::TestApp;

#[tokio::test]
async fn v_has_his_names_and_is_a_member_of_bts() {
    let app = TestApp::demo().await;
    let (status, v) = app.get("/api/v1/artists/v").await;
    assert_eq!(status, StatusCode::OK);
    let alias = |name: &str| {
        v["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == name)
            .cloned()
    };
    assert_eq!(alias("Kim Taehyung").unwrap()["kind"], "legal_name");
    let native = alias("뷔").unwrap();
    assert_eq!(
        (native["kind"].as_str(), native["locale"].as_str()),
        (Some("native_name"), Some("ko"))
    );
    assert_eq!(alias("Tae Bear").unwrap()["kind"], "nickname");
    assert!(
        v["memberships"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["group"] == "bts")
    );
    assert!(
        v["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["handle"] == "thv")
    );

    let (_, bts) = app.get("/api/v1/artists/bts").await;
    let members: Vec<&str> = bts["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["artist"].as_str().unwrap())
        .collect();
    assert_eq!(members.len(), 7, "{members:?}");
    assert!(members.contains(&"v") && members.contains(&"jungkook"));
}

#[tokio::test]
async fn layover_lists_six_tracks_with_roles_and_the_piano_version() {
    let app = TestApp::demo().await;
    let (status, layover) = app.get("/api/v1/releases/layover").await;
    assert_eq!(status, StatusCode::OK);
    let tracks = layover["tracks"].as_array().unwrap();
    let listed: Vec<(u64, &str, &str)> = tracks
        .iter()
        .map(|t| {
            (
                t["number"].as_u64().unwrap(),
                t["title"].as_str().unwrap(),
                t["role"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            (1, "Rainy Days", "pre_release_single"),
            (2, "Blue", "b_side"),
            (3, "Love Me Again", "pre_release_single"),
            (4, "Slow Dancing", "title"),
            (5, "For Us", "b_side"),
            (6, "Slow Dancing (Piano Ver.)", "bonus"),
        ]
    );
    assert_eq!(
        tracks[5]["version_of"],
        serde_json::json!({"disc": 1, "number": 4})
    );
    assert_eq!(tracks[5]["version_label"], "Piano Ver.");
    assert_eq!(layover["released"]["utc"], "2023-09-08T04:00:00Z");
}

#[tokio::test]
async fn layover_videos_show_each_tracks_mv_status() {
    let app = TestApp::demo().await;
    let (status, body) = app.get("/api/v1/releases/layover/videos").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["counts"]["released"], 5);
    assert_eq!(body["counts"]["none_planned"], 1);
    assert_eq!(body["summary"], "5 of 5 planned MVs out");
    let track = |n: usize| &body["tracks"][n - 1];
    for n in 1..=5 {
        assert_eq!(track(n)["mv_state"], "released", "track {n}");
        assert!(
            track(n)["videos"][0]["released"]["date"].is_string(),
            "track {n} has its release moment"
        );
    }
    assert_eq!(track(6)["mv_state"], "none_planned");
    let blue = &track(2)["videos"][0];
    assert_eq!(blue["scheduled"]["utc"], "2023-09-12T15:00:00Z");
    assert_eq!(blue["scheduled"]["zone_abbreviation"], "KST");
    assert_eq!(blue["attributes"], serde_json::json!(["black_and_white"]));
    assert_eq!(
        track(5)["videos"][0]["released"]["utc"],
        "2023-09-15T15:00:00Z"
    );
}

#[tokio::test]
async fn upcoming_has_the_for_us_premiere_in_utc_with_its_zone() {
    let app = TestApp::demo().await;
    let (status, body) = app.get("/api/v1/upcoming?from=2023-09-14&days=7").await;
    assert_eq!(status, StatusCode::OK);
    let items = body["items"].as_array().unwrap();
    let for_us = items
        .iter()
        .find(|e| e["subject"]["slug"] == "layover-for-us-mv")
        .expect("For Us is upcoming");
    assert_eq!(for_us["at"]["utc"], "2023-09-15T15:00:00Z");
    assert_eq!(for_us["at"]["zone"], "Asia/Seoul");
    assert_eq!(for_us["at"]["local"], "2023-09-16T00:00:00+09:00");
    // Blue premiered 2023-09-12T15:00Z, before the window; the album on 09-08.
    assert!(
        items
            .iter()
            .all(|e| e["subject"]["slug"] != "layover-blue-mv")
    );

    // The window's days count in the zone asked for: in Seoul, 09-13 starts at 09-12T15:00Z.
    let (_, seoul) = app
        .get("/api/v1/upcoming?from=2023-09-13&days=1&zone=Asia/Seoul")
        .await;
    let slugs: Vec<&Value> = seoul["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["subject"]["slug"])
        .collect();
    assert_eq!(slugs, [&Value::from("layover-blue-mv")]);
}

#[tokio::test]
async fn the_timeline_runs_newest_first() {
    let app = TestApp::demo().await;
    let (status, body) = app.get("/api/v1/timeline?artist=v").await;
    assert_eq!(status, StatusCode::OK);
    let items = body["items"].as_array().unwrap();
    assert!(items.len() >= 6, "{items:?}");
    let starts: Vec<&str> = items
        .iter()
        .map(|e| e["at"]["date"].as_str().unwrap())
        .collect();
    let mut sorted = starts.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(starts, sorted);
    assert_eq!(items[0]["subject"]["slug"], "layover-for-us-mv");
    let (_, before) = app
        .get("/api/v1/timeline?artist=v&before=2023-09-01T00:00:00Z")
        .await;
    assert!(
        before["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["at"]["date"].as_str().unwrap() < "2023-09-01")
    );
}

#[tokio::test]
async fn lists_page_with_a_stable_cursor_and_filter() {
    let app = TestApp::demo().await;
    let mut seen = Vec::new();
    let mut uri = "/api/v1/artists?limit=4".to_owned();
    loop {
        let (status, page) = app.get(&uri).await;
        assert_eq!(status, StatusCode::OK);
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["slug"].as_str().unwrap().to_owned()),
        );
        match page["next"].as_str() {
            Some(next) => uri = format!("/api/v1/artists?limit=4&after={next}"),
            None => break,
        }
    }
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(seen, sorted, "pages are ordered and disjoint");
    assert_eq!(seen.len(), 11);

    let (_, groups) = app.get("/api/v1/artists?kind=group").await;
    assert_eq!(groups["items"].as_array().unwrap().len(), 1);
    let (_, members) = app.get("/api/v1/artists?member_of=bts&limit=500").await;
    assert_eq!(members["items"].as_array().unwrap().len(), 7);
    let (_, videos) = app.get("/api/v1/videos?state=none_planned").await;
    assert_eq!(
        videos["items"][0]["slug"],
        "layover-slow-dancing-piano-ver-mv"
    );
    let (_, hosted) = app.get("/api/v1/appearances?artist=iu").await;
    assert_eq!(
        hosted["items"].as_array().unwrap().len(),
        1,
        "IU hosts V's Palette appearance"
    );
}

#[tokio::test]
async fn every_entity_kind_reads_by_slug() {
    let app = TestApp::demo().await;
    for uri in [
        "/api/v1/shows/palette",
        "/api/v1/appearances/palette-v",
        "/api/v1/videos/layover-blue-mv",
        "/api/v1/accounts/thv-instagram",
        "/api/v1/sources/example-v-blue-mv",
    ] {
        let (status, body) = app.get(uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {body}");
    }
    let (_, show) = app.get("/api/v1/shows/palette").await;
    assert_eq!(show["hosts"], serde_json::json!(["iu"]));
    assert_eq!(show["appearances"][0]["guests"], serde_json::json!(["v"]));
    let (_, blue) = app.get("/api/v1/videos/layover-blue-mv").await;
    assert_eq!(blue["state"], "released");
    assert_eq!(blue["premiere"]["utc"], "2023-09-12T15:00:00Z");
}
