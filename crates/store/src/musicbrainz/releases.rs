//! MusicBrainz releases into bside releases (credits with join phrases, tracklists), and music-video
//! recordings into music videos of the track they show.

use model::musicbrainz::{MbRelease, MbVideo, SongRef};
use model::{
    Citation, Credit, ExternalId, Moment, MusicVideo, Platform, Release, Slug, Track, TrackRef,
    VideoState, VideoStep,
};

use super::{Cx, EDITED, digest};
use crate::columns::Table;
use crate::{Result, StoreError, releases, videos};

const KIND: &str = "release";

/// Imports one release and the music videos on it. A failure of the database on one release
/// (a tracklist change that would orphan a curator's video) rolls back that release alone.
pub(crate) async fn upsert_release(cx: &mut Cx<'_>, mb: &MbRelease) -> Result<()> {
    sqlx::query("SAVEPOINT musicbrainz_release")
        .execute(&mut *cx.conn)
        .await?;
    match write_release(cx, mb).await {
        Ok(()) => {
            sqlx::query("RELEASE SAVEPOINT musicbrainz_release")
                .execute(&mut *cx.conn)
                .await?;
            Ok(())
        }
        Err(StoreError::InUse(message) | StoreError::BadReference { message, .. }) => {
            sqlx::query("ROLLBACK TO SAVEPOINT musicbrainz_release")
                .execute(&mut *cx.conn)
                .await?;
            sqlx::query("RELEASE SAVEPOINT musicbrainz_release")
                .execute(&mut *cx.conn)
                .await?;
            cx.skip(KIND, &mb.mbid, message);
            Ok(())
        }
        Err(other) => Err(other),
    }
}

async fn write_release(cx: &mut Cx<'_>, mb: &MbRelease) -> Result<()> {
    let citation = cx.citation(KIND, &mb.mbid).await?;
    let credits = match &mb.credits {
        Some(list) => {
            let mut credits = Vec::with_capacity(list.len());
            for credit in list {
                credits.push(Credit {
                    artist: cx.artist(&credit.artist)?,
                    credited_as: credit.credited_as.clone(),
                    join_phrase: credit.join_phrase.clone(),
                });
            }
            Some(credits)
        }
        None => None,
    };
    let (id, release) = match cx.mapped(KIND, &mb.mbid).await? {
        None => {
            let slug = cx
                .free_slug(Table::Releases, mb.slug_hint.as_ref(), "release", &mb.mbid)
                .await?;
            let mut release = Release {
                slug,
                title: mb.title.clone(),
                kind: mb.kind,
                status: mb.status,
                credits: vec![],
                released: None,
                announced: None,
                label: None,
                tracks: vec![],
                external_ids: vec![],
                sources: vec![],
            };
            apply(&mut release, mb, credits, &citation);
            if let Err(invalid) = release.validate() {
                cx.skip(
                    KIND,
                    &mb.mbid,
                    format!("{}: {}", invalid.field, invalid.message),
                );
                return Ok(());
            }
            let id = releases::insert_row(cx.conn, &release).await?;
            releases::write_parts(cx.conn, id, &release, "").await?;
            releases::link_versions(cx.conn, id, &release, "").await?;
            cx.map(KIND, &mb.mbid, id, &digest(&release), None).await?;
            cx.out.imported += 1;
            (id, release)
        }
        Some(mapped) => {
            let Some(current) = releases::load(cx.conn, &[mapped.id]).await?.pop() else {
                cx.skip(
                    KIND,
                    &mb.mbid,
                    "deleted in bside since the last MusicBrainz import; not re-created".to_owned(),
                );
                return Ok(());
            };
            if digest(&current) != mapped.digest {
                cx.conflict(KIND, &mb.mbid, current.slug.as_str(), EDITED);
                cx.seen(KIND, &mb.mbid).await?;
                return Ok(());
            }
            let mut release = current.clone();
            apply(&mut release, mb, credits, &citation);
            if let Err(invalid) = release.validate() {
                cx.skip(
                    KIND,
                    &mb.mbid,
                    format!("{}: {}", invalid.field, invalid.message),
                );
                return Ok(());
            }
            if release == current {
                cx.seen(KIND, &mb.mbid).await?;
                cx.out.unchanged += 1;
            } else {
                releases::replace_in(cx.conn, mapped.id, current.slug.as_str(), &release).await?;
                cx.map(KIND, &mb.mbid, mapped.id, &digest(&release), None)
                    .await?;
                cx.out.updated += 1;
            }
            (mapped.id, release)
        }
    };
    if let Some(tracks) = &mb.tracks {
        for track in tracks {
            let detail = format!("{}-{}", track.disc, track.number);
            sqlx::query(
                "INSERT INTO musicbrainz_entities (kind, mbid, entity_id, digest, detail, seen) VALUES ('recording', $1, $2, '', $3, $4) \
                 ON CONFLICT (kind, mbid) DO NOTHING",
            )
            .bind(track.recording.as_str())
            .bind(id)
            .bind(detail)
            .bind(cx.run)
            .execute(&mut *cx.conn)
            .await?;
            link_waiting_videos(
                cx,
                &track.recording,
                &release.slug,
                track.disc,
                track.number,
            )
            .await?;
        }
    }
    for video in &mb.videos {
        upsert_video(cx, video, Some(&release)).await?;
    }
    Ok(())
}

