//! Shows (talk shows, music shows, variety, web series) with their hosts, and appearances on them.

use serde::{Deserialize, Serialize};

use crate::invalid::{each, require_text};
use crate::source::validate_citations;
use crate::{Citation, Invalid, Moment, Slug, named_enum};

named_enum! {
    /// What kind of show.
    ShowKind {
        TalkShow => "talk_show",
        MusicShow => "music_show",
        Variety => "variety",
        WebSeries => "web_series",
        Other => "other",
    }
}

/// A show: `palette` (IU's Palette), hosted by `iu`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(examples(json!({
    "slug": "palette",
    "title": "Palette",
    "kind": "talk_show",
    "network": "YouTube",
    "hosts": ["iu"]
}))))]
pub struct Show {
    pub slug: Slug,
    pub title: String,
    pub kind: ShowKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<Slug>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Citation>,
}

/// Guests on an episode of a show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(examples(json!({
    "slug": "palette-v",
    "show": "palette",
    "guests": ["v"],
    "sources": [{"source": "example-v-blue-mv"}]
}))))]
pub struct Appearance {
    pub slug: Slug,
    pub show: Slug,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub episode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aired: Option<Moment>,
    pub guests: Vec<Slug>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub songs: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Citation>,
}

impl Show {
    pub fn validate(&self) -> Result<(), Invalid> {
        require_text("title", &self.title)?;
        check_unique("hosts", &self.hosts)?;
        validate_citations(&self.sources)
    }
}

impl Appearance {
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.guests.is_empty() {
            return Err(Invalid::new(
                "guests",
                "an appearance needs at least one guest",
            ));
        }
        check_unique("guests", &self.guests)?;
        if let Some(episode) = &self.episode {
            require_text("episode", episode)?;
        }
        each("songs", &self.songs, |song| require_text("", song))?;
        validate_citations(&self.sources)
    }
}

pub(crate) fn check_unique(field: &str, slugs: &[Slug]) -> Result<(), Invalid> {
    for (index, slug) in slugs.iter().enumerate() {
        if slugs[..index].contains(slug) {
            return Err(Invalid::new(
                format!("{field}[{index}]"),
                format!("{slug} is listed twice"),
            ));
        }
    }
    Ok(())
}
