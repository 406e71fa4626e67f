//! Milestone ladders: the counts worth a crossing (1M, 5M, 10M, …), per metric and configurable,
//! possibly unbounded ("then every 100M"), generated lazily.

use std::sync::Arc;

use model::{Invalid, Named};
use serde::{Deserialize, Serialize};

use crate::Metric;

/// Sorted, distinct, positive milestones, optionally continued forever by a fixed step after the
/// last one. Milestones are addressed by index (0 = the smallest), which is how a series keeps its
/// crossings: crossing `i` is the crossing of `milestone(i)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "LadderSpec", into = "LadderSpec")]
pub struct Ladder {
    milestones: Vec<u64>,
    then_every: Option<u64>,
}

impl Ladder {
    /// PRODUCT §2's ladder: 1M, 5M, 10M, 20M, 25M, 30M, 40M, 50M, 75M, 100M, then every 100M. The
    /// same for every metric today; the metric is there so that the default can differ per metric.
    pub fn default_for(metric: Metric) -> Self {
        let _ = metric;
        const M: u64 = 1_000_000;
        Self {
            milestones: vec![
                M,
                5 * M,
                10 * M,
                20 * M,
                25 * M,
                30 * M,
                40 * M,
                50 * M,
                75 * M,
                100 * M,
            ],
            then_every: Some(100 * M),
        }
    }

    /// A finite ladder of exactly these milestones.
    pub fn custom(milestones: Vec<u64>) -> Result<Self, Invalid> {
        Self::new(milestones, None)
    }

    /// These milestones, then (when `then_every` is given) one every `then_every` after the last.
    /// Refuses an empty list, a zero milestone, milestones out of order or repeated, a zero step.
    pub fn new(milestones: Vec<u64>, then_every: Option<u64>) -> Result<Self, Invalid> {
        if milestones.is_empty() {
            return Err(Invalid::new("milestones", "must not be empty"));
        }
        if milestones[0] == 0 {
            return Err(Invalid::new("milestones[0]", "must be greater than 0"));
        }
        if let Some(index) = milestones.windows(2).position(|pair| pair[0] >= pair[1]) {
            return Err(Invalid::new(
                format!("milestones[{}]", index + 1),
                "must be greater than the milestone before it",
            ));
        }
        if then_every == Some(0) {
            return Err(Invalid::new("then_every", "must be greater than 0"));
        }
        Ok(Self {
            milestones,
            then_every,
        })
    }

    /// The listed milestones (without the ones the step generates).
    pub fn listed(&self) -> &[u64] {
        &self.milestones
    }

    pub fn then_every(&self) -> Option<u64> {
        self.then_every
    }

    /// The milestone at `index`; `None` past the end of a finite ladder (or past `u64::MAX`).
    #[inline]
    pub fn milestone(&self, index: usize) -> Option<u64> {
        if let Some(&milestone) = self.milestones.get(index) {
            return Some(milestone);
        }
        let step = self.then_every?;
        let last = *self.milestones.last()?;
        let beyond = u64::try_from(index - self.milestones.len() + 1).ok()?;
        last.checked_add(step.checked_mul(beyond)?)
    }

    /// The index of the first milestone greater than `value` (how many milestones `value` reaches).
    pub fn reached_by(&self, value: u64) -> usize {
        let listed = self.milestones.partition_point(|&m| m <= value);
        if listed < self.milestones.len() {
            return listed;
        }
        let (Some(step), Some(&last)) = (self.then_every, self.milestones.last()) else {
            return listed;
        };
        let beyond = (value - last) / step;
        listed.saturating_add(usize::try_from(beyond).unwrap_or(usize::MAX))
    }

    /// The smallest milestone greater than `value`: the next one a series at `value` can reach.
    pub fn next_above(&self, value: u64) -> Option<u64> {
        self.milestone(self.reached_by(value))
    }

    /// The milestones up to and including `max`, in order, generated lazily.
    pub fn up_to(&self, max: u64) -> impl Iterator<Item = u64> + '_ {
        (0..)
            .map_while(|index| self.milestone(index))
            .take_while(move |&m| m <= max)
    }
}

/// A ladder per metric: the defaults, with the configured ones in their place. Reads from a map
/// `{metric: {milestones: [...], then_every: n}}` in which missing metrics keep the default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    from = "std::collections::BTreeMap<Metric, Ladder>",
    into = "std::collections::BTreeMap<Metric, Ladder>"
)]
pub struct Ladders {
    by_metric: [Arc<Ladder>; <Metric as Named>::ALL.len()],
}

impl Default for Ladders {
    fn default() -> Self {
        Self {
            by_metric: std::array::from_fn(|index| {
                Arc::new(Ladder::default_for(<Metric as Named>::ALL[index]))
            }),
        }
    }
}

impl Ladders {
    pub fn get(&self, metric: Metric) -> &Ladder {
        &self.by_metric[metric as usize]
    }

