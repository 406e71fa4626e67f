//! `/api/v1/articles` (submit a news article; read what it yielded) and `/api/v1/claims` (review the
//! proposed facts: list, read, edit, accept, reject).

use app::{App, ArticleView, ClaimFilter, ClaimView, Submission};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::{IntoParams, ToSchema};

use super::{MAX_LIMIT, Paging};
use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, QueryParams, Writer, parse_json};
use crate::openapi::{GetErrors, ListErrors, PostErrors};

/// An article to read: `text` (plain text) or `html` (a saved page), with what is known of it.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "text": "Seoul, Sept. 12 — BTS member V released the music video for \"Blue\" …",
    "url": "https://example.com/news/v-blue-mv",
    "publisher": "Example News",
    "published": "2023-09-12"
}))]
pub(crate) struct SubmissionBody {
    text: Option<String>,
    html: Option<String>,
    url: Option<String>,
    publisher: Option<String>,
    /// YYYY-MM-DD: the dateline that "on Friday" and dates without a year are resolved from.
    published: Option<String>,
}

/// An article with its claims: `slug`, `source` (what accepted claims cite), `url`, `publisher`,
/// `published`, `dateline`, `language_note` (why there are no claims), `submitted_at`, `length`,
/// `claims`.
#[derive(Serialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub(crate) struct ArticleResponse(ArticleView);

/// A claim: `slug`, `article`, `source`, `status` (proposed, accepted, rejected), `kind`, `fields`
/// (the fact in the interchange form of PRODUCT §4), `proposed` (the fields before an edit),
/// `evidence`, `span` (character offsets), `confidence`, `entities` (names resolved to slugs, or
/// null when new), `date_note`, `conflicts` (known facts it disagrees with: `entity`, `field`,
/// `known`, `claimed`, `sources`), `decided_at`, `note`, `wrote` (what accepting it wrote).
#[derive(Serialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub(crate) struct ClaimResponse(ClaimView);

#[derive(Serialize, ToSchema)]
pub(crate) struct ClaimPage {
    #[schema(value_type = Vec<Object>)]
    items: Vec<ClaimView>,
    /// The `after` of the next page; absent on the last.
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct ArticlePage {
    #[schema(value_type = Vec<Object>)]
    items: Vec<ArticleView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<String>,
}

/// Submit an article
///
/// Reads a news article into claims, each with its evidence sentence, span and confidence, and its
/// names resolved to the catalog. A source is made for the article (or the one with its URL is
/// used). The same text submitted again adds nothing: 200 with the stored article instead of 201.
#[utoipa::path(
    post,
    path = "/api/v1/articles",
    tag = "claims",
    operation_id = "submit_article",
    request_body(content = SubmissionBody, description = "The article"),
    responses(
        (status = 201, description = "Read and stored", body = ArticleResponse),
        (status = 200, description = "Submitted before: nothing added", body = ArticleResponse),
        PostErrors,
    ),
    security(("bearer" = [])),
)]
pub(crate) async fn submit(
    State(app): State<App>,
    Writer(token): Writer,
    JsonBody(body): JsonBody<SubmissionBody>,
) -> ApiResult<(StatusCode, Json<ArticleResponse>)> {
    let submission = Submission {
        text: body.text,
        html: body.html,
        url: body.url,
        publisher: body.publisher,
        published: body.published,
    };
    let (article, created) = app.submit_article(&submission, Timestamp::now()).await?;
    tracing::info!(%token, article = %article.slug, claims = article.claims.len(), created, "article submitted");
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(ArticleResponse(article))))
}

/// Get an article
#[utoipa::path(
    get,
    path = "/api/v1/articles/{slug}",
    tag = "claims",
    operation_id = "get_article",
    params(("slug" = String, Path, description = "The article's slug", example = "article-2fe538892655")),
    responses((status = 200, description = "The article and its claims", body = ArticleResponse), GetErrors),
)]
pub(crate) async fn article(
    State(app): State<App>,
    Path(slug): Path<String>,
) -> ApiResult<Json<ArticleResponse>> {
    Ok(Json(ArticleResponse(app.article(&slug).await?)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ArticleQuery {
    /// At most this many (1–500, default 50).
    limit: Option<u32>,
    /// The last slug of the previous page.
    after: Option<String>,
}

/// List articles
#[utoipa::path(
    get,
    path = "/api/v1/articles",
    tag = "claims",
    operation_id = "list_articles",
    params(ArticleQuery),
    responses((status = 200, description = "A page of articles, without their claims", body = ArticlePage), ListErrors),
)]
pub(crate) async fn articles(
    State(app): State<App>,
    QueryParams(query): QueryParams<ArticleQuery>,
) -> ApiResult<Json<ArticlePage>> {
    let page = Paging {
        limit: query.limit,
        after: query.after,
    }
    .page()?;
    let items = app.articles(&page).await?;
    let next = (items.len() == page.limit as usize)
        .then(|| items.last().map(|a| a.slug.clone()))
        .flatten();
    Ok(Json(ArticlePage { items, next }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ClaimQuery {
    /// proposed, accepted or rejected.
    status: Option<String>,
    /// Only this article's claims.
    article: Option<String>,
    /// Only claims of this kind (`mv_release`, `alias`…).
    kind: Option<String>,
    /// At most this many (1–500, default 50).
    limit: Option<u32>,
    /// The last claim's slug of the previous page.
    after: Option<String>,
}

/// List claims
///
/// Claims in article order, with the conflicts of those still proposed.
#[utoipa::path(
    get,
    path = "/api/v1/claims",
    tag = "claims",
    operation_id = "list_claims",
    params(ClaimQuery),
    responses((status = 200, description = "A page of claims", body = ClaimPage), ListErrors),
)]
pub(crate) async fn list(
    State(app): State<App>,
    QueryParams(query): QueryParams<ClaimQuery>,
) -> ApiResult<Json<ClaimPage>> {
    let page = Paging {
        limit: query.limit,
        after: query.after,
    }
    .page()?;
    debug_assert!(page.limit <= MAX_LIMIT);
    let filter = ClaimFilter {
        status: query.status,
        article: query.article,
        kind: query.kind,
    };
    let items = app.claims(&filter, &page).await?;
    let next = (items.len() == page.limit as usize)
        .then(|| items.last().map(|c| c.slug.clone()))
        .flatten();
    Ok(Json(ClaimPage { items, next }))
}

/// Get a claim
#[utoipa::path(
    get,
    path = "/api/v1/claims/{slug}",
    tag = "claims",
    operation_id = "get_claim",
    params(("slug" = String, Path, description = "The claim's slug", example = "article-2fe538892655-3")),
    responses((status = 200, description = "The claim", body = ClaimResponse), GetErrors),
)]
pub(crate) async fn get(
    State(app): State<App>,
    Path(slug): Path<String>,
) -> ApiResult<Json<ClaimResponse>> {
    Ok(Json(ClaimResponse(app.claim(&slug).await?)))
}

