//! Search by any name: the app keeps a [`search::SearchIndex`] of every artist, release (with its
//! tracks) and show, built from the store at open and after imports, and updated by the writes.
//!
//! A write of an artist, release or show holds `writes` from its store transaction to its index
//! update, so two writes of one slug reach the index in the order they reached the store.
//! Popularity (the tie-breaker) is counted at build: for an artist, the releases crediting it, its
//! appearances, the shows it hosts, its accounts and its members; for a release, its artists'; for
//! a show, its appearances. A replaced document keeps its count until the next build.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use ::search::{DocKind, Document, Hit, HitKind, Query, SearchIndex};
use model::{Artist, Release, Show};
use store::{AccountFilter, AppearanceFilter, ArtistFilter, Page, ReleaseFilter, ShowFilter};

use crate::{App, Result};

/// Read in pages of this many when the index is built.
const BUILD_PAGE: u32 = 1000;

/// The index and the lock that orders its updates.
#[derive(Default)]
pub(crate) struct SearchState {
    index: RwLock<SearchIndex>,
    writes: tokio::sync::Mutex<()>,
}

impl SearchState {
    pub(crate) fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }
}

/// Every item of one of the store's lists, page by page.
macro_rules! all {
    ($app:expr, $list:ident, $filter:expr) => {{
        let filter = $filter;
        let mut out = Vec::new();
        let mut page = Page {
            after: None,
            limit: BUILD_PAGE,
        };
        loop {
            let items = $app.store.$list(&filter, &page).await?;
            let full = items.len() == BUILD_PAGE as usize;
            page.after = items.last().map(|item| item.slug.to_string());
            out.extend(items);
            if !full {
                break out;
            }
        }
    }};
}

impl App {
    /// The best `limit` hits for `query` among artists, releases, tracks and shows (only `kind`
    /// when given): exact names first, then aliases and nicknames, last words, prefixes, typos.
    pub fn search(&self, query: &Query, kind: Option<HitKind>, limit: usize) -> Vec<Hit> {
        self.search
            .index
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .search(query, kind, limit)
    }

    /// Sizes of the search index.
    pub fn search_stats(&self) -> ::search::IndexStats {
        self.search
            .index
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .stats()
    }

    /// Builds the search index again from the whole catalog and swaps it in. Writes wait for it,
    /// so none is missed.
    pub async fn rebuild_search(&self) -> Result<()> {
        let _writes = self.search.writes.lock().await;
        let documents = self.search_documents().await?;
        let index = SearchIndex::build(documents);
        *self
            .search
            .index
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = index;
        Ok(())
    }

    /// Runs a store write of an artist, release or show (`slug` is the one it had, if any), then
    /// brings the index in line with `after` (the document as written, `None` for a delete), under
    /// the lock that orders index updates.
    pub(crate) async fn indexed_write<F>(
        &self,
        kind: DocKind,
        slug: Option<&str>,
        after: Option<Document>,
        write: F,
    ) -> Result<()>
    where
        F: Future<Output = Result<()>>,
    {
        let _writes = self.search.writes.lock().await;
        write.await?;
        let mut index = self
            .search
            .index
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let carried = slug.and_then(|slug| index.popularity(kind, slug));
        if let Some(slug) = slug {
            index.remove(kind, slug);
        }
        if let Some(mut document) = after {
            document.popularity = carried
                .or_else(|| index.popularity(kind, &document.slug))
                .unwrap_or(0);
            index.upsert(&document);
        }
        Ok(())
    }

    /// Every artist, release and show, with its popularity.
    async fn search_documents(&self) -> Result<Vec<Document>> {
        let artists: Vec<Artist> = all!(self, artists, ArtistFilter::default());
        let releases: Vec<Release> = all!(self, releases, ReleaseFilter::default());
        let shows: Vec<Show> = all!(self, shows, ShowFilter::default());
        let appearances = all!(self, appearances, AppearanceFilter::default());
        let accounts = all!(self, accounts, AccountFilter::default());

        let mut artist_counts: HashMap<&str, u32> = HashMap::new();
        let mentions = releases
            .iter()
            .flat_map(|release| release.credits.iter().map(|credit| credit.artist.as_str()))
            .chain(
                appearances
                    .iter()
                    .flat_map(|a| a.guests.iter().map(model::Slug::as_str)),
            )
            .chain(
                shows
                    .iter()
                    .flat_map(|show| show.hosts.iter().map(model::Slug::as_str)),
            )
            .chain(accounts.iter().map(|account| account.artist.as_str()))
            .chain(
                artists
                    .iter()
                    .flat_map(|a| a.memberships.iter().map(|m| m.group.as_str())),
            );
        for slug in mentions {
            *artist_counts.entry(slug).or_default() += 1;
        }
        let mut show_counts: HashMap<&str, u32> = HashMap::new();
        for appearance in &appearances {
            *show_counts.entry(appearance.show.as_str()).or_default() += 1;
        }

        let popularity = |slug: &str| artist_counts.get(slug).copied().unwrap_or(0);
        let mut documents = Vec::with_capacity(artists.len() + releases.len() + shows.len());
        documents.extend(
            artists
                .iter()
                .map(|artist| Document::artist(artist, popularity(artist.slug.as_str()))),
        );
        documents.extend(releases.iter().map(|release| {
            let credited = release
                .credits
                .iter()
                .map(|credit| popularity(credit.artist.as_str()));
            Document::release(release, credited.fold(0, u32::saturating_add))
        }));
        documents.extend(shows.iter().map(|show| {
            Document::show(
                show,
                show_counts.get(show.slug.as_str()).copied().unwrap_or(0),
            )
        }));
        Ok(documents)
    }
}
