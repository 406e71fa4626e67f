//! `/api/v1/accounts`: artists' accounts on platforms.

use app::{AccountFilter, App, Citable};
use axum::Json;
use axum::extract::{Path, State};
use model::{Account, Platform, Slug};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::records::{SeriesSummary, series_summary};
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
        (status = 200, description = "The account with its series", body = AccountResponse),
        GetErrors,
    ),
)]
pub(crate) async fn get(
    State(app): State<App>,
    Path(slug): Path<String>,
) -> ApiResult<Json<AccountResponse>> {
    let account = super::found(
        app.store().account(&slug).await.map_err(Into::into),
        "account",
        &slug,
    )
    .await?;
    let subject = model::SeriesSubject::Account(account.slug.clone());
    let mut series = Vec::new();
    for info in app.series_of(&subject).await? {
        series.push(series_summary(app.series_view(&info.key).await?));
    }
    Ok(Json(AccountResponse { account, series }))
}

/// An account as stored, with its series (read-only here): milestones reached and the projection.
#[derive(Serialize, ToSchema)]
pub(crate) struct AccountResponse {
    #[serde(flatten)]
    account: Account,
    series: Vec<SeriesSummary>,
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