/// A claim's new fields, in the interchange form of its kind.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"fields": {"artist": "V", "track": "For Us", "date": "2023-09-16"}}))]
pub(crate) struct EditBody {
    #[schema(value_type = Object)]
    fields: Map<String, Value>,
}

/// Edit a claim
///
/// Replaces a proposed claim's fields, checked as its kind requires; the proposal is kept beside
/// the edit. Decided claims cannot be edited (409).
#[utoipa::path(
    put,
    path = "/api/v1/claims/{slug}",
    tag = "claims",
    operation_id = "edit_claim",
    params(("slug" = String, Path, description = "The claim's slug")),
    request_body(content = EditBody, description = "The new fields"),
    responses((status = 200, description = "The edited claim", body = ClaimResponse), PostErrors),
    security(("bearer" = [])),
)]
pub(crate) async fn edit(
    State(app): State<App>,
    Writer(_token): Writer,
    Path(slug): Path<String>,
    JsonBody(body): JsonBody<EditBody>,
) -> ApiResult<Json<ClaimResponse>> {
    Ok(Json(ClaimResponse(
        app.edit_claim(&slug, body.fields).await?,
    )))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct AcceptBody {
    /// Write the claim over the known fact it conflicts with.
    #[serde(default)]
    replace: bool,
}

/// Accept a claim
///
/// Writes the claim's fact into the catalog, citing the article's source with the evidence. A claim
/// that conflicts with a known fact is refused (409, naming the fact and its sources) unless
/// `replace` is true.
#[utoipa::path(
    post,
    path = "/api/v1/claims/{slug}/accept",
    tag = "claims",
    operation_id = "accept_claim",
    params(("slug" = String, Path, description = "The claim's slug")),
    request_body(content = AcceptBody, description = "Whether to replace a conflicting fact"),
    responses((status = 200, description = "Accepted; `wrote` lists what changed", body = ClaimResponse), PostErrors),
    security(("bearer" = [])),
)]
pub(crate) async fn accept(
    State(app): State<App>,
    Writer(token): Writer,
    Path(slug): Path<String>,
    body: Bytes,
) -> ApiResult<Json<ClaimResponse>> {
    let replace = optional_body::<AcceptBody>(&body)?.replace;
    let claim = app.accept_claim(&slug, replace, Timestamp::now()).await?;
    tracing::info!(%token, claim = %slug, wrote = ?claim.wrote, "claim accepted");
    Ok(Json(ClaimResponse(claim)))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RejectBody {
    /// Why, for the other curators.
    note: Option<String>,
}

/// Reject a claim
#[utoipa::path(
    post,
    path = "/api/v1/claims/{slug}/reject",
    tag = "claims",
    operation_id = "reject_claim",
    params(("slug" = String, Path, description = "The claim's slug")),
    request_body(content = RejectBody, description = "An optional note"),
    responses((status = 200, description = "Rejected; nothing was written", body = ClaimResponse), PostErrors),
    security(("bearer" = [])),
)]
pub(crate) async fn reject(
    State(app): State<App>,
    Writer(_token): Writer,
    Path(slug): Path<String>,
    body: Bytes,
) -> ApiResult<Json<ClaimResponse>> {
    let note = optional_body::<RejectBody>(&body)?.note;
    if note.as_ref().is_some_and(|n| n.len() > 2000) {
        return Err(ApiError::invalid("note", "is longer than 2000 bytes"));
    }
    Ok(Json(ClaimResponse(
        app.reject_claim(&slug, note, Timestamp::now()).await?,
    )))
}

/// A body that may be left out (an accept or reject without options).
fn optional_body<T: serde::de::DeserializeOwned + Default>(bytes: &[u8]) -> ApiResult<T> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    parse_json(bytes)
}
