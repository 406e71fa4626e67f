//! Use cases end to end over a temporary SQLite store: importing a real daily YouTube statistics
//! export (Kaggle trending videos, CC0) as it is, and the crossings it yields.

mod following;
mod musicbrainz;

use std::collections::BTreeMap;

mod claims;

use app::{App, StoreOptions};
use ingest::points::{detect, read_csv, read_csv_header};
use jiff::tz::TimeZone;
use model::{Bundle, SeriesKey, Slug};

const EXPORT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../ingest/testdata/youtube/USvideos-first-5-days.csv"
);

async fn app_with(bundle: &str) -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(
        &format!("sqlite://{}/bside.db", dir.path().display()),
        &StoreOptions::default(),
    )
    .await
    .unwrap();
    let bundle: Bundle = serde_json::from_str(bundle).unwrap();
    app.import(&bundle, &mut |_| {}).await.unwrap();
    (app, dir)
}

/// Two of the export's videos in the catalog, under their YouTube ids.
const CATALOG: &str = r#"{"format": "bside.bundle", "version": 1,
  "artists": [{"slug": "eminem", "name": "Eminem", "kind": "person"}, {"slug": "marshmello", "name": "Marshmello", "kind": "person"}],
  "videos": [
    {"slug": "walk-on-water-audio", "title": "Walk On Water (Audio)", "artists": ["eminem"], "platform": "youtube",
     "platform_id": "n1WpP7iowLc", "history": [{"state": "released", "at": {"date": "2017-11-10"}}]},
    {"slug": "blocks-mv", "title": "Blocks", "artists": ["marshmello"], "platform": "youtube",
     "platform_id": "5E4ZBSInqUU", "history": [{"state": "released", "at": {"date": "2017-11-10"}}]}
  ]}"#;

#[tokio::test]
async fn a_real_youtube_export_imports_as_it_is_and_its_crossings_are_bracketed_by_its_snapshots() {
    let (app, _dir) = app_with(CATALOG).await;
    let header = read_csv_header(std::fs::File::open(EXPORT).unwrap()).unwrap();
    let mapping = detect(&header).expect("the export's columns are recognized");
    let raw = read_csv(
        std::fs::File::open(EXPORT).unwrap(),
        &mapping,
        &TimeZone::UTC,
        |_| {},
    )
    .unwrap();
    assert_eq!(raw.len(), 2000, "1000 rows of views and likes");
    let report = app.import_points(&raw, &mut |_| {}).await.unwrap();
    assert_eq!(report.points, 20, "two videos, five days, two metrics");
    assert_eq!(report.series, 4);
    assert_eq!(report.skipped_rows, 1980);
    assert!(report.unknown.contains("youtube:2Vv-BfVoq4g"));

    // The snapshots of each video, by day, straight from the file.
    let mut snapshots: BTreeMap<&str, Vec<(i64, u64)>> = BTreeMap::new();
    for point in raw.iter().filter(|p| p.metric == model::Metric::Views) {
        if let ingest::points::SubjectRef::YoutubeId(id) = &point.subject {
            snapshots
                .entry(id.as_str())
                .or_default()
                .push((point.at, point.value));
        }
    }
    let mut crossed = Vec::new();
    for (video, id) in [
        ("walk-on-water-audio", "n1WpP7iowLc"),
        ("blocks-mv", "5E4ZBSInqUU"),
    ] {
        let key = SeriesKey::video(Slug::parse(video).unwrap(), model::Metric::Views);
        let view = app.series_view(&key).await.unwrap();
        let days = &snapshots[id];
        for crossing in &view.crossings {
            let Some(lower) = crossing.lower else {
                // Reached before the first snapshot: only the upper bound is known, and it is that snapshot.
                assert_eq!((crossing.upper.at, crossing.upper.value), days[0]);
                assert_eq!(crossing.estimate, crossing.upper.at);
                continue;
            };
            let day = days
                .iter()
                .position(|&(at, _)| at == lower.at)
                .expect("the lower bound is a snapshot");
            assert_eq!(
                days[day + 1],
                (crossing.upper.at, crossing.upper.value),
                "the upper bound is the next snapshot"
            );
            assert!(lower.value < crossing.milestone && crossing.milestone <= crossing.upper.value);
            assert!(lower.at <= crossing.estimate && crossing.estimate <= crossing.upper.at);
            crossed.push((video, crossing.milestone));
        }
    }
    assert_eq!(
        crossed,
        [
            ("walk-on-water-audio", 20_000_000),
            ("walk-on-water-audio", 25_000_000),
            ("blocks-mv", 1_000_000)
        ]
    );

    // Importing the same file again changes nothing.
    let before = app.store().export().await.unwrap();
    app.import_points(&raw, &mut |_| {}).await.unwrap();
    assert_eq!(app.store().export().await.unwrap(), before);
}

