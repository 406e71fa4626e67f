//! `/api/v1/accounts`: artists' accounts on platforms.

use app::{AccountFilter, App, Citable};
use axum::Json;
use axum::extract::{Path, State};
use model::{Account, Platform, Slug};
use serde::Deserialize;

use super::{Paging, filter, list_page, resource};
use crate::error::ApiResult;
use crate::extract::QueryParams;
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

#[derive(Deserialize)]
pub(crate) struct ListQuery {
    limit: Option<u32>,
    after: Option<String>,
    artist: Option<String>,
    platform: Option<String>,
}

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
