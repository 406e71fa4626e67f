//! Records on read: "fastest to N" leaderboards per scope, their progression and record-broken events,
//! a series' milestones and projection — all from the stored crossings and the records engine.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use model::{
    ArtistKind, Citation, Event, EventKind, Metric, Moment, Platform, SeriesKey, SeriesSubject,
    Slug, Subject, SubjectKind as EventSubject,
};
use records::{Crossing, Entry, Leaderboard, Point, Projection, Scope, Step, SubjectKind};

use crate::{App, AppError, CrossingRow, Result, SeriesInfo};

/// Which leaderboards to show; every field narrows.
#[derive(Debug, Clone, Default)]
pub struct RecordFilter {
    pub platform: Option<Platform>,
    pub metric: Option<Metric>,
    pub milestone: Option<u64>,
    pub kind: Option<SubjectKind>,
    /// `None` shows untagged boards only unless `any_tag`; `Some(t)` the boards tagged `t`.
    pub tag: Option<String>,
    pub any_tag: bool,
}

/// One scope's leaderboard: ranked entries (fastest first) and who held the record when.
#[derive(Debug, Clone)]
pub struct Board {
    pub scope: Scope,
    pub ranked: Vec<BoardEntry>,
    pub progression: Vec<Step>,
    pub entries: usize,
}

/// An entry with the series and artist it belongs to.
#[derive(Debug, Clone)]
pub struct BoardEntry {
    pub entry: Entry,
    pub series: SeriesKey,
    pub artist: Option<Slug>,
}

/// A series with its crossings (milestones reached) and the projection to the next milestone.
#[derive(Debug, Clone)]
pub struct SeriesView {
    pub info: SeriesInfo,
    pub crossings: Vec<Crossing>,
    pub projection: Option<Projection>,
}

/// Days of points read to project the next milestone.
const PROJECTION_DAYS_MS: i64 = 8 * 86_400_000;

impl App {
    /// The leaderboards matching `filter`, each with its top `top` entries and its progression.
    pub async fn records(&self, filter: &RecordFilter, top: usize) -> Result<Vec<Board>> {
        let series = self.store.all_series().await?;
        let crossings = self.store.all_crossings().await?;
        let (boards, by_subject) = leaderboards(&series, &crossings);
        let mut out = Vec::new();
        for (key, (scope, board)) in boards {
            let _ = key;
            let keep = filter.platform.is_none_or(|p| p == scope.platform)
                && filter.metric.is_none_or(|m| m == scope.metric)
                && filter.milestone.is_none_or(|m| m == scope.milestone)
                && filter.kind.is_none_or(|k| k == scope.kind)
                && match &filter.tag {
                    Some(tag) => scope.tag.as_deref() == Some(tag.as_str()),
                    None => filter.any_tag || scope.tag.is_none(),
                };
            if !keep {
                continue;
            }
            let ranked = board
                .top(top)
                .into_iter()
                .filter_map(|entry| {
                    let info = by_subject.get(entry.subject.as_ref())?;
                    Some(BoardEntry {
                        entry: entry.clone(),
                        series: info.key.clone(),
                        artist: info.artist.clone(),
                    })
                })
                .collect();
            out.push(Board {
                progression: board.progression().to_vec(),
                entries: board.len(),
                ranked,
                scope,
            });
        }
        Ok(out)
    }

    /// A series by key, with what it reached and where it is heading.
    pub async fn series_view(&self, key: &SeriesKey) -> Result<SeriesView> {
        let info = self
            .store
            .series(key)
            .await?
            .ok_or_else(|| AppError::NotFound {
                kind: "series",
                slug: key.to_string(),
            })?;
        let crossings = self
            .store
            .crossings(info.id)
            .await?
            .iter()
            .map(crossing_of)
            .collect();
        let projection = match info.last {
            Some(last) => {
                let recent = self
                    .store
                    .points(
                        info.id,
                        last.at.saturating_sub(PROJECTION_DAYS_MS),
                        i64::MAX,
                    )
                    .await?;
                let points: Vec<Point> = recent
                    .iter()
                    .map(|p| Point::new(p.at, u64::try_from(p.value).unwrap_or(0)))
                    .collect();
                records::project(&points, self.ladders.get(key.metric))
            }
            None => None,
        };
        Ok(SeriesView {
            info,
            crossings,
            projection,
        })
    }

