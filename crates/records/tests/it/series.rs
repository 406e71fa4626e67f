//! Property tests of one series: where crossings lie, first crossing only, and arrival order.

use proptest::prelude::*;
use records::{Crossing, Ladder, Point, SeriesState, crossings, normalize};

/// A small ladder with a step, so that random series cross listed and generated milestones.
fn ladder() -> Ladder {
    Ladder::new(vec![5, 15, 20], Some(10)).unwrap()
}

/// Up to 40 points over a few instants and values: duplicates, dips and rises are all common.
fn raw_points() -> impl Strategy<Value = Vec<Point>> {
    prop::collection::vec((0i64..60, 0u64..70), 0..40).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(at, value)| Point::new(at, value))
            .collect()
    })
}

fn sorted(mut points: Vec<Point>) -> Vec<Point> {
    normalize(&mut points);
    points
}

fn batch(points: &[Point]) -> Vec<Crossing> {
    let mut out = Vec::new();
    crossings(points, &ladder(), &mut out);
    out
}

proptest! {
    #[test]
    fn a_crossing_lies_within_its_bracketing_points(points in raw_points()) {
        let points = sorted(points);
        for c in batch(&points) {
            prop_assert!(c.estimate <= c.upper.at, "{c:?}");
            prop_assert!(c.upper.value >= c.milestone, "{c:?}");
            match c.lower {
                Some(lower) => {
                    prop_assert!(lower.at <= c.estimate && lower.at < c.upper.at, "{c:?}");
                    prop_assert!(lower.value < c.milestone, "{c:?}");
                }
                None => {
                    prop_assert_eq!(c.estimate, c.upper.at);
                    prop_assert_eq!(Some(&c.upper), points.first());
                }
            }
        }
    }

    #[test]
    fn crossings_are_first_crossings_of_each_milestone_reached(points in raw_points()) {
        let points = sorted(points);
        let found = batch(&points);
        let max = points.iter().map(|p| p.value).max().unwrap_or(0);
        let expected: Vec<u64> = ladder().up_to(max).collect();
        let milestones: Vec<u64> = found.iter().map(|c| c.milestone).collect();
        // Each milestone the series reached, once, however it dipped and rose again.
        prop_assert_eq!(&milestones, &expected);
        for c in &found {
            let first = points.iter().position(|p| p.value >= c.milestone).unwrap();
            prop_assert_eq!(c.upper, points[first]);
            prop_assert_eq!(c.lower, first.checked_sub(1).map(|i| points[i]));
        }
    }

    #[test]
    fn a_dip_never_makes_a_second_crossing(
        rise in 1u64..60,
        dip in 1u64..60,
        again in 0u64..80,
    ) {
        // Up to `rise`, down by up to `dip`, then up to `again`: the crossings of milestones up
        // to `rise` stay on the first rise.
        let dipped = rise.saturating_sub(dip);
        let points = vec![Point::new(0, 0), Point::new(10, rise), Point::new(20, dipped), Point::new(30, again)];
        let found = batch(&points);
        for c in &found {
            if c.milestone <= rise {
                prop_assert_eq!(c.upper.at, 10);
            } else {
                prop_assert_eq!(c.upper.at, 30);
            }
        }
        let reached = ladder().up_to(rise.max(again)).count();
        prop_assert_eq!(found.len(), reached);
    }

    #[test]
    fn arrival_order_never_changes_the_outcome(
        (points, shuffled) in raw_points().prop_flat_map(|points| {
            let shuffled = Just(points.clone()).prop_shuffle();
            (Just(points), shuffled)
        })
    ) {
        let expected = SeriesState::from_points(ladder(), points);
        let mut state = SeriesState::new(ladder());
        // The changes, applied in order, rebuild the crossings too.
        let mut replayed: Vec<Crossing> = Vec::new();
        for point in shuffled {
            let change = state.insert(point);
            for moved in change.moved {
                let slot = replayed.iter_mut().find(|c| **c == moved.before).unwrap();
                *slot = moved.after;
            }
            replayed.extend(change.added);
        }
        prop_assert_eq!(&state, &expected);
        prop_assert_eq!(replayed.as_slice(), expected.crossings());
        let again = batch(expected.points());
        prop_assert_eq!(expected.crossings(), again.as_slice());
    }
}
