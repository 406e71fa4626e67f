//! `/api/v1/releases`: releases with their tracklists, and each track's music-video status.

use app::{App, Citable, MvCounts, ReleaseFilter};
use axum::Json;
use axum::extract::{Path, State};
use model::{
    MusicVideo, Release, ReleaseKind, ReleaseStatus, Slug, TrackRef, TrackRole, VideoState,
};
use serde::{Deserialize, Serialize};

use super::{Paging, filter, list_page, resource};
use crate::error::ApiResult;
use crate::extract::QueryParams;
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

#[derive(Deserialize)]
pub(crate) struct ListQuery {
    limit: Option<u32>,
    after: Option<String>,
    artist: Option<String>,
    kind: Option<String>,
    status: Option<String>,
}

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
#[derive(Serialize)]
pub(crate) struct ReleaseVideosResponse {
    release: Slug,
    title: String,
    counts: MvCounts,
    /// "5 of 5 planned MVs out".
    summary: String,
    tracks: Vec<TrackVideoView>,
}

#[derive(Serialize)]
struct TrackVideoView {
    disc: u16,
    number: u16,
    title: String,
    role: Option<TrackRole>,
    version_of: Option<TrackRef>,
    version_label: Option<String>,
    /// released, teased, announced, planned, none_planned, cancelled; null when nothing is known.
    mv_state: Option<VideoState>,
    videos: Vec<VideoStatus>,
}

#[derive(Serialize)]
struct VideoStatus {
    slug: Slug,
    title: String,
    state: VideoState,
    scheduled: Option<MomentView>,
    released: Option<MomentView>,
    teasers: Vec<MomentView>,
    attributes: Vec<String>,
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
