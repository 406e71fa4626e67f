//! `/subscriptions`: the token holder's view of webhook subscriptions and their deliveries (each
//! attempt's status, latency and error), with re-enable and redeliver. The token is typed once and
//! kept in an HTTP-only, same-site cookie, as on the review page.

use app::{App, Delivery, Subscription};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use jiff::Timestamp;
use serde::Deserialize;

use super::review::{authorize, redirect, token_cookie};
use super::{Layout, PageError, Viewer};

/// Deliveries shown per subscription.
const DELIVERIES: u32 = 20;

#[derive(Template, WebTemplate)]
#[template(path = "subscriptions.html")]
pub(crate) struct SubscriptionsPage {
    layout: Layout,
    has_token: bool,
    subscriptions: Vec<SubscriptionRow>,
    message: Option<String>,
}

pub(crate) struct SubscriptionRow {
    id: String,
    url: String,
    artists: String,
    kinds: String,
    format: String,
    enabled: bool,
    status: String,
    deliveries: Vec<DeliveryRow>,
}

pub(crate) struct DeliveryRow {
    event: String,
    kind: String,
    state: String,
    attempts: u32,
    last: String,
}

pub(crate) async fn page(viewer: Viewer, headers: HeaderMap, State(app): State<App>) -> Response {
    let built = build(&viewer, &headers, &app).await;
    viewer.respond(built)
}

async fn build(
    viewer: &Viewer,
    headers: &HeaderMap,
    app: &App,
) -> Result<SubscriptionsPage, PageError> {
    let message = viewer
        .query()
        .iter()
        .find(|(key, _)| key == "message")
        .map(|(_, value)| value.clone());
    let has_token = match token_cookie(headers) {
        Some(secret) => app.authorize(&secret).await.is_ok(),
        None => false,
    };
    let mut subscriptions = Vec::new();
    if has_token {
        for subscription in app.subscriptions().await? {
            let deliveries = app.deliveries(&subscription.id, DELIVERIES).await?;
            subscriptions.push(row(viewer, &subscription, &deliveries));
        }
    }
    Ok(SubscriptionsPage {
        layout: viewer.layout("Webhook subscriptions"),
        has_token,
        subscriptions,
        message,
    })
}

fn row(viewer: &Viewer, subscription: &Subscription, deliveries: &[Delivery]) -> SubscriptionRow {
    let at = |t: Timestamp| viewer.instant(t).shown;
    let status = if subscription.enabled {
        format!("enabled · {} failures in a row", subscription.failures)
    } else {
        format!(
            "disabled{}{}",
            subscription
                .disabled_at
                .map(|t| format!(" since {}", at(t)))
                .unwrap_or_default(),
            subscription
                .disabled_reason
                .as_ref()
                .map(|r| format!(": {r}"))
                .unwrap_or_default()
        )
    };
    SubscriptionRow {
        id: subscription.id.clone(),
        url: subscription.url.clone(),
        artists: if subscription.artists.is_empty() {
            "every artist".to_owned()
        } else {
            subscription
                .artists
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        },
        kinds: if subscription.kinds.is_empty() {
            "every kind".to_owned()
        } else {
            subscription
                .kinds
                .iter()
                .map(|k| k.as_str().replace('_', " "))
                .collect::<Vec<_>>()
                .join(", ")
        },
        format: subscription.format.as_str().to_owned(),
        enabled: subscription.enabled,
        status,
        deliveries: deliveries
            .iter()
            .map(|d| DeliveryRow {
                event: d.event.clone(),
                kind: d.kind.replace('_', " "),
                state: d.state.clone(),
                attempts: d.attempts,
                last: d.log.last().map_or_else(
                    || "not tried yet".to_owned(),
                    |a| {
                        format!(
                            "{} · {} · {} ms{}",
                            at(a.at),
                            a.status
                                .map_or_else(|| "no answer".to_owned(), |s| format!("HTTP {s}")),
                            a.latency_ms,
                            a.error
                                .as_ref()
                                .map(|e| format!(" · {e}"))
                                .unwrap_or_default()
                        )
                    },
                ),
            })
            .collect(),
    }
}

#[derive(Deserialize)]
pub(crate) struct TokenForm {
    token: String,
}

/// `POST /subscriptions/token`: checks the token and keeps it in the cookie.
pub(crate) async fn token(
    viewer: Viewer,
    headers: HeaderMap,
    State(app): State<App>,
    Form(form): Form<TokenForm>,
) -> Response {
    match authorize(&app, &headers, &form.token).await {
        Ok(remember) => redirect("/subscriptions", remember),
        Err(error) => error.render(&viewer),
    }
}

#[derive(Deserialize)]
pub(crate) struct ActionForm {
    action: String,
    #[serde(default)]
    event: String,
}

/// `POST /subscriptions/{id}`: re-enable a subscription, or redeliver one of its events.
pub(crate) async fn act(
    viewer: Viewer,
    headers: HeaderMap,
    State(app): State<App>,
    Path(id): Path<String>,
    Form(form): Form<ActionForm>,
) -> Response {
    if let Err(error) = authorize(&app, &headers, "").await {
        return error.render(&viewer);
    }
    let now = Timestamp::now();
    let done = match form.action.as_str() {
        "enable" => app
            .enable_subscription(&id, now)
            .await
            .map(|_| format!("{id} enabled")),
        "redeliver" => app
            .redeliver(&id, &form.event, now)
            .await
            .map(|()| format!("{} will be delivered again", form.event)),
        other => {
            return PageError::bad_request(format!(
                "action: unknown action {other:?}, expected enable or redeliver"
            ))
            .render(&viewer);
        }
    };
    match done {
        Ok(message) => {
            app.wake_outbox();
            let message: String = form_urlencoded::byte_serialize(message.as_bytes()).collect();
            redirect(&format!("/subscriptions?message={message}"), None)
        }
        Err(error) => PageError::from(error).render(&viewer),
    }
}
