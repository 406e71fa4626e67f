//! Crossings: the first instant a series reaches a milestone, estimated by linear interpolation
//! between the two points that bracket it; and `crossings`, the batch pass over a sorted series.

use serde::{Deserialize, Serialize};

use crate::{Ladder, Point};

/// The first time a series reached `milestone`.
///
/// `upper` is the first point (in time) whose value is at least the milestone, and `lower` the
/// point right before it, whose value is below. The true instant lies in `(lower.at, upper.at]`;
/// `estimate` interpolates linearly between the two. When the series' first point is already at
/// or above the milestone there is no `lower`: the crossing happened at or before `upper.at`,
/// which is then both the estimate and its only bound (an upper bound).
///
/// First crossing only: a later dip below the milestone and a new rise do not make another one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Crossing {
    pub milestone: u64,
    pub estimate: i64,
    pub lower: Option<Point>,
    pub upper: Point,
}

impl Crossing {
    /// The crossing of `milestone` bracketed by `lower` and `upper`, estimated by linear
    /// interpolation in exact integer arithmetic, rounded to the nearest millisecond.
    ///
    /// Always `lower.at <= estimate <= upper.at`, even for inputs that break the bracket (a lower
    /// value at or above the milestone gives `lower.at`, an upper value below it gives `upper.at`,
    /// points out of order give `upper.at`); it cannot overflow or panic.
    pub fn between(milestone: u64, lower: Option<Point>, upper: Point) -> Self {
        let estimate = match lower {
            Some(lower) => interpolate(milestone, lower, upper),
            None => upper.at,
        };
        Self {
            milestone,
            estimate,
            lower,
            upper,
        }
    }

    /// The bracket as instants: `(lower.at, upper.at)`, with no lower bound before the first point.
    pub fn bounds(&self) -> (Option<i64>, i64) {
        (self.lower.map(|lower| lower.at), self.upper.at)
    }
}

/// Every crossing of `ladder` by the series `points`, in milestone order, written to `out` (which
/// is cleared first). `points` must be sorted by `at` with one point per instant (see
/// [`crate::normalize`]); unsorted input yields crossings that are well-formed but meaningless.
///
/// One pass, O(points + milestones), no allocation besides `out`'s growth: the loop compares each
/// value with the next milestone not yet reached, so a dip and a new rise cannot cross the same
/// milestone twice.
pub fn crossings(points: &[Point], ladder: &Ladder, out: &mut Vec<Crossing>) {
    out.clear();
    debug_assert!(
        points.is_sorted_by(|a, b| a.at < b.at),
        "crossings needs points sorted by instant, one per instant"
    );
    let mut index = 0;
    let Some(mut next) = ladder.milestone(0) else {
        return;
    };
    let mut start = 0;
    while let Some(offset) = first_reaching(&points[start..], next) {
        let found = start + offset;
        let upper = points[found];
        let lower = found.checked_sub(1).map(|before| points[before]);
        loop {
            out.push(Crossing::between(next, lower, upper));
            index += 1;
            match ladder.milestone(index) {
                Some(milestone) => next = milestone,
                None => return,
            }
            if next > upper.value {
                break;
            }
        }
        start = found + 1;
    }
}

/// The position of the first point whose value reaches `milestone`. The hot loop: it looks at
/// blocks of points first, taking the block's maximum (branch-free, so the compiler vectorizes
/// it), and only searches inside a block that reaches.
#[inline]
fn first_reaching(points: &[Point], milestone: u64) -> Option<usize> {
    const BLOCK: usize = 16;
    let mut blocks = points.chunks_exact(BLOCK);
    let mut base = 0;
    for block in &mut blocks {
        let max = block.iter().fold(0, |max, point| max.max(point.value));
        if max >= milestone {
            return block
                .iter()
                .position(|point| point.value >= milestone)
                .map(|offset| base + offset);
        }
        base += BLOCK;
    }
    blocks
        .remainder()
        .iter()
        .position(|point| point.value >= milestone)
        .map(|offset| base + offset)
}

/// `lower.at + (upper.at - lower.at) * (milestone - lower.value) / (upper.value - lower.value)`,
/// rounded half up, in u128: both factors are below 2^64, so the product cannot overflow.
fn interpolate(milestone: u64, lower: Point, upper: Point) -> i64 {
    if lower.at >= upper.at || upper.value < milestone {
        return upper.at;
    }
    if lower.value >= milestone {
        return lower.at;
    }
    // lower.value < milestone <= upper.value, so both differences are positive and the fraction
    // (milestone - lower.value) / (upper.value - lower.value) is in (0, 1].
    let span = i128::from(upper.at) - i128::from(lower.at);
    let span = span.unsigned_abs();
    let rise = u128::from(upper.value - lower.value);
    let needed = u128::from(milestone - lower.value);
    let product = span * needed;
    let mut offset = product / rise;
    if product % rise >= rise - product % rise {
        offset += 1;
    }
    // offset <= span, so lower.at + offset <= upper.at fits in i64.
    let estimate = i128::from(lower.at) + offset.min(span).cast_signed();
    i64::try_from(estimate).unwrap_or(upper.at)
}

