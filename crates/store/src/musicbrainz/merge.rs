//! MusicBrainz merges applied here: what referred to a merged artist (credits, members, videos,
//! shows, accounts) moves to the survivor, the merged row is deleted, and the merged MBID redirects
//! to the survivor's from then on, so older data that still names it finds the survivor.
//!
//! A merged row a curator edited is kept apart and reported: merging it would lose the edit.

use std::collections::HashMap;

use super::{AccountMap, Cx, MbOutcome, account_map_text, digest, releases as mb_releases};
use crate::{Result, Store, accounts, artists, releases, videos};

/// A merge MusicBrainz made: `mbid` was merged into `survivor`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MbMerge {
    /// `artist` or `release`.
    pub kind: String,
    pub mbid: String,
    pub survivor: String,
}

impl Store {
    /// Applies merges, each in a transaction of its own. Merging again what was merged changes nothing.
    pub async fn merge_musicbrainz(&self, merges: &[MbMerge]) -> Result<MbOutcome> {
        let mut out = MbOutcome::default();
        for merge in merges {
            let mut tx = self.begin_write().await?;
            let mut cx = Cx::new(tx.conn(), 0, &mut out);
            let survivor = cx.redirected(&merge.kind, &merge.survivor).await?;
            if cx.redirected(&merge.kind, &merge.mbid).await? == survivor {
                // Merged already.
                continue;
            }
            if survivor == merge.mbid {
                cx.skip(
                    &merge.kind,
                    &merge.mbid,
                    format!("merged into {}, which was merged into it", merge.survivor),
                );
                continue;
            }
            let merged = match merge.kind.as_str() {
                "artist" => merge_artist(&mut cx, &merge.mbid, &survivor).await?,
                "release" => merge_release(&mut cx, &merge.mbid, &survivor).await?,
                other => {
                    cx.skip(other, &merge.mbid, format!("cannot merge a {other}"));
                    continue;
                }
            };
            if merged {
                redirect(&mut cx, &merge.kind, &merge.mbid, &survivor).await?;
                tx.commit().await?;
                out.merged += 1;
            }
        }
        Ok(out)
    }
}

impl Cx<'_> {
    /// The MBID `mbid` stands for now: its survivor when it was merged, else itself.
    pub(crate) async fn redirected(&mut self, kind: &str, mbid: &str) -> Result<String> {
        let row: Option<(String,)> = sqlx::query_as(
            "SELECT survivor FROM musicbrainz_redirects WHERE kind = $1 AND mbid = $2",
        )
        .bind(kind)
        .bind(mbid)
        .fetch_optional(&mut *self.conn)
        .await?;
        Ok(row.map_or_else(|| mbid.to_owned(), |(survivor,)| survivor))
    }

    /// The survivors of those of `mbids` that were merged.
    pub(crate) async fn redirects(
        &mut self,
        kind: &str,
        mbids: &[&str],
    ) -> Result<HashMap<String, String>> {
        let keys: Vec<String> = mbids.iter().map(|m| (*m).to_owned()).collect();
        let rows: Vec<(String, String)> = crate::bulk::select_in(
            self.conn,
            "SELECT mbid, survivor FROM musicbrainz_redirects WHERE kind = $1 AND mbid IN ({keys})",
            &[crate::bulk::Cell::from(kind)],
            &keys,
        )
        .await?;
        Ok(rows.into_iter().collect())
    }
}

/// Records that `mbid` now stands for `survivor`, and so do the MBIDs merged into `mbid` before.
async fn redirect(cx: &mut Cx<'_>, kind: &str, mbid: &str, survivor: &str) -> Result<()> {
    for sql in [
        "INSERT INTO musicbrainz_redirects (kind, mbid, survivor) VALUES ($1, $2, $3) \
         ON CONFLICT (kind, mbid) DO UPDATE SET survivor = excluded.survivor",
        "UPDATE musicbrainz_redirects SET survivor = $3 WHERE kind = $1 AND survivor = $2",
    ] {
        sqlx::query(sql)
            .bind(kind)
            .bind(mbid)
            .bind(survivor)
            .execute(&mut *cx.conn)
            .await?;
    }
    Ok(())
}

/// Gives the MBID `mbid`'s mapping to `survivor` (the survivor was never imported: the merged row
/// becomes it), with its accounts.
async fn rekey(cx: &mut Cx<'_>, kind: &str, mbid: &str, survivor: &str) -> Result<()> {
    sqlx::query("UPDATE musicbrainz_entities SET mbid = $1 WHERE kind = $2 AND mbid = $3")
        .bind(survivor)
        .bind(kind)
        .bind(mbid)
        .execute(&mut *cx.conn)
        .await?;
    Ok(())
}

