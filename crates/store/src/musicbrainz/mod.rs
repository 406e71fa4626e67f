//! Importing MusicBrainz entities: MBIDs become slugs, a re-import updates what changed and never
//! duplicates, and what a curator edited since the last import is kept and reported.
//!
//! Each MBID maps to the row it became (`musicbrainz_entities`) with the SHA-256 of the aggregate as
//! the import last wrote it. On a re-import the stored aggregate is loaded: if its digest is not the
//! recorded one, a curator changed it and it is left alone (a conflict in the outcome); otherwise the
//! new document replaces it when it differs. A batch is one transaction, committed with the
//! checkpoint of the file it came from, so an interrupted import resumes after the last batch.

mod artists;
mod merge;
mod releases;

pub use merge::MbMerge;

use std::collections::{HashMap, HashSet};

use model::musicbrainz::Entity;
use model::{Citation, Slug};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use crate::bulk::{self, Cell, Rows};
use crate::citations::SourceIds;
use crate::columns::Table;
use crate::{Result, Store};

/// What a batch (or a whole import) did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MbOutcome {
    /// Entities new to bside.
    pub imported: u64,
    /// Entities already imported whose MusicBrainz data changed.
    pub updated: u64,
    /// Entities already imported, unchanged.
    pub unchanged: u64,
    /// Artists created because another entity names them (credits, members), before their own import.
    pub referenced: u64,
    /// Entities left out, with the reason.
    pub skipped: Vec<MbNote>,
    /// Entities edited in bside since the last import, kept as they are.
    pub conflicts: Vec<MbNote>,
    /// Entities deleted because a complete dump no longer has them (`prune`).
    pub deleted: u64,
    /// Entities merged into another, as MusicBrainz merged them.
    pub merged: u64,
    /// Where the time went (for `bside bench musicbrainz`); not part of what was done.
    pub phases: MbPhases,
}

/// Wall time spent in each phase of a batch, summed over batches. Two outcomes are equal whatever
/// their timings: they say how long, not what.
#[derive(Debug, Clone, Default)]
pub struct MbPhases(pub std::collections::BTreeMap<&'static str, std::time::Duration>);

impl PartialEq for MbPhases {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for MbPhases {}

impl MbPhases {
    pub fn add(&mut self, phase: &'static str, took: std::time::Duration) {
        *self.0.entry(phase).or_default() += took;
    }
}

impl MbOutcome {
    /// Notes an entity left out, and why.
    pub(crate) fn skip(&mut self, kind: &str, mbid: &str, message: String) {
        self.skipped.push(MbNote {
            kind: kind.to_owned(),
            mbid: mbid.to_owned(),
            slug: None,
            message,
        });
    }

    /// Notes an entity kept as it is in bside, and why.
    pub(crate) fn conflict(&mut self, kind: &str, mbid: &str, slug: &str, message: &str) {
        self.conflicts.push(MbNote {
            kind: kind.to_owned(),
            mbid: mbid.to_owned(),
            slug: Some(slug.to_owned()),
            message: message.to_owned(),
        });
    }

    pub fn add(&mut self, other: MbOutcome) {
        self.imported += other.imported;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        self.referenced += other.referenced;
        self.deleted += other.deleted;
        self.merged += other.merged;
        self.skipped.extend(other.skipped);
        self.conflicts.extend(other.conflicts);
        for (phase, took) in other.phases.0 {
            self.phases.add(phase, took);
        }
    }
}

/// One entity left out or kept, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MbNote {
    pub kind: String,
    pub mbid: String,
    pub slug: Option<String>,
    pub message: String,
}

/// Where a batch ends in its file, committed with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MbCheckpoint {
    pub file: String,
    pub fingerprint: String,
    /// Lines of the file done once the batch commits.
    pub line: i64,
}

