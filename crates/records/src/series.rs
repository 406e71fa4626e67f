//! `SeriesState`: one series kept incrementally. A point appended in time order costs O(1) plus the
//! milestones it crosses; a late point re-examines only the crossings it can affect.

use std::sync::Arc;

use crate::{Crossing, Ladder, Point, crossings, normalize};

/// What one inserted point changed. Crossings are only ever added or moved, never removed: points
/// are never deleted, and a duplicate instant keeps the larger value (see [`crate::normalize`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    /// Milestones reached for the first time, in milestone order.
    pub added: Vec<Crossing>,
    /// Crossings whose bracket (and so estimate) changed, in milestone order.
    pub moved: Vec<Moved>,
}

impl Change {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.moved.is_empty()
    }
}

/// A crossing corrected by a late point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moved {
    pub before: Crossing,
    pub after: Crossing,
}

/// A series' points (sorted by instant, one per instant) and its crossings of a ladder.
///
/// Architecture invariant: after any sequence of [`SeriesState::insert`], the state equals
/// [`SeriesState::from_points`] over the same points, whatever order they arrived in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesState {
    /// Shared by the series of a metric (an `Arc`, so a series costs no ladder allocation).
    ladder: Arc<Ladder>,
    points: Vec<Point>,
    /// Crossing `i` is the crossing of `ladder.milestone(i)`: the milestones reached form a prefix
    /// of the ladder, and their `upper` instants never decrease.
    crossings: Vec<Crossing>,
    /// `ladder.milestone(crossings.len())`: the next milestone, cached for the append path.
    next: Option<u64>,
    /// `points.last()`, cached for the append path: it saves a cache miss on the points' tail
    /// when many series take points in turn.
    last: Option<Point>,
}

impl SeriesState {
    pub fn new(ladder: impl Into<Arc<Ladder>>) -> Self {
        let ladder = ladder.into();
        let next = ladder.milestone(0);
        Self {
            ladder,
            points: Vec::new(),
            crossings: Vec::new(),
            next,
            last: None,
        }
    }

    /// The state of a whole series at once (the batch path): normalizes `points`, then one pass.
    pub fn from_points(ladder: impl Into<Arc<Ladder>>, mut points: Vec<Point>) -> Self {
        let ladder = ladder.into();
        normalize(&mut points);
        let mut found = Vec::new();
        crossings(&points, &ladder, &mut found);
        let next = ladder.milestone(found.len());
        let last = points.last().copied();
        Self {
            ladder,
            points,
            crossings: found,
            next,
            last,
        }
    }

    pub fn ladder(&self) -> &Ladder {
        &self.ladder
    }

    /// The points, sorted by instant, one per instant.
    pub fn points(&self) -> &[Point] {
        &self.points
    }

    /// The crossings, in milestone order.
    pub fn crossings(&self) -> &[Crossing] {
        &self.crossings
    }

    /// The crossing of `milestone`, when the series has reached it.
    pub fn crossing(&self, milestone: u64) -> Option<&Crossing> {
        self.crossings
            .binary_search_by_key(&milestone, |c| c.milestone)
            .ok()
            .map(|index| &self.crossings[index])
    }

    /// Adds one point and reports the crossings it added or moved.
    ///
    /// A point at an instant already present keeps the larger of the two values. Appending after the
    /// last point costs O(1) amortized plus the milestones crossed. A late point at position `k`
    /// affects only the crossings whose upper point is at or after it; among those, the ones whose
    /// milestone it reaches now have it as upper point, and the ones it falls just before (it is
    /// the new point right below their upper point) have it as lower point. Nothing else can move.
    #[inline]
    pub fn insert(&mut self, point: Point) -> Change {
        let at_end = self.last.is_none_or(|last| last.at < point.at);
        if at_end && self.next.is_none_or(|next| point.value < next) {
            // The common case: a new last point below the next milestone changes no crossing.
            self.points.push(point);
            self.last = Some(point);
            return Change::default();
        }
        let change = self.insert_slow(point, at_end);
        self.last = self.points.last().copied();
        change
    }

