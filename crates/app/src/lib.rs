//! bside's use cases: what a web handler or a CLI command calls. `App` validates input against the
//! model, writes through the store in one transaction, and derives the views (a release's MV status,
//! what is upcoming, an artist's timeline) from the catalog.

mod articles;
mod catalog;
mod claims;
mod counts;
pub mod demo;
mod error;
mod following;
mod musicbrainz;
mod records;
mod search;
mod tokens;
mod views;
mod writes;

pub use ::search::{
    DocKind, Document, Hit as SearchHit, HitKind, IndexStats, MAX_QUERY_CHARS, MatchHow, Query,
    QueryError, SearchIndex, TrackPosition,
};
pub use catalog::{ArtistCatalog, Directory};
pub use claims::{ArticleView, ClaimView, Conflict, STATUSES, Submission};
pub use counts::{Ingested, MAX_POINTS_PER_BATCH, PointsImport};
pub use error::AppError;
pub use following::{
    Attempt, CalendarEntry, CalendarKind, CreatedSubscription, Delivery, DeliveryReport,
    FollowingOptions, IDEMPOTENCY_HEADER, MAX_CALENDAR_PAST_DAYS, MAX_DELIVERIES, NewSubscription,
    PayloadFormat, SIGNATURE_HEADER, Subscription, sign, subject_path, when,
};
pub use musicbrainz::{MbImportOptions, MbProgress, MbReport};
pub use records::{Board, BoardEntry, RecordFilter, SeriesView, short_count};
pub use store::{
    AccountFilter, AppearanceFilter, ArtistFilter, Backend, ClaimFilter, CrossingRow, MbCheckpoint,
    MbMerge, MbNote, MbOutcome, Page, PointInput, ReleaseFilter, SeriesInfo, ShowFilter,
    SourceFilter, Store, StoreOptions, StoredPoint, TokenRow, VideoFilter,
};
pub use tokens::NewToken;
pub use views::{ArtistView, MAX_UPCOMING_DAYS, MvCounts, ReleaseVideos, TrackVideo};
pub use writes::Citable;

pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// The application: a store and what is derived from it. Cheap to clone.
#[derive(Clone)]
pub struct App {
    store: Store,
    ladders: std::sync::Arc<::records::Ladders>,
    search: std::sync::Arc<crate::search::SearchState>,
    following: std::sync::Arc<following::Following>,
}

impl App {
    /// Opens the database at `url` and brings its schema up to date.
    pub async fn open(url: &str, options: &StoreOptions) -> Result<Self> {
        let store = Store::open(url, options).await?;
        store.migrate().await?;
        let app = Self::new(store);
        app.rebuild_search().await?;
        // Points stored by a process that died before refreshing their crossings.
        app.run_pending().await?;
        Ok(app)
    }

    /// An app over `store` with an empty search index: [`App::open`] builds it, or call
    /// [`App::rebuild_search`].
    pub fn new(store: Store) -> Self {
        Self {
            store,
            ladders: std::sync::Arc::new(::records::Ladders::default()),
            search: crate::search::SearchState::new(),
            following: following::Following::new(following::FollowingOptions::default()),
        }
    }

    /// Uses these milestone ladders (per metric) instead of the defaults.
    #[must_use]
    pub fn with_ladders(mut self, ladders: ::records::Ladders) -> Self {
        self.ladders = std::sync::Arc::new(ladders);
        self
    }

    pub fn ladders(&self) -> &::records::Ladders {
        &self.ladders
    }

    /// The catalog, for reads. Writes go through `App`'s methods, which validate first.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Imports a bundle into the catalog after validating all of it; nothing is written if any part
    /// is wrong. Returns the number of entities written.
    pub async fn import(
        &self,
        bundle: &model::Bundle,
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> Result<usize> {
        bundle.validate()?;
        let written = self.store.import(bundle, progress).await?;
        self.rebuild_search().await?;
        self.run_pending().await?;
        Ok(written)
    }

    /// Loads the demo catalog when the database is empty; returns whether it did.
    pub async fn load_demo(&self) -> Result<bool> {
        if !self.store.is_empty().await? {
            return Ok(false);
        }
        self.import(&demo::bundle(), &mut |_| {}).await?;
        Ok(true)
    }
}
