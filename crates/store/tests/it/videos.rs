//! Music videos: lifecycle transitions checked and appended in one write, filters, and time windows.

use model::{MusicVideo, VideoState};
use store::{Store, StoreError, VideoFilter};

use crate::fixtures::{
    everything, seconds, slug, slugs_of, standalone_video, step, track_ref, with_demo,
};
use crate::harness::story;

const PIANO: &str = "layover-slow-dancing-piano-ver-mv";

story!(a_transition_appends_a_step: sqlite_a_transition_appends_a_step, postgres_a_transition_appends_a_step);
async fn a_transition_appends_a_step(store: Store) {
    let demo = with_demo(&store).await;
    let before = demo
        .videos
        .iter()
        .find(|video| video.slug.as_str() == PIANO)
        .unwrap()
        .clone();
    assert_eq!(before.state(), VideoState::NonePlanned);

    let planned = store
        .transition_video(PIANO, &step(VideoState::Planned, None))
        .await
        .unwrap();
    assert_eq!(planned.history.len(), before.history.len() + 1);
    assert_eq!(
        planned.history[..before.history.len()],
        before.history[..],
        "earlier steps are kept"
    );
    assert_eq!(planned.state(), VideoState::Planned);
    assert_eq!(
        store.video(PIANO).await.unwrap().as_ref(),
        Some(&planned),
        "the returned video is the stored one"
    );

    let announced = store
        .transition_video(
            PIANO,
            &step(VideoState::Announced, Some("2023-10-01T03:00:00Z")),
        )
        .await
        .unwrap();
    assert_eq!(announced.state(), VideoState::Announced);
    let in_state = |state: VideoState| {
        let store = store.clone();
        async move {
            let filter = VideoFilter {
                state: Some(state),
                ..VideoFilter::default()
            };
            let videos = store.videos(&filter, &everything()).await.unwrap();
            videos
                .iter()
                .map(|video| video.slug.to_string())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        in_state(VideoState::Announced).await,
        [PIANO],
        "the state column follows the last step"
    );
    assert!(in_state(VideoState::NonePlanned).await.is_empty());

    let mut released = step(VideoState::Released, Some("2023-10-01T03:00:00Z"));
    released.url = Some("https://www.youtube.com/watch?v=piano".to_owned());
    let out = store.transition_video(PIANO, &released).await.unwrap();
    assert_eq!(out.state(), VideoState::Released);
    assert_eq!(
        out.url.as_deref(),
        Some("https://www.youtube.com/watch?v=piano"),
        "a release step's url becomes the video's"
    );
    assert_eq!(out.history.len(), 4);
    assert_eq!(store.video(PIANO).await.unwrap(), Some(out));
    assert_eq!(
        in_state(VideoState::Released).await.len(),
        demo.videos.len()
    );
}

story!(an_illegal_transition_changes_nothing: sqlite_an_illegal_transition_changes_nothing, postgres_an_illegal_transition_changes_nothing);
async fn an_illegal_transition_changes_nothing(store: Store) {
    let demo = with_demo(&store).await;

    let error = store
        .transition_video(
            "layover-blue-mv",
            &step(VideoState::Announced, Some("2023-09-20T03:00:00Z")),
        )
        .await
        .unwrap_err();
    let StoreError::Invalid(invalid) = &error else {
        panic!("expected Invalid, got {error:?}")
    };
    assert_eq!(invalid.field, "state");
    assert!(
        invalid.message.contains("released to announced"),
        "{}",
        invalid.message
    );

    let error = store
        .transition_video(PIANO, &step(VideoState::Cancelled, None))
        .await
        .unwrap_err();
    let StoreError::Invalid(invalid) = &error else {
        panic!("expected Invalid, got {error:?}")
    };
    assert_eq!(
        invalid.field, "state",
        "nothing planned cannot be cancelled"
    );

    let error = store
        .transition_video("no-such-mv", &step(VideoState::Planned, None))
        .await
        .unwrap_err();
    assert!(
        matches!(error, StoreError::NotFound { kind: "video", .. }),
        "{error:?}"
    );

    assert_eq!(
        store.export().await.unwrap(),
        demo,
        "refused transitions change nothing"
    );
    let filter = VideoFilter {
        state: Some(VideoState::Announced),
        ..VideoFilter::default()
    };
    assert!(
        store
            .videos(&filter, &everything())
            .await
            .unwrap()
            .is_empty()
    );
}

story!(videos_filter_by_release_artist_and_state: sqlite_videos_filter_by_release_artist_and_state, postgres_videos_filter_by_release_artist_and_state);
async fn videos_filter_by_release_artist_and_state(store: Store) {
    let demo = with_demo(&store).await;
    let all_demo: Vec<&str> = slugs_of(&demo.videos, |v| &v.slug);
    let mut duet = standalone_video(
        "iu-v-duet-mv",
        &["iu", "v"],
        step(VideoState::Planned, None),
    );
    duet.attributes = vec!["one_take".to_owned()];
    store.create_video(&duet).await.unwrap();
    assert_eq!(store.video("iu-v-duet-mv").await.unwrap(), Some(duet));

    let list = |filter: VideoFilter| {
        let store = store.clone();
        async move {
            let videos = store.videos(&filter, &everything()).await.unwrap();
            videos
                .iter()
                .map(|video| video.slug.to_string())
                .collect::<Vec<_>>()
        }
    };
    let by_release = |release: &str| VideoFilter {
        release: Some(slug(release)),
        ..VideoFilter::default()
    };
    let by_artist = |artist: &str| VideoFilter {
        artist: Some(slug(artist)),
        ..VideoFilter::default()
    };
    let by_state = |state: VideoState| VideoFilter {
        state: Some(state),
        ..VideoFilter::default()
    };

    assert_eq!(list(by_release("layover")).await, all_demo);
    assert!(list(by_release("no-such-release")).await.is_empty());
    assert_eq!(
        list(by_artist("iu")).await,
        ["iu-v-duet-mv"],
        "a video's own artists"
    );
    let mut of_v = all_demo.clone();
    of_v.insert(0, "iu-v-duet-mv");
    assert_eq!(
        list(by_artist("v")).await,
        of_v,
        "V's videos: Layover's through its credits, and the duet"
    );
    assert!(list(by_artist("jin")).await.is_empty());
    assert_eq!(list(by_state(VideoState::Planned)).await, ["iu-v-duet-mv"]);
    assert_eq!(list(by_state(VideoState::NonePlanned)).await, [PIANO]);
    assert_eq!(list(by_state(VideoState::Released)).await.len(), 5);
    let piano_of_layover = VideoFilter {
        state: Some(VideoState::NonePlanned),
        ..by_release("layover")
    };
    assert_eq!(list(piano_of_layover).await, [PIANO]);
    let planned_of_layover = VideoFilter {
        state: Some(VideoState::Planned),
        ..by_release("layover")
    };
    assert!(list(planned_of_layover).await.is_empty());
}

story!(a_video_with_bad_references_writes_nothing: sqlite_a_video_with_bad_references_writes_nothing, postgres_a_video_with_bad_references_writes_nothing);
async fn a_video_with_bad_references_writes_nothing(store: Store) {
    let demo = with_demo(&store).await;
    let stranger = standalone_video(
        "stranger-mv",
        &["v", "no-such-artist"],
        step(VideoState::Planned, None),
    );
    let error = store.create_video(&stranger).await.unwrap_err();
    let StoreError::BadReference { field, .. } = &error else {
        panic!("expected BadReference, got {error:?}")
    };
    assert_eq!(field, "artists[1]");

    let lost = MusicVideo {
        artists: vec![],
        track: Some(track_ref(Some("layover"), 1, 9)),
        ..standalone_video("lost-mv", &[], step(VideoState::Planned, None))
    };
    let error = store.create_video(&lost).await.unwrap_err();
    let StoreError::BadReference { field, .. } = &error else {
        panic!("expected BadReference, got {error:?}")
    };
    assert_eq!(field, "track");

    let error = store.create_video(&demo.videos[0]).await.unwrap_err();
    assert!(
        matches!(error, StoreError::Duplicate { kind: "video", .. }),
        "{error:?}"
    );
    assert_eq!(store.export().await.unwrap(), demo);
}

story!(videos_between_finds_steps_in_the_window: sqlite_videos_between_finds_steps_in_the_window, postgres_videos_between_finds_steps_in_the_window);
async fn videos_between_finds_steps_in_the_window(store: Store) {
    with_demo(&store).await;
    let between = |from: &str, to: &str| {
        let (store, from, to) = (store.clone(), seconds(from), seconds(to));
        async move {
            let videos = store.videos_between(from, to).await.unwrap();
            videos
                .iter()
                .map(|video| video.slug.to_string())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        between("2023-09-12T15:00:00Z", "2023-09-13T00:00:00Z").await,
        ["layover-blue-mv"]
    );
    assert!(
        between("2023-09-12T14:00:00Z", "2023-09-12T15:00:00Z")
            .await
            .is_empty(),
        "the end is excluded"
    );
    assert_eq!(
        between("2023-08-01T00:00:00Z", "2023-09-01T00:00:00Z").await,
        ["layover-love-me-again-mv", "layover-rainy-days-mv"],
        "a date-only step starts at midnight in its zone (2023-08-09T15:00Z for Love Me Again)"
    );
    assert!(
        between("2023-08-10T00:00:00Z", "2023-08-11T00:00:00Z")
            .await
            .is_empty()
    );
    assert_eq!(
        between("2023-01-01T00:00:00Z", "2024-01-01T00:00:00Z")
            .await
            .len(),
        5,
        "the unplanned video has no moment"
    );

    store
        .transition_video(
            PIANO,
            &step(VideoState::Announced, Some("2023-12-24T15:00:00Z")),
        )
        .await
        .unwrap();
    assert_eq!(
        between("2023-12-01T00:00:00Z", "2024-01-01T00:00:00Z").await,
        [PIANO],
        "a new step is found"
    );
}