    /// The series of an account or video, in key order.
    pub async fn series_of(&self, subject: &SeriesSubject) -> Result<Vec<SeriesInfo>> {
        let mut all: Vec<SeriesInfo> = self
            .store
            .all_series()
            .await?
            .into_iter()
            .filter(|s| &s.key.subject == subject)
            .collect();
        all.sort_by_key(|s| s.key.to_string());
        Ok(all)
    }

    /// Milestones reached and records broken, as timeline events (all artists, or one).
    pub(crate) async fn count_events(&self, artist: Option<&Slug>) -> Result<Vec<Event>> {
        let series = self.store.all_series().await?;
        let crossings = self.store.all_crossings().await?;
        let mut events = Vec::new();
        let wanted = |info: &SeriesInfo| artist.is_none_or(|a| info.artist.as_ref() == Some(a));
        for info in series.iter().filter(|info| wanted(info)) {
            for crossing in crossings.get(&info.id).into_iter().flatten() {
                let Some(at) = moment_at(crossing.estimate, info.origin.as_ref()) else {
                    continue;
                };
                events.push(Event {
                    id: format!("milestone_reached:{}:{}", info.key, crossing.milestone),
                    kind: EventKind::MilestoneReached,
                    at,
                    title: format!(
                        "{} reached {} {}",
                        subject_name(&info.key),
                        short_count(u64::try_from(crossing.milestone).unwrap_or(0)),
                        info.key.metric
                    ),
                    subject: event_subject(&info.key),
                    artists: info.artist.iter().cloned().collect(),
                    sources: Vec::<Citation>::new(),
                });
            }
        }
        // The same series and crossings: read once for both kinds of event.
        let (boards, by_subject) = leaderboards(&series, &crossings);
        for (scope, board) in boards.values() {
            for step in board.progression() {
                let Some(broke) = &step.broke else { continue };
                let Some(info) = by_subject.get(step.subject.as_ref()) else {
                    continue;
                };
                if !wanted(info) {
                    continue;
                }
                let Some(at) = moment_at(step.set_at, info.origin.as_ref()) else {
                    continue;
                };
                let certainty = match broke.certainty {
                    records::Certainty::Certain => "",
                    records::Certainty::Probable => " (probably)",
                };
                events.push(Event {
                    id: format!("record_broken:{scope}:{}", step.subject),
                    kind: EventKind::RecordBroken,
                    at,
                    title: format!(
                        "{} broke {}'s record{certainty}: fastest {} to {} {} on {}",
                        subject_name(&info.key),
                        broke.previous,
                        scope.kind,
                        short_count(scope.milestone),
                        scope.metric,
                        scope.platform
                    ),
                    subject: event_subject(&info.key),
                    artists: info.artist.iter().cloned().collect(),
                    sources: Vec::new(),
                });
            }
        }
        Ok(events)
    }
}

/// Leaderboards keyed by scope (`Scope::key`).
type Boards = BTreeMap<String, (Scope, Leaderboard)>;

/// Every leaderboard, keyed by scope, and the series of each subject id.
fn leaderboards<'a>(
    series: &'a [SeriesInfo],
    crossings: &HashMap<i64, Vec<CrossingRow>>,
) -> (Boards, HashMap<String, &'a SeriesInfo>) {
    let mut entries: BTreeMap<String, (Scope, Vec<Entry>)> = BTreeMap::new();
    let mut by_subject = HashMap::new();
    for info in series {
        let Some(subject) = subject_of(info) else {
            continue;
        };
        let Some(origin) = subject.origin else {
            continue;
        };
        let id: Arc<str> = Arc::from(subject.id.as_str());
        for row in crossings.get(&info.id).into_iter().flatten() {
            let crossing = crossing_of(row);
            for scope in subject.scopes(info.key.metric, crossing.milestone) {
                entries
                    .entry(scope.key())
                    .or_insert_with(|| (scope.clone(), Vec::new()))
                    .1
                    .push(Entry::new(id.clone(), crossing, origin));
            }
        }
        by_subject.insert(subject.id.clone(), info);
    }
    let boards = entries
        .into_iter()
        .map(|(key, (scope, entries))| (key, (scope, Leaderboard::from_entries(entries))))
        .collect();
    (boards, by_subject)
}

