//! `/api/v1/appearances`: artists' appearances on shows.

use app::{App, AppearanceFilter, Citable};
use axum::Json;
use axum::extract::{Path, State};
use model::{Appearance, Slug};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{Paging, filter, list_page, resource};
use crate::error::ApiResult;
use crate::extract::QueryParams;
use crate::openapi::{GetErrors, ListErrors};
use crate::views::ListPage;

resource!(
    Appearance,
    "appearances",
    "appearance",
    Some(Citable::Appearance),
    create_appearance,
    replace_appearance,
    delete_appearance,
    appearance
);

/// Get an appearance
#[utoipa::path(
    get,
    path = "/api/v1/appearances/{slug}",
    tag = "appearances",
    operation_id = "get_appearance",
    params(("slug" = String, Path, description = "The appearance's slug", example = "palette-v")),
    responses(
        (status = 200, description = "The appearance", body = Appearance),
        GetErrors,
    ),
)]
pub(crate) async fn get(
    State(app): State<App>,
    Path(slug): Path<String>,
) -> ApiResult<Json<Appearance>> {
    Ok(Json(
        super::found(
            app.store().appearance(&slug).await.map_err(Into::into),
            "appearance",
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
    /// Only appearances on this show (a slug).
    #[param(value_type = Option<Slug>, example = "palette")]
    show: Option<String>,
    /// Only appearances with this artist as a guest or as the show's host (a slug).
    #[param(value_type = Option<Slug>, example = "v")]
    artist: Option<String>,
}

/// List appearances
///
/// Appearances by slug, a page at a time.
#[utoipa::path(
    get,
    path = "/api/v1/appearances",
    tag = "appearances",
    operation_id = "list_appearances",
    params(ListQuery),
    responses(
        (status = 200, description = "A page of appearances", body = ListPage<Appearance>),
        ListErrors,
    ),
)]
pub(crate) async fn list(
    State(app): State<App>,
    QueryParams(query): QueryParams<ListQuery>,
) -> ApiResult<Json<ListPage<Appearance>>> {
    let page = Paging {
        limit: query.limit,
        after: query.after,
    }
    .page()?;
    let filter = AppearanceFilter {
        show: filter("show", query.show.as_deref(), Slug::parse)?,
        artist: filter("artist", query.artist.as_deref(), Slug::parse)?,
    };
    let items = app
        .store()
        .appearances(&filter, &page)
        .await
        .map_err(app::AppError::from)?;
    Ok(Json(list_page(items, &page, |a| &a.slug, |a| a)))
}