impl Store {
    /// The import run to use: the run of an unfinished import when there is one (it resumes),
    /// else a new one.
    pub async fn musicbrainz_run(&self) -> Result<i64> {
        let mut conn = self.read().await?;
        let (pending,): (Option<i64>,) =
            sqlx::query_as("SELECT MAX(run) FROM musicbrainz_checkpoints")
                .fetch_one(&mut *conn)
                .await?;
        if let Some(run) = pending {
            return Ok(run);
        }
        let (seen,): (Option<i64>,) = sqlx::query_as("SELECT MAX(seen) FROM musicbrainz_entities")
            .fetch_one(&mut *conn)
            .await?;
        Ok(seen.unwrap_or(0) + 1)
    }

    /// Lines of `file` already imported by an interrupted run, when its fingerprint is the same.
    pub async fn musicbrainz_checkpoint(&self, file: &str, fingerprint: &str) -> Result<i64> {
        let mut conn = self.read().await?;
        let row: Option<(String, i64)> =
            sqlx::query_as("SELECT fingerprint, line FROM musicbrainz_checkpoints WHERE file = $1")
                .bind(file)
                .fetch_optional(&mut *conn)
                .await?;
        Ok(match row {
            Some((stored, line)) if stored == fingerprint => line,
            _ => 0,
        })
    }

    /// Forgets a file's checkpoint once all of it is imported, so that the next import reads it again.
    pub async fn finish_musicbrainz_file(&self, file: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM musicbrainz_checkpoints WHERE file = $1")
            .bind(file)
            .execute(tx.conn())
            .await?;
        tx.commit().await
    }

    /// Imports a batch of entities in one transaction, with the checkpoint of where it ends.
    pub async fn import_musicbrainz(
        &self,
        run: i64,
        entities: &[Entity],
        checkpoint: Option<&MbCheckpoint>,
    ) -> Result<MbOutcome> {
        let mut tx = self.begin_write().await?;
        let mut out = MbOutcome::default();
        {
            let mut cx = Cx::new(tx.conn(), run, &mut out);
            // Artists first, with every artist a release or video credits, set-wise.
            let mut batch = vec![];
            let mut named = vec![];
            for entity in entities {
                match entity {
                    Entity::Artist(artist) => batch.push(artist),
                    Entity::Release(release) => {
                        named.extend(release.credits.iter().flatten().map(|c| &c.artist));
                        named.extend(release.videos.iter().flat_map(|v| &v.artists));
                    }
                    Entity::Video(video) => named.extend(&video.artists),
                    Entity::Skipped(_) => {}
                }
            }
            cx.lap("grouping the batch");
            if !batch.is_empty() || !named.is_empty() {
                // The artists' reads go to a connection of their own, beside the writes, and never
                // look at what the batch writes. On SQLite they read what was committed before the
                // batch began (its write lock is held from BEGIN IMMEDIATE), as the transaction would;
                // on PostgreSQL each reads what was committed when it ran, as it would in the
                // transaction (READ COMMITTED).
                let mut read = self.read().await?;
                cx.named = artists::import(&mut cx, &mut read, &batch, &named).await?;
            }
            for entity in entities {
                match entity {
                    Entity::Artist(_) => {}
                    Entity::Release(release) => releases::upsert_release(&mut cx, release).await?,
                    Entity::Video(video) => releases::upsert_video(&mut cx, video, None).await?,
                    Entity::Skipped(skip) => cx.skip(
                        &skip.kind,
                        skip.mbid.as_deref().unwrap_or_default(),
                        skip.reason.clone(),
                    ),
                }
            }
            cx.lap("releases and videos");
        }
        if let Some(checkpoint) = checkpoint {
            sqlx::query(
                "INSERT INTO musicbrainz_checkpoints (file, fingerprint, line, run) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (file) DO UPDATE SET fingerprint = excluded.fingerprint, line = excluded.line, run = excluded.run",
            )
            .bind(checkpoint.file.as_str())
            .bind(checkpoint.fingerprint.as_str())
            .bind(checkpoint.line)
            .bind(run)
            .execute(tx.conn())
            .await?;
        }
        let committing = std::time::Instant::now();
        tx.commit().await?;
        out.phases.add("commit", committing.elapsed());
        Ok(out)
    }

