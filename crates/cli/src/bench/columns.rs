//! The data set's files as columns: the schemas of `points.parquet` (`series` u32, `at` i64 unix ms,
//! `value` i64) and `subjects.parquet`, and their readers and writer.

use std::fs::File;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use anyhow::{Context, bail};
use arrow_array::cast::AsArray;
use arrow_array::types::{Int64Type, UInt32Type};
use arrow_array::{Array, ArrayRef, Int64Array, RecordBatch, StringArray, UInt32Array};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use model::Platform;
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::file::properties::WriterProperties;
use records::{Metric, SubjectKind};

/// Whose series `series` is, what it counts, and where it ranks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SubjectRow {
    pub(crate) series: u32,
    pub(crate) kind: SubjectKind,
    pub(crate) platform: Platform,
    pub(crate) metric: Metric,
    pub(crate) tag: Option<String>,
    /// Unix ms; `None`: the subject has crossings but no place in a leaderboard.
    pub(crate) origin: Option<i64>,
}

impl SubjectRow {
    /// The subject's id in the engine: `s000001234` (zero-padded, so that ids sort like numbers).
    pub(crate) fn id(series: u32) -> String {
        format!("s{series:09}")
    }
}

pub(crate) fn points_schema() -> SchemaRef {
    static SCHEMA: LazyLock<SchemaRef> = LazyLock::new(|| {
        Arc::new(Schema::new(vec![
            Field::new("series", DataType::UInt32, false),
            Field::new("at", DataType::Int64, false),
            Field::new("value", DataType::Int64, false),
        ]))
    });
    SCHEMA.clone()
}

fn subjects_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("series", DataType::UInt32, false),
        Field::new("kind", DataType::Utf8, false),
        Field::new("platform", DataType::Utf8, false),
        Field::new("metric", DataType::Utf8, false),
        Field::new("tag", DataType::Utf8, true),
        Field::new("origin", DataType::Int64, true),
    ]))
}

pub(crate) fn write_subjects(
    path: &Path,
    subjects: &[SubjectRow],
    properties: WriterProperties,
) -> anyhow::Result<()> {
    let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut writer = ArrowWriter::try_new(file, subjects_schema(), Some(properties))?;
    for chunk in subjects.chunks(1 << 20) {
        let columns: Vec<ArrayRef> = vec![
            Arc::new(UInt32Array::from_iter_values(
                chunk.iter().map(|s| s.series),
            )),
            Arc::new(StringArray::from_iter_values(
                chunk.iter().map(|s| s.kind.as_str()),
            )),
            Arc::new(StringArray::from_iter_values(
                chunk.iter().map(|s| s.platform.as_str()),
            )),
            Arc::new(StringArray::from_iter_values(
                chunk.iter().map(|s| s.metric.as_str()),
            )),
            Arc::new(StringArray::from_iter(
                chunk.iter().map(|s| s.tag.as_deref()),
            )),
            Arc::new(Int64Array::from_iter(chunk.iter().map(|s| s.origin))),
        ];
        writer.write(&RecordBatch::try_new(subjects_schema(), columns)?)?;
    }
    writer.close()?;
    Ok(())
}

/// Reads `subjects.parquet`, in file order.
pub(crate) fn read_subjects(path: &Path) -> anyhow::Result<Vec<SubjectRow>> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)?.build()?;
    let mut out = Vec::new();
    for batch in reader {
        let batch = batch?;
        let series = column(&batch, "series")?.as_primitive::<UInt32Type>();
        let kind = column(&batch, "kind")?.as_string::<i32>();
        let platform = column(&batch, "platform")?.as_string::<i32>();
        let metric = column(&batch, "metric")?.as_string::<i32>();
        let tag = column(&batch, "tag")?.as_string::<i32>();
        let origin = column(&batch, "origin")?.as_primitive::<Int64Type>();
        for i in 0..batch.num_rows() {
            let bad =
                |what: &str, error: String| anyhow::anyhow!("subjects row {i}, {what}: {error}");
            out.push(SubjectRow {
                series: series.value(i),
                kind: SubjectKind::parse(kind.value(i)).map_err(|e| bad("kind", e))?,
                platform: Platform::parse(platform.value(i)).map_err(|e| bad("platform", e))?,
                metric: Metric::parse(metric.value(i)).map_err(|e| bad("metric", e))?,
                tag: tag.is_valid(i).then(|| tag.value(i).to_owned()),
                origin: origin.is_valid(i).then(|| origin.value(i)),
            });
        }
    }
    Ok(out)
}

/// The three columns of one batch of `points.parquet`.
pub(crate) struct PointColumns {
    pub(crate) series: UInt32Array,
    pub(crate) at: Int64Array,
    pub(crate) value: Int64Array,
}

impl PointColumns {
    pub(crate) fn of(batch: &RecordBatch) -> anyhow::Result<Self> {
        let typed = |name: &str, want: &DataType| -> anyhow::Result<ArrayRef> {
            let array = column(batch, name)?;
            if array.data_type() != want || array.null_count() > 0 {
                bail!("column {name} must be {want} without nulls");
            }
            Ok(array.clone())
        };
        Ok(Self {
            series: typed("series", &DataType::UInt32)?
                .as_primitive::<UInt32Type>()
                .clone(),
            at: typed("at", &DataType::Int64)?
                .as_primitive::<Int64Type>()
                .clone(),
            value: typed("value", &DataType::Int64)?
                .as_primitive::<Int64Type>()
                .clone(),
        })
    }
}

/// How many row groups `points.parquet` has, with their row counts.
pub(crate) fn row_groups(path: &Path) -> anyhow::Result<Vec<usize>> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file)?;
    Ok(builder
        .metadata()
        .row_groups()
        .iter()
        .map(|group| usize::try_from(group.num_rows()).unwrap_or(0))
        .collect())
}

/// Reads the row groups `groups` of `points.parquet`, one batch per row group, handing each to `each`.
pub(crate) fn read_points(
    path: &Path,
    groups: Vec<usize>,
    batch_rows: usize,
    mut each: impl FnMut(PointColumns) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    if groups.is_empty() {
        return Ok(());
    }
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)?
        .with_row_groups(groups)
        .with_batch_size(batch_rows)
        .build()?;
    for batch in reader {
        each(PointColumns::of(&batch?)?)?;
    }
    Ok(())
}

fn column<'a>(batch: &'a RecordBatch, name: &str) -> anyhow::Result<&'a ArrayRef> {
    batch
        .column_by_name(name)
        .with_context(|| format!("no column {name:?}"))
}
