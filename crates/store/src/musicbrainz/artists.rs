//! MusicBrainz artists into bside artists, a batch at a time: aliases, memberships from both sides of
//! "member of band" and "subgroup", accounts and ids from URL relations, and the artists other
//! entities name.
//!
//! A batch is read with a handful of queries (the MBIDs' mappings, the mapped aggregates, the slugs
//! that are taken), decided in memory entity by entity, in file order, exactly as if each entity were
//! imported alone, and written with one multi-row statement per table. The in-memory state of each
//! MBID ([`Slot`]) is what the database would hold after the entities before it, so the outcome does
//! not depend on the batch size.

use std::collections::{HashMap, HashSet};

use model::musicbrainz::{ArtistRef, Link, MbArtist, MbMembership};
use model::{Account, Artist, ArtistKind, Citation, ExternalId, Membership, Platform, Slug};

use super::{
    AccountMap, Cx, EDITED, account_map_text, citation, digest, pick_slug, slug_candidates,
};
use crate::accounts::AccountWrite;
use crate::bulk;
use crate::columns::Table;
use crate::{Result, accounts, artists, citations};
use sqlx::AnyConnection;

const KIND: &str = "artist";

/// What a batch writes for a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Write {
    Nothing,
    Insert,
    Update,
}

/// One MBID (an artist, or an account keyed `ARTIST_MBID/URL_MBID`, which its artist's mapping
/// records) as the batch stands.
#[derive(Debug)]
struct Slot<T> {
    /// Its row in the database, when it is mapped and the row still exists.
    id: Option<i64>,
    /// The digest recorded with its mapping (what the import last wrote), when it is mapped.
    recorded: Option<String>,
    /// The aggregate as it stands: none when unmapped, or when its row was deleted in bside.
    current: Option<T>,
    write: Write,
    seen: bool,
    /// The MBID had a mapping when the batch began (its row may since have been deleted in bside).
    had_mapping: bool,
}

impl<T: serde::Serialize> Slot<T> {
    /// The slot of an MBID mapped to `(row id, recorded digest)`, or unmapped; `rows` holds the
    /// mapped rows that still exist.
    fn load(mapped: Option<(i64, String)>, rows: &HashMap<i64, T>) -> Self
    where
        T: Clone,
    {
        let had_mapping = mapped.is_some();
        let (id, recorded, current) = match mapped {
            None => (None, None, None),
            Some((mapped, digest)) => match rows.get(&mapped).cloned() {
                Some(row) => (Some(mapped), Some(digest), Some(row)),
                None => (None, Some(digest), None),
            },
        };
        Self {
            id,
            recorded,
            current,
            write: Write::Nothing,
            seen: false,
            had_mapping,
        }
    }

    fn mapped(&self) -> bool {
        self.recorded.is_some()
    }

    /// A curator changed the row since the import wrote it.
    fn edited(&self) -> bool {
        match (&self.current, &self.recorded) {
            (Some(current), Some(recorded)) => digest(current) != *recorded,
            _ => false,
        }
    }

    /// A new row (the MBID is unmapped, or its row was deleted in bside).
    fn insert(&mut self, value: T) {
        self.recorded = Some(digest(&value));
        self.current = Some(value);
        self.id = None;
        self.write = Write::Insert;
    }

    /// The row rewritten.
    fn replace(&mut self, value: T) {
        self.recorded = Some(digest(&value));
        self.current = Some(value);
        if self.write == Write::Nothing {
            self.write = Write::Update;
        }
    }
}

/// An account an artist's URL relation names, decided once the artists are written.
struct PendingAccount<'b> {
    artist_mbid: &'b str,
    artist: Slug,
    link: &'b Link,
    platform: Platform,
    handle: &'b str,
}

/// A batch of artists being decided.
struct Batch<'b, 'o> {
    /// By MBID, a merged MBID under its survivor's.
    artists: HashMap<&'b str, Slot<Artist>>,
    /// Merged MBIDs of the batch, with their survivors.
    redirects: &'b HashMap<String, String>,
    /// Slugs taken in `artists`, among every candidate the batch may give, and those it gave.
    taken: HashSet<String>,
    accounts: Vec<PendingAccount<'b>>,
    out: &'o mut super::MbOutcome,
}

