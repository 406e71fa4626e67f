//! Counts through the binary: acknowledged points survive `kill -9` mid-stream, and `import-points`
//! names the line and column of a bad cell and stores nothing.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::{Server, TestDatabase, bside, path_str, stderr, stdout, temp_dir};

const SERIES: &str = "account.thv-instagram.followers";
/// Points per request.
const BATCH: usize = 200;

/// The instants (unix ms) of batch `n`: far after the demo's points, one minute apart.
fn batch_instants(n: usize) -> Vec<i64> {
    let start = 1_700_000_000_000 + i64::try_from(n * BATCH).unwrap() * 60_000;
    (0..BATCH)
        .map(|i| start + i64::try_from(i).unwrap() * 60_000)
        .collect()
}

fn batch_body(n: usize) -> String {
    let points: Vec<String> = batch_instants(n)
        .iter()
        .enumerate()
        .map(|(i, at)| {
            let at = jiff::Timestamp::from_millisecond(*at).unwrap();
            format!(
                r#"{{"series": "{SERIES}", "at": "{at}", "value": {}}}"#,
                20_000_000 + n * BATCH + i
            )
        })
        .collect();
    format!(r#"{{"points": [{}]}}"#, points.join(", "))
}

#[test]
fn every_acknowledged_point_survives_kill_9_mid_stream() {
    let dir = temp_dir();
    let database = TestDatabase::sqlite(dir.path(), "bside.db");
    let token = stdout(&bside(
        dir.path(),
        database.url(),
        &["token", "create", "feeder"],
    ))
    .trim()
    .to_owned();
    let server = Server::start(dir.path(), database.url(), true);
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let feeder = {
        let (address, acknowledged) = (server.address.clone(), acknowledged.clone());
        std::thread::spawn(move || {
            // Until the server dies: a refused connection or a cut answer ends the stream.
            for n in 0..100_000 {
                match crate::request(
                    &address,
                    "POST",
                    "/api/v1/points",
                    Some(&token),
                    Some(&batch_body(n)),
                ) {
                    Ok((201, _)) => acknowledged.lock().unwrap().push(n),
                    _ => return,
                }
            }
        })
    };
    std::thread::sleep(Duration::from_millis(1500));
    server.kill_hard();
    feeder.join().unwrap();
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(
        acknowledged.len() >= 2,
        "the stream was running when the server died ({} batches)",
        acknowledged.len()
    );

    let export = dir.path().join("after.json");
    assert!(
        bside(dir.path(), database.url(), &["export", path_str(&export)])
            .status
            .success()
    );
    let bundle: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(export).unwrap()).unwrap();
    let series = bundle["series"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["series"] == SERIES)
        .unwrap();
    let stored: BTreeSet<i64> = series["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p["at"]
                .as_str()
                .unwrap()
                .parse::<jiff::Timestamp>()
                .unwrap()
                .as_millisecond()
        })
        .collect();
    for n in acknowledged {
        for at in batch_instants(n) {
            assert!(
                stored.contains(&at),
                "batch {n} was acknowledged but its point at {at} is gone"
            );
        }
    }
}

#[test]
fn import_points_names_the_bad_cell_and_stores_nothing() {
    let dir = temp_dir();
    let database = TestDatabase::sqlite(dir.path(), "bside.db");
    drop(Server::start(dir.path(), database.url(), true));
    let file = dir.path().join("counts.csv");
    std::fs::write(&file, "account,date,followers\nthv-instagram,2021-12-07,20500000\nthv-instagram,2021-12-08,lots\n").unwrap();
    let output = bside(
        dir.path(),
        database.url(),
        &["import-points", path_str(&file)],
    );
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("line 3, column \"followers\""),
        "{}",
        stderr(&output)
    );

    std::fs::write(
        &file,
        "account,date,followers\nthv-instagram,2021-12-09,20500000\nnobody,2021-12-09,5\n",
    )
    .unwrap();
    let output = bside(
        dir.path(),
        database.url(),
        &["import-points", "--zone", "Asia/Seoul", path_str(&file)],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(
        said.contains("imported 1 points into 1 series") && said.contains("account:nobody"),
        "{said}"
    );
    let table = stdout(&bside(
        dir.path(),
        database.url(),
        &["records", "--milestone", "10M"],
    ));
    assert!(
        table.contains("thv-instagram") && table.contains("4 h 52 min"),
        "{table}"
    );
}

/// A Parquet file with these columns (one batch).
fn write_parquet(path: &std::path::Path, columns: Vec<(&str, arrow_array::ArrayRef)>) {
    use std::sync::Arc;
    let schema = Arc::new(arrow_schema::Schema::new(
        columns
            .iter()
            .map(|(name, a)| arrow_schema::Field::new(*name, a.data_type().clone(), true))
            .collect::<Vec<_>>(),
    ));
    let batch = arrow_array::RecordBatch::try_new(
        schema.clone(),
        columns.into_iter().map(|(_, a)| a).collect(),
    )
    .unwrap();
    let file = std::fs::File::create(path).unwrap();
    let mut writer = parquet::arrow::ArrowWriter::try_new(file, schema, None).unwrap();
    writer.write(&batch).unwrap();
    writer.close().unwrap();
}

#[test]
fn import_points_reads_parquet_with_typed_columns() {
    use std::sync::Arc;

    use arrow_array::{Int64Array, StringArray, TimestampMillisecondArray};
    let dir = temp_dir();
    let database = TestDatabase::sqlite(dir.path(), "bside.db");
    drop(Server::start(dir.path(), database.url(), true));
    // Named .dat: Parquet is recognized by its content.
    let file = dir.path().join("counts.dat");
    let at = |text: &str| text.parse::<jiff::Timestamp>().unwrap().as_millisecond();
    write_parquet(
        &file,
        vec![
            (
                "account",
                Arc::new(StringArray::from(vec!["thv-instagram", "thv-instagram"])),
            ),
            (
                "snapshot_time",
                Arc::new(
                    TimestampMillisecondArray::from(vec![
                        at("2021-12-09T00:00:00Z"),
                        at("2021-12-10T00:00:00Z"),
                    ])
                    .with_timezone("UTC"),
                ),
            ),
            (
                "followers",
                Arc::new(Int64Array::from(vec![20_500_000, 21_000_000])),
            ),
        ],
    );
    let output = bside(
        dir.path(),
        database.url(),
        &["import-points", path_str(&file)],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("imported 2 points into 1 series"),
        "{}",
        stdout(&output)
    );

    write_parquet(
        &file,
        vec![
            (
                "account",
                Arc::new(StringArray::from(vec!["thv-instagram"])),
            ),
            ("snapshot_time", Arc::new(StringArray::from(vec!["soon"]))),
            ("followers", Arc::new(Int64Array::from(vec![22_000_000]))),
        ],
    );
    let output = bside(
        dir.path(),
        database.url(),
        &["import-points", path_str(&file)],
    );
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("row 1, column \"snapshot_time\""),
        "{}",
        stderr(&output)
    );
}
