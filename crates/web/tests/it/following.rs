//! Following over HTTP: the Atom feeds (read back with `atom_syndication`), the iCalendar files, and
//! the subscriptions API with its refusals.

use std::str::FromStr;

use atom_syndication::Feed;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::TestApp;

/// GET `uri`: the status, the content type and the body as text.
async fn text(test: &TestApp, uri: &str) -> (StatusCode, String, String) {
    let response = test
        .router
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        content_type,
        String::from_utf8(bytes.to_vec()).unwrap(),
    )
}

#[tokio::test]
async fn the_events_feed_has_stable_ids_instants_links_and_sources() {
    let test = TestApp::demo().await;
    let (status, content_type, body) = text(&test, "/feeds/events.atom?limit=500").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(content_type, "application/atom+xml; charset=utf-8");
    let feed = Feed::from_str(&body).expect("valid Atom");
    let for_us = feed
        .entries()
        .iter()
        .find(|e| e.id() == "tag:bside,2024:event/mv_released:layover-for-us-mv:1")
        .expect("the For Us premiere");
    assert_eq!(for_us.updated().to_rfc3339(), "2023-09-15T15:00:00+00:00");
    assert_eq!(for_us.title().as_str(), "For Us premiered");
    let href = |rel: &str| {
        for_us
            .links()
            .iter()
            .filter(|l| l.rel() == rel)
            .map(|l| l.href().to_owned())
            .collect::<Vec<_>>()
    };
    // Without a Host header, links use the configured public URL.
    assert_eq!(
        href("alternate"),
        ["http://127.0.0.1:8080/videos/layover-for-us-mv"]
    );
    assert!(href("related").contains(&"http://127.0.0.1:8080/artists/v".to_owned()));
    assert!(
        href("via").iter().any(|h| h.contains("pinkvilla.com")),
        "{:?}",
        href("via")
    );
    let summary = for_us.summary().unwrap().as_str();
    assert!(
        summary.contains("2023-09-16 00:00 KST")
            && summary.contains("Pinkvilla")
            && summary.contains("Artists: V."),
        "{summary}"
    );
    assert_eq!(for_us.categories()[0].term(), "mv_released");
    assert_eq!(
        feed.updated(),
        feed.entries()[0].updated(),
        "the feed's updated is its newest entry's"
    );
    let updated: Vec<_> = feed.entries().iter().map(|e| *e.updated()).collect();
    assert!(updated.windows(2).all(|w| w[0] >= w[1]), "newest first");
}

#[tokio::test]
async fn an_artist_feed_filters_by_kind_and_refuses_what_it_cannot_serve() {
    let test = TestApp::demo().await;
    let (status, _, body) = text(&test, "/feeds/artists/v.atom?kinds=mv_released").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let feed = Feed::from_str(&body).unwrap();
    assert_eq!(feed.entries().len(), 5, "V's five released MVs");
    assert_eq!(feed.title().as_str(), "bside: V", "named, not by slug");
    assert!(
        feed.entries()
            .iter()
            .all(|e| e.categories()[0].term() == "mv_released")
    );
    assert_eq!(
        feed.id(),
        "tag:bside,2024:feed/feeds/artists/v.atom?kinds=mv_released"
    );

    let (status, _, body) = text(&test, "/feeds/events.atom?kinds=mv_released,nope").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body.contains("\"field\":\"kinds\"") && body.contains("nope"),
        "{body}"
    );
    let (status, _, _) = text(&test, "/feeds/artists/nobody.atom").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, body) = text(&test, "/feeds/artists/v.rss").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains(".atom"), "{body}");
}

