//! The web pages in-process: each page kind's status and what it says, the 404 and 400 pages, the
//! viewer's zone (query, cookie, default) and the preference form.

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::TestApp;

struct Page {
    status: StatusCode,
    headers: HeaderMap,
    html: String,
}

impl TestApp {
    async fn page(&self, uri: &str, cookie: Option<&str>) -> Page {
        let mut request = Request::get(uri);
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.raw(request.body(Body::empty()).unwrap()).await
    }

    async fn raw(&self, request: Request<Body>) -> Page {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Page {
            status,
            headers,
            html: String::from_utf8(bytes.to_vec()).expect("pages are UTF-8"),
        }
    }
}

/// The page's text with tags and the script removed, entities decoded and whitespace collapsed, as
/// a person reads it.
fn text(html: &str) -> String {
    let html = match (html.find("<script>"), html.find("</script>")) {
        (Some(start), Some(end)) => format!("{}{}", &html[..start], &html[end..]),
        _ => html.to_owned(),
    };
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

const SEOUL: &str = "tz=Asia%2FSeoul";

#[tokio::test]
async fn every_page_kind_answers_with_its_content() {
    let app = TestApp::demo().await;
    let cases: &[(&str, &[&str])] = &[
        (
            "/",
            &[
                "Coming up",
                "Just happened",
                "Records just broken",
                "Layover",
                "Palette",
                "BTS",
            ],
        ),
        (
            "/artists/v",
            &[
                "Kim Taehyung",
                "뷔",
                "Tae Bear",
                "legal name",
                "native script",
                "BTS",
                "Layover",
                "Palette",
                "@thv",
                "Fastest person to 1M Instagram followers : 43 min",
                "Next: ",
            ],
        ),
        ("/artists/bts", &["Members", "Jungkook", "RM"]),
        ("/artists/iu", &["Hosts", "Palette"]),
        (
            "/releases/layover",
            &[
                "5 of 5 planned MVs out",
                "Slow Dancing",
                "Piano Ver.",
                "title track",
                "b-side",
            ],
        ),
        (
            "/videos/layover-blue-mv",
            &[
                "Blue",
                "black and white",
                "Layover",
                "History",
                "Scheduled Wed 2023-09-13 00:00 KST",
                "released Wed 2023-09-13 00:00 KST",
            ],
        ),
        ("/shows/palette", &["Palette", "Hosted by IU", "Guests: V"]),
        (
            "/records",
            &[
                "Fastest person to 1M Instagram followers",
                "V",
                "43 min",
                "Progression",
            ],
        ),
    ];
    for (uri, expected) in cases {
        let page = app.page(uri, Some(SEOUL)).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        assert_eq!(
            page.headers[header::CONTENT_TYPE].to_str().unwrap(),
            "text/html; charset=utf-8",
            "{uri}"
        );
        let shown = text(&page.html);
        for want in *expected {
            assert!(
                shown.contains(want),
                "{uri} does not show {want:?}: {shown}"
            );
        }
        assert!(
            page.html.contains("<details class=\"sources\">") || *uri == "/" || *uri == "/records",
            "{uri} cites sources"
        );
    }
}

#[tokio::test]
async fn the_release_page_says_which_mvs_are_out_and_when_for_us_premiered() {
    let app = TestApp::demo().await;
    let shown = text(&app.page("/releases/layover", Some(SEOUL)).await.html);
    assert!(
        shown.contains("For Us : premiered Sat 2023-09-16 00:00 KST"),
        "{shown}"
    );
    assert!(shown.contains("Piano Ver. : no MV planned"), "{shown}");
    // The version sits under its song, not as a track of its own.
    let html = app.page("/releases/layover", Some(SEOUL)).await.html;
    let versions = html.find("<ol class=\"versions\"").expect("a version list");
    let slow_dancing = html.find("Slow Dancing</span>").expect("the song");
    let for_us = html.find("For Us</span>").expect("track 5");
    assert!(
        slow_dancing < versions && versions < for_us,
        "Piano Ver. sits under Slow Dancing"
    );
}

#[tokio::test]
async fn times_follow_the_viewer_zone_with_the_announced_zone_beside() {
    let app = TestApp::demo().await;
    // From the query: shown in New York, announced in Seoul, and remembered in the cookie.
    let page = app
        .page("/releases/layover?tz=America/New_York", None)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let shown = text(&page.html);
    assert!(
        shown.contains("Fri 2023-09-15 11:00 EDT (announced for 2023-09-16 00:00 KST)"),
        "{shown}"
    );
    let cookie = page.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with("tz=America%2FNew_York;"), "{cookie}");
    // From the cookie: no announced note when the zones agree.
    let shown = text(&app.page("/releases/layover", Some(SEOUL)).await.html);
    assert!(shown.contains("Sat 2023-09-16 00:00 KST"), "{shown}");
    assert!(!shown.contains("announced for"), "{shown}");
    // The query wins over the cookie.
    let shown = text(
        &app.page("/releases/layover?tz=Europe/London", Some(SEOUL))
            .await
            .html,
    );
    assert!(shown.contains("Fri 2023-09-15 16:00 BST"), "{shown}");
    // Neither: UTC.
    let page = app.page("/releases/layover", None).await;
    assert!(text(&page.html).contains("Fri 2023-09-15 15:00 UTC"));
    assert!(!page.headers.contains_key(header::SET_COOKIE));
    // A cookie naming no zone is ignored.
    let shown = text(
        &app.page("/releases/layover", Some("tz=Mars%2FOlympus"))
            .await
            .html,
    );
    assert!(shown.contains("15:00 UTC"), "{shown}");
    // The selector offers the zone in use.
    let html = app
        .page("/videos/layover-for-us-mv?tz=Asia/Kathmandu", None)
        .await
        .html;
    assert!(
        html.contains("<option value=\"Asia/Kathmandu\" selected>"),
        "{html}"
    );
}

