//! `/api/v1/artists`: artists with every name, their groups and members, and their accounts.

use app::{App, ArtistFilter, Citable};
use axum::Json;
use axum::extract::{Path, State};
use model::{Account, Artist, ArtistKind, Membership, Slug};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{Paging, filter, list_page, resource};
use crate::error::ApiResult;
use crate::extract::QueryParams;
use crate::openapi::{GetErrors, ListErrors};
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
#[derive(Serialize, ToSchema)]
pub(crate) struct ArtistResponse {
    #[serde(flatten)]
    artist: Artist,
    /// For a group: its members, each with their membership.
    members: Vec<Member>,
    /// The artist's accounts on platforms.
    accounts: Vec<Account>,
}

/// A member of a group: the person's slug and their membership.
#[derive(Serialize, ToSchema)]
struct Member {
    artist: Slug,
    #[serde(flatten)]
    membership: Membership,
}

/// Get an artist
///
/// The artist as stored, with its members (for a group) and its accounts, which are read-only here:
/// a membership belongs to the member, an account to `/accounts`.
#[utoipa::path(
    get,
    path = "/api/v1/artists/{slug}",
    tag = "artists",
    operation_id = "get_artist",
    params(("slug" = String, Path, description = "The artist's slug", example = "v")),
    responses(
        (status = 200, description = "The artist", body = ArtistResponse),
        GetErrors,
    ),
)]
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

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    /// Items per page.
    #[param(minimum = 1, maximum = 500, default = 50)]
    limit: Option<u32>,
    /// The `next` cursor of the previous page.
    after: Option<String>,
    /// Only artists of this kind.
    #[param(value_type = Option<ArtistKind>)]
    kind: Option<String>,
    /// Only the members of this group (a slug).
    #[param(value_type = Option<Slug>, example = "bts")]
    member_of: Option<String>,
}

/// List artists
///
/// Artists by slug, a page at a time.
#[utoipa::path(
    get,
    path = "/api/v1/artists",
    tag = "artists",
    operation_id = "list_artists",
    params(ListQuery),
    responses(
        (status = 200, description = "A page of artists", body = ListPage<Artist>),
        ListErrors,
    ),
)]
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
