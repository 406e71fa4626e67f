//! `/api/v1/videos`: music videos, their lifecycle, and lifecycle transitions.

use app::{App, Citable, VideoFilter};
use axum::Json;
use axum::extract::{Path, State};
use model::{MusicVideo, Slug, VideoState, VideoStep};
use serde::{Deserialize, Serialize};

use super::{Paging, filter, list_page, resource};
use crate::error::ApiResult;
use crate::extract::{JsonBody, QueryParams, Writer};
use crate::views::{ListPage, MomentView, moment_view};

resource!(
    MusicVideo,
    "videos",
    "video",
    Some(Citable::Video),
    create_video,
    replace_video,
    delete_video,
    video
);

/// A video as stored, with its current state and key moments derived from the history.
#[derive(Serialize)]
pub(crate) struct VideoResponse {
    #[serde(flatten)]
    video: MusicVideo,
    state: VideoState,
    scheduled: Option<MomentView>,
    released: Option<MomentView>,
    premiere: Option<MomentView>,
}

impl From<MusicVideo> for VideoResponse {
    fn from(video: MusicVideo) -> Self {
        Self {
            state: video.state(),
            scheduled: moment_view(video.scheduled()),
            released: moment_view(video.released()),
            premiere: moment_view(video.premiere()),
            video,
        }
    }
}

pub(crate) async fn get(
    State(app): State<App>,
    Path(slug): Path<String>,
) -> ApiResult<Json<VideoResponse>> {
    let video = super::found(
        app.store().video(&slug).await.map_err(Into::into),
        "video",
        &slug,
    )
    .await?;
    Ok(Json(video.into()))
}

#[derive(Deserialize)]
pub(crate) struct ListQuery {
    limit: Option<u32>,
    after: Option<String>,
    artist: Option<String>,
    release: Option<String>,
    state: Option<String>,
}

pub(crate) async fn list(
    State(app): State<App>,
    QueryParams(query): QueryParams<ListQuery>,
) -> ApiResult<Json<ListPage<VideoResponse>>> {
    let page = Paging {
        limit: query.limit,
        after: query.after,
    }
    .page()?;
    let filter = VideoFilter {
        artist: filter("artist", query.artist.as_deref(), Slug::parse)?,
        release: filter("release", query.release.as_deref(), Slug::parse)?,
        state: filter("state", query.state.as_deref(), VideoState::parse)?,
    };
    let items = app
        .store()
        .videos(&filter, &page)
        .await
        .map_err(app::AppError::from)?;
    Ok(Json(list_page(
        items,
        &page,
        |v| &v.slug,
        VideoResponse::from,
    )))
}

/// `POST /api/v1/videos/{slug}/transitions`: appends a lifecycle step (announce, tease, release…).
pub(crate) async fn transition(
    State(app): State<App>,
    Path(slug): Path<String>,
    _writer: Writer,
    JsonBody(step): JsonBody<VideoStep>,
) -> ApiResult<Json<VideoResponse>> {
    Ok(Json(app.transition_video(&slug, &step).await?.into()))
}
