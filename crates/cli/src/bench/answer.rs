//! bside's side of the records benchmark: from `points.parquet` to every crossing of the default
//! ladder and the top 100 of every leaderboard, with the records engine; and the answer both sides
//! give, in a form that compares exactly.
//!
//! The work, on `threads` threads: each decodes its share of the row groups and partitions its rows
//! into at most 256 buckets of consecutive series, appending each row to its bucket (file order
//! kept); then each thread takes a share of the buckets and, bucket by bucket
//! (a few megabytes, so the work stays in cache), groups the rows by series, applies the engine's
//! duplicate rule to each series ([`records::normalize`]: sort by instant, keep the larger value), runs
//! [`records::crossings`], and files an [`Entry`] per crossing in each scope it ranks in; last, each
//! scope keeps its 100 fastest. Grouping in two passes rather than one matters at 100k series: writing
//! each row straight to its series' place touches a new cache line and page per row.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::bail;
use model::Platform;
use records::{Entry, Ladders, Leaderboard, Metric, Point, Scope, SubjectKind};

use super::columns::{self, SubjectRow};
use super::generate::{POINTS_FILE, SUBJECTS_FILE};

/// Places kept per leaderboard.
pub(crate) const TOP: usize = 100;

/// A crossing, as both sides report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct CrossingRow {
    pub(crate) series: u32,
    pub(crate) milestone: u64,
    pub(crate) estimate: i64,
    pub(crate) lower_at: Option<i64>,
    pub(crate) upper_at: i64,
}

/// A place in a leaderboard: scope key (`instagram:followers:1000000:person:k-pop`), rank from 1.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct TopRow {
    pub(crate) scope: String,
    pub(crate) rank: u32,
    pub(crate) series: u32,
    pub(crate) elapsed: i64,
}

/// Every crossing, and the top of every leaderboard.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Answer {
    pub(crate) crossings: Vec<CrossingRow>,
    pub(crate) top: Vec<TopRow>,
}

impl Answer {
    pub(crate) fn sort(&mut self) {
        self.crossings.sort_unstable();
        self.top.sort_unstable();
    }

    /// Where two sorted answers differ; `None` when they are identical.
    pub(crate) fn differences(&self, other: &Self, ours: &str, theirs: &str) -> Option<String> {
        let mut text = String::new();
        describe(
            &mut text,
            "crossings",
            &self.crossings,
            &other.crossings,
            ours,
            theirs,
        );
        describe(
            &mut text,
            "leaderboard places",
            &self.top,
            &other.top,
            ours,
            theirs,
        );
        (!text.is_empty()).then_some(text)
    }
}

fn describe<T: Ord + std::fmt::Debug>(
    text: &mut String,
    what: &str,
    ours: &[T],
    theirs: &[T],
    our_name: &str,
    their_name: &str,
) {
    if ours == theirs {
        return;
    }
    let (mut only_ours, mut only_theirs) = (Vec::new(), Vec::new());
    let (mut i, mut j) = (0, 0);
    while i < ours.len() || j < theirs.len() {
        match (ours.get(i), theirs.get(j)) {
            (Some(a), Some(b)) if a == b => (i, j) = (i + 1, j + 1),
            (Some(a), Some(b)) if a < b => {
                only_ours.push(a);
                i += 1;
            }
            (Some(a), None) => {
                only_ours.push(a);
                i += 1;
            }
            (_, Some(b)) => {
                only_theirs.push(b);
                j += 1;
            }
            (None, None) => break,
        }
    }
    text.push_str(&format!(
        "{what}: {} vs {}; {} only in {our_name}, {} only in {their_name}\n",
        ours.len(),
        theirs.len(),
        only_ours.len(),
        only_theirs.len()
    ));
    for row in only_ours.iter().take(5) {
        text.push_str(&format!("  only in {our_name}: {row:?}\n"));
    }
    for row in only_theirs.iter().take(5) {
        text.push_str(&format!("  only in {their_name}: {row:?}\n"));
    }
}

/// How the top of each leaderboard is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Boards {
    /// Select the 100 fastest entries of each scope (what the SQL computes).
    Top,
    /// Build the engine's whole `Leaderboard` per scope (ranking and record progression), then read
    /// its top 100.
    Full,
}