/// Puts MusicBrainz's data over a release; parts the response did not carry stay as they are.
fn apply(release: &mut Release, mb: &MbRelease, credits: Option<Vec<Credit>>, citation: &Citation) {
    release.title.clone_from(&mb.title);
    release.kind = mb.kind;
    release.status = mb.status;
    if let Some(date) = mb.date {
        release.released = Some(Moment::on(date));
    }
    if mb.label.is_some() {
        release.label.clone_from(&mb.label);
    }
    if let Some(credits) = credits {
        release.credits = credits;
    }
    if let Some(tracks) = &mb.tracks {
        release.tracks = tracks
            .iter()
            .map(|t| {
                let kept = release.track(t.disc, t.number);
                Track {
                    disc: t.disc,
                    number: t.number,
                    title: t.title.clone(),
                    role: kept.and_then(|k| k.role),
                    version_of: kept.and_then(|k| k.version_of.clone()),
                    version_label: kept.and_then(|k| k.version_label.clone()),
                    duration_seconds: t.duration_seconds,
                    genres: kept.map(|k| k.genres.clone()).unwrap_or_default(),
                    sources: vec![],
                }
            })
            .collect();
    }
    let mut ids = vec![ExternalId {
        system: "musicbrainz".to_owned(),
        value: mb.mbid.clone(),
    }];
    if let Some(group) = &mb.group_mbid {
        ids.push(ExternalId {
            system: "musicbrainz-release-group".to_owned(),
            value: group.clone(),
        });
    }
    for kept in &release.external_ids {
        if !ids.iter().any(|id| id.system == kept.system) {
            ids.push(kept.clone());
        }
    }
    release.external_ids = ids;
    if !release.sources.iter().any(|c| c.source == citation.source) {
        release.sources.push(citation.clone());
    }
}

