//! Reviewing the news through the API: submit an article, read its claims, accept one (the fact is
//! written citing the article), see a conflict refused, and submit the same article again.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::{TestApp, error_of};

const ARTICLE: &str = "Seoul, Sept. 21, 2023 — BTS member V released the music video for \"For Us\" on September 20, 2023, his agency said. V, whose real name is Kim Taehyung, appeared on IU's talk show \"Palette\".";

#[tokio::test]
async fn an_article_becomes_claims_that_a_curator_accepts_or_is_warned_about() {
    let app = TestApp::demo().await;
    let body =
        json!({"text": ARTICLE, "url": "https://example.com/news/for-us", "publisher": "Example"});
    let (status, article) = app
        .write("POST", "/api/v1/articles", &body.to_string())
        .await;
    assert_eq!(status, StatusCode::CREATED, "{article}");
    let slug = article["slug"].as_str().unwrap().to_owned();
    let claims = article["claims"].as_array().unwrap();
    let find = |kind: &str| -> Value {
        claims
            .iter()
            .find(|c| c["kind"] == kind)
            .unwrap_or_else(|| panic!("no {kind} claim in {claims:#?}"))
            .clone()
    };

    // The release date disagrees with the demo's For Us (2023-09-16): shown, and refused.
    let mv = find("mv_release");
    assert_eq!(mv["conflicts"][0]["known"], "2023-09-16");
    assert_eq!(mv["conflicts"][0]["entity"], "videos/layover-for-us-mv");
    let uri = format!("/api/v1/claims/{}/accept", mv["slug"].as_str().unwrap());
    let (status, refused) = app.write("POST", &uri, "").await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert_eq!(error_of(&refused).1, Some("released"));

    // The alias agrees with nothing known: accepted, written, citing the article's source.
    let alias = find("alias");
    let uri = format!("/api/v1/claims/{}/accept", alias["slug"].as_str().unwrap());
    let (status, accepted) = app.write("POST", &uri, "{}").await;
    assert_eq!(status, StatusCode::OK, "{accepted}");
    assert_eq!(accepted["status"], "accepted");
    assert_eq!(accepted["wrote"], json!(["artists/v"]));
    let (_, v) = app.get("/api/v1/artists/v").await;
    let cited = v["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["name"] == "Kim Taehyung")
        .flat_map(|a| a["sources"].as_array().unwrap())
        .any(|c| c["source"] == article["source"]);
    assert!(cited, "{}", v["aliases"]);

    // Lists filter by status; a decided claim cannot be decided again.
    let (_, proposed) = app
        .get(&format!("/api/v1/claims?article={slug}&status=proposed"))
        .await;
    assert_eq!(
        proposed["items"].as_array().unwrap().len(),
        claims.len() - 1
    );
    let (status, _) = app.write("POST", &uri, "").await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, bad) = app.get("/api/v1/claims?status=maybe").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_of(&bad).1, Some("status"));

    // The same article again adds nothing.
    let (status, again) = app
        .write("POST", "/api/v1/articles", &body.to_string())
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["slug"], slug.as_str());
    assert_eq!(again["claims"].as_array().unwrap().len(), claims.len());
}

#[tokio::test]
async fn bad_articles_are_refused_naming_what_is_wrong() {
    let app = TestApp::demo().await;
    for (body, field) in [
        (json!({}), "text"),
        (json!({"text": ""}), "text"),
        (json!({"text": "x", "html": "<p>x</p>"}), "html"),
        (
            json!({"text": "V released it.", "published": "2023-02-30"}),
            "published",
        ),
        (json!({"text": "V released it.", "url": "not a url"}), "url"),
    ] {
        let (status, error) = app
            .write("POST", "/api/v1/articles", &body.to_string())
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {error}");
        assert_eq!(error_of(&error).1, Some(field), "{body}: {error}");
    }
    let (status, _) = app.get("/api/v1/claims/no-such-claim").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.get("/api/v1/articles/no-such-article").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
