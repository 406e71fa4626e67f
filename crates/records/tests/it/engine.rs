//! Property tests of the engine: any arrival order, and any late correction of a subject, ends in
//! the batch result; the reported event changes add up to the events the state implies.

use std::collections::BTreeMap;

use model::Platform;
use proptest::prelude::*;
use records::{
    Engine, EventChange, Ladder, Ladders, Metric, Point, RecordBroken, SeriesInput, Subject,
    SubjectKind,
};

const IDS: [&str; 4] = ["a", "b", "c", "d"];
const METRICS: [Metric; 2] = [Metric::Followers, Metric::Views];

fn ladders() -> Ladders {
    let small = Ladder::new(vec![10, 20, 30], Some(20)).unwrap();
    Ladders::default()
        .with(Metric::Followers, small.clone())
        .with(Metric::Views, small)
}

fn subjects() -> impl Strategy<Value = Vec<Subject>> {
    let one = (
        prop::bool::ANY,
        prop::bool::ANY,
        prop::bool::ANY,
        prop::option::weighted(0.85, -30i64..30),
    );
    [one.clone(), one.clone(), one.clone(), one].prop_map(|all| {
        IDS.iter()
            .zip(all)
            .map(|(id, (group, kpop, solo, origin))| Subject {
                id: (*id).to_owned(),
                kind: if group {
                    SubjectKind::Group
                } else {
                    SubjectKind::Person
                },
                platform: Platform::Instagram,
                tags: [(kpop, "k-pop"), (solo, "solo")]
                    .iter()
                    .filter(|(on, _)| *on)
                    .map(|(_, tag)| (*tag).to_owned())
                    .collect(),
                origin,
            })
            .collect()
    })
}

/// (subject index, metric index, instant, value), up to 60 of them.
fn points() -> impl Strategy<Value = Points> {
    prop::collection::vec((0..IDS.len(), 0..METRICS.len(), 0i64..40, 0u64..60), 0..60).prop_map(
        |raw| {
            raw.into_iter()
                .map(|(s, m, at, value)| (s, m, Point::new(at, value)))
                .collect()
        },
    )
}

fn batch(subjects: &[Subject], points: &Points) -> Engine {
    let series = points
        .iter()
        .map(|&(s, m, point)| SeriesInput {
            subject: IDS[s].to_owned(),
            metric: METRICS[m],
            points: vec![point],
        })
        .collect();
    Engine::compute_all(ladders(), subjects.to_vec(), series).unwrap()
}

/// Applies event changes to the events known so far, checking each is consistent with them.
fn apply(events: &mut BTreeMap<String, RecordBroken>, changes: Vec<EventChange>) {
    for change in changes {
        match change {
            EventChange::Added(event) => {
                assert!(
                    events.insert(event.id.clone(), event).is_none(),
                    "added twice"
                );
            }
            EventChange::Changed { before, after } => {
                assert_eq!(
                    events.get(&before.id),
                    Some(&before),
                    "changed an unknown event"
                );
                events.insert(after.id.clone(), after);
            }
            EventChange::Retracted(event) => {
                assert_eq!(
                    events.remove(&event.id),
                    Some(event),
                    "retracted an unknown event"
                );
            }
        }
    }
}

fn sorted_events(events: BTreeMap<String, RecordBroken>) -> Vec<RecordBroken> {
    let mut events: Vec<RecordBroken> = events.into_values().collect();
    events.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id)));
    events
}

/// Indexed points: (subject index, metric index, point).
type Points = Vec<(usize, usize, Point)>;

