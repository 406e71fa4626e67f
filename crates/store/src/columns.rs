//! Mapping between domain values and columns: moments as JSON plus a start instant, lists as JSON
//! arrays, enums as their names; and the id lookups every aggregate needs.

use std::fmt::Write as _;

use model::{Moment, PartialDate, Slug};
use sqlx::{AnyConnection, AssertSqlSafe};

use crate::{Result, StoreError};

/// A moment's stored form (JSON) and its start in unix seconds, for ordering and windows.
pub(crate) fn moment_columns(moment: Option<&Moment>) -> (Option<String>, Option<i64>) {
    match moment {
        Some(m) => (
            Some(serde_json::to_string(m).expect("a moment serializes")),
            Some(m.start().as_second()),
        ),
        None => (None, None),
    }
}

pub(crate) fn moment_text(moment: Option<&Moment>) -> Option<String> {
    moment_columns(moment).0
}

pub(crate) fn moment(text: Option<String>) -> Result<Option<Moment>> {
    text.map(|text| {
        serde_json::from_str(&text).map_err(|error| corrupt("moment", &text, &error.to_string()))
    })
    .transpose()
}

pub(crate) fn list_text(list: &[String]) -> String {
    json_text(list)
}

pub(crate) fn list(text: &str) -> Result<Vec<String>> {
    json_list("list", text)
}

/// A list of values as a JSON column holds it.
pub(crate) fn json_text<T: serde::Serialize>(list: &[T]) -> String {
    serde_json::to_string(list).expect("a list of plain values serializes")
}

/// A JSON column's list of values; `what` names it in the message when the column is damaged.
pub(crate) fn json_list<T: serde::de::DeserializeOwned>(what: &str, text: &str) -> Result<Vec<T>> {
    serde_json::from_str(text).map_err(|error| corrupt(what, text, &error.to_string()))
}

pub(crate) fn slug(text: &str) -> Result<Slug> {
    Slug::parse(text).map_err(|error| corrupt("slug", text, &error))
}

pub(crate) fn date(text: Option<String>) -> Result<Option<PartialDate>> {
    text.map(|text| PartialDate::parse(&text).map_err(|error| corrupt("date", &text, &error)))
        .transpose()
}

pub(crate) fn named<T>(text: &str, parse: fn(&str) -> Result<T, String>) -> Result<T> {
    parse(text).map_err(|error| corrupt("value", text, &error))
}

fn corrupt(what: &str, text: &str, error: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} {text:?}: {error}"))
}

/// The tables whose rows have slugs.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Table {
    Sources,
    Artists,
    Releases,
    Videos,
    Shows,
    Appearances,
    Accounts,
}

impl Table {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Sources => "sources",
            Self::Artists => "artists",
            Self::Releases => "releases",
            Self::Videos => "videos",
            Self::Shows => "shows",
            Self::Appearances => "appearances",
            Self::Accounts => "accounts",
        }
    }

    /// The entity's name in messages.
    pub(crate) fn kind(self) -> &'static str {
        match self {
            Self::Sources => "source",
            Self::Artists => "artist",
            Self::Releases => "release",
            Self::Videos => "video",
            Self::Shows => "show",
            Self::Appearances => "appearance",
            Self::Accounts => "account",
        }
    }
}

/// The row id of a slug, if it exists.
pub(crate) async fn id_of(
    conn: &mut AnyConnection,
    table: Table,
    slug: &str,
) -> Result<Option<i64>> {
    let sql = format!("SELECT id FROM {} WHERE slug = $1", table.name());
    let row: Option<(i64,)> = sqlx::query_as(AssertSqlSafe(sql))
        .bind(slug)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|(id,)| id))
}

/// The row id of a slug that a fact refers to; a missing one is the writer's mistake, named by `field`.
pub(crate) async fn reference(
    conn: &mut AnyConnection,
    table: Table,
    slug: &Slug,
    field: &str,
) -> Result<i64> {
    id_of(conn, table, slug.as_str()).await?.ok_or_else(|| {
        StoreError::bad_reference(
            field,
            format!("there is no {} {:?}", table.kind(), slug.as_str()),
        )
    })
}