    /// After importing a complete dump of artists or releases: deletes what the import run did not
    /// see (deleted or merged away in MusicBrainz), unless a curator edited it or other facts still
    /// refer to it; those are kept and reported.
    pub async fn prune_musicbrainz(&self, run: i64, kind: &str) -> Result<MbOutcome> {
        let mut out = MbOutcome::default();
        let stale: Vec<(String,)> = {
            let mut conn = self.read().await?;
            sqlx::query_as(
                "SELECT mbid FROM musicbrainz_entities WHERE kind = $1 AND seen < $2 ORDER BY mbid",
            )
            .bind(kind)
            .bind(run)
            .fetch_all(&mut *conn)
            .await?
        };
        for (mbid,) in stale {
            let mut tx = self.begin_write().await?;
            let mut cx = Cx::new(tx.conn(), run, &mut out);
            let gone = "no longer in MusicBrainz";
            let done = match kind {
                "artist" => artists::prune(&mut cx, &mbid, gone).await?,
                "release" => releases::prune(&mut cx, &mbid, gone).await?,
                _ => false,
            };
            if done {
                tx.commit().await?;
                out.deleted += 1;
            }
        }
        Ok(out)
    }
}

/// The state of one batch: its transaction's connection, the run, and what it did so far.
pub(crate) struct Cx<'a> {
    pub(crate) conn: &'a mut AnyConnection,
    pub(crate) run: i64,
    pub(crate) out: &'a mut MbOutcome,
    /// The slug of every artist the batch's releases and videos credit, by MBID.
    pub(crate) named: HashMap<String, Slug>,
    /// When the phase under way began.
    pub(crate) lap: std::time::Instant,
    /// The ids of the sources the batch created, by slug: its citations need no lookup for them.
    pub(crate) sources: SourceIds,
}

/// A row an MBID became, with the digest recorded when it was last imported.
#[derive(Debug)]
pub(crate) struct Mapped {
    pub(crate) id: i64,
    pub(crate) digest: String,
    pub(crate) detail: Option<String>,
    /// For an artist: the accounts its URL relations became, by the URL's MBID.
    pub(crate) accounts: AccountMap,
}

/// A row of `musicbrainz_entities` as [`Cx::mappings`] reads it: MBID, row id, digest, detail,
/// account map.
type MappingRow = (String, i64, String, Option<String>, Option<String>);

/// The accounts an artist's URL relations became, by the URL's MBID: the account's row and the
/// digest of the account as the import last wrote it. Kept with the artist's mapping.
pub(crate) type AccountMap = std::collections::BTreeMap<String, (i64, String)>;

/// An artist's account map as its mapping row holds it: none when empty.
pub(crate) fn account_map_text(map: &AccountMap) -> Option<String> {
    (!map.is_empty()).then(|| serde_json::to_string(map).expect("an account map serializes"))
}

fn account_map(text: Option<&str>) -> Result<AccountMap> {
    match text {
        None => Ok(AccountMap::new()),
        Some(text) => serde_json::from_str(text).map_err(|error| {
            crate::StoreError::Corrupt(format!("musicbrainz_entities.accounts {text:?}: {error}"))
        }),
    }
}

impl<'a> Cx<'a> {
    pub(crate) fn new(conn: &'a mut AnyConnection, run: i64, out: &'a mut MbOutcome) -> Self {
        Self {
            conn,
            run,
            out,
            named: HashMap::new(),
            lap: std::time::Instant::now(),
            sources: SourceIds::new(),
        }
    }

    /// Ends the phase under way, named `phase`, and starts the next.
    pub(crate) fn lap(&mut self, phase: &'static str) {
        let now = std::time::Instant::now();
        self.out.phases.add(phase, now - self.lap);
        self.lap = now;
    }

