//! Accounts: an artist on a platform, with the instant it went public (the origin of its records).

use serde::{Deserialize, Serialize};

use crate::invalid::require_text;
use crate::source::validate_citations;
use crate::video::validate_url;
use crate::{Citation, Invalid, Moment, Slug, named_enum};

named_enum! {
    /// Where counts are kept.
    Platform {
        Instagram => "instagram",
        Youtube => "youtube",
        Tiktok => "tiktok",
        X => "x",
        Weverse => "weverse",
        Spotify => "spotify",
        Other => "other",
    }
}

/// An artist's account: `thv-instagram`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(examples(json!({
    "slug": "thv-instagram",
    "artist": "v",
    "platform": "instagram",
    "handle": "thv",
    "url": "https://www.instagram.com/thv/",
    "public_since": {"date": "2021-12-06", "zone": "Asia/Seoul"},
    "sources": [{"source": "consequence-v-guinness"}]
}))))]
pub struct Account {
    pub slug: Slug,
    pub artist: Slug,
    pub platform: Platform,
    pub handle: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When the account went public: the origin that "fastest to N" is measured from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_since: Option<Moment>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Citation>,
}

impl Account {
    pub fn validate(&self) -> Result<(), Invalid> {
        require_text("handle", &self.handle)?;
        if let Some(url) = &self.url {
            validate_url("url", url)?;
        }
        validate_citations(&self.sources)
    }
}
