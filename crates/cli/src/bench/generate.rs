//! The benchmark data set, deterministic from a seed: subjects (persons, groups, videos on their
//! platforms, some tagged, most with an origin) and one count series each, growing along a power-law,
//! logistic or saturating curve with noise, dips and release-day jumps, observed every hour to every
//! day; about 1% of points arrive swapped with their neighbour and 0.5% are repeated at the same
//! instant with a slightly different value.
//!
//! Rows are written in arrival order, the way a collector appends them: the series interleaved, by
//! instant (a late point lands right after the one that overtook it). The file is *not* sorted by
//! `(series, at)`: whoever reads it groups and sorts.

use std::collections::{BinaryHeap, VecDeque};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, bail};
use arrow_array::{ArrayRef, Int64Array, RecordBatch, UInt32Array};
use model::Platform;
use parquet::arrow::ArrowWriter;
use parquet::basic::ZstdLevel;
use parquet::file::properties::WriterProperties;
use records::{Metric, SubjectKind};

use super::columns::{self, SubjectRow};

/// Rows per Parquet row group (and per batch written).
pub(crate) const ROW_GROUP_ROWS: usize = 1_000_000;

/// What to generate: `points` rows (duplicates included) over `series` series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Spec {
    pub(crate) points: u64,
    pub(crate) series: u32,
    pub(crate) seed: u64,
}

impl Spec {
    /// `series` defaults to one per 1,000 points; every series gets at least two rows.
    pub(crate) fn new(points: u64, series: Option<u64>, seed: u64) -> anyhow::Result<Self> {
        let series = series.unwrap_or((points / 1_000).max(1));
        let Ok(series) = u32::try_from(series) else {
            bail!("at most {} series", u32::MAX);
        };
        if series == 0 || points < 2 * u64::from(series) {
            bail!("need at least one series and two points per series");
        }
        Ok(Self {
            points,
            series,
            seed,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Compression {
    Snappy,
    Zstd,
}

/// What was written.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Written {
    pub(crate) parquet_bytes: u64,
}

/// The file names inside a data set's directory.
pub(crate) const POINTS_FILE: &str = "points.parquet";
pub(crate) const SUBJECTS_FILE: &str = "subjects.parquet";

/// Writes `points.parquet` and `subjects.parquet` into `dir` (and `points.csv`, `subjects.csv`).
pub(crate) fn write(
    spec: &Spec,
    dir: &Path,
    compression: Compression,
    csv: bool,
) -> anyhow::Result<Written> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let properties = writer_properties(compression);
    let (subjects, mut series) = plan(spec);
    columns::write_subjects(&dir.join(SUBJECTS_FILE), &subjects, properties.clone())?;
    if csv {
        write_subjects_csv(&dir.join("subjects.csv"), &subjects)?;
    }

    let points_path = dir.join(POINTS_FILE);
    let file = File::create(&points_path)
        .with_context(|| format!("cannot create {}", points_path.display()))?;
    let mut writer = ArrowWriter::try_new(file, columns::points_schema(), Some(properties))?;
    let mut csv_out = if csv {
        let path = dir.join("points.csv");
        let file =
            File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
        let mut out = BufWriter::with_capacity(1 << 20, file);
        writeln!(out, "series,at,value")?;
        Some(out)
    } else {
        None
    };
    let mut batch = Batch::with_capacity(ROW_GROUP_ROWS);
    let mut emitted = 0;
    for_each_row(&mut series, |row| {
        batch.push(row);
        if batch.series.len() == ROW_GROUP_ROWS {
            emitted += batch.flush(&mut writer, csv_out.as_mut())?;
        }
        Ok(())
    })?;
    emitted += batch.flush(&mut writer, csv_out.as_mut())?;
    writer.close()?;
    if let Some(mut out) = csv_out {
        out.flush()?;
    }
    debug_assert_eq!(emitted, spec.points);
    Ok(Written {
        parquet_bytes: std::fs::metadata(&points_path)?.len(),
    })
}

/// Every row of the data set in file order, without writing anything (for in-memory benchmarks).
pub(crate) fn rows(spec: &Spec) -> (Vec<SubjectRow>, Vec<Row>) {
    let (subjects, mut series) = plan(spec);
    let mut out = Vec::with_capacity(usize::try_from(spec.points).unwrap_or(0));
    for_each_row(&mut series, |row| {
        out.push(row);
        Ok(())
    })
    .expect("collecting rows cannot fail");
    (subjects, out)
}

/// One row of `points.parquet`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Row {
    pub(crate) series: u32,
    pub(crate) at: i64,
    pub(crate) value: i64,
}

fn writer_properties(compression: Compression) -> WriterProperties {
    let compression = match compression {
        Compression::Snappy => parquet::basic::Compression::SNAPPY,
        Compression::Zstd => parquet::basic::Compression::ZSTD(ZstdLevel::default()),
    };
    WriterProperties::builder()
        .set_compression(compression)
        .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
        .set_created_by("bside gen-points".to_owned())
        .build()
}

/// Columns being filled for the next row group.
struct Batch {
    series: Vec<u32>,
    at: Vec<i64>,
    value: Vec<i64>,
}

impl Batch {
    fn with_capacity(n: usize) -> Self {
        Self {
            series: Vec::with_capacity(n),
            at: Vec::with_capacity(n),
            value: Vec::with_capacity(n),
        }
    }