/// Imports a batch's artists, in order, then makes sure each artist in `named` (credited on a
/// release, in a video) exists; returns the slug of every MBID in `named`.
///
/// The reads and decisions go to `read`, a connection beside the batch's transaction, while the
/// transaction writes: the artists' sources are created while the artists are read and decided, and
/// their rows are written while their accounts are read and decided. Neither side reads what the
/// other writes (sources and accounts are not read before they are written).
pub(crate) async fn import<'b>(
    cx: &mut Cx<'_>,
    read: &mut AnyConnection,
    entities: &[&'b MbArtist],
    named: &[&'b ArtistRef],
) -> Result<HashMap<String, Slug>> {
    // Every artist the batch touches, with the slug hints it may be given.
    let mut hints: Vec<(&'b str, Option<&'b Slug>)> = vec![];
    for mb in entities {
        hints.push((&mb.mbid, mb.slug_hint.as_ref()));
        if let Some(relations) = &mb.relations {
            for other in relations.groups.iter().chain(&relations.members) {
                hints.push((&other.other.mbid, other.other.slug_hint.as_ref()));
            }
        }
    }
    for artist in named {
        hints.push((&artist.mbid, artist.slug_hint.as_ref()));
    }
    let mut mbids: Vec<&str> = hints.iter().map(|(mbid, _)| *mbid).collect();
    mbids.sort_unstable();
    mbids.dedup();
    // A merged MBID stands for its survivor.
    let redirects = cx.redirects(KIND, &mbids).await?;
    let canonical = |mbid: &'b str| -> &str { redirects.get(mbid).map_or(mbid, String::as_str) };
    let hints: Vec<(&str, Option<&Slug>)> = hints
        .into_iter()
        .map(|(mbid, hint)| (canonical(mbid), hint))
        .collect();
    let mut mbids: Vec<&str> = hints.iter().map(|(mbid, _)| *mbid).collect();
    mbids.sort_unstable();
    mbids.dedup();

    let mut side = super::MbOutcome::default();
    let mut rcx = Cx::new(read, cx.run, &mut side);
    // Every artist's page may be cited (each entity's, and each new artist's own).
    let (sourced, decided) = tokio::join!(
        cx.create_sources(KIND, &mbids),
        decide(&mut rcx, &redirects, &hints, &mbids, entities, named),
    );
    sourced?;
    let Decided {
        slots,
        account_maps,
        pending,
        slugs,
    } = decided?;
    cx.lap("artists: write sources");
    let (written, planned) = tokio::join!(
        write(cx, slots, &account_maps),
        plan_accounts(&mut rcx, &pending, &account_maps),
    );
    let written = written?;
    let plan = planned?;
    drop(rcx);
    let changed = write_accounts(cx, &plan, &written, &account_maps).await?;
    let Written { mappings, .. } = written;
    record(cx, &mappings, &account_maps, &changed).await?;
    cx.out.add(side);
    Ok(slugs)
}

/// A batch's artists as decided, before they are written.
struct Decided<'b> {
    slots: HashMap<&'b str, Slot<Artist>>,
    /// The accounts each mapped artist's URL relations became, by the artist's MBID.
    account_maps: HashMap<String, AccountMap>,
    pending: Vec<PendingAccount<'b>>,
    /// The slug of every MBID in `named`.
    slugs: HashMap<String, Slug>,
}

/// Yields to the batch's writes every 256 entities decided (`done` so far): the decisions share
/// their thread with the writes, which must not wait long to send their next statement.
async fn let_writes_through(done: usize) {
    if done % 256 == 255 {
        tokio::task::yield_now().await;
    }
}

