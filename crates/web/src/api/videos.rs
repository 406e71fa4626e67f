//! `/api/v1/videos`: music videos, their lifecycle, and lifecycle transitions.

use app::{App, Citable, VideoFilter};
use axum::Json;
use axum::extract::{Path, State};
use model::{MusicVideo, Slug, VideoState, VideoStep};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::records::{SeriesSummary, series_summary};
use super::{Paging, filter, list_page, resource};
use crate::error::ApiResult;
use crate::extract::{JsonBody, QueryParams, Writer};
use crate::openapi::{GetErrors, ListErrors, PostErrors};
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
#[derive(Serialize, ToSchema)]
pub(crate) struct VideoResponse {
    #[serde(flatten)]
    video: MusicVideo,
    /// The current state: the last step's.
    state: VideoState,
    /// The latest scheduled premiere, kept after the video is out.
    #[schema(required = true)]
    scheduled: Option<MomentView>,
    /// When it came out.
    #[schema(required = true)]
    released: Option<MomentView>,
    /// The actual release, or else the latest schedule unless cancelled or unplanned.
    #[schema(required = true)]
    premiere: Option<MomentView>,
    /// Its counts (views, likes…) with milestones reached and the projection; on `GET /videos/{slug}`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    series: Vec<SeriesSummary>,
}

impl From<MusicVideo> for VideoResponse {
    fn from(video: MusicVideo) -> Self {
        Self {
            state: video.state(),
            scheduled: moment_view(video.scheduled()),
            released: moment_view(video.released()),
            premiere: moment_view(video.premiere()),
            series: Vec::new(),
            video,
        }
    }
}

/// Get a music video
///
/// The video as stored, with its current state and key moments worked out from its history.
#[utoipa::path(
    get,
    path = "/api/v1/videos/{slug}",
    tag = "videos",
    operation_id = "get_video",
    params(("slug" = String, Path, description = "The video's slug", example = "layover-blue-mv")),
    responses(
        (status = 200, description = "The video", body = VideoResponse),
        GetErrors,
    ),
)]
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
    let subject = model::SeriesSubject::Video(video.slug.clone());
    let mut response = VideoResponse::from(video);
    for info in app.series_of(&subject).await? {
        response
            .series
            .push(series_summary(app.series_view(&info.key).await?));
    }
    Ok(Json(response))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    /// Items per page.
    #[param(minimum = 1, maximum = 500, default = 50)]
    limit: Option<u32>,
    /// The `next` cursor of the previous page.
    after: Option<String>,
    /// Only videos of this artist: its own artists, or its release's credits (a slug).
    #[param(value_type = Option<Slug>, example = "v")]
    artist: Option<String>,
    /// Only videos of tracks of this release (a slug).
    #[param(value_type = Option<Slug>, example = "layover")]
    release: Option<String>,
    /// Only videos in this state.
    #[param(value_type = Option<VideoState>)]
    state: Option<String>,
}

/// List music videos
///
/// Videos by slug, a page at a time, each with its current state and key moments.
#[utoipa::path(
    get,
    path = "/api/v1/videos",
    tag = "videos",
    operation_id = "list_videos",
    params(ListQuery),
    responses(
        (status = 200, description = "A page of videos", body = ListPage<VideoResponse>),
        ListErrors,
    ),
)]
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

/// Move a music video along its lifecycle
///
/// Appends a step to the video's history: announce (with the scheduled premiere), tease, release,
/// cancel… A step that may not follow the current state (a released video is final) is refused.
/// A release step's `url` becomes the video's.
#[utoipa::path(
    post,
    path = "/api/v1/videos/{slug}/transitions",
    tag = "videos",
    operation_id = "transition_video",
    params((
        "slug" = String,
        Path,
        description = "The video's slug",
        example = "layover-for-us-mv",
    )),
    request_body(content = VideoStep, description = "The step to append"),
    responses(
        (status = 200, description = "The video after the step", body = VideoResponse),
        PostErrors,
    ),
    security(("bearer" = [])),
)]
pub(crate) async fn transition(
    State(app): State<App>,
    Path(slug): Path<String>,
    _writer: Writer,
    JsonBody(step): JsonBody<VideoStep>,
) -> ApiResult<Json<VideoResponse>> {
    Ok(Json(app.transition_video(&slug, &step).await?.into()))
}
