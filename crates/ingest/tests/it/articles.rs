//! Every labelled article in `testdata/articles` (NAME.txt with NAME.gold.json), extracted with an empty
//! catalog and with a small one, scored like `eval/score-facts.py`.
//!
//! `INGEST_FOUND_DIR=/tmp/found cargo test -p ingest articles -- --nocapture` also writes each
//! NAME.json there, for `score-facts.py testdata/articles /tmp/found`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ingest::extract::{
    Article, Catalog, KnownAlias, KnownArtist, KnownRelease, KnownShow, KnownTrack, extract,
    to_interchange,
};
use model::{AliasKind, ArtistKind, ReleaseKind, Slug, TrackRole};
use serde_json::Value;

use crate::score::{Counts, score_pair};

fn articles_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/articles")
}

/// (name, article text, gold facts) for every labelled article.
fn labelled() -> Vec<(String, String, Vec<Value>)> {
    let mut out = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(articles_dir())
        .expect("testdata/articles exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "html"))
        .collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("utf-8 name")
            .to_owned();
        let gold_path = path.with_file_name(format!("{name}.gold.json"));
        let text = std::fs::read_to_string(&path).expect("article reads");
        let gold: Vec<Value> =
            serde_json::from_str(&std::fs::read_to_string(&gold_path).expect("gold reads"))
                .expect("gold is JSON");
        out.push((name, text, gold));
    }
    out
}

fn slug(text: &str) -> Slug {
    Slug::parse(text).expect("valid slug")
}

/// V, BTS and IU with their aliases, the album Layover, and IU's show Palette.
pub(crate) fn small_catalog() -> Catalog {
    let alias = |name: &str, kind| KnownAlias {
        name: name.to_owned(),
        kind,
    };
    let artists = vec![
        KnownArtist {
            slug: slug("v"),
            name: "V".to_owned(),
            kind: ArtistKind::Person,
            aliases: vec![
                alias("Kim Taehyung", AliasKind::LegalName),
                alias("Kim Tae-hyung", AliasKind::Romanization),
                alias("뷔", AliasKind::NativeName),
                alias("Tae Bear", AliasKind::Nickname),
                alias("TaeTae", AliasKind::Nickname),
            ],
            groups: vec![slug("bts")],
        },
        KnownArtist {
            slug: slug("bts"),
            name: "BTS".to_owned(),
            kind: ArtistKind::Group,
            aliases: vec![
                alias("Bangtan Boys", AliasKind::Nickname),
                alias("방탄소년단", AliasKind::NativeName),
            ],
            groups: Vec::new(),
        },
        KnownArtist {
            slug: slug("iu"),
            name: "IU".to_owned(),
            kind: ArtistKind::Person,
            aliases: vec![
                alias("Lee Ji-eun", AliasKind::LegalName),
                alias("아이유", AliasKind::NativeName),
            ],
            groups: Vec::new(),
        },
    ];
    let track = |title: &str, role| KnownTrack {
        title: title.to_owned(),
        role,
    };
    let releases = vec![KnownRelease {
        slug: slug("layover"),
        title: "Layover".to_owned(),
        kind: ReleaseKind::Album,
        artists: vec![slug("v")],
        tracks: vec![
            track("Rainy Days", Some(TrackRole::PreReleaseSingle)),
            track("Blue", Some(TrackRole::BSide)),
            track("Love Me Again", Some(TrackRole::PreReleaseSingle)),
            track("Slow Dancing", Some(TrackRole::Title)),
            track("For Us", Some(TrackRole::BSide)),
            track("Slow Dancing (Piano Ver.)", Some(TrackRole::Bonus)),
        ],
    }];
    let shows = vec![KnownShow {
        slug: slug("palette"),
        title: "Palette".to_owned(),
        hosts: vec![slug("iu")],
    }];
    Catalog::new(artists, releases, shows)
}

