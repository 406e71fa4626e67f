//! `/review`: the curator's page for the news. Paste an article, read the claims it yields with their
//! evidence and any conflict with a known fact, and accept or reject each. Writes need a write token,
//! typed once into the form and then kept in an HTTP-only, same-site cookie.

use app::{App, AppError, ClaimFilter, ClaimView, Page, STATUSES, Submission};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use serde::Deserialize;

use super::{Layout, PageError, Viewer};

const TOKEN_COOKIE: &str = "bside_token";
/// Claims shown on one page.
const LIMIT: u32 = 200;

#[derive(Template, WebTemplate)]
#[template(path = "review.html")]
pub(crate) struct ReviewPage {
    layout: Layout,
    statuses: Vec<(&'static str, bool)>,
    article: Option<String>,
    /// Whether a token cookie is set (the forms then need no token field).
    has_token: bool,
    claims: Vec<ClaimRow>,
    message: Option<String>,
}

pub(crate) struct ClaimRow {
    slug: String,
    article: String,
    status: String,
    kind: String,
    fields: Vec<(String, String)>,
    evidence: String,
    confidence: String,
    conflicts: Vec<String>,
    wrote: Vec<String>,
}

pub(crate) async fn page(viewer: Viewer, headers: HeaderMap, State(app): State<App>) -> Response {
    let built = build(&viewer, &headers, &app).await;
    viewer.respond(built)
}

async fn build(viewer: &Viewer, headers: &HeaderMap, app: &App) -> Result<ReviewPage, PageError> {
    let param = |name: &str| {
        viewer
            .query()
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    };
    let status = param("status").unwrap_or_else(|| "proposed".to_owned());
    if !STATUSES.contains(&status.as_str()) {
        return Err(PageError::bad_request(format!(
            "status: unknown status {status:?}, expected proposed, accepted or rejected"
        )));
    }
    let article = param("article");
    let claims = app
        .claims(
            &ClaimFilter {
                status: Some(status.clone()),
                article: article.clone(),
                kind: None,
            },
            &Page {
                after: None,
                limit: LIMIT,
            },
        )
        .await?;
    Ok(ReviewPage {
        layout: viewer.layout("Review the news"),
        statuses: STATUSES.iter().map(|s| (*s, *s == status)).collect(),
        article,
        has_token: token_cookie(headers).is_some(),
        claims: claims.iter().map(claim_row).collect(),
        message: param("message"),
    })
}

fn claim_row(claim: &ClaimView) -> ClaimRow {
    ClaimRow {
        slug: claim.slug.clone(),
        article: claim.article.clone(),
        status: claim.status.clone(),
        kind: claim.kind.replace('_', " "),
        fields: claim
            .fields
            .iter()
            .filter(|(key, value)| key.as_str() != "kind" && !value.is_null())
            .map(|(key, value)| {
                (
                    key.replace('_', " "),
                    value
                        .as_str()
                        .map_or_else(|| value.to_string(), str::to_owned),
                )
            })
            .collect(),
        evidence: claim.evidence.clone(),
        confidence: format!("{:.0}%", claim.confidence * 100.0),
        conflicts: claim
            .conflicts
            .iter()
            .map(|c| {
                format!(
                    "{} {} is {} (cited by {}); this claim says {}",
                    c.entity,
                    c.field,
                    c.known,
                    if c.sources.is_empty() {
                        "no source".to_owned()
                    } else {
                        c.sources.join(", ")
                    },
                    c.claimed
                )
            })
            .collect(),
        wrote: claim.wrote.clone(),
    }
}

#[derive(Deserialize)]
pub(crate) struct SubmitForm {
    text: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    publisher: String,
    #[serde(default)]
    published: String,
    #[serde(default)]
    token: String,
}

/// `POST /review/articles`: reads the pasted article into claims and shows them.
pub(crate) async fn submit(
    viewer: Viewer,
    headers: HeaderMap,
    State(app): State<App>,
    Form(form): Form<SubmitForm>,
) -> Response {
    let token = match authorize(&app, &headers, &form.token).await {
        Ok(token) => token,
        Err(error) => return error.render(&viewer),
    };
    let optional = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
    let submission = Submission {
        text: Some(form.text),
        html: None,
        url: optional(&form.url),
        publisher: optional(&form.publisher),
        published: optional(&form.published),
    };
    match app.submit_article(&submission, Timestamp::now()).await {
        Ok((article, created)) => {
            let message = if created {
                format!("{} claims proposed", article.claims.len())
            } else {
                "this article was submitted before: nothing added".to_owned()
            };
            redirect(
                &format!(
                    "/review?article={}&message={}",
                    article.slug,
                    encode(&message)
                ),
                token,
            )
        }
        Err(error) => PageError::from(error).render(&viewer),
    }
}

#[derive(Deserialize)]
pub(crate) struct DecideForm {
    action: String,
    #[serde(default)]
    replace: Option<String>,
    #[serde(default)]
    note: String,
    #[serde(default)]
    token: String,
    #[serde(default)]
    back: String,
}

/// `POST /review/claims/{slug}`: accepts or rejects a claim, then returns to the list.
pub(crate) async fn decide(
    viewer: Viewer,
    headers: HeaderMap,
    State(app): State<App>,
    Path(slug): Path<String>,
    Form(form): Form<DecideForm>,
) -> Response {
    let token = match authorize(&app, &headers, &form.token).await {
        Ok(token) => token,
        Err(error) => return error.render(&viewer),
    };
    let now = Timestamp::now();
    let done = match form.action.as_str() {
        "accept" => app.accept_claim(&slug, form.replace.is_some(), now).await,
        "reject" => {
            let note = Some(form.note.trim().to_owned()).filter(|n| !n.is_empty());
            app.reject_claim(&slug, note, now).await
        }
        other => {
            return PageError::bad_request(format!(
                "action: unknown action {other:?}, expected accept or reject"
            ))
            .render(&viewer);
        }
    };
    let message = match done {
        Ok(claim) if claim.status == "accepted" => format!(
            "{slug} accepted{}",
            if claim.wrote.is_empty() {
                String::new()
            } else {
                format!(": wrote {}", claim.wrote.join(", "))
            }
        ),
        Ok(_) => format!("{slug} rejected"),
        Err(AppError::Conflict { message, .. }) => format!("{slug} not accepted: {message}"),
        Err(error) => return PageError::from(error).render(&viewer),
    };
    let back = Some(form.back)
        .filter(|b| b.starts_with("/review") && !b.contains("//") && !b.contains('\\'))
        .unwrap_or_else(|| "/review".to_owned());
    let separator = if back.contains('?') { '&' } else { '?' };
    redirect(
        &format!("{back}{separator}message={}", encode(&message)),
        token,
    )
}

/// The token from the form (then remembered) or from the cookie, checked against the store.
/// Returns the token to remember when it came from the form.
pub(super) async fn authorize(
    app: &App,
    headers: &HeaderMap,
    typed: &str,
) -> Result<Option<String>, PageError> {
    let typed = typed.trim();
    let (secret, new) = if typed.is_empty() {
        (token_cookie(headers), None)
    } else {
        (Some(typed.to_owned()), Some(typed.to_owned()))
    };
    let Some(secret) = secret else {
        return Err(PageError {
            status: StatusCode::UNAUTHORIZED,
            message: "a write token is needed: type one into the form (bside token create NAME)"
                .to_owned(),
        });
    };
    match app.authorize(&secret).await {
        Ok(_) => Ok(new),
        Err(AppError::Unauthorized) => Err(PageError {
            status: StatusCode::UNAUTHORIZED,
            message: "that write token is not valid (or was revoked)".to_owned(),
        }),
        Err(error) => Err(error.into()),
    }
}

pub(super) fn token_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == TOKEN_COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|value| !value.is_empty())
}

pub(super) fn redirect(location: &str, remember: Option<String>) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(location) = HeaderValue::from_str(location) {
        response.headers_mut().insert(LOCATION, location);
    }
    if let Some(token) = remember
        && let Ok(cookie) = HeaderValue::from_str(&format!(
            "{TOKEN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=2592000"
        ))
    {
        response.headers_mut().append(SET_COOKIE, cookie);
    }
    response
}

fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
