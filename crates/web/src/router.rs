//! Every route bside serves, in one place.

use app::App;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse};
use axum::routing::{get, post};
use model::{Account, Appearance, Artist, MusicVideo, Release, Show, Source};
use tower_http::trace::TraceLayer;

use crate::WebOptions;
use crate::api::{
    accounts, appearances, artists, calendar, cite, counts, create, delete, records, releases,
    replace, shows, sources, subscriptions, videos,
};
use crate::error::ApiError;

pub fn router(app: App, options: &WebOptions) -> Router {
    let api = Router::new()
        .route("/artists", get(artists::list).post(create::<Artist>))
        .route(
            "/artists/{slug}",
            get(artists::get)
                .put(replace::<Artist>)
                .delete(delete::<Artist>),
        )
        .route("/artists/{slug}/sources", post(cite::<Artist>))
        .route("/releases", get(releases::list).post(create::<Release>))
        .route(
            "/releases/{slug}",
            get(releases::get)
                .put(replace::<Release>)
                .delete(delete::<Release>),
        )
        .route("/releases/{slug}/videos", get(releases::videos))
        .route("/releases/{slug}/sources", post(cite::<Release>))
        .route("/videos", get(videos::list).post(create::<MusicVideo>))
        .route(
            "/videos/{slug}",
            get(videos::get)
                .put(replace::<MusicVideo>)
                .delete(delete::<MusicVideo>),
        )
        .route("/videos/{slug}/transitions", post(videos::transition))
        .route("/videos/{slug}/sources", post(cite::<MusicVideo>))
        .route("/shows", get(shows::list).post(create::<Show>))
        .route(
            "/shows/{slug}",
            get(shows::get).put(replace::<Show>).delete(delete::<Show>),
        )
        .route("/shows/{slug}/sources", post(cite::<Show>))
        .route(
            "/appearances",
            get(appearances::list).post(create::<Appearance>),
        )
        .route(
            "/appearances/{slug}",
            get(appearances::get)
                .put(replace::<Appearance>)
                .delete(delete::<Appearance>),
        )
        .route("/appearances/{slug}/sources", post(cite::<Appearance>))
        .route("/accounts", get(accounts::list).post(create::<Account>))
        .route(
            "/accounts/{slug}",
            get(accounts::get)
                .put(replace::<Account>)
                .delete(delete::<Account>),
        )
        .route("/accounts/{slug}/sources", post(cite::<Account>))
        .route("/sources", get(sources::list).post(create::<Source>))
        .route(
            "/sources/{slug}",
            get(sources::get)
                .put(replace::<Source>)
                .delete(delete::<Source>),
        )
        .route("/points", post(counts::ingest))
        .route("/series/{key}/points", get(counts::points))
        .route("/records", get(records::list))
        .route("/upcoming", get(calendar::upcoming))
        .route("/timeline", get(calendar::timeline))
        .route(
            "/subscriptions",
            get(subscriptions::list).post(subscriptions::create),
        )
        .route(
            "/subscriptions/{id}",
            get(subscriptions::get).delete(subscriptions::delete),
        )
        .route("/subscriptions/{id}/enable", post(subscriptions::enable))
        .route(
            "/subscriptions/{id}/redeliver",
            post(subscriptions::redeliver),
        )
        .route(
            "/subscriptions/{id}/deliveries",
            get(subscriptions::deliveries),
        )
        .route("/openapi.json", get(crate::openapi::document))
        .fallback(api_not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            subscriptions::wake_outbox_after_writes,
        ));

    // Following: Atom feeds and iCalendar files, beside the API.
    let following = Router::new()
        .route("/feeds/events.atom", get(crate::feeds::events))
        .route("/feeds/artists/{file}", get(crate::feeds::artist))
        .route("/calendars/upcoming.ics", get(crate::calendars::upcoming))
        .route("/calendars/artists/{file}", get(crate::calendars::artist));

    Router::new()
        .route("/", get(index))
        .route("/healthz", get(|| async { "ok" }))
        .nest("/api/v1", api)
        .merge(following)
        .merge(crate::openapi::docs())
        .layer(DefaultBodyLimit::max(options.max_body_bytes))
        .layer(TraceLayer::new_for_http())
        .with_state(app)
}

async fn api_not_found() -> ApiError {
    ApiError::not_found("no such API endpoint; see /api/docs")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this endpoint does not take that method",
    )
}

async fn index() -> impl IntoResponse {
    Html(include_str!("index.html"))
}
