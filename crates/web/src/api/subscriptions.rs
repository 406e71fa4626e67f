//! `/api/v1/subscriptions`: webhook subscriptions (token holders only), their deliveries and attempts,
//! and the two repairs: enable a subscription that failures disabled, redeliver one event.

use app::{App, NewSubscription, PayloadFormat};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use jiff::Timestamp;
use model::{EventKind, Slug};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, QueryParams, Writer};
use crate::openapi::{CreateErrors, DeleteErrors, PostErrors, TokenGetErrors, TokenListErrors};

/// A webhook subscription to make.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"url": "https://discord.com/api/webhooks/123/abc", "artists": ["v"], "kinds": ["mv_released", "record_broken"], "format": "discord"})))]
pub(crate) struct SubscriptionInput {
    /// Where deliveries are POSTed: http(s), on a public address (private and loopback targets are
    /// refused unless the server's allow-list names them).
    url: String,
    /// Only events about these artists; all artists when empty.
    #[serde(default)]
    artists: Vec<Slug>,
    /// Only these kinds of event; all kinds when empty.
    #[serde(default)]
    kinds: Vec<EventKind>,
    /// `generic` (bside's JSON, the default) or `discord` (a Discord channel webhook's message).
    #[schema(examples("generic"))]
    format: Option<String>,
}

/// A subscription (its secret is shown only when it is made).
#[derive(Serialize, ToSchema)]
pub(crate) struct SubscriptionView {
    #[schema(examples("sub_3f2a9c0d1e4b5a6c"))]
    id: String,
    url: String,
    #[schema(value_type = Vec<model::Slug>)]
    artists: Vec<String>,
    #[schema(value_type = Vec<model::EventKind>)]
    kinds: Vec<&'static str>,
    #[schema(examples("generic"))]
    format: &'static str,
    /// The token that made it (`cli` for the command line).
    created_by: String,
    #[schema(format = DateTime)]
    created_at: String,
    /// False once repeated failures disabled it; `POST …/enable` turns it back on.
    enabled: bool,
    /// Failed attempts since the last success.
    failures: u32,
    #[schema(format = DateTime)]
    disabled_at: Option<String>,
    disabled_reason: Option<String>,
}

/// A subscription just made, with its signing secret: shown this once, keep it.
#[derive(Serialize, ToSchema)]
pub(crate) struct CreatedView {
    #[serde(flatten)]
    subscription: SubscriptionView,
    /// Verifies `Bside-Signature: t=T,v1=HEX`: HEX is HMAC-SHA256 with this key over `T.BODY`.
    #[schema(examples("whsec_8c1f…"))]
    secret: String,
}

/// Subscriptions, oldest first.
#[derive(Serialize, ToSchema)]
pub(crate) struct SubscriptionList {
    items: Vec<SubscriptionView>,
}

/// A subscription's deliveries, newest first.
#[derive(Serialize, ToSchema)]
pub(crate) struct DeliveryList {
    items: Vec<DeliveryView>,
}

/// One delivery (one event to one subscription) with its attempts.
#[derive(Serialize, ToSchema)]
pub(crate) struct DeliveryView {
    /// The event's stable id.
    event: String,
    #[schema(value_type = model::EventKind)]
    kind: String,
    /// Sent as `Idempotency-Key`: the same for every attempt and redelivery.
    idempotency_key: String,
    /// `pending` or `delivered`.
    state: String,
    attempts: u32,
    #[schema(format = DateTime)]
    created_at: String,
    #[schema(format = DateTime)]
    next_attempt_at: Option<String>,
    #[schema(format = DateTime)]
    delivered_at: Option<String>,
    log: Vec<AttemptView>,
}