/// Imports a music video: of its song's track when the song is known (on `release`, or anywhere by
/// its recording), else standing alone with its artists, waiting for the song's release.
pub(crate) async fn upsert_video(
    cx: &mut Cx<'_>,
    mb: &MbVideo,
    release: Option<&Release>,
) -> Result<()> {
    let Some(date) = mb.date else {
        cx.skip(
            "video",
            &mb.mbid,
            "no release date for the music video (bside holds a released video with its date)"
                .to_owned(),
        );
        return Ok(());
    };
    let mut waiting_for = None;
    let track = match (&mb.song, release) {
        (Some(SongRef::Track { disc, number }), Some(release)) => Some(TrackRef {
            release: Some(release.slug.clone()),
            disc: *disc,
            number: *number,
        }),
        (Some(SongRef::Recording(recording)), _) => {
            let found = recording_track(cx, recording).await?;
            if found.is_none() {
                waiting_for = Some(recording.clone());
            }
            found
        }
        _ => None,
    };
    // The recording's own credit when the response has it; a video of no known song falls back on
    // its release's credit, and needs one or the other.
    let mut artist_slugs = vec![];
    for artist in &mb.artists {
        artist_slugs.push(cx.artist(artist)?);
    }
    if track.is_none() && artist_slugs.is_empty() {
        if let Some(release) = release {
            artist_slugs = release.credits.iter().map(|c| c.artist.clone()).collect();
        }
        if artist_slugs.is_empty() {
            cx.skip(
                "video",
                &mb.mbid,
                "a music video of no known song needs its artists (ask with inc=artist-credits)"
                    .to_owned(),
            );
            return Ok(());
        }
    }
    let citation = cx.citation("recording", &mb.mbid).await?;
    let (platform, platform_id) = youtube_id(mb.url.as_deref());
    let mut video = MusicVideo {
        slug: Slug::parse("placeholder").expect("a valid slug"),
        title: mb.title.clone(),
        artists: artist_slugs,
        track,
        platform,
        platform_id,
        url: mb.url.clone(),
        attributes: vec![],
        director: None,
        synopsis: None,
        history: vec![VideoStep {
            state: VideoState::Released,
            at: Some(Moment::on(date)),
            noted: None,
            url: None,
            note: None,
            sources: vec![citation.clone()],
        }],
        sources: vec![citation],
    };
    let detail = waiting_for.as_deref();
    match cx.mapped("video", &mb.mbid).await? {
        None => {
            video.slug = cx
                .free_slug(Table::Videos, mb.slug_hint.as_ref(), "video", &mb.mbid)
                .await?;
            if let Err(invalid) = video.validate() {
                cx.skip(
                    "video",
                    &mb.mbid,
                    format!("{}: {}", invalid.field, invalid.message),
                );
                return Ok(());
            }
            let track_id = videos::video_track(cx.conn, video.track.as_ref(), "track").await?;
            let id = videos::insert_row(cx.conn, &video, track_id).await?;
            videos::write_parts(cx.conn, id, &video, "").await?;
            cx.map("video", &mb.mbid, id, &digest(&video), detail)
                .await?;
            cx.out.imported += 1;
        }
        Some(mapped) => {
            let Some(current) = videos::load(cx.conn, &[mapped.id]).await?.pop() else {
                cx.skip(
                    "video",
                    &mb.mbid,
                    "deleted in bside since the last MusicBrainz import; not re-created".to_owned(),
                );
                return Ok(());
            };
            if digest(&current) != mapped.digest {
                cx.conflict("video", &mb.mbid, current.slug.as_str(), EDITED);
                return cx.seen("video", &mb.mbid).await;
            }
            video.slug = current.slug.clone();
            if video.track.is_none() && current.track.is_some() {
                video.track.clone_from(&current.track);
                video.artists.clone_from(&current.artists);
            }
            if video == current {
                cx.seen("video", &mb.mbid).await?;
                cx.out.unchanged += 1;
            } else {
                videos::replace_in(cx.conn, mapped.id, &video).await?;
                cx.map("video", &mb.mbid, mapped.id, &digest(&video), detail)
                    .await?;
                cx.out.updated += 1;
            }
        }
    }
    Ok(())
}

/// The track a recording is on, from the releases imported so far.
async fn recording_track(cx: &mut Cx<'_>, recording: &str) -> Result<Option<TrackRef>> {
    let Some(mapped) = cx.mapped("recording", recording).await? else {
        return Ok(None);
    };
    let row: Option<(String,)> = sqlx::query_as("SELECT slug FROM releases WHERE id = $1")
        .bind(mapped.id)
        .fetch_optional(&mut *cx.conn)
        .await?;
    let position = mapped.detail.as_deref().and_then(|d| d.split_once('-'));
    let (Some((slug,)), Some((disc, number))) = (row, position) else {
        return Ok(None);
    };
    let (Ok(disc), Ok(number)) = (disc.parse(), number.parse()) else {
        return Ok(None);
    };
    Ok(Some(TrackRef {
        release: Some(crate::columns::slug(&slug)?),
        disc,
        number,
    }))
}

