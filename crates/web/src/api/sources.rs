//! `/api/v1/sources`: the articles and announcements that facts cite.

use app::{App, SourceFilter};
use axum::Json;
use axum::extract::{Path, State};
use model::Source;
use serde::Deserialize;
use utoipa::IntoParams;

use super::{Paging, list_page, resource};
use crate::error::ApiResult;
use crate::extract::QueryParams;
use crate::openapi::{GetErrors, ListErrors};
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

/// Get a source
#[utoipa::path(
    get,
    path = "/api/v1/sources/{slug}",
    tag = "sources",
    operation_id = "get_source",
    params((
        "slug" = String,
        Path,
        description = "The source's slug",
        example = "billboard-layover",
    )),
    responses(
        (status = 200, description = "The source", body = Source),
        GetErrors,
    ),
)]
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

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    /// Items per page.
    #[param(minimum = 1, maximum = 500, default = 50)]
    limit: Option<u32>,
    /// The `next` cursor of the previous page.
    after: Option<String>,
    /// Only sources from this publisher, by exact name.
    #[param(example = "Billboard")]
    publisher: Option<String>,
}

/// List sources
///
/// Sources by slug, a page at a time.
#[utoipa::path(
    get,
    path = "/api/v1/sources",
    tag = "sources",
    operation_id = "list_sources",
    params(ListQuery),
    responses(
        (status = 200, description = "A page of sources", body = ListPage<Source>),
        ListErrors,
    ),
)]
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
