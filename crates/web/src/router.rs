//! Every route bside serves, in one place.

use app::App;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post};
use model::{Account, Appearance, Artist, MusicVideo, Release, Show, Source};
use tower_http::trace::TraceLayer;

use crate::WebOptions;
use crate::api::{
    accounts, appearances, artists, calendar, cite, claims, counts, create, delete, records,
    releases, replace, search, shows, sources, subscriptions, videos,
};
use crate::error::ApiError;
use crate::pages;

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
        .route("/articles", get(claims::articles).post(claims::submit))
        .route("/articles/{slug}", get(claims::article))
        .route("/claims", get(claims::list))
        .route("/claims/{slug}", get(claims::get).put(claims::edit))
        .route("/claims/{slug}/accept", post(claims::accept))
        .route("/claims/{slug}/reject", post(claims::reject))
        .route("/upcoming", get(calendar::upcoming))
        .route("/timeline", get(calendar::timeline))
        .route("/search", get(search::search))
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

    // The web pages people open (HTML; the JSON API is under /api/v1).
    let pages = Router::new()
        .route("/", get(pages::home::page))
        .route("/artists/{slug}", get(pages::artist::page))
        .route("/accounts/{slug}", get(pages::artist::account))
        .route("/releases/{slug}", get(pages::release::page))
        .route("/videos/{slug}", get(pages::video::page))
        .route("/shows/{slug}", get(pages::show::page))
        .route("/appearances/{slug}", get(pages::show::appearance))
        .route("/records", get(pages::records::page))
        .route("/search", get(pages::search::page))
        .route("/review", get(pages::review::page))
        .route("/review/articles", post(pages::review::submit))
        .route("/review/claims/{slug}", post(pages::review::decide))
        .route("/subscriptions", get(pages::subscriptions::page))
        .route("/subscriptions/token", post(pages::subscriptions::token))
        .route("/subscriptions/{id}", post(pages::subscriptions::act))
        .route("/preferences", post(pages::viewer::preferences))
        .route("/assets/style.css", get(pages::assets::stylesheet))
        .fallback(pages::not_found::page);

    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .nest("/api/v1", api)
        .merge(following)
        .merge(crate::openapi::docs())
        .merge(pages)
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