/// Reads what the batch's MBIDs are mapped to, their rows and the slugs that are taken, then decides
/// every entity in file order.
async fn decide<'b>(
    cx: &mut Cx<'_>,
    redirects: &'b HashMap<String, String>,
    hints: &[(&'b str, Option<&'b Slug>)],
    mbids: &[&'b str],
    entities: &[&'b MbArtist],
    named: &[&'b ArtistRef],
) -> Result<Decided<'b>> {
    let mut mapped = cx.mappings(KIND, mbids).await?;
    // The accounts each mapped artist's URL relations became.
    let account_maps: HashMap<String, AccountMap> = mapped
        .iter_mut()
        .filter(|(_, m)| !m.accounts.is_empty())
        .map(|(mbid, m)| (mbid.clone(), std::mem::take(&mut m.accounts)))
        .collect();
    let rows =
        artists::load_map(cx.conn, &mapped.values().map(|m| m.id).collect::<Vec<_>>()).await?;
    let slots: HashMap<&str, Slot<Artist>> = mbids
        .iter()
        .map(|mbid| {
            let mapped = mapped.remove(*mbid).map(|m| (m.id, m.digest));
            (*mbid, Slot::load(mapped, &rows))
        })
        .collect();
    // The slugs the batch may give: those of the artists without a row.
    let candidates: Vec<Vec<String>> = hints
        .iter()
        .filter(|(mbid, _)| slots[mbid].current.is_none())
        .map(|(mbid, hint)| slug_candidates(*hint, KIND, mbid))
        .collect();
    let taken = cx.taken_among(Table::Artists, &candidates).await?;
    cx.lap("artists: read");

    let mut batch = Batch {
        artists: slots,
        redirects,
        taken,
        accounts: vec![],
        out: &mut *cx.out,
    };
    for (done, mb) in entities.iter().enumerate() {
        let_writes_through(done).await;
        if let Some(survivor) = redirects.get(&mb.mbid) {
            batch.out.skip(
                KIND,
                &mb.mbid,
                format!("merged into {survivor} in MusicBrainz; its line is not imported over the survivor"),
            );
            continue;
        }
        batch.upsert(mb)?;
    }
    let mut slugs = HashMap::with_capacity(named.len());
    for artist in named {
        let slug = batch.ensure(artist)?;
        slugs.insert(artist.mbid.clone(), slug);
    }
    let Batch {
        artists: slots,
        accounts: pending,
        ..
    } = batch;
    cx.lap("artists: decide");
    Ok(Decided {
        slots,
        account_maps,
        pending,
        slugs,
    })
}

impl<'b> Batch<'b, '_> {
    /// The MBID `mbid` stands for: its survivor when it was merged.
    fn canonical<'m>(&self, mbid: &'m str) -> &'m str
    where
        'b: 'm,
    {
        self.redirects.get(mbid).map_or(mbid, String::as_str)
    }

    fn slot(&mut self, mbid: &str) -> &mut Slot<Artist> {
        let mbid = self.redirects.get(mbid).map_or(mbid, String::as_str);
        self.artists
            .get_mut(mbid)
            .expect("every MBID of the batch has a slot")
    }

    /// A slug no artist has: the hint, else the hint with the MBID's first 8 hex digits, else with all.
    fn free_slug(&mut self, hint: Option<&Slug>, mbid: &str) -> Result<Slug> {
        pick_slug(&mut self.taken, Table::Artists, hint, KIND, mbid)
    }

    /// Imports one artist: new, updated, unchanged, or kept because a curator edited it.
    fn upsert(&mut self, mb: &'b MbArtist) -> Result<()> {
        let citation = citation(KIND, &mb.mbid)?;
        let mut groups = vec![];
        if let Some(relations) = &mb.relations {
            for membership in &relations.groups {
                let group = self.ensure(&membership.other)?;
                groups.push(membership_of(group, membership, &citation));
            }
        }
        let slot = self.slot(&mb.mbid);
        let slug = if slot.mapped() {
            let Some(current) = slot.current.clone() else {
                self.out.skip(
                    KIND,
                    &mb.mbid,
                    "deleted in bside since the last MusicBrainz import; not re-created".to_owned(),
                );
                return Ok(());
            };
            if slot.edited() {
                slot.seen = true;
                self.out
                    .conflict(KIND, &mb.mbid, current.slug.as_str(), EDITED);
                return Ok(());
            }
            let mut artist = current.clone();
            apply(&mut artist, mb, groups, &citation);
            if let Err(invalid) = artist.validate() {
                self.out.skip(
                    KIND,
                    &mb.mbid,
                    format!("{}: {}", invalid.field, invalid.message),
                );
                return Ok(());
            }
            let slot = self.slot(&mb.mbid);
            if artist == current {
                slot.seen = true;
                self.out.unchanged += 1;
            } else {
                slot.replace(artist);
                self.out.updated += 1;
            }
            current.slug
        } else {
            let slug = self.free_slug(mb.slug_hint.as_ref(), &mb.mbid)?;
            let mut artist = stub(&slug, &mb.mbid, &mb.name, mb.kind, &citation);
            apply(&mut artist, mb, groups, &citation);
            if let Err(invalid) = artist.validate() {
                // Nothing is written, so the slug is free again.
                self.taken.remove(slug.as_str());
                self.out.skip(
                    KIND,
                    &mb.mbid,
                    format!("{}: {}", invalid.field, invalid.message),
                );
                return Ok(());
            }
            self.slot(&mb.mbid).insert(artist);
            self.out.imported += 1;
            slug
        };
        if let Some(relations) = &mb.relations {
            for member in &relations.members {
                self.add_member(member, &slug, &citation)?;
            }
            for link in &relations.links {
                if let Some((platform, handle)) = &link.account {
                    self.accounts.push(PendingAccount {
                        artist_mbid: &mb.mbid,
                        artist: slug.clone(),
                        link,
                        platform: *platform,
                        handle,
                    });
                }
            }
        }
        Ok(())
    }

    /// The slug of an artist another entity names, creating it (name and kind only) when it is new.
    fn ensure(&mut self, artist: &ArtistRef) -> Result<Slug> {
        let slot = self.slot(&artist.mbid);
        if let Some(current) = &slot.current {
            let slug = current.slug.clone();
            slot.seen = true;
            return Ok(slug);
        }
        let mbid = self.canonical(&artist.mbid);
        let slug = self.free_slug(artist.slug_hint.as_ref(), mbid)?;
        let own = citation(KIND, mbid)?;
        let stub = stub(&slug, mbid, &artist.name, artist.kind, &own);
        self.slot(mbid).insert(stub);
        self.out.referenced += 1;
        Ok(slug)
    }

    /// A member named on the group's side: the member gets the membership unless it already has one
    /// of this group (its own relations say more) or a curator edited it.
    fn add_member(&mut self, member: &MbMembership, group: &Slug, cited: &Citation) -> Result<()> {
        let other = &member.other;
        if !self.slot(&other.mbid).mapped() {
            // New: made at once with its membership (cited to the group's page, which states it).
            let mbid = self.canonical(&other.mbid);
            let slug = self.free_slug(other.slug_hint.as_ref(), mbid)?;
            let own = citation(KIND, mbid)?;
            let mut artist = stub(&slug, mbid, &other.name, other.kind, &own);
            artist
                .memberships
                .push(membership_of(group.clone(), member, cited));
            self.slot(&other.mbid).insert(artist);
            self.out.referenced += 1;
            return Ok(());
        }
        let person = self.ensure(other)?;
        if person == *group {
            return Ok(());
        }
        let slot = self.slot(&other.mbid);
        let Some(current) = &slot.current else {
            return Ok(());
        };
        if current.memberships.iter().any(|m| m.group == *group) {
            return Ok(());
        }
        if slot.edited() {
            let slug = current.slug.clone();
            let mbid = self.canonical(&other.mbid);
            self.out.conflict(KIND, mbid, slug.as_str(), EDITED);
            return Ok(());
        }
        let mut artist = current.clone();
        artist
            .memberships
            .push(membership_of(group.clone(), member, cited));
        slot.replace(artist);
        Ok(())
    }
}

