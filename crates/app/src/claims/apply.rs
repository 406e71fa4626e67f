//! Accepting a claim: names resolved to the catalog (by name or any alias, case and punctuation
//! aside), the fact written with its citation, and the conflicts a claim has with known facts.

use model::{
    Account, Alias, AliasKind, Appearance, Artist, ArtistKind, Citation, Credit, Membership,
    MusicVideo, Release, ReleaseStatus, ReportedMilestone, Show, ShowKind, Slug, Track, TrackRef,
    VideoStep,
};
use store::{AccountFilter, AppearanceFilter, Page};

use super::Proposal;
use crate::{App, AppError, ArtistFilter, ReleaseFilter, Result, ShowFilter, VideoFilter};

/// The catalog as accepting a claim needs it: every entity a claim can name.
pub(crate) struct Names {
    pub(super) artists: Vec<Artist>,
    pub(super) releases: Vec<Release>,
    pub(super) videos: Vec<MusicVideo>,
    pub(super) shows: Vec<Show>,
    pub(super) appearances: Vec<Appearance>,
    pub(super) accounts: Vec<Account>,
}

/// Reads every page of a list.
macro_rules! all {
    ($store:expr, $list:ident, $filter:expr) => {{
        let mut out = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page = $store
                .$list(
                    &$filter,
                    &Page {
                        after: after.take(),
                        limit: 1000,
                    },
                )
                .await?;
            let full = page.len() == 1000;
            after = page.last().map(|e| e.slug.to_string());
            out.extend(page);
            if !full {
                break;
            }
        }
        out
    }};
}

impl Names {
    pub(crate) async fn load(app: &App) -> Result<Self> {
        let store = app.store();
        Ok(Self {
            artists: all!(store, artists, ArtistFilter::default()),
            releases: all!(store, releases, ReleaseFilter::default()),
            videos: all!(store, videos, VideoFilter::default()),
            shows: all!(store, shows, ShowFilter::default()),
            appearances: all!(store, appearances, AppearanceFilter::default()),
            accounts: all!(store, accounts, AccountFilter::default()),
        })
    }

    pub(super) fn artist(&self, name: &str) -> Option<&Artist> {
        let key = fold(name);
        self.artists
            .iter()
            .find(|a| fold(&a.name) == key)
            .or_else(|| {
                self.artists
                    .iter()
                    .find(|a| a.aliases.iter().any(|alias| fold(&alias.name) == key))
            })
    }

    /// A release titled `title`, crediting `artist` when the artist is known.
    pub(super) fn release(&self, artist: Option<&Slug>, title: &str) -> Option<&Release> {
        let key = fold(title);
        self.releases.iter().find(|r| {
            fold(&r.title) == key && artist.is_none_or(|a| r.credits.iter().any(|c| &c.artist == a))
        })
    }

    /// The track titled `title` on a release crediting `artist` (an original before a version).
    pub(super) fn track(&self, artist: Option<&Slug>, title: &str) -> Option<(&Release, &Track)> {
        let key = fold(title);
        self.releases
            .iter()
            .filter(|r| artist.is_none_or(|a| r.credits.iter().any(|c| &c.artist == a)))
            .flat_map(|r| r.tracks.iter().map(move |t| (r, t)))
            .filter(|(_, t)| fold(&t.title) == key)
            .min_by_key(|(_, t)| t.version_of.is_some())
    }

    pub(super) fn video_of(&self, release: &Slug, track: &Track) -> Option<&MusicVideo> {
        self.videos.iter().find(|v| {
            v.track.as_ref().is_some_and(|t| {
                t.release.as_ref() == Some(release)
                    && t.disc == track.disc
                    && t.number == track.number
            })
        })
    }

