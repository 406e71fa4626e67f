//! `Slug`: the stable, URL-safe public id of every entity (`v`, `bts`, `layover`, `layover-blue-mv`).

use std::fmt;

use serde::{Deserialize, Serialize};

/// Lowercase ASCII letters, digits and single hyphens between them; 1 to 100 bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(
    value_type = String,
    pattern = "^[a-z0-9]+(-[a-z0-9]+)*$",
    min_length = 1,
    max_length = 100,
    examples("layover", "v", "layover-blue-mv"),
))]
pub struct Slug(String);

impl Slug {
    pub fn parse(text: &str) -> Result<Self, String> {
        if text.is_empty() {
            return Err("a slug must not be empty".to_owned());
        }
        if text.len() > 100 {
            return Err(format!("slug {text:?} is longer than 100 bytes"));
        }
        let allowed = text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !allowed || text.starts_with('-') || text.ends_with('-') || text.contains("--") {
            return Err(format!(
                "slug {text:?} must be lowercase letters, digits and single hyphens (like \"love-me-again\")"
            ));
        }
        Ok(Self(text.to_owned()))
    }

    /// Makes a slug from any name: "Slow Dancing (Piano Ver.)" → "slow-dancing-piano-ver".
    /// Names with no ASCII letters or digits (뷔) fall back to `fallback`.
    pub fn from_name(name: &str, fallback: &str) -> Self {
        let mut out = String::new();
        for c in name.chars().flat_map(char::to_lowercase) {
            if c.is_ascii_alphanumeric() {
                out.push(c);
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
        let trimmed = out.trim_end_matches('-');
        let truncated: String = trimmed.chars().take(80).collect();
        Self::parse(truncated.trim_end_matches('-')).unwrap_or_else(|_| Self(fallback.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Slug {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        Self::parse(&text)
    }
}

impl From<Slug> for String {
    fn from(slug: Slug) -> Self {
        slug.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Slug {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::Slug;

    #[test]
    fn parses_only_url_safe_slugs() {
        assert!(Slug::parse("love-me-again").is_ok());
        assert!(Slug::parse("v").is_ok());
        for bad in ["", "V", "love me", "-v", "v-", "a--b", "뷔", "a/b"] {
            assert!(Slug::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn slugs_from_names() {
        assert_eq!(
            Slug::from_name("Slow Dancing (Piano Ver.)", "x").as_str(),
            "slow-dancing-piano-ver"
        );
        assert_eq!(
            Slug::from_name("IU's Palette", "x").as_str(),
            "iu-s-palette"
        );
        assert_eq!(Slug::from_name("뷔", "artist-1").as_str(), "artist-1");
    }
}
