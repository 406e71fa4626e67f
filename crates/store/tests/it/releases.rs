//! Releases: tracklists with roles and versions, replacement that keeps videos on their tracks, time windows.

use model::{Credit, ExternalId, Release, ReleaseKind, ReleaseStatus, TrackRole};
use store::{ReleaseFilter, Store, StoreError};

use crate::fixtures::{
    cite, cite_saying, everything, in_seoul, person, release, seconds, slug, slugs_of, source,
    track, track_ref, with_demo,
};
use crate::harness::story;

/// An album whose tracklist has a second disc, a track 10 (after 2, not before), and versions.
fn album() -> Release {
    let mut intro = track(1, 1, "Intro");
    intro.role = Some(TrackRole::Intro);
    intro.duration_seconds = Some(71);
    let mut song = track(1, 2, "Song");
    song.role = Some(TrackRole::Title);
    song.genres = vec!["ballad".to_owned()];
    song.sources = vec![cite_saying("liner-notes", "the title track")];
    let mut instrumental = track(1, 10, "Song (Inst.)");
    instrumental.version_of = Some(track_ref(None, 1, 2));
    instrumental.version_label = Some("Inst.".to_owned());
    let mut remix = track(2, 1, "Song (Remix)");
    remix.role = Some(TrackRole::Bonus);
    remix.version_of = Some(track_ref(None, 1, 2));
    remix.version_label = Some("Remix".to_owned());
    let mut earlier = track(2, 2, "Outro (Reprise of 2-3)");
    earlier.version_of = Some(track_ref(None, 2, 3));
    earlier.version_label = Some("Reprise".to_owned());
    let outro = track(2, 3, "Outro");
    Release {
        kind: ReleaseKind::MiniAlbum,
        status: ReleaseStatus::Released,
        credits: vec![
            Credit {
                artist: slug("iu"),
                credited_as: Some("아이유".to_owned()),
                join_phrase: Some(" & ".to_owned()),
            },
            Credit {
                artist: slug("suga"),
                credited_as: None,
                join_phrase: None,
            },
        ],
        released: Some(in_seoul("2020-05-06T09:00:00Z")),
        announced: Some(in_seoul("2020-04-20T03:00:00Z")),
        label: Some("EDAM".to_owned()),
        tracks: vec![intro, song, instrumental, remix, earlier, outro],
        external_ids: vec![ExternalId {
            system: "musicbrainz".to_owned(),
            value: "album-mbid".to_owned(),
        }],
        sources: vec![cite("liner-notes")],
        ..release("eight", "eight", &[])
    }
}

async fn with_album_artists(store: &Store) {
    store.create_source(&source("liner-notes")).await.unwrap();
    store.create_artist(&person("iu", "IU")).await.unwrap();
    store.create_artist(&person("suga", "SUGA")).await.unwrap();
}

