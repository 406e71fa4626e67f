//! Derived views: an artist with members and accounts, a release's MV status per track, what is
//! upcoming in a window, and an artist's timeline. Computed on read from the catalog.

use std::collections::{BTreeSet, HashMap};

use jiff::{Timestamp, civil, tz::TimeZone};
use model::{
    Account, Appearance, Artist, Event, EventKind, Membership, MusicVideo, Release, Show, Slug,
    Track, VideoState, events_of,
};
use serde::Serialize;

use crate::{
    AccountFilter, App, AppError, AppearanceFilter, Page, ReleaseFilter, Result, VideoFilter,
};

/// An artist with what points at it: its members (for a group) and its accounts.
#[derive(Debug, Clone)]
pub struct ArtistView {
    pub artist: Artist,
    pub members: Vec<(Slug, Membership)>,
    pub accounts: Vec<Account>,
}

/// A track of a release with its music videos and where the MV stands.
#[derive(Debug, Clone)]
pub struct TrackVideo {
    pub track: Track,
    /// The state that best describes the track's MV; `None` when no MV is known either way.
    pub state: Option<VideoState>,
    pub videos: Vec<MusicVideo>,
}

/// How many tracks have an MV out, coming, or none planned.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct MvCounts {
    pub released: usize,
    /// Planned, announced or teased: coming but not out.
    pub announced: usize,
    pub none_planned: usize,
    pub cancelled: usize,
    /// Tracks with no MV information.
    pub unknown: usize,
}

/// A release's tracklist with each track's MV status, and the counts.
#[derive(Debug, Clone)]
pub struct ReleaseVideos {
    pub release: Release,
    pub tracks: Vec<TrackVideo>,
    pub counts: MvCounts,
}

/// Upcoming windows are at most this long.
pub const MAX_UPCOMING_DAYS: u32 = 366;
/// Pages fetched while gathering an artist's whole catalog for its timeline.
const GATHER_PAGE: u32 = 1000;

impl App {
    pub async fn artist_view(&self, slug: &str) -> Result<ArtistView> {
        let artist = self
            .store
            .artist(slug)
            .await?
            .ok_or_else(|| not_found("artist", slug))?;
        let members = self.store.members(slug).await?;
        let accounts = gather(|page| {
            let filter = AccountFilter {
                artist: Some(artist.slug.clone()),
                platform: None,
            };
            async move { self.store.accounts(&filter, &page).await }
        })
        .await?;
        Ok(ArtistView {
            artist,
            members,
            accounts,
        })
    }

    pub async fn release_videos(&self, slug: &str) -> Result<ReleaseVideos> {
        let release = self
            .store
            .release(slug)
            .await?
            .ok_or_else(|| not_found("release", slug))?;
        let release_slug = release.slug.clone();
        let videos = gather(|page| {
            let filter = VideoFilter {
                release: Some(release_slug.clone()),
                ..VideoFilter::default()
            };
            async move { self.store.videos(&filter, &page).await }
        })
        .await?;
        let mut counts = MvCounts::default();
        let tracks = release
            .tracks
            .iter()
            .map(|track| {
                let videos: Vec<MusicVideo> = videos
                    .iter()
                    .filter(|v| {
                        v.track
                            .as_ref()
                            .is_some_and(|t| (t.disc, t.number) == (track.disc, track.number))
                    })
                    .cloned()
                    .collect();
                let state = videos
                    .iter()
                    .map(MusicVideo::state)
                    .max_by_key(|state| rank(*state));
                match state {
                    Some(VideoState::Released) => counts.released += 1,
                    Some(VideoState::Planned | VideoState::Announced | VideoState::Teased) => {
                        counts.announced += 1;
                    }
                    Some(VideoState::NonePlanned) => counts.none_planned += 1,
                    Some(VideoState::Cancelled) => counts.cancelled += 1,
                    None => counts.unknown += 1,
                }
                TrackVideo {
                    track: track.clone(),
                    state,
                    videos,
                }
            })
            .collect();
        Ok(ReleaseVideos {
            release,
            tracks,
            counts,
        })
    }

