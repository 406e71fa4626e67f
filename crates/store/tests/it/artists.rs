//! Artists: written and read whole, listed a page at a time, filtered, renamed, deleted only when unused.

use model::{AliasKind, Artist, ArtistKind, ExternalId, Membership};
use store::{
    AccountFilter, AppearanceFilter, ArtistFilter, Page, ReleaseFilter, Store, StoreError,
    VideoFilter,
};

use crate::fixtures::{
    alias, cite, cite_saying, date, everything, group, person, slug, slugs_of, source, with_demo,
};
use crate::harness::story;

const BTS_MEMBERS: [&str; 7] = ["j-hope", "jimin", "jin", "jungkook", "rm", "suga", "v"];

/// Nayeon of TWICE, with a bit of everything an artist can carry, deliberately in no sorted order.
fn nayeon() -> Artist {
    let mut native = alias("임나연", AliasKind::NativeName, Some("ko"));
    native.primary = true;
    native.sources = vec![cite_saying("wiki", "임나연 (born 1995)")];
    Artist {
        country: Some("KR".to_owned()),
        genres: vec!["k-pop".to_owned(), "dance-pop".to_owned()],
        debut: Some(date("2015-10-20")),
        aliases: vec![
            native,
            alias("Im Na-yeon", AliasKind::Romanization, None),
            alias("Nabong", AliasKind::Nickname, Some("ko-Latn")),
            alias("ナヨン", AliasKind::NativeName, Some("ja")),
        ],
        memberships: vec![Membership {
            group: slug("twice"),
            roles: vec!["vocalist".to_owned(), "center".to_owned()],
            begin: Some(date("2015-10")),
            end: None,
            credited_as: Some("NAYEON".to_owned()),
            sources: vec![cite("news")],
        }],
        external_ids: vec![
            ExternalId {
                system: "spotify".to_owned(),
                value: "6sr2wCmRuAU2f9ZwXSr5Ol".to_owned(),
            },
            ExternalId {
                system: "musicbrainz".to_owned(),
                value: "bfd2a4a3-b0f5-4bd0-8b7e-a3a6e4d4c1e7".to_owned(),
            },
        ],
        sources: vec![cite("news"), cite_saying("wiki", "a South Korean singer")],
        ..person("nayeon", "Nayeon")
    }
}

story!(an_artist_comes_back_whole: sqlite_an_artist_comes_back_whole, postgres_an_artist_comes_back_whole);
async fn an_artist_comes_back_whole(store: Store) {
    store.create_source(&source("wiki")).await.unwrap();
    store.create_source(&source("news")).await.unwrap();
    store.create_artist(&group("twice", "TWICE")).await.unwrap();
    let nayeon = nayeon();
    store.create_artist(&nayeon).await.unwrap();

    let read = store
        .artist("nayeon")
        .await
        .unwrap()
        .expect("nayeon was created");
    assert_eq!(
        read.aliases, nayeon.aliases,
        "aliases keep their order, kinds, locales and citations"
    );
    assert_eq!(
        read.memberships, nayeon.memberships,
        "the membership names its group by slug"
    );
    assert_eq!(read.external_ids, nayeon.external_ids);
    assert_eq!(read.sources, nayeon.sources);
    assert_eq!(read, nayeon);
    assert_eq!(
        store.artist("twice").await.unwrap(),
        Some(group("twice", "TWICE"))
    );
    assert_eq!(store.artist("nobody").await.unwrap(), None);
}

story!(artists_come_in_pages: sqlite_artists_come_in_pages, postgres_artists_come_in_pages);
async fn artists_come_in_pages(store: Store) {
    let demo = with_demo(&store).await;
    let expected: Vec<&str> = slugs_of(&demo.artists, |a| &a.slug);

    let mut seen: Vec<String> = Vec::new();
    let mut after = None;
    for _ in 0..=expected.len() {
        let page = store
            .artists(
                &ArtistFilter::default(),
                &Page {
                    after: after.clone(),
                    limit: 2,
                },
            )
            .await
            .unwrap();
        assert!(
            page.len() <= 2,
            "a page holds at most its limit, got {}",
            page.len()
        );
        if let (Some(last_seen), Some(first)) = (seen.last(), page.first()) {
            assert!(
                first.slug.as_str() > last_seen.as_str(),
                "pages follow each other: {first:?} after {last_seen}"
            );
        }
        seen.extend(page.iter().map(|artist| artist.slug.to_string()));
        match page.last() {
            Some(last) if page.len() == 2 => after = Some(last.slug.to_string()),
            _ => break,
        }
    }
    assert_eq!(
        seen, expected,
        "the pages are disjoint, ordered, and together complete"
    );
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, seen);

    let past_the_end = Page {
        after: Some("v".to_owned()),
        limit: 2,
    };
    assert!(
        store
            .artists(&ArtistFilter::default(), &past_the_end)
            .await
            .unwrap()
            .is_empty()
    );
}

