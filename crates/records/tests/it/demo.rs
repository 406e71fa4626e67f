//! PRODUCT §5: fastest to 1M Instagram followers among persons went Kang Daniel (11 h 36 min,
//! January 2019) → Jennifer Aniston (5 h 16 min, October 2019) → V (43 min, December 2021); V also
//! reached 10M in 4 h 52 min. The reported marks are real; the origins' times of day and the
//! points around each mark are illustrative, chosen so that interpolation gives the reported marks.

use jiff::Timestamp;
use model::Platform;
use records::{
    Certainty, Engine, Ladders, Metric, Point, RecordBroken, Scope, SeriesInput, Subject,
    SubjectKind,
};

const MINUTE: i64 = 60_000;

fn ms(text: &str) -> i64 {
    text.parse::<Timestamp>().unwrap().as_millisecond()
}

fn subject(id: &str, origin: &str, tags: &[&str]) -> Subject {
    Subject {
        id: id.to_owned(),
        kind: SubjectKind::Person,
        platform: Platform::Instagram,
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        origin: Some(ms(origin)),
    }
}

/// Points at (minutes after the origin, followers). Illustrative.
fn series(id: &str, origin: &str, points: &[(i64, u64)]) -> SeriesInput {
    SeriesInput {
        subject: id.to_owned(),
        metric: Metric::Followers,
        points: points
            .iter()
            .map(|&(minutes, value)| Point::new(ms(origin) + minutes * MINUTE, value))
            .collect(),
    }
}

const KANG_DANIEL: &str = "2019-01-11T12:00:00Z";
const ANISTON: &str = "2019-10-15T17:00:00Z";
const V: &str = "2021-12-06T14:00:00Z";

fn input() -> (Vec<Subject>, Vec<SeriesInput>) {
    let subjects = vec![
        subject("kangdaniel-instagram", KANG_DANIEL, &["k-pop"]),
        subject("jenniferaniston-instagram", ANISTON, &[]),
        subject("thv-instagram", V, &["k-pop"]),
    ];
    let series = vec![
        // 1M between 11 h 30 min and 11 h 40 min: 696 min = 11 h 36 min.
        series(
            "kangdaniel-instagram",
            KANG_DANIEL,
            &[(0, 0), (690, 982_000), (700, 1_012_000)],
        ),
        // 1M between 5 h and 13 h: a wide bracket, 316 min = 5 h 16 min.
        series(
            "jenniferaniston-instagram",
            ANISTON,
            &[(0, 0), (300, 960_000), (780, 2_160_000)],
        ),
        // 1M between 40 and 46 min: 43 min; 10M between 4 h 40 min and 5 h: 292 min = 4 h 52 min.
        series(
            "thv-instagram",
            V,
            &[
                (0, 0),
                (40, 700_000),
                (46, 1_300_000),
                (280, 9_400_000),
                (300, 10_400_000),
            ],
        ),
    ];
    (subjects, series)
}

fn scope(milestone: u64, tag: Option<&str>) -> Scope {
    Scope {
        platform: Platform::Instagram,
        metric: Metric::Followers,
        milestone,
        kind: SubjectKind::Person,
        tag: tag.map(str::to_owned),
    }
}

/// The engine built in batch, and the same one built point by point, newest point first.
fn engines() -> [Engine; 2] {
    let (subjects, series) = input();
    let batch = Engine::compute_all(Ladders::default(), subjects.clone(), series.clone()).unwrap();
    let mut incremental = Engine::new(Ladders::default());
    for subject in subjects {
        incremental.upsert_subject(subject).unwrap();
    }
    let mut points: Vec<(String, Point)> = series
        .iter()
        .flat_map(|s| s.points.iter().map(|&p| (s.subject.clone(), p)))
        .collect();
    points.sort_by_key(|(_, p)| std::cmp::Reverse(p.at));
    for (id, point) in points {
        incremental
            .insert_point(&id, Metric::Followers, point)
            .unwrap();
    }
    assert_eq!(incremental, batch);
    [batch, incremental]
}

