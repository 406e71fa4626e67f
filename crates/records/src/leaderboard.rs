//! Leaderboards: one scope's crossings ranked by elapsed time from each subject's origin, with the
//! record's progression (who held it when) and how sure each record-breaking step is.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Bound;
use std::sync::Arc;

use crate::{Crossing, named_enum};

named_enum! {
    /// How sure it is that a new record beats the one it replaces. See [`Certainty::of`].
    Certainty {
        Certain => "certain",
        Probable => "probable",
    }
}

impl Certainty {
    /// `Certain` when the challenger's *upper-bound* elapsed time is strictly shorter than the
    /// holder's *lower-bound* elapsed time: whatever the true instants inside both brackets, the
    /// challenger was faster. `Probable` when only the estimates say so (the caller has checked
    /// `challenger.elapsed < holder.elapsed`).
    ///
    /// Bounds come from the bracketing points: a crossing lies in `(lower.at, upper.at]`, so its
    /// elapsed time lies in `(lower.at - origin, upper.at - origin]`, clamped at 0 (see [`Entry`]).
    /// The comparison is strict although the lower bound is exclusive, so that a clamped bound (no
    /// lower point, or one before the origin) never yields a certainty it cannot support.
    pub fn of(challenger: &Entry, holder: &Entry) -> Self {
        if challenger.elapsed_upper < holder.elapsed_lower {
            Self::Certain
        } else {
            Self::Probable
        }
    }
}

/// A subject's place in a leaderboard: its crossing and the elapsed time from its origin, in ms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub subject: Arc<str>,
    pub crossing: Crossing,
    /// `crossing.estimate - origin`, clamped at 0.
    pub elapsed: i64,
    /// `lower.at - origin` (clamped at 0); 0 when the crossing has no lower point.
    pub elapsed_lower: i64,
    /// `upper.at - origin`, clamped at 0.
    pub elapsed_upper: i64,
    /// The estimate precedes the origin (the count was reached before the account went public, or
    /// the origin is wrong): `elapsed` was clamped to 0 and the entry deserves a look.
    pub before_origin: bool,
}

impl Entry {
    pub fn new(subject: Arc<str>, crossing: Crossing, origin: i64) -> Self {
        let since = |at: i64| at.saturating_sub(origin).max(0);
        Self {
            subject,
            elapsed: since(crossing.estimate),
            elapsed_lower: crossing.lower.map_or(0, |lower| since(lower.at)),
            elapsed_upper: since(crossing.upper.at),
            before_origin: crossing.estimate < origin,
            crossing,
        }
    }
}

/// One step of a record's progression: `subject` set the record at `set_at` (its crossing's
/// estimate) and held it until the next step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub subject: Arc<str>,
    pub set_at: i64,
    pub elapsed: i64,
    /// The record this step broke; `None` for the first holder.
    pub broke: Option<Broke>,
}

/// The record a step broke, and how sure it is that it did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broke {
    pub previous: Arc<str>,
    pub previous_elapsed: i64,
    pub certainty: Certainty,
}

/// One scope's entries, ranked by elapsed time (ties by subject id), and the record's progression.
///
/// The progression is derived from the entries alone: walk them in the order the records were set in
/// real time, `(estimate, subject id)`, and keep each entry strictly faster than the holder so far.
/// So it does not depend on the order crossings arrived in. A corrected crossing replays the steps
/// from its (old or new) place onward, and stops as soon as the holder is again the one the old
/// progression had: a crossing that sets no record costs O(log n).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Leaderboard {
    /// The entries in the order their records were set: by `(estimate, subject)`.
    by_set: BTreeMap<SetKey, Entry>,
    /// Each subject's estimate: where its entry is in `by_set`.
    estimates: HashMap<Arc<str>, i64>,
    /// `(elapsed, subject)`: the ranking.
    ranking: BTreeSet<(i64, Arc<str>)>,
    progression: Vec<Step>,
}

/// An entry's place in set order: `(estimate, subject)`.
type SetKey = (i64, Arc<str>);

/// A step that is a record-broken event, before and after an update (`None`: absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StepChange {
    pub(crate) before: Option<Step>,
    pub(crate) after: Option<Step>,
}