    fn push(&mut self, row: Row) {
        self.series.push(row.series);
        self.at.push(row.at);
        self.value.push(row.value);
    }

    /// Writes the rows as one batch (and to CSV); returns how many.
    fn flush(
        &mut self,
        writer: &mut ArrowWriter<File>,
        csv: Option<&mut BufWriter<File>>,
    ) -> anyhow::Result<u64> {
        let n = self.series.len();
        if n == 0 {
            return Ok(0);
        }
        if let Some(out) = csv {
            for i in 0..n {
                writeln!(out, "{},{},{}", self.series[i], self.at[i], self.value[i])?;
            }
        }
        let columns: Vec<ArrayRef> = vec![
            Arc::new(UInt32Array::from(std::mem::take(&mut self.series))),
            Arc::new(Int64Array::from(std::mem::take(&mut self.at))),
            Arc::new(Int64Array::from(std::mem::take(&mut self.value))),
        ];
        writer.write(&RecordBatch::try_new(columns::points_schema(), columns)?)?;
        *self = Self::with_capacity(ROW_GROUP_ROWS);
        Ok(n as u64)
    }
}

fn write_subjects_csv(path: &Path, subjects: &[SubjectRow]) -> anyhow::Result<()> {
    let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut out = BufWriter::new(file);
    writeln!(out, "series,kind,platform,metric,tag,origin")?;
    for s in subjects {
        writeln!(
            out,
            "{},{},{},{},{},{}",
            s.series,
            s.kind,
            s.platform,
            s.metric,
            s.tag.as_deref().unwrap_or(""),
            s.origin.map(|o| o.to_string()).unwrap_or_default()
        )?;
    }
    out.flush()?;
    Ok(())
}

/// Feeds every row to `emit` in arrival order: a k-way merge of the series by instant. A series'
/// key never decreases, so a late point follows the point that overtook it.
fn for_each_row(
    series: &mut [SeriesGen],
    mut emit: impl FnMut(Row) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut heap: BinaryHeap<std::cmp::Reverse<(i64, u32)>> = series
        .iter_mut()
        .enumerate()
        .filter_map(|(index, s)| {
            let started = s.advance();
            started.then_some(std::cmp::Reverse((s.key, index as u32)))
        })
        .collect();
    while let Some(mut top) = heap.peek_mut() {
        let index = top.0.1;
        let s = &mut series[index as usize];
        let (at, value) = s.current;
        emit(Row {
            series: index,
            at,
            value,
        })?;
        if s.advance() {
            top.0.0 = s.key;
        } else {
            std::collections::binary_heap::PeekMut::pop(top);
        }
    }
    Ok(())
}

const HOUR_MS: f64 = 3_600_000.0;
const DAY_MS: i64 = 86_400_000;
/// 2016-01-01T00:00:00Z: series start between this and eight years later.
const EARLIEST_START: i64 = 1_451_606_400_000;

const TAGS: [&str; 3] = ["k-pop", "j-pop", "latin"];

/// The subjects, and a generator per series positioned before its first row.
fn plan(spec: &Spec) -> (Vec<SubjectRow>, Vec<SeriesGen>) {
    let lengths = lengths(spec);
    (0..spec.series)
        .zip(lengths)
        .map(|(series, rows)| {
            let mut rng =
                Rng::new(spec.seed ^ u64::from(series).wrapping_mul(0xd134_2543_de82_ef95));
            let subject = subject(series, &mut rng);
            let generator = SeriesGen::new(&subject, rows, rng);
            let mut subject = subject;
            // The origin is drawn relative to the first instant, which the generator knows.
            subject.origin = subject.origin.map(|offset| generator.at + offset);
            (subject, generator)
        })
        .unzip()
}

/// Rows per series: uneven (0.3× to 1.7× the mean), adding up to `spec.points` exactly.
fn lengths(spec: &Spec) -> Vec<u64> {
    let mut rng = Rng::new(spec.seed.wrapping_add(0x5151));
    let n = u64::from(spec.series);
    let spare = spec.points - 2 * n;
    let weights: Vec<f64> = (0..n).map(|_| 0.3 + 1.4 * rng.unit()).collect();
    let total: f64 = weights.iter().sum();
    let mut lengths: Vec<u64> = weights
        .iter()
        .map(|w| 2 + (spare as f64 * w / total) as u64)
        .collect();
    // Each length was rounded down by less than one, so fewer than `n` rows are missing (or, after
    // floating-point rounding up, a few too many).
    let mut sum: u64 = lengths.iter().sum();
    for index in (0..lengths.len()).cycle().take(2 * lengths.len()) {
        if sum < spec.points {
            lengths[index] += 1;
            sum += 1;
        } else if sum > spec.points && lengths[index] > 2 {
            lengths[index] -= 1;
            sum -= 1;
        }
    }
    debug_assert_eq!(sum, spec.points);
    lengths
}

/// A subject; its `origin` is an offset from the series' first instant until `plan` settles it.
fn subject(series: u32, rng: &mut Rng) -> SubjectRow {
    let kind = match rng.unit() {
        u if u < 0.40 => SubjectKind::Person,
        u if u < 0.65 => SubjectKind::Group,
        _ => SubjectKind::Video,
    };
    let (platform, metric) = if kind == SubjectKind::Video {
        if rng.unit() < 0.9 {
            (Platform::Youtube, Metric::Views)
        } else {
            (Platform::Tiktok, Metric::Views)
        }
    } else {
        match rng.unit() {
            u if u < 0.35 => (Platform::Instagram, Metric::Followers),
            u if u < 0.55 => (Platform::Youtube, Metric::Subscribers),
            u if u < 0.75 => (Platform::Tiktok, Metric::Followers),
            u if u < 0.90 => (Platform::X, Metric::Followers),
            _ => (Platform::Spotify, Metric::Followers),
        }
    };
    let tag = match rng.unit() {
        u if u < 0.50 => Some(TAGS[0]),
        u if u < 0.65 => Some(TAGS[1]),
        u if u < 0.75 => Some(TAGS[2]),
        _ => None,
    };
    // Mostly before tracking began; a few after the first point (elapsed times clamp to 0), some
    // unknown (such subjects have crossings but no place in a leaderboard).
    let before = if kind == SubjectKind::Video {
        2.0 * HOUR_MS
    } else {
        3.0 * 365.0 * 24.0 * HOUR_MS
    };
    let origin = match rng.unit() {
        u if u < 0.90 => Some(-((rng.unit() * before) as i64)),
        u if u < 0.93 => Some((rng.unit() * 10.0 * 24.0 * HOUR_MS) as i64),
        _ => None,
    };
    SubjectRow {
        series,
        kind,
        platform,
        metric,
        tag: tag.map(str::to_owned),
        origin,
    }
}

/// How a series grows from its first value to its last: `shape(u)` for `u` in `[0, 1]`, from 0 to 1.
#[derive(Debug, Clone, Copy)]
enum Shape {
    /// `u^p`: slow then fast (p > 1) or fast then slow (p < 1).
    Power(f64),
    /// An S-curve of steepness `r` centred on `c`, rescaled to go from 0 to 1.
    Logistic { r: f64, c: f64 },
    /// `1 - (1 - u)^p`: a video's views, fast at first, then slowing down.
    Saturating(f64),
}

impl Shape {
    fn at(self, u: f64) -> f64 {
        match self {
            Self::Power(p) => u.powf(p),
            Self::Logistic { r, c } => {
                let s = |x: f64| 1.0 / (1.0 + (-r * (x - c)).exp());
                (s(u) - s(0.0)) / (s(1.0) - s(0.0))
            }
            Self::Saturating(p) => 1.0 - (1.0 - u).powf(p),
        }
    }
}

/// One series being generated: its curve, its clock, and the rows waiting to be emitted.
struct SeriesGen {
    rng: Rng,
    rows_left: u64,
    n_points: f64,
    index: u64,
    /// The next point's instant, before jitter.
    at: i64,
    step_ms: f64,
    start_value: f64,
    growth: f64,
    shape: Shape,
    /// Release-day jumps: `(u, size)`, in order of `u`.
    jumps: Vec<(f64, f64)>,
    dip_left: u32,
    dip_factor: f64,
    queue: VecDeque<(i64, i64)>,
    /// The row to emit now, and its merge key (the largest instant emitted so far, this one included).
    current: (i64, i64),
    key: i64,
}

impl SeriesGen {
    fn new(subject: &SubjectRow, rows: u64, mut rng: Rng) -> Self {
        let start = EARLIEST_START + (rng.unit() * 8.0 * 365.0 * DAY_MS as f64) as i64;
        // Hourly to daily, log-uniform.
        let step_ms = HOUR_MS * 24f64.powf(rng.unit());
        // Final values from 200k to 3B, log-uniform: most cross 1M, a few go past 1B.
        let last = (2e5f64.ln() + rng.unit() * (3e9f64.ln() - 2e5f64.ln())).exp();
        let (start_value, shape) = if subject.kind == SubjectKind::Video {
            (
                rng.unit() * 1_000.0,
                Shape::Saturating(2.0 + 4.0 * rng.unit()),
            )
        } else {
            let shape = if rng.unit() < 0.5 {
                Shape::Power(0.4 + 2.1 * rng.unit())
            } else {
                Shape::Logistic {
                    r: 4.0 + 8.0 * rng.unit(),
                    c: 0.2 + 0.6 * rng.unit(),
                }
            };
            (last * (0.02 + 0.38 * rng.unit()), shape)
        };
        let n_jumps = (rng.unit() * 6.0) as usize;
        let mut jumps: Vec<(f64, f64)> = (0..n_jumps)
            .map(|_| (rng.unit(), 0.01 + 0.07 * rng.unit()))
            .collect();
        jumps.sort_by(|a, b| a.0.total_cmp(&b.0));
        let jump_share: f64 = jumps.iter().map(|j| j.1).sum();
        let rise = last - start_value;
        for jump in &mut jumps {
            jump.1 *= rise;
        }
        Self {
            rng,
            rows_left: rows,
            n_points: rows as f64,
            index: 0,
            at: start,
            step_ms,
            start_value,
            growth: rise * (1.0 - jump_share),
            shape,
            jumps,
            dip_left: 0,
            dip_factor: 1.0,
            queue: VecDeque::with_capacity(4),
            current: (0, 0),
            key: i64::MIN,
        }
    }

