//! The one stylesheet, embedded in the binary and served with a long cache header; its address
//! carries a hash of its content, so a new build is fetched at once.

use std::hash::{Hash, Hasher};
use std::sync::LazyLock;

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;

const STYLESHEET: &str = include_str!("../../static/style.css");

static HREF: LazyLock<String> = LazyLock::new(|| {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    STYLESHEET.hash(&mut hasher);
    format!("/assets/style.css?v={:016x}", hasher.finish())
});

/// `/assets/style.css?v=…`.
pub(crate) fn stylesheet_href() -> &'static str {
    &HREF
}

/// `GET /assets/style.css`: cached for a week (the address changes when the content does).
pub(crate) async fn stylesheet() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/css; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=604800"),
        ],
        STYLESHEET,
    )
}