impl Leaderboard {
    /// A leaderboard of these entries at once (the batch path). A subject listed twice keeps its
    /// last entry.
    pub fn from_entries(entries: Vec<Entry>) -> Self {
        let entries: HashMap<Arc<str>, Entry> = entries
            .into_iter()
            .map(|entry| (entry.subject.clone(), entry))
            .collect();
        let estimates = entries
            .iter()
            .map(|(subject, e)| (subject.clone(), e.crossing.estimate))
            .collect();
        let ranking = entries
            .values()
            .map(|e| (e.elapsed, e.subject.clone()))
            .collect();
        let by_set = entries
            .into_values()
            .map(|e| ((e.crossing.estimate, e.subject.clone()), e))
            .collect();
        let mut board = Self {
            by_set,
            estimates,
            ranking,
            progression: Vec::new(),
        };
        board.replay(None);
        board
    }

    pub fn len(&self) -> usize {
        self.by_set.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_set.is_empty()
    }

    pub fn entry(&self, subject: &str) -> Option<&Entry> {
        let (subject, &estimate) = self.estimates.get_key_value(subject)?;
        self.by_set.get(&(estimate, subject.clone()))
    }

    /// The entries from fastest to slowest; equal elapsed times in subject id order.
    pub fn ranked(&self) -> impl DoubleEndedIterator<Item = &Entry> + '_ {
        self.ranking
            .iter()
            .filter_map(|(_, subject)| self.entry(subject))
    }

    /// The `n` fastest entries.
    pub fn top(&self, n: usize) -> Vec<&Entry> {
        self.ranked().take(n).collect()
    }

    /// The 1-based rank of `subject`.
    pub fn rank_of(&self, subject: &str) -> Option<usize> {
        let entry = self.entry(subject)?;
        Some(
            self.ranking
                .range(..(entry.elapsed, entry.subject.clone()))
                .count()
                + 1,
        )
    }

    /// The entries in the order their records were set (by estimate, then subject id).
    pub fn in_set_order(&self) -> impl DoubleEndedIterator<Item = &Entry> + '_ {
        self.by_set.values()
    }

    /// Who held the record when, in the order the records were set.
    pub fn progression(&self) -> &[Step] {
        &self.progression
    }

    /// The current record holder.
    pub fn holder(&self) -> Option<&Entry> {
        let step = self.progression.last()?;
        self.by_set.get(&(step.set_at, step.subject.clone()))
    }

    /// Adds or replaces `entry`'s subject and reports the record-broken steps that changed.
    pub(crate) fn upsert(&mut self, entry: Entry) -> Vec<StepChange> {
        let subject = entry.subject.clone();
        let new_key: SetKey = (entry.crossing.estimate, subject.clone());
        let mut changed = (new_key.clone(), new_key.clone());
        if let Some(&old_estimate) = self.estimates.get(&subject) {
            let old_key: SetKey = (old_estimate, subject.clone());
            if let Some(old) = self.by_set.remove(&old_key) {
                if old == entry {
                    self.by_set.insert(old_key, old);
                    return Vec::new();
                }
                self.ranking.remove(&(old.elapsed, subject.clone()));
                changed = (
                    old_key.clone().min(new_key.clone()),
                    old_key.max(new_key.clone()),
                );
            }
        }
        self.estimates
            .insert(subject.clone(), entry.crossing.estimate);
        self.ranking.insert((entry.elapsed, subject));
        self.by_set.insert(new_key, entry);
        self.replay(Some(changed))
    }

    /// Removes `subject`'s entry and reports the record-broken steps that changed.
    pub(crate) fn remove(&mut self, subject: &str) -> Vec<StepChange> {
        let Some((subject, estimate)) = self.estimates.remove_entry(subject) else {
            return Vec::new();
        };
        let key: SetKey = (estimate, subject);
        if let Some(old) = self.by_set.remove(&key) {
            self.ranking.remove(&(old.elapsed, key.1.clone()));
        }
        self.replay(Some((key.clone(), key)))
    }

    /// Recomputes the progression after entries between the set keys `changed.0` and `changed.1`
    /// (inclusive) changed; `None` recomputes it all. Steps before `changed.0` depend only on the
    /// entries before them and are kept. Past `changed.1`, once the holder is the one the old
    /// progression had at the same place, the rest of the old progression is still right and is
    /// kept too. Returns the record-broken steps that changed.
    fn replay(&mut self, changed: Option<(SetKey, SetKey)>) -> Vec<StepChange> {
        let (keep, walk_from, until) = match changed {
            Some((from, until)) => (
                self.progression
                    .partition_point(|s| (s.set_at, &*s.subject) < (from.0, &*from.1)),
                Bound::Included(from),
                Some(until),
            ),
            None => (0, Bound::Unbounded, None),
        };
        let mut old_tail = self.progression.split_off(keep);
        let kept_holder = self.progression.last();
        // The holder so far, in the new progression and in the old one, as (subject, elapsed).
        let mut old_holder = kept_holder.map(|step| (step.subject.clone(), step.elapsed));
        let mut holder: Option<&Entry> =
            kept_holder.and_then(|step| self.by_set.get(&(step.set_at, step.subject.clone())));
        let mut old_seen = 0;
        let mut resume = None;
        for (key, entry) in self.by_set.range((walk_from, Bound::Unbounded)) {
            let broke = match holder {
                None => Some(None),
                Some(held) if entry.elapsed < held.elapsed => Some(Some(Broke {
                    previous: held.subject.clone(),
                    previous_elapsed: held.elapsed,
                    certainty: Certainty::of(entry, held),
                })),
                Some(_) => None,
            };
            if let Some(broke) = broke {
                self.progression.push(Step {
                    subject: entry.subject.clone(),
                    set_at: entry.crossing.estimate,
                    elapsed: entry.elapsed,
                    broke,
                });
                holder = Some(entry);
            }
            while let Some(step) = old_tail.get(old_seen)
                && (step.set_at, &*step.subject) <= (key.0, &*key.1)
            {
                old_holder = Some((step.subject.clone(), step.elapsed));
                old_seen += 1;
            }
            // The changed subject's entry differs from its old one even when its elapsed time does
            // not (its bounds, and so the certainty of the steps that break it): as the holder it
            // never counts as the same.
            let past_changes = until.as_ref().is_some_and(|until| key >= until);
            let same_holder = holder.map(|h| (&h.subject, h.elapsed))
                == old_holder
                    .as_ref()
                    .map(|(subject, elapsed)| (subject, *elapsed));
            let changed_holder = until
                .as_ref()
                .is_some_and(|until| holder.is_some_and(|h| h.subject == until.1));
            if past_changes && same_holder && !changed_holder {
                resume = Some(old_seen);
                break;
            }
        }
        let unchanged = resume.map_or_else(Vec::new, |from| old_tail.split_off(from));
        let changes = diff_events(&old_tail, &self.progression[keep..]);
        self.progression.extend(unchanged);
        changes
    }
}

