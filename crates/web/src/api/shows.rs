//! `/api/v1/shows`: shows with their hosts and their appearances.

use app::{App, AppearanceFilter, Citable, Page, ShowFilter};
use axum::Json;
use axum::extract::{Path, State};
use model::{Appearance, Show, ShowKind, Slug};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{Paging, filter, list_page, resource};
use crate::error::ApiResult;
use crate::extract::QueryParams;
use crate::openapi::{GetErrors, ListErrors};
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
#[derive(Serialize, ToSchema)]
pub(crate) struct ShowResponse {
    #[serde(flatten)]
    show: Show,
    /// The appearances on the show (at most 500).
    appearances: Vec<Appearance>,
}

/// Get a show
///
/// The show as stored, with its appearances, which are read-only here (see `/appearances`).
#[utoipa::path(
    get,
    path = "/api/v1/shows/{slug}",
    tag = "shows",
    operation_id = "get_show",
    params(("slug" = String, Path, description = "The show's slug", example = "palette")),
    responses(
        (status = 200, description = "The show", body = ShowResponse),
        GetErrors,
    ),
)]
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

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    /// Items per page.
    #[param(minimum = 1, maximum = 500, default = 50)]
    limit: Option<u32>,
    /// The `next` cursor of the previous page.
    after: Option<String>,
    /// Only shows hosted by this artist (a slug).
    #[param(value_type = Option<Slug>, example = "iu")]
    host: Option<String>,
    /// Only shows of this kind.
    #[param(value_type = Option<ShowKind>)]
    kind: Option<String>,
}

/// List shows
///
/// Shows by slug, a page at a time.
#[utoipa::path(
    get,
    path = "/api/v1/shows",
    tag = "shows",
    operation_id = "list_shows",
    params(ListQuery),
    responses(
        (status = 200, description = "A page of shows", body = ListPage<Show>),
        ListErrors,
    ),
)]
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
