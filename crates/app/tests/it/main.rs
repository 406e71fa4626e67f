//! Use cases end to end over a temporary SQLite store: importing a real daily YouTube statistics
//! export (Kaggle trending videos, CC0) as it is, and the crossings it yields.

mod musicbrainz;

use std::collections::BTreeMap;

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
