//! `/api/v1/releases`: releases with their tracklists, and each track's music-video status.

use app::{App, Citable, MvCounts, ReleaseFilter};
use axum::Json;
use axum::extract::{Path, State};
use model::{
    MusicVideo, Release, ReleaseKind, ReleaseStatus, Slug, TrackRef, TrackRole, VideoState,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{Paging, filter, list_page, resource};
use crate::error::ApiResult;
use crate::extract::QueryParams;
use crate::openapi::{GetErrors, ListErrors};
use crate::views::{ListPage, MomentView, moment_view};

resource!(
    Release,
    "releases",
    "release",
    Some(Citable::Release),
    create_release,
    replace_release,
    delete_release,
    release
);

/// Get a release
///
/// The release as stored, with its credits and tracklist.
#[utoipa::path(
    get,
    path = "/api/v1/releases/{slug}",
    tag = "releases",
    operation_id = "get_release",
    params(("slug" = String, Path, description = "The release's slug", example = "layover")),
    responses(
        (status = 200, description = "The release", body = Release),
        GetErrors,
    ),
)]
pub(crate) async fn get(
    State(app): State<App>,
    Path(slug): Path<String>,
) -> ApiResult<Json<Release>> {
    Ok(Json(
        super::found(
            app.store().release(&slug).await.map_err(Into::into),
            "release",
            &slug,
        )
        .await?,
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    /// Items per page.
    #[param(minimum = 1, maximum = 500, default = 50)]
    limit: Option<u32>,
    /// The `next` cursor of the previous page.
    after: Option<String>,
    /// Only releases crediting this artist (a slug).
    #[param(value_type = Option<Slug>, example = "v")]
    artist: Option<String>,
    /// Only releases of this kind.
    #[param(value_type = Option<ReleaseKind>)]
    kind: Option<String>,
    /// Only releases in this status.
    #[param(value_type = Option<ReleaseStatus>)]
    status: Option<String>,
}

/// List releases
///
/// Releases by slug, a page at a time.
#[utoipa::path(
    get,
    path = "/api/v1/releases",
    tag = "releases",
    operation_id = "list_releases",
    params(ListQuery),
    responses(
        (status = 200, description = "A page of releases", body = ListPage<Release>),
        ListErrors,
    ),
)]
pub(crate) async fn list(
    State(app): State<App>,
    QueryParams(query): QueryParams<ListQuery>,
) -> ApiResult<Json<ListPage<Release>>> {
    let page = Paging {
        limit: query.limit,
        after: query.after,
    }
    .page()?;
    let filter = ReleaseFilter {
        artist: filter("artist", query.artist.as_deref(), Slug::parse)?,
        kind: filter("kind", query.kind.as_deref(), ReleaseKind::parse)?,
        status: filter("status", query.status.as_deref(), ReleaseStatus::parse)?,
    };
    let items = app
        .store()
        .releases(&filter, &page)
        .await
        .map_err(app::AppError::from)?;
    Ok(Json(list_page(items, &page, |r| &r.slug, |r| r)))
}

/// `GET /api/v1/releases/{slug}/videos`.
#[derive(Serialize, ToSchema)]
pub(crate) struct ReleaseVideosResponse {
    release: Slug,
    title: String,
    #[schema(value_type = crate::openapi::MvCounts)]
    counts: MvCounts,
    /// "5 of 5 planned MVs out".
    summary: String,
    tracks: Vec<TrackVideoView>,
}

/// A track of the release with the music videos made for it.
#[derive(Serialize, ToSchema)]
struct TrackVideoView {
    disc: u16,
    number: u16,
    title: String,
    #[schema(required = true)]
    role: Option<TrackRole>,
    /// The song this track is a version of.
    #[schema(required = true)]
    version_of: Option<TrackRef>,
    #[schema(required = true)]
    version_label: Option<String>,
    /// released, teased, announced, planned, none_planned, cancelled; null when nothing is known.
    #[schema(required = true)]
    mv_state: Option<VideoState>,
    videos: Vec<VideoStatus>,
}

/// A music video of a track, where it stands.
#[derive(Serialize, ToSchema)]
struct VideoStatus {
    slug: Slug,
    title: String,
    state: VideoState,
    /// The latest scheduled premiere, kept after the video is out.
    #[schema(required = true)]
    scheduled: Option<MomentView>,
    /// When it came out.
    #[schema(required = true)]
    released: Option<MomentView>,
    /// The teasers, oldest first.
    teasers: Vec<MomentView>,
    attributes: Vec<String>,
    #[schema(required = true)]
    url: Option<String>,
}

impl From<&MusicVideo> for VideoStatus {
    fn from(video: &MusicVideo) -> Self {
        Self {
            slug: video.slug.clone(),
            title: video.title.clone(),
            state: video.state(),
            scheduled: moment_view(video.scheduled()),
            released: moment_view(video.released()),
            teasers: video.teasers().map(MomentView::from).collect(),
            attributes: video.attributes.clone(),
            url: video.url.clone(),
        }
    }
}

/// Get a release's music videos
///
/// Each track of the release with its music videos and where they stand, and how many tracks have
/// an MV out, coming, or none planned.
#[utoipa::path(
    get,
    path = "/api/v1/releases/{slug}/videos",
    tag = "releases",
    operation_id = "get_release_videos",
    params(("slug" = String, Path, description = "The release's slug", example = "layover")),
    responses(
        (
            status = 200,
            description = "The release's tracks and their videos",
            body = ReleaseVideosResponse,
        ),
        GetErrors,
    ),
)]
pub(crate) async fn videos(
    State(app): State<App>,
    Path(slug): Path<String>,
) -> ApiResult<Json<ReleaseVideosResponse>> {
    let view = app.release_videos(&slug).await?;
    let counts = view.counts;
    let planned = counts.released + counts.announced;
    let summary = format!("{} of {planned} planned MVs out", counts.released);
    let tracks = view
        .tracks
        .into_iter()
        .map(|entry| TrackVideoView {
            disc: entry.track.disc,
            number: entry.track.number,
            title: entry.track.title,
            role: entry.track.role,
            version_of: entry.track.version_of,
            version_label: entry.track.version_label,
            mv_state: entry.state,
            videos: entry.videos.iter().map(VideoStatus::from).collect(),
        })
        .collect();
    Ok(Json(ReleaseVideosResponse {
        release: view.release.slug,
        title: view.release.title,
        counts,
        summary,
        tracks,
    }))
}
