//! Reading points from CSV with a mapping; every bad cell is reported with its line and column.

use std::io::Read;

use jiff::tz::TimeZone;
use model::SeriesKey;

use super::{Mapping, Place, PointError, RawPoint, SubjectColumn, SubjectRef};

/// The header row of a CSV file.
pub fn read_csv_header(reader: impl Read) -> Result<Vec<String>, PointError> {
    let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
    let header = csv.headers().map_err(|e| PointError {
        place: Place::Line(1),
        column: None,
        message: e.to_string(),
    })?;
    Ok(header
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_owned())
        .collect())
}

/// Reads every row into points. Empty value cells are skipped (an export without that metric that
/// day); any other bad cell stops the read with its line and column, so nothing half-read is stored.
/// `on_row` is called with the bytes read so far, for progress.
pub fn read_csv(
    reader: impl Read,
    mapping: &Mapping,
    zone: &TimeZone,
    mut on_row: impl FnMut(u64),
) -> Result<Vec<RawPoint>, PointError> {
    let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
    let header: Vec<String> = csv
        .headers()
        .map_err(|e| PointError {
            place: Place::Line(1),
            column: None,
            message: e.to_string(),
        })?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_owned())
        .collect();
    let index_of = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| PointError {
                place: Place::Line(1),
                column: Some(name.to_owned()),
                message: format!("no such column; the file has: {}", header.join(", ")),
            })
    };
    let subject_at = index_of(mapping.subject.column())?;
    let time_at = index_of(&mapping.time)?;
    let values_at: Vec<(usize, &str, model::Metric)> = mapping
        .values
        .iter()
        .map(|(c, m)| Ok((index_of(c)?, c.as_str(), *m)))
        .collect::<Result<_, PointError>>()?;
    let mut out = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let more = csv.read_record(&mut record).map_err(|e| PointError {
            place: Place::Line(e.position().map_or(0, |p| p.line())),
            column: None,
            message: e.to_string(),
        })?;
        if !more {
            break;
        }
        let line = Place::Line(record.position().map_or(0, |p| p.line()));
        on_row(record.position().map_or(0, |p| p.byte()));
        let cell = |index: usize, column: &str| {
            record.get(index).map(str::trim).ok_or_else(|| PointError {
                place: line,
                column: Some(column.to_owned()),
                message: format!("the row has {} cells, fewer than the header", record.len()),
            })
        };
        let name = cell(subject_at, mapping.subject.column())?;
        let bad = |column: &str, message: String| PointError {
            place: line,
            column: Some(column.to_owned()),
            message,
        };
        let subject = match &mapping.subject {
            SubjectColumn::Series(c) => {
                SubjectRef::Series(SeriesKey::parse(name).map_err(|m| bad(c, m))?)
            }
            SubjectColumn::Account(_) => SubjectRef::Account(name.to_owned()),
            SubjectColumn::Video(_) => SubjectRef::Video(name.to_owned()),
            SubjectColumn::YoutubeId(_) => SubjectRef::YoutubeId(name.to_owned()),
        };
        let at = mapping
            .time_format
            .parse(cell(time_at, &mapping.time)?, zone)
            .map_err(|m| bad(&mapping.time, m))?;
        for (index, column, metric) in &values_at {
            let text = cell(*index, column)?;
            if text.is_empty() {
                continue;
            }
            let value: u64 = text.replace(['_', ','], "").parse().map_err(|_| {
                bad(
                    column,
                    format!("{text:?} is not a count (a whole number, 0 or more)"),
                )
            })?;
            let metric = match &subject {
                SubjectRef::Series(key) => key.metric,
                _ => *metric,
            };
            out.push(RawPoint {
                subject: subject.clone(),
                metric,
                at,
                value,
                place: line,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::points::detect;

    fn read(text: &str) -> Result<Vec<RawPoint>, PointError> {
        let header = read_csv_header(text.as_bytes()).unwrap();
        let mapping = detect(&header).expect("a known shape");
        read_csv(text.as_bytes(), &mapping, &TimeZone::UTC, |_| {})
    }

    #[test]
    fn rows_become_points_and_bad_cells_name_line_and_column() {
        let points =
            read("video_id,trending_date,views,likes\nabc,17.14.11,100,7\nabc,17.15.11,250,\n")
                .unwrap();
        assert_eq!(points.len(), 3, "an empty likes cell is skipped");
        assert_eq!(points[2].value, 250);
        assert_eq!(points[2].place, Place::Line(3));
        let error = read("video_id,trending_date,views\nabc,17.14.11,100\nabc,17.15.11,lots\n")
            .unwrap_err();
        assert_eq!(
            (error.place, error.column.as_deref()),
            (Place::Line(3), Some("views"))
        );
        assert_eq!(
            error.to_string(),
            "line 3, column \"views\": \"lots\" is not a count (a whole number, 0 or more)"
        );
        let error = read("video_id,trending_date,views\nabc,17.41.11,100\n").unwrap_err();
        assert_eq!(error.column.as_deref(), Some("trending_date"));
        let error = read("series,at,value\naccount.x.fans,2023-01-01,5\n").unwrap_err();
        assert_eq!(error.column.as_deref(), Some("series"));
    }
}
