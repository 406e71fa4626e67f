//! The JSON API driven in-process (`tower::ServiceExt::oneshot`) over a fresh SQLite store with the
//! demo catalog: what a client reads, what it may write, and how bad input is answered.

mod claims;
mod errors;
mod following;
mod pages;
mod reads;
mod records;
mod search;
mod writes;

use app::{App, StoreOptions};
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

/// A router over its own temporary database, with the demo loaded and a write token.
pub(crate) struct TestApp {
    router: Router,
    pub(crate) token: String,
    _dir: tempfile::TempDir,
}

impl TestApp {
    pub(crate) async fn demo() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let url = format!("sqlite://{}/bside.db", dir.path().display());
        let app = App::open(&url, &StoreOptions::default())
            .await
            .expect("the store opens");
        assert!(app.load_demo().await.expect("the demo loads"));
        let token = app
            .create_token("tests", jiff::Timestamp::now())
            .await
            .expect("a token")
            .secret;
        let router = web::router(
            app,
            &web::WebOptions {
                max_body_bytes: 64 * 1024,
            },
        );
        Self {
            router,
            token,
            _dir: dir,
        }
    }

    pub(crate) async fn get(&self, uri: &str) -> (StatusCode, Value) {
        self.send(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }

    /// A write with the test token and a JSON body.
    pub(crate) async fn write(&self, method: &str, uri: &str, body: &str) -> (StatusCode, Value) {
        let request = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::AUTHORIZATION, format!("Bearer {}", self.token))
            .body(Body::from(body.to_owned()))
            .unwrap();
        self.send(request).await
    }

    pub(crate) async fn send(&self, request: Request<Body>) -> (StatusCode, Value) {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router answers");
        let status = response.status();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("a body")
            .to_bytes();
        let value = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or(Value::Null)
        };
        (status, value)
    }
}

/// The error envelope's code and field.
pub(crate) fn error_of(body: &Value) -> (&str, Option<&str>) {
    let error = &body["error"];
    assert!(
        error["message"].as_str().is_some_and(|m| !m.is_empty()),
        "an error says what is wrong: {body}"
    );
    (
        error["code"].as_str().unwrap_or(""),
        error["field"].as_str(),
    )
}
