//! From the news to the catalog: the example article's claims accepted into an empty catalog, the same
//! article submitted twice, a conflicting claim held back, edits and rejections.

use app::{App, AppError, ClaimFilter, Page, StoreOptions, Submission};
use jiff::Timestamp;
use model::{AliasKind, VideoState};

const EXAMPLE: &str = include_str!("../../../ingest/testdata/articles/v-blue-mv.txt");

async fn empty_app() -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(
        &format!("sqlite://{}/bside.db", dir.path().display()),
        &StoreOptions::default(),
    )
    .await
    .unwrap();
    (app, dir)
}

fn example() -> Submission {
    Submission {
        text: Some(EXAMPLE.to_owned()),
        url: Some("https://example.com/news/v-blue-mv".to_owned()),
        publisher: Some("Example News".to_owned()),
        ..Submission::default()
    }
}

fn now() -> Timestamp {
    "2023-09-13T01:00:00Z".parse().unwrap()
}

#[tokio::test]
async fn the_example_articles_claims_make_its_facts_each_citing_the_article() {
    let (app, _dir) = empty_app().await;
    let (article, created) = app.submit_article(&example(), now()).await.unwrap();
    assert!(created);
    assert!(article.claims.len() >= 15, "{}", article.claims.len());
    assert!(article.claims.iter().all(|c| c.status == "proposed"));
    let source = article.source.clone();

    let (accepted, left) = app.accept_article(&article.slug, now()).await.unwrap();
    assert!(left.is_empty(), "claims left: {left:?}");
    assert_eq!(accepted.len(), article.claims.len());
    let cites = |sources: &[model::Citation]| sources.iter().any(|c| c.source.as_str() == source);

    // V, with his aliases, a member of BTS.
    let v = app
        .store()
        .artist("v")
        .await
        .unwrap()
        .expect("V was created");
    assert_eq!(v.kind, model::ArtistKind::Person);
    assert!(cites(&v.sources));
    let alias = |name: &str, kind: AliasKind| {
        v.aliases
            .iter()
            .any(|a| a.name == name && a.kind == kind && cites(&a.sources))
    };
    assert!(
        alias("Kim Taehyung", AliasKind::LegalName),
        "{:?}",
        v.aliases
    );
    assert!(v.memberships.iter().any(|m| m.group.as_str() == "bts"));

    // Layover's tracks, with their roles, and the MV statuses.
    let layover = app
        .store()
        .release("layover")
        .await
        .unwrap()
        .expect("Layover");
    let titles: Vec<&str> = layover.tracks.iter().map(|t| t.title.as_str()).collect();
    // The tracks the article names as Layover's (its other songs it names only as MVs).
    for title in [
        "Blue",
        "Slow Dancing",
        "For Us",
        "Slow Dancing (Piano Ver.)",
    ] {
        assert!(titles.contains(&title), "{title} missing from {titles:?}");
    }
    let videos = app.release_videos("layover").await.unwrap();
    let state_of = |title: &str| {
        videos
            .tracks
            .iter()
            .find(|t| t.track.title == title)
            .and_then(|t| t.state)
    };
    assert_eq!(state_of("Blue"), Some(VideoState::Released));
    assert_eq!(state_of("For Us"), Some(VideoState::Announced));
    assert_eq!(state_of("Slow Dancing"), Some(VideoState::Released));
    assert_eq!(
        state_of("Slow Dancing (Piano Ver.)"),
        Some(VideoState::NonePlanned)
    );
    let piano = layover
        .tracks
        .iter()
        .find(|t| t.title.contains("Piano"))
        .unwrap();
    assert_eq!(piano.version_label.as_deref(), Some("Piano Ver."));
    assert!(piano.version_of.is_some());
    let blue = app
        .store()
        .videos(
            &Default::default(),
            &Page {
                after: None,
                limit: 100,
            },
        )
        .await
        .unwrap()
        .into_iter()
        .find(|v| v.title == "Blue")
        .unwrap();
    assert!(blue.attributes.contains(&"black_and_white".to_owned()));
    assert!(blue.history.iter().any(|s| cites(&s.sources)));

    // The Palette appearance and the record claim.
    let palette = app
        .store()
        .appearances(
            &Default::default(),
            &Page {
                after: None,
                limit: 100,
            },
        )
        .await
        .unwrap();
    assert!(
        palette
            .iter()
            .any(|a| a.show.as_str() == "palette" && cites(&a.sources))
    );
    let account = app
        .store()
        .accounts(
            &Default::default(),
            &Page {
                after: None,
                limit: 100,
            },
        )
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.artist.as_str() == "v")
        .expect("V's Instagram");
    let record = account
        .reported
        .iter()
        .find(|r| r.value == 50_000_000)
        .expect("the 50M record claim");
    assert!(
        record
            .record
            .as_deref()
            .is_some_and(|r| r.contains("fastest"))
    );
    assert!(cites(&record.sources));

    // Accepting again changes nothing; submitting the article again adds nothing.
    let exported = app.store().export().await.unwrap();
    let (again, created) = app.submit_article(&example(), now()).await.unwrap();
    assert!(!created);
    assert_eq!(again.slug, article.slug);
    assert_eq!(app.store().export().await.unwrap(), exported);
    let all = app
        .claims(
            &ClaimFilter::default(),
            &Page {
                after: None,
                limit: 1000,
            },
        )
        .await
        .unwrap();
    assert_eq!(all.len(), article.claims.len());
    let error = app
        .accept_claim(&article.claims[0].slug, false, now())
        .await
        .unwrap_err();
    assert!(matches!(error, AppError::Conflict { .. }), "{error}");
}

