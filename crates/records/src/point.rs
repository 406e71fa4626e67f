//! `Point`, one observation of a series (instant, value), and the rule that turns points as they
//! arrive (late, out of order, duplicated) into the sorted series the engine works on.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// A count observed at an instant: `at` in unix milliseconds (UTC), `value` the count.
///
/// Plain on purpose: the crossing loop walks `&[Point]` and must not pay for richer types. Use
/// [`Point::from_timestamp`] and [`Point::timestamp`] at the edges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Point {
    pub at: i64,
    pub value: u64,
}

impl Point {
    pub fn new(at: i64, value: u64) -> Self {
        Self { at, value }
    }

    /// A point at `at`, truncated to the millisecond.
    pub fn from_timestamp(at: Timestamp, value: u64) -> Self {
        Self {
            at: at.as_millisecond(),
            value,
        }
    }

    /// The instant as a timestamp; `None` when `at` is outside jiff's range (years -9999 to 9999).
    pub fn timestamp(self) -> Option<Timestamp> {
        Timestamp::from_millisecond(self.at).ok()
    }
}

/// Sorts points by instant and merges duplicates of the same instant, keeping the largest value.
///
/// **Duplicate rule.** Two observations of the same instant are merged into one holding the larger
/// value. `max` is commutative and associative, so the series does not depend on the order the
/// duplicates arrived in; and since a larger count at the same instant can only cross more
/// milestones, a merged duplicate never removes a crossing. Every path into the engine
/// ([`crate::SeriesState::insert`], [`crate::Engine::compute_all`]) applies this rule.
pub fn normalize(points: &mut Vec<Point>) {
    if points.is_sorted_by(|a, b| a.at < b.at) {
        return;
    }
    points.sort_unstable_by(|a, b| a.at.cmp(&b.at).then(b.value.cmp(&a.value)));
    points.dedup_by_key(|point| point.at);
}

#[cfg(test)]
mod tests {
    use super::{Point, normalize};

    fn check(input: &[(i64, u64)], expect: &[(i64, u64)]) {
        let mut points: Vec<Point> = input.iter().map(|&(at, v)| Point::new(at, v)).collect();
        normalize(&mut points);
        let got: Vec<(i64, u64)> = points.iter().map(|p| (p.at, p.value)).collect();
        assert_eq!(got, expect, "normalize({input:?})");
    }

    #[test]
    fn normalize_sorts_and_keeps_the_largest_duplicate() {
        check(&[], &[]);
        check(&[(5, 1)], &[(5, 1)]);
        check(&[(1, 1), (2, 2), (3, 3)], &[(1, 1), (2, 2), (3, 3)]);
        check(&[(3, 3), (1, 1), (2, 2)], &[(1, 1), (2, 2), (3, 3)]);
        check(&[(1, 5), (1, 7), (1, 6)], &[(1, 7)]);
        check(&[(2, 1), (1, 9), (2, 4), (1, 3)], &[(1, 9), (2, 4)]);
        check(&[(-10, 0), (-20, 3)], &[(-20, 3), (-10, 0)]);
    }

    #[test]
    fn timestamps_convert_at_the_edges() {
        let at: jiff::Timestamp = "2021-12-06T14:43:00Z".parse().unwrap();
        let point = Point::from_timestamp(at, 1_000_000);
        assert_eq!(point.at, 1_638_801_780_000);
        assert_eq!(point.timestamp(), Some(at));
        assert_eq!(Point::new(i64::MAX, 0).timestamp(), None);
    }
}
