//! MusicBrainz artists into bside artists: aliases, memberships from both sides of "member of band"
//! and "subgroup", accounts and ids from URL relations, and the artists other entities name.

use model::musicbrainz::{ArtistRef, Link, MbArtist, MbMembership};
use model::{Account, Artist, Citation, ExternalId, Membership, Slug};

use super::{Cx, EDITED, digest};
use crate::columns::{Table, list_text};
use crate::{Result, accounts, artists, citations};

const KIND: &str = "artist";

/// Imports one artist: new, updated, unchanged, or kept because a curator edited it.
pub(crate) async fn upsert(cx: &mut Cx<'_>, mb: &MbArtist) -> Result<()> {
    let citation = cx.citation(KIND, &mb.mbid).await?;
    let mut groups = vec![];
    if let Some(relations) = &mb.relations {
        for membership in &relations.groups {
            let group = ensure(cx, &membership.other).await?;
            groups.push(membership_of(group, membership, &citation));
        }
    }
    let slug = match cx.mapped(KIND, &mb.mbid).await? {
        None => {
            let slug = cx
                .free_slug(Table::Artists, mb.slug_hint.as_ref(), "artist", &mb.mbid)
                .await?;
            let mut artist = stub(&slug, &mb.mbid, &mb.name, mb.kind, &citation);
            apply(&mut artist, mb, groups, &citation);
            if let Err(invalid) = artist.validate() {
                cx.skip(
                    KIND,
                    &mb.mbid,
                    format!("{}: {}", invalid.field, invalid.message),
                );
                return Ok(());
            }
            insert(cx, &mb.mbid, &artist).await?;
            cx.out.imported += 1;
            slug
        }
        Some(mapped) => {
            let Some(current) = artists::load(cx.conn, &[mapped.id]).await?.pop() else {
                cx.skip(
                    KIND,
                    &mb.mbid,
                    "deleted in bside since the last MusicBrainz import; not re-created".to_owned(),
                );
                return Ok(());
            };
            if digest(&current) != mapped.digest {
                cx.conflict(KIND, &mb.mbid, current.slug.as_str(), EDITED);
                cx.seen(KIND, &mb.mbid).await?;
                return Ok(());
            }
            let mut artist = current.clone();
            apply(&mut artist, mb, groups, &citation);
            if let Err(invalid) = artist.validate() {
                cx.skip(
                    KIND,
                    &mb.mbid,
                    format!("{}: {}", invalid.field, invalid.message),
                );
                return Ok(());
            }
            if artist == current {
                cx.seen(KIND, &mb.mbid).await?;
                cx.out.unchanged += 1;
            } else {
                replace(cx, mapped.id, &mb.mbid, &artist).await?;
                cx.out.updated += 1;
            }
            current.slug
        }
    };
    if let Some(relations) = &mb.relations {
        for member in &relations.members {
            add_member(cx, member, &slug, &citation).await?;
        }
        for link in &relations.links {
            if let Some((platform, handle)) = &link.account {
                upsert_account(cx, &mb.mbid, &slug, link, *platform, handle).await?;
            }
        }
    }
    Ok(())
}

/// The slug of an artist another entity names, creating it (name and kind only) when it is new.
pub(crate) async fn ensure(cx: &mut Cx<'_>, artist: &ArtistRef) -> Result<Slug> {
    if let Some(mapped) = cx.mapped(KIND, &artist.mbid).await? {
        let row: Option<(String,)> = sqlx::query_as("SELECT slug FROM artists WHERE id = $1")
            .bind(mapped.id)
            .fetch_optional(&mut *cx.conn)
            .await?;
        if let Some((slug,)) = row {
            cx.seen(KIND, &artist.mbid).await?;
            return crate::columns::slug(&slug);
        }
    }
    let citation = cx.citation(KIND, &artist.mbid).await?;
    let slug = cx
        .free_slug(
            Table::Artists,
            artist.slug_hint.as_ref(),
            "artist",
            &artist.mbid,
        )
        .await?;
    let stub = stub(&slug, &artist.mbid, &artist.name, artist.kind, &citation);
    insert(cx, &artist.mbid, &stub).await?;
    cx.out.referenced += 1;
    Ok(slug)
}

