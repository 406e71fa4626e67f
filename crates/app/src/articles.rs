//! Articles: reading the news into proposed facts, with the catalog's names as the gazetteer.

use ingest::extract::{
    Article, Catalog, Extraction, KnownAlias, KnownArtist, KnownRelease, KnownShow, KnownTrack,
};

use crate::{App, ArtistFilter, Page, ReleaseFilter, Result, ShowFilter};

/// Entities read per page while building the extraction catalog.
const PAGE: u32 = 1000;

impl App {
    /// The facts an article states, its entities resolved through every name and alias in the catalog.
    pub async fn extract(&self, article: &Article) -> Result<Extraction> {
        let catalog = self.extraction_catalog().await?;
        ingest::extract::extract(article, &catalog)
            .map_err(|error| model::Invalid::new("article", error.to_string()).into())
    }

    /// Every artist (with aliases and groups), release (with tracks) and show, as the extractor knows them.
    pub async fn extraction_catalog(&self) -> Result<Catalog> {
        let mut artists = Vec::new();
        let mut after = None;
        loop {
            let page = self
                .store
                .artists(
                    &ArtistFilter::default(),
                    &Page {
                        after: after.take(),
                        limit: PAGE,
                    },
                )
                .await?;
            let full = page.len() == PAGE as usize;
            after = page.last().map(|a| a.slug.to_string());
            artists.extend(page.into_iter().map(|a| {
                KnownArtist {
                    aliases: a
                        .aliases
                        .iter()
                        .map(|alias| KnownAlias {
                            name: alias.name.clone(),
                            kind: alias.kind,
                        })
                        .collect(),
                    groups: a.memberships.iter().map(|m| m.group.clone()).collect(),
                    slug: a.slug,
                    name: a.name,
                    kind: a.kind,
                }
            }));
            if !full {
                break;
            }
        }
        let mut releases = Vec::new();
        let mut after = None;
        loop {
            let page = self
                .store
                .releases(
                    &ReleaseFilter::default(),
                    &Page {
                        after: after.take(),
                        limit: PAGE,
                    },
                )
                .await?;
            let full = page.len() == PAGE as usize;
            after = page.last().map(|r| r.slug.to_string());
            releases.extend(page.into_iter().map(|r| {
                KnownRelease {
                    artists: r.credits.iter().map(|c| c.artist.clone()).collect(),
                    tracks: r
                        .tracks
                        .iter()
                        .map(|t| KnownTrack {
                            title: t.title.clone(),
                            role: t.role,
                        })
                        .collect(),
                    slug: r.slug,
                    title: r.title,
                    kind: r.kind,
                }
            }));
            if !full {
                break;
            }
        }
        let shows = self
            .store
            .shows(
                &ShowFilter::default(),
                &Page {
                    after: None,
                    limit: 10_000,
                },
            )
            .await?
            .into_iter()
            .map(|s| KnownShow {
                slug: s.slug,
                title: s.title,
                hosts: s.hosts,
            })
            .collect();
        Ok(Catalog::new(artists, releases, shows))
    }
}