/// Scores every article; prints a table; returns per-article counts and the total.
fn score_all(catalog: &Catalog, label: &str) -> (BTreeMap<String, Counts>, Counts) {
    let write_dir = std::env::var_os("INGEST_FOUND_DIR").map(PathBuf::from);
    let mut per_article = BTreeMap::new();
    let mut total = Counts::default();
    println!(
        "\n{label}\n{:32} {:>5} {:>6} {:>7} {:>9}",
        "article", "gold", "found", "recall", "precision"
    );
    for (name, text, gold) in labelled() {
        let extraction =
            extract(&Article::from_text(text), catalog).expect("labelled articles are readable");
        let found = to_interchange(&extraction.facts);
        let found_list = found.as_array().cloned().unwrap_or_default();
        if let Some(dir) = &write_dir {
            std::fs::create_dir_all(dir).expect("found dir");
            let json = serde_json::to_string_pretty(&found).expect("serializes");
            std::fs::write(dir.join(format!("{name}.json")), json).expect("found file writes");
        }
        let mut counts = Counts::default();
        for c in score_pair(&gold, &found_list).values() {
            counts.add(*c);
        }
        total.add(counts);
        let recall = if counts.gold == 0 {
            f64::NAN
        } else {
            counts.recall()
        };
        let precision = if counts.found == 0 {
            f64::NAN
        } else {
            counts.precision()
        };
        println!(
            "{name:32} {:5} {:6} {recall:7.2} {precision:9.2}",
            counts.gold, counts.found
        );
        per_article.insert(name, counts);
    }
    println!(
        "{:32} {:5} {:6} {:7.2} {:9.2}",
        "all",
        total.gold,
        total.found,
        total.recall(),
        total.precision()
    );
    (per_article, total)
}

fn check(catalog: &Catalog, label: &str) {
    let (per_article, total) = score_all(catalog, label);
    let example = per_article["v-blue-mv"];
    assert!(
        example.recall() >= 0.9 && example.precision() >= 0.9,
        "{label}: v-blue-mv recall {:.2} precision {:.2}",
        example.recall(),
        example.precision()
    );
    assert!(
        total.recall() >= 0.8 && total.precision() >= 0.9,
        "{label}: overall recall {:.3} precision {:.3}",
        total.recall(),
        total.precision()
    );
    // Articles with nothing to find must yield nothing.
    for (name, counts) in &per_article {
        if counts.gold == 0 {
            assert_eq!(counts.found, 0, "{label}: {name} should yield no facts");
        }
    }
}

#[test]
fn labelled_articles_with_an_empty_catalog() {
    check(&Catalog::default(), "empty catalog");
}

#[test]
fn labelled_articles_with_a_small_catalog() {
    check(
        &small_catalog(),
        "small catalog (V, BTS, IU, Layover, Palette)",
    );
}

#[test]
fn there_are_enough_labelled_articles() {
    let all = labelled();
    assert!(all.len() >= 14, "{} labelled articles", all.len());
    assert!(all.iter().filter(|a| a.2.is_empty()).count() >= 3);
}

#[test]
fn catalog_names_resolve_to_slugs() {
    let (_, text, _) = labelled()
        .into_iter()
        .find(|a| a.0 == "v-blue-mv")
        .expect("example article");
    let extraction = extract(&Article::from_text(text), &small_catalog()).expect("reads");
    let appearance = extraction
        .facts
        .iter()
        .find(|f| matches!(f.claim, ingest::extract::Claim::Appearance { .. }))
        .expect("the Palette appearance");
    let guest = appearance
        .entities
        .iter()
        .find(|e| e.role == "guest")
        .expect("a guest");
    assert_eq!(guest.mention, "Kim Taehyung");
    assert_eq!(guest.slug.as_ref().map(Slug::as_str), Some("v"));
    let host = appearance
        .entities
        .iter()
        .find(|e| e.role == "host")
        .expect("a host");
    assert_eq!(host.slug.as_ref().map(Slug::as_str), Some("iu"));
    // Spans are character offsets of the evidence.
    let chars: Vec<char> = extraction.text.chars().collect();
    for fact in &extraction.facts {
        let span: String = chars[fact.span.0..fact.span.1].iter().collect();
        assert_eq!(span, fact.evidence);
    }
}