    fn insert_slow(&mut self, point: Point, at_end: bool) -> Change {
        let k = if at_end {
            self.points.push(point);
            self.points.len() - 1
        } else {
            let k = self.points.partition_point(|p| p.at < point.at);
            match self.points.get_mut(k) {
                Some(same) if same.at == point.at => {
                    if same.value >= point.value {
                        return Change::default();
                    }
                    same.value = point.value;
                }
                _ => self.points.insert(k, point),
            }
            k
        };
        let mut change = Change::default();
        // Crossings before `first` have their upper point strictly before the new point: unaffected.
        let first = if at_end {
            self.crossings.len()
        } else {
            self.crossings.partition_point(|c| c.upper.at < point.at)
        };
        let lower = k.checked_sub(1).map(|before| self.points[before]);
        let mut index = first;
        // The new point reaches these milestones and comes no later than their old upper point.
        while index < self.crossings.len() && self.crossings[index].milestone <= point.value {
            let milestone = self.crossings[index].milestone;
            self.replace(
                index,
                Crossing::between(milestone, lower, point),
                &mut change,
            );
            index += 1;
        }
        // The new point is below these milestones; it becomes the lower point of the ones whose
        // upper point comes right after it.
        if let Some(&after) = self.points.get(k + 1) {
            while index < self.crossings.len() && self.crossings[index].upper.at == after.at {
                let milestone = self.crossings[index].milestone;
                self.replace(
                    index,
                    Crossing::between(milestone, Some(point), after),
                    &mut change,
                );
                index += 1;
            }
        }
        // Milestones never reached before: the new point is the first to reach them.
        if index == self.crossings.len() {
            while let Some(next) = self.next.filter(|&next| next <= point.value) {
                let crossing = Crossing::between(next, lower, point);
                self.crossings.push(crossing);
                change.added.push(crossing);
                self.next = self.ladder.milestone(self.crossings.len());
            }
        }
        change
    }

    fn replace(&mut self, index: usize, after: Crossing, change: &mut Change) {
        let before = std::mem::replace(&mut self.crossings[index], after);
        if before != after {
            change.moved.push(Moved { before, after });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SeriesState;
    use crate::{Ladder, Point};

    /// Inserts `input` (instant, value) one by one into a series on ladder 10, 20, 30 and compares
    /// each insertion's change, written as `+milestone@estimate` for an added crossing and
    /// `milestone@before>after` for a moved one.
    fn check(input: &[(i64, u64)], expect: &[&str]) {
        let mut series = SeriesState::new(Ladder::custom(vec![10, 20, 30]).unwrap());
        let got: Vec<String> = input
            .iter()
            .map(|&(at, value)| {
                let change = series.insert(Point::new(at, value));
                let moved = change.moved.iter().map(|m| {
                    format!(
                        "{}@{}>{}",
                        m.before.milestone, m.before.estimate, m.after.estimate
                    )
                });
                let added = change
                    .added
                    .iter()
                    .map(|c| format!("+{}@{}", c.milestone, c.estimate));
                moved.chain(added).collect::<Vec<_>>().join(" ")
            })
            .collect();
        assert_eq!(got, expect, "inserting {input:?}");
        let batch = SeriesState::from_points(series.ladder().clone(), series.points().to_vec());
        assert_eq!(series, batch, "incremental and batch differ");
    }

    #[test]
    fn appending_adds_crossings() {
        check(
            &[(0, 0), (10, 5), (20, 15), (30, 35)],
            &["", "", "+10@15", "+20@23 +30@28"],
        );
        check(&[(0, 12)], &["+10@0"]);
    }

    #[test]
    fn a_late_point_inside_a_bracket_moves_the_crossing() {
        // 10 is crossed between 0 (0) and 100 (20): estimate 50. A point at 20 (10) pins it.
        check(
            &[(0, 0), (100, 20), (20, 10)],
            &["", "+10@50 +20@100", "10@50>20 20@100>100"],
        );
        // A late point below the milestone becomes the lower bound: 10 between 50 (5) and 100 (20).
        check(
            &[(0, 0), (100, 20), (50, 5)],
            &["", "+10@50 +20@100", "10@50>67 20@100>100"],
        );
    }

    #[test]
    fn a_late_point_before_the_first_point_can_take_the_crossing() {
        // 10 was crossed before the first point; a point before it, below, gives a lower bound.
        check(&[(100, 15), (0, 5)], &["+10@100", "10@100>50"]);
        // An earlier point above the milestone takes the crossing.
        check(
            &[(100, 15), (50, 25), (0, 0)],
            &["+10@100", "10@100>50 +20@50", "10@50>20 20@50>40"],
        );
    }

    #[test]
    fn duplicates_keep_the_larger_value() {
        check(&[(0, 0), (10, 15), (10, 12)], &["", "+10@7", ""]);
        check(
            &[(0, 0), (10, 12), (10, 25)],
            &["", "+10@8", "10@8>4 +20@8"],
        );
    }

    #[test]
    fn a_dip_never_crosses_twice() {
        check(
            &[(0, 0), (10, 12), (20, 3), (30, 15)],
            &["", "+10@8", "", ""],
        );
        check(
            &[(0, 0), (20, 3), (30, 15), (10, 12)],
            &["", "", "+10@26", "10@26>8"],
        );
    }
}
