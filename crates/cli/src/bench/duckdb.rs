//! DuckDB's side of the records benchmark: runs `bench/duckdb_records.py` (embedded in the binary, so
//! the benchmark runs from any directory) with Python, and reads back the answer it exports.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, bail};
use serde::Deserialize;

use super::answer::{Answer, CrossingRow, TopRow};
use super::generate::{POINTS_FILE, SUBJECTS_FILE};

/// The script, as committed at `bench/duckdb_records.py`.
const SCRIPT: &str = include_str!("../../../../bench/duckdb_records.py");

/// What one run of the script reports.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Run {
    pub(crate) seconds: f64,
    pub(crate) crossings: u64,
    pub(crate) top: u64,
    pub(crate) duckdb: String,
}

impl Run {
    pub(crate) fn elapsed(&self) -> Duration {
        Duration::from_secs_f64(self.seconds)
    }
}

/// Whether `python` can import duckdb (without installing it).
pub(crate) fn available(python: &str) -> bool {
    Command::new(python)
        .args(["-c", "import duckdb"])
        .output()
        .is_ok_and(|output| output.status.success())
}

/// Writes the script into `dir` and returns its path.
pub(crate) fn install_script(dir: &Path) -> anyhow::Result<PathBuf> {
    let path = dir.join("duckdb_records.py");
    std::fs::write(&path, SCRIPT).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path)
}

/// Runs the SQL over the data set in `data`; with `export`, writes its answer there as CSV.
pub(crate) fn run(
    python: &str,
    script: &Path,
    data: &Path,
    threads: usize,
    export: Option<&Path>,
) -> anyhow::Result<Run> {
    let mut command = Command::new(python);
    command
        .arg(script)
        .arg("--points")
        .arg(data.join(POINTS_FILE))
        .arg("--subjects")
        .arg(data.join(SUBJECTS_FILE))
        .arg("--threads")
        .arg(threads.to_string());
    if let Some(dir) = export {
        command.arg("--export").arg(dir);
    }
    let output = command
        .output()
        .with_context(|| format!("cannot run {python}"))?;
    if !output.status.success() {
        bail!(
            "the DuckDB script failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(line)
        .with_context(|| format!("the DuckDB script printed {line:?}, not its report"))
}

/// Reads the answer the script exported into `dir`.
pub(crate) fn read_answer(dir: &Path) -> anyhow::Result<Answer> {
    let crossings = read_csv(&dir.join("crossings.csv"), 5, |fields| {
        Ok(CrossingRow {
            series: fields[0].parse()?,
            milestone: fields[1].parse()?,
            estimate: fields[2].parse()?,
            lower_at: match fields[3] {
                "" => None,
                text => Some(text.parse()?),
            },
            upper_at: fields[4].parse()?,
        })
    })?;
    let top = read_csv(&dir.join("top.csv"), 4, |fields| {
        Ok(TopRow {
            scope: fields[0].to_owned(),
            rank: fields[1].parse()?,
            series: fields[2].parse()?,
            elapsed: fields[3].parse()?,
        })
    })?;
    let mut answer = Answer { crossings, top };
    answer.sort();
    Ok(answer)
}

/// Reads a CSV file with a header line and `columns` fields without commas or quotes.
fn read_csv<T>(
    path: &Path,
    columns: usize,
    row: impl Fn(&[&str]) -> anyhow::Result<T>,
) -> anyhow::Result<Vec<T>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    text.lines()
        .enumerate()
        .skip(1)
        .map(|(number, line)| {
            let fields: Vec<&str> = line.split(',').collect();
            if fields.len() != columns {
                bail!(
                    "{} line {}: expected {columns} fields",
                    path.display(),
                    number + 1
                );
            }
            row(&fields)
                .with_context(|| format!("{} line {}: {line:?}", path.display(), number + 1))
        })
        .collect()
}
