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
    /// The name on the platform (`thv`), when known: an account known only from a report of its
    /// followers has none yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handle: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When the account went public: the origin that "fastest to N" is measured from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_since: Option<Moment>,
    /// Milestones and records as sources reported them ("the fastest person to hit 50 million
    /// followers"), kept beside the crossings computed from counts, which they do not replace.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reported: Vec<ReportedMilestone>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Citation>,
}

/// A milestone as a source stated it: the count, when, how long it took, and the record it claims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(examples(json!({
    "metric": "followers",
    "value": 50_000_000,
    "record": "fastest person to hit 50 million followers",
    "sources": [{"source": "example-v-blue-mv"}]
}))))]
pub struct ReportedMilestone {
    pub metric: crate::Metric,
    pub value: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Moment>,
    /// From the account's origin to the milestone, as an ISO 8601 duration (`PT4H52M`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elapsed: Option<String>,
    /// The record the source claims, in its words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Citation>,
}

impl Account {
    pub fn validate(&self) -> Result<(), Invalid> {
        if let Some(handle) = &self.handle {
            require_text("handle", handle)?;
        }
        if let Some(url) = &self.url {
            validate_url("url", url)?;
        }
        crate::invalid::each("reported", &self.reported, ReportedMilestone::validate)?;
        validate_citations(&self.sources)
    }
}

impl ReportedMilestone {
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.value == 0 {
            return Err(Invalid::new("value", "a milestone is a count above 0"));
        }
        if let Some(elapsed) = &self.elapsed
            && !(elapsed.starts_with('P') && elapsed.len() > 2)
        {
            return Err(Invalid::new(
                "elapsed",
                "must be an ISO 8601 duration like \"PT4H52M\"",
            ));
        }
        if let Some(record) = &self.record {
            require_text("record", record)?;
        }
        validate_citations(&self.sources)
    }
}