#[cfg(test)]
mod tests {
    use super::{Crossing, crossings};
    use crate::{Ladder, Point};

    /// Runs the batch pass over `input` (instant, value) with `ladder`, and compares each crossing
    /// as `(milestone, estimate, lower instant, upper instant)`.
    fn check(ladder: &[u64], input: &[(i64, u64)], expect: &[(u64, i64, Option<i64>, i64)]) {
        let ladder = Ladder::custom(ladder.to_vec()).unwrap();
        let points: Vec<Point> = input.iter().map(|&(at, v)| Point::new(at, v)).collect();
        let mut out = vec![Crossing::between(1, None, Point::new(0, 0))];
        crossings(&points, &ladder, &mut out);
        let got: Vec<_> = out
            .iter()
            .map(|c| (c.milestone, c.estimate, c.lower.map(|p| p.at), c.upper.at))
            .collect();
        assert_eq!(got, expect, "crossings of {input:?}");
    }

    #[test]
    fn crossings_interpolate_between_the_bracketing_points() {
        check(&[10], &[], &[]);
        check(&[10], &[(0, 0), (100, 5)], &[]);
        check(&[10], &[(0, 0), (100, 20)], &[(10, 50, Some(0), 100)]);
        check(&[10], &[(0, 0), (100, 10)], &[(10, 100, Some(0), 100)]);
        // A third of the way: 33.3 rounds down, two thirds: 66.7 rounds up.
        check(
            &[1, 2],
            &[(0, 0), (100, 3)],
            &[(1, 33, Some(0), 100), (2, 67, Some(0), 100)],
        );
        check(
            &[10, 20, 30],
            &[(0, 5), (10, 25), (20, 35)],
            &[
                (10, 3, Some(0), 10),
                (20, 8, Some(0), 10),
                (30, 15, Some(10), 20),
            ],
        );
    }

    #[test]
    fn a_crossing_before_the_first_point_has_only_an_upper_bound() {
        check(
            &[10, 20],
            &[(50, 15), (60, 25)],
            &[(10, 50, None, 50), (20, 55, Some(50), 60)],
        );
    }

    #[test]
    fn a_dip_and_a_new_rise_do_not_cross_again() {
        check(
            &[10, 20],
            &[(0, 0), (10, 12), (20, 3), (30, 15), (40, 21)],
            &[(10, 8, Some(0), 10), (20, 38, Some(30), 40)],
        );
    }

    #[test]
    fn long_series_cross_inside_and_after_blocks() {
        let input: Vec<(i64, u64)> = (0..100).map(|i| (i * 10, i as u64)).collect();
        check(
            &[17, 31, 32, 99],
            &input,
            &[
                (17, 170, Some(160), 170),
                (31, 310, Some(300), 310),
                (32, 320, Some(310), 320),
                (99, 990, Some(980), 990),
            ],
        );
    }

    #[test]
    fn interpolation_never_overflows_or_leaves_its_bracket() {
        let extremes = [
            (
                Point::new(i64::MIN, 0),
                Point::new(i64::MAX, u64::MAX),
                u64::MAX / 2,
            ),
            (Point::new(i64::MIN, 0), Point::new(i64::MAX, u64::MAX), 1),
            (
                Point::new(i64::MIN, 0),
                Point::new(i64::MAX, u64::MAX),
                u64::MAX,
            ),
            (
                Point::new(-5, u64::MAX - 1),
                Point::new(5, u64::MAX),
                u64::MAX,
            ),
            (Point::new(5, 0), Point::new(-5, 10), 5),
            (Point::new(0, 20), Point::new(10, 30), 10),
            (Point::new(0, 0), Point::new(10, 5), 10),
        ];
        for (lower, upper, milestone) in extremes {
            let c = Crossing::between(milestone, Some(lower), upper);
            assert!(
                c.estimate <= upper.at && (lower.at > upper.at || c.estimate >= lower.at),
                "{c:?}"
            );
        }
        let middle = Crossing::between(
            u64::MAX / 2 + 1,
            Some(Point::new(i64::MIN, 0)),
            Point::new(i64::MAX, u64::MAX),
        );
        assert_eq!(middle.estimate, 0);
    }
}