    /// Moves to the next row to emit; false when the series is done.
    fn advance(&mut self) -> bool {
        if self.rows_left == 0 {
            return false;
        }
        if self.queue.is_empty() {
            let point = self.next_point();
            if self.rng.unit() < 0.01 {
                // Arrives late: the next point overtakes it.
                let overtaking = self.next_point();
                self.queue.push_back(overtaking);
            }
            self.queue.push_back(point);
            if self.rng.unit() < 0.005 {
                // Observed twice at the same instant, the second time a little higher or lower.
                let again = (point.1 as f64 * (1.0 + 0.004 * (self.rng.unit() - 0.5))) as i64;
                self.queue.push_back((point.0, again));
            }
        }
        let row = self.queue.pop_front().expect("the queue was just filled");
        self.current = row;
        self.key = self.key.max(row.0);
        self.rows_left -= 1;
        true
    }

    /// The next distinct point of the curve.
    fn next_point(&mut self) -> (i64, i64) {
        let u = (self.index as f64 / self.n_points).min(1.0);
        self.index += 1;
        let at = self.at;
        self.at += ((self.step_ms * (0.5 + self.rng.unit())) as i64).max(1);
        let jumped: f64 = self
            .jumps
            .iter()
            .take_while(|(when, _)| *when <= u)
            .map(|(_, size)| size)
            .sum();
        let mut value = self.start_value + self.growth * self.shape.at(u) + jumped;
        if self.dip_left > 0 {
            self.dip_left -= 1;
        } else if self.rng.unit() < 0.002 {
            self.dip_left = 1 + (self.rng.unit() * 30.0) as u32;
            self.dip_factor = 1.0 - (0.002 + 0.028 * self.rng.unit());
        }
        if self.dip_left > 0 {
            value *= self.dip_factor;
        }
        value *= 1.0 + 0.001 * (self.rng.unit() - 0.5);
        (at, value.max(0.0).round() as i64)
    }
}

/// splitmix64: tiny, fast, deterministic on every platform.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::{Compression, Spec, rows, write};