/// The row id of the entity a request names by slug; missing is "not found".
pub(crate) async fn existing(conn: &mut AnyConnection, table: Table, slug: &str) -> Result<i64> {
    // Writers of one aggregate take turns: on PostgreSQL the root row is locked until the transaction
    // ends (SQLite's writers already take turns on the store's mutex).
    let lock = if conn.backend_name() == "PostgreSQL" {
        " FOR UPDATE"
    } else {
        ""
    };
    let sql = format!("SELECT id FROM {} WHERE slug = $1{lock}", table.name());
    let row: Option<(i64,)> = sqlx::query_as(AssertSqlSafe(sql))
        .bind(slug)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|(id,)| id).ok_or_else(|| StoreError::NotFound {
        kind: table.kind(),
        slug: slug.to_owned(),
    })
}

/// `$1, $2, …` for `count` parameters starting at `$first`.
pub(crate) fn placeholders(first: usize, count: usize) -> String {
    let mut out = String::new();
    for index in 0..count {
        if index > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "${}", first + index);
    }
    out
}

/// Position in a list as stored.
pub(crate) fn position(index: usize) -> i64 {
    i64::try_from(index).expect("list positions fit in i64")
}

/// How many ids to load per query (well under SQLite's parameter limit).
pub(crate) const CHUNK: usize = 500;

/// The conditions of a list query, each with one text parameter.
#[derive(Default)]
pub(crate) struct Filters {
    conditions: Vec<String>,
    values: Vec<String>,
}

impl Filters {
    /// Adds a condition; `sql` gets the placeholder (`$3`) and returns the condition.
    pub(crate) fn add(&mut self, value: Option<&str>, sql: impl FnOnce(&str) -> String) {
        if let Some(value) = value {
            let placeholder = format!("${}", self.values.len() + 1);
            self.conditions.push(sql(&placeholder));
            self.values.push(value.to_owned());
        }
    }

    /// The ids of one page of `table` (aliased `t`), ordered by slug.
    pub(crate) async fn page_ids(
        mut self,
        conn: &mut AnyConnection,
        table: Table,
        page: &crate::Page,
    ) -> Result<Vec<i64>> {
        self.add(page.after.as_deref(), |p| format!("t.slug > {p}"));
        let mut sql = format!("SELECT t.id FROM {} t", table.name());
        if !self.conditions.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&self.conditions.join(" AND "));
        }
        let _ = write!(
            sql,
            " ORDER BY t.slug LIMIT {}",
            page.limit.clamp(1, 10_000)
        );
        let mut query = sqlx::query_as::<_, (i64,)>(AssertSqlSafe(sql));
        for value in &self.values {
            query = query.bind(value.as_str());
        }
        Ok(query
            .fetch_all(conn)
            .await?
            .into_iter()
            .map(|(id,)| id)
            .collect())
    }
}

/// Runs a query whose `{ids}` is the list of one chunk of `ids`, for each chunk, and gathers the rows.
pub(crate) async fn rows_for_ids<T>(
    conn: &mut AnyConnection,
    sql_with_ids: &str,
    ids: &[i64],
) -> Result<Vec<T>>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    let sql = sql_with_ids.replace("{ids}", "{keys}");
    Ok(crate::bulk::select_in(conn, &sql, &[], ids).await?)
}

/// Maps a unique-key violation on insert to "already exists".
pub(crate) fn duplicate(table: Table, slug: &str) -> impl FnOnce(sqlx::Error) -> StoreError {
    move |error| {
        if StoreError::is_unique_violation(&error) {
            StoreError::Duplicate {
                kind: table.kind(),
                slug: slug.to_owned(),
            }
        } else {
            error.into()
        }
    }
}

/// Maps a foreign-key violation on delete to "still in use".
pub(crate) fn in_use(table: Table, slug: &str, by: &str) -> impl FnOnce(sqlx::Error) -> StoreError {
    move |error| {
        if StoreError::is_foreign_key_violation(&error) {
            still_used(table, slug, by)
        } else {
            error.into()
        }
    }
}

/// The refusal to delete the entity `slug` of `table` that `by` still refer to.
pub(crate) fn still_used(table: Table, slug: &str, by: &str) -> StoreError {
    StoreError::InUse(format!(
        "{} {slug:?} is still referenced by {by}; change those first",
        table.kind()
    ))
}
