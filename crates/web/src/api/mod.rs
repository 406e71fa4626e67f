//! The JSON API under `/api/v1`: one module per resource, plus the generic handlers every entity
//! shares (create, replace, delete, cite) over the [`Resource`] trait.

pub(crate) mod accounts;
pub(crate) mod appearances;
pub(crate) mod artists;
pub(crate) mod calendar;
pub(crate) mod claims;
pub(crate) mod counts;
pub(crate) mod records;
pub(crate) mod releases;
pub(crate) mod search;
pub(crate) mod shows;
pub(crate) mod sources;
pub(crate) mod subscriptions;
pub(crate) mod videos;

use app::{App, Citable, Page};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header::LOCATION};
use model::{Citation, Slug};
use serde::Deserialize;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, Writer};
use crate::views::ListPage;

/// A kind of entity served under `/api/v1/{COLLECTION}`.
pub(crate) trait Resource: DeserializeOwned + Serialize + Send + Sync + 'static {
    const COLLECTION: &'static str;
    const KIND: &'static str;
    const CITABLE: Option<Citable>;

    fn slug(&self) -> &Slug;
    fn create(app: &App, value: &Self) -> impl Future<Output = app::Result<()>> + Send;
    fn replace(app: &App, slug: &str, value: &Self)
    -> impl Future<Output = app::Result<()>> + Send;
    fn delete(app: &App, slug: &str) -> impl Future<Output = app::Result<()>> + Send;
    fn get(app: &App, slug: &str) -> impl Future<Output = app::Result<Option<Self>>> + Send;
}

/// Implements [`Resource`] from the app's and store's methods for one entity.
macro_rules! resource {
    ($ty:ty, $collection:literal, $kind:literal, $citable:expr, $create:ident, $replace:ident, $delete:ident, $get:ident) => {
        impl $crate::api::Resource for $ty {
            const COLLECTION: &'static str = $collection;
            const KIND: &'static str = $kind;
            const CITABLE: Option<app::Citable> = $citable;

            fn slug(&self) -> &model::Slug {
                &self.slug
            }
            async fn create(app: &app::App, value: &Self) -> app::Result<()> {
                app.$create(value).await
            }
            async fn replace(app: &app::App, slug: &str, value: &Self) -> app::Result<()> {
                app.$replace(slug, value).await
            }
            async fn delete(app: &app::App, slug: &str) -> app::Result<()> {
                app.$delete(slug).await
            }
            async fn get(app: &app::App, slug: &str) -> app::Result<Option<Self>> {
                Ok(app.store().$get(slug).await?)
            }
        }
    };
}
pub(crate) use resource;

/// `POST /api/v1/{collection}`: 201 with the stored document and its location.
pub(crate) async fn create<R: Resource>(
    State(app): State<App>,
    Writer(token): Writer,
    JsonBody(value): JsonBody<R>,
) -> ApiResult<(StatusCode, HeaderMap, Json<R>)> {
    R::create(&app, &value).await?;
    tracing::info!(%token, kind = R::KIND, slug = %value.slug(), "created");
    let stored = stored::<R>(&app, value.slug().as_str()).await?;
    let mut headers = HeaderMap::new();
    let location = format!("/api/v1/{}/{}", R::COLLECTION, stored.slug());
    headers.insert(
        LOCATION,
        HeaderValue::from_str(&location).expect("slugs are valid header text"),
    );
    Ok((StatusCode::CREATED, headers, Json(stored)))
}

/// `PUT /api/v1/{collection}/{slug}`: replaces the whole document (it may carry a new slug).
pub(crate) async fn replace<R: Resource>(
    State(app): State<App>,
    Path(slug): Path<String>,
    Writer(token): Writer,
    JsonBody(value): JsonBody<R>,
) -> ApiResult<Json<R>> {
    R::replace(&app, &slug, &value).await?;
    tracing::info!(%token, kind = R::KIND, %slug, "replaced");
    Ok(Json(stored::<R>(&app, value.slug().as_str()).await?))
}

/// `DELETE /api/v1/{collection}/{slug}`: 204, or 409 while other facts refer to it.
pub(crate) async fn delete<R: Resource>(
    State(app): State<App>,
    Path(slug): Path<String>,
    Writer(token): Writer,
) -> ApiResult<StatusCode> {
    R::delete(&app, &slug).await?;
    tracing::info!(%token, kind = R::KIND, %slug, "deleted");
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/{collection}/{slug}/sources`: cites a source; 201 when added, 200 when it already was.
pub(crate) async fn cite<R: Resource>(
    State(app): State<App>,
    Path(slug): Path<String>,
    _writer: Writer,
    JsonBody(citation): JsonBody<Citation>,
) -> ApiResult<(StatusCode, Json<R>)> {
    let what = R::CITABLE
        .ok_or_else(|| ApiError::not_found(format!("{} cannot cite sources", R::COLLECTION)))?;
    let added = app.cite(what, &slug, &citation).await?;
    let status = if added {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(stored::<R>(&app, &slug).await?)))
}

async fn stored<R: Resource>(app: &App, slug: &str) -> ApiResult<R> {
    R::get(app, slug)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no {} {slug:?}", R::KIND)))
}

/// The document of one entity, or 404.
pub(crate) async fn found<T>(
    value: app::Result<Option<T>>,
    kind: &str,
    slug: &str,
) -> ApiResult<T> {
    value?.ok_or_else(|| ApiError::not_found(format!("no {kind} {slug:?}")))
}

/// `limit` and `after`, shared by every list.
#[derive(Debug, Deserialize)]
pub(crate) struct Paging {
    pub(crate) limit: Option<u32>,
    pub(crate) after: Option<String>,
}

pub(crate) const DEFAULT_LIMIT: u32 = 50;
pub(crate) const MAX_LIMIT: u32 = 500;

impl Paging {
    pub(crate) fn page(&self) -> ApiResult<Page> {
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if limit == 0 || limit > MAX_LIMIT {
            return Err(ApiError::invalid(
                "limit",
                format!("must be between 1 and {MAX_LIMIT}"),
            ));
        }
        Ok(Page {
            after: self.after.clone(),
            limit,
        })
    }
}

/// Wraps a page of items with the cursor of the next page (none when this page is not full).
pub(crate) fn list_page<T, V>(
    items: Vec<T>,
    page: &Page,
    slug: impl Fn(&T) -> &Slug,
    view: impl Fn(T) -> V,
) -> ListPage<V> {
    let next = if items.len() == page.limit as usize {
        items.last().map(|item| slug(item).to_string())
    } else {
        None
    };
    ListPage {
        items: items.into_iter().map(view).collect(),
        next,
    }
}

/// Parses an optional filter value with the value's own parser, naming the parameter when it is wrong.
pub(crate) fn filter<T>(
    name: &str,
    value: Option<&str>,
    parse: impl Fn(&str) -> Result<T, String>,
) -> ApiResult<Option<T>> {
    value
        .map(|text| parse(text).map_err(|message| ApiError::invalid(name, message)))
        .transpose()
}