/// What the batch records for an artist's MBID once its accounts are written.
struct Mapping {
    mbid: String,
    id: i64,
    /// The digest of the artist as written (or as it was, when unchanged).
    recorded: String,
    /// The artist was written (else only seen, unless its accounts changed).
    rewrite: bool,
    /// The MBID had no mapping: it gets a new one.
    new: bool,
}

/// What [`write`] wrote.
struct Written<'b> {
    /// The row id of every artist of the batch that has one, by MBID.
    ids: HashMap<String, i64>,
    /// Every MBID of the batch as it stands once written, in MBID order.
    slots: Vec<(&'b str, Slot<Artist>)>,
    /// What to record for every MBID the batch wrote or saw ([`record`], after the accounts).
    mappings: Vec<Mapping>,
}

impl Written<'_> {
    /// The citations of MBID `mbid`'s artist as written (or as it was), when it has one.
    fn sources_of(&self, mbid: &str) -> Option<&[Citation]> {
        let at = self.slots.binary_search_by(|(m, _)| (*m).cmp(mbid)).ok()?;
        Some(self.slots[at].1.current.as_ref()?.sources.as_slice())
    }
}

/// Writes the batch's new and changed artists. The changed ones with accounts (`account_maps`) first
/// give those accounts that share their citations rows of their own.
async fn write<'b>(
    cx: &mut Cx<'_>,
    slots: HashMap<&'b str, Slot<Artist>>,
    account_maps: &HashMap<String, AccountMap>,
) -> Result<Written<'b>> {
    // In MBID order, so that the rows' ids do not depend on hashing.
    let mut slots: Vec<(&str, Slot<Artist>)> = slots.into_iter().collect();
    slots.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let new: Vec<(&str, &Artist)> = slots
        .iter()
        .filter(|(_, slot)| slot.write == Write::Insert)
        .filter_map(|(mbid, slot)| Some((*mbid, slot.current.as_ref()?)))
        .collect();
    let new_ids =
        artists::insert_rows(cx.conn, &new.iter().map(|(_, a)| *a).collect::<Vec<_>>()).await?;
    let changed: Vec<(&str, i64, &Artist)> = slots
        .iter()
        .filter(|(_, slot)| slot.write == Write::Update)
        .filter_map(|(mbid, slot)| Some((*mbid, slot.id?, slot.current.as_ref()?)))
        .collect();
    let changed_ids: Vec<i64> = changed.iter().map(|(_, id, _)| *id).collect();
    // Only the import makes accounts that share their artist's citations, and it keeps each in its
    // artist's account map.
    let with_accounts: Vec<i64> = changed
        .iter()
        .filter(|(mbid, _, _)| account_maps.get(*mbid).is_some_and(|map| !map.is_empty()))
        .map(|(_, id, _)| *id)
        .collect();
    artists::delete_parts(cx.conn, &changed_ids, &with_accounts).await?;
    let changed: Vec<(i64, &Artist)> = changed.iter().map(|(_, id, a)| (*id, *a)).collect();
    artists::update_rows(cx.conn, &changed).await?;
    cx.lap("artists: write rows");
    let all: Vec<(i64, &Artist)> = new_ids
        .iter()
        .copied()
        .zip(new.iter().map(|(_, a)| *a))
        .chain(changed.iter().copied())
        .collect();
    artists::write_parts(cx.conn, &all, &cx.sources, |i| format!("{}", all[i].1.slug)).await?;
    cx.lap("artists: write parts");
    // Every artist of the batch that has a row, by slug: most groups are among them.
    let by_slug: HashMap<String, i64> = new_ids
        .iter()
        .zip(&new)
        .map(|(id, (_, artist))| (artist.slug.to_string(), *id))
        .chain(
            slots
                .iter()
                .filter_map(|(_, slot)| Some((slot.current.as_ref()?.slug.to_string(), slot.id?))),
        )
        .collect();
    artists::write_memberships(cx.conn, &all, &cx.sources, &by_slug, |i| {
        format!("{}", all[i].1.slug)
    })
    .await?;
    cx.lap("artists: write memberships");

    let mut ids: HashMap<String, i64> = HashMap::with_capacity(slots.len());
    for ((mbid, _), id) in new.iter().zip(&new_ids) {
        ids.insert((*mbid).to_owned(), *id);
    }
    let mut mappings = vec![];
    for (mbid, slot) in &slots {
        let mapping = |id: i64, recorded: &String, rewrite: bool| Mapping {
            mbid: (*mbid).to_owned(),
            id,
            recorded: recorded.clone(),
            rewrite,
            new: !slot.had_mapping,
        };
        match (slot.write, slot.id, &slot.recorded) {
            (Write::Insert, _, Some(recorded)) => {
                mappings.push(mapping(ids[*mbid], recorded, true));
            }
            (Write::Update, Some(id), Some(recorded)) => {
                ids.insert((*mbid).to_owned(), id);
                mappings.push(mapping(id, recorded, true));
            }
            (_, Some(id), recorded) => {
                ids.insert((*mbid).to_owned(), id);
                if slot.seen
                    && let Some(recorded) = recorded
                {
                    mappings.push(mapping(id, recorded, false));
                }
            }
            _ => {}
        }
    }
    Ok(Written {
        ids,
        slots,
        mappings,
    })
}

