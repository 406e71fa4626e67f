//! `Engine`: every subject, series and leaderboard together. Points go in one at a time (or all at
//! once with `compute_all`); crossing changes and record-broken events come out.

use std::collections::btree_map::Entry as MapEntry;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use model::Invalid;
use serde::Serialize;

use crate::leaderboard::StepChange;
use crate::{
    Certainty, Crossing, Entry, Ladders, Leaderboard, Metric, Point, Scope, SeriesState, Step,
    Subject,
};

/// One series of a batch: a subject's points for a metric, in any order, duplicates allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesInput {
    pub subject: String,
    pub metric: Metric,
    pub points: Vec<Point>,
}

/// What an operation changed: crossings added (`before: None`) or moved, in milestone order, and
/// record-broken events added, changed or retracted, in id order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Update {
    pub crossings: Vec<CrossingChange>,
    pub events: Vec<EventChange>,
}

impl Update {
    pub fn is_empty(&self) -> bool {
        self.crossings.is_empty() && self.events.is_empty()
    }
}

/// A crossing of one series that appeared (`before: None`) or moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CrossingChange {
    pub subject: String,
    pub metric: Metric,
    pub before: Option<Crossing>,
    pub after: Crossing,
}

/// A record fell: `subject` reached the scope's milestone faster than `previous`, the holder when
/// it was set (`at`, the crossing's estimate). `id` is stable: `record_broken:{scope}:{subject}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordBroken {
    pub id: String,
    pub scope: Scope,
    pub subject: String,
    pub previous: String,
    pub at: i64,
    pub elapsed: i64,
    pub previous_elapsed: i64,
    pub certainty: Certainty,
}

impl RecordBroken {
    /// The event id of `subject` breaking the record of `scope`.
    pub fn id_of(scope: &Scope, subject: &str) -> String {
        format!("record_broken:{scope}:{subject}")
    }

    fn from_step(scope: &Scope, step: &Step) -> Option<Self> {
        let broke = step.broke.as_ref()?;
        Some(Self {
            id: Self::id_of(scope, &step.subject),
            scope: scope.clone(),
            subject: step.subject.to_string(),
            previous: broke.previous.to_string(),
            at: step.set_at,
            elapsed: step.elapsed,
            previous_elapsed: broke.previous_elapsed,
            certainty: broke.certainty,
        })
    }
}

/// How a record-broken event changed. A late point can retract an event (an earlier crossing now
/// holds the record) or change it (its certainty, the holder it broke, its instant).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum EventChange {
    Added(RecordBroken),
    Changed {
        before: RecordBroken,
        after: RecordBroken,
    },
    Retracted(RecordBroken),
}

/// The records engine's state: subjects, their series, and one leaderboard per scope that has
/// entries.
///
/// Architecture invariant: the state depends only on the ladders, the subjects and the set of
/// points, never on the order points arrived in; [`Engine::compute_all`] over the same input gives
/// an equal engine.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Engine {
    ladders: Ladders,
    subjects: HashMap<Arc<str>, Tracked>,
    boards: BTreeMap<Scope, Leaderboard>,
}

impl Engine {
    pub fn new(ladders: Ladders) -> Self {
        Self {
            ladders,
            subjects: HashMap::new(),
            boards: BTreeMap::new(),
        }
    }

