//! `/api/v1/shows`: shows with their hosts and their appearances.

use app::{App, AppearanceFilter, Citable, Page, ShowFilter};
use axum::Json;
use axum::extract::{Path, State};
use model::{Appearance, Show, ShowKind, Slug};
use serde::{Deserialize, Serialize};

use super::{Paging, filter, list_page, resource};
use crate::error::ApiResult;
use crate::extract::QueryParams;
use crate::views::ListPage;

resource!(
    Show,
    "shows",
    "show",
    Some(Citable::Show),
    create_show,
    replace_show,
    delete_show,
    show
);

/// A show as stored, with its appearances (read-only here).
#[derive(Serialize)]
pub(crate) struct ShowResponse {
    #[serde(flatten)]
    show: Show,
    appearances: Vec<Appearance>,
}

pub(crate) async fn get(
    State(app): State<App>,
    Path(slug): Path<String>,
) -> ApiResult<Json<ShowResponse>> {
    let show = super::found(
        app.store().show(&slug).await.map_err(Into::into),
        "show",
        &slug,
    )
    .await?;
    let filter = AppearanceFilter {
        show: Some(show.slug.clone()),
        artist: None,
    };
    let appearances = app
        .store()
        .appearances(
            &filter,
            &Page {
                after: None,
                limit: super::MAX_LIMIT,
            },
        )
        .await
        .map_err(app::AppError::from)?;
    Ok(Json(ShowResponse { show, appearances }))
}

#[derive(Deserialize)]
pub(crate) struct ListQuery {
    limit: Option<u32>,
    after: Option<String>,
    host: Option<String>,
    kind: Option<String>,
}

pub(crate) async fn list(
    State(app): State<App>,
    QueryParams(query): QueryParams<ListQuery>,
) -> ApiResult<Json<ListPage<Show>>> {
    let page = Paging {
        limit: query.limit,
        after: query.after,
    }
    .page()?;
    let filter = ShowFilter {
        host: filter("host", query.host.as_deref(), Slug::parse)?,
        kind: filter("kind", query.kind.as_deref(), ShowKind::parse)?,
    };
    let items = app
        .store()
        .shows(&filter, &page)
        .await
        .map_err(app::AppError::from)?;
    Ok(Json(list_page(items, &page, |s| &s.slug, |s| s)))
}