#[tokio::test]
async fn a_zone_that_does_not_exist_is_a_400_naming_it() {
    let app = TestApp::demo().await;
    let page = app.page("/releases/layover?tz=Mars/Olympus", None).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(
        text(&page.html).contains("unknown time zone \"Mars/Olympus\""),
        "{}",
        page.html
    );
    assert!(
        !page.headers.contains_key(header::SET_COOKIE),
        "nothing is remembered"
    );
}

#[tokio::test]
async fn unknown_pages_are_a_helpful_404() {
    let app = TestApp::demo().await;
    for (uri, says) in [
        ("/no/such/page", "bside has no page at /no/such/page"),
        ("/artists/nobody", "There is no artist called “nobody”"),
        (
            "/releases/NOT%20A%20SLUG",
            "There is no release called “NOT A SLUG”",
        ),
        (
            "/videos/nothing",
            "There is no music video called “nothing”",
        ),
        ("/shows/nothing", "There is no show called “nothing”"),
        ("/accounts/nothing", "There is no account called “nothing”"),
        (
            "/appearances/nothing",
            "There is no appearance called “nothing”",
        ),
    ] {
        let page = app.page(uri, None).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{uri}");
        let shown = text(&page.html);
        assert!(shown.contains(says), "{uri}: {shown}");
        assert!(
            page.html.contains("action=\"/search\""),
            "{uri} offers a search box"
        );
        assert!(
            page.html.contains("href=\"/records\""),
            "{uri} links back in"
        );
    }
    // The API keeps its JSON errors.
    let (status, body) = app.get("/api/v1/nothing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "not_found");
}

#[tokio::test]
async fn accounts_and_appearances_lead_to_the_page_that_shows_them() {
    let app = TestApp::demo().await;
    let page = app.page("/accounts/thv-instagram", None).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        page.headers[header::LOCATION],
        "/artists/v#account-thv-instagram"
    );
    let page = app.page("/appearances/palette-v", None).await;
    assert_eq!(page.headers[header::LOCATION], "/shows/palette#palette-v");
}

#[tokio::test]
async fn records_filters_narrow_and_bad_filters_are_named() {
    let app = TestApp::demo().await;
    let shown = text(
        &app.page(
            "/records?milestone=10M&kind=person&platform=instagram",
            None,
        )
        .await
        .html,
    );
    assert!(
        shown.contains("Fastest person to 10M Instagram followers"),
        "{shown}"
    );
    assert!(shown.contains("4 h 52 min"), "{shown}");
    assert!(
        !shown.contains("to 1M Instagram"),
        "other milestones are filtered out: {shown}"
    );
    for (uri, says) in [
        (
            "/records?milestone=lots",
            "milestone: \"lots\" is not a count",
        ),
        ("/records?platform=myspace", "platform:"),
        ("/records?kind=robot", "kind:"),
        ("/records?tag=Not%20A%20Tag", "tag:"),
    ] {
        let page = app.page(uri, None).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(
            text(&page.html).contains(says),
            "{uri}: {}",
            text(&page.html)
        );
    }
    let shown = text(&app.page("/records?platform=youtube", None).await.html);
    assert!(
        shown.contains("No leaderboard matches these filters"),
        "{shown}"
    );
}

