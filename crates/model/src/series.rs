//! Series: what is counted (an account's followers, a video's views) and the points that count it.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Slug, named_enum};

named_enum! {
    /// What a series counts.
    Metric {
        Followers => "followers",
        Subscribers => "subscribers",
        Views => "views",
        Likes => "likes",
        Streams => "streams",
    }
}

/// The subject a series counts: an account or a music video.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SeriesSubject {
    Account(Slug),
    Video(Slug),
}

/// A series' public id: `account.thv-instagram.followers`, `video.layover-blue-mv.views`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SeriesKey {
    pub subject: SeriesSubject,
    pub metric: Metric,
}

impl SeriesKey {
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = || {
            format!(
                "series {text:?} must be account.SLUG.METRIC or video.SLUG.METRIC (like \"account.thv-instagram.followers\")"
            )
        };
        let mut parts = text.split('.');
        let (Some(kind), Some(slug), Some(metric), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        let slug = Slug::parse(slug).map_err(|error| format!("{}: {error}", bad()))?;
        let subject = match kind {
            "account" => SeriesSubject::Account(slug),
            "video" => SeriesSubject::Video(slug),
            _ => return Err(bad()),
        };
        Ok(Self {
            subject,
            metric: Metric::parse(metric)?,
        })
    }

    pub fn account(slug: Slug, metric: Metric) -> Self {
        Self {
            subject: SeriesSubject::Account(slug),
            metric,
        }
    }

    pub fn video(slug: Slug, metric: Metric) -> Self {
        Self {
            subject: SeriesSubject::Video(slug),
            metric,
        }
    }
}

impl fmt::Display for SeriesKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.subject {
            SeriesSubject::Account(slug) => write!(f, "account.{slug}.{}", self.metric),
            SeriesSubject::Video(slug) => write!(f, "video.{slug}.{}", self.metric),
        }
    }
}

impl TryFrom<String> for SeriesKey {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        Self::parse(&text)
    }
}

impl From<SeriesKey> for String {
    fn from(key: SeriesKey) -> Self {
        key.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::SeriesKey;

    #[test]
    fn series_keys_round_trip_and_explain_mistakes() {
        for text in [
            "account.thv-instagram.followers",
            "video.layover-blue-mv.views",
        ] {
            assert_eq!(SeriesKey::parse(text).unwrap().to_string(), text);
        }
        assert!(
            SeriesKey::parse("account.thv-instagram.fans")
                .unwrap_err()
                .contains("expected one of")
        );
        assert!(SeriesKey::parse("thv-instagram.followers").is_err());
        assert!(SeriesKey::parse("channel.x.views").is_err());
    }
}

/// A series and its points, as kept in a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesData {
    pub series: SeriesKey,
    /// Points in time order, one per instant.
    pub points: Vec<SeriesPoint>,
}

/// One count at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesPoint {
    pub at: jiff::Timestamp,
    pub value: u64,
    /// Drawn between reported marks rather than reported; shown as such.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub illustrative: bool,
}

impl SeriesData {
    pub fn validate(&self) -> Result<(), crate::Invalid> {
        for (index, pair) in self.points.windows(2).enumerate() {
            if pair[1].at <= pair[0].at {
                return Err(crate::Invalid::new(
                    format!("points[{}].at", index + 1),
                    "points must be in time order, one per instant",
                ));
            }
        }
        if let Some((index, _)) = self
            .points
            .iter()
            .enumerate()
            .find(|(_, p)| i64::try_from(p.value).is_err())
        {
            return Err(crate::Invalid::new(
                format!("points[{index}].value"),
                "is too large",
            ));
        }
        Ok(())
    }
}