    /// The video of a track named in a claim: the track's, or a standalone one of the artist with
    /// that title.
    pub(super) fn video(&self, artist: Option<&Slug>, title: &str) -> Option<&MusicVideo> {
        if let Some((release, track)) = self.track(artist, title) {
            return self.video_of(&release.slug, track);
        }
        let key = fold(title);
        self.videos.iter().find(|v| {
            v.track.is_none()
                && fold(&v.title) == key
                && artist.is_none_or(|a| v.artists.contains(a))
        })
    }

    pub(super) fn show(&self, title: &str) -> Option<&Show> {
        let key = fold(title);
        self.shows.iter().find(|s| fold(&s.title) == key)
    }

    fn taken(&self, slug: &str) -> bool {
        self.artists.iter().any(|e| e.slug.as_str() == slug)
            || self.releases.iter().any(|e| e.slug.as_str() == slug)
            || self.videos.iter().any(|e| e.slug.as_str() == slug)
            || self.shows.iter().any(|e| e.slug.as_str() == slug)
            || self.appearances.iter().any(|e| e.slug.as_str() == slug)
            || self.accounts.iter().any(|e| e.slug.as_str() == slug)
    }

    /// A slug from a name that no entity has: `v`, then `v-2`, `v-3`…
    fn new_slug(&self, name: &str, fallback: &str) -> Slug {
        let base = Slug::from_name(name, fallback);
        let mut candidate = base.clone();
        let mut n = 2;
        while self.taken(candidate.as_str()) {
            candidate = Slug::parse(&format!("{base}-{n}")).unwrap_or_else(|_| base.clone());
            n += 1;
        }
        candidate
    }
}