#[tokio::test]
async fn a_claim_that_disagrees_with_a_known_fact_shows_it_and_is_not_written_over_it() {
    let (app, _dir) = empty_app().await;
    app.load_demo().await.unwrap();
    // The demo holds For Us premiering 2023-09-16 00:00 KST; this article says the 20th.
    let text = "Seoul, Sept. 21, 2023 — BTS member V released the music video for \"For Us\" on September 20, 2023, his agency said.";
    let (article, _) = app
        .submit_article(
            &Submission {
                text: Some(text.to_owned()),
                ..Submission::default()
            },
            now(),
        )
        .await
        .unwrap();
    let claim = article
        .claims
        .iter()
        .find(|c| c.kind == "mv_release")
        .unwrap_or_else(|| panic!("no mv_release in {:#?}", article.claims));
    let conflict = claim.conflicts.first().expect("a conflict is shown");
    assert_eq!(conflict.entity, "videos/layover-for-us-mv");
    assert_eq!(conflict.known, "2023-09-16");
    assert_eq!(conflict.claimed, "2023-09-20");
    assert!(
        conflict.sources.contains(&"pinkvilla-for-us".to_owned()),
        "{conflict:?}"
    );

    let before = app
        .store()
        .video("layover-for-us-mv")
        .await
        .unwrap()
        .unwrap();
    let error = app
        .accept_claim(&claim.slug, false, now())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, AppError::Conflict { field: Some(f), .. } if f == "released"),
        "{error}"
    );
    assert_eq!(
        app.store()
            .video("layover-for-us-mv")
            .await
            .unwrap()
            .unwrap(),
        before,
        "a refused accept writes nothing"
    );

    // Edited to the known date, it agrees and is accepted; the proposal is kept beside the edit.
    let mut fields = claim.fields.clone();
    fields.insert("date".into(), "2023-09-16".into());
    fields.remove("at");
    let edited = app.edit_claim(&claim.slug, fields).await.unwrap();
    assert!(edited.conflicts.is_empty(), "{:?}", edited.conflicts);
    assert_eq!(
        edited.proposed.as_ref().unwrap()["date"],
        serde_json::json!("2023-09-20")
    );
    let bad = app
        .edit_claim(
            &claim.slug,
            serde_json::json!({"date": "2023-02-30", "artist": "V", "track": "For Us"})
                .as_object()
                .unwrap()
                .clone(),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&bad, AppError::Invalid(i) if i.field == "date"),
        "{bad}"
    );
    let accepted = app.accept_claim(&claim.slug, false, now()).await.unwrap();
    assert_eq!(accepted.status, "accepted");

    // Rejected claims write nothing and cannot be decided twice.
    if let Some(other) = article.claims.iter().find(|c| c.slug != claim.slug) {
        let rejected = app
            .reject_claim(&other.slug, Some("duplicate".into()), now())
            .await
            .unwrap();
        assert_eq!(rejected.status, "rejected");
        assert!(app.accept_claim(&other.slug, false, now()).await.is_err());
    }
}
