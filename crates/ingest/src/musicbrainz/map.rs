//! Mapping MusicBrainz's wire types to bside's: kinds, aliases, memberships, accounts, credits,
//! tracklists and music videos. Problems that leave the rest of an entity usable (an unknown
//! relation type, a malformed date) are collected as notes.

use model::{
    Alias, AliasKind, ArtistKind, ExternalId, PartialDate, Platform, ReleaseKind, ReleaseStatus,
};

use super::slug::slug_base;
use super::wire;
use model::musicbrainz::{
    ArtistRef, ArtistRelations, Entity, Link, MbArtist, MbCredit, MbMembership, MbRelease, MbTrack,
    MbVideo, Skip, SongRef,
};

const MEMBER_OF_BAND: &str = "5be4c609-9afa-4ea0-910b-12ffb71e3821";
const SUBGROUP: &str = "7802f96b-d995-4ce9-8f70-6366faad758e";
const MUSIC_VIDEO: &str = "ce3de655-7451-44d1-9224-87eb948c205d";

/// The entity types a relation may point at.
const TARGET_TYPES: &[&str] = &[
    "area",
    "artist",
    "event",
    "genre",
    "instrument",
    "label",
    "place",
    "recording",
    "release",
    "release_group",
    "series",
    "url",
    "work",
];

/// Problems found while mapping one entity; the entity is still imported without the bad part.
pub(crate) type Notes = Vec<String>;

pub(crate) fn artist(raw: wire::Artist, notes: &mut Notes) -> Entity {
    let debut = raw
        .life_span
        .as_ref()
        .and_then(|span| date(span.begin.as_deref(), "life-span.begin", notes));
    let country = raw
        .country
        .filter(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()));
    let aliases = raw.aliases.map(|list| aliases(&raw.name, list));
    let relations = raw
        .relations
        .map(|list| artist_relations(&raw.id, list, notes));
    Entity::Artist(MbArtist {
        slug_hint: slug_base(&raw.name, raw.sort_name.as_deref()),
        kind: artist_kind(raw.kind.as_deref()),
        mbid: raw.id,
        name: raw.name,
        sort_name: raw.sort_name.filter(|s| !s.trim().is_empty()),
        country,
        debut,
        aliases,
        relations,
    })
}

pub(crate) fn artist_kind(kind: Option<&str>) -> ArtistKind {
    match kind {
        Some("Person" | "Character") => ArtistKind::Person,
        Some("Group" | "Orchestra" | "Choir") => ArtistKind::Group,
        _ => ArtistKind::Other,
    }
}

fn artist_ref(raw: wire::ArtistRef) -> ArtistRef {
    ArtistRef {
        slug_hint: slug_base(&raw.name, raw.sort_name.as_deref()),
        kind: artist_kind(raw.kind.as_deref()),
        mbid: raw.id,
        name: raw.name,
    }
}

/// MusicBrainz alias types to bside's: "Legal name" and "Search hint" as they are, "Artist name"
/// as a stage name, untyped variants as search hints. The artist's main name is not repeated.
fn aliases(main: &str, raw: Vec<wire::Alias>) -> Vec<Alias> {
    let mut out: Vec<Alias> = Vec::with_capacity(raw.len());
    for alias in raw {
        if alias.name.trim().is_empty() {
            continue;
        }
        let kind = match alias.kind.as_deref() {
            Some("Legal name") => AliasKind::LegalName,
            Some("Artist name") => AliasKind::StageName,
            _ => AliasKind::SearchHint,
        };
        let locale = alias.locale.filter(|l| {
            (2..=12).contains(&l.len())
                && l.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        });
        if alias.name == main && locale.is_none() {
            continue;
        }
        let mapped = Alias {
            name: alias.name,
            kind,
            locale,
            primary: alias.primary.unwrap_or(false),
            sources: vec![],
        };
        let twice = out
            .iter()
            .any(|a| a.name == mapped.name && a.kind == mapped.kind && a.locale == mapped.locale);
        if !twice {
            out.push(mapped);
        }
    }
    out
}