/// After a merge moved the merged artist's accounts to the survivor: the survivor's account map
/// takes the merged artist's entries for URLs it has none for. An account that was as the import
/// wrote it gets its digest recorded again (its artist changed), so that the next import still sees
/// it as its own; one a curator edited keeps its old digest, and stays a conflict.
async fn move_accounts(
    cx: &mut Cx<'_>,
    merged: &AccountMap,
    clean: &[i64],
    kept: &AccountMap,
    survivor: &str,
) -> Result<()> {
    let mut map = kept.clone();
    for (url, (id, recorded)) in merged {
        if map.contains_key(url) {
            continue;
        }
        let recorded = if clean.contains(id) {
            current_digest(cx, "account", *id)
                .await?
                .unwrap_or_else(|| recorded.clone())
        } else {
            recorded.clone()
        };
        map.insert(url.clone(), (*id, recorded));
    }
    sqlx::query(
        "UPDATE musicbrainz_entities SET accounts = $1 WHERE kind = 'artist' AND mbid = $2",
    )
    .bind(account_map_text(&map))
    .bind(survivor)
    .execute(&mut *cx.conn)
    .await?;
    Ok(())
}

/// The accounts of an artist's account map that are as the import wrote them.
async fn clean_accounts(cx: &mut Cx<'_>, map: &AccountMap) -> Result<Vec<i64>> {
    let mut clean = vec![];
    for (id, recorded) in map.values() {
        if current_digest(cx, "account", *id).await?.as_deref() == Some(recorded.as_str()) {
            clean.push(*id);
        }
    }
    Ok(clean)
}

/// Merges artist `mbid` into `survivor`; false when it is kept apart (reported) or was not imported.
async fn merge_artist(cx: &mut Cx<'_>, mbid: &str, survivor: &str) -> Result<bool> {
    const KIND: &str = "artist";
    let Some(merged) = cx.mapped(KIND, mbid).await? else {
        // Never imported: only the redirect, for what still names it.
        return Ok(true);
    };
    let kept = cx.mapped(KIND, survivor).await?;
    let kept_row = match &kept {
        Some(kept) => artists::load(cx.conn, &[kept.id]).await?.pop(),
        None => None,
    };
    let Some(merged_row) = artists::load(cx.conn, &[merged.id]).await?.pop() else {
        // Deleted in bside: nothing to move.
        cx.unmap(KIND, mbid).await?;
        return Ok(true);
    };
    let (Some(kept), Some(_)) = (kept, kept_row) else {
        // The survivor is not here (or was deleted in bside): the merged row becomes it.
        cx.unmap(KIND, survivor).await?;
        rekey(cx, KIND, mbid, survivor).await?;
        return Ok(true);
    };
    if kept.id == merged.id {
        cx.unmap(KIND, mbid).await?;
        return Ok(true);
    }
    if digest(&merged_row) != merged.digest {
        cx.conflict(
            KIND,
            mbid,
            merged_row.slug.as_str(),
            &format!("merged into {survivor} in MusicBrainz, but edited in bside; kept apart"),
        );
        return Ok(false);
    }
    let (from, to) = (merged.id, kept.id);
    // The merged artist's accounts move to the survivor with the citations they have now.
    accounts::unshare(cx.conn, &[from]).await?;
    let affected = Affected::before(cx, from, to).await?;
    let clean = clean_accounts(cx, &merged.accounts).await?;
    // The merged artist's own memberships go after the survivor's, but for groups it has already.
    let (next,): (Option<i64>,) =
        sqlx::query_as("SELECT MAX(position) + 1 FROM memberships WHERE person_id = $1")
            .bind(to)
            .fetch_one(&mut *cx.conn)
            .await?;
    sqlx::query(
        "UPDATE memberships SET person_id = $2, position = position + $3 WHERE person_id = $1 \
         AND group_id <> $2 AND group_id NOT IN (SELECT group_id FROM memberships WHERE person_id = $2)",
    )
    .bind(from)
    .bind(to)
    .bind(next.unwrap_or(0))
    .execute(&mut *cx.conn)
    .await?;
    for sql in [
        // A member of both, or the survivor itself as a member of the merged group: the survivor's
        // side stands.
        "DELETE FROM citations WHERE subject = 'membership' AND subject_id IN (SELECT id FROM memberships \
         WHERE group_id = $1 AND (person_id = $2 OR person_id IN (SELECT person_id FROM memberships WHERE group_id = $2)))",
        "DELETE FROM memberships WHERE group_id = $1 AND (person_id = $2 OR person_id IN \
         (SELECT person_id FROM memberships WHERE group_id = $2))",
        "UPDATE memberships SET group_id = $2 WHERE group_id = $1",
        "UPDATE release_credits SET artist_id = $2 WHERE artist_id = $1",
        "UPDATE video_artists SET artist_id = $2 WHERE artist_id = $1",
        "UPDATE show_hosts SET artist_id = $2 WHERE artist_id = $1",
        "UPDATE appearance_guests SET artist_id = $2 WHERE artist_id = $1",
        "UPDATE accounts SET artist_id = $2 WHERE artist_id = $1",
    ] {
        sqlx::query(sql)
            .bind(from)
            .bind(to)
            .execute(&mut *cx.conn)
            .await?;
    }
    artists::delete_parts(cx.conn, &[from], &[]).await?;
    sqlx::query("DELETE FROM artists WHERE id = $1")
        .bind(from)
        .execute(&mut *cx.conn)
        .await?;
    cx.unmap(KIND, mbid).await?;
    move_accounts(cx, &merged.accounts, &clean, &kept.accounts, survivor).await?;
    affected.after(cx).await?;
    Ok(true)
}

