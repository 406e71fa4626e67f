//! Sources (who stated a fact, where, when) and the citations that attach them to facts.

use serde::{Deserialize, Serialize};

use crate::invalid::require_text;
use crate::{Invalid, Moment, Slug};

/// A published statement: an article, an announcement, a database entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(examples(json!({
    "slug": "billboard-layover",
    "url": "https://www.billboard.com/music/pop/bts-v-debut-solo-album-layover-1235386895/",
    "publisher": "Billboard"
}))))]
pub struct Source {
    pub slug: Slug,
    pub url: String,
    pub publisher: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Moment>,
}

impl Source {
    pub fn validate(&self) -> Result<(), Invalid> {
        require_text("publisher", &self.publisher)?;
        let url = self.url.trim();
        let has_scheme =
            url.starts_with("https://") || url.starts_with("http://") || url.starts_with("urn:");
        if !has_scheme || url.contains(char::is_whitespace) {
            return Err(Invalid::new("url", "must be an http(s) address or a urn"));
        }
        if let Some(title) = &self.title {
            require_text("title", title)?;
        }
        Ok(())
    }
}

/// A fact's reference to a source, with the words that state it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(examples(json!({
    "source": "example-v-blue-mv",
    "evidence": "Notably, the music video for “Blue” is entirely presented in black and white."
}))))]
pub struct Citation {
    pub source: Slug,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

impl Citation {
    pub fn validate(&self) -> Result<(), Invalid> {
        if let Some(evidence) = &self.evidence
            && evidence.len() > 4000
        {
            return Err(Invalid::new("evidence", "is longer than 4000 bytes"));
        }
        Ok(())
    }
}

/// Checks a list of citations: each valid, no source cited twice.
pub(crate) fn validate_citations(citations: &[Citation]) -> Result<(), Invalid> {
    crate::invalid::each("sources", citations, Citation::validate)?;
    for (index, citation) in citations.iter().enumerate() {
        if citations[..index]
            .iter()
            .any(|earlier| earlier.source == citation.source)
        {
            return Err(Invalid::new(
                format!("sources[{index}].source"),
                format!("{} is cited twice", citation.source),
            ));
        }
    }
    Ok(())
}
