//! Multi-row statements: a batch of rows written with one `INSERT` per chunk instead of one per row,
//! and rows looked up by many keys with one `IN (…)` per chunk.
//!
//! Each statement is a round trip (to SQLite's worker thread, or to the PostgreSQL server), so a
//! write of many aggregates costs what its statements cost, not its rows.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe, FromRow};

/// One bound value.
#[derive(Debug, Clone)]
pub(crate) enum Cell {
    Int(i64),
    OptInt(Option<i64>),
    Text(String),
    OptText(Option<String>),
}

impl From<Option<i64>> for Cell {
    fn from(value: Option<i64>) -> Self {
        Self::OptInt(value)
    }
}

impl From<i64> for Cell {
    fn from(value: i64) -> Self {
        Self::Int(value)
    }
}

impl From<String> for Cell {
    fn from(value: String) -> Self {
        Self::Text(value)
    }
}

impl From<&str> for Cell {
    fn from(value: &str) -> Self {
        Self::Text(value.to_owned())
    }
}

impl From<Option<String>> for Cell {
    fn from(value: Option<String>) -> Self {
        Self::OptText(value)
    }
}

impl From<Option<&str>> for Cell {
    fn from(value: Option<&str>) -> Self {
        Self::OptText(value.map(str::to_owned))
    }
}

/// Rows of a fixed number of cells, to be written by [`insert`] or [`insert_returning`].
#[derive(Debug)]
pub(crate) struct Rows {
    width: usize,
    cells: Vec<Cell>,
}

impl Rows {
    pub(crate) fn new(width: usize) -> Self {
        Self {
            width,
            cells: Vec::new(),
        }
    }

    pub(crate) fn push<const N: usize>(&mut self, row: [Cell; N]) {
        debug_assert_eq!(
            N, self.width,
            "a row has as many cells as the table has columns"
        );
        self.cells.extend(row);
    }

    /// Appends a row whose first column is `key` (a row id) and the rest `row`.
    pub(crate) fn push_keyed<const N: usize>(&mut self, key: Cell, row: [Cell; N]) {
        debug_assert_eq!(
            N + 1,
            self.width,
            "a row has as many cells as the table has columns"
        );
        self.cells.push(key);
        self.cells.extend(row);
    }

    pub(crate) fn len(&self) -> usize {
        self.cells.len() / self.width
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// The rows in chunks of at most `rows_per` rows each.
    fn chunks(&self, rows_per: usize) -> impl Iterator<Item = &[Cell]> {
        self.cells.chunks(rows_per * self.width)
    }
}

/// Rows per statement: a few hundred, and far below either backend's limit on parameters
/// (SQLite 32,766, PostgreSQL 65,535).
fn rows_per(width: usize) -> usize {
    (8_000 / width.max(1)).clamp(1, 500)
}

/// `{head} VALUES (…), (…) {tail}` for `rows` rows of `width` cells. SQLite binds `$N` by name,
/// walking its list of names for each one, so it gets positional `?` (BENCHMARKS.md, insert-paths).
fn statement(head: &str, tail: &str, width: usize, rows: usize, positional: bool) -> String {
    let mut sql = String::with_capacity(head.len() + tail.len() + rows * width * 6);
    sql.push_str(head);
    sql.push_str(" VALUES ");
    let mut n = 0;
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for column in 0..width {
            if column > 0 {
                sql.push_str(", ");
            }
            n += 1;
            if positional {
                sql.push('?');
            } else {
                sql.push('$');
                sql.push_str(&n.to_string());
            }
        }
        sql.push(')');
    }
    if !tail.is_empty() {
        sql.push(' ');
        sql.push_str(tail);
    }
    sql
}

macro_rules! bind_cells {
    ($query:expr, $cells:expr) => {{
        let mut query = $query;
        for cell in $cells {
            query = match cell {
                Cell::Int(value) => query.bind(*value),
                Cell::OptInt(value) => query.bind(*value),
                Cell::Text(value) => query.bind(value.as_str()),
                Cell::OptText(value) => query.bind(value.as_deref()),
            };
        }
        query
    }};
}

pub(crate) use bind_cells;

/// Writes `rows` with `head` (`INSERT INTO t (a, b)`) and `tail` (`ON CONFLICT …`, or empty).
pub(crate) async fn insert(
    conn: &mut AnyConnection,
    head: &str,
    tail: &str,
    rows: &Rows,
) -> Result<(), sqlx::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    let positional = conn.backend_name() == "SQLite";
    let per = rows_per(rows.width);
    let build = |chunk: &'_ [Cell]| {
        let (sql, persistent) = chunk_statement(head, tail, rows.width, per, positional, chunk);
        bind_cells!(sqlx::query(sql).persistent(persistent), chunk)
    };
    let mut chunks = rows.chunks(per);
    let mut next = chunks.next().map(build);
    while let Some(query) = next.take() {
        // The next statement is built while this one runs (on SQLite's worker thread, or in the
        // PostgreSQL server): the first poll sends the statement (sqlx's SQLite driver queues it
        // for its worker), the second future then runs.
        let (done, built) = tokio::join!(biased; query.execute(&mut *conn), async {
            chunks.next().map(build)
        });
        done?;
        next = built;
    }
    Ok(())
}

