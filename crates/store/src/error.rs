//! What can go wrong in the store, in terms a caller can act on.

/// A store failure. `Duplicate`, `NotFound`, `BadReference` and `InUse` are the caller's to report;
/// the rest are faults of the database or its configuration.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{kind} {slug:?} already exists")]
    Duplicate { kind: &'static str, slug: String },
    #[error("no {kind} {slug:?}")]
    NotFound { kind: &'static str, slug: String },
    /// A fact names an entity that does not exist (`credits[0].artist`: no artist "x").
    #[error("{field}: {message}")]
    BadReference { field: String, message: String },
    /// A delete or change would leave other facts pointing at nothing.
    #[error("{0}")]
    InUse(String),
    /// The change does not fit the current state (a claim decided already).
    #[error("{0}")]
    Conflict(String),
    /// The change breaks a rule of the model (a lifecycle step that may not follow the current one).
    #[error("{0}")]
    Invalid(model::Invalid),
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    #[error("{0}")]
    Config(String),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl StoreError {
    pub(crate) fn bad_reference(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::BadReference {
            field: field.into(),
            message: message.into(),
        }
    }

    /// Whether the database refused a row because a unique key is taken.
    pub(crate) fn is_unique_violation(error: &sqlx::Error) -> bool {
        matches!(error, sqlx::Error::Database(db) if db.kind() == sqlx::error::ErrorKind::UniqueViolation)
    }

    /// Whether the database refused a change because rows still point at the row.
    pub(crate) fn is_foreign_key_violation(error: &sqlx::Error) -> bool {
        matches!(error, sqlx::Error::Database(db) if db.kind() == sqlx::error::ErrorKind::ForeignKeyViolation)
    }
}
