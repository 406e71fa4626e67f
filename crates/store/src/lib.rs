//! The catalog's storage: one `Store` over SQLite (embedded default) or PostgreSQL.
//!
//! Both backends run the same SQL through sqlx's `Any` driver (`$1` placeholders, `BIGINT`/`TEXT`
//! columns, `RETURNING`), so every query is written once; what differs per backend (the migrations
//! folder, SQLite's pragmas and single writer) is chosen once in [`Store::open`]. Every write is one
//! transaction: it happens whole or not at all.

mod accounts;
mod artists;
mod bulk;
mod bundle;
mod citations;
mod claims;
mod columns;
mod error;
mod musicbrainz;
mod releases;
mod series;
mod shows;
mod sources;
mod tokens;
mod videos;
mod webhooks;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyConnection, AnyPool, ConnectOptions, Executor, Transaction};

pub use accounts::AccountFilter;
pub use artists::ArtistFilter;
pub use claims::{ArticleRow, ClaimFilter, ClaimRow, NewClaim};
pub use error::StoreError;
pub use musicbrainz::{MbCheckpoint, MbMerge, MbNote, MbOutcome};
pub use releases::ReleaseFilter;
pub use series::{CrossingRow, PointInput, Refresh, SeriesInfo, StoredPoint};
pub use shows::{AppearanceFilter, ShowFilter};
pub use sources::SourceFilter;
pub use tokens::TokenRow;
pub use videos::VideoFilter;
pub use webhooks::{
    AttemptOutcome, AttemptRow, DELIVERED as DELIVERY_DELIVERED, DeliveryRow, DueDelivery,
    NewDelivery, PENDING as DELIVERY_PENDING, SubscriptionRow,
};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// Which database a store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }
}

/// The catalog store. Cheap to clone; clones share the pool.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// SQLite allows one writer: writes queue here instead of failing with "database is locked".
    writer: Arc<tokio::sync::Mutex<()>>,
    /// SQLite: the checkpointer, told of every write (see [`Checkpoints`]).
    checkpoints: Option<Arc<Checkpoints>>,
}

/// SQLite's WAL is copied back into the database by a task of its own, on a connection of its own,
/// after writes commit, instead of inside the commit that crosses the WAL's threshold: a bulk write
/// (a MusicBrainz import) goes on with its next batch while the last one is checkpointed, as
/// SQLite's documentation suggests for write-heavy programs. Commits that come while a checkpoint
/// runs are covered by one more afterwards. The WAL restarts from its beginning at the first write
/// after a checkpoint that caught up; a stream of writes with no pause never lets it, so connections
/// still checkpoint in their commits past 2 GB of WAL (`wal_autocheckpoint = 524288` pages, above
/// what one import batch writes), which bounds it.
struct Checkpoints {
    wake: Arc<tokio::sync::Notify>,
    stop: Arc<std::sync::atomic::AtomicBool>,
}

impl Checkpoints {
    fn start(pool: AnyPool) -> Self {
        let wake = Arc::new(tokio::sync::Notify::new());
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (woken, stopped) = (wake.clone(), stop.clone());
        tokio::spawn(async move {
            loop {
                woken.notified().await;
                if stopped.load(std::sync::atomic::Ordering::Acquire) || pool.is_closed() {
                    break;
                }
                let checkpoint = async {
                    let mut conn = pool.acquire().await?;
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").await?;
                    Ok::<_, sqlx::Error>(())
                };
                if let Err(error) = checkpoint.await {
                    if pool.is_closed() {
                        break;
                    }
                    tracing::warn!(%error, "checkpointing the WAL failed; the next write tries again");
                }
            }
        });
        Self { wake, stop }
    }

    fn written(&self) {
        self.wake.notify_one();
    }
}

impl Drop for Checkpoints {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Release);
        self.wake.notify_one();
    }
}

/// How many connections to keep.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    pub max_connections: u32,
    /// Whether a statement slower than a second is a warning (with its SQL, as sqlx logs it), as it
    /// is for a server, whose statements are short. A bulk command's multi-row statements (a
    /// MusicBrainz batch: 500 rows and thousands of placeholders each) take seconds by design on a
    /// slow machine, so commands that run and exit log them at debug level.
    pub warn_slow_statements: bool,
}

impl Default for StoreOptions {
    fn default() -> Self {
        Self {
            max_connections: 8,
            warn_slow_statements: true,
        }
    }
}

/// One page of a list: items after `after` (a slug), at most `limit`.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub after: Option<String>,
    pub limit: u32,
}