fn artist_relations(
    own_mbid: &str,
    raw: Vec<wire::Relation>,
    notes: &mut Notes,
) -> ArtistRelations {
    let mut out = ArtistRelations::default();
    for (index, relation) in raw.into_iter().enumerate() {
        if !known_relation(&relation, index, notes) {
            continue;
        }
        // A relation without its type id (trimmed or hand-written data) is known by its name.
        let type_id = match relation.type_id.as_deref().unwrap_or_default() {
            "" => mapped_type_id(relation.kind.as_deref().unwrap_or_default()).unwrap_or_default(),
            id => id,
        };
        let backward = relation.direction.as_deref() == Some("backward");
        if let Some(url) = &relation.url {
            out.links.push(link(url));
            continue;
        }
        let is_membership = type_id == MEMBER_OF_BAND || type_id == SUBGROUP;
        let Some(target) = relation.artist.clone().filter(|_| is_membership) else {
            continue;
        };
        if target.id == own_mbid {
            continue;
        }
        let mut roles: Vec<String> = relation.attributes.clone().unwrap_or_default();
        if type_id == SUBGROUP {
            roles.insert(0, "subgroup".to_owned());
        }
        let begin = date(
            relation.begin.as_deref(),
            &format!("relations[{index}].begin"),
            notes,
        );
        let mut end = date(
            relation.end.as_deref(),
            &format!("relations[{index}].end"),
            notes,
        );
        if let (Some(b), Some(e)) = (begin, end)
            && e.first_day() < b.first_day()
        {
            notes.push(format!(
                "relations[{index}]: end {e} is before begin {b}; end left out"
            ));
            end = None;
        }
        let membership = MbMembership {
            other: artist_ref(target),
            roles,
            begin,
            end,
            credited_as: relation
                .target_credit
                .clone()
                .filter(|c| !c.trim().is_empty()),
        };
        // Both types read entity0 → entity1 as "is a member (a subgroup) of": on the group's side
        // they are backward (EXO lists its members and EXO-K backward).
        if !backward {
            out.groups.push(membership);
        } else {
            out.members.push(membership);
        }
    }
    out
}

/// Whether a relation can be read: it names its type and a known target type whose object it
/// carries, and a type id bside maps is not given under another name. Otherwise a note says why.
fn known_relation(relation: &wire::Relation, index: usize, notes: &mut Notes) -> bool {
    let kind = relation.kind.as_deref().unwrap_or_default();
    let target = relation.target_type.as_deref().unwrap_or_default();
    let type_id = relation.type_id.as_deref().unwrap_or_default();
    let problem = if kind.trim().is_empty() {
        Some(format!("unknown relation type (no \"type\") to {target:?}"))
    } else if !TARGET_TYPES.contains(&target) {
        Some(format!(
            "unknown relation type {kind:?}: target type {target:?} is not a MusicBrainz entity"
        ))
    } else if let Some(expected) = mapped_type_name(type_id)
        && expected != kind
    {
        Some(format!(
            "unknown relation type {kind:?}: type id {type_id} is {expected:?}"
        ))
    } else if mapped_type_name(type_id).is_none()
        && ["member of band", "subgroup", "music video"].contains(&kind)
        && !type_id.is_empty()
    {
        Some(format!(
            "unknown relation type {kind:?} with type id {type_id}"
        ))
    } else {
        let carries = match target {
            "artist" => relation.artist.is_some(),
            "url" => relation.url.is_some(),
            "recording" => relation.recording.is_some(),
            _ => true,
        };
        (!carries).then(|| format!("relation {kind:?} to {target} has no {target} object"))
    };
    match problem {
        Some(problem) => {
            notes.push(format!("relations[{index}]: {problem}"));
            false
        }
        None => true,
    }
}

fn mapped_type_id(name: &str) -> Option<&'static str> {
    [MEMBER_OF_BAND, SUBGROUP, MUSIC_VIDEO]
        .into_iter()
        .find(|id| mapped_type_name(id) == Some(name))
}