/// Merges release `mbid` into `survivor`: the merged release is deleted unless edited in bside or
/// still referred to (a video of one of its tracks, a version of one of them), which is reported.
async fn merge_release(cx: &mut Cx<'_>, mbid: &str, survivor: &str) -> Result<bool> {
    const KIND: &str = "release";
    let Some(merged) = cx.mapped(KIND, mbid).await? else {
        return Ok(true);
    };
    let kept = match cx.mapped(KIND, survivor).await? {
        Some(kept) => releases::load(cx.conn, &[kept.id])
            .await?
            .pop()
            .map(|_| kept),
        None => None,
    };
    match kept {
        None => {
            cx.unmap(KIND, survivor).await?;
            rekey(cx, KIND, mbid, survivor).await?;
            Ok(true)
        }
        Some(kept) if kept.id == merged.id => {
            cx.unmap(KIND, mbid).await?;
            Ok(true)
        }
        Some(_) => {
            let gone = format!("merged into {survivor} in MusicBrainz");
            let deleted = mb_releases::prune(cx, mbid, &gone).await?;
            Ok(deleted)
        }
    }
}

/// The imported aggregates that show a merged artist (its members, releases and videos; its accounts
/// are [`move_accounts`]'s), with whether each was as the import wrote it: those get their digest
/// recorded again after the move, so that the next import still sees them as its own and not as a
/// curator's edit.
struct Affected {
    clean: Vec<(&'static str, String, i64)>,
}

const REFERRERS: [(&str, &str); 3] = [
    (
        "artist",
        "SELECT person_id FROM memberships WHERE group_id = $2",
    ),
    (
        "release",
        "SELECT release_id FROM release_credits WHERE artist_id = $2",
    ),
    (
        "video",
        "SELECT video_id FROM video_artists WHERE artist_id = $2",
    ),
];

impl Affected {
    async fn before(cx: &mut Cx<'_>, artist: i64, survivor: i64) -> Result<Self> {
        let mut clean = vec![];
        let referrers = REFERRERS
            .into_iter()
            .map(|(kind, ids)| (kind, ids, artist))
            .chain([("artist", "SELECT CAST($2 AS BIGINT)", survivor)]);
        for (kind, ids, id) in referrers {
            let sql = format!(
                "SELECT mbid, entity_id, digest FROM musicbrainz_entities WHERE kind = $1 AND entity_id IN ({ids})"
            );
            let rows: Vec<(String, i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(kind)
                .bind(id)
                .fetch_all(&mut *cx.conn)
                .await?;
            for (mbid, id, recorded) in rows {
                if current_digest(cx, kind, id).await?.as_deref() == Some(recorded.as_str()) {
                    clean.push((kind, mbid, id));
                }
            }
        }
        Ok(Self { clean })
    }

    async fn after(self, cx: &mut Cx<'_>) -> Result<()> {
        for (kind, mbid, id) in self.clean {
            if let Some(digest) = current_digest(cx, kind, id).await? {
                sqlx::query(
                    "UPDATE musicbrainz_entities SET digest = $1 WHERE kind = $2 AND mbid = $3",
                )
                .bind(digest)
                .bind(kind)
                .bind(mbid)
                .execute(&mut *cx.conn)
                .await?;
            }
        }
        Ok(())
    }
}

/// The digest of an imported aggregate as it is stored now.
async fn current_digest(cx: &mut Cx<'_>, kind: &str, id: i64) -> Result<Option<String>> {
    Ok(match kind {
        "artist" => artists::load(cx.conn, &[id])
            .await?
            .pop()
            .map(|a| digest(&a)),
        "release" => releases::load(cx.conn, &[id])
            .await?
            .pop()
            .map(|r| digest(&r)),
        "video" => videos::load(cx.conn, &[id])
            .await?
            .pop()
            .map(|v| digest(&v)),
        "account" => accounts::load(cx.conn, &[id])
            .await?
            .pop()
            .map(|a| digest(&a)),
        _ => None,
    })
}
