//! The one HTTP error: `{"error": {"code", "message", "field"}}` with its status, mapped once here.

use app::AppError;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// An error answered to an API client. Internal faults are logged and answered without details.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub field: Option<String>,
}

/// Every error the API answers: `{"error": {"code", "message", "field"}}`.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = ErrorEnvelope)]
pub(crate) struct Envelope<'a> {
    error: Body<'a>,
}

/// What went wrong, and where.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = ErrorBody)]
struct Body<'a> {
    /// A stable code to branch on: `invalid`, `unauthorized`, `not_found`, `conflict`, `too_large`,
    /// `unsupported_media_type`, `method_not_allowed` or `internal`.
    #[schema(examples("invalid"))]
    code: &'a str,
    /// What is wrong, for people; lowercase, no trailing period.
    #[schema(examples("there is no track 1-9 on this release"))]
    message: &'a str,
    /// The path of the offending field in the request (`tracks[5].version_of`) or the query
    /// parameter; null when the error is not about one field.
    #[schema(required = true, examples("tracks[5].version_of"))]
    field: Option<&'a str>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            field: None,
        }
    }

    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        let field = field.into();
        Self {
            status: StatusCode::BAD_REQUEST,
            code: "invalid",
            message: message.into(),
            field: if field.is_empty() { None } else { Some(field) },
        }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        match error {
            AppError::Invalid(invalid) => Self::invalid(invalid.field, invalid.message),
            AppError::NotFound { .. } => Self::not_found(error.to_string()),
            AppError::Conflict { field, message } => Self {
                status: StatusCode::CONFLICT,
                code: "conflict",
                message,
                field,
            },
            AppError::Unauthorized => {
                Self::new(StatusCode::UNAUTHORIZED, "unauthorized", error.to_string())
            }
            AppError::Internal(inner) => {
                tracing::error!(error = %inner, "internal error");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "internal error; see the server log",
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Envelope {
            error: Body {
                code: self.code,
                message: &self.message,
                field: self.field.as_deref(),
            },
        };
        let mut response = (self.status, Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}

pub(crate) type ApiResult<T> = Result<T, ApiError>;