/// One account, for series of followers.
const ONE_ACCOUNT: &str = r#"{"format": "bside.bundle", "version": 1,
  "artists": [{"slug": "v", "name": "V", "kind": "person"}],
  "accounts": [{"slug": "thv-instagram", "artist": "v", "platform": "instagram", "handle": "thv"}]}"#;

/// A follower curve with noise, dips and duplicates: 400 snapshots over 100 days up to ~60M.
fn curve() -> Vec<app::PointInput> {
    let key = SeriesKey::parse("account.thv-instagram.followers").unwrap();
    let mut seed = 7_u64;
    let mut noise = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        i64::try_from(seed >> 44).unwrap() // 0 .. 2^20
    };
    let mut points = Vec::new();
    for i in 0..400_i64 {
        let trend = 150_000 * i + 40_000 * i.min(20);
        let dip = if i % 37 == 0 { -900_000 } else { 0 };
        points.push(app::PointInput {
            series: key.clone(),
            at: 1_638_748_800_000 + i * 6 * 3_600_000,
            value: (trend + dip + noise()).max(0),
            illustrative: false,
        });
        if i % 11 == 0 {
            // The same instant again, lower: the larger value stays.
            let mut again = points.last().unwrap().clone();
            again.value = (again.value - 5).max(0);
            points.push(again);
        }
    }
    points
}

/// The crossings the store holds for V's followers after `batches` are ingested in that order.
async fn crossings_after(batches: &[Vec<app::PointInput>]) -> Vec<app::CrossingRow> {
    let (app, _dir) = app_with(ONE_ACCOUNT).await;
    for batch in batches {
        app.ingest_points(batch).await.unwrap();
    }
    let key = SeriesKey::parse("account.thv-instagram.followers").unwrap();
    let info = app.store().series(&key).await.unwrap().unwrap();
    app.store().crossings(info.id).await.unwrap()
}

#[tokio::test]
async fn crossings_do_not_depend_on_how_points_arrive() {
    let points = curve();
    let in_order: Vec<Vec<app::PointInput>> = points.chunks(25).map(<[_]>::to_vec).collect();
    let expected = crossings_after(std::slice::from_ref(&points)).await;
    assert!(
        expected.len() >= 8,
        "the curve crosses 1M … 50M: {expected:?}"
    );

    let mut reversed = in_order.clone();
    reversed.reverse();
    // Interleaved: every third batch held back and sent at the end, late.
    let (mut late, mut interleaved) = (Vec::new(), Vec::new());
    for (index, batch) in in_order.iter().enumerate() {
        if index % 3 == 1 {
            late.push(batch.clone());
        } else {
            interleaved.push(batch.clone());
        }
    }
    interleaved.extend(late);
    // One point per batch, newest first.
    let singles: Vec<Vec<app::PointInput>> = points.iter().rev().map(|p| vec![p.clone()]).collect();
    for (name, batches) in [
        ("batches in order", in_order),
        ("batches reversed", reversed),
        ("late batches", interleaved),
        ("single points, newest first", singles),
    ] {
        assert_eq!(crossings_after(&batches).await, expected, "{name}");
    }

    // And the same as the engine computes over the whole series at once.
    let mut merged: BTreeMap<i64, u64> = BTreeMap::new();
    for p in &points {
        let value = u64::try_from(p.value).unwrap();
        merged
            .entry(p.at)
            .and_modify(|v| *v = (*v).max(value))
            .or_insert(value);
    }
    let series: Vec<records::Point> = merged
        .into_iter()
        .map(|(at, value)| records::Point { at, value })
        .collect();
    let mut engine = Vec::new();
    records::crossings(
        &series,
        records::Ladders::default().get(model::Metric::Followers),
        &mut engine,
    );
    let engine: Vec<(i64, i64)> = engine
        .iter()
        .map(|c| (i64::try_from(c.milestone).unwrap(), c.estimate))
        .collect();
    let stored: Vec<(i64, i64)> = expected.iter().map(|c| (c.milestone, c.estimate)).collect();
    assert_eq!(stored, engine);
}
