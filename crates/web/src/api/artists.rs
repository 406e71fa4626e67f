//! `/api/v1/artists`: artists with every name, their groups and members, and their accounts.

use app::{App, ArtistFilter, Citable};
use axum::Json;
use axum::extract::{Path, State};
use model::{Account, Artist, ArtistKind, Membership, Slug};
use serde::{Deserialize, Serialize};

use super::{Paging, filter, list_page, resource};
use crate::error::ApiResult;
use crate::extract::QueryParams;
use crate::views::ListPage;

resource!(
    Artist,
    "artists",
    "artist",
    Some(Citable::Artist),
    create_artist,
    replace_artist,
    delete_artist,
    artist
);

/// An artist as stored, with its members (for a group) and accounts, which are read-only here.
#[derive(Serialize)]
pub(crate) struct ArtistResponse {
    #[serde(flatten)]
    artist: Artist,
    members: Vec<Member>,
    accounts: Vec<Account>,
}

#[derive(Serialize)]
struct Member {
    artist: Slug,
    #[serde(flatten)]
    membership: Membership,
}

pub(crate) async fn get(
    State(app): State<App>,
    Path(slug): Path<String>,
) -> ApiResult<Json<ArtistResponse>> {
    let view = app.artist_view(&slug).await?;
    let members = view
        .members
        .into_iter()
        .map(|(artist, membership)| Member { artist, membership })
        .collect();
    Ok(Json(ArtistResponse {
        artist: view.artist,
        members,
        accounts: view.accounts,
    }))
}

#[derive(Deserialize)]
pub(crate) struct ListQuery {
    limit: Option<u32>,
    after: Option<String>,
    kind: Option<String>,
    member_of: Option<String>,
}

pub(crate) async fn list(
    State(app): State<App>,
    QueryParams(query): QueryParams<ListQuery>,
) -> ApiResult<Json<ListPage<Artist>>> {
    let page = Paging {
        limit: query.limit,
        after: query.after,
    }
    .page()?;
    let filter = ArtistFilter {
        kind: filter("kind", query.kind.as_deref(), ArtistKind::parse)?,
        member_of: filter("member_of", query.member_of.as_deref(), Slug::parse)?,
    };
    let items = app
        .store()
        .artists(&filter, &page)
        .await
        .map_err(app::AppError::from)?;
    Ok(Json(list_page(items, &page, |a| &a.slug, |a| a)))
}