/// Videos imported before their song's release was: linked to the track now that it exists.
async fn link_waiting_videos(
    cx: &mut Cx<'_>,
    recording: &str,
    release: &Slug,
    disc: u16,
    number: u16,
) -> Result<()> {
    let waiting: Vec<(String, i64, String)> = sqlx::query_as(
        "SELECT mbid, entity_id, digest FROM musicbrainz_entities WHERE kind = 'video' AND detail = $1",
    )
    .bind(recording)
    .fetch_all(&mut *cx.conn)
    .await?;
    for (mbid, id, stored) in waiting {
        let Some(current) = videos::load(cx.conn, &[id]).await?.pop() else {
            continue;
        };
        if digest(&current) != stored {
            cx.conflict("video", &mbid, current.slug.as_str(), EDITED);
            continue;
        }
        let mut video = current;
        video.track = Some(TrackRef {
            release: Some(release.clone()),
            disc,
            number,
        });
        videos::replace_in(cx.conn, id, &video).await?;
        cx.map("video", &mbid, id, &digest(&video), None).await?;
    }
    Ok(())
}

/// `https://www.youtube.com/watch?v=ID` → (YouTube, ID).
fn youtube_id(url: Option<&str>) -> (Option<Platform>, Option<String>) {
    let Some(url) = url else { return (None, None) };
    let id = url
        .split_once("v=")
        .map(|(_, rest)| rest)
        .or_else(|| url.split_once("youtu.be/").map(|(_, rest)| rest))
        .map(|rest| {
            rest.split(['&', '?', '#', '/'])
                .next()
                .unwrap_or_default()
                .to_owned()
        })
        .filter(|id| !id.is_empty());
    match id {
        Some(id) => (Some(Platform::Youtube), Some(id)),
        None => (None, None),
    }
}

/// Deletes a release a complete dump no longer has, unless a curator edited it or videos point at it.
/// `gone` says why it goes ("no longer in MusicBrainz"), for the message when it is kept.
pub(crate) async fn prune(cx: &mut Cx<'_>, mbid: &str, gone: &str) -> Result<bool> {
    let Some(mapped) = cx.mapped(KIND, mbid).await? else {
        return Ok(false);
    };
    let Some(current) = releases::load(cx.conn, &[mapped.id]).await?.pop() else {
        return Ok(false);
    };
    if digest(&current) != mapped.digest {
        cx.conflict(
            KIND,
            mbid,
            current.slug.as_str(),
            &format!("{gone}, but edited in bside; kept"),
        );
        return Ok(false);
    }
    let referenced: Option<(i64,)> = sqlx::query_as(
        "SELECT 1 FROM videos v JOIN tracks t ON t.id = v.track_id WHERE t.release_id = $1 \
         UNION ALL SELECT 1 FROM tracks t JOIN tracks o ON o.id = t.version_of_id WHERE o.release_id = $1 AND t.release_id <> $1 LIMIT 1",
    )
    .bind(mapped.id)
    .fetch_optional(&mut *cx.conn)
    .await?;
    if referenced.is_some() {
        cx.conflict(
            KIND,
            mbid,
            current.slug.as_str(),
            &format!("{gone}, but other facts refer to it; kept"),
        );
        return Ok(false);
    }
    releases::delete_parts(cx.conn, mapped.id).await?;
    for sql in [
        "DELETE FROM releases WHERE id = $1",
        "DELETE FROM musicbrainz_entities WHERE kind = 'recording' AND entity_id = $1",
    ] {
        sqlx::query(sql)
            .bind(mapped.id)
            .execute(&mut *cx.conn)
            .await?;
    }
    sqlx::query("DELETE FROM musicbrainz_entities WHERE kind = $1 AND mbid = $2")
        .bind(KIND)
        .bind(mbid)
        .execute(&mut *cx.conn)
        .await?;
    Ok(true)
}