    /// The batch path: every series and leaderboard at once. Series of the same subject and metric
    /// are merged; a series of an unknown subject, or a subject listed twice, is refused.
    pub fn compute_all(
        ladders: Ladders,
        subjects: Vec<Subject>,
        series: Vec<SeriesInput>,
    ) -> Result<Self, Invalid> {
        let mut engine = Self::new(ladders);
        for (index, subject) in subjects.into_iter().enumerate() {
            let subject = subject
                .validate()
                .map_err(|error| error.within(&format!("subjects[{index}]")))?;
            if engine.subjects.contains_key(subject.id.as_str()) {
                return Err(Invalid::new(
                    format!("subjects[{index}].id"),
                    format!("subject {:?} is listed twice", subject.id),
                ));
            }
            let tracked = Tracked::new(subject);
            engine.subjects.insert(tracked.id.clone(), tracked);
        }
        for (index, input) in series.into_iter().enumerate() {
            let tracked = engine
                .subjects
                .get_mut(input.subject.as_str())
                .ok_or_else(|| {
                    unknown_subject(&format!("series[{index}].subject"), &input.subject)
                })?;
            if input.points.is_empty() {
                continue;
            }
            let series = series_mut(&mut tracked.series, input.metric, &engine.ladders);
            let points = if series.points().is_empty() {
                input.points
            } else {
                [series.points(), &input.points].concat()
            };
            *series = SeriesState::from_points(engine.ladders.shared(input.metric), points);
        }
        let mut entries: BTreeMap<Scope, Vec<Entry>> = BTreeMap::new();
        for tracked in engine.subjects.values() {
            let Some(origin) = tracked.subject.origin else {
                continue;
            };
            for (metric, series) in &tracked.series {
                for &crossing in series.crossings() {
                    for scope in tracked.subject.scopes(*metric, crossing.milestone) {
                        entries.entry(scope).or_default().push(Entry::new(
                            tracked.id.clone(),
                            crossing,
                            origin,
                        ));
                    }
                }
            }
        }
        engine.boards = entries
            .into_iter()
            .map(|(scope, list)| (scope, Leaderboard::from_entries(list)))
            .collect();
        Ok(engine)
    }

    pub fn ladders(&self) -> &Ladders {
        &self.ladders
    }

    /// Registers a subject, or replaces one (a new origin, kind, platform or tags): its crossings
    /// leave the scopes they were ranked in and join the new ones.
    pub fn upsert_subject(&mut self, subject: Subject) -> Result<Update, Invalid> {
        let subject = subject.validate()?;
        let Some(tracked) = self.subjects.get_mut(subject.id.as_str()) else {
            let tracked = Tracked::new(subject);
            self.subjects.insert(tracked.id.clone(), tracked);
            return Ok(Update::default());
        };
        if tracked.subject == subject {
            return Ok(Update::default());
        }
        let mut log = EventLog::default();
        for (metric, series) in &tracked.series {
            for crossing in series.crossings() {
                for scope in tracked.subject.scopes(*metric, crossing.milestone) {
                    if let Some(board) = self.boards.get_mut(&scope) {
                        log.record(&scope, board.remove(&tracked.id));
                        if board.is_empty() {
                            self.boards.remove(&scope);
                        }
                    }
                }
            }
        }
        tracked.subject = subject;
        if let Some(origin) = tracked.subject.origin {
            for (metric, series) in &tracked.series {
                for &crossing in series.crossings() {
                    let entry = Entry::new(tracked.id.clone(), crossing, origin);
                    for scope in tracked.subject.scopes(*metric, crossing.milestone) {
                        let board = self.boards.entry(scope.clone()).or_default();
                        log.record(&scope, board.upsert(entry.clone()));
                    }
                }
            }
        }
        Ok(Update {
            crossings: Vec::new(),
            events: log.finish(),
        })
    }

    /// Adds one point to the `metric` series of `subject` (registered before) and reports what
    /// changed: crossings added or moved, and the record-broken events that follow.
    pub fn insert_point(
        &mut self,
        subject: &str,
        metric: Metric,
        point: Point,
    ) -> Result<Update, Invalid> {
        self.insert_points(subject, metric, &[point])
    }

    /// Adds points to one series, in the order given, and reports the net change: a crossing that
    /// moved several times appears once (its first `before`, its last `after`), and so does an
    /// event. Cheaper than one call per point: the series is looked up once.
    pub fn insert_points(
        &mut self,
        subject: &str,
        metric: Metric,
        points: &[Point],
    ) -> Result<Update, Invalid> {
        let tracked = self
            .subjects
            .get_mut(subject)
            .ok_or_else(|| unknown_subject("subject", subject))?;
        let series = series_mut(&mut tracked.series, metric, &self.ladders);
        let mut changed: BTreeMap<u64, (Option<Crossing>, Crossing)> = BTreeMap::new();
        let mut log = EventLog::default();
        for &point in points {
            let change = series.insert(point);
            if change.is_empty() {
                continue;
            }
            // Moved crossings are of milestones below every added one: this is milestone order.
            let crossings = change
                .moved
                .iter()
                .map(|m| (Some(m.before), m.after))
                .chain(change.added.iter().map(|&after| (None, after)));
            for (before, after) in crossings {
                changed
                    .entry(after.milestone)
                    .and_modify(|net| net.1 = after)
                    .or_insert((before, after));
                let Some(origin) = tracked.subject.origin else {
                    continue;
                };
                let entry = Entry::new(tracked.id.clone(), after, origin);
                for scope in tracked.subject.scopes(metric, after.milestone) {
                    let board = self.boards.entry(scope.clone()).or_default();
                    log.record(&scope, board.upsert(entry.clone()));
                }
            }
        }
        let crossings = changed
            .into_values()
            .filter(|(before, after)| *before != Some(*after))
            .map(|(before, after)| CrossingChange {
                subject: subject.to_owned(),
                metric,
                before,
                after,
            })
            .collect();
        Ok(Update {
            crossings,
            events: log.finish(),
        })
    }

