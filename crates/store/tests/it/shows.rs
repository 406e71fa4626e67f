//! Shows with their hosts and appearances with their guests: order kept, filters that see hosts and guests.

use model::{Appearance, Show, ShowKind};
use store::{AppearanceFilter, ShowFilter, Store, StoreError};

use crate::fixtures::{
    cite, everything, in_seoul, person, seconds, slug, slugs, source, with_demo,
};
use crate::harness::story;

story!(a_show_keeps_its_hosts_and_guests: sqlite_a_show_keeps_its_hosts_and_guests, postgres_a_show_keeps_its_hosts_and_guests);
async fn a_show_keeps_its_hosts_and_guests(store: Store) {
    store.create_source(&source("kbs")).await.unwrap();
    for (artist, name) in [
        ("yoo-jae-suk", "Yoo Jae-suk"),
        ("jo-se-ho", "Jo Se-ho"),
        ("rm", "RM"),
        ("jin", "Jin"),
    ] {
        store.create_artist(&person(artist, name)).await.unwrap();
    }
    let show = Show {
        slug: slug("you-quiz"),
        title: "You Quiz on the Block".to_owned(),
        kind: ShowKind::Variety,
        network: Some("tvN".to_owned()),
        hosts: slugs(&["yoo-jae-suk", "jo-se-ho"]),
        sources: vec![cite("kbs")],
    };
    store.create_show(&show).await.unwrap();
    let episode = Appearance {
        slug: slug("you-quiz-99"),
        show: slug("you-quiz"),
        episode: Some("99".to_owned()),
        aired: Some(in_seoul("2021-03-10T11:40:00Z")),
        guests: slugs(&["rm", "jin"]),
        songs: vec!["Dynamite".to_owned(), "Life Goes On".to_owned()],
        sources: vec![cite("kbs")],
    };
    store.create_appearance(&episode).await.unwrap();

    assert_eq!(
        store.show("you-quiz").await.unwrap(),
        Some(show),
        "hosts keep their order"
    );
    assert_eq!(
        store.appearance("you-quiz-99").await.unwrap(),
        Some(episode.clone()),
        "guests keep their order"
    );
    let aired = seconds("2021-03-10T11:40:00Z");
    assert_eq!(
        store.appearances_between(aired, aired + 1).await.unwrap(),
        vec![episode]
    );
    assert!(
        store
            .appearances_between(aired - 60, aired)
            .await
            .unwrap()
            .is_empty()
    );

    let error = store.delete_show("you-quiz").await.unwrap_err();
    assert!(
        matches!(error, StoreError::InUse(_)),
        "a show with appearances is in use, got {error:?}"
    );
    let error = store.delete_artist("jin").await.unwrap_err();
    assert!(
        matches!(error, StoreError::InUse(_)),
        "a guest is in use, got {error:?}"
    );
    store.delete_appearance("you-quiz-99").await.unwrap();
    store.delete_artist("jin").await.unwrap();
    store.delete_show("you-quiz").await.unwrap();
    assert_eq!(store.show("you-quiz").await.unwrap(), None);
}

story!(shows_with_bad_references_write_nothing: sqlite_shows_with_bad_references_write_nothing, postgres_shows_with_bad_references_write_nothing);
async fn shows_with_bad_references_write_nothing(store: Store) {
    let demo = with_demo(&store).await;
    let mut show = demo.shows[0].clone();
    show.slug = slug("palette-2");
    show.hosts = slugs(&["iu", "no-such-host"]);
    let error = store.create_show(&show).await.unwrap_err();
    let StoreError::BadReference { field, .. } = &error else {
        panic!("expected BadReference, got {error:?}")
    };
    assert_eq!(field, "hosts[1]");

    let mut appearance = demo.appearances[0].clone();
    appearance.slug = slug("palette-nobody");
    appearance.guests = slugs(&["no-such-guest"]);
    let error = store.create_appearance(&appearance).await.unwrap_err();
    let StoreError::BadReference { field, .. } = &error else {
        panic!("expected BadReference, got {error:?}")
    };
    assert_eq!(field, "guests[0]");

    appearance.guests = slugs(&["jin"]);
    appearance.show = slug("no-such-show");
    let error = store.create_appearance(&appearance).await.unwrap_err();
    let StoreError::BadReference { field, .. } = &error else {
        panic!("expected BadReference, got {error:?}")
    };
    assert_eq!(field, "show");
    assert_eq!(store.export().await.unwrap(), demo, "nothing was written");
}

story!(appearances_match_guests_and_hosts: sqlite_appearances_match_guests_and_hosts, postgres_appearances_match_guests_and_hosts);
async fn appearances_match_guests_and_hosts(store: Store) {
    with_demo(&store).await;
    let appearances = |artist: Option<&str>, show: Option<&str>| {
        let store = store.clone();
        let filter = AppearanceFilter {
            artist: artist.map(slug),
            show: show.map(slug),
        };
        async move {
            let found = store.appearances(&filter, &everything()).await.unwrap();
            found
                .iter()
                .map(|appearance| appearance.slug.to_string())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        appearances(Some("v"), None).await,
        ["palette-v"],
        "V is the guest"
    );
    assert_eq!(
        appearances(Some("iu"), None).await,
        ["palette-v"],
        "IU hosts the show"
    );
    assert!(appearances(Some("jin"), None).await.is_empty());
    assert_eq!(appearances(None, Some("palette")).await, ["palette-v"]);
    assert!(appearances(None, Some("no-such-show")).await.is_empty());
    assert_eq!(
        appearances(Some("iu"), Some("palette")).await,
        ["palette-v"]
    );
    assert_eq!(appearances(None, None).await, ["palette-v"]);

    let shows = |filter: ShowFilter| {
        let store = store.clone();
        async move {
            let found = store.shows(&filter, &everything()).await.unwrap();
            found
                .iter()
                .map(|show| show.slug.to_string())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        shows(ShowFilter {
            host: Some(slug("iu")),
            kind: None
        })
        .await,
        ["palette"]
    );
    assert!(
        shows(ShowFilter {
            host: Some(slug("v")),
            kind: None
        })
        .await
        .is_empty(),
        "a guest is not a host"
    );
    assert_eq!(
        shows(ShowFilter {
            host: None,
            kind: Some(ShowKind::TalkShow)
        })
        .await,
        ["palette"]
    );
    assert!(
        shows(ShowFilter {
            host: None,
            kind: Some(ShowKind::MusicShow)
        })
        .await
        .is_empty()
    );

    // A replaced show's hosts are what the new document says.
    let mut palette = store.show("palette").await.unwrap().unwrap();
    palette.hosts = slugs(&["suga", "iu"]);
    store.replace_show("palette", &palette).await.unwrap();
    assert_eq!(store.show("palette").await.unwrap(), Some(palette));
    assert_eq!(
        appearances(Some("suga"), None).await,
        ["palette-v"],
        "a new host sees the show's appearances"
    );
}