fn mapped_type_name(type_id: &str) -> Option<&'static str> {
    match type_id {
        MEMBER_OF_BAND => Some("member of band"),
        SUBGROUP => Some("subgroup"),
        MUSIC_VIDEO => Some("music video"),
        _ => None,
    }
}

/// A URL relation: an account on a platform bside counts, and/or an id in another system.
fn link(url: &wire::Url) -> Link {
    let resource = url.resource.trim().to_owned();
    let (host, path) = split_url(&resource);
    let host = host.trim_start_matches("www.").trim_start_matches("m.");
    let first = path.split('/').find(|p| !p.is_empty()).unwrap_or_default();
    let second = path
        .split('/')
        .filter(|p| !p.is_empty())
        .nth(1)
        .unwrap_or_default();
    let handle = |h: &str| (!h.is_empty()).then(|| h.trim_start_matches('@').to_owned());
    let account = match host {
        "instagram.com" => handle(first).map(|h| (Platform::Instagram, h)),
        "twitter.com" | "x.com" => handle(first).map(|h| (Platform::X, h)),
        "tiktok.com" => handle(first).map(|h| (Platform::Tiktok, h)),
        "weverse.io" => handle(first).map(|h| (Platform::Weverse, h)),
        "youtube.com" | "music.youtube.com" => match first {
            "channel" | "user" | "c" => handle(second),
            h if h.starts_with('@') => handle(h),
            _ => None,
        }
        .map(|h| (Platform::Youtube, h)),
        "open.spotify.com" if first == "artist" => handle(second).map(|h| (Platform::Spotify, h)),
        _ => None,
    };
    let external_id = match host {
        "wikidata.org" if first == "wiki" => Some(("wikidata", second.to_owned())),
        "discogs.com" if first == "artist" => Some(("discogs", second.to_owned())),
        "open.spotify.com" if first == "artist" => Some(("spotify", second.to_owned())),
        "imdb.com" if first == "name" => Some(("imdb", second.to_owned())),
        _ => None,
    }
    .filter(|(_, value)| !value.is_empty())
    .map(|(system, value)| ExternalId {
        system: system.to_owned(),
        value,
    });
    Link {
        url_mbid: url.id.clone(),
        url: resource,
        account,
        external_id,
    }
}

fn split_url(url: &str) -> (String, &str) {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let path = path.split(['?', '#']).next().unwrap_or_default();
    (host.to_ascii_lowercase(), path)
}

pub(crate) fn release_group(raw: wire::ReleaseGroup, notes: &mut Notes) -> Vec<Entity> {
    let Some(releases) = raw.releases.clone().filter(|r| !r.is_empty()) else {
        return vec![Entity::Skipped(Skip {
            kind: "release-group".to_owned(),
            mbid: Some(raw.id),
            reason: "a release group without its releases names no release to hold (ask with inc=releases, or import the releases)".to_owned(),
        })];
    };
    releases
        .into_iter()
        .map(|mut release| {
            if release.artist_credit.is_none() {
                release.artist_credit.clone_from(&raw.artist_credit);
            }
            if release.release_group.is_none() {
                let mut group = raw.clone();
                group.releases = None;
                release.release_group = Some(Box::new(group));
            }
            self::release(release, notes)
        })
        .collect()
}

