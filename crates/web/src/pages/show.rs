//! `/shows/{slug}`: a show with its hosts and its episodes (appearances) with guests, songs and air
//! dates in the viewer's zone.

use app::App;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{Redirect, Response};
use model::{Citation, Slug};

use super::{
    ArtistLink, Layout, NameBook, PageError, SourceBook, SourceItem, Viewer, When, slug_of,
};

#[derive(Template, WebTemplate)]
#[template(path = "show.html")]
pub(crate) struct ShowPage {
    layout: Layout,
    title: String,
    kind: String,
    network: Option<String>,
    hosts: Vec<ArtistLink>,
    episodes: Vec<EpisodeRow>,
    sources: Vec<SourceItem>,
}

pub(crate) struct EpisodeRow {
    id: String,
    episode: Option<String>,
    aired: Option<When>,
    guests: Vec<ArtistLink>,
    songs: Vec<String>,
    sources: Vec<SourceItem>,
}

pub(crate) async fn page(
    viewer: Viewer,
    State(app): State<App>,
    Path(slug): Path<String>,
) -> Response {
    viewer.respond(build(&viewer, &app, &slug).await)
}

/// `/appearances/{slug}`: an appearance is shown on its show's page.
pub(crate) async fn appearance(
    viewer: Viewer,
    State(app): State<App>,
    Path(slug): Path<String>,
) -> Response {
    let found = async {
        let slug = slug_of("appearance", &slug)?;
        app.store()
            .appearance(slug.as_str())
            .await
            .map_err(app::AppError::from)?
            .ok_or_else(|| {
                PageError::not_found(format!(
                    "There is no appearance called “{slug}” in this catalog."
                ))
            })
    }
    .await;
    viewer.respond(found.map(|a| Redirect::to(&format!("/shows/{}#{}", a.show, a.slug))))
}

async fn build(viewer: &Viewer, app: &App, slug: &str) -> Result<ShowPage, PageError> {
    let slug = slug_of("show", slug)?;
    let show = app
        .store()
        .show(slug.as_str())
        .await
        .map_err(app::AppError::from)?
        .ok_or_else(|| {
            PageError::not_found(format!("There is no show called “{slug}” in this catalog."))
        })?;
    let mut appearances = app.show_appearances(&show.slug).await?;
    appearances.sort_by_key(|a| std::cmp::Reverse(a.aired.as_ref().map(model::Moment::start)));
    let mut people: Vec<Slug> = show.hosts.clone();
    people.extend(appearances.iter().flat_map(|a| a.guests.iter().cloned()));
    let names = NameBook::load(app, &people).await?;
    let mut citations: Vec<Citation> = show.sources.clone();
    citations.extend(appearances.iter().flat_map(|a| a.sources.iter().cloned()));
    let book = SourceBook::load(app, &citations).await?;
    let episodes = appearances
        .iter()
        .map(|a| EpisodeRow {
            id: a.slug.to_string(),
            episode: a.episode.clone(),
            aired: a.aired.as_ref().map(|m| viewer.when(m)),
            guests: names.links(&a.guests),
            songs: a.songs.clone(),
            sources: book.items(&a.sources),
        })
        .collect();
    Ok(ShowPage {
        layout: viewer.layout(show.title.clone()),
        title: show.title.clone(),
        kind: show.kind.to_string().replace('_', " "),
        network: show.network.clone(),
        hosts: names.links(&show.hosts),
        episodes,
        sources: book.items(&show.sources),
    })
}