    pub fn subject(&self, id: &str) -> Option<&Subject> {
        self.subjects.get(id).map(|tracked| &tracked.subject)
    }

    /// The series of `subject` for `metric`, once it has a point.
    pub fn series(&self, subject: &str, metric: Metric) -> Option<&SeriesState> {
        self.subjects.get(subject)?.series(metric)
    }

    pub fn board(&self, scope: &Scope) -> Option<&Leaderboard> {
        self.boards.get(scope)
    }

    /// Every leaderboard with at least one entry, in scope order.
    pub fn boards(&self) -> impl Iterator<Item = (&Scope, &Leaderboard)> + '_ {
        self.boards.iter()
    }

    /// Every record-broken event the progressions imply, by instant then id.
    pub fn events(&self) -> Vec<RecordBroken> {
        let mut events: Vec<RecordBroken> = self
            .boards
            .iter()
            .flat_map(|(scope, board)| {
                board
                    .progression()
                    .iter()
                    .filter_map(move |step| RecordBroken::from_step(scope, step))
            })
            .collect();
        events.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id)));
        events
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Tracked {
    id: Arc<str>,
    subject: Subject,
    /// By metric, sorted; a subject has one or two series, so a small vector beats a map.
    series: Vec<(Metric, SeriesState)>,
}

impl Tracked {
    fn new(subject: Subject) -> Self {
        Self {
            id: Arc::from(subject.id.as_str()),
            subject,
            series: Vec::new(),
        }
    }

    fn series(&self, metric: Metric) -> Option<&SeriesState> {
        self.series
            .iter()
            .find(|(m, _)| *m == metric)
            .map(|(_, series)| series)
    }
}

/// The series of `metric`, created empty on `ladders`' ladder when it does not exist yet.
fn series_mut<'a>(
    series: &'a mut Vec<(Metric, SeriesState)>,
    metric: Metric,
    ladders: &Ladders,
) -> &'a mut SeriesState {
    let index = match series.binary_search_by_key(&metric, |(m, _)| *m) {
        Ok(index) => index,
        Err(index) => {
            series.insert(index, (metric, SeriesState::new(ladders.shared(metric))));
            index
        }
    };
    &mut series[index].1
}

fn unknown_subject(field: &str, subject: &str) -> Invalid {
    Invalid::new(field, format!("unknown subject {subject:?}"))
}

/// Collects the event changes of one operation, which may touch an event more than once (a subject
/// leaves a scope and joins it again): the first `before` and the last `after` of each id count.
#[derive(Default)]
struct EventLog {
    by_id: BTreeMap<String, (Option<RecordBroken>, Option<RecordBroken>)>,
}

impl EventLog {
    fn record(&mut self, scope: &Scope, changes: Vec<StepChange>) {
        for change in changes {
            let before = change
                .before
                .and_then(|step| RecordBroken::from_step(scope, &step));
            let after = change
                .after
                .and_then(|step| RecordBroken::from_step(scope, &step));
            let Some(id) = before.as_ref().or(after.as_ref()).map(|e| e.id.clone()) else {
                continue;
            };
            match self.by_id.entry(id) {
                MapEntry::Vacant(vacant) => {
                    vacant.insert((before, after));
                }
                MapEntry::Occupied(mut occupied) => occupied.get_mut().1 = after,
            }
        }
    }

    fn finish(self) -> Vec<EventChange> {
        self.by_id
            .into_values()
            .filter_map(|(before, after)| match (before, after) {
                (None, Some(after)) => Some(EventChange::Added(after)),
                (Some(before), None) => Some(EventChange::Retracted(before)),
                (Some(before), Some(after)) if before != after => {
                    Some(EventChange::Changed { before, after })
                }
                _ => None,
            })
            .collect()
    }
}
