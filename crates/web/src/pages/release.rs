//! `/releases/{slug}`: the tracklist with roles, versions under their song, each track's MV status
//! with its premiere in the viewer's zone, and the "4 of 5 planned MVs out" summary.

use app::{App, TrackVideo};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::Response;
use model::{MusicVideo, ReleaseKind, TrackRole, VideoState};

use super::{
    ArtistLink, Layout, NameBook, PageError, SourceBook, SourceItem, Viewer, When, slug_of,
};

#[derive(Template, WebTemplate)]
#[template(path = "release.html")]
pub(crate) struct ReleasePage {
    layout: Layout,
    title: String,
    kind: &'static str,
    status: String,
    credits: Vec<ArtistLink>,
    released: Option<When>,
    label: Option<String>,
    /// "5 of 5 planned MVs out".
    summary: String,
    /// "For Us premieres …", "Piano Ver.: no MV planned".
    notes: Vec<MvNote>,
    tracks: Vec<TrackRow>,
    sources: Vec<SourceItem>,
}

/// A line under the summary: a track's MV that is coming, or that is not planned.
pub(crate) struct MvNote {
    label: String,
    text: &'static str,
    when: Option<When>,
}

/// A track with its versions beneath it.
pub(crate) struct TrackRow {
    /// `1-6`: disc and number, for `#track-1-6`.
    id: String,
    number: String,
    title: String,
    /// "Piano Ver.", for a version.
    version_label: Option<String>,
    role: Option<&'static str>,
    duration: Option<String>,
    mv: MvLine,
    versions: Vec<TrackRow>,
    sources: Vec<SourceItem>,
}

/// Where a track's MV stands.
pub(crate) struct MvLine {
    /// The CSS class and state name: `released`, `announced`, `none_planned`, `unknown`…
    state: &'static str,
    text: &'static str,
    when: Option<When>,
    href: Option<String>,
    attributes: Vec<String>,
    sources: Vec<SourceItem>,
}

pub(crate) async fn page(
    viewer: Viewer,
    State(app): State<App>,
    Path(slug): Path<String>,
) -> Response {
    viewer.respond(build(&viewer, &app, &slug).await)
}

async fn build(viewer: &Viewer, app: &App, slug: &str) -> Result<ReleasePage, PageError> {
    let slug = slug_of("release", slug)?;
    let view = app.release_videos(slug.as_str()).await?;
    let release = &view.release;
    let mut citations: Vec<model::Citation> = release.sources.clone();
    for track in &view.tracks {
        citations.extend(track.track.sources.iter().cloned());
        for video in &track.videos {
            citations.extend(video.sources.iter().cloned());
            citations.extend(video.history.iter().flat_map(|s| s.sources.iter().cloned()));
        }
    }
    let book = SourceBook::load(app, &citations).await?;
    let names = NameBook::load(app, release.credits.iter().map(|c| &c.artist)).await?;

    let counts = view.counts;
    let planned = counts.released + counts.announced;
    let summary = if planned == 0 {
        "No music videos announced".to_owned()
    } else {
        format!("{} of {planned} planned MVs out", counts.released)
    };
    let mut notes = Vec::new();
    for track in &view.tracks {
        let label = track
            .track
            .version_label
            .clone()
            .filter(|_| track.track.version_of.is_some())
            .unwrap_or_else(|| track.track.title.clone());
        match track.state {
            Some(VideoState::Planned | VideoState::Announced | VideoState::Teased) => {
                notes.push(MvNote {
                    label,
                    text: "premieres",
                    when: premiere(track).map(|m| viewer.when(m)),
                });
            }
            Some(VideoState::Released) if track.track.role == Some(TrackRole::BSide) => {
                notes.push(MvNote {
                    label,
                    text: "premiered",
                    when: premiere(track).map(|m| viewer.when(m)),
                });
            }
            Some(VideoState::NonePlanned) => notes.push(MvNote {
                label,
                text: "no MV planned",
                when: None,
            }),
            _ => {}
        }
    }

    let row = |track: &TrackVideo| TrackRow {
        id: format!("{}-{}", track.track.disc, track.track.number),
        number: if track.track.disc > 1 {
            format!("{}-{}", track.track.disc, track.track.number)
        } else {
            track.track.number.to_string()
        },
        title: track.track.title.clone(),
        version_label: track.track.version_label.clone(),
        role: track.track.role.map(role_name),
        duration: track
            .track
            .duration_seconds
            .map(|s| format!("{}:{:02}", s / 60, s % 60)),
        mv: mv_line(viewer, &book, track),
        versions: Vec::new(),
        sources: book.items(&track.track.sources),
    };
    // Versions sit under their song when the song is on this release; otherwise in their place.
    let mut tracks: Vec<TrackRow> = Vec::new();
    let mut originals: Vec<(u16, u16)> = Vec::new();
    for track in &view.tracks {
        let parent = track.track.version_of.as_ref().filter(|of| {
            of.release.as_ref().is_none_or(|r| *r == release.slug)
                && originals.contains(&(of.disc, of.number))
        });
        match parent {
            Some(of) => {
                let index = originals
                    .iter()
                    .position(|key| *key == (of.disc, of.number))
                    .unwrap_or(0);
                tracks[index].versions.push(row(track));
            }
            None => {
                originals.push((track.track.disc, track.track.number));
                tracks.push(row(track));
            }
        }
    }

    Ok(ReleasePage {
        layout: viewer.layout(release.title.clone()),
        title: release.title.clone(),
        kind: kind_name(release.kind),
        status: release.status.to_string(),
        credits: names.links(
            &release
                .credits
                .iter()
                .map(|c| c.artist.clone())
                .collect::<Vec<_>>(),
        ),
        released: release.released.as_ref().map(|m| viewer.when(m)),
        label: release.label.clone(),
        summary,
        notes,
        tracks,
        sources: book.items(&release.sources),
    })
}