    #[test]
    fn the_same_seed_writes_the_same_bytes() {
        let spec = Spec::new(30_000, Some(40), 7).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        write(&spec, &a, Compression::Snappy, true).unwrap();
        write(&spec, &b, Compression::Snappy, true).unwrap();
        for file in [
            "points.parquet",
            "subjects.parquet",
            "points.csv",
            "subjects.csv",
        ] {
            let left = std::fs::read(a.join(file)).unwrap();
            let right = std::fs::read(b.join(file)).unwrap();
            assert!(left == right, "{file} differs between two runs");
        }
        let other = Spec::new(30_000, Some(40), 8).unwrap();
        write(&other, &b, Compression::Snappy, false).unwrap();
        assert_ne!(
            std::fs::read(a.join("points.parquet")).unwrap(),
            std::fs::read(b.join("points.parquet")).unwrap()
        );
    }

    #[test]
    fn the_data_set_has_what_the_engine_must_cope_with() {
        let spec = Spec::new(200_000, Some(100), 42).unwrap();
        let (subjects, all) = rows(&spec);
        assert_eq!(all.len(), 200_000);
        assert_eq!(subjects.len(), 100);
        let mut by_series: Vec<Vec<(i64, i64)>> = vec![Vec::new(); 100];
        for row in &all {
            by_series[row.series as usize].push((row.at, row.value));
        }
        let (mut swapped, mut repeated, mut dips, mut pairs) = (0, 0, 0, 0);
        for points in &by_series {
            for pair in points.windows(2) {
                pairs += 1;
                swapped += usize::from(pair[1].0 < pair[0].0);
                repeated += usize::from(pair[1].0 == pair[0].0);
                dips += usize::from(pair[1].0 > pair[0].0 && pair[1].1 < pair[0].1);
            }
        }
        let share = |n: usize| n as f64 / f64::from(pairs);
        assert!((0.005..0.02).contains(&share(swapped)), "{swapped} swapped");
        assert!(
            (0.002..0.01).contains(&share(repeated)),
            "{repeated} repeated"
        );
        assert!(dips > 0, "no dips");
        // Arrival order is by instant across series, not grouped by series.
        let mut runs = 1;
        for pair in all.windows(2) {
            runs += usize::from(pair[0].series != pair[1].series);
        }
        assert!(runs > all.len() / 2, "rows are grouped by series");
        assert!(subjects.iter().any(|s| s.origin.is_none()));
        assert!(subjects.iter().any(|s| s.tag.is_none()));
    }
}
