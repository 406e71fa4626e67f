//! Use-case errors: what went wrong in terms the web layer maps to a status and the CLI prints.

use store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The input breaks a rule; `field` says where.
    #[error("{0}")]
    Invalid(model::Invalid),
    #[error("no {kind} {slug:?}")]
    NotFound { kind: &'static str, slug: String },
    /// The write conflicts with what is stored (a taken slug, a fact still referenced).
    #[error("{message}")]
    Conflict {
        field: Option<String>,
        message: String,
    },
    #[error("a valid write token is required")]
    Unauthorized,
    #[error("internal error: {0}")]
    Internal(StoreError),
}

impl From<model::Invalid> for AppError {
    fn from(invalid: model::Invalid) -> Self {
        Self::Invalid(invalid)
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound { kind, slug } => Self::NotFound { kind, slug },
            StoreError::Duplicate { kind, slug } => Self::Conflict {
                field: Some("slug".to_owned()),
                message: format!("{kind} {slug:?} already exists"),
            },
            StoreError::InUse(message) | StoreError::Conflict(message) => Self::Conflict {
                field: None,
                message,
            },
            StoreError::BadReference { field, message } => {
                Self::Invalid(model::Invalid::new(field, message))
            }
            StoreError::Invalid(invalid) => Self::Invalid(invalid),
            other => Self::Internal(other),
        }
    }
}
