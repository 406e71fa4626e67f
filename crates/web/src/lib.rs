//! bside over HTTP: the JSON API under `/api/v1`, its OpenAPI document and docs page.
//!
//! Handlers are thin: extract (bad input becomes a 4xx naming the field), call `app`, render a view.
//! `web` never sees SQL.

mod api;
mod calendars;
mod charts;
mod error;
mod extract;
mod feeds;
mod openapi;
mod pages;
mod router;
mod views;

pub use error::ApiError;
pub use router::router;

/// How the HTTP layer behaves.
#[derive(Debug, Clone)]
pub struct WebOptions {
    /// Request bodies larger than this are refused with 413.
    pub max_body_bytes: usize,
}

impl Default for WebOptions {
    fn default() -> Self {
        Self {
            max_body_bytes: 1024 * 1024,
        }
    }
}
