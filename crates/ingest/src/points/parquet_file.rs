//! Reading points from Parquet with the same mapping as CSV: strings, integers, timestamps and dates
//! are each read as what they mean; every bad cell is reported with its row and column.

use std::fs::File;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type,
    TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, TimeUnit};
use jiff::tz::TimeZone;
use model::SeriesKey;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use super::{Mapping, Place, PointError, RawPoint, SubjectColumn, SubjectRef, TimeFormat};

/// A Parquet file's column names and its number of rows, from its footer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParquetShape {
    pub columns: Vec<String>,
    pub rows: u64,
}

/// Reads the footer: the columns (for the mapping) and the row count (for progress).
pub fn read_parquet_shape(file: File) -> Result<ParquetShape, PointError> {
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(not_parquet)?;
    let rows = u64::try_from(builder.metadata().file_metadata().num_rows()).unwrap_or(0);
    let columns = builder
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    Ok(ParquetShape { columns, rows })
}

/// Reads every row into points. Null value cells are skipped (an export without that metric that
/// day); any other bad cell stops the read with its row and column, so nothing half-read is stored.
/// `on_rows` is called with the number of rows read so far, for progress.
pub fn read_parquet(
    file: File,
    mapping: &Mapping,
    zone: &TimeZone,
    mut on_rows: impl FnMut(u64),
) -> Result<Vec<RawPoint>, PointError> {
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(not_parquet)?;
    let schema = builder.schema().clone();
    let index_of = |name: &str| {
        schema.index_of(name).map_err(|_| PointError {
            place: Place::Row(0),
            column: Some(name.to_owned()),
            message: format!(
                "no such column; the file has: {}",
                schema
                    .fields()
                    .iter()
                    .map(|f| f.name().as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
    };
    let subject_at = index_of(mapping.subject.column())?;
    let time_at = index_of(&mapping.time)?;
    let values_at: Vec<(usize, &str, model::Metric)> = mapping
        .values
        .iter()
        .map(|(c, m)| Ok((index_of(c)?, c.as_str(), *m)))
        .collect::<Result<_, PointError>>()?;
    let reader = builder
        .with_batch_size(64 * 1024)
        .build()
        .map_err(not_parquet)?;
    let mut out = Vec::new();
    let mut rows_before = 0_u64;
    for batch in reader {
        let batch = batch.map_err(|e| PointError {
            place: Place::Row(rows_before + 1),
            column: None,
            message: format!("the file is damaged: {e}"),
        })?;
        read_batch(
            &batch,
            rows_before,
            mapping,
            zone,
            (subject_at, time_at, &values_at),
            &mut out,
        )?;
        rows_before += batch.num_rows() as u64;
        on_rows(rows_before);
    }
    Ok(out)
}

type Columns<'a> = (usize, usize, &'a [(usize, &'a str, model::Metric)]);

fn read_batch(
    batch: &RecordBatch,
    rows_before: u64,
    mapping: &Mapping,
    zone: &TimeZone,
    (subject_at, time_at, values_at): Columns<'_>,
    out: &mut Vec<RawPoint>,
) -> Result<(), PointError> {
    let subjects = batch.column(subject_at);
    let times = batch.column(time_at);
    for index in 0..batch.num_rows() {
        let place = Place::Row(rows_before + index as u64 + 1);
        let bad = |column: &str, message: String| PointError {
            place,
            column: Some(column.to_owned()),
            message,
        };
        let subject_column = mapping.subject.column();
        let name = text_at(subjects, index)
            .map_err(|m| bad(subject_column, m))?
            .ok_or_else(|| bad(subject_column, "the subject is empty".to_owned()))?;
        let subject = match &mapping.subject {
            SubjectColumn::Series(c) => {
                SubjectRef::Series(SeriesKey::parse(name.trim()).map_err(|m| bad(c, m))?)
            }
            SubjectColumn::Account(_) => SubjectRef::Account(name.trim().to_owned()),
            SubjectColumn::Video(_) => SubjectRef::Video(name.trim().to_owned()),
            SubjectColumn::YoutubeId(_) => SubjectRef::YoutubeId(name.trim().to_owned()),
        };
        let at = time_at_row(times, index, mapping.time_format, zone)
            .map_err(|m| bad(&mapping.time, m))?;
        for (value_at, column, metric) in values_at {
            let Some(value) =
                count_at(batch.column(*value_at), index).map_err(|m| bad(column, m))?
            else {
                continue;
            };
            let metric = match &subject {
                SubjectRef::Series(key) => key.metric,
                _ => *metric,
            };
            out.push(RawPoint {
                subject: subject.clone(),
                metric,
                at,
                value,
                place,
            });
        }
    }
    Ok(())
}

fn not_parquet(error: impl std::fmt::Display) -> PointError {
    PointError {
        place: Place::Row(0),
        column: None,
        message: format!("not a readable Parquet file: {error}"),
    }
}

/// A cell as text: strings as they are, integers in decimal. `None` for null.
fn text_at(array: &ArrayRef, index: usize) -> Result<Option<String>, String> {
    if array.is_null(index) {
        return Ok(None);
    }
    let text = match array.data_type() {
        DataType::Utf8 => array.as_string::<i32>().value(index).to_owned(),
        DataType::LargeUtf8 => array.as_string::<i64>().value(index).to_owned(),
        DataType::Utf8View => array.as_string_view().value(index).to_owned(),
        DataType::Int32 => array.as_primitive::<Int32Type>().value(index).to_string(),
        DataType::Int64 => array.as_primitive::<Int64Type>().value(index).to_string(),
        DataType::UInt32 => array.as_primitive::<UInt32Type>().value(index).to_string(),
        DataType::UInt64 => array.as_primitive::<UInt64Type>().value(index).to_string(),
        other => return Err(format!("a column of type {other} cannot name a subject")),
    };
    Ok(Some(text))
}

/// A snapshot time in unix ms: timestamps and dates as they are typed (dates and zone-less
/// timestamps count in `zone`), integers as unix seconds or ms, strings by `format`.
fn time_at_row(
    array: &ArrayRef,
    index: usize,
    format: TimeFormat,
    zone: &TimeZone,
) -> Result<i64, String> {
    if array.is_null(index) {
        return Err("the time is empty".to_owned());
    }
    let wall_in_zone = |utc_ms: i64, has_zone: bool| -> Result<i64, String> {
        if has_zone {
            return Ok(utc_ms);
        }
        // A timestamp without a zone is a wall time: read it in `zone`.
        let wall = jiff::Timestamp::from_millisecond(utc_ms)
            .map_err(|e| e.to_string())?
            .to_zoned_datetime(TimeZone::UTC)
            .datetime();
        wall.to_zoned_datetime(zone.clone())
            .map(|z| z.timestamp().as_millisecond())
            .map_err(|e| e.to_string())
    };
    match array.data_type() {
        DataType::Timestamp(unit, tz) => {
            let ms = match unit {
                TimeUnit::Second => array
                    .as_primitive::<TimestampSecondType>()
                    .value(index)
                    .saturating_mul(1000),
                TimeUnit::Millisecond => array
                    .as_primitive::<TimestampMillisecondType>()
                    .value(index),
                TimeUnit::Microsecond => {
                    array
                        .as_primitive::<TimestampMicrosecondType>()
                        .value(index)
                        / 1000
                }
                TimeUnit::Nanosecond => {
                    array.as_primitive::<TimestampNanosecondType>().value(index) / 1_000_000
                }
            };
            wall_in_zone(ms, tz.is_some())
        }
        DataType::Date32 => {
            let days = array.as_primitive::<Date32Type>().value(index);
            let date = jiff::civil::date(1970, 1, 1)
                .checked_add(jiff::Span::new().days(i64::from(days)))
                .map_err(|e| e.to_string())?;
            date.to_zoned_datetime(zone.clone())
                .map(|z| z.timestamp().as_millisecond())
                .map_err(|e| e.to_string())
        }
        DataType::Date64 => wall_in_zone(array.as_primitive::<Date64Type>().value(index), false),
        DataType::Int64 | DataType::Int32 | DataType::UInt32 | DataType::UInt64 => {
            let text = text_at(array, index)?.unwrap_or_default();
            TimeFormat::Auto.parse(&text, zone)
        }
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
            let text = text_at(array, index)?.unwrap_or_default();
            format.parse(&text, zone)
        }
        other => Err(format!("a column of type {other} cannot hold a time")),
    }
}

/// A count: any integer type, or a float that is whole. `None` for null.
fn count_at(array: &ArrayRef, index: usize) -> Result<Option<u64>, String> {
    if array.is_null(index) {
        return Ok(None);
    }
    fn signed(value: i64) -> Result<u64, String> {
        u64::try_from(value)
            .map_err(|_| format!("{value} is not a count (a whole number, 0 or more)"))
    }
    fn float(value: f64) -> Result<u64, String> {
        if value.fract() == 0.0 && (0.0..1.8e19).contains(&value) {
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "checked whole and in range"
            )]
            Ok(value as u64)
        } else {
            Err(format!(
                "{value} is not a count (a whole number, 0 or more)"
            ))
        }
    }
    let count = match array.data_type() {
        DataType::Int8 => signed(array.as_primitive::<Int8Type>().value(index).into())?,
        DataType::Int16 => signed(array.as_primitive::<Int16Type>().value(index).into())?,
        DataType::Int32 => signed(array.as_primitive::<Int32Type>().value(index).into())?,
        DataType::Int64 => signed(array.as_primitive::<Int64Type>().value(index))?,
        DataType::UInt8 => array.as_primitive::<UInt8Type>().value(index).into(),
        DataType::UInt16 => array.as_primitive::<UInt16Type>().value(index).into(),
        DataType::UInt32 => array.as_primitive::<UInt32Type>().value(index).into(),
        DataType::UInt64 => array.as_primitive::<UInt64Type>().value(index),
        DataType::Float32 => float(array.as_primitive::<Float32Type>().value(index).into())?,
        DataType::Float64 => float(array.as_primitive::<Float64Type>().value(index))?,
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
            let text = text_at(array, index)?.unwrap_or_default();
            let text = text.trim();
            if text.is_empty() {
                return Ok(None);
            }
            text.replace(['_', ','], "")
                .parse()
                .map_err(|_| format!("{text:?} is not a count (a whole number, 0 or more)"))?
        }
        other => return Err(format!("a column of type {other} cannot hold a count")),
    };
    Ok(Some(count))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::{
        Float64Array, Int64Array, RecordBatch, StringArray, TimestampMillisecondArray,
    };
    use arrow_schema::{Field, Schema};
    use parquet::arrow::ArrowWriter;

    use super::*;
    use crate::points::detect;

    /// A Parquet file holding `columns`, as a YouTube statistics export would.
    fn parquet(columns: Vec<(&str, ArrayRef)>) -> tempfile::NamedTempFile {
        let schema = Arc::new(Schema::new(
            columns
                .iter()
                .map(|(name, array)| Field::new(*name, array.data_type().clone(), true))
                .collect::<Vec<_>>(),
        ));
        let batch = RecordBatch::try_new(
            schema.clone(),
            columns.into_iter().map(|(_, a)| a).collect(),
        )
        .unwrap();
        let file = tempfile::NamedTempFile::new().unwrap();
        let mut writer = ArrowWriter::try_new(file.reopen().unwrap(), schema, None).unwrap();
        writer.write(&batch).unwrap();
        writer.close().unwrap();
        file
    }

    fn read(file: &tempfile::NamedTempFile) -> Result<Vec<RawPoint>, PointError> {
        let shape = read_parquet_shape(file.reopen().unwrap())?;
        let mapping = detect(&shape.columns).expect("a known shape");
        read_parquet(file.reopen().unwrap(), &mapping, &TimeZone::UTC, |_| {})
    }

    #[test]
    fn typed_columns_become_points() {
        let file = parquet(vec![
            (
                "video_id",
                Arc::new(StringArray::from(vec!["abc", "abc", "xyz"])),
            ),
            (
                "snapshot_time",
                Arc::new(
                    TimestampMillisecondArray::from(vec![1_000, 2_000, 3_000]).with_timezone("UTC"),
                ),
            ),
            (
                "view_count",
                Arc::new(Int64Array::from(vec![Some(10), Some(20), None])),
            ),
            (
                "like_count",
                Arc::new(Float64Array::from(vec![1.0, 2.0, 3.0])),
            ),
        ]);
        assert_eq!(read_parquet_shape(file.reopen().unwrap()).unwrap().rows, 3);
        let points = read(&file).unwrap();
        assert_eq!(points.len(), 5, "the null view count is skipped");
        assert_eq!(points[2].at, 2_000);
        assert_eq!(points[2].value, 20);
        assert_eq!(points[2].place, Place::Row(2));
        assert_eq!(points[4].subject, SubjectRef::YoutubeId("xyz".into()));
        assert_eq!(points[4].metric, model::Metric::Likes);
    }

    #[test]
    fn strings_are_parsed_and_bad_cells_name_row_and_column() {
        let file = parquet(vec![
            ("video_id", Arc::new(StringArray::from(vec!["abc", "abc"]))),
            (
                "snapshot_time",
                Arc::new(StringArray::from(vec!["2023-09-15T15:00:00Z", "yesterday"])),
            ),
            ("view_count", Arc::new(Int64Array::from(vec![10, 20]))),
        ]);
        let error = read(&file).unwrap_err();
        assert_eq!(error.place, Place::Row(2));
        assert_eq!(error.column.as_deref(), Some("snapshot_time"));
        let file = parquet(vec![
            ("video_id", Arc::new(StringArray::from(vec!["abc"]))),
            (
                "snapshot_time",
                Arc::new(StringArray::from(vec!["2023-09-15"])),
            ),
            ("view_count", Arc::new(Int64Array::from(vec![-5]))),
        ]);
        assert_eq!(
            read(&file).unwrap_err().to_string(),
            "row 1, column \"view_count\": -5 is not a count (a whole number, 0 or more)"
        );
    }

    #[test]
    fn a_file_that_is_not_parquet_is_refused() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut file, b"video_id,views\nabc,1\n").unwrap();
        let error = read_parquet_shape(file.reopen().unwrap()).unwrap_err();
        assert!(
            error.message.starts_with("not a readable Parquet file"),
            "{error}"
        );
    }
}
