//! Counts from files into points: a column mapping (which column names the subject, which holds the
//! snapshot time, which hold which metric), recognized at once for daily YouTube statistics exports,
//! and errors that name the line (CSV) or row (Parquet) and the column.

mod csv_file;
mod parquet_file;
mod time;

pub use csv_file::{read_csv, read_csv_header};
pub use parquet_file::{ParquetShape, read_parquet, read_parquet_shape};
pub use time::TimeFormat;

use model::Metric;

/// How a row names what it counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubjectColumn {
    /// A series key (`account.thv-instagram.followers`); the row has one value column.
    Series(String),
    /// An account's slug; values go to the account's series of each metric.
    Account(String),
    /// A video's slug.
    Video(String),
    /// A YouTube video id, matched to the video whose platform id it is.
    YoutubeId(String),
}

impl SubjectColumn {
    pub fn column(&self) -> &str {
        match self {
            Self::Series(c) | Self::Account(c) | Self::Video(c) | Self::YoutubeId(c) => c,
        }
    }
}

/// Which columns of a file mean what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    pub subject: SubjectColumn,
    pub time: String,
    pub time_format: TimeFormat,
    /// Value columns and the metric each counts (for `Series` subjects the metric is in the key).
    pub values: Vec<(String, Metric)>,
}

/// What a row's subject is, before it is resolved to a series.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SubjectRef {
    Series(model::SeriesKey),
    Account(String),
    Video(String),
    YoutubeId(String),
}

/// One count read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawPoint {
    pub subject: SubjectRef,
    pub metric: Metric,
    pub at: i64,
    pub value: u64,
    /// Where in the file it came from.
    pub place: Place,
}

/// A place in a file: a CSV line (1 is the header) or a Parquet row (1 is the first row; 0 the file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Line(u64),
    Row(u64),
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Line(n) => write!(f, "line {n}"),
            Self::Row(n) => write!(f, "row {n}"),
        }
    }
}

/// A row that cannot be read: where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{place}{}: {message}", column.as_ref().map(|c| format!(", column {c:?}")).unwrap_or_default())]
pub struct PointError {
    pub place: Place,
    pub column: Option<String>,
    pub message: String,
}

/// Column names that mean a metric, in exports seen in the wild (YouTube Data API `statistics`,
/// Kaggle trending sets, Social Blade-like dumps).
const METRIC_COLUMNS: &[(&str, Metric)] = &[
    ("views", Metric::Views),
    ("view_count", Metric::Views),
    ("viewcount", Metric::Views),
    ("likes", Metric::Likes),
    ("like_count", Metric::Likes),
    ("likecount", Metric::Likes),
    ("followers", Metric::Followers),
    ("follower_count", Metric::Followers),
    ("subscribers", Metric::Subscribers),
    ("subscriber_count", Metric::Subscribers),
    ("streams", Metric::Streams),
    ("stream_count", Metric::Streams),
];

/// Column names that say when a snapshot was taken, best first.
const TIME_COLUMNS: &[&str] = &[
    "snapshot_time",
    "snapshot_at",
    "fetched_at",
    "retrieved_at",
    "collected_at",
    "timestamp",
    "trending_date",
    "date",
    "time",
    "at",
];

/// Recognizes a file's columns: a subject column (`series`, `account`, `video`, or YouTube's
/// `video_id`), a snapshot-time column, and the metric columns. `None` when nothing fits.
pub fn detect(header: &[String]) -> Option<Mapping> {
    let find = |name: &str| {
        header
            .iter()
            .find(|h| h.trim().eq_ignore_ascii_case(name))
            .map(|h| h.trim().to_owned())
    };
    let subject = if let Some(c) = find("series") {
        SubjectColumn::Series(c)
    } else if let Some(c) = find("video_id")
        .or_else(|| find("videoid"))
        .or_else(|| find("youtube_id"))
    {
        SubjectColumn::YoutubeId(c)
    } else if let Some(c) = find("account") {
        SubjectColumn::Account(c)
    } else if let Some(c) = find("video") {
        SubjectColumn::Video(c)
    } else {
        return None;
    };
    let time = TIME_COLUMNS.iter().find_map(|name| find(name))?;
    let values: Vec<(String, Metric)> = if matches!(subject, SubjectColumn::Series(_)) {
        vec![(find("value")?, Metric::Views)]
    } else {
        METRIC_COLUMNS
            .iter()
            .filter_map(|(name, metric)| find(name).map(|c| (c, *metric)))
            .collect()
    };
    if values.is_empty() {
        return None;
    }
    let time_format = if time.eq_ignore_ascii_case("trending_date") {
        TimeFormat::YyDdMm
    } else {
        TimeFormat::Auto
    };
    Some(Mapping {
        subject,
        time,
        time_format,
        values,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &str) -> Vec<String> {
        names.split(',').map(str::to_owned).collect()
    }

    #[test]
    fn youtube_exports_are_recognized() {
        let kaggle = detect(&header(
            "video_id,trending_date,title,category_id,views,likes,dislikes,comment_count",
        ))
        .unwrap();
        assert_eq!(kaggle.subject, SubjectColumn::YoutubeId("video_id".into()));
        assert_eq!(kaggle.time, "trending_date");
        assert_eq!(kaggle.time_format, TimeFormat::YyDdMm);
        assert_eq!(
            kaggle.values,
            [
                ("views".to_owned(), Metric::Views),
                ("likes".to_owned(), Metric::Likes)
            ]
        );
        let api = detect(&header(
            "video_id,published_at,view_count,like_count,comment_count,snapshot_time",
        ))
        .unwrap();
        assert_eq!(api.time, "snapshot_time");
        assert_eq!(api.values.len(), 2);
        assert!(detect(&header("name,age")).is_none());
    }
}