/// One attempt: the status that came back (none without an answer), the time it took, the error.
#[derive(Serialize, ToSchema)]
pub(crate) struct AttemptView {
    #[schema(format = DateTime)]
    at: String,
    status: Option<u16>,
    latency_ms: u64,
    error: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct DeliveriesQuery {
    /// How many deliveries at most.
    #[param(minimum = 1, maximum = 500, default = 100)]
    limit: Option<u32>,
}

/// Which delivery to send again.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RedeliverInput {
    /// The event's id, as listed in the deliveries.
    #[schema(examples("mv_released:layover-for-us-mv:1"))]
    event: String,
}

/// Subscribe a webhook
///
/// Events that happen from now on (and premieres as their instant passes) are POSTed to `url`, signed
/// with the secret returned here (once) and carrying an `Idempotency-Key` per event.
#[utoipa::path(
    post,
    path = "/api/v1/subscriptions",
    tag = "following",
    operation_id = "create_subscription",
    request_body(content = SubscriptionInput),
    responses(
        (status = 201, description = "Subscribed; the secret is shown only now", body = CreatedView),
        CreateErrors,
    ),
    security(("bearer" = [])),
)]
pub(crate) async fn create(
    State(app): State<App>,
    Writer(token): Writer,
    JsonBody(input): JsonBody<SubscriptionInput>,
) -> ApiResult<(StatusCode, Json<CreatedView>)> {
    let format = match input.format.as_deref() {
        None => PayloadFormat::Generic,
        Some(text) => {
            PayloadFormat::parse(text).map_err(|message| ApiError::invalid("format", message))?
        }
    };
    let new = NewSubscription {
        url: input.url,
        artists: input.artists,
        kinds: input.kinds,
        format,
    };
    let created = app
        .create_subscription(&new, &token, Timestamp::now())
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedView {
            subscription: created.subscription.into(),
            secret: created.secret,
        }),
    ))
}

/// List webhook subscriptions
#[utoipa::path(
    get,
    path = "/api/v1/subscriptions",
    tag = "following",
    operation_id = "list_subscriptions",
    responses(
        (status = 200, description = "Every subscription, oldest first", body = SubscriptionList),
        TokenListErrors,
    ),
    security(("bearer" = [])),
)]
pub(crate) async fn list(
    State(app): State<App>,
    _writer: Writer,
) -> ApiResult<Json<SubscriptionList>> {
    let items = app
        .subscriptions()
        .await?
        .into_iter()
        .map(SubscriptionView::from)
        .collect();
    Ok(Json(SubscriptionList { items }))
}

/// Get a webhook subscription
#[utoipa::path(
    get,
    path = "/api/v1/subscriptions/{id}",
    tag = "following",
    operation_id = "get_subscription",
    params(("id" = String, Path, description = "The subscription's id", example = "sub_3f2a9c0d1e4b5a6c")),
    responses(
        (status = 200, description = "The subscription", body = SubscriptionView),
        TokenGetErrors,
    ),
    security(("bearer" = [])),
)]
pub(crate) async fn get(
    State(app): State<App>,
    Path(id): Path<String>,
    _writer: Writer,
) -> ApiResult<Json<SubscriptionView>> {
    Ok(Json(app.subscription(&id).await?.into()))
}

/// Unsubscribe
///
/// Removes the subscription with its deliveries and their log.
#[utoipa::path(
    delete,
    path = "/api/v1/subscriptions/{id}",
    tag = "following",
    operation_id = "delete_subscription",
    params(("id" = String, Path, description = "The subscription's id")),
    responses((status = 204, description = "Removed"), DeleteErrors),
    security(("bearer" = [])),
)]
pub(crate) async fn delete(
    State(app): State<App>,
    Path(id): Path<String>,
    _writer: Writer,
) -> ApiResult<StatusCode> {
    app.delete_subscription(&id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Enable a subscription again
///
/// After repeated failures disabled it: the failure count starts over and its pending deliveries are
/// due at once.
#[utoipa::path(
    post,
    path = "/api/v1/subscriptions/{id}/enable",
    tag = "following",
    operation_id = "enable_subscription",
    params(("id" = String, Path, description = "The subscription's id")),
    responses((status = 200, description = "The subscription, enabled", body = SubscriptionView), PostErrors),
    security(("bearer" = [])),
)]
pub(crate) async fn enable(
    State(app): State<App>,
    Path(id): Path<String>,
    _writer: Writer,
) -> ApiResult<Json<SubscriptionView>> {
    Ok(Json(
        app.enable_subscription(&id, Timestamp::now()).await?.into(),
    ))
}

