//! `/videos/{slug}`: a music video with its song and release, where it stands (scheduled and actual
//! premiere both kept), its history step by step, attributes, and its counts when bside has them.

use app::App;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::Response;
use model::{Citation, SeriesSubject, Slug, VideoState};

use super::artist::state_words;
use super::growth::{self, SeriesBlock};
use super::release::role_name;
use super::{
    ArtistLink, Layout, NameBook, PageError, SourceBook, SourceItem, Viewer, When, slug_of,
};

#[derive(Template, WebTemplate)]
#[template(path = "video.html")]
pub(crate) struct VideoPage {
    layout: Layout,
    title: String,
    artists: Vec<ArtistLink>,
    song: Option<SongLink>,
    state: &'static str,
    state_text: &'static str,
    scheduled: Option<When>,
    released: Option<When>,
    teasers: Vec<When>,
    url: Option<String>,
    attributes: Vec<String>,
    director: Option<String>,
    synopsis: Option<String>,
    history: Vec<StepRow>,
    series: Vec<SeriesBlock>,
    sources: Vec<SourceItem>,
}

/// The track a video is for, on its release.
pub(crate) struct SongLink {
    track: String,
    role: Option<&'static str>,
    release: String,
    href: String,
}

pub(crate) struct StepRow {
    state_text: &'static str,
    state: &'static str,
    at: Option<When>,
    noted: Option<When>,
    note: Option<String>,
    sources: Vec<SourceItem>,
}

pub(crate) async fn page(
    viewer: Viewer,
    State(app): State<App>,
    Path(slug): Path<String>,
) -> Response {
    viewer.respond(build(&viewer, &app, &slug).await)
}

async fn build(viewer: &Viewer, app: &App, slug: &str) -> Result<VideoPage, PageError> {
    let slug = slug_of("music video", slug)?;
    let video = app
        .store()
        .video(slug.as_str())
        .await
        .map_err(app::AppError::from)?
        .ok_or_else(|| {
            PageError::not_found(format!(
                "There is no music video called “{slug}” in this catalog."
            ))
        })?;
    let release = match video.track.as_ref().and_then(|t| t.release.as_ref()) {
        Some(release) => app
            .store()
            .release(release.as_str())
            .await
            .map_err(app::AppError::from)?,
        None => None,
    };
    let mut artist_slugs: Vec<Slug> = video.artists.clone();
    if artist_slugs.is_empty()
        && let Some(release) = &release
    {
        artist_slugs = release.credits.iter().map(|c| c.artist.clone()).collect();
    }
    let names = NameBook::load(app, &artist_slugs).await?;
    let mut citations: Vec<Citation> = video.sources.clone();
    citations.extend(video.history.iter().flat_map(|s| s.sources.iter().cloned()));
    let book = SourceBook::load(app, &citations).await?;
    let song = match (&video.track, &release) {
        (Some(track), Some(release)) => release.track(track.disc, track.number).map(|t| SongLink {
            track: t.title.clone(),
            role: t.role.map(role_name),
            release: release.title.clone(),
            href: format!("/releases/{}", release.slug),
        }),
        _ => None,
    };
    let (state, state_text) = state_words(video.state());
    let history = video
        .history
        .iter()
        .map(|step| {
            let (state, _) = state_words(step.state);
            StepRow {
                state,
                state_text: step_words(step.state),
                at: step.at.as_ref().map(|m| viewer.when(m)),
                noted: step.noted.as_ref().map(|m| viewer.when(m)),
                note: step.note.clone(),
                sources: book.items(&step.sources),
            }
        })
        .collect();
    let series = growth::blocks(
        app,
        viewer,
        &SeriesSubject::Video(video.slug.clone()),
        video.released(),
    )
    .await?;
    Ok(VideoPage {
        layout: viewer.layout(format!("{} (music video)", video.title)),
        title: video.title.clone(),
        artists: names.links(&artist_slugs),
        song,
        state,
        state_text,
        scheduled: video.scheduled().map(|m| viewer.when(m)),
        released: video.released().map(|m| viewer.when(m)),
        teasers: video.teasers().map(|m| viewer.when(m)).collect(),
        url: video.url.clone(),
        attributes: video
            .attributes
            .iter()
            .map(|a| a.replace('_', " "))
            .collect(),
        director: video.director.clone(),
        synopsis: video.synopsis.clone(),
        history,
        series,
        sources: book.items(&video.sources),
    })
}

/// A step of the history, in the past tense of the record.
fn step_words(state: VideoState) -> &'static str {
    match state {
        VideoState::NonePlanned => "no MV planned",
        VideoState::Planned => "planned",
        VideoState::Announced => "announced for",
        VideoState::Teased => "teaser",
        VideoState::Released => "released",
        VideoState::Cancelled => "cancelled",
    }
}
