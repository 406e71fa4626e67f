//! The one validation error: which field is wrong and why.

use std::fmt;

/// An aggregate broke an invariant. `field` is a path into the JSON document (`tracks[5].version_of`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub field: String,
    pub message: String,
}

impl Invalid {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }

    /// Prefixes the field path with the enclosing field (`aliases[2]` + `name` → `aliases[2].name`).
    #[must_use]
    pub fn within(mut self, parent: &str) -> Self {
        self.field = if self.field.is_empty() {
            parent.to_owned()
        } else if self.field.starts_with('[') {
            format!("{parent}{}", self.field)
        } else {
            format!("{parent}.{}", self.field)
        };
        self
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

impl std::error::Error for Invalid {}

/// Checks that a required text field is present and not blank.
pub(crate) fn require_text(field: &str, value: &str) -> Result<(), Invalid> {
    if value.trim().is_empty() {
        return Err(Invalid::new(field, "must not be empty"));
    }
    if value.len() > 1000 {
        return Err(Invalid::new(field, "is longer than 1000 bytes"));
    }
    Ok(())
}

/// Checks every element of a list, naming the index of the first bad one.
pub(crate) fn each<T>(
    field: &str,
    items: &[T],
    check: impl Fn(&T) -> Result<(), Invalid>,
) -> Result<(), Invalid> {
    for (index, item) in items.iter().enumerate() {
        check(item).map_err(|error| error.within(&format!("{field}[{index}]")))?;
    }
    Ok(())
}
