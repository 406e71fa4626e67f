//! `/api/v1/sources`: the articles and announcements that facts cite.

use app::{App, SourceFilter};
use axum::Json;
use axum::extract::{Path, State};
use model::Source;
use serde::Deserialize;

use super::{Paging, list_page, resource};
use crate::error::ApiResult;
use crate::extract::QueryParams;
use crate::views::ListPage;

resource!(
    Source,
    "sources",
    "source",
    None,
    create_source,
    replace_source,
    delete_source,
    source
);

pub(crate) async fn get(
    State(app): State<App>,
    Path(slug): Path<String>,
) -> ApiResult<Json<Source>> {
    Ok(Json(
        super::found(
            app.store().source(&slug).await.map_err(Into::into),
            "source",
            &slug,
        )
        .await?,
    ))
}

#[derive(Deserialize)]
pub(crate) struct ListQuery {
    limit: Option<u32>,
    after: Option<String>,
    publisher: Option<String>,
}

pub(crate) async fn list(
    State(app): State<App>,
    QueryParams(query): QueryParams<ListQuery>,
) -> ApiResult<Json<ListPage<Source>>> {
    let page = Paging {
        limit: query.limit,
        after: query.after,
    }
    .page()?;
    let filter = SourceFilter {
        publisher: query.publisher,
    };
    let items = app
        .store()
        .sources(&filter, &page)
        .await
        .map_err(app::AppError::from)?;
    Ok(Json(list_page(items, &page, |s| &s.slug, |s| s)))
}