/// Records what the batch's artists' MBIDs became, with their accounts (`changed`: the new account
/// maps of the artists whose accounts the batch wrote; the others keep theirs), and marks those it
/// only saw.
async fn record(
    cx: &mut Cx<'_>,
    mappings: &[Mapping],
    account_maps: &HashMap<String, AccountMap>,
    changed: &HashMap<String, AccountMap>,
) -> Result<()> {
    let mut rows = vec![];
    let mut new_rows = vec![];
    let mut seen = vec![];
    for mapping in mappings {
        let new_accounts = changed.get(&mapping.mbid);
        if mapping.rewrite || new_accounts.is_some() {
            let accounts = new_accounts
                .or_else(|| account_maps.get(&mapping.mbid))
                .and_then(account_map_text);
            let row = (
                mapping.mbid.as_str(),
                mapping.id,
                mapping.recorded.as_str(),
                accounts,
            );
            if mapping.new {
                new_rows.push(row);
            } else {
                rows.push(row);
            }
        } else {
            seen.push(mapping.mbid.clone());
        }
    }
    cx.map_artists(&new_rows, true).await?;
    cx.map_artists(&rows, false).await?;
    cx.mark_seen(KIND, &seen).await?;
    cx.lap("artists: write mappings");
    Ok(())
}