    pub(crate) async fn mapped(&mut self, kind: &str, mbid: &str) -> Result<Option<Mapped>> {
        Ok(self.mappings(kind, &[mbid]).await?.remove(mbid))
    }

    /// What each of `mbids` maps to, for those mapped.
    pub(crate) async fn mappings(
        &mut self,
        kind: &str,
        mbids: &[&str],
    ) -> Result<HashMap<String, Mapped>> {
        let keys: Vec<String> = mbids.iter().map(|m| (*m).to_owned()).collect();
        let rows: Vec<MappingRow> = bulk::select_in(
            self.conn,
            "SELECT mbid, entity_id, digest, detail, accounts FROM musicbrainz_entities WHERE kind = $1 AND mbid IN ({keys})",
            &[Cell::from(kind)],
            &keys,
        )
        .await?;
        rows.into_iter()
            .map(|(mbid, id, digest, detail, accounts)| {
                let accounts = account_map(accounts.as_deref())?;
                Ok((
                    mbid,
                    Mapped {
                        id,
                        digest,
                        detail,
                        accounts,
                    },
                ))
            })
            .collect()
    }

    /// The slug of an artist the batch's releases and videos credit (made by `artists::import`).
    pub(crate) fn artist(&self, artist: &model::musicbrainz::ArtistRef) -> Result<Slug> {
        self.named.get(&artist.mbid).cloned().ok_or_else(|| {
            crate::StoreError::Corrupt(format!(
                "artist {} was not imported before the entities that credit it",
                artist.mbid
            ))
        })
    }

    /// Records what an MBID (not an artist's: [`Cx::map_artists`]) became and the digest of what was
    /// written, seen in this run.
    pub(crate) async fn map(
        &mut self,
        kind: &str,
        mbid: &str,
        id: i64,
        digest: &str,
        detail: Option<&str>,
    ) -> Result<()> {
        let mut rows = Rows::new(7);
        rows.push([
            Cell::from(kind),
            Cell::from(mbid),
            Cell::Int(id),
            Cell::from(digest),
            Cell::from(detail),
            Cell::OptText(None),
            Cell::Int(self.run),
        ]);
        self.upsert_mappings(&rows).await
    }

    /// Records what artists' MBIDs became: `(mbid, row id, digest, account map)`. `fresh`: none of
    /// them has a mapping yet (a plain insert, without looking for one to update).
    pub(crate) async fn map_artists(
        &mut self,
        mapped: &[(&str, i64, &str, Option<String>)],
        fresh: bool,
    ) -> Result<()> {
        let mut rows = Rows::new(7);
        for (mbid, id, digest, accounts) in mapped {
            rows.push([
                Cell::from("artist"),
                Cell::from(*mbid),
                Cell::Int(*id),
                Cell::from(*digest),
                Cell::OptText(None),
                Cell::OptText(accounts.clone()),
                Cell::Int(self.run),
            ]);
        }
        if fresh {
            bulk::insert(self.conn, MAPPINGS_INSERT, "", &rows).await?;
            return Ok(());
        }
        self.upsert_mappings(&rows).await
    }

    async fn upsert_mappings(&mut self, rows: &Rows) -> Result<()> {
        bulk::insert(
            self.conn,
            MAPPINGS_INSERT,
            "ON CONFLICT (kind, mbid) DO UPDATE SET entity_id = excluded.entity_id, digest = excluded.digest, \
             detail = excluded.detail, accounts = excluded.accounts, seen = excluded.seen",
            rows,
        )
        .await?;
        Ok(())
    }

    /// Marks an MBID as seen in this run without changing what it maps to.
    pub(crate) async fn seen(&mut self, kind: &str, mbid: &str) -> Result<()> {
        self.mark_seen(kind, &[mbid.to_owned()]).await
    }

