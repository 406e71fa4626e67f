//! Events: the typed timeline derived from the catalog (a release out, an MV teased or premiered, an
//! appearance aired). Pure: the caller decides which window of time it wants.

use std::collections::HashMap;

use serde::Serialize;

use crate::{
    Appearance, Citation, Moment, MusicVideo, Release, ReleaseStatus, Show, Slug, VideoState,
    named_enum,
};

named_enum! {
    /// What happened (or is scheduled to happen).
    EventKind {
        ReleaseAnnounced => "release_announced",
        ReleaseScheduled => "release_scheduled",
        ReleaseOut => "release_out",
        MvAnnounced => "mv_announced",
        MvTeased => "mv_teased",
        MvScheduled => "mv_scheduled",
        MvReleased => "mv_released",
        AppearanceAired => "appearance_aired",
        MilestoneReached => "milestone_reached",
        RecordBroken => "record_broken",
        ClaimProposed => "claim_proposed",
    }
}

impl EventKind {
    /// Premieres, releases and appearances: what `/upcoming` lists.
    pub fn is_premiere(self) -> bool {
        matches!(
            self,
            Self::ReleaseScheduled
                | Self::ReleaseOut
                | Self::MvScheduled
                | Self::MvReleased
                | Self::AppearanceAired
        )
    }
}

named_enum! {
    /// The kind of entity an event is about.
    SubjectKind { Release => "release", Video => "video", Appearance => "appearance", Account => "account" }
}

/// The entity an event is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subject {
    pub kind: SubjectKind,
    pub slug: Slug,
}

/// One entry of the timeline. `id` is stable: the same fact always yields the same id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    pub id: String,
    pub kind: EventKind,
    pub at: Moment,
    pub title: String,
    pub subject: Subject,
    pub artists: Vec<Slug>,
    pub sources: Vec<Citation>,
}

/// Every dated event the catalog implies, ordered by moment then id.
pub fn events_of(
    releases: &[Release],
    videos: &[MusicVideo],
    shows: &[Show],
    appearances: &[Appearance],
) -> Vec<Event> {
    let mut events = Vec::new();
    let release_by_slug: HashMap<&Slug, &Release> = releases.iter().map(|r| (&r.slug, r)).collect();
    for release in releases {
        let artists: Vec<Slug> = release.credits.iter().map(|c| c.artist.clone()).collect();
        let subject = Subject {
            kind: SubjectKind::Release,
            slug: release.slug.clone(),
        };
        let mut push = |kind: EventKind, at: &Moment, title: String| {
            events.push(Event {
                id: format!("{kind}:{}", release.slug),
                kind,
                at: at.clone(),
                title,
                subject: subject.clone(),
                artists: artists.clone(),
                sources: release.sources.clone(),
            });
        };
        if let Some(at) = &release.announced {
            push(
                EventKind::ReleaseAnnounced,
                at,
                format!("{} announced", release.title),
            );
        }
        if let Some(at) = &release.released {
            match release.status {
                ReleaseStatus::Released => push(
                    EventKind::ReleaseOut,
                    at,
                    format!("{} released", release.title),
                ),
                ReleaseStatus::Announced => push(
                    EventKind::ReleaseScheduled,
                    at,
                    format!("{} comes out", release.title),
                ),
                ReleaseStatus::Cancelled => {}
            }
        }
    }
    for video in videos {
        let artists = video_artists(video, &release_by_slug);
        let subject = Subject {
            kind: SubjectKind::Video,
            slug: video.slug.clone(),
        };
        for (index, step) in video.history.iter().enumerate() {
            let (kind, at, title) = match step.state {
                VideoState::Announced => match &step.noted {
                    Some(noted) => (
                        EventKind::MvAnnounced,
                        noted,
                        format!("{} announced", video.title),
                    ),
                    None => continue,
                },
                VideoState::Teased => match &step.at {
                    Some(at) => (EventKind::MvTeased, at, format!("{} teased", video.title)),
                    None => continue,
                },
                VideoState::Released => match &step.at {
                    Some(at) => (
                        EventKind::MvReleased,
                        at,
                        format!("{} premiered", video.title),
                    ),
                    None => continue,
                },
                _ => continue,
            };
            let mut sources = step.sources.clone();
            sources.extend(
                video
                    .sources
                    .iter()
                    .filter(|c| !step.sources.iter().any(|s| s.source == c.source))
                    .cloned(),
            );
            events.push(Event {
                id: format!("{kind}:{}:{index}", video.slug),
                kind,
                at: at.clone(),
                title,
                subject: subject.clone(),
                artists: artists.clone(),
                sources,
            });
        }
        if matches!(video.state(), VideoState::Announced | VideoState::Teased)
            && let Some(at) = video.scheduled()
        {
            events.push(Event {
                id: format!("mv_scheduled:{}", video.slug),
                kind: EventKind::MvScheduled,
                at: at.clone(),
                title: format!("{} premieres", video.title),
                subject: subject.clone(),
                artists,
                sources: video.sources.clone(),
            });
        }
    }
    let show_by_slug: HashMap<&Slug, &Show> = shows.iter().map(|s| (&s.slug, s)).collect();
    for appearance in appearances {
        let Some(at) = &appearance.aired else {
            continue;
        };
        let show = show_by_slug.get(&appearance.show);
        let mut artists = appearance.guests.clone();
        if let Some(show) = show {
            artists.extend(
                show.hosts
                    .iter()
                    .filter(|h| !appearance.guests.contains(h))
                    .cloned(),
            );
        }
        let show_title = show.map_or(appearance.show.as_str(), |s| s.title.as_str());
        events.push(Event {
            id: format!("appearance_aired:{}", appearance.slug),
            kind: EventKind::AppearanceAired,
            at: at.clone(),
            title: format!("{} on {show_title}", join_slugs(&appearance.guests)),
            subject: Subject {
                kind: SubjectKind::Appearance,
                slug: appearance.slug.clone(),
            },
            artists,
            sources: appearance.sources.clone(),
        });
    }
    events.sort_by(|a, b| {
        a.at.start()
            .cmp(&b.at.start())
            .then_with(|| a.id.cmp(&b.id))
    });
    events
}

/// A video's artists: its own, or its release's credits.
pub fn video_artists(video: &MusicVideo, releases: &HashMap<&Slug, &Release>) -> Vec<Slug> {
    if !video.artists.is_empty() {
        return video.artists.clone();
    }
    video
        .track
        .as_ref()
        .and_then(|track| track.release.as_ref())
        .and_then(|slug| releases.get(slug))
        .map(|release| release.credits.iter().map(|c| c.artist.clone()).collect())
        .unwrap_or_default()
}

fn join_slugs(slugs: &[Slug]) -> String {
    slugs
        .iter()
        .map(Slug::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}