/// Where the time went.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Phases {
    /// Decoding Parquet and grouping rows by series (both threads).
    pub(crate) read_group: Duration,
    /// Duplicates, sorting, crossings, entries.
    pub(crate) crossings: Duration,
    /// Taking the top of each leaderboard.
    pub(crate) boards: Duration,
    pub(crate) total: Duration,
}

/// Computes the answer from the data set in `dir`.
pub(crate) fn compute(
    dir: &Path,
    threads: usize,
    boards: Boards,
) -> anyhow::Result<(Answer, Phases)> {
    let started = Instant::now();
    let threads = threads.max(1);
    let subjects = columns::read_subjects(&dir.join(SUBJECTS_FILE))?;
    for (index, subject) in subjects.iter().enumerate() {
        if subject.series as usize != index {
            bail!("subjects.parquet must list series 0, 1, 2… in order (row {index})");
        }
    }
    let n_series = subjects.len();
    let points_path = dir.join(POINTS_FILE);
    let groups = columns::row_groups(&points_path)?;

    // Read and partition: each thread takes a contiguous share of the row groups.
    let buckets = Buckets::new(n_series);
    let shares = split_groups(&groups, threads);
    let parts: Vec<Partitioned> = std::thread::scope(|scope| {
        let handles: Vec<_> = shares
            .into_iter()
            .map(|share| {
                let (path, buckets) = (&points_path, &buckets);
                let rows = share.iter().map(|&g| groups[g]).sum();
                scope.spawn(move || partition(path, share, rows, buckets))
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().expect("a reader thread panicked"))
            .collect::<anyhow::Result<Vec<_>>>()
    })?;
    let read_group = started.elapsed();

    // Crossings and entries: each thread takes a contiguous share of the buckets.
    let ladders = Ladders::default();
    let tags = Tags::of(&subjects);
    let ids: Vec<Arc<str>> = (0..n_series as u32)
        .map(|series| Arc::from(SubjectRow::id(series)))
        .collect();
    let shared = Shared {
        parts: &parts,
        buckets: &buckets,
        subjects: &subjects,
        ids: &ids,
        ladders: &ladders,
        tags: &tags,
    };
    let found: Vec<Found> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let n = buckets.count;
                let range = n * t / threads..n * (t + 1) / threads;
                let shared = &shared;
                scope.spawn(move || shared.cross(range))
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().expect("a crossing thread panicked"))
            .collect()
    });
    drop(parts);
    let crossings_done = started.elapsed();

    // Leaderboards: merge each scope's entries and keep the fastest.
    let mut by_scope: HashMap<ScopeKey, Vec<Entry>> = HashMap::new();
    let mut crossings = Vec::with_capacity(found.iter().map(|f| f.crossings.len()).sum());
    for part in found {
        crossings.extend(part.crossings);
        for (key, entries) in part.entries {
            by_scope.entry(key).or_default().extend(entries);
        }
    }
    let mut scopes: Vec<(ScopeKey, Vec<Entry>)> = by_scope.into_iter().collect();
    scopes.sort_unstable_by_key(|(key, _)| *key);
    let chunk = scopes.len().div_ceil(threads).max(1);
    let top: Vec<TopRow> = std::thread::scope(|scope| {
        let handles: Vec<_> = scopes
            .chunks_mut(chunk)
            .map(|share| {
                let tags = &tags;
                scope.spawn(move || {
                    let mut out = Vec::new();
                    for (key, entries) in share {
                        let name = key.scope(tags).key();
                        let ranked = fastest(std::mem::take(entries), boards);
                        out.extend(ranked.iter().enumerate().map(|(rank, e)| TopRow {
                            scope: name.clone(),
                            rank: rank as u32 + 1,
                            series: series_of(&e.subject),
                            elapsed: e.elapsed,
                        }));
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().expect("a leaderboard thread panicked"))
            .collect()
    });
    let total = started.elapsed();
    let phases = Phases {
        read_group,
        crossings: crossings_done - read_group,
        boards: total - crossings_done,
        total,
    };
    Ok((Answer { crossings, top }, phases))
}

/// The `TOP` fastest entries, fastest first (ties by subject id, as the engine ranks them).
fn fastest(mut entries: Vec<Entry>, boards: Boards) -> Vec<Entry> {
    match boards {
        Boards::Top => {
            let order = |a: &Entry, b: &Entry| -> Ordering {
                a.elapsed
                    .cmp(&b.elapsed)
                    .then_with(|| a.subject.cmp(&b.subject))
            };
            if entries.len() > TOP {
                entries.select_nth_unstable_by(TOP - 1, order);
                entries.truncate(TOP);
            }
            entries.sort_unstable_by(order);
            entries
        }
        Boards::Full => Leaderboard::from_entries(entries)
            .top(TOP)
            .into_iter()
            .cloned()
            .collect(),
    }
}

fn series_of(id: &str) -> u32 {
    id[1..]
        .parse()
        .expect("ids are s followed by the series number")
}

/// Buckets at most (while each holds at most 65,536 series).
const MAX_BUCKETS: usize = 256;

/// Series `s` is in bucket `s >> shift`; there are `count` buckets.
struct Buckets {
    shift: u32,
    count: usize,
    n_series: usize,
}

impl Buckets {
    /// Buckets of at most 65,536 series (so a series' place in its bucket fits in a `u16`).
    fn new(n_series: usize) -> Self {
        let mut shift = 0;
        while (n_series >> shift) >= MAX_BUCKETS && shift < 16 {
            shift += 1;
        }
        Self {
            shift,
            count: n_series.div_ceil(1 << shift),
            n_series,
        }
    }

    /// The series of bucket `b`.
    fn series(&self, b: usize) -> std::ops::Range<usize> {
        (b << self.shift)..((b + 1) << self.shift).min(self.n_series)
    }
}

/// One thread's rows of one bucket, in file order: each point with its series' place in the bucket.
#[derive(Default)]
struct Bucket {
    local: Vec<u16>,
    points: Vec<Point>,
}

/// One thread's rows, partitioned into buckets.
struct Partitioned {
    buckets: Vec<Bucket>,
}

/// Reads row groups `share` and appends each row to its bucket, one batch at a time (a batch's
/// columns are dropped as soon as its rows are placed, so memory holds the points once).
fn partition(
    path: &Path,
    share: Vec<usize>,
    rows: usize,
    buckets: &Buckets,
) -> anyhow::Result<Partitioned> {
    let expected = rows / buckets.count + rows / buckets.count / 8 + 16;
    let mut out: Vec<Bucket> = (0..buckets.count)
        .map(|_| Bucket {
            local: Vec::with_capacity(expected),
            points: Vec::with_capacity(expected),
        })
        .collect();
    let mask = (1u32 << buckets.shift) - 1;
    let mut negative = false;
    columns::read_points(path, share, 1 << 20, |batch| {
        let series = batch.series.values();
        let at = batch.at.values();
        let value = batch.value.values();
        for i in 0..series.len() {
            let Some(bucket) = out.get_mut((series[i] >> buckets.shift) as usize) else {
                bail!("series {} is not in subjects.parquet", series[i]);
            };
            negative |= value[i] < 0;
            bucket.local.push((series[i] & mask) as u16);
            bucket.points.push(Point::new(at[i], value[i] as u64));
        }
        Ok(())
    })?;
    if negative {
        bail!("a value is negative: counts cannot be");
    }
    Ok(Partitioned { buckets: out })
}

/// Splits row groups into `threads` contiguous shares of about the same number of rows.
fn split_groups(groups: &[usize], threads: usize) -> Vec<Vec<usize>> {
    let total: usize = groups.iter().sum();
    let mut shares = vec![Vec::new(); threads];
    let mut seen = 0;
    for (index, rows) in groups.iter().enumerate() {
        let share = (seen * threads / total.max(1)).min(threads - 1);
        shares[share].push(index);
        seen += rows;
    }
    shares
}

/// A leaderboard's scope, compactly: platform, metric, kind, tag (index, or `u8::MAX` for none),
/// milestone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct ScopeKey {
    platform: Platform,
    metric: Metric,
    kind: SubjectKind,
    tag: u8,
    milestone: u64,
}

impl ScopeKey {
    fn scope(&self, tags: &Tags) -> Scope {
        Scope {
            platform: self.platform,
            metric: self.metric,
            milestone: self.milestone,
            kind: self.kind,
            tag: tags.name(self.tag).map(str::to_owned),
        }
    }
}

/// The tags in use, numbered.
struct Tags {
    names: Vec<String>,
    of_series: Vec<u8>,
}

impl Tags {
    fn of(subjects: &[SubjectRow]) -> Self {
        let mut names: Vec<String> = Vec::new();
        let of_series = subjects
            .iter()
            .map(|s| match &s.tag {
                None => u8::MAX,
                Some(tag) => match names.iter().position(|n| n == tag) {
                    Some(index) => index as u8,
                    None => {
                        names.push(tag.clone());
                        (names.len() - 1) as u8
                    }
                },
            })
            .collect();
        Self { names, of_series }
    }

    fn name(&self, index: u8) -> Option<&str> {
        self.names.get(usize::from(index)).map(String::as_str)
    }
}

/// What the crossing threads share.
struct Shared<'a> {
    parts: &'a [Partitioned],
    buckets: &'a Buckets,
    subjects: &'a [SubjectRow],
    ids: &'a [Arc<str>],
    ladders: &'a Ladders,
    tags: &'a Tags,
}

/// One thread's crossings (in series order) and leaderboard entries.
struct Found {
    crossings: Vec<CrossingRow>,
    entries: HashMap<ScopeKey, Vec<Entry>>,
}

impl Shared<'_> {
    /// Crossings and entries of the series in buckets `buckets`.
    fn cross(&self, buckets: std::ops::Range<usize>) -> Found {
        let mut out = Found {
            crossings: Vec::new(),
            entries: HashMap::new(),
        };
        let mut grouped: Vec<Point> = Vec::new();
        let mut starts: Vec<usize> = Vec::new();
        let mut points: Vec<Point> = Vec::new();
        let mut found = Vec::new();
        for b in buckets {
            // Group the bucket's rows by series (a counting sort; file order kept within a series).
            let series = self.buckets.series(b);
            starts.clear();
            starts.resize(series.len() + 1, 0);
            let mut n_rows = 0;
            for part in self.parts {
                let bucket = &part.buckets[b];
                n_rows += bucket.points.len();
                for &local in &bucket.local {
                    starts[usize::from(local) + 1] += 1;
                }
            }
            for i in 1..starts.len() {
                starts[i] += starts[i - 1];
            }
            grouped.clear();
            grouped.resize(n_rows, Point::new(0, 0));
            let mut cursor = starts.clone();
            for part in self.parts {
                let bucket = &part.buckets[b];
                for (&local, &point) in bucket.local.iter().zip(&bucket.points) {
                    let slot = &mut cursor[usize::from(local)];
                    grouped[*slot] = point;
                    *slot += 1;
                }
            }
            for (local, s) in series.enumerate() {
                self.cross_series(
                    s,
                    &grouped[starts[local]..starts[local + 1]],
                    &mut points,
                    &mut found,
                    &mut out,
                );
            }
        }
        out
    }

    /// One series: its points (in arrival order) normalized, its crossings, its entries.
    fn cross_series(
        &self,
        s: usize,
        arrived: &[Point],
        points: &mut Vec<Point>,
        found: &mut Vec<records::Crossing>,
        out: &mut Found,
    ) {
        points.clear();
        points.extend_from_slice(arrived);
        records::normalize(points);
        let subject = &self.subjects[s];
        records::crossings(points, self.ladders.get(subject.metric), found);
        for crossing in found.iter() {
            out.crossings.push(CrossingRow {
                series: s as u32,
                milestone: crossing.milestone,
                estimate: crossing.estimate,
                lower_at: crossing.lower.map(|p| p.at),
                upper_at: crossing.upper.at,
            });
            let Some(origin) = subject.origin else {
                continue;
            };
            let entry = Entry::new(self.ids[s].clone(), *crossing, origin);
            let key = ScopeKey {
                platform: subject.platform,
                metric: subject.metric,
                kind: subject.kind,
                tag: u8::MAX,
                milestone: crossing.milestone,
            };
            let tag = self.tags.of_series[s];
            if tag != u8::MAX {
                let tagged = ScopeKey { tag, ..key };
                out.entries.entry(tagged).or_default().push(entry.clone());
            }
            out.entries.entry(key).or_default().push(entry);
        }
    }
}