    /// The ladder of `metric`, to share between the series of that metric.
    pub fn shared(&self, metric: Metric) -> Arc<Ladder> {
        self.by_metric[metric as usize].clone()
    }

    /// Replaces the ladder of `metric`.
    #[must_use]
    pub fn with(mut self, metric: Metric, ladder: Ladder) -> Self {
        self.by_metric[metric as usize] = Arc::new(ladder);
        self
    }
}

impl From<std::collections::BTreeMap<Metric, Ladder>> for Ladders {
    fn from(map: std::collections::BTreeMap<Metric, Ladder>) -> Self {
        map.into_iter()
            .fold(Self::default(), |ladders, (metric, ladder)| {
                ladders.with(metric, ladder)
            })
    }
}

impl From<Ladders> for std::collections::BTreeMap<Metric, Ladder> {
    fn from(ladders: Ladders) -> Self {
        <Metric as Named>::ALL
            .iter()
            .copied()
            .zip(ladders.by_metric.into_iter().map(Arc::unwrap_or_clone))
            .collect()
    }
}

/// How a ladder is written in configuration.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LadderSpec {
    milestones: Vec<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    then_every: Option<u64>,
}

impl TryFrom<LadderSpec> for Ladder {
    type Error = Invalid;
    fn try_from(spec: LadderSpec) -> Result<Self, Invalid> {
        Self::new(spec.milestones, spec.then_every)
    }
}

impl From<Ladder> for LadderSpec {
    fn from(ladder: Ladder) -> Self {
        Self {
            milestones: ladder.milestones,
            then_every: ladder.then_every,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Ladder, Ladders};
    use crate::Metric;

    const M: u64 = 1_000_000;

    fn check(ladder: &Ladder, value: u64, expect_reached: &[u64], expect_next: Option<u64>) {
        let reached: Vec<u64> = ladder.up_to(value).collect();
        assert_eq!(reached, expect_reached, "milestones up to {value}");
        assert_eq!(
            ladder.reached_by(value),
            reached.len(),
            "reached_by({value})"
        );
        assert_eq!(ladder.next_above(value), expect_next, "next_above({value})");
    }

    #[test]
    fn the_default_ladder_goes_on_every_100m() {
        let ladder = Ladder::default_for(Metric::Followers);
        check(&ladder, 0, &[], Some(M));
        check(&ladder, M - 1, &[], Some(M));
        check(&ladder, M, &[M], Some(5 * M));
        check(
            &ladder,
            99 * M,
            &[
                M,
                5 * M,
                10 * M,
                20 * M,
                25 * M,
                30 * M,
                40 * M,
                50 * M,
                75 * M,
            ],
            Some(100 * M),
        );
        let to_300m = [
            M,
            5 * M,
            10 * M,
            20 * M,
            25 * M,
            30 * M,
            40 * M,
            50 * M,
            75 * M,
            100 * M,
            200 * M,
            300 * M,
        ];
        check(&ladder, 300 * M, &to_300m, Some(400 * M));
        check(&ladder, 399 * M, &to_300m, Some(400 * M));
        assert_eq!(ladder.milestone(10), Some(200 * M));
        assert_eq!(ladder.milestone(usize::MAX), None);
        assert_eq!(ladder.next_above(u64::MAX), None);
        assert_eq!(
            ladder.reached_by(u64::MAX),
            10 + (u64::MAX - 100 * M) as usize / 100_000_000
        );
    }

    #[test]
    fn custom_ladders_are_finite_and_validated() {
        let ladder = Ladder::custom(vec![10, 20, 50]).unwrap();
        check(&ladder, 5, &[], Some(10));
        check(&ladder, 60, &[10, 20, 50], None);
        assert_eq!(ladder.milestone(3), None);
        let stepped = Ladder::new(vec![10], Some(5)).unwrap();
        check(&stepped, 21, &[10, 15, 20], Some(25));

        let refused = |milestones: Vec<u64>, step: Option<u64>| {
            Ladder::new(milestones, step).unwrap_err().to_string()
        };
        assert_eq!(refused(vec![], None), "milestones: must not be empty");
        assert_eq!(
            refused(vec![0, 1], None),
            "milestones[0]: must be greater than 0"
        );
        assert_eq!(
            refused(vec![1, 3, 3], None),
            "milestones[2]: must be greater than the milestone before it"
        );
        assert_eq!(
            refused(vec![2, 1], None),
            "milestones[1]: must be greater than the milestone before it"
        );
        assert_eq!(
            refused(vec![1], Some(0)),
            "then_every: must be greater than 0"
        );
    }

    #[test]
    fn ladders_keep_defaults_for_unconfigured_metrics() {
        let custom = Ladder::custom(vec![100, 1000]).unwrap();
        let ladders = Ladders::default().with(Metric::Views, custom.clone());
        assert_eq!(ladders.get(Metric::Views), &custom);
        assert_eq!(
            ladders.get(Metric::Likes),
            &Ladder::default_for(Metric::Likes)
        );
    }
}
