//! Citations: the sources attached to any fact, stored once for every kind of fact.
//!
//! A citation names its source by id without a foreign key (checked row by row, that was most of the
//! cost of a bulk write): [`insert_many`] looks every source up once per batch, on PostgreSQL with the
//! key-share lock a foreign key would take, and `delete_source` refuses a source still cited.

use std::collections::HashMap;

use model::Citation;
use sqlx::{AnyConnection, AssertSqlSafe};

use crate::bulk::{self, Cell, Rows};
use crate::columns::{position, slug};
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
        &[(subject, subject_id, 0, citations)],
        &SourceIds::new(),
        |_| field.to_owned(),
    )
    .await
}

/// Source ids by slug that a caller already knows (a MusicBrainz batch learns them as it creates its
/// sources), so that [`insert_many`] looks up only the others.
pub(crate) type SourceIds = HashMap<String, i64>;

/// A fact and its citations: the kind of fact, its row, the part of it cited (an alias's position in
/// its artist's list; 0 for the fact itself) and the citations.
pub(crate) type Cited<'c> = (Subject, i64, i64, &'c [Citation]);

/// Stores the citations of many facts with one lookup of their sources (those not in `known`) and
/// multi-row inserts. `field(i)` names fact `i` in the request, for the message when one cites a
/// source that does not exist.
pub(crate) async fn insert_many(
    conn: &mut AnyConnection,
    facts: &[Cited<'_>],
    known: &SourceIds,
    field: impl Fn(usize) -> String,
) -> Result<()> {
    let mut slugs: Vec<String> = facts
        .iter()
        .flat_map(|(_, _, _, citations)| citations.iter().map(|c| c.source.as_str()))
        .filter(|slug| !known.contains_key(*slug))
        .map(str::to_owned)
        .collect();
    slugs.sort_unstable();
    slugs.dedup();
    let ids = source_ids(conn, &slugs).await?;
    let id_of = |slug: &str| known.get(slug).or_else(|| ids.get(slug)).copied();
    let mut rows = Rows::new(6);
    for (fact, (subject, subject_id, part, citations)) in facts.iter().enumerate() {
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
                Cell::Int(*part),
                Cell::Int(position(index)),
                Cell::Int(source_id),
                Cell::from(citation.evidence.as_deref()),
            ]);
        }
    }
    bulk::insert(
        conn,
        "INSERT INTO citations (subject, subject_id, part, position, source_id, evidence)",
        "",
        &rows,
    )
    .await?;
    Ok(())
}

/// The ids of the sources named by `slugs` (those that exist), by slug. On PostgreSQL each is
/// key-share locked until the transaction ends, as a foreign key's check would: a concurrent
/// `delete_source` waits, then sees the citations.
async fn source_ids(conn: &mut AnyConnection, slugs: &[String]) -> Result<HashMap<String, i64>> {
    let sql = if conn.backend_name() == "PostgreSQL" {
        "SELECT id, slug FROM sources WHERE slug IN ({keys}) FOR KEY SHARE"
    } else {
        "SELECT id, slug FROM sources WHERE slug IN ({keys})"
    };
    let found: Vec<(i64, String)> = bulk::select_in(conn, sql, &[], slugs).await?;
    Ok(found.into_iter().map(|(id, slug)| (slug, id)).collect())
}

/// Whether a part of a fact (an alias, an account) citing `own` may be stored as citing what its
/// fact (the artist) cites, `of`: the same sources, evidence and order, and at least one.
pub(crate) fn shared(own: &[Citation], of: &[Citation]) -> bool {
    !own.is_empty() && own == of
}

/// Whether any fact cites the source `source_id`.
pub(crate) async fn cited(conn: &mut AnyConnection, source_id: i64) -> Result<bool> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM citations WHERE source_id = $1 LIMIT 1")
            .bind(source_id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.is_some())
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
    let slug = citation.source.as_str().to_owned();
    let Some(source_id) = source_ids(conn, &[slug]).await?.into_values().next() else {
        return Err(StoreError::bad_reference(
            "source",
            format!("there is no source {:?}", citation.source.as_str()),
        ));
    };
    sqlx::query(
        "INSERT INTO citations (subject, subject_id, part, position, source_id, evidence) VALUES ($1, $2, 0, $3, $4, $5)",
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
    Ok(load_parts(conn, subject, ids)
        .await?
        .into_iter()
        .filter(|((_, part), _)| *part == 0)
        .map(|((id, _), citations)| (id, citations))
        .collect())
}

/// The citations of many facts of one kind by fact and part, in their order.
pub(crate) async fn load_parts(
    conn: &mut AnyConnection,
    subject: Subject,
    ids: &[i64],
) -> Result<HashMap<(i64, i64), Vec<Citation>>> {
    let rows: Vec<(i64, i64, String, Option<String>)> = bulk::select_in(
        conn,
        "SELECT c.subject_id, c.part, s.slug, c.evidence FROM citations c JOIN sources s ON s.id = c.source_id \
         WHERE c.subject = $1 AND c.subject_id IN ({keys}) ORDER BY c.subject_id, c.part, c.position",
        &[Cell::from(subject.as_str())],
        ids,
    )
    .await?;
    let mut out: HashMap<(i64, i64), Vec<Citation>> = HashMap::new();
    for (subject_id, part, source, evidence) in rows {
        out.entry((subject_id, part)).or_default().push(Citation {
            source: slug(&source)?,
            evidence,
        });
    }
    Ok(out)
}
