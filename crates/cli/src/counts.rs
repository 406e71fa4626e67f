//! `bside import-points` (counts from CSV or Parquet; a YouTube statistics export is recognized as it
//! is) and
//! `bside records` (the "fastest to N" leaderboards as a table).

use std::path::PathBuf;

use anyhow::{Context, bail};
use app::{App, RecordFilter};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use ingest::points::{
    Mapping, RawPoint, SubjectColumn, TimeFormat, detect, read_csv, read_csv_header, read_parquet,
    read_parquet_shape,
};
use jiff::tz::TimeZone;
use model::{Metric, Platform};

#[derive(Args)]
pub(crate) struct ImportPoints {
    /// The CSV or Parquet file (Parquet is recognized by its content, whatever the name).
    file: PathBuf,
    /// Zone in which dates and wall times without an offset are read.
    #[arg(long, default_value = "UTC")]
    zone: String,
    /// The column naming the subject, as KIND=COLUMN with KIND one of series, account, video,
    /// youtube (a YouTube video id). Recognized from the header when left out.
    #[arg(long)]
    subject: Option<String>,
    /// The column holding the snapshot time. Recognized from the header when left out.
    #[arg(long)]
    time: Option<String>,
    /// A value column, as METRIC=COLUMN (views=view_count); repeatable. Recognized when left out.
    #[arg(long = "value")]
    values: Vec<String>,
}

pub(crate) async fn import_points(app: &App, args: ImportPoints) -> anyhow::Result<()> {
    let zone =
        TimeZone::get(&args.zone).with_context(|| format!("unknown time zone {:?}", args.zone))?;
    let open = || {
        std::fs::File::open(&args.file)
            .with_context(|| format!("cannot read {}", args.file.display()))
    };
    let raw = if is_parquet(&mut open()?) {
        read_parquet_points(open, &args, &zone)?
    } else {
        read_csv_points(open, &args, &zone)?
    };
    let bar = ProgressBar::new(raw.len() as u64).with_style(
        ProgressStyle::with_template(
            "{spinner} storing {pos}/{len} points [{bar:30}] {per_sec} eta {eta}",
        )
        .expect("the template is valid")
        .progress_chars("=> "),
    );
    let report = app
        .import_points(&raw, &mut |done| bar.set_position(done as u64))
        .await;
    bar.finish_and_clear();
    let report = report?;
    println!(
        "imported {} points into {} series from {}",
        report.points,
        report.series,
        args.file.display()
    );
    if report.skipped_rows > 0 {
        let shown: Vec<&str> = report.unknown.iter().take(5).map(String::as_str).collect();
        println!(
            "skipped {} points of {} subjects not in the catalog ({}{})",
            report.skipped_rows,
            report.unknown.len(),
            shown.join(", "),
            if report.unknown.len() > shown.len() {
                ", …"
            } else {
                ""
            }
        );
    }
    Ok(())
}

/// Parquet files begin with the magic bytes `PAR1`.
fn is_parquet(file: &mut std::fs::File) -> bool {
    let mut magic = [0_u8; 4];
    std::io::Read::read_exact(file, &mut magic).is_ok() && &magic == b"PAR1"
}

fn read_csv_points(
    open: impl Fn() -> anyhow::Result<std::fs::File>,
    args: &ImportPoints,
    zone: &TimeZone,
) -> anyhow::Result<Vec<RawPoint>> {
    let header =
        read_csv_header(open()?).with_context(|| format!("{} is not CSV", args.file.display()))?;
    let mapping = mapping(&header, args)?;
    let size = std::fs::metadata(&args.file).map(|m| m.len()).unwrap_or(0);
    let bar = ProgressBar::new(size).with_style(
        ProgressStyle::with_template("{spinner} reading {bytes}/{total_bytes} [{bar:30}] {eta}")
            .expect("the template is valid")
            .progress_chars("=> "),
    );
    let raw = read_csv(open()?, &mapping, zone, |byte| bar.set_position(byte));
    bar.finish_and_clear();
    raw.with_context(|| format!("nothing was imported from {}", args.file.display()))
}

fn read_parquet_points(
    open: impl Fn() -> anyhow::Result<std::fs::File>,
    args: &ImportPoints,
    zone: &TimeZone,
) -> anyhow::Result<Vec<RawPoint>> {
    let shape = read_parquet_shape(open()?)
        .with_context(|| format!("nothing was imported from {}", args.file.display()))?;
    let mapping = mapping(&shape.columns, args)?;
    let bar = ProgressBar::new(shape.rows).with_style(
        ProgressStyle::with_template("{spinner} reading {pos}/{len} rows [{bar:30}] {eta}")
            .expect("the template is valid")
            .progress_chars("=> "),
    );
    let raw = read_parquet(open()?, &mapping, zone, |rows| bar.set_position(rows));
    bar.finish_and_clear();
    raw.with_context(|| format!("nothing was imported from {}", args.file.display()))
}