impl Store {
    /// Opens a database by URL: `sqlite://bside.db` (created when missing) or `postgres://…`.
    /// Does not migrate: call [`Store::migrate`].
    pub async fn open(url: &str, options: &StoreOptions) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(StoreError::Config(format!(
                "unsupported database URL {:?}: expected sqlite://FILE or postgres://…",
                redact(url)
            )));
        };
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
            }
            _ => url.to_owned(),
        };
        let connect = connect_options(&url, options)?;
        // Two at least: a MusicBrainz batch reads on one connection while it writes on another.
        let mut pool = AnyPoolOptions::new().max_connections(options.max_connections.max(2));
        if backend == Backend::Sqlite {
            // Foreign keys are on by default in sqlx's SQLite driver; WAL lets readers run beside the writer.
            // A 32 MB page cache (SQLite's default is 2 MB) holds more of a batch's dirty pages before
            // they spill to the WAL (caches up to 4 GB made the MusicBrainz import no faster:
            // BENCHMARKS.md); pages are read through a memory map (shared by the connections, no read
            // syscall each).
            pool = pool.after_connect(|conn, _meta| {
                Box::pin(async move {
                    conn.execute(
                        "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
                         PRAGMA cache_size = -32768; PRAGMA mmap_size = 17179869184; PRAGMA wal_autocheckpoint = 524288;",
                    )
                    .await?;
                    Ok(())
                })
            });
        }
        let pool = pool
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(connect)
            .await
            .map_err(|error| {
                StoreError::Config(format!("cannot open {}: {error}", redact(&url)))
            })?;
        let checkpoints =
            (backend == Backend::Sqlite).then(|| Arc::new(Checkpoints::start(pool.clone())));
        Ok(Self {
            pool,
            backend,
            writer: Arc::new(tokio::sync::Mutex::new(())),
            checkpoints,
        })
    }

    /// Applies the embedded migrations that have not run yet; returns how many ran.
    pub async fn migrate(&self) -> Result<usize> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        let mut conn = self.pool.acquire().await?;
        let before = applied_migrations(&mut conn).await;
        migrator.run(&self.pool).await?;
        if let Some(checkpoints) = &self.checkpoints {
            checkpoints.written();
        }
        let after = applied_migrations(&mut conn).await;
        Ok(after.saturating_sub(before))
    }

    /// Applies the embedded migrations up to `version` only: for tests of an upgrade, which write a
    /// catalog as an older version held it and then [`Store::migrate`].
    #[doc(hidden)]
    pub async fn migrate_to(&self, version: i64) -> Result<()> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run_to(version, &self.pool).await?;
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Brings the query planner's statistics up to date after a bulk write changed the tables' sizes
    /// (PostgreSQL's `ANALYZE`, which samples; autovacuum may be off or lag a bulk load, and with no
    /// statistics a lookup of 500 citations reads them all). SQLite's planner goes by its indexes.
    pub async fn refresh_statistics(&self) -> Result<()> {
        if self.backend() == Backend::Postgres {
            let mut conn = self.pool.acquire().await?;
            conn.execute("ANALYZE").await?;
        }
        Ok(())
    }

    /// Waits for open connections and closes the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Whether the catalog holds no entity at all (tokens aside).
    pub async fn is_empty(&self) -> Result<bool> {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM sources) + (SELECT COUNT(*) FROM artists) + (SELECT COUNT(*) FROM releases) \
             + (SELECT COUNT(*) FROM videos) + (SELECT COUNT(*) FROM shows) + (SELECT COUNT(*) FROM appearances) \
             + (SELECT COUNT(*) FROM accounts)",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(n == 0)
    }

    /// Begins a write transaction. Commit it with [`WriteTx::commit`]; dropping it rolls back.
    async fn begin_write(&self) -> Result<WriteTx<'_>> {
        let guard = match self.backend {
            Backend::Sqlite => Some(self.writer.lock().await),
            Backend::Postgres => None,
        };
        // IMMEDIATE takes SQLite's write lock at BEGIN, where busy_timeout applies; a deferred transaction
        // that has read cannot wait for the lock and fails at once with "database is locked".
        let tx = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        Ok(WriteTx {
            tx,
            _guard: guard,
            checkpoints: self.checkpoints.as_deref(),
        })
    }

    async fn read(&self) -> Result<sqlx::pool::PoolConnection<sqlx::Any>> {
        Ok(self.pool.acquire().await?)
    }
}

/// The connection options for `url`, with slow statements logged as `options` says.
fn connect_options(url: &str, options: &StoreOptions) -> Result<AnyConnectOptions> {
    let connect = AnyConnectOptions::from_str(url).map_err(|error| {
        StoreError::Config(format!("bad database URL {:?}: {error}", redact(url)))
    })?;
    let slow = if options.warn_slow_statements {
        log::LevelFilter::Warn
    } else {
        log::LevelFilter::Debug
    };
    Ok(connect.log_slow_statements(slow, Duration::from_secs(1)))
}

async fn applied_migrations(conn: &mut AnyConnection) -> usize {
    let count: Result<(i64,), _> =
        sqlx::query_as("SELECT COUNT(*) FROM _sqlx_migrations WHERE success")
            .fetch_one(&mut *conn)
            .await;
    count.map_or(0, |(n,)| usize::try_from(n).unwrap_or(0))
}

impl Store {
    /// A database URL with its password hidden, for logs and messages.
    pub fn redact_url(url: &str) -> String {
        redact(url)
    }
}

/// Hides a password in a database URL before it is shown.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme + 3],
                    &credentials[..colon],
                    &url[at..]
                ),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// A write transaction that holds SQLite's writer lock until it ends.
struct WriteTx<'a> {
    tx: Transaction<'static, sqlx::Any>,
    _guard: Option<tokio::sync::MutexGuard<'a, ()>>,
    checkpoints: Option<&'a Checkpoints>,
}

impl WriteTx<'_> {
    fn conn(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }

    async fn commit(self) -> Result<()> {
        self.tx.commit().await?;
        if let Some(checkpoints) = self.checkpoints {
            checkpoints.written();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{StoreOptions, connect_options};

    #[test]
    fn slow_statements_are_warnings_only_when_asked() {
        let url = "sqlite://bside.db?mode=rwc";
        let serving = connect_options(url, &StoreOptions::default()).unwrap();
        assert_eq!(
            serving.log_settings.slow_statements_level,
            log::LevelFilter::Warn
        );
        let bulk = StoreOptions {
            warn_slow_statements: false,
            ..StoreOptions::default()
        };
        let bulk = connect_options(url, &bulk).unwrap();
        assert_eq!(
            bulk.log_settings.slow_statements_level,
            log::LevelFilter::Debug
        );
    }
}