    /// Premieres, releases and appearances from the start of `from` in `zone` for `days` days.
    pub async fn upcoming(
        &self,
        from: civil::Date,
        days: u32,
        zone: &TimeZone,
    ) -> Result<Vec<Event>> {
        if days == 0 || days > MAX_UPCOMING_DAYS {
            return Err(model::Invalid::new(
                "days",
                format!("must be between 1 and {MAX_UPCOMING_DAYS}"),
            )
            .into());
        }
        let start = from
            .to_zoned_datetime(zone.clone())
            .map_err(|error| model::Invalid::new("from", error.to_string()))?;
        let end = start
            .checked_add(jiff::Span::new().days(i64::from(days)))
            .map_err(|error| model::Invalid::new("days", error.to_string()))?;
        let (from_s, to_s) = (start.timestamp().as_second(), end.timestamp().as_second());
        let mut releases = self.store.releases_between(from_s, to_s).await?;
        let videos = self.store.videos_between(from_s, to_s).await?;
        let appearances = self.store.appearances_between(from_s, to_s).await?;
        // Videos name their artists through their release's credits.
        let mut have: BTreeSet<Slug> = releases.iter().map(|r| r.slug.clone()).collect();
        for slug in videos
            .iter()
            .filter_map(|v| v.track.as_ref()?.release.clone())
        {
            if have.insert(slug.clone())
                && let Some(release) = self.store.release(slug.as_str()).await?
            {
                releases.push(release);
            }
        }
        let shows = self.shows_of(&appearances).await?;
        let in_window = |event: &Event| {
            let at = event.at.start().as_second();
            let counted = matches!(
                event.kind,
                EventKind::MilestoneReached | EventKind::RecordBroken
            );
            (event.kind.is_premiere() || counted) && at >= from_s && at < to_s
        };
        let mut events: Vec<Event> = events_of(&releases, &videos, &shows, &appearances);
        events.extend(self.count_events(None).await?);
        sort_events(&mut events);
        let events: Vec<Event> = events.into_iter().filter(in_window).collect();
        Ok(events)
    }

    /// What happened before `before`, newest first: for one artist, or for the whole catalog.
    pub async fn timeline(
        &self,
        artist: Option<&str>,
        before: Timestamp,
        limit: usize,
    ) -> Result<Vec<Event>> {
        let artist = match artist {
            Some(slug) => Some(
                self.store
                    .artist(slug)
                    .await?
                    .ok_or_else(|| not_found("artist", slug))?
                    .slug,
            ),
            None => None,
        };
        let releases = gather(|page| {
            let filter = ReleaseFilter {
                artist: artist.clone(),
                ..ReleaseFilter::default()
            };
            async move { self.store.releases(&filter, &page).await }
        })
        .await?;
        let videos = gather(|page| {
            let filter = VideoFilter {
                artist: artist.clone(),
                ..VideoFilter::default()
            };
            async move { self.store.videos(&filter, &page).await }
        })
        .await?;
        let appearances = gather(|page| {
            let filter = AppearanceFilter {
                artist: artist.clone(),
                show: None,
            };
            async move { self.store.appearances(&filter, &page).await }
        })
        .await?;
        let shows = self.shows_of(&appearances).await?;
        let mut all = events_of(&releases, &videos, &shows, &appearances);
        all.extend(self.count_events(artist.as_ref()).await?);
        sort_events(&mut all);
        let mut events: Vec<Event> = all
            .into_iter()
            .filter(|event| event.at.start() <= before)
            .filter(|event| {
                artist
                    .as_ref()
                    .is_none_or(|slug| event.artists.contains(slug))
            })
            .collect();
        events.reverse();
        events.truncate(limit);
        Ok(events)
    }

    async fn shows_of(&self, appearances: &[Appearance]) -> Result<Vec<Show>> {
        let mut shows: HashMap<Slug, Show> = HashMap::new();
        for appearance in appearances {
            if !shows.contains_key(&appearance.show)
                && let Some(show) = self.store.show(appearance.show.as_str()).await?
            {
                shows.insert(show.slug.clone(), show);
            }
        }
        Ok(shows.into_values().collect())
    }
}

/// Orders events by moment, then id, as `events_of` does.
fn sort_events(events: &mut [Event]) {
    events.sort_by(|a, b| {
        a.at.start()
            .cmp(&b.at.start())
            .then_with(|| a.id.cmp(&b.id))
    });
}

/// Which state describes a track best when it has several videos: out beats coming beats none.
fn rank(state: VideoState) -> u8 {
    match state {
        VideoState::Released => 5,
        VideoState::Teased => 4,
        VideoState::Announced => 3,
        VideoState::Planned => 2,
        VideoState::NonePlanned => 1,
        VideoState::Cancelled => 0,
    }
}

fn not_found(kind: &'static str, slug: &str) -> AppError {
    AppError::NotFound {
        kind,
        slug: slug.to_owned(),
    }
}

/// Fetches every page of a list.
pub(crate) async fn gather<T, F, Fut>(mut fetch: F) -> Result<Vec<T>>
where
    F: FnMut(Page) -> Fut,
    Fut: Future<Output = store::Result<Vec<T>>>,
    T: HasSlug,
{
    let mut out: Vec<T> = Vec::new();
    loop {
        let page = Page {
            after: out.last().map(|item| item.slug().to_string()),
            limit: GATHER_PAGE,
        };
        let batch = fetch(page).await?;
        let done = batch.len() < GATHER_PAGE as usize;
        out.extend(batch);
        if done {
            return Ok(out);
        }
    }
}

pub(crate) trait HasSlug {
    fn slug(&self) -> &Slug;
}

macro_rules! has_slug {
    ($($ty:ty),*) => { $(impl HasSlug for $ty { fn slug(&self) -> &Slug { &self.slug } })* };
}
has_slug!(Account, Release, MusicVideo, Appearance, Artist, Show);