pub(crate) fn release(raw: wire::Release, notes: &mut Notes) -> Entity {
    let skip = |reason: String| {
        Entity::Skipped(Skip {
            kind: "release".to_owned(),
            mbid: Some(raw.id.clone()),
            reason,
        })
    };
    let status = match raw.status.as_deref() {
        Some("Pseudo-Release") => {
            return skip(
                "a pseudo-release (a translation or transliteration of another release)".to_owned(),
            );
        }
        Some("Cancelled") => ReleaseStatus::Cancelled,
        _ => ReleaseStatus::Released,
    };
    let group = raw.release_group.as_deref();
    let date = date(raw.date.as_deref(), "date", notes).or_else(|| {
        group.and_then(|g| {
            date(
                g.first_release_date.as_deref(),
                "release-group.first-release-date",
                notes,
            )
        })
    });
    if status == ReleaseStatus::Released && date.is_none() {
        return skip("no release date (bside holds a released release with its date)".to_owned());
    }
    let credits = raw
        .artist_credit
        .clone()
        .or_else(|| group.and_then(|g| g.artist_credit.clone()))
        .map(credits);
    let kind = group.map_or(ReleaseKind::Other, release_kind);
    let label = raw
        .label_info
        .iter()
        .flatten()
        .find_map(|info| info.label.as_ref().map(|l| l.name.clone()));
    let (tracks, videos) = match &raw.media {
        Some(media) if media.iter().any(|m| m.tracks.is_some()) => {
            let (tracks, videos) = tracklist(media, date, notes);
            (Some(tracks), videos)
        }
        _ => (None, vec![]),
    };
    Entity::Release(MbRelease {
        group_mbid: group.map(|g| g.id.clone()),
        slug_hint: slug_base(&raw.title, None),
        mbid: raw.id,
        title: raw.title,
        kind,
        status,
        date,
        credits,
        label,
        tracks,
        videos,
    })
}

fn release_kind(group: &wire::ReleaseGroup) -> ReleaseKind {
    let secondary = group.secondary_types.clone().unwrap_or_default();
    if secondary.iter().any(|s| s == "Compilation") {
        return ReleaseKind::Compilation;
    }
    match group.primary_type.as_deref() {
        Some("Album") => ReleaseKind::Album,
        Some("EP") => ReleaseKind::Ep,
        Some("Single") => ReleaseKind::Single,
        _ => ReleaseKind::Other,
    }
}

fn credits(raw: Vec<wire::CreditName>) -> Vec<MbCredit> {
    raw.into_iter()
        .map(|name| {
            let credited_as = name
                .name
                .filter(|n| !n.is_empty() && *n != name.artist.name);
            MbCredit {
                artist: artist_ref(name.artist),
                credited_as,
                join_phrase: name.joinphrase.filter(|j| !j.is_empty()),
            }
        })
        .collect()
}

/// Audio tracks become the tracklist; video recordings (and data tracks) become music videos of
/// the song they show: the "music video" relation's recording, else the audio track whose title is
/// the video's without a trailing "(Music Video)"-like part.
fn tracklist(
    media: &[wire::Medium],
    release_date: Option<PartialDate>,
    notes: &mut Notes,
) -> (Vec<MbTrack>, Vec<MbVideo>) {
    let mut tracks: Vec<MbTrack> = vec![];
    let mut video_tracks = vec![];
    for (index, medium) in media.iter().enumerate() {
        let disc = medium
            .position
            .unwrap_or_else(|| u16::try_from(index + 1).unwrap_or(u16::MAX));
        for (track, recording) in medium
            .tracks
            .iter()
            .flatten()
            .filter_map(|t| t.recording.as_ref().map(|r| (t, r)))
        {
            if recording.video == Some(true) {
                video_tracks.push((track, recording));
            } else if track.position == 0 {
                notes.push(format!(
                    "medium {disc}: a pregap track (position 0) is left out"
                ));
            } else if tracks
                .iter()
                .any(|t| t.disc == disc && t.number == track.position)
            {
                notes.push(format!(
                    "medium {disc}: track position {} is used twice",
                    track.position
                ));
            } else {
                tracks.push(MbTrack {
                    disc,
                    number: track.position,
                    title: track.title.clone(),
                    duration_seconds: track
                        .length
                        .or(recording.length)
                        .and_then(|ms| u32::try_from(ms.div_ceil(1000)).ok()),
                    recording: recording.id.clone(),
                });
            }
        }
        video_tracks.extend(
            medium
                .data_tracks
                .iter()
                .flatten()
                .filter_map(|t| t.recording.as_ref().map(|r| (t, r)))
                .filter(|(_, r)| r.video == Some(true)),
        );
    }
    let videos = video_tracks
        .into_iter()
        .map(|(track, recording)| {
            let mut video = recording_video(recording, notes);
            video.title.clone_from(&track.title);
            video.slug_hint = slug_base(&track.title, None);
            if video.date.is_none() {
                video.date = release_date;
            }
            if video.song.is_none() {
                let song_title = strip_video_suffix(&track.title);
                video.song =
                    tracks
                        .iter()
                        .find(|t| t.title == song_title)
                        .map(|t| SongRef::Track {
                            disc: t.disc,
                            number: t.number,
                        });
            }
            if let Some(SongRef::Recording(recording)) = &video.song
                && let Some(t) = tracks.iter().find(|t| t.recording == *recording)
            {
                video.song = Some(SongRef::Track {
                    disc: t.disc,
                    number: t.number,
                });
            }
            video
        })
        .collect();
    (tracks, videos)
}