/// The statement for one chunk of `width`-cell rows, and whether to prepare it once: full chunks
/// (`per` rows) repeat from batch to batch and are worth it; a remainder is not.
fn chunk_statement(
    head: &str,
    tail: &str,
    width: usize,
    per: usize,
    positional: bool,
    chunk: &[Cell],
) -> (AssertSqlSafe<String>, bool) {
    let n = chunk.len() / width;
    (
        AssertSqlSafe(statement(head, tail, width, n, positional)),
        n == per,
    )
}

/// Like [`insert`], with a `RETURNING` tail: the rows the statements return.
pub(crate) async fn insert_returning<'c, T>(
    conn: &mut AnyConnection,
    head: &str,
    tail: &str,
    rows: &'c Rows,
) -> Result<Vec<T>, sqlx::Error>
where
    T: for<'r> FromRow<'r, AnyRow> + Send + Unpin,
{
    let mut out = Vec::with_capacity(rows.len());
    let positional = conn.backend_name() == "SQLite";
    let per = rows_per(rows.width);
    let build = |chunk: &'c [Cell]| {
        let (sql, persistent) = chunk_statement(head, tail, rows.width, per, positional, chunk);
        bind_cells!(sqlx::query_as::<_, T>(sql).persistent(persistent), chunk)
    };
    let mut chunks = rows.chunks(per);
    let mut next = chunks.next().map(build);
    while let Some(query) = next.take() {
        // As in `insert`: the next statement is built while this one runs.
        let (done, built) = tokio::join!(biased; query.fetch_all(&mut *conn), async {
            chunks.next().map(build)
        });
        out.extend(done?);
        next = built;
    }
    Ok(out)
}

/// Runs `sql`, whose `{keys}` becomes the placeholders of one chunk of `keys`, for each chunk, and
/// gathers the rows. `params` are bound first (as `$1…`), the keys after them.
pub(crate) async fn select_in<T, K>(
    conn: &mut AnyConnection,
    sql: &str,
    params: &[Cell],
    keys: &[K],
) -> Result<Vec<T>, sqlx::Error>
where
    T: for<'r> FromRow<'r, AnyRow> + Send + Unpin,
    K: Clone + Into<Cell>,
{
    let mut out = Vec::new();
    for chunk in keys.chunks(KEYS_PER) {
        let cells = key_cells(params, chunk);
        let sql = in_list(conn, sql, params.len(), chunk.len());
        let query = sqlx::query_as::<_, T>(AssertSqlSafe(sql)).persistent(false);
        out.extend(bind_cells!(query, &cells).fetch_all(&mut *conn).await?);
    }
    Ok(out)
}

/// Runs `sql` (a statement without rows, such as `DELETE … WHERE id IN ({keys})`) for each chunk.
pub(crate) async fn execute_in<K: Clone + Into<Cell>>(
    conn: &mut AnyConnection,
    sql: &str,
    params: &[Cell],
    keys: &[K],
) -> Result<(), sqlx::Error> {
    for chunk in keys.chunks(KEYS_PER) {
        let cells = key_cells(params, chunk);
        let sql = in_list(conn, sql, params.len(), chunk.len());
        let query = sqlx::query(AssertSqlSafe(sql)).persistent(false);
        bind_cells!(query, &cells).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Keys per `IN (…)` list. These statements are planned with their values each time (not prepared
/// once): PostgreSQL's generic plan of `kind = $1 AND mbid IN ($2, …)` reads every row of the kind
/// through the `kind` prefix of another index, seconds a batch at 100k artists (BENCHMARKS.md).
const KEYS_PER: usize = 500;

/// `sql` with `{keys}` made the placeholders of `keys` keys after `params` leading ones (`$3, $4, …`).
/// SQLite binds `$N` by looking every name up, so there every placeholder becomes a positional `?`:
/// the leading ones (`$1`, `$2`, written before the list) too.
fn in_list(conn: &AnyConnection, sql: &str, params: usize, keys: usize) -> String {
    if conn.backend_name() == "SQLite" {
        let mut sql = sql.replace("{keys}", &vec!["?"; keys].join(", "));
        for n in (1..=params).rev() {
            sql = sql.replace(&format!("${n}"), "?");
        }
        sql
    } else {
        sql.replace("{keys}", &crate::columns::placeholders(params + 1, keys))
    }
}

fn key_cells<K: Clone + Into<Cell>>(params: &[Cell], keys: &[K]) -> Vec<Cell> {
    params
        .iter()
        .cloned()
        .chain(keys.iter().cloned().map(Into::into))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::statement;

    #[test]
    fn statements_number_their_parameters_or_use_positions() {
        assert_eq!(
            statement("INSERT INTO t (a, b)", "RETURNING id", 2, 2, false),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4) RETURNING id"
        );
        assert_eq!(
            statement("INSERT INTO t (a, b)", "", 2, 2, true),
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)"
        );
    }
}