/// The accounts a batch's URL relations name, read and decided: each key
/// (`ARTIST_MBID/URL_MBID`) as it stands, and the keys to write, in order.
#[derive(Default)]
struct AccountPlan {
    slots: HashMap<String, Slot<Account>>,
    order: Vec<String>,
}

/// Reads and decides the accounts the batch's URL relations name, keyed by the artist's and the
/// URL's MBIDs and found in the artist's account map.
async fn plan_accounts(
    cx: &mut Cx<'_>,
    pending: &[PendingAccount<'_>],
    account_maps: &HashMap<String, AccountMap>,
) -> Result<AccountPlan> {
    if pending.is_empty() {
        return Ok(AccountPlan::default());
    }
    let keys: Vec<String> = pending
        .iter()
        .map(|p| format!("{}/{}", p.artist_mbid, p.link.url_mbid))
        .collect();
    let mut unique: Vec<&str> = keys.iter().map(String::as_str).collect();
    unique.sort_unstable();
    unique.dedup();
    let mut mapped: HashMap<&str, (i64, String)> = pending
        .iter()
        .zip(&keys)
        .filter_map(|(p, key)| {
            let entry = account_maps.get(p.artist_mbid)?.get(&p.link.url_mbid)?;
            Some((key.as_str(), entry.clone()))
        })
        .collect();
    let rows = accounts::load_map(
        cx.conn,
        &mapped.values().map(|(id, _)| *id).collect::<Vec<_>>(),
    )
    .await?;
    let mut slots: HashMap<String, Slot<Account>> = unique
        .iter()
        .map(|key| ((*key).to_owned(), Slot::load(mapped.remove(*key), &rows)))
        .collect();
    let hints: Vec<(Option<Slug>, &str)> = pending
        .iter()
        .map(|p| {
            let hint = Slug::parse(&format!("{}-{}", p.artist, p.platform.as_str())).ok();
            (hint, p.link.url_mbid.as_str())
        })
        .collect();
    let candidates: Vec<Vec<String>> = hints
        .iter()
        .zip(&keys)
        .filter(|(_, key)| !slots[key.as_str()].mapped())
        .map(|((hint, mbid), _)| slug_candidates(hint.as_ref(), "account", mbid))
        .collect();
    let mut taken = cx.taken_among(Table::Accounts, &candidates).await?;
    cx.lap("accounts: read");

    let mut order: Vec<String> = vec![];
    for (done, ((p, key), (hint, url_mbid))) in pending.iter().zip(&keys).zip(&hints).enumerate() {
        let_writes_through(done).await;
        let mut account = Account {
            slug: p.artist.clone(),
            artist: p.artist.clone(),
            platform: p.platform,
            handle: Some(p.handle.to_owned()),
            url: Some(p.link.url.clone()),
            public_since: None,
            reported: Vec::new(),
            sources: vec![citation(KIND, p.artist_mbid)?],
        };
        if account.validate().is_err() {
            cx.skip(
                "account",
                key,
                format!("{} is not an account bside can hold", p.link.url),
            );
            continue;
        }
        let slot = slots.get_mut(key.as_str()).expect("every key has a slot");
        if !slot.mapped() {
            account.slug = pick_slug(
                &mut taken,
                Table::Accounts,
                hint.as_ref(),
                "account",
                url_mbid,
            )?;
            slot.insert(account);
            order.push(key.clone());
            continue;
        }
        let Some(current) = &slot.current else {
            continue;
        };
        if slot.edited() {
            cx.conflict("account", key, current.slug.as_str(), EDITED);
            continue;
        }
        account.slug = current.slug.clone();
        account.public_since.clone_from(&current.public_since);
        account.reported.clone_from(&current.reported);
        if account == *current {
            slot.seen = true;
        } else {
            slot.replace(account);
        }
        order.push(key.clone());
    }
    order.sort_unstable();
    order.dedup();
    cx.lap("accounts: decide");
    Ok(AccountPlan { slots, order })
}

/// Writes the accounts [`plan_accounts`] decided; returns the new account map of every artist whose
/// accounts it wrote.
async fn write_accounts<'a>(
    cx: &mut Cx<'_>,
    plan: &'a AccountPlan,
    artists: &Written<'_>,
    account_maps: &HashMap<String, AccountMap>,
) -> Result<HashMap<String, AccountMap>> {
    let AccountPlan { slots, order } = plan;
    // An account cites its artist's page, which the artists' write created; when the artist cites
    // just that too, the account shares the artist's citations.
    let write_of = |account: &'a Account, mbid: &str| -> Result<AccountWrite<'a>> {
        let artist_id = artists.ids.get(mbid).copied().ok_or_else(|| {
            crate::StoreError::Corrupt(format!(
                "artist {} of account {} has no row",
                mbid, account.slug
            ))
        })?;
        let mut write = AccountWrite::new(artist_id, account);
        write.cites_artist = artists
            .sources_of(mbid)
            .is_some_and(|sources| citations::shared(&account.sources, sources));
        Ok(write)
    };
    let mut new = vec![];
    let mut changed = vec![];
    for key in order {
        let slot = &slots[key];
        let artist_mbid = key
            .split_once('/')
            .map_or(key.as_str(), |(artist, _)| artist);
        match (slot.write, &slot.current) {
            (Write::Insert, Some(account)) => {
                new.push((key.as_str(), write_of(account, artist_mbid)?));
            }
            (Write::Update, Some(account)) => {
                let id = slot.id.expect("an updated account has a row");
                changed.push((id, write_of(account, artist_mbid)?));
            }
            _ => {}
        }
    }
    let new_rows: Vec<AccountWrite<'_>> = new.iter().map(|(_, write)| *write).collect();
    let new_ids = accounts::insert_many(cx.conn, &new_rows, &cx.sources, |i| {
        new_rows[i].account.slug.to_string()
    })
    .await?;
    accounts::update_many(cx.conn, &changed, &cx.sources, |i| {
        changed[i].1.account.slug.to_string()
    })
    .await?;
    cx.lap("accounts: write");
    let mut maps: HashMap<String, AccountMap> = HashMap::new();
    let mut note = |key: &str, id: i64, recorded: &str| {
        let (artist, url) = key.split_once('/').unwrap_or((key, ""));
        maps.entry(artist.to_owned())
            .or_insert_with(|| account_maps.get(artist).cloned().unwrap_or_default())
            .insert(url.to_owned(), (id, recorded.to_owned()));
    };
    for ((key, _), id) in new.iter().zip(&new_ids) {
        let recorded = slots[*key].recorded.as_deref().unwrap_or_default();
        note(key, *id, recorded);
    }
    for key in order {
        let slot = &slots[key];
        if slot.write == Write::Update
            && let (Some(id), Some(recorded)) = (slot.id, &slot.recorded)
        {
            note(key, id, recorded);
        }
    }
    Ok(maps)
}