#[tokio::test]
async fn calendars_place_instants_in_utc_and_dates_as_all_day_events() {
    let test = TestApp::demo().await;
    let (status, content_type, body) =
        text(&test, "/calendars/artists/v.ics?past_days=36600").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(content_type, "text/calendar; charset=utf-8");
    let unfolded = body.replace("\r\n ", "");
    let for_us = unfolded
        .split("BEGIN:VEVENT")
        .find(|e| e.contains("UID:video/layover-for-us-mv@bside"))
        .expect("For Us in V's calendar");
    assert!(for_us.contains("DTSTART:20230915T150000Z"), "{for_us}");
    assert!(for_us.contains("SEQUENCE:0"), "{for_us}");
    assert!(
        for_us.contains("00:00 KST (announced in Asia/Seoul)"),
        "{for_us}"
    );
    let love = unfolded
        .split("BEGIN:VEVENT")
        .find(|e| e.contains("UID:video/layover-love-me-again-mv@bside"))
        .expect("Love Me Again in V's calendar");
    assert!(love.contains("DTSTART;VALUE=DATE:20230810"), "{love}");
    assert!(
        love.contains("DTEND;VALUE=DATE:20230811"),
        "an all-day event: {love}"
    );
    assert!(
        unfolded.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
        "{unfolded}"
    );

    let (status, _, body) = text(&test, "/calendars/upcoming.ics").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !body.contains("layover-for-us-mv"),
        "2023 is outside the default 90-day window"
    );
    let (status, _, body) = text(&test, "/calendars/upcoming.ics?past_days=36601").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("past_days"), "{body}");
}

#[tokio::test]
async fn subscriptions_need_a_token_refuse_private_targets_and_show_the_secret_once() {
    let test = TestApp::demo().await;
    let (status, _) = test.get("/api/v1/subscriptions").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    for (body, field, words) in [
        (r#"{"url": "http://10.0.0.1/hook"}"#, "url", "private"),
        (
            r#"{"url": "http://169.254.169.254/latest/meta-data"}"#,
            "url",
            "link-local",
        ),
        (r#"{"url": "ftp://example.com/"}"#, "url", "http"),
        (
            r#"{"url": "http://93.184.215.14/", "kinds": ["nope"]}"#,
            "kinds[0]",
            "nope",
        ),
        (
            r#"{"url": "http://93.184.215.14/", "format": "slack"}"#,
            "format",
            "discord",
        ),
        (
            r#"{"url": "http://93.184.215.14/", "artists": ["nobody"]}"#,
            "artists[0]",
            "nobody",
        ),
    ] {
        let (status, answer) = test.write("POST", "/api/v1/subscriptions", body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {answer}");
        assert_eq!(answer["error"]["field"], field, "{answer}");
        assert!(
            answer["error"]["message"].as_str().unwrap().contains(words),
            "{answer}"
        );
    }
    let (status, created) = test
        .write(
            "POST",
            "/api/v1/subscriptions",
            r#"{"url": "http://93.184.215.14/hook", "artists": ["v"], "kinds": ["mv_released"], "format": "discord"}"#,
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    let secret = created["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("whsec_"));
    assert_eq!(created["created_by"], "tests");
    assert_eq!(created["enabled"], true);

    let request = |uri: String| {
        Request::get(uri)
            .header(header::AUTHORIZATION, format!("Bearer {}", test.token))
            .body(Body::empty())
            .unwrap()
    };
    let (status, listed) = test.send(request("/api/v1/subscriptions".to_owned())).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed["items"][0]["id"], id.as_str());
    assert!(
        !listed.to_string().contains(&secret),
        "the secret is shown once"
    );
    let (status, deliveries) = test
        .send(request(format!("/api/v1/subscriptions/{id}/deliveries")))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        deliveries["items"].as_array().unwrap().len(),
        0,
        "history is not sent"
    );
    let (status, answer) = test
        .write(
            "POST",
            &format!("/api/v1/subscriptions/{id}/redeliver"),
            r#"{"event": "nope"}"#,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{answer}");
    let (status, _) = test
        .write("DELETE", &format!("/api/v1/subscriptions/{id}"), "")
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = test
        .send(request(format!("/api/v1/subscriptions/{id}")))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn feed_links_point_where_the_reader_reached_bside() {
    let test = TestApp::demo().await;
    let request = Request::get("/feeds/artists/v.atom?kinds=mv_released")
        .header(header::HOST, "fans.example.org")
        .header("x-forwarded-proto", "https")
        .body(Body::empty())
        .unwrap();
    let response = test.router.clone().oneshot(request).await.unwrap();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let feed = Feed::from_str(std::str::from_utf8(&bytes).unwrap()).unwrap();
    let own = feed.links().iter().find(|l| l.rel() == "self").unwrap();
    assert_eq!(
        own.href(),
        "https://fans.example.org/feeds/artists/v.atom?kinds=mv_released"
    );
    let alternate = feed
        .links()
        .iter()
        .find(|l| l.rel() == "alternate")
        .unwrap();
    assert_eq!(alternate.href(), "https://fans.example.org/artists/v");
}