story!(tracks_keep_order_roles_and_versions: sqlite_tracks_keep_order_roles_and_versions, postgres_tracks_keep_order_roles_and_versions);
async fn tracks_keep_order_roles_and_versions(store: Store) {
    with_album_artists(&store).await;
    let album = album();
    album.validate().expect("the fixture album is valid");
    store.create_release(&album).await.unwrap();
    let read = store
        .release("eight")
        .await
        .unwrap()
        .expect("the album was created");
    assert_eq!(read.credits, album.credits);
    assert_eq!(
        read.tracks, album.tracks,
        "tracks keep order, roles, versions (same-release refs without a release)"
    );
    assert_eq!(read, album);

    // A version on another release names its release; one naming its own release comes back without it.
    let mut single = release("eight-remixes", "eight (Remixes)", &["iu"]);
    let mut remix = track(1, 1, "eight (Club Mix)");
    remix.version_of = Some(track_ref(Some("eight"), 1, 2));
    remix.version_label = Some("Club Mix".to_owned());
    let mut radio = track(1, 2, "eight (Club Mix, Radio Edit)");
    radio.version_of = Some(track_ref(Some("eight-remixes"), 1, 1));
    radio.version_label = Some("Radio Edit".to_owned());
    single.tracks = vec![remix, radio];
    store.create_release(&single).await.unwrap();

    let read = store.release("eight-remixes").await.unwrap().unwrap();
    assert_eq!(
        read.tracks[0].version_of,
        Some(track_ref(Some("eight"), 1, 2))
    );
    assert_eq!(
        read.tracks[1].version_of,
        Some(track_ref(None, 1, 1)),
        "a self-reference comes back as same-release"
    );
    assert_eq!(read.tracks[1].version_label.as_deref(), Some("Radio Edit"));

    // The song the remix points at cannot go while the remix points at it.
    let error = store.delete_release("eight").await.unwrap_err();
    assert!(
        matches!(error, StoreError::InUse(_)),
        "expected InUse, got {error:?}"
    );
    assert_eq!(store.release("eight").await.unwrap(), Some(album));
    store.delete_release("eight-remixes").await.unwrap();
    store.delete_release("eight").await.unwrap();
    assert!(!store.is_empty().await.unwrap(), "artists and sources stay");
    assert_eq!(
        store
            .releases(&ReleaseFilter::default(), &everything())
            .await
            .unwrap(),
        vec![]
    );
}

story!(a_release_with_bad_references_writes_nothing: sqlite_a_release_with_bad_references_writes_nothing, postgres_a_release_with_bad_references_writes_nothing);
async fn a_release_with_bad_references_writes_nothing(store: Store) {
    with_album_artists(&store).await;
    let mut unknown_artist = album();
    unknown_artist.credits[1].artist = slug("nobody");
    let error = store.create_release(&unknown_artist).await.unwrap_err();
    let StoreError::BadReference { field, .. } = &error else {
        panic!("expected BadReference, got {error:?}")
    };
    assert_eq!(field, "credits[1].artist");
    assert_eq!(store.release("eight").await.unwrap(), None);

    let mut single = release("single", "Single", &["iu"]);
    let mut cover = track(1, 1, "Cover");
    cover.version_of = Some(track_ref(Some("eight"), 1, 2));
    single.tracks = vec![cover];
    let error = store.create_release(&single).await.unwrap_err();
    let StoreError::BadReference { field, .. } = &error else {
        panic!("expected BadReference, got {error:?}")
    };
    assert_eq!(field, "tracks[0].version_of");
    assert_eq!(store.release("single").await.unwrap(), None);

    store.create_release(&album()).await.unwrap();
    let error = store.create_release(&album()).await.unwrap_err();
    assert!(
        matches!(
            error,
            StoreError::Duplicate {
                kind: "release",
                ..
            }
        ),
        "{error:?}"
    );
}

story!(replacing_a_release_keeps_its_videos: sqlite_replacing_a_release_keeps_its_videos, postgres_replacing_a_release_keeps_its_videos);
async fn replacing_a_release_keeps_its_videos(store: Store) {
    let demo = with_demo(&store).await;
    let mut deluxe = demo.releases[0].clone();
    deluxe.title = "Layover (Deluxe)".to_owned();
    deluxe.tracks[1].title = "Blue (Remastered)".to_owned();
    deluxe.tracks[1].duration_seconds = Some(190);
    deluxe.tracks.push(track(1, 7, "Rainy Days (Live)"));
    deluxe.tracks[6].version_of = Some(track_ref(None, 1, 1));
    deluxe.tracks[6].version_label = Some("Live".to_owned());
    store.replace_release("layover", &deluxe).await.unwrap();

    assert_eq!(
        store.release("layover").await.unwrap(),
        Some(deluxe.clone())
    );
    for video in &demo.videos {
        let read = store.video(video.slug.as_str()).await.unwrap().unwrap();
        assert_eq!(read.track, video.track, "{} stays on its track", video.slug);
    }

    // Renamed, the release takes its videos along.
    let mut renamed = deluxe.clone();
    renamed.slug = slug("layover-deluxe");
    store.replace_release("layover", &renamed).await.unwrap();
    assert_eq!(store.release("layover").await.unwrap(), None);
    assert_eq!(
        store.release("layover-deluxe").await.unwrap(),
        Some(renamed)
    );
    let blue = store.video("layover-blue-mv").await.unwrap().unwrap();
    assert_eq!(blue.track, Some(track_ref(Some("layover-deluxe"), 1, 2)));

    // A track no video points at may go.
    let mut trimmed = store.release("layover-deluxe").await.unwrap().unwrap();
    trimmed.tracks.pop();
    store
        .replace_release("layover-deluxe", &trimmed)
        .await
        .unwrap();
    assert_eq!(
        store.release("layover-deluxe").await.unwrap(),
        Some(trimmed)
    );
}