/// Case, accents aside and punctuation aside: "Kim Tae-hyung" and "kim taehyung" are one name.
pub(super) fn fold(name: &str) -> String {
    name.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The order `accept_article` takes claims in: what others need comes first.
pub(crate) fn order(kind: &str) -> usize {
    [
        "membership",
        "alias",
        "release",
        "track_listing",
        "mv_release",
        "mv_upcoming",
        "mv_none_planned",
        "mv_attribute",
        "appearance",
        "milestone",
        "genre",
    ]
    .iter()
    .position(|k| *k == kind)
    .unwrap_or(usize::MAX)
}

/// Writes the fact `proposal` states, citing `citation`; returns what it wrote (`artists/v`).
/// Writing a fact already known (with this citation) changes nothing, so accepting is idempotent.
pub(crate) async fn apply(
    app: &App,
    proposal: &Proposal,
    citation: &Citation,
    mut names: Names,
) -> Result<Vec<String>> {
    let mut wrote = Vec::new();
    // The artist a claim names, created when the catalog has no such name.
    macro_rules! artist {
        ($name:expr, $kind:expr) => {
            ensure_artist(app, &mut names, $name, $kind, citation, &mut wrote).await?
        };
    }
    match proposal {
        Proposal::Membership { person, group } => {
            let group = artist!(group, ArtistKind::Group);
            let person = artist!(person, ArtistKind::Person);
            let known = artist_of(&names, &person)?;
            let mut artist = known.clone();
            match artist.memberships.iter_mut().find(|m| m.group == group) {
                Some(membership) => add_citation(&mut membership.sources, citation),
                None => artist.memberships.push(Membership {
                    group,
                    roles: Vec::new(),
                    begin: None,
                    end: None,
                    credited_as: None,
                    sources: vec![citation.clone()],
                }),
            }
            if artist != known {
                app.replace_artist(person.as_str(), &artist).await?;
                push(&mut wrote, format!("artists/{person}"));
            }
        }
        Proposal::Alias {
            artist,
            alias,
            kind,
        } => {
            let slug = artist!(artist, ArtistKind::Person);
            let known = artist_of(&names, &slug)?;
            let mut artist = known.clone();
            let key = fold(alias);
            let same = artist
                .aliases
                .iter_mut()
                .find(|a| fold(&a.name) == key && a.kind == *kind);
            match same {
                Some(same) => add_citation(&mut same.sources, citation),
                None if fold(&artist.name) == key => add_citation(&mut artist.sources, citation),
                None => artist.aliases.push(Alias {
                    name: alias.clone(),
                    kind: *kind,
                    locale: locale_of(alias, *kind),
                    primary: false,
                    sources: vec![citation.clone()],
                }),
            }
            if artist != known {
                app.replace_artist(slug.as_str(), &artist).await?;
                push(&mut wrote, format!("artists/{slug}"));
            }
        }
        Proposal::Genre {
            artist,
            track,
            genre,
        } => {
            let slug = artist!(artist, ArtistKind::Other);
            if let Some(title) = track {
                let (release, number) = {
                    let (release, track) = names
                        .track(Some(&slug), title)
                        .ok_or_else(|| missing("track", title))?;
                    (release.clone(), (track.disc, track.number))
                };
                let mut release = release;
                if let Some(track) = release
                    .tracks
                    .iter_mut()
                    .find(|t| (t.disc, t.number) == number)
                    && !track.genres.contains(genre)
                {
                    track.genres.push(genre.clone());
                    app.replace_release(release.slug.clone().as_str(), &release)
                        .await?;
                    push(&mut wrote, format!("releases/{}", release.slug));
                }
            } else {
                let mut artist = artist_of(&names, &slug)?;
                if !artist.genres.contains(genre) {
                    artist.genres.push(genre.clone());
                    app.replace_artist(slug.as_str(), &artist).await?;
                    push(&mut wrote, format!("artists/{slug}"));
                }
            }
        }
        Proposal::Release {
            artist,
            release,
            kind,
            status,
            when,
        } => {
            let artist = artist!(artist, ArtistKind::Other);
            if let Some(known) = names.release(Some(&artist), release).cloned() {
                let mut next = known.clone();
                if when.is_some() {
                    next.released.clone_from(when);
                }
                if next.kind == model::ReleaseKind::Other
                    && let Some(kind) = kind
                {
                    next.kind = *kind;
                }
                next.status = *status;
                add_citation(&mut next.sources, citation);
                if next != known {
                    app.replace_release(known.slug.as_str(), &next).await?;
                    push(&mut wrote, format!("releases/{}", known.slug));
                }
            } else {
                let slug = names.new_slug(release, "release");
                app.create_release(&Release {
                    slug: slug.clone(),
                    title: release.clone(),
                    kind: kind.unwrap_or(model::ReleaseKind::Other),
                    status: *status,
                    credits: vec![credit(artist)],
                    released: when.clone(),
                    announced: None,
                    label: None,
                    tracks: Vec::new(),
                    external_ids: Vec::new(),
                    sources: vec![citation.clone()],
                })
                .await?;
                push(&mut wrote, format!("releases/{slug}"));
            }
        }
        Proposal::TrackListing {
            artist,
            release,
            track,
            position,
            role,
            version_of,
        } => {
            let artist = artist!(artist, ArtistKind::Other);
            let mut next = match names.release(Some(&artist), release) {
                Some(known) => known.clone(),
                None => Release {
                    slug: names.new_slug(release, "release"),
                    title: release.clone(),
                    kind: model::ReleaseKind::Other,
                    status: ReleaseStatus::Announced,
                    credits: vec![credit(artist.clone())],
                    released: None,
                    announced: None,
                    label: None,
                    tracks: Vec::new(),
                    external_ids: Vec::new(),
                    sources: vec![citation.clone()],
                },
            };
            let is_new = names.release(Some(&artist), release).is_none();
            let key = fold(track);
            // A version's song is on the release too: a claim that names it adds it when missing.
            if let Some(title) = version_of {
                let song = fold(title);
                if !next.tracks.iter().any(|t| fold(&t.title) == song) {
                    let number = next.tracks.iter().map(|t| t.number).max().unwrap_or(0) + 1;
                    next.tracks.push(Track {
                        disc: 1,
                        number,
                        title: title.clone(),
                        role: None,
                        version_label: None,
                        version_of: None,
                        duration_seconds: None,
                        genres: Vec::new(),
                        sources: vec![citation.clone()],
                    });
                }
            }
            let original = version_of.as_ref().and_then(|title| {
                let key = fold(title);
                next.tracks
                    .iter()
                    .find(|t| fold(&t.title) == key && t.version_of.is_none())
                    .map(|t| TrackRef {
                        release: None,
                        disc: t.disc,
                        number: t.number,
                    })
            });
            if let Some(known) = next.tracks.iter_mut().find(|t| fold(&t.title) == key) {
                if known.role.is_none() {
                    known.role = *role;
                }
                if known.version_of.is_none() {
                    known.version_of = original;
                }
                add_citation(&mut known.sources, citation);
            } else {
                let number = position
                    .unwrap_or_else(|| next.tracks.iter().map(|t| t.number).max().unwrap_or(0) + 1);
                if next
                    .tracks
                    .iter()
                    .any(|t| t.disc == 1 && t.number == number)
                {
                    return Err(AppError::Conflict {
                        field: Some("position".to_owned()),
                        message: format!("{} already has a track {number}", next.title),
                    });
                }
                next.tracks.push(Track {
                    disc: 1,
                    number,
                    title: track.clone(),
                    role: *role,
                    version_label: version_of.as_ref().and(version_label(track)),
                    version_of: original,
                    duration_seconds: None,
                    genres: Vec::new(),
                    sources: vec![citation.clone()],
                });
                next.tracks.sort_by_key(|t| (t.disc, t.number));
            }
            if is_new {
                app.create_release(&next).await?;
            } else {
                app.replace_release(next.slug.clone().as_str(), &next)
                    .await?;
            }
            push(&mut wrote, format!("releases/{}", next.slug));
        }
        Proposal::MvState {
            artist,
            track,
            state,
            when,
        } => {
            let artist = artist!(artist, ArtistKind::Other);
            let step = VideoStep {
                state: *state,
                at: when.clone(),
                noted: None,
                url: None,
                note: None,
                sources: vec![citation.clone()],
            };
            match names.video(Some(&artist), track).cloned() {
                Some(video) => {
                    let mut next = video.clone();
                    let current = video.state();
                    if current == *state {
                        // Known: cite it, and take the claimed instant when it is more precise or
                        // the curator chose to replace the known one.
                        if let Some(last) =
                            next.history.iter_mut().rev().find(|s| s.state == *state)
                        {
                            add_citation(&mut last.sources, citation);
                            if when.is_some() && last.at != *when {
                                last.at.clone_from(when);
                            }
                        }
                    } else if current.may_become(*state) {
                        next.history.push(step);
                    } else {
                        // A correction the curator accepted over the conflict: the claimed state
                        // replaces the history's last step.
                        next.history.pop();
                        next.history.push(step);
                    }
                    if next != video {
                        app.replace_video(video.slug.as_str(), &next).await?;
                        push(&mut wrote, format!("videos/{}", video.slug));
                    }
                }
                None => {
                    let found = names
                        .track(Some(&artist), track)
                        .map(|(r, t)| (r.slug.clone(), t.clone()));
                    let (slug, track_ref, artists, title) = match &found {
                        Some((release, t)) => (
                            names.new_slug(&format!("{release} {} mv", t.title), "mv"),
                            Some(TrackRef {
                                release: Some(release.clone()),
                                disc: t.disc,
                                number: t.number,
                            }),
                            Vec::new(),
                            t.title.clone(),
                        ),
                        None => (
                            names.new_slug(&format!("{artist} {track} mv"), "mv"),
                            None,
                            vec![artist.clone()],
                            track.clone(),
                        ),
                    };
                    app.create_video(&MusicVideo {
                        slug: slug.clone(),
                        title,
                        artists,
                        track: track_ref,
                        platform: None,
                        platform_id: None,
                        url: None,
                        attributes: Vec::new(),
                        director: None,
                        synopsis: None,
                        history: vec![step],
                        sources: vec![citation.clone()],
                    })
                    .await?;
                    push(&mut wrote, format!("videos/{slug}"));
                }
            }
        }
        Proposal::MvAttribute {
            artist,
            track,
            attribute,
        } => {
            let artist = names.artist(artist).map(|a| a.slug.clone());
            let video = names
                .video(artist.as_ref(), track)
                .cloned()
                .ok_or_else(|| missing("music video of", track))?;
            let mut next = video.clone();
            if !next.attributes.contains(attribute) {
                next.attributes.push(attribute.clone());
            }
            add_citation(&mut next.sources, citation);
            if next != video {
                app.replace_video(video.slug.as_str(), &next).await?;
                push(&mut wrote, format!("videos/{}", video.slug));
            }
        }
        Proposal::Appearance {
            show,
            host,
            guest,
            when,
        } => {
            let guest = artist!(guest, ArtistKind::Other);
            let host = match host {
                Some(host) => Some(artist!(host, ArtistKind::Other)),
                None => None,
            };
            let show_slug = match names.show(show).cloned() {
                Some(mut known) => {
                    if let Some(host) = &host
                        && !known.hosts.contains(host)
                    {
                        known.hosts.push(host.clone());
                        add_citation(&mut known.sources, citation);
                        app.replace_show(known.slug.clone().as_str(), &known)
                            .await?;
                        push(&mut wrote, format!("shows/{}", known.slug));
                    }
                    known.slug
                }
                None => {
                    let slug = names.new_slug(show, "show");
                    let created = Show {
                        slug: slug.clone(),
                        title: show.clone(),
                        kind: ShowKind::Other,
                        network: None,
                        hosts: host.into_iter().collect(),
                        sources: vec![citation.clone()],
                    };
                    app.create_show(&created).await?;
                    names.shows.push(created);
                    push(&mut wrote, format!("shows/{slug}"));
                    slug
                }
            };
            let known = names.appearances.iter().find(|a| {
                a.show == show_slug
                    && a.guests.contains(&guest)
                    && (when.is_none()
                        || a.aired.is_none()
                        || a.aired.as_ref().map(|m| m.date) == when.as_ref().map(|m| m.date))
            });
            match known.cloned() {
                Some(mut appearance) => {
                    let before = appearance.clone();
                    if appearance.aired.is_none() {
                        appearance.aired.clone_from(when);
                    }
                    add_citation(&mut appearance.sources, citation);
                    if appearance != before {
                        app.replace_appearance(before.slug.as_str(), &appearance)
                            .await?;
                        push(&mut wrote, format!("appearances/{}", before.slug));
                    }
                }
                None => {
                    let slug = names.new_slug(&format!("{show_slug} {guest}"), "appearance");
                    app.create_appearance(&Appearance {
                        slug: slug.clone(),
                        show: show_slug,
                        episode: None,
                        aired: when.clone(),
                        guests: vec![guest],
                        songs: Vec::new(),
                        sources: vec![citation.clone()],
                    })
                    .await?;
                    push(&mut wrote, format!("appearances/{slug}"));
                }
            }
        }
        Proposal::Milestone {
            artist,
            platform,
            metric,
            value,
            elapsed,
            when,
            record,
        } => {
            let artist = artist!(artist, ArtistKind::Other);
            let known = names
                .accounts
                .iter()
                .find(|a| a.artist == artist && a.platform == *platform)
                .cloned();
            let mut account = known.clone().unwrap_or_else(|| Account {
                slug: names.new_slug(&format!("{artist} {platform}"), "account"),
                artist: artist.clone(),
                platform: *platform,
                handle: None,
                url: None,
                public_since: None,
                reported: Vec::new(),
                sources: vec![citation.clone()],
            });
            let same = account
                .reported
                .iter_mut()
                .find(|r| r.metric == *metric && r.value == *value);
            match same {
                Some(reported) => {
                    if reported.at.is_none() || when.is_some() {
                        reported.at = when.clone().or(reported.at.take());
                    }
                    if reported.elapsed.is_none() {
                        reported.elapsed.clone_from(elapsed);
                    }
                    if reported.record.is_none() {
                        reported.record.clone_from(record);
                    }
                    add_citation(&mut reported.sources, citation);
                }
                None => account.reported.push(ReportedMilestone {
                    metric: *metric,
                    value: *value,
                    at: when.clone(),
                    elapsed: elapsed.clone(),
                    record: record.clone(),
                    sources: vec![citation.clone()],
                }),
            }
            match known {
                Some(known) if known == account => {}
                Some(known) => {
                    app.replace_account(known.slug.as_str(), &account).await?;
                    push(&mut wrote, format!("accounts/{}", account.slug));
                }
                None => {
                    app.create_account(&account).await?;
                    push(&mut wrote, format!("accounts/{}", account.slug));
                }
            }
        }
    }
    Ok(wrote)
}

/// The artist named `name`, created (citing the claim's source) when the catalog has no such name.
async fn ensure_artist(
    app: &App,
    names: &mut Names,
    name: &str,
    kind: ArtistKind,
    citation: &Citation,
    wrote: &mut Vec<String>,
) -> Result<Slug> {
    if let Some(known) = names.artist(name) {
        return Ok(known.slug.clone());
    }
    let slug = names.new_slug(name, "artist");
    let artist = Artist {
        slug: slug.clone(),
        name: name.to_owned(),
        kind,
        country: None,
        genres: Vec::new(),
        debut: None,
        aliases: Vec::new(),
        memberships: Vec::new(),
        external_ids: Vec::new(),
        sources: vec![citation.clone()],
    };
    app.create_artist(&artist).await?;
    names.artists.push(artist);
    push(wrote, format!("artists/{slug}"));
    Ok(slug)
}

fn artist_of(names: &Names, slug: &Slug) -> Result<Artist> {
    names
        .artists
        .iter()
        .find(|a| &a.slug == slug)
        .cloned()
        .ok_or_else(|| missing("artist", slug.as_str()))
}

fn missing(what: &str, name: &str) -> AppError {
    AppError::Conflict {
        field: None,
        message: format!(
            "the catalog has no {what} {name:?} yet: accept the claim that introduces it first"
        ),
    }
}

fn credit(artist: Slug) -> Credit {
    Credit {
        artist,
        credited_as: None,
        join_phrase: None,
    }
}

fn add_citation(sources: &mut Vec<Citation>, citation: &Citation) {
    if !sources.iter().any(|c| c.source == citation.source) {
        sources.push(citation.clone());
    }
}

fn push(wrote: &mut Vec<String>, what: String) {
    if !wrote.contains(&what) {
        wrote.push(what);
    }
}

/// "Slow Dancing (Piano Ver.)" → "Piano Ver.".
fn version_label(title: &str) -> Option<String> {
    let open = title.rfind('(')?;
    let label = title[open + 1..].trim_end().strip_suffix(')')?.trim();
    (!label.is_empty()).then(|| label.to_owned())
}

/// `ko` for a Hangul native name, `ja` for kana: the locale an alias's script implies.
fn locale_of(alias: &str, kind: AliasKind) -> Option<String> {
    if kind != AliasKind::NativeName {
        return None;
    }
    let any = |range: std::ops::RangeInclusive<char>| alias.chars().any(|c| range.contains(&c));
    if any('\u{AC00}'..='\u{D7A3}') || any('\u{1100}'..='\u{11FF}') {
        Some("ko".to_owned())
    } else if any('\u{3040}'..='\u{30FF}') {
        Some("ja".to_owned())
    } else {
        None
    }
}
