//! `/api/v1/accounts`: artists' accounts on platforms.

use app::{AccountFilter, App, Citable};
use axum::Json;
use axum::extract::{Path, State};
use model::{Account, Platform, Slug};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{Paging, filter, list_page, resource};
use crate::error::ApiResult;
use crate::extract::QueryParams;
use crate::openapi::{GetErrors, ListErrors};
use crate::views::ListPage;

resource!(
    Account,
    "accounts",
    "account",
    Some(Citable::Account),
    create_account,
    replace_account,
    delete_account,
    account
);

/// Get an account
#[utoipa::path(
    get,
    path = "/api/v1/accounts/{slug}",
    tag = "accounts",
    operation_id = "get_account",
    params(("slug" = String, Path, description = "The account's slug", example = "thv-instagram")),
    responses(
        (status = 200, description = "The account", body = Account),
        GetErrors,
    ),
)]
pub(crate) async fn get(
    State(app): State<App>,
    Path(slug): Path<String>,
) -> ApiResult<Json<Account>> {
    Ok(Json(
        super::found(
            app.store().account(&slug).await.map_err(Into::into),
            "account",
            &slug,
        )
        .await?,
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    /// Items per page.
    #[param(minimum = 1, maximum = 500, default = 50)]
    limit: Option<u32>,
    /// The `next` cursor of the previous page.
    after: Option<String>,
    /// Only accounts of this artist (a slug).
    #[param(value_type = Option<Slug>, example = "v")]
    artist: Option<String>,
    /// Only accounts on this platform.
    #[param(value_type = Option<Platform>)]
    platform: Option<String>,
}

/// List accounts
///
/// Accounts by slug, a page at a time.
#[utoipa::path(
    get,
    path = "/api/v1/accounts",
    tag = "accounts",
    operation_id = "list_accounts",
    params(ListQuery),
    responses(
        (status = 200, description = "A page of accounts", body = ListPage<Account>),
        ListErrors,
    ),
)]
pub(crate) async fn list(
    State(app): State<App>,
    QueryParams(query): QueryParams<ListQuery>,
) -> ApiResult<Json<ListPage<Account>>> {
    let page = Paging {
        limit: query.limit,
        after: query.after,
    }
    .page()?;
    let filter = AccountFilter {
        artist: filter("artist", query.artist.as_deref(), Slug::parse)?,
        platform: filter("platform", query.platform.as_deref(), Platform::parse)?,
    };
    let items = app
        .store()
        .accounts(&filter, &page)
        .await
        .map_err(app::AppError::from)?;
    Ok(Json(list_page(items, &page, |a| &a.slug, |a| a)))
}
