//! Request extractors that answer bad input in the API's error shape: JSON bodies and query strings
//! whose errors name the field, and the bearer token that writes require.

use app::App;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A JSON body parsed into `T`; malformed JSON, a wrong field, a wrong content type or an oversize
/// body are answered with a 400, 415 or 413 that says what is wrong.
pub(crate) struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let is_json = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| {
                let mime = value.split(';').next().unwrap_or("").trim();
                mime == "application/json" || mime.ends_with("+json")
            });
        if !is_json {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the body as JSON with Content-Type: application/json",
            ));
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::new(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        "too_large",
                        "the body is larger than the server accepts",
                    )
                } else {
                    ApiError::invalid(
                        "",
                        format!("cannot read the body: {}", rejection.body_text()),
                    )
                }
            })?;
        parse_json(&bytes).map(JsonBody)
    }
}

/// Parses JSON, naming the path of the first wrong field (`tracks[5].version_of`).
pub(crate) fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let deserializer = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        let syntax = inner.is_syntax() || inner.is_eof();
        let field = if syntax || path == "." || path == "?" {
            String::new()
        } else {
            path
        };
        let message = if syntax {
            format!("malformed JSON: {inner}")
        } else {
            format!("invalid value: {}", without_position(&inner.to_string()))
        };
        ApiError::invalid(field, message)
    })
}

/// serde_json ends messages with " at line 1 column 73"; for a wrong value the field says where.
fn without_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(at) if message[at..].contains(" column ") => &message[..at],
        _ => message,
    }
}

/// A query string parsed into `T`, with errors naming the parameter.
pub(crate) struct QueryParams<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for QueryParams<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or("");
        let deserializer =
            serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(deserializer)
            .map(QueryParams)
            .map_err(|error| {
                let path = error.path().to_string();
                let message = error.into_inner().to_string();
                ApiError::invalid(
                    if path == "." { String::new() } else { path },
                    format!("bad query parameter: {message}"),
                )
            })
    }
}

/// The name of the token a write was made with. Extracting it refuses requests without a live token.
pub(crate) struct Writer(pub String);

impl FromRequestParts<App> for Writer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, ApiError> {
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("");
        // The scheme name is case-insensitive (RFC 9110 §11.1).
        let secret = header
            .split_once(' ')
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, s)| s.trim());
        let Some(secret) = secret else {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "writes need Authorization: Bearer TOKEN (make one with `bside token create NAME`)",
            ));
        };
        app.authorize(secret).await.map(Writer).map_err(|_| {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "the token is unknown or revoked",
            )
        })
    }
}