    /// [`Cx::seen`] for many MBIDs of one kind.
    pub(crate) async fn mark_seen(&mut self, kind: &str, mbids: &[String]) -> Result<()> {
        bulk::execute_in(
            self.conn,
            "UPDATE musicbrainz_entities SET seen = $1 WHERE kind = $2 AND mbid IN ({keys})",
            &[Cell::Int(self.run), Cell::from(kind)],
            mbids,
        )
        .await?;
        Ok(())
    }

    /// Forgets an MBID (its row is gone).
    pub(crate) async fn unmap(&mut self, kind: &str, mbid: &str) -> Result<()> {
        sqlx::query("DELETE FROM musicbrainz_entities WHERE kind = $1 AND mbid = $2")
            .bind(kind)
            .bind(mbid)
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    /// The citation of an entity's MusicBrainz page, creating its source the first time.
    pub(crate) async fn citation(&mut self, kind: &str, mbid: &str) -> Result<Citation> {
        self.create_sources(kind, &[mbid]).await?;
        citation(kind, mbid)
    }

    /// Creates the sources of entities' MusicBrainz pages that do not exist yet, and remembers their
    /// ids for the batch's citations.
    pub(crate) async fn create_sources(&mut self, kind: &str, mbids: &[&str]) -> Result<()> {
        let mut rows = Rows::new(3);
        for mbid in mbids {
            rows.push([
                Cell::Text(source_slug(kind, mbid)),
                Cell::Text(format!("https://musicbrainz.org/{kind}/{mbid}")),
                Cell::from("MusicBrainz"),
            ]);
        }
        let created: Vec<(i64, String)> = bulk::insert_returning(
            self.conn,
            "INSERT INTO sources (slug, url, publisher)",
            "ON CONFLICT (slug) DO NOTHING RETURNING id, slug",
            &rows,
        )
        .await?;
        self.sources
            .extend(created.into_iter().map(|(id, slug)| (slug, id)));
        Ok(())
    }

    /// Which of `slugs` are taken in `table`.
    pub(crate) async fn taken_slugs(
        &mut self,
        table: Table,
        slugs: &[String],
    ) -> Result<HashSet<String>> {
        let sql = format!("SELECT slug FROM {} WHERE slug IN ({{keys}})", table.name());
        let rows: Vec<(String,)> = bulk::select_in(self.conn, &sql, &[], slugs).await?;
        Ok(rows.into_iter().map(|(slug,)| slug).collect())
    }

    /// Which slugs are taken in `table` among those a batch's entities may be given (each entity's
    /// [`slug_candidates`], tried in order). Most entities get their first candidate, so those are
    /// looked up first, and the others only for an entity whose first is taken, or wanted by
    /// another entity of the batch (as its first or a later candidate): every candidate the batch
    /// can reach is looked up, at about a third of the keys.
    pub(crate) async fn taken_among(
        &mut self,
        table: Table,
        candidates: &[Vec<String>],
    ) -> Result<HashSet<String>> {
        // An entity named several times in the batch has the same candidates each time.
        let mut candidates = candidates.to_vec();
        candidates.sort_unstable();
        candidates.dedup();
        let mut firsts: Vec<String> = candidates
            .iter()
            .filter_map(|c| c.first().cloned())
            .collect();
        let mut wanted: HashMap<&str, usize> = HashMap::new();
        for candidate in candidates.iter().flatten() {
            *wanted.entry(candidate.as_str()).or_default() += 1;
        }
        firsts.sort_unstable();
        firsts.dedup();
        let mut taken = self.taken_slugs(table, &firsts).await?;
        let mut rest: Vec<String> = candidates
            .iter()
            .filter(|c| {
                c.first()
                    .is_some_and(|first| taken.contains(first) || wanted[first.as_str()] > 1)
            })
            .flat_map(|c| c.iter().skip(1).cloned())
            .collect();
        rest.sort_unstable();
        rest.dedup();
        taken.extend(self.taken_slugs(table, &rest).await?);
        Ok(taken)
    }

    /// A slug free in `table`: the first of [`slug_candidates`] nobody has. Never renumbered later,
    /// so a slug once given stays.
    pub(crate) async fn free_slug(
        &mut self,
        table: Table,
        hint: Option<&Slug>,
        fallback: &str,
        mbid: &str,
    ) -> Result<Slug> {
        let candidates = slug_candidates(hint, fallback, mbid);
        let mut taken = self.taken_slugs(table, &candidates).await?;
        pick_slug(&mut taken, table, hint, fallback, mbid)
    }

    pub(crate) fn conflict(&mut self, kind: &str, mbid: &str, slug: &str, message: &str) {
        self.out.conflict(kind, mbid, slug, message);
    }

    pub(crate) fn skip(&mut self, kind: &str, mbid: &str, message: String) {
        self.out.skip(kind, mbid, message);
    }
}

const MAPPINGS_INSERT: &str =
    "INSERT INTO musicbrainz_entities (kind, mbid, entity_id, digest, detail, accounts, seen)";

/// The slug of the source that is an entity's MusicBrainz page.
fn source_slug(kind: &str, mbid: &str) -> String {
    format!("musicbrainz-{kind}-{}", mbid.to_ascii_lowercase())
}

/// The citation of an entity's MusicBrainz page (its source is made by [`Cx::create_sources`]).
pub(crate) fn citation(kind: &str, mbid: &str) -> Result<Citation> {
    let source = Slug::parse(&source_slug(kind, mbid))
        .map_err(|error| crate::StoreError::Invalid(model::Invalid::new("mbid", error)))?;
    Ok(Citation {
        source,
        evidence: None,
    })
}

/// The first of an entity's [`slug_candidates`] not in `taken`, which then takes it.
pub(crate) fn pick_slug(
    taken: &mut HashSet<String>,
    table: Table,
    hint: Option<&Slug>,
    fallback: &str,
    mbid: &str,
) -> Result<Slug> {
    for candidate in slug_candidates(hint, fallback, mbid) {
        if taken.insert(candidate.clone()) {
            return crate::columns::slug(&candidate);
        }
    }
    Err(crate::StoreError::Invalid(model::Invalid::new(
        "slug",
        format!(
            "no free slug for {} {mbid} (tried {} with its MBID)",
            table.kind(),
            hint.map_or(fallback, Slug::as_str)
        ),
    )))
}

/// The slugs an entity may get, in order of preference: the hint itself, else the hint with the
/// MBID's first 8 hex digits, else with all of them (`fallback` stands in for a missing hint).
pub(crate) fn slug_candidates(hint: Option<&Slug>, fallback: &str, mbid: &str) -> Vec<String> {
    let hex: String = mbid
        .chars()
        .filter(char::is_ascii_hexdigit)
        .collect::<String>()
        .to_ascii_lowercase();
    let base = hint.map_or_else(|| fallback.to_owned(), |s| truncate(s.as_str(), 60));
    let mut candidates = vec![];
    if hint.is_some() {
        candidates.push(base.clone());
    }
    candidates.push(format!("{base}-{}", &hex[..hex.len().min(8)]));
    candidates.push(format!("{base}-{hex}"));
    candidates.retain(|c| Slug::parse(c).is_ok());
    candidates
}

fn truncate(slug: &str, max: usize) -> String {
    if slug.len() <= max {
        return slug.to_owned();
    }
    slug[..max].trim_end_matches('-').to_owned()
}

/// The digest of an aggregate as stored: SHA-256 of its JSON.
pub(crate) fn digest<T: Serialize>(value: &T) -> String {
    let json = serde_json::to_vec(value).expect("an aggregate serializes");
    hex::encode(Sha256::digest(&json))
}

/// The message of a conflict: the row was changed in bside since the import wrote it.
pub(crate) const EDITED: &str = "edited in bside since the last MusicBrainz import; kept as it is (the MusicBrainz change is not applied)";