/// Subjects, their points, and the same points shuffled.
fn input() -> impl Strategy<Value = (Vec<Subject>, Points, Points)> {
    (subjects(), points()).prop_flat_map(|(subjects, points)| {
        let shuffled = Just(points.clone()).prop_shuffle();
        (Just(subjects), Just(points), shuffled)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arrival_order_never_changes_the_engine((subjects, points, shuffled) in input()) {
        let expected = batch(&subjects, &points);
        let mut engine = Engine::new(ladders());
        for subject in &subjects {
            prop_assert!(engine.upsert_subject(subject.clone()).unwrap().is_empty());
        }
        let mut events = BTreeMap::new();
        for (s, m, point) in shuffled {
            apply(&mut events, engine.insert_point(IDS[s], METRICS[m], point).unwrap().events);
        }
        prop_assert_eq!(&engine, &expected);
        prop_assert_eq!(sorted_events(events), expected.events());
    }

    #[test]
    fn a_corrected_subject_ends_in_the_batch_result(
        (subjects, points, shuffled) in input(),
        wrong in subjects(),
        when in 0usize..60,
    ) {
        let expected = batch(&subjects, &points);
        let mut engine = Engine::new(ladders());
        for subject in &wrong {
            engine.upsert_subject(subject.clone()).unwrap();
        }
        let mut events = BTreeMap::new();
        let when = when.min(shuffled.len());
        for (index, (s, m, point)) in shuffled.into_iter().enumerate() {
            if index == when {
                for subject in &subjects {
                    apply(&mut events, engine.upsert_subject(subject.clone()).unwrap().events);
                }
            }
            apply(&mut events, engine.insert_point(IDS[s], METRICS[m], point).unwrap().events);
        }
        if when >= points.len() {
            for subject in &subjects {
                apply(&mut events, engine.upsert_subject(subject.clone()).unwrap().events);
            }
        }
        prop_assert_eq!(&engine, &expected);
        prop_assert_eq!(sorted_events(events), expected.events());
    }
}

proptest! {
    #[test]
    fn batches_of_points_report_net_changes((subjects, points, shuffled) in input()) {
        let expected = batch(&subjects, &points);
        let mut engine = Engine::new(ladders());
        for subject in &subjects {
            engine.upsert_subject(subject.clone()).unwrap();
        }
        // One call per series, its points in shuffled order.
        let mut by_series: BTreeMap<(usize, usize), Vec<Point>> = BTreeMap::new();
        for (s, m, point) in shuffled {
            by_series.entry((s, m)).or_default().push(point);
        }
        let mut events = BTreeMap::new();
        let mut crossings = BTreeMap::new();
        for ((s, m), points) in by_series {
            let update = engine.insert_points(IDS[s], METRICS[m], &points).unwrap();
            for change in update.crossings {
                let key = (change.subject, change.metric, change.after.milestone);
                prop_assert_eq!(crossings.insert(key, change.after), change.before);
            }
            apply(&mut events, update.events);
        }
        prop_assert_eq!(&engine, &expected);
        prop_assert_eq!(sorted_events(events), expected.events());
        let mut all = BTreeMap::new();
        for id in IDS {
            for metric in METRICS {
                for &c in engine.series(id, metric).map_or(&[][..], |x| x.crossings()) {
                    all.insert((id.to_owned(), metric, c.milestone), c);
                }
            }
        }
        prop_assert_eq!(crossings, all);
    }
}

#[test]
fn unknown_subjects_and_duplicates_are_refused() {
    let mut engine = Engine::new(Ladders::default());
    let error = engine
        .insert_point("nobody", Metric::Followers, Point::new(0, 1))
        .unwrap_err();
    assert_eq!(error.to_string(), "subject: unknown subject \"nobody\"");
    let subject = Subject {
        id: "thv".to_owned(),
        kind: SubjectKind::Person,
        platform: Platform::Instagram,
        tags: vec![],
        origin: None,
    };
    let error = Engine::compute_all(Ladders::default(), vec![subject.clone(), subject], vec![])
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "subjects[1].id: subject \"thv\" is listed twice"
    );
    let error = Engine::compute_all(
        Ladders::default(),
        vec![],
        vec![SeriesInput {
            subject: "x".to_owned(),
            metric: Metric::Views,
            points: vec![],
        }],
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "series[0].subject: unknown subject \"x\""
    );
}