/// Send one event again
///
/// The delivery of `event` becomes pending and due now: same body, same idempotency key.
#[utoipa::path(
    post,
    path = "/api/v1/subscriptions/{id}/redeliver",
    tag = "following",
    operation_id = "redeliver",
    params(("id" = String, Path, description = "The subscription's id")),
    request_body(content = RedeliverInput),
    responses((status = 202, description = "Queued to be sent again"), PostErrors),
    security(("bearer" = [])),
)]
pub(crate) async fn redeliver(
    State(app): State<App>,
    Path(id): Path<String>,
    _writer: Writer,
    JsonBody(input): JsonBody<RedeliverInput>,
) -> ApiResult<StatusCode> {
    app.redeliver(&id, &input.event, Timestamp::now()).await?;
    Ok(StatusCode::ACCEPTED)
}

/// A subscription's deliveries
///
/// Newest first, each with the log of its attempts (status, latency, error).
#[utoipa::path(
    get,
    path = "/api/v1/subscriptions/{id}/deliveries",
    tag = "following",
    operation_id = "list_deliveries",
    params(("id" = String, Path, description = "The subscription's id"), DeliveriesQuery),
    responses((status = 200, description = "Deliveries, newest first", body = DeliveryList), TokenGetErrors),
    security(("bearer" = [])),
)]
pub(crate) async fn deliveries(
    State(app): State<App>,
    Path(id): Path<String>,
    _writer: Writer,
    QueryParams(query): QueryParams<DeliveriesQuery>,
) -> ApiResult<Json<DeliveryList>> {
    let items = app
        .deliveries(&id, query.limit.unwrap_or(100))
        .await?
        .into_iter()
        .map(|delivery| DeliveryView {
            event: delivery.event,
            kind: delivery.kind,
            idempotency_key: delivery.idempotency_key,
            state: delivery.state,
            attempts: delivery.attempts,
            created_at: delivery.created_at.to_string(),
            next_attempt_at: delivery.next_attempt_at.map(|t| t.to_string()),
            delivered_at: delivery.delivered_at.map(|t| t.to_string()),
            log: delivery
                .log
                .into_iter()
                .map(|attempt| AttemptView {
                    at: attempt.at.to_string(),
                    status: attempt.status,
                    latency_ms: attempt.latency_ms,
                    error: attempt.error,
                })
                .collect(),
        })
        .collect();
    Ok(Json(DeliveryList { items }))
}

impl From<app::Subscription> for SubscriptionView {
    fn from(subscription: app::Subscription) -> Self {
        Self {
            id: subscription.id,
            url: subscription.url,
            artists: subscription.artists.into_iter().map(String::from).collect(),
            kinds: subscription
                .kinds
                .iter()
                .map(|kind| kind.as_str())
                .collect(),
            format: subscription.format.as_str(),
            created_by: subscription.created_by,
            created_at: subscription.created_at.to_string(),
            enabled: subscription.enabled,
            failures: subscription.failures,
            disabled_at: subscription.disabled_at.map(|t| t.to_string()),
            disabled_reason: subscription.disabled_reason,
        }
    }
}

/// After a write the API acknowledged, wakes the outbox so the events it made go out at once (the
/// outbox loop also sweeps on its own tick, so a wake that is lost loses no event).
pub(crate) async fn wake_outbox_after_writes(
    State(app): State<App>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let write = !matches!(
        *request.method(),
        axum::http::Method::GET | axum::http::Method::HEAD | axum::http::Method::OPTIONS
    );
    let response = next.run(request).await;
    if write && response.status().is_success() {
        app.wake_outbox();
    }
    response
}