fn stub(
    slug: &Slug,
    mbid: &str,
    name: &str,
    kind: model::ArtistKind,
    citation: &Citation,
) -> Artist {
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

async fn insert(cx: &mut Cx<'_>, mbid: &str, artist: &Artist) -> Result<()> {
    let id = artists::insert_row(cx.conn, artist).await?;
    artists::write_parts(cx.conn, id, artist).await?;
    artists::write_memberships(cx.conn, id, &artist.memberships, "").await?;
    cx.map(KIND, mbid, id, &digest(artist), None).await
}

async fn replace(cx: &mut Cx<'_>, id: i64, mbid: &str, artist: &Artist) -> Result<()> {
    artists::delete_parts(cx.conn, id).await?;
    sqlx::query("UPDATE artists SET slug = $1, name = $2, kind = $3, country = $4, genres = $5, debut = $6 WHERE id = $7")
        .bind(artist.slug.as_str())
        .bind(artist.name.as_str())
        .bind(artist.kind.as_str())
        .bind(artist.country.as_deref())
        .bind(list_text(&artist.genres))
        .bind(artist.debut.map(|d| d.to_string()))
        .bind(id)
        .execute(&mut *cx.conn)
        .await?;
    artists::write_parts(cx.conn, id, artist).await?;
    artists::write_memberships(cx.conn, id, &artist.memberships, "").await?;
    cx.map(KIND, mbid, id, &digest(artist), None).await
}

/// A member named on the group's side: the member gets the membership unless it already has one
/// of this group (its own relations say more) or a curator edited it.
async fn add_member(
    cx: &mut Cx<'_>,
    member: &MbMembership,
    group: &Slug,
    citation: &Citation,
) -> Result<()> {
    if cx.mapped(KIND, &member.other.mbid).await?.is_none() {
        // New: made at once with its membership (cited to the group's page, which states it).
        let own = cx.citation(KIND, &member.other.mbid).await?;
        let other = &member.other;
        let slug = cx
            .free_slug(
                Table::Artists,
                other.slug_hint.as_ref(),
                "artist",
                &other.mbid,
            )
            .await?;
        let mut artist = stub(&slug, &other.mbid, &other.name, other.kind, &own);
        artist
            .memberships
            .push(membership_of(group.clone(), member, citation));
        insert(cx, &other.mbid, &artist).await?;
        cx.out.referenced += 1;
        return Ok(());
    }
    let person = ensure(cx, &member.other).await?;
    if person == *group {
        return Ok(());
    }
    let Some(mapped) = cx.mapped(KIND, &member.other.mbid).await? else {
        return Ok(());
    };
    let Some(current) = artists::load(cx.conn, &[mapped.id]).await?.pop() else {
        return Ok(());
    };
    if current.memberships.iter().any(|m| m.group == *group) {
        return Ok(());
    }
    if digest(&current) != mapped.digest {
        cx.conflict(KIND, &member.other.mbid, current.slug.as_str(), EDITED);
        return Ok(());
    }
    let mut artist = current;
    artist
        .memberships
        .push(membership_of(group.clone(), member, citation));
    replace(cx, mapped.id, &member.other.mbid, &artist).await
}

/// An account from a URL relation (Instagram, YouTube, X…), keyed by the artist's and the URL's MBIDs.
async fn upsert_account(
    cx: &mut Cx<'_>,
    artist_mbid: &str,
    artist: &Slug,
    link: &Link,
    platform: model::Platform,
    handle: &str,
) -> Result<()> {
    let key = format!("{artist_mbid}/{}", link.url_mbid);
    let citation = cx.citation(KIND, artist_mbid).await?;
    let mut account = Account {
        slug: artist.clone(),
        artist: artist.clone(),
        platform,
        handle: Some(handle.to_owned()),
        url: Some(link.url.clone()),
        public_since: None,
        reported: Vec::new(),
        sources: vec![citation],
    };
    if account.validate().is_err() {
        cx.skip(
            "account",
            &key,
            format!("{} is not an account bside can hold", link.url),
        );
        return Ok(());
    }
    match cx.mapped("account", &key).await? {
        None => {
            let hint = Slug::parse(&format!("{artist}-{}", platform.as_str())).ok();
            account.slug = cx
                .free_slug(Table::Accounts, hint.as_ref(), "account", &link.url_mbid)
                .await?;
            let id = accounts::insert(cx.conn, &account, "").await?;
            cx.map("account", &key, id, &digest(&account), None).await
        }
        Some(mapped) => {
            let Some(current) = accounts::load(cx.conn, &[mapped.id]).await?.pop() else {
                return Ok(());
            };
            if digest(&current) != mapped.digest {
                cx.conflict("account", &key, current.slug.as_str(), EDITED);
                return Ok(());
            }
            account.slug = current.slug.clone();
            account.public_since.clone_from(&current.public_since);
            account.reported.clone_from(&current.reported);
            if account == current {
                return cx.seen("account", &key).await;
            }
            citations::delete(cx.conn, citations::Subject::Account, mapped.id).await?;
            sqlx::query("UPDATE accounts SET handle = $1, url = $2, platform = $3 WHERE id = $4")
                .bind(account.handle.as_deref().unwrap_or(""))
                .bind(account.url.as_deref())
                .bind(account.platform.as_str())
                .bind(mapped.id)
                .execute(&mut *cx.conn)
                .await?;
            citations::insert(
                cx.conn,
                citations::Subject::Account,
                mapped.id,
                &account.sources,
                "",
            )
            .await?;
            cx.map("account", &key, mapped.id, &digest(&account), None)
                .await
        }
    }
}

/// Deletes an artist a complete dump no longer has, with the accounts the import made for it.
pub(crate) async fn prune(cx: &mut Cx<'_>, mbid: &str) -> Result<bool> {
    let Some(mapped) = cx.mapped(KIND, mbid).await? else {
        return Ok(false);
    };
    let Some(current) = artists::load(cx.conn, &[mapped.id]).await?.pop() else {
        sqlx::query("DELETE FROM musicbrainz_entities WHERE kind = $1 AND mbid = $2")
            .bind(KIND)
            .bind(mbid)
            .execute(&mut *cx.conn)
            .await?;
        return Ok(true);
    };
    if digest(&current) != mapped.digest {
        cx.conflict(
            KIND,
            mbid,
            current.slug.as_str(),
            "no longer in MusicBrainz, but edited in bside; kept",
        );
        return Ok(false);
    }
    let accounts: Vec<(String, i64)> = sqlx::query_as(
        "SELECT mbid, entity_id FROM musicbrainz_entities WHERE kind = 'account' AND mbid LIKE $1",
    )
    .bind(format!("{mbid}/%"))
    .fetch_all(&mut *cx.conn)
    .await?;
    let referenced: Option<(i64,)> = sqlx::query_as(
        "SELECT 1 FROM release_credits WHERE artist_id = $1 UNION ALL SELECT 1 FROM memberships WHERE group_id = $1 \
         UNION ALL SELECT 1 FROM video_artists WHERE artist_id = $1 UNION ALL SELECT 1 FROM show_hosts WHERE artist_id = $1 \
         UNION ALL SELECT 1 FROM appearance_guests WHERE artist_id = $1 \
         UNION ALL SELECT 1 FROM series s JOIN accounts a ON a.id = s.account_id WHERE a.artist_id = $1 \
         UNION ALL SELECT 1 FROM accounts WHERE artist_id = $1 AND id NOT IN (SELECT entity_id FROM musicbrainz_entities WHERE kind = 'account' AND mbid LIKE $2) LIMIT 1",
    )
    .bind(mapped.id)
    .bind(format!("{mbid}/%"))
    .fetch_optional(&mut *cx.conn)
    .await?;
    if referenced.is_some() {
        cx.conflict(
            KIND,
            mbid,
            current.slug.as_str(),
            "no longer in MusicBrainz, but other facts refer to it; kept",
        );
        return Ok(false);
    }
    for (key, id) in accounts {
        citations::delete(cx.conn, citations::Subject::Account, id).await?;
        sqlx::query("DELETE FROM accounts WHERE id = $1")
            .bind(id)
            .execute(&mut *cx.conn)
            .await?;
        sqlx::query("DELETE FROM musicbrainz_entities WHERE kind = 'account' AND mbid = $1")
            .bind(key)
            .execute(&mut *cx.conn)
            .await?;
    }
    artists::delete_parts(cx.conn, mapped.id).await?;
    sqlx::query("DELETE FROM artists WHERE id = $1")
        .bind(mapped.id)
        .execute(&mut *cx.conn)
        .await?;
    sqlx::query("DELETE FROM musicbrainz_entities WHERE kind = $1 AND mbid = $2")
        .bind(KIND)
        .bind(mbid)
        .execute(&mut *cx.conn)
        .await?;
    cx.out.deleted += 1;
    Ok(true)
}