/// The record-broken steps (steps that broke something) that differ between two tails, by subject.
fn diff_events(old: &[Step], new: &[Step]) -> Vec<StepChange> {
    let events = |steps: &[Step]| -> BTreeMap<Arc<str>, Step> {
        steps
            .iter()
            .filter(|step| step.broke.is_some())
            .map(|step| (step.subject.clone(), step.clone()))
            .collect()
    };
    let mut old = events(old);
    let mut changes = Vec::new();
    for (subject, after) in events(new) {
        let before = old.remove(&subject);
        if before.as_ref() != Some(&after) {
            changes.push(StepChange {
                before,
                after: Some(after),
            });
        }
    }
    changes.extend(old.into_values().map(|before| StepChange {
        before: Some(before),
        after: None,
    }));
    changes
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::{Certainty, Entry, Leaderboard};
    use crate::{Crossing, Point};

    /// An entry for a subject with `origin`, whose crossing is bracketed by the instants `lower`
    /// and `upper` and estimated at `estimate`.
    fn entry(subject: &str, origin: i64, lower: Option<i64>, estimate: i64, upper: i64) -> Entry {
        let crossing = Crossing {
            milestone: 10,
            estimate,
            lower: lower.map(|at| Point::new(at, 0)),
            upper: Point::new(upper, 10),
        };
        Entry::new(Arc::from(subject), crossing, origin)
    }

    /// Builds a board from `input` and compares the ranking and the progression, written as
    /// `subject` for the first holder and `subject>previous:certainty` for each record broken;
    /// then checks that upserting the entries one by one, in reverse, gives the same board.
    fn check(input: Vec<Entry>, expect_ranking: &[&str], expect_progression: &[&str]) {
        let board = Leaderboard::from_entries(input.clone());
        let ranking: Vec<&str> = board.ranked().map(|e| &*e.subject).collect();
        assert_eq!(ranking, expect_ranking);
        let progression: Vec<String> = board
            .progression()
            .iter()
            .map(|step| match &step.broke {
                None => step.subject.to_string(),
                Some(b) => format!("{}>{}:{}", step.subject, b.previous, b.certainty),
            })
            .collect();
        assert_eq!(progression, expect_progression);
        let mut incremental = Leaderboard::default();
        for e in input.into_iter().rev() {
            incremental.upsert(e);
        }
        assert_eq!(incremental, board);
    }

    #[test]
    fn progression_keeps_each_faster_record_in_real_time_order() {
        check(vec![], &[], &[]);
        let a = entry("a", 0, Some(5), 10, 15); // elapsed 10 in (5, 15]
        check(vec![a.clone()], &["a"], &["a"]);
        // b is set later (106) and faster (6), but its upper bound 7 is not below a's lower 5.
        let b = entry("b", 100, Some(105), 106, 107);
        check(
            vec![a.clone(), b.clone()],
            &["b", "a"],
            &["a", "b>a:probable"],
        );
        // c's upper bound 4 is below a's lower bound 5: faster whatever the true instants.
        let c = entry("c", 100, Some(101), 103, 104);
        check(
            vec![a.clone(), c.clone()],
            &["c", "a"],
            &["a", "c>a:certain"],
        );
        // d is set before a and is slower: a breaks d's record.
        let d = entry("d", -100, Some(-10), -5, 0); // elapsed 95
        check(
            vec![a, b, c, d],
            &["c", "b", "a", "d"],
            &["d", "a>d:certain", "c>a:certain"],
        );
    }

    #[test]
    fn a_record_set_later_but_slower_is_not_a_record() {
        check(
            vec![
                entry("late", 0, Some(20), 30, 40),
                entry("early", 0, Some(0), 2, 4),
            ],
            &["early", "late"],
            &["early"],
        );
    }

    #[test]
    fn ties_neither_break_records_nor_depend_on_arrival() {
        let a = entry("a", 0, Some(5), 10, 15);
        let b = entry("b", 100, Some(105), 110, 115);
        check(vec![b, a.clone()], &["a", "b"], &["a"]);
        // Same estimate and elapsed: set order falls back to the subject id.
        let b = entry("b", 0, Some(5), 10, 15);
        check(vec![b, a], &["a", "b"], &["a"]);
    }

    #[test]
    fn missing_lower_bounds_clamp_to_zero_and_stay_probable() {
        let holder = entry("h", 0, None, 5, 5);
        let challenger = entry("c", 100, None, 100, 100);
        assert_eq!(challenger.elapsed_upper, 0);
        assert_eq!(holder.elapsed_lower, 0);
        assert_eq!(Certainty::of(&challenger, &holder), Certainty::Probable);
        let early = entry("x", 10, Some(1), 2, 3);
        assert!(early.before_origin);
        assert_eq!(
            (early.elapsed, early.elapsed_lower, early.elapsed_upper),
            (0, 0, 0)
        );
    }

    proptest::proptest! {
        #[test]
        fn any_upserts_and_removes_end_in_the_batch_board(
            ops in proptest::collection::vec(
                (0usize..5, -3i64..3, 0i64..6, 0i64..6, 0i64..6, proptest::bool::weighted(0.15)),
                0..40,
            )
        ) {
            let mut board = Leaderboard::default();
            let mut current: std::collections::BTreeMap<usize, Entry> = Default::default();
            for (s, origin, a, b, c, remove) in ops {
                let name = ["a", "b", "c", "d", "e"][s];
                if remove {
                    board.remove(name);
                    current.remove(&s);
                } else {
                    let mut at = [a, b, c];
                    at.sort_unstable();
                    let e = entry(name, origin, Some(at[0]), at[1], at[2]);
                    board.upsert(e.clone());
                    current.insert(s, e);
                }
                let batch = Leaderboard::from_entries(current.values().cloned().collect());
                proptest::prop_assert_eq!(&board, &batch);
            }
        }
    }

    #[test]
    fn upsert_and_remove_report_event_changes() {
        let mut board = Leaderboard::default();
        assert!(board.upsert(entry("a", 0, Some(5), 10, 15)).is_empty());
        let added = board.upsert(entry("b", 100, Some(105), 106, 107));
        assert_eq!(added.len(), 1);
        assert!(added[0].before.is_none() && added[0].after.is_some());
        assert_eq!(board.rank_of("b"), Some(1));
        assert_eq!(board.rank_of("a"), Some(2));
        assert_eq!(board.top(1)[0].subject.as_ref(), "b");
        // Re-upserting the same entry changes nothing.
        assert!(
            board
                .upsert(entry("b", 100, Some(105), 106, 107))
                .is_empty()
        );
        let retracted = board.remove("a");
        assert_eq!(retracted.len(), 1);
        assert!(retracted[0].before.is_some() && retracted[0].after.is_none());
        assert_eq!(board.holder().map(|e| &*e.subject), Some("b"));
        assert!(board.remove("a").is_empty());
    }
}