story!(artists_filter_by_kind_and_group: sqlite_artists_filter_by_kind_and_group, postgres_artists_filter_by_kind_and_group);
async fn artists_filter_by_kind_and_group(store: Store) {
    with_demo(&store).await;
    let list = |kind: Option<ArtistKind>, member_of: Option<&str>| {
        let store = store.clone();
        let filter = ArtistFilter {
            kind,
            member_of: member_of.map(slug),
        };
        async move {
            let artists = store.artists(&filter, &everything()).await.unwrap();
            artists
                .iter()
                .map(|artist| artist.slug.to_string())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(list(Some(ArtistKind::Group), None).await, ["bts"]);
    assert_eq!(
        list(Some(ArtistKind::Person), None).await,
        [
            "iu",
            "j-hope",
            "jennifer-aniston",
            "jimin",
            "jin",
            "jungkook",
            "kang-daniel",
            "rm",
            "suga",
            "v"
        ]
    );
    assert_eq!(list(None, Some("bts")).await, BTS_MEMBERS);
    assert_eq!(
        list(Some(ArtistKind::Person), Some("bts")).await,
        BTS_MEMBERS
    );
    assert!(list(Some(ArtistKind::Group), Some("bts")).await.is_empty());
    assert!(list(None, Some("iu")).await.is_empty(), "iu has no members");
    assert!(list(None, Some("nobody")).await.is_empty());
    let two = store
        .artists(
            &ArtistFilter {
                kind: None,
                member_of: Some(slug("bts")),
            },
            &Page {
                after: Some("jin".to_owned()),
                limit: 2,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        slugs_of(&two, |a| &a.slug),
        ["jungkook", "rm"],
        "filters and pages combine"
    );
}

story!(a_group_lists_its_members: sqlite_a_group_lists_its_members, postgres_a_group_lists_its_members);
async fn a_group_lists_its_members(store: Store) {
    let demo = with_demo(&store).await;
    let members = store.members("bts").await.unwrap();
    let names: Vec<&str> = members.iter().map(|(person, _)| person.as_str()).collect();
    assert_eq!(names, BTS_MEMBERS);
    for (person, membership) in &members {
        let artist = demo.artists.iter().find(|a| &a.slug == person).unwrap();
        assert_eq!(
            Some(membership),
            artist
                .memberships
                .iter()
                .find(|m| m.group.as_str() == "bts")
        );
    }
    assert!(store.members("iu").await.unwrap().is_empty());
    assert!(store.members("nobody").await.unwrap().is_empty());
}

story!(renaming_an_artist_moves_its_references: sqlite_renaming_an_artist_moves_its_references, postgres_renaming_an_artist_moves_its_references);
async fn renaming_an_artist_moves_its_references(store: Store) {
    let demo = with_demo(&store).await;
    let mut renamed = demo
        .artists
        .iter()
        .find(|a| a.slug.as_str() == "v")
        .unwrap()
        .clone();
    renamed.slug = slug("kim-taehyung");
    renamed.name = "Kim Taehyung".to_owned();
    renamed.genres = vec!["r-and-b".to_owned()];
    store.replace_artist("v", &renamed).await.unwrap();

    assert_eq!(store.artist("v").await.unwrap(), None);
    assert_eq!(store.artist("kim-taehyung").await.unwrap(), Some(renamed));
    let layover = store.release("layover").await.unwrap().unwrap();
    assert_eq!(
        layover.credits[0].artist,
        slug("kim-taehyung"),
        "the release credit follows the new slug"
    );
    let by_new_slug = ReleaseFilter {
        artist: Some(slug("kim-taehyung")),
        ..ReleaseFilter::default()
    };
    assert_eq!(
        store.releases(&by_new_slug, &everything()).await.unwrap(),
        vec![layover]
    );
    let by_old_slug = ReleaseFilter {
        artist: Some(slug("v")),
        ..ReleaseFilter::default()
    };
    assert!(
        store
            .releases(&by_old_slug, &everything())
            .await
            .unwrap()
            .is_empty()
    );

    let of_taehyung = VideoFilter {
        artist: Some(slug("kim-taehyung")),
        ..VideoFilter::default()
    };
    assert_eq!(
        store
            .videos(&of_taehyung, &everything())
            .await
            .unwrap()
            .len(),
        demo.videos.len()
    );
    let palette = store.appearance("palette-v").await.unwrap().unwrap();
    assert_eq!(palette.guests, [slug("kim-taehyung")]);
    let of_taehyung = AccountFilter {
        artist: Some(slug("kim-taehyung")),
        platform: None,
    };
    let accounts = store.accounts(&of_taehyung, &everything()).await.unwrap();
    assert_eq!(slugs_of(&accounts, |a| &a.slug), ["thv-instagram"]);
    let of_taehyung = AppearanceFilter {
        artist: Some(slug("kim-taehyung")),
        show: None,
    };
    assert_eq!(
        store
            .appearances(&of_taehyung, &everything())
            .await
            .unwrap()
            .len(),
        1
    );
    let members = store.members("bts").await.unwrap();
    assert!(
        members
            .iter()
            .any(|(person, _)| person.as_str() == "kim-taehyung")
    );
    assert!(!members.iter().any(|(person, _)| person.as_str() == "v"));
}

story!(a_credited_artist_cannot_be_deleted: sqlite_a_credited_artist_cannot_be_deleted, postgres_a_credited_artist_cannot_be_deleted);
async fn a_credited_artist_cannot_be_deleted(store: Store) {
    let demo = with_demo(&store).await;

    let error = store.delete_artist("v").await.unwrap_err();
    assert!(
        matches!(error, StoreError::InUse(_)),
        "expected InUse, got {error:?}"
    );
    let error = store.delete_artist("bts").await.unwrap_err();
    assert!(
        matches!(error, StoreError::InUse(_)),
        "a group with members is in use, got {error:?}"
    );
    let error = store.delete_artist("jennifer-aniston").await.unwrap_err();
    assert!(
        matches!(error, StoreError::InUse(_)),
        "an artist with an account is in use, got {error:?}"
    );
    assert_eq!(
        store.export().await.unwrap(),
        demo,
        "refused deletes leave aliases and memberships in place"
    );

    store
        .create_artist(&person("nobody-credits-me", "Alone"))
        .await
        .unwrap();
    store.delete_artist("nobody-credits-me").await.unwrap();
    assert_eq!(store.artist("nobody-credits-me").await.unwrap(), None);
    let error = store.delete_artist("nobody-credits-me").await.unwrap_err();
    assert!(
        matches!(error, StoreError::NotFound { kind: "artist", .. }),
        "{error:?}"
    );

    // Once nothing refers to it, a member can go: its membership goes with it.
    store.create_artist(&group("duo", "Duo")).await.unwrap();
    let mut member = person("member", "Member");
    member.memberships = vec![Membership {
        group: slug("duo"),
        roles: vec![],
        begin: None,
        end: None,
        credited_as: None,
        sources: vec![],
    }];
    store.create_artist(&member).await.unwrap();
    store.delete_artist("member").await.unwrap();
    assert!(store.members("duo").await.unwrap().is_empty());
    store.delete_artist("duo").await.unwrap();
}

story!(a_taken_slug_is_a_duplicate: sqlite_a_taken_slug_is_a_duplicate, postgres_a_taken_slug_is_a_duplicate);
async fn a_taken_slug_is_a_duplicate(store: Store) {
    store.create_artist(&person("iu", "IU")).await.unwrap();
    let error = store
        .create_artist(&person("iu", "Someone else"))
        .await
        .unwrap_err();
    let StoreError::Duplicate { kind, slug: taken } = &error else {
        panic!("expected Duplicate, got {error:?}")
    };
    assert_eq!((*kind, taken.as_str()), ("artist", "iu"));
    assert_eq!(store.artist("iu").await.unwrap(), Some(person("iu", "IU")));

    let mut suga = person("suga", "SUGA");
    suga.aliases = vec![alias("Agust D", AliasKind::StageName, None)];
    store.create_artist(&suga).await.unwrap();
    let error = store
        .replace_artist("suga", &person("iu", "SUGA"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, StoreError::Duplicate { kind: "artist", .. }),
        "renaming onto a taken slug: {error:?}"
    );
    assert_eq!(
        store.artist("suga").await.unwrap(),
        Some(suga),
        "the refused rename kept the aliases"
    );
    let error = store
        .replace_artist("nobody", &person("nobody", "Nobody"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, StoreError::NotFound { kind: "artist", .. }),
        "{error:?}"
    );
}

story!(an_unknown_group_writes_nothing: sqlite_an_unknown_group_writes_nothing, postgres_an_unknown_group_writes_nothing);
async fn an_unknown_group_writes_nothing(store: Store) {
    let mut joiner = person("joiner", "Joiner");
    joiner.aliases = vec![alias("조이너", AliasKind::NativeName, Some("ko"))];
    joiner.memberships = vec![Membership {
        group: slug("no-such-group"),
        roles: vec!["leader".to_owned()],
        begin: None,
        end: None,
        credited_as: None,
        sources: vec![],
    }];
    let error = store.create_artist(&joiner).await.unwrap_err();
    let StoreError::BadReference { field, message } = &error else {
        panic!("expected BadReference, got {error:?}")
    };
    assert_eq!(field, "memberships[0].group");
    assert!(message.contains("no-such-group"), "{message}");
    assert_eq!(
        store.artist("joiner").await.unwrap(),
        None,
        "nothing of the artist was written"
    );
    assert!(store.is_empty().await.unwrap());

    store
        .create_artist(&group("no-such-group", "Now It Exists"))
        .await
        .unwrap();
    store.create_artist(&joiner).await.unwrap();
    assert_eq!(store.artist("joiner").await.unwrap(), Some(joiner));
}