/// `subject elapsed (lower–upper)` in minutes, fastest first.
fn ranking(engine: &Engine, scope: &Scope) -> Vec<String> {
    engine
        .board(scope)
        .unwrap()
        .ranked()
        .map(|e| {
            format!(
                "{} {} ({}–{})",
                e.subject,
                e.elapsed / MINUTE,
                e.elapsed_lower / MINUTE,
                e.elapsed_upper / MINUTE
            )
        })
        .collect()
}

fn progression(engine: &Engine, scope: &Scope) -> Vec<String> {
    engine
        .board(scope)
        .unwrap()
        .progression()
        .iter()
        .map(|step| {
            let set = Timestamp::from_millisecond(step.set_at).unwrap();
            match &step.broke {
                None => format!("{set} {}", step.subject),
                Some(b) => format!(
                    "{set} {} broke {} ({})",
                    step.subject, b.previous, b.certainty
                ),
            }
        })
        .collect()
}

#[test]
fn fastest_to_1m_instagram_followers_persons() {
    for engine in engines() {
        let persons = scope(1_000_000, None);
        assert_eq!(
            ranking(&engine, &persons),
            [
                "thv-instagram 43 (40–46)",
                "jenniferaniston-instagram 316 (300–780)",
                "kangdaniel-instagram 696 (690–700)",
            ]
        );
        assert_eq!(
            progression(&engine, &persons),
            [
                "2019-01-11T23:36:00Z kangdaniel-instagram",
                // 5 h 16 min beats 11 h 36 min, but Aniston's bracket reaches 13 h: probable.
                "2019-10-15T22:16:00Z jenniferaniston-instagram broke kangdaniel-instagram (probable)",
                // Even V's latest possible mark (46 min) beats Aniston's earliest (5 h): certain.
                "2021-12-06T14:43:00Z thv-instagram broke jenniferaniston-instagram (certain)",
            ]
        );
        assert_eq!(
            progression(&engine, &scope(1_000_000, Some("k-pop"))),
            [
                "2019-01-11T23:36:00Z kangdaniel-instagram",
                "2021-12-06T14:43:00Z thv-instagram broke kangdaniel-instagram (certain)",
            ]
        );
        assert_eq!(
            ranking(&engine, &scope(10_000_000, None)),
            ["thv-instagram 292 (280–300)"]
        );
        assert_eq!(ranking(&engine, &scope(5_000_000, None)).len(), 1);

        let events: Vec<(String, Certainty)> = engine
            .events()
            .into_iter()
            .map(|e: RecordBroken| (e.id, e.certainty))
            .collect();
        assert_eq!(
            events,
            [
                (
                    "record_broken:instagram:followers:1000000:person:jenniferaniston-instagram"
                        .to_owned(),
                    Certainty::Probable,
                ),
                (
                    "record_broken:instagram:followers:1000000:person:k-pop:thv-instagram"
                        .to_owned(),
                    Certainty::Certain,
                ),
                (
                    "record_broken:instagram:followers:1000000:person:thv-instagram".to_owned(),
                    Certainty::Certain,
                ),
            ]
        );
    }
}

#[test]
fn a_late_point_can_make_a_probable_record_certain() {
    let [mut engine, _] = engines();
    // A point found later pins Aniston's 1M inside 5 h 10 min – 5 h 20 min, before Kang Daniel's
    // earliest possible 11 h 30 min.
    let update = engine
        .insert_point(
            "jenniferaniston-instagram",
            Metric::Followers,
            Point::new(ms(ANISTON) + 320 * MINUTE, 1_010_000),
        )
        .unwrap();
    assert_eq!(update.crossings.len(), 1);
    let moved = &update.crossings[0];
    assert_eq!(
        moved.before.map(|c| c.estimate),
        Some(ms(ANISTON) + 316 * MINUTE)
    );
    assert_eq!(moved.after.estimate, ms(ANISTON) + 316 * MINUTE);
    assert_eq!(moved.after.upper.at, ms(ANISTON) + 320 * MINUTE);
    let changes: Vec<String> = update
        .events
        .iter()
        .map(|change| match change {
            records::EventChange::Changed { before, after } => {
                format!(
                    "{}: {} → {}",
                    after.subject, before.certainty, after.certainty
                )
            }
            other => format!("{other:?}"),
        })
        .collect();
    // Aniston's record became certain; V's record over hers stays certain and unchanged.
    assert_eq!(changes, ["jenniferaniston-instagram: probable → certain"]);
}
