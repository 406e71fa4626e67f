//! `/api/v1/appearances`: artists' appearances on shows.

use app::{App, AppearanceFilter, Citable};
use axum::Json;
use axum::extract::{Path, State};
use model::{Appearance, Slug};
use serde::Deserialize;

use super::{Paging, filter, list_page, resource};
use crate::error::ApiResult;
use crate::extract::QueryParams;
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

#[derive(Deserialize)]
pub(crate) struct ListQuery {
    limit: Option<u32>,
    after: Option<String>,
    show: Option<String>,
    artist: Option<String>,
}

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