story!(a_track_with_a_video_cannot_be_dropped: sqlite_a_track_with_a_video_cannot_be_dropped, postgres_a_track_with_a_video_cannot_be_dropped);
async fn a_track_with_a_video_cannot_be_dropped(store: Store) {
    let demo = with_demo(&store).await;
    let mut without_blue = demo.releases[0].clone();
    without_blue.title = "Layover (Blue removed)".to_owned();
    without_blue.tracks.retain(|track| track.number != 2);
    without_blue.sources.clear();

    let error = store
        .replace_release("layover", &without_blue)
        .await
        .unwrap_err();
    assert!(
        matches!(error, StoreError::InUse(_)),
        "expected InUse, got {error:?}"
    );
    assert_eq!(
        store.export().await.unwrap(),
        demo,
        "the refused replacement changed nothing"
    );

    let error = store.delete_release("layover").await.unwrap_err();
    assert!(
        matches!(error, StoreError::InUse(_)),
        "a release with videos is in use, got {error:?}"
    );
    assert_eq!(store.export().await.unwrap(), demo);
}

story!(releases_filter_and_window: sqlite_releases_filter_and_window, postgres_releases_filter_and_window);
async fn releases_filter_and_window(store: Store) {
    with_demo(&store).await;
    let start = seconds("2023-09-08T04:00:00Z");
    let between = |from: i64, to: i64| {
        let store = store.clone();
        async move {
            let releases = store.releases_between(from, to).await.unwrap();
            releases
                .iter()
                .map(|release| release.slug.to_string())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        between(start, start + 1).await,
        ["layover"],
        "the window includes its start"
    );
    assert!(
        between(start - 3600, start).await.is_empty(),
        "and excludes its end"
    );
    assert!(between(start + 1, start + 86_400).await.is_empty());
    assert_eq!(
        between(
            seconds("2023-01-01T00:00:00Z"),
            seconds("2024-01-01T00:00:00Z")
        )
        .await,
        ["layover"]
    );

    let list = |filter: ReleaseFilter| {
        let store = store.clone();
        async move {
            slugs_of(
                &store.releases(&filter, &everything()).await.unwrap(),
                |r| &r.slug,
            )
            .join(",")
        }
    };
    assert_eq!(
        list(ReleaseFilter {
            artist: Some(slug("v")),
            ..ReleaseFilter::default()
        })
        .await,
        "layover"
    );
    assert_eq!(
        list(ReleaseFilter {
            artist: Some(slug("iu")),
            ..ReleaseFilter::default()
        })
        .await,
        ""
    );
    assert_eq!(
        list(ReleaseFilter {
            kind: Some(ReleaseKind::Album),
            ..ReleaseFilter::default()
        })
        .await,
        "layover"
    );
    assert_eq!(
        list(ReleaseFilter {
            kind: Some(ReleaseKind::Single),
            ..ReleaseFilter::default()
        })
        .await,
        ""
    );
    assert_eq!(
        list(ReleaseFilter {
            status: Some(ReleaseStatus::Released),
            ..ReleaseFilter::default()
        })
        .await,
        "layover"
    );
    assert_eq!(
        list(ReleaseFilter {
            status: Some(ReleaseStatus::Announced),
            ..ReleaseFilter::default()
        })
        .await,
        ""
    );
}