/// The premiere of the track's most advanced video.
fn premiere(track: &TrackVideo) -> Option<&model::Moment> {
    best_video(track).and_then(MusicVideo::premiere)
}

fn best_video(track: &TrackVideo) -> Option<&MusicVideo> {
    let state = track.state?;
    track.videos.iter().find(|v| v.state() == state)
}

fn mv_line(viewer: &Viewer, book: &SourceBook, track: &TrackVideo) -> MvLine {
    let video = best_video(track);
    let (state, text, when) = match track.state {
        None => ("unknown", "no MV information", None),
        Some(VideoState::Released) => (
            "released",
            "MV out",
            video.and_then(MusicVideo::premiere).map(|m| viewer.when(m)),
        ),
        Some(VideoState::Teased) => (
            "teased",
            "MV teased; premieres",
            video
                .and_then(MusicVideo::scheduled)
                .map(|m| viewer.when(m)),
        ),
        Some(VideoState::Announced) => (
            "announced",
            "MV premieres",
            video
                .and_then(MusicVideo::scheduled)
                .map(|m| viewer.when(m)),
        ),
        Some(VideoState::Planned) => ("planned", "MV planned, date not announced", None),
        Some(VideoState::NonePlanned) => ("none_planned", "no MV planned", None),
        Some(VideoState::Cancelled) => ("cancelled", "MV cancelled", None),
    };
    let sources = video.map_or_else(Vec::new, |v| {
        let mut citations = v.sources.clone();
        citations.extend(v.history.iter().flat_map(|s| s.sources.iter().cloned()));
        book.items(&citations)
    });
    MvLine {
        state,
        text,
        when,
        href: video.map(|v| format!("/videos/{}", v.slug)),
        attributes: video.map_or_else(Vec::new, |v| {
            v.attributes.iter().map(|a| a.replace('_', " ")).collect()
        }),
        sources,
    }
}

pub(crate) fn role_name(role: TrackRole) -> &'static str {
    match role {
        TrackRole::Title => "title track",
        TrackRole::PreReleaseSingle => "pre-release single",
        TrackRole::BSide => "b-side",
        TrackRole::Bonus => "bonus",
        TrackRole::Intro => "intro",
        TrackRole::Outro => "outro",
    }
}

pub(crate) fn kind_name(kind: ReleaseKind) -> &'static str {
    match kind {
        ReleaseKind::Album => "Album",
        ReleaseKind::Ep => "EP",
        ReleaseKind::MiniAlbum => "Mini album",
        ReleaseKind::Single => "Single",
        ReleaseKind::Compilation => "Compilation",
        ReleaseKind::Other => "Release",
    }
}
