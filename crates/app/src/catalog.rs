//! Whole-catalog reads the web pages need: everything an artist is part of, a show's episodes, the
//! directory the home page links to, and the sources a page cites.

use std::collections::{BTreeMap, BTreeSet};

use model::{Appearance, Artist, MusicVideo, Release, Show, Slug, Source};

use crate::views::gather;
use crate::{App, AppearanceFilter, ArtistFilter, ReleaseFilter, Result, ShowFilter, VideoFilter};

/// What an artist is part of: releases crediting it, its music videos, the shows it appeared on or
/// hosts.
#[derive(Debug, Clone, Default)]
pub struct ArtistCatalog {
    pub releases: Vec<Release>,
    pub videos: Vec<MusicVideo>,
    pub appearances: Vec<Appearance>,
    /// Shows the artist hosts.
    pub hosted: Vec<Show>,
    /// The shows of `appearances` and `hosted`, by slug.
    pub shows: BTreeMap<Slug, Show>,
}

/// Every artist, release and show, in slug order: what the home page lets people browse.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    pub artists: Vec<Artist>,
    pub releases: Vec<Release>,
    pub shows: Vec<Show>,
}

impl App {
    /// Everything `artist` is credited on, appears in or hosts.
    pub async fn artist_catalog(&self, artist: &Slug) -> Result<ArtistCatalog> {
        let releases = gather(|page| {
            let filter = ReleaseFilter {
                artist: Some(artist.clone()),
                ..ReleaseFilter::default()
            };
            async move { self.store.releases(&filter, &page).await }
        })
        .await?;
        let videos = gather(|page| {
            let filter = VideoFilter {
                artist: Some(artist.clone()),
                ..VideoFilter::default()
            };
            async move { self.store.videos(&filter, &page).await }
        })
        .await?;
        let appearances = gather(|page| {
            let filter = AppearanceFilter {
                artist: Some(artist.clone()),
                show: None,
            };
            async move { self.store.appearances(&filter, &page).await }
        })
        .await?;
        let hosted = gather(|page| {
            let filter = ShowFilter {
                host: Some(artist.clone()),
                kind: None,
            };
            async move { self.store.shows(&filter, &page).await }
        })
        .await?;
        let mut shows: BTreeMap<Slug, Show> =
            hosted.iter().map(|s| (s.slug.clone(), s.clone())).collect();
        for appearance in &appearances {
            if !shows.contains_key(&appearance.show)
                && let Some(show) = self.store.show(appearance.show.as_str()).await?
            {
                shows.insert(show.slug.clone(), show);
            }
        }
        Ok(ArtistCatalog {
            releases,
            videos,
            appearances,
            hosted,
            shows,
        })
    }

    /// A show's appearances (episodes with their guests).
    pub async fn show_appearances(&self, show: &Slug) -> Result<Vec<Appearance>> {
        gather(|page| {
            let filter = AppearanceFilter {
                show: Some(show.clone()),
                artist: None,
            };
            async move { self.store.appearances(&filter, &page).await }
        })
        .await
    }

    /// Every artist, release and show.
    pub async fn directory(&self) -> Result<Directory> {
        let artists =
            gather(|page| async move { self.store.artists(&ArtistFilter::default(), &page).await })
                .await?;
        let releases =
            gather(
                |page| async move { self.store.releases(&ReleaseFilter::default(), &page).await },
            )
            .await?;
        let shows =
            gather(|page| async move { self.store.shows(&ShowFilter::default(), &page).await })
                .await?;
        Ok(Directory {
            artists,
            releases,
            shows,
        })
    }

    /// The sources named by `slugs` that exist, by slug (each read once).
    pub async fn sources_named(
        &self,
        slugs: impl IntoIterator<Item = &Slug>,
    ) -> Result<BTreeMap<Slug, Source>> {
        let wanted: BTreeSet<&Slug> = slugs.into_iter().collect();
        let mut found = BTreeMap::new();
        for slug in wanted {
            if let Some(source) = self.store.source(slug.as_str()).await? {
                found.insert(slug.clone(), source);
            }
        }
        Ok(found)
    }

    /// The artists named by `slugs` that exist, by slug (each read once).
    pub async fn artists_named(
        &self,
        slugs: impl IntoIterator<Item = &Slug>,
    ) -> Result<BTreeMap<Slug, Artist>> {
        let wanted: BTreeSet<&Slug> = slugs.into_iter().collect();
        let mut found = BTreeMap::new();
        for slug in wanted {
            if let Some(artist) = self.store.artist(slug.as_str()).await? {
                found.insert(slug.clone(), artist);
            }
        }
        Ok(found)
    }
}