/// The engine's view of a series' subject: kind, platform, tags (slug-shaped genres) and origin.
fn subject_of(info: &SeriesInfo) -> Option<records::Subject> {
    let (id, kind) = match &info.key.subject {
        SeriesSubject::Video(slug) => (slug.to_string(), SubjectKind::Video),
        SeriesSubject::Account(slug) => match info.artist_kind? {
            ArtistKind::Person => (slug.to_string(), SubjectKind::Person),
            ArtistKind::Group => (slug.to_string(), SubjectKind::Group),
            ArtistKind::Other => return None,
        },
    };
    let tags = info
        .tags
        .iter()
        .filter(|tag| Slug::parse(tag).is_ok())
        .cloned()
        .collect();
    let subject = records::Subject {
        id,
        kind,
        platform: info.platform.unwrap_or(Platform::Other),
        tags,
        origin: info
            .origin
            .as_ref()
            .map(|origin| origin.start().as_millisecond()),
    };
    subject.validate().ok()
}

pub(crate) fn crossing_of(row: &CrossingRow) -> Crossing {
    let point = |(at, value): (i64, i64)| Point::new(at, u64::try_from(value).unwrap_or(0));
    Crossing {
        milestone: u64::try_from(row.milestone).unwrap_or(0),
        estimate: row.estimate,
        lower: row.lower.map(point),
        upper: point(row.upper),
    }
}

/// An instant as a moment, in the zone of the subject's origin (UTC when it has none).
fn moment_at(at_ms: i64, origin: Option<&Moment>) -> Option<Moment> {
    let utc = jiff::Timestamp::from_millisecond(at_ms).ok()?;
    let zone = origin
        .and_then(|o| o.zone.clone())
        .unwrap_or_else(|| "UTC".to_owned());
    Moment::at(utc, &zone).ok()
}

fn event_subject(key: &SeriesKey) -> Subject {
    match &key.subject {
        SeriesSubject::Account(slug) => Subject {
            kind: EventSubject::Account,
            slug: slug.clone(),
        },
        SeriesSubject::Video(slug) => Subject {
            kind: EventSubject::Video,
            slug: slug.clone(),
        },
    }
}

fn subject_name(key: &SeriesKey) -> &str {
    match &key.subject {
        SeriesSubject::Account(slug) | SeriesSubject::Video(slug) => slug.as_str(),
    }
}

/// 1000000 → "1M", 2500000 → "2.5M", 750000 → "750K".
pub fn short_count(value: u64) -> String {
    let (unit, suffix) = match value {
        v if v >= 1_000_000_000 => (1_000_000_000, "B"),
        v if v >= 1_000_000 => (1_000_000, "M"),
        v if v >= 1_000 => (1_000, "K"),
        _ => return value.to_string(),
    };
    let whole = value / unit;
    let tenth = value % unit * 10 / unit;
    if tenth == 0 {
        format!("{whole}{suffix}")
    } else {
        format!("{whole}.{tenth}{suffix}")
    }
}

#[cfg(test)]
mod tests {
    use super::short_count;

    #[test]
    fn counts_read_short() {
        assert_eq!(short_count(1_000_000), "1M");
        assert_eq!(short_count(2_500_000), "2.5M");
        assert_eq!(short_count(750_000), "750K");
        assert_eq!(short_count(100_000_000_000), "100B");
        assert_eq!(short_count(42), "42");
    }
}