#[tokio::test]
async fn the_preference_form_stores_the_theme_and_returns() {
    let app = TestApp::demo().await;
    let post = |body: &str| {
        Request::post("/preferences")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body.to_owned()))
            .unwrap()
    };
    let page = app.raw(post("theme=dark&back=%2Freleases%2Flayover")).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.headers[header::LOCATION], "/releases/layover");
    assert!(
        page.headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .starts_with("theme=dark;")
    );
    let html = app.page("/releases/layover", Some("theme=dark")).await.html;
    assert!(
        html.contains("<html lang=\"en\" data-theme=\"dark\""),
        "{html}"
    );
    // Only local paths are returned to.
    let page = app.raw(post("theme=light&back=%2F%2Fevil.example")).await;
    assert_eq!(page.headers[header::LOCATION], "/");
    // A theme or zone that does not exist changes nothing.
    for body in ["theme=purple&back=%2F", "tz=Mars%2FOlympus&back=%2F"] {
        let page = app.raw(post(body)).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{body}");
        assert!(!page.headers.contains_key(header::SET_COOKIE), "{body}");
    }
}

#[tokio::test]
async fn the_stylesheet_is_cached_and_versioned() {
    let app = TestApp::demo().await;
    let html = app.page("/", None).await.html;
    let start = html
        .find("/assets/style.css?v=")
        .expect("a versioned stylesheet link");
    let href = &html[start..html[start..].find('"').unwrap() + start];
    let page = app.page(href, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.headers[header::CACHE_CONTROL],
        "public, max-age=604800"
    );
    assert!(
        page.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    assert!(page.html.contains("prefers-color-scheme: dark"));
}

#[tokio::test]
async fn charts_are_drawn_inline() {
    let app = TestApp::demo().await;
    let html = app.page("/artists/v", Some(SEOUL)).await.html;
    assert!(
        html.contains("<figure class=\"chart\"><div class=\"wide\"><svg role=\"img\""),
        "a growth chart"
    );
    assert!(
        html.contains("<div class=\"narrow\"><svg role=\"img\""),
        "and one for phones"
    );
    assert!(html.contains("projection to"), "with its projection");
    let html = app
        .page("/records?milestone=1M&platform=instagram&kind=person", None)
        .await
        .html;
    assert!(
        html.contains("V · 43 min"),
        "the progression names the holder"
    );
}

#[tokio::test]
async fn the_search_page_finds_v_by_any_name() {
    let app = TestApp::demo().await;
    for q in [
        "%EB%B7%94",
        "taehyng",
        "tae%20bear",
        "Kim%20Tae-hyung",
        "taehyung",
    ] {
        let page = app.page(&format!("/search?q={q}"), None).await;
        assert_eq!(page.status, StatusCode::OK, "{q}");
        let first = page
            .html
            .find("<ol class=\"plain results\">")
            .map(|at| &page.html[at..])
            .unwrap_or_else(|| panic!("{q}: no results in {}", page.html));
        let link = first.find("href=\"").map(|at| &first[at + 6..]).unwrap();
        assert!(
            link.starts_with("/artists/v\""),
            "{q}: the first result is V: {first}"
        );
    }
    let shown = text(&app.page("/search?q=layover", None).await.html);
    assert!(shown.contains("release Layover"), "{shown}");
    let shown = text(&app.page("/search?q=zzzzqqqq", None).await.html);
    assert!(shown.contains("Nothing is called “zzzzqqqq”"), "{shown}");
    // No query yet: the form alone.
    let page = app.page("/search", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.html.contains("results"));
    // Bad input is named.
    let long = "a".repeat(500);
    for (uri, says) in [
        (format!("/search?q={long}"), "q: must have at most"),
        ("/search?q=v&kind=robot".to_owned(), "kind:"),
        (
            "/search?q=%21%21%21".to_owned(),
            "q: must contain a letter or a digit",
        ),
    ] {
        let page = app.page(&uri, None).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(
            text(&page.html).contains(says),
            "{uri}: {}",
            text(&page.html)
        );
    }
}

#[tokio::test]
async fn the_home_page_counts_down_to_what_is_coming() {
    let app = TestApp::demo().await;
    let shown = text(&app.page("/", None).await.html);
    assert!(
        shown.contains("Nothing is scheduled in the next 30 days"),
        "{shown}"
    );
    let soon = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(3 * 24 + 5);
    let body = format!(
        r#"{{"slug": "layover-love-me-again-performance", "title": "Love Me Again (Performance)",
            "artists": ["v"], "history": [{{"state": "announced", "at": {{"utc": "{soon}", "zone": "Asia/Seoul"}}}}]}}"#,
        soon = soon.round(jiff::Unit::Second).unwrap()
    );
    let (status, answer) = app.write("POST", "/api/v1/videos", &body).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let page = app.page("/", Some(SEOUL)).await;
    let shown = text(&page.html);
    assert!(
        shown.contains("MV premiere Love Me Again (Performance)"),
        "{shown}"
    );
    assert!(
        shown.contains("in 3 d 4 h") || shown.contains("in 3 d 5 h"),
        "{shown}"
    );
    assert!(
        page.html.contains("data-countdown=\""),
        "the countdown ticks in the browser"
    );
    assert!(
        page.html
            .contains("href=\"/videos/layover-love-me-again-performance\"")
    );
}

