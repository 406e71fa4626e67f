//! Citations: the sources attached to any fact, stored once for every kind of fact.

use std::collections::HashMap;

use model::Citation;
use sqlx::{AnyConnection, AssertSqlSafe};

use crate::bulk::{self, Cell, Rows};
use crate::columns::{Table, position, reference, slug};
use crate::{Result, StoreError};

/// The kinds of fact a citation can attach to (the `subject` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Subject {
    Artist,
    Alias,
    Membership,
    Release,
    Track,
    Video,
    VideoStep,
    Show,
    Appearance,
    Account,
}

impl Subject {
    fn as_str(self) -> &'static str {
        match self {
            Self::Artist => "artist",
            Self::Alias => "alias",
            Self::Membership => "membership",
            Self::Release => "release",
            Self::Track => "track",
            Self::Video => "video",
            Self::VideoStep => "video_step",
            Self::Show => "show",
            Self::Appearance => "appearance",
            Self::Account => "account",
        }
    }
}

/// Stores a fact's citations; `field` names the fact in the request for error messages.
pub(crate) async fn insert(
    conn: &mut AnyConnection,
    subject: Subject,
    subject_id: i64,
    citations: &[Citation],
    field: &str,
) -> Result<()> {
    insert_many(
        conn,
        &[(subject, subject_id, citations)],
        &SourceIds::new(),
        |_| field.to_owned(),
    )
    .await
}

/// Source ids by slug that a caller already knows (a MusicBrainz batch learns them as it creates its
/// sources), so that [`insert_many`] looks up only the others.
pub(crate) type SourceIds = HashMap<String, i64>;

/// Stores the citations of many facts with one lookup of their sources (those not in `known`) and
/// multi-row inserts. `field(i)` names fact `i` in the request, for the message when one cites a
/// source that does not exist.
pub(crate) async fn insert_many(
    conn: &mut AnyConnection,
    facts: &[(Subject, i64, &[Citation])],
    known: &SourceIds,
    field: impl Fn(usize) -> String,
) -> Result<()> {
    let mut slugs: Vec<String> = facts
        .iter()
        .flat_map(|(_, _, citations)| citations.iter().map(|c| c.source.as_str()))
        .filter(|slug| !known.contains_key(*slug))
        .map(str::to_owned)
        .collect();
    slugs.sort_unstable();
    slugs.dedup();
    let found: Vec<(i64, String)> = bulk::select_in(
        conn,
        "SELECT id, slug FROM sources WHERE slug IN ({keys})",
        &[],
        &slugs,
    )
    .await?;
    let ids: HashMap<String, i64> = found.into_iter().map(|(id, slug)| (slug, id)).collect();
    let id_of = |slug: &str| known.get(slug).or_else(|| ids.get(slug)).copied();
    let mut rows = Rows::new(5);
    for (fact, (subject, subject_id, citations)) in facts.iter().enumerate() {
        for (index, citation) in citations.iter().enumerate() {
            let Some(source_id) = id_of(citation.source.as_str()) else {
                let field = field(fact);
                let at = if field.is_empty() {
                    format!("sources[{index}].source")
                } else {
                    format!("{field}.sources[{index}].source")
                };
                return Err(StoreError::bad_reference(
                    &at,
                    format!("there is no source {:?}", citation.source.as_str()),
                ));
            };
            rows.push([
                Cell::from(subject.as_str()),
                Cell::Int(*subject_id),
                Cell::Int(position(index)),
                Cell::Int(source_id),
                Cell::from(citation.evidence.as_deref()),
            ]);
        }
    }
    bulk::insert(
        conn,
        "INSERT INTO citations (subject, subject_id, position, source_id, evidence)",
        "",
        &rows,
    )
    .await?;
    Ok(())
}

/// Appends one citation to a fact unless that source is already cited; returns whether it was added.
pub(crate) async fn append(
    conn: &mut AnyConnection,
    subject: Subject,
    subject_id: i64,
    citation: &Citation,
) -> Result<bool> {
    let existing = load(conn, subject, &[subject_id])
        .await?
        .remove(&subject_id)
        .unwrap_or_default();
    if existing.iter().any(|c| c.source == citation.source) {
        return Ok(false);
    }
    let source_id = reference(conn, Table::Sources, &citation.source, "source").await?;
    sqlx::query(
        "INSERT INTO citations (subject, subject_id, position, source_id, evidence) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(subject.as_str())
    .bind(subject_id)
    .bind(position(existing.len()))
    .bind(source_id)
    .bind(citation.evidence.as_deref())
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

/// Deletes the citations of the facts selected by `ids_sql` (a query with `$1` as its one parameter).
pub(crate) async fn delete_where(
    conn: &mut AnyConnection,
    subject: Subject,
    ids_sql: &str,
    id: i64,
) -> Result<()> {
    let sql = format!("DELETE FROM citations WHERE subject = $2 AND subject_id IN ({ids_sql})");
    sqlx::query(AssertSqlSafe(sql))
        .bind(id)
        .bind(subject.as_str())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Deletes one fact's citations.
pub(crate) async fn delete(conn: &mut AnyConnection, subject: Subject, id: i64) -> Result<()> {
    delete_where(conn, subject, "SELECT $1", id).await
}

/// The citations of many facts of one kind, in their order.
pub(crate) async fn load(
    conn: &mut AnyConnection,
    subject: Subject,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<Citation>>> {
    let rows: Vec<(i64, String, Option<String>)> = bulk::select_in(
        conn,
        "SELECT c.subject_id, s.slug, c.evidence FROM citations c JOIN sources s ON s.id = c.source_id \
         WHERE c.subject = $1 AND c.subject_id IN ({keys}) ORDER BY c.subject_id, c.position",
        &[Cell::from(subject.as_str())],
        ids,
    )
    .await?;
    let mut out: HashMap<i64, Vec<Citation>> = HashMap::new();
    for (subject_id, source, evidence) in rows {
        out.entry(subject_id).or_default().push(Citation {
            source: slug(&source)?,
            evidence,
        });
    }
    Ok(out)
}