/// The mapping: recognized from the header, with any column the user named instead.
fn mapping(header: &[String], args: &ImportPoints) -> anyhow::Result<Mapping> {
    let detected = detect(header);
    let subject = match &args.subject {
        Some(spec) => {
            let (kind, column) = spec
                .split_once('=')
                .context("--subject takes KIND=COLUMN")?;
            match kind {
                "series" => SubjectColumn::Series(column.to_owned()),
                "account" => SubjectColumn::Account(column.to_owned()),
                "video" => SubjectColumn::Video(column.to_owned()),
                "youtube" => SubjectColumn::YoutubeId(column.to_owned()),
                _ => bail!("--subject kind {kind:?} is not one of series, account, video, youtube"),
            }
        }
        None => match &detected {
            Some(m) => m.subject.clone(),
            None => bail!(
                "cannot tell which column names the subject; pass --subject KIND=COLUMN (columns: {})",
                header.join(", ")
            ),
        },
    };
    let time = match (&args.time, &detected) {
        (Some(column), _) => column.clone(),
        (None, Some(m)) => m.time.clone(),
        (None, None) => bail!("cannot tell which column holds the time; pass --time COLUMN"),
    };
    let values = if args.values.is_empty() {
        match &detected {
            Some(m) => m.values.clone(),
            None => bail!("cannot tell which columns hold counts; pass --value METRIC=COLUMN"),
        }
    } else {
        args.values
            .iter()
            .map(|spec| {
                let (metric, column) = spec
                    .split_once('=')
                    .context("--value takes METRIC=COLUMN")?;
                Ok((
                    column.to_owned(),
                    Metric::parse(metric).map_err(anyhow::Error::msg)?,
                ))
            })
            .collect::<anyhow::Result<_>>()?
    };
    let time_format = if time.eq_ignore_ascii_case("trending_date") {
        TimeFormat::YyDdMm
    } else {
        TimeFormat::Auto
    };
    Ok(Mapping {
        subject,
        time,
        time_format,
        values,
    })
}

#[derive(Args)]
pub(crate) struct Records {
    /// instagram, youtube, tiktok, x, weverse, spotify
    #[arg(long)]
    platform: Option<String>,
    /// followers, subscribers, views, likes, streams
    #[arg(long)]
    metric: Option<String>,
    /// A milestone, like 1000000 (or 1M, 10M).
    #[arg(long)]
    milestone: Option<String>,
    /// person, group or video
    #[arg(long)]
    kind: Option<String>,
    /// Boards ranked within a tag, like k-pop.
    #[arg(long)]
    tag: Option<String>,
    /// Entries per board.
    #[arg(long, default_value_t = 10)]
    top: usize,
}

pub(crate) async fn records(app: &App, args: Records) -> anyhow::Result<()> {
    let filter = RecordFilter {
        platform: args
            .platform
            .as_deref()
            .map(Platform::parse)
            .transpose()
            .map_err(anyhow::Error::msg)?,
        metric: args
            .metric
            .as_deref()
            .map(Metric::parse)
            .transpose()
            .map_err(anyhow::Error::msg)?,
        milestone: args.milestone.as_deref().map(parse_count).transpose()?,
        kind: args
            .kind
            .as_deref()
            .map(records::SubjectKind::parse)
            .transpose()
            .map_err(anyhow::Error::msg)?,
        tag: args.tag,
        any_tag: false,
    };
    let boards = app.records(&filter, args.top).await?;
    if boards.is_empty() {
        println!("no records match (no series has reached a milestone in that scope)");
    }
    for board in boards {
        let scope = &board.scope;
        println!(
            "\nfastest {} to {} {} {}{}  ({} reached it)",
            scope.kind,
            app::short_count(scope.milestone),
            scope.platform,
            scope.metric,
            scope
                .tag
                .as_deref()
                .map(|t| format!(" · {t}"))
                .unwrap_or_default(),
            board.entries
        );
        println!(
            "  {:>4}  {:<28} {:>14}  {:>25}  reached (UTC)",
            "rank", "subject", "elapsed", "bounds"
        );
        for (index, entry) in board.ranked.iter().enumerate() {
            let e = &entry.entry;
            println!(
                "  {:>4}  {:<28} {:>14}  {:>25}  {}",
                index + 1,
                e.subject,
                duration(e.elapsed),
                format!(
                    "{} – {}",
                    duration(e.elapsed_lower),
                    duration(e.elapsed_upper)
                ),
                instant(e.crossing.estimate),
            );
        }
        let steps: Vec<String> = board
            .progression
            .iter()
            .map(|s| format!("{} ({})", s.subject, duration(s.elapsed)))
            .collect();
        println!("  progression: {}", steps.join(" → "));
    }
    Ok(())
}

/// `1000000`, `1M`, `2.5M`, `750K`.
fn parse_count(text: &str) -> anyhow::Result<u64> {
    let upper = text.trim().to_ascii_uppercase();
    let (number, scale) = match upper.chars().last() {
        Some('K') => (&upper[..upper.len() - 1], 1e3),
        Some('M') => (&upper[..upper.len() - 1], 1e6),
        Some('B') => (&upper[..upper.len() - 1], 1e9),
        _ => (upper.as_str(), 1.0),
    };
    let value: f64 = number
        .parse()
        .with_context(|| format!("{text:?} is not a count like 1000000 or 10M"))?;
    if !(value.is_finite() && value > 0.0) {
        bail!("{text:?} is not a positive count");
    }
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "checked positive and finite above"
    )]
    Ok((value * scale).round() as u64)
}

fn duration(ms: i64) -> String {
    let minutes = ms / 60_000;
    match (minutes / 1440, minutes / 60 % 24, minutes % 60) {
        (0, 0, m) => format!("{m} min"),
        (0, h, m) => format!("{h} h {m} min"),
        (d, h, _) => format!("{d} d {h} h"),
    }
}

fn instant(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).map_or_else(
        |_| ms.to_string(),
        |t| t.strftime("%Y-%m-%d %H:%M").to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::{duration, parse_count};

    #[test]
    fn counts_and_durations_read_like_people_write_them() {
        assert_eq!(parse_count("10M").unwrap(), 10_000_000);
        assert_eq!(parse_count("2.5m").unwrap(), 2_500_000);
        assert_eq!(parse_count("1000000").unwrap(), 1_000_000);
        assert!(parse_count("lots").is_err() && parse_count("-1").is_err());
        assert_eq!(duration(43 * 60_000), "43 min");
        assert_eq!(duration(292 * 60_000), "4 h 52 min");
    }
}
