//! The bundle: everything bside holds, as one versioned JSON document (export, import, demo data).

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::invalid::each;
use crate::{
    Account, Appearance, Artist, Invalid, MusicVideo, Release, SeriesData, Show, Slug, Source,
};

pub const BUNDLE_FORMAT: &str = "bside.bundle";
pub const BUNDLE_VERSION: u32 = 1;

/// Every entity, each list ordered by slug so that the same catalog always gives the same bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    pub format: String,
    pub version: u32,
    #[serde(default)]
    pub sources: Vec<Source>,
    #[serde(default)]
    pub artists: Vec<Artist>,
    #[serde(default)]
    pub releases: Vec<Release>,
    #[serde(default)]
    pub videos: Vec<MusicVideo>,
    #[serde(default)]
    pub shows: Vec<Show>,
    #[serde(default)]
    pub appearances: Vec<Appearance>,
    #[serde(default)]
    pub accounts: Vec<Account>,
    /// Counts of accounts and videos, each series in key order.
    #[serde(default)]
    pub series: Vec<SeriesData>,
}

impl Default for Bundle {
    fn default() -> Self {
        Self {
            format: BUNDLE_FORMAT.to_owned(),
            version: BUNDLE_VERSION,
            sources: vec![],
            artists: vec![],
            releases: vec![],
            videos: vec![],
            shows: vec![],
            appearances: vec![],
            accounts: vec![],
            series: vec![],
        }
    }
}

impl Bundle {
    /// Checks the format, every entity, and that no slug is used twice within a kind.
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.format != BUNDLE_FORMAT {
            return Err(Invalid::new(
                "format",
                format!("expected {BUNDLE_FORMAT:?}, found {:?}", self.format),
            ));
        }
        if self.version != BUNDLE_VERSION {
            return Err(Invalid::new(
                "version",
                format!(
                    "this bside reads bundle version {BUNDLE_VERSION}, the file is version {}",
                    self.version
                ),
            ));
        }
        check("sources", &self.sources, |s| &s.slug, Source::validate)?;
        check("artists", &self.artists, |a| &a.slug, Artist::validate)?;
        check("releases", &self.releases, |r| &r.slug, Release::validate)?;
        check("videos", &self.videos, |v| &v.slug, MusicVideo::validate)?;
        check("shows", &self.shows, |s| &s.slug, Show::validate)?;
        check(
            "appearances",
            &self.appearances,
            |a| &a.slug,
            Appearance::validate,
        )?;
        check("accounts", &self.accounts, |a| &a.slug, Account::validate)?;
        each("series", &self.series, SeriesData::validate)?;
        for (index, data) in self.series.iter().enumerate() {
            if self.series[..index]
                .iter()
                .any(|earlier| earlier.series == data.series)
            {
                return Err(Invalid::new(
                    format!("series[{index}].series"),
                    format!("{} is listed twice", data.series),
                ));
            }
        }
        Ok(())
    }

    /// The number of top-level entities.
    pub fn len(&self) -> usize {
        self.sources.len()
            + self.artists.len()
            + self.releases.len()
            + self.videos.len()
            + self.shows.len()
            + self.appearances.len()
            + self.accounts.len()
            + self.series.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn check<T>(
    field: &str,
    items: &[T],
    slug: impl Fn(&T) -> &Slug,
    validate: impl Fn(&T) -> Result<(), Invalid>,
) -> Result<(), Invalid> {
    each(field, items, validate)?;
    let mut seen = HashSet::new();
    for (index, item) in items.iter().enumerate() {
        if !seen.insert(slug(item)) {
            return Err(Invalid::new(
                format!("{field}[{index}].slug"),
                format!("{} is used twice", slug(item)),
            ));
        }
    }
    Ok(())
}