fn stub(slug: &Slug, mbid: &str, name: &str, kind: ArtistKind, citation: &Citation) -> Artist {
    Artist {
        slug: slug.clone(),
        name: name.to_owned(),
        kind,
        country: None,
        genres: vec![],
        debut: None,
        aliases: vec![],
        memberships: vec![],
        external_ids: vec![musicbrainz_id(mbid)],
        sources: vec![citation.clone()],
    }
}

fn musicbrainz_id(mbid: &str) -> ExternalId {
    ExternalId {
        system: "musicbrainz".to_owned(),
        value: mbid.to_owned(),
    }
}

/// Puts MusicBrainz's data over an artist. Parts the response did not carry stay as they are;
/// memberships learned from the group's side are kept beside the artist's own.
fn apply(artist: &mut Artist, mb: &MbArtist, groups: Vec<Membership>, citation: &Citation) {
    artist.name.clone_from(&mb.name);
    artist.kind = mb.kind;
    if mb.country.is_some() {
        artist.country.clone_from(&mb.country);
    }
    if mb.debut.is_some() {
        artist.debut = mb.debut;
    }
    if let Some(aliases) = &mb.aliases {
        artist.aliases = aliases
            .iter()
            .map(|alias| model::Alias {
                sources: vec![citation.clone()],
                ..alias.clone()
            })
            .collect();
    }
    if let Some(relations) = &mb.relations {
        let mut memberships = groups;
        for kept in &artist.memberships {
            if !memberships.iter().any(|m| m.group == kept.group) {
                memberships.push(kept.clone());
            }
        }
        artist.memberships = memberships;
        let mut ids = vec![musicbrainz_id(&mb.mbid)];
        for link in &relations.links {
            if let Some(id) = &link.external_id
                && !ids.contains(id)
            {
                ids.push(id.clone());
            }
        }
        for kept in &artist.external_ids {
            if !ids.iter().any(|id| id.system == kept.system) {
                ids.push(kept.clone());
            }
        }
        artist.external_ids = ids;
    } else if !artist.external_ids.contains(&musicbrainz_id(&mb.mbid)) {
        artist.external_ids.insert(0, musicbrainz_id(&mb.mbid));
    }
    if !artist.sources.iter().any(|c| c.source == citation.source) {
        artist.sources.push(citation.clone());
    }
}