impl TestApp {
    async fn post_form(&self, uri: &str, body: &str, cookie: Option<&str>) -> Page {
        let mut request =
            Request::post(uri).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.raw(request.body(Body::from(body.to_owned())).unwrap())
            .await
    }
}

fn form(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

#[tokio::test]
async fn the_review_page_reads_an_article_and_a_curator_accepts_a_claim() {
    let app = TestApp::demo().await;
    let article = "Seoul, Sept. 21, 2023 — BTS member V released the music video for \"For Us\" on September 20, 2023. V, whose real name is Kim Taehyung, thanked fans.";

    // Without a token nothing is read.
    let refused = app
        .post_form("/review/articles", &form(&[("text", article)]), None)
        .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    let page = app.page("/review", None).await;
    assert!(page.html.contains("No claims here"), "{}", page.html);

    // With one, the claims are shown with their evidence and the conflict.
    let read = app
        .post_form(
            "/review/articles",
            &form(&[("text", article), ("token", &app.token)]),
            None,
        )
        .await;
    assert_eq!(read.status, StatusCode::SEE_OTHER);
    let cookie = read.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    let cookie = cookie.split(';').next().unwrap().to_owned();
    let location = read.headers[header::LOCATION].to_str().unwrap().to_owned();
    let page = app.page(&location, Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("claims proposed"), "{}", page.html);
    assert!(
        page.html.contains("Conflicts with a known fact"),
        "{}",
        page.html
    );
    assert!(
        page.html
            .contains("videos/layover-for-us-mv released is 2023-09-16")
    );
    assert!(
        !page.html.contains("name=\"token\""),
        "the cookie stands in for the token"
    );

    // Accepting the alias claim (the token now from the cookie) cites the article.
    let slug = page
        .html
        .split("id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .find(|id| id.starts_with("article-"))
        .map(str::to_owned);
    let alias = page
        .html
        .split("<li id=\"")
        .skip(1)
        .find(|card| card.contains("Kim Taehyung") && card.contains(">alias<"))
        .and_then(|card| card.split('"').next())
        .unwrap_or_else(|| panic!("no alias card among {slug:?}: {}", page.html))
        .to_owned();
    let done = app
        .post_form(
            &format!("/review/claims/{alias}"),
            &form(&[("action", "accept"), ("back", "/review")]),
            Some(&cookie),
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let location = done.headers[header::LOCATION].to_str().unwrap().to_owned();
    assert!(location.contains("accepted"), "{location}");
    let accepted = app.page("/review?status=accepted", Some(&cookie)).await;
    assert!(accepted.html.contains(&alias), "{}", accepted.html);
    let bad = app.page("/review?status=maybe", None).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_subscriptions_page_is_for_token_holders() {
    let app = TestApp::demo().await;
    let page = app.page("/subscriptions", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("name=\"token\""), "{}", page.html);
    assert!(!page.html.contains("No subscriptions yet"));

    let refused = app
        .post_form("/subscriptions/token", &form(&[("token", "nope")]), None)
        .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    let kept = app
        .post_form(
            "/subscriptions/token",
            &form(&[("token", &app.token)]),
            None,
        )
        .await;
    assert_eq!(kept.status, StatusCode::SEE_OTHER);
    let cookie = kept.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("Path=/;"),
        "{cookie}"
    );
    let cookie = cookie.split(';').next().unwrap().to_owned();
    let page = app.page("/subscriptions", Some(&cookie)).await;
    assert!(page.html.contains("No subscriptions yet"), "{}", page.html);
    let unknown = app
        .post_form(
            "/subscriptions/no-such-id",
            &form(&[("action", "enable")]),
            Some(&cookie),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let nobody = app
        .post_form("/subscriptions/x", &form(&[("action", "enable")]), None)
        .await;
    assert_eq!(nobody.status, StatusCode::UNAUTHORIZED);
}