/// "ケアレス (Music Video)" → "ケアレス".
fn strip_video_suffix(title: &str) -> &str {
    let lower = title.to_lowercase();
    for suffix in [
        "(music video)",
        "(official music video)",
        "(mv)",
        "(video)",
        "(official video)",
    ] {
        if lower.ends_with(suffix) {
            let cut = title.len() - suffix.len();
            if title.is_char_boundary(cut) {
                return title[..cut].trim_end();
            }
        }
    }
    title
}

/// A recording read on its own: a music video, or the releases it is on.
pub(crate) fn recording(raw: wire::Recording, notes: &mut Notes) -> Vec<Entity> {
    if raw.video == Some(true) {
        return vec![Entity::Video(recording_video(&raw, notes))];
    }
    match raw.releases.clone().filter(|r| !r.is_empty()) {
        Some(releases) => releases
            .into_iter()
            .map(|mut release| {
                if release.artist_credit.is_none() {
                    release.artist_credit.clone_from(&raw.artist_credit);
                }
                // A recording's releases list only the medium and track of this recording: not a tracklist.
                release.media = None;
                self::release(release, notes)
            })
            .collect(),
        None => vec![Entity::Skipped(Skip {
            kind: "recording".to_owned(),
            mbid: Some(raw.id),
            reason: "an audio recording without its releases names no release to hold it (bside keeps tracks on releases)".to_owned(),
        })],
    }
}

fn recording_video(raw: &wire::Recording, notes: &mut Notes) -> MbVideo {
    let mut song = None;
    let mut url = None;
    for (index, relation) in raw.relations.iter().flatten().enumerate() {
        if !known_relation(relation, index, notes) {
            continue;
        }
        if relation.type_id.as_deref() == Some(MUSIC_VIDEO)
            && let Some(target) = &relation.recording
            && target.video != Some(true)
        {
            song = Some(SongRef::Recording(target.id.clone()));
        }
        if let Some(u) = &relation.url
            && url.is_none()
            && (u.resource.contains("youtube.com/watch") || u.resource.contains("youtu.be/"))
        {
            url = Some(u.resource.clone());
        }
    }
    MbVideo {
        slug_hint: slug_base(&raw.title, None),
        mbid: raw.id.clone(),
        title: raw.title.clone(),
        date: date(
            raw.first_release_date.as_deref(),
            "first-release-date",
            notes,
        ),
        artists: raw
            .artist_credit
            .clone()
            .unwrap_or_default()
            .into_iter()
            .map(|c| artist_ref(c.artist))
            .collect(),
        song,
        url,
    }
}

/// A partial date, or `None` when absent or empty; a malformed one is noted and left out.
fn date(text: Option<&str>, field: &str, notes: &mut Notes) -> Option<PartialDate> {
    let text = text?.trim();
    if text.is_empty() {
        return None;
    }
    match PartialDate::parse(text) {
        Ok(date) => Some(date),
        Err(error) => {
            notes.push(format!("{field}: {error}"));
            None
        }
    }
}