fn membership_of(group: Slug, mb: &MbMembership, citation: &Citation) -> Membership {
    Membership {
        group,
        roles: mb.roles.clone(),
        begin: mb.begin,
        end: mb.end,
        credited_as: mb.credited_as.clone(),
        sources: vec![citation.clone()],
    }
}

/// Deletes an artist a complete dump no longer has, with the accounts the import made for it.
/// `gone` says why it goes ("no longer in MusicBrainz"), for the message when it is kept.
pub(crate) async fn prune(cx: &mut Cx<'_>, mbid: &str, gone: &str) -> Result<bool> {
    let Some(mapped) = cx.mapped(KIND, mbid).await? else {
        return Ok(false);
    };
    let Some(current) = artists::load(cx.conn, &[mapped.id]).await?.pop() else {
        cx.unmap(KIND, mbid).await?;
        return Ok(true);
    };
    if digest(&current) != mapped.digest {
        cx.conflict(
            KIND,
            mbid,
            current.slug.as_str(),
            &format!("{gone}, but edited in bside; kept"),
        );
        return Ok(false);
    }
    let account_ids: Vec<i64> = mapped.accounts.values().map(|(id, _)| *id).collect();
    // Accounts of the artist the import did not make (a curator's) keep it.
    let own: Vec<(i64,)> = sqlx::query_as("SELECT id FROM accounts WHERE artist_id = $1")
        .bind(mapped.id)
        .fetch_all(&mut *cx.conn)
        .await?;
    let others = own.iter().any(|(id,)| !account_ids.contains(id));
    let referenced: Option<(i64,)> = sqlx::query_as(
        "SELECT 1 FROM release_credits WHERE artist_id = $1 UNION ALL SELECT 1 FROM memberships WHERE group_id = $1 \
         UNION ALL SELECT 1 FROM video_artists WHERE artist_id = $1 UNION ALL SELECT 1 FROM show_hosts WHERE artist_id = $1 \
         UNION ALL SELECT 1 FROM appearance_guests WHERE artist_id = $1 \
         UNION ALL SELECT 1 FROM series s JOIN accounts a ON a.id = s.account_id WHERE a.artist_id = $1 LIMIT 1",
    )
    .bind(mapped.id)
    .fetch_optional(&mut *cx.conn)
    .await?;
    if referenced.is_some() || others {
        cx.conflict(
            KIND,
            mbid,
            current.slug.as_str(),
            &format!("{gone}, but other facts refer to it; kept"),
        );
        return Ok(false);
    }
    bulk::execute_in(
        cx.conn,
        "DELETE FROM citations WHERE subject = 'account' AND subject_id IN ({keys})",
        &[],
        &account_ids,
    )
    .await?;
    bulk::execute_in(
        cx.conn,
        "DELETE FROM accounts WHERE id IN ({keys})",
        &[],
        &account_ids,
    )
    .await?;
    artists::delete_parts(cx.conn, &[mapped.id], &[mapped.id]).await?;
    sqlx::query("DELETE FROM artists WHERE id = $1")
        .bind(mapped.id)
        .execute(&mut *cx.conn)
        .await?;
    cx.unmap(KIND, mbid).await?;
    Ok(true)
}
