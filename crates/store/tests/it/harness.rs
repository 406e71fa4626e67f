//! Runs one storage story on every backend: SQLite always, PostgreSQL when `BSIDE_TEST_POSTGRES_URL` is set.
//!
//! A story is `async fn name(store: Store)` (or `(first: Store, second: Store)` when it needs two fresh
//! catalogs); `story!(name: sqlite_name, postgres_name)` turns it into one `#[tokio::test]` per backend.
//! Each run gets its own migrated database (a file in a temporary directory, or a `bside_test_<hex>`
//! database created for it and dropped afterwards), so tests run in parallel.

use std::any::Any;
use std::future::Future;
use std::pin::Pin;

use sqlx::{AssertSqlSafe, Connection, PgConnection};
use store::{Store, StoreOptions};

/// Where the PostgreSQL story runs: a server URL whose user may create databases.
const POSTGRES_URL: &str = "BSIDE_TEST_POSTGRES_URL";
/// Set to `1` (CI does) to fail rather than skip when no PostgreSQL server is given.
const REQUIRE_POSTGRES: &str = "BSIDE_REQUIRE_POSTGRES";

/// Declares a story's two tests. Rust cannot glue identifiers without a crate like `paste`, so both test
/// names are written out; the compiler checks that they are `sqlite_` and `postgres_` + the story's name.
macro_rules! story {
    ($story:ident: $sqlite:ident, $postgres:ident) => {
        const _: () = assert!(
            $crate::harness::named_for(stringify!($sqlite), "sqlite_", stringify!($story))
                && $crate::harness::named_for(
                    stringify!($postgres),
                    "postgres_",
                    stringify!($story)
                ),
            "story!: the tests must be named sqlite_STORY and postgres_STORY",
        );

        #[tokio::test]
        async fn $sqlite() {
            $crate::harness::on_sqlite($story).await;
        }

        #[tokio::test]
        async fn $postgres() {
            $crate::harness::on_postgres($story).await;
        }
    };
}
pub(crate) use story;

/// Whether `test` is `prefix` followed by `story` (checked at compile time by `story!`).
pub(crate) const fn named_for(test: &str, prefix: &str, story: &str) -> bool {
    let (test, prefix, story) = (test.as_bytes(), prefix.as_bytes(), story.as_bytes());
    if test.len() != prefix.len() + story.len() {
        return false;
    }
    let mut index = 0;
    while index < test.len() {
        let expected = if index < prefix.len() {
            prefix[index]
        } else {
            story[index - prefix.len()]
        };
        if test[index] != expected {
            return false;
        }
        index += 1;
    }
    true
}

/// A story's run, boxed so that stories of one and two stores go through the same harness. Not `Send`:
/// stories run on the test's own thread, so they may call `Store::migrate`, whose future is not `Send`.
type Run = Pin<Box<dyn Future<Output = ()>>>;

/// A test body that takes one or more fresh stores. `Stores` only tells the two impls apart.
pub(crate) trait Story<Stores>: 'static {
    const STORES: usize;
    fn run(self, stores: Vec<Store>) -> Run;
}

impl<F, Fut> Story<(Store,)> for F
where
    F: FnOnce(Store) -> Fut + 'static,
    Fut: Future<Output = ()> + 'static,
{
    const STORES: usize = 1;
    fn run(self, stores: Vec<Store>) -> Run {
        let [store]: [Store; 1] = stores
            .try_into()
            .unwrap_or_else(|_| unreachable!("the harness opens one store"));
        Box::pin(self(store))
    }
}

impl<F, Fut> Story<(Store, Store)> for F
where
    F: FnOnce(Store, Store) -> Fut + 'static,
    Fut: Future<Output = ()> + 'static,
{
    const STORES: usize = 2;
    fn run(self, stores: Vec<Store>) -> Run {
        let [first, second]: [Store; 2] = stores
            .try_into()
            .unwrap_or_else(|_| unreachable!("the harness opens two stores"));
        Box::pin(self(first, second))
    }
}

/// Runs a story on fresh SQLite files in a temporary directory that lives until the story ends.
pub(crate) async fn on_sqlite<Stores, S: Story<Stores>>(story: S) {
    let dir = tempfile::TempDir::new().expect("a temporary directory");
    let urls: Vec<String> = (0..S::STORES)
        .map(|index| sqlite_url(&dir, index))
        .collect();
    let outcome = run_on(urls, story).await;
    drop(dir);
    if let Err(failure) = outcome {
        std::panic::resume_unwind(failure);
    }
}

/// The URL of the `index`th SQLite database in `dir`.
pub(crate) fn sqlite_url(dir: &tempfile::TempDir, index: usize) -> String {
    format!("sqlite://{}/bside-{index}.db", dir.path().display())
}

/// Opens and migrates a store (the harness's own step, for tests that need the URL too).
pub(crate) async fn open_migrated(url: &str) -> Store {
    let store = Store::open(url, &StoreOptions::default())
        .await
        .unwrap_or_else(|error| panic!("cannot open {}: {error}", hide_password(url)));
    let ran = store
        .migrate()
        .await
        .unwrap_or_else(|error| panic!("cannot migrate {}: {error}", hide_password(url)));
    assert!(
        ran > 0,
        "a fresh database runs the migrations, but none ran"
    );
    store
}

/// Runs a story on fresh PostgreSQL databases, or skips it when no server is configured.
pub(crate) async fn on_postgres<Stores, S: Story<Stores>>(story: S) {
    on_postgres_with("", story).await;
}

/// Like [`on_postgres`], with `options` appended to `CREATE DATABASE` (a locale, a template).
pub(crate) async fn on_postgres_with<Stores, S: Story<Stores>>(options: &str, story: S) {
    let Some(server) = postgres_server() else {
        return;
    };
    let mut admin = PgConnection::connect(&server)
        .await
        .unwrap_or_else(|error| {
            panic!(
                "cannot connect to {} ({POSTGRES_URL}): {error}",
                hide_password(&server)
            )
        });
    let names: Vec<String> = (0..S::STORES)
        .map(|_| format!("bside_test_{:016x}", rand::random::<u64>()))
        .collect();
    let mut created = Vec::new();
    for name in &names {
        let create = sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name} {options}")))
            .execute(&mut admin)
            .await;
        match create {
            Ok(_) => created.push(name.clone()),
            Err(error) if !options.is_empty() => {
                // The server lacks the feature the options ask for (ICU, PostgreSQL 15): not the store's fault.
                eprintln!(
                    "skipped: postgres story on a database created with {options:?}: {error}"
                );
                drop_databases(&mut admin, &created).await;
                return;
            }
            Err(error) => panic!("cannot create database {name}: {error}"),
        }
    }
    let urls = names
        .iter()
        .map(|name| database_url(&server, name))
        .collect();
    let outcome = run_on(urls, story).await;
    drop_databases(&mut admin, &created).await;
    let _ = admin.close().await;
    if let Err(failure) = outcome {
        std::panic::resume_unwind(failure);
    }
}

/// Runs `test` with the URL of a fresh database nothing has migrated yet, on SQLite and then on
/// PostgreSQL when a server is configured: for tests of an upgrade from an older schema.
pub(crate) async fn on_unmigrated<F, Fut>(test: F)
where
    F: Fn(String) -> Fut + Clone + 'static,
    Fut: Future<Output = ()> + 'static,
{
    let dir = tempfile::TempDir::new().expect("a temporary directory");
    let outcome = run_url(sqlite_url(&dir, 0), test.clone()).await;
    drop(dir);
    if let Err(failure) = outcome {
        std::panic::resume_unwind(failure);
    }
    let Some(server) = postgres_server() else {
        return;
    };
    let mut admin = PgConnection::connect(&server)
        .await
        .unwrap_or_else(|error| panic!("cannot connect to {}: {error}", hide_password(&server)));
    let name = format!("bside_test_{:016x}", rand::random::<u64>());
    sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .unwrap_or_else(|error| panic!("cannot create database {name}: {error}"));
    let outcome = run_url(database_url(&server, &name), test).await;
    drop_databases(&mut admin, &[name]).await;
    let _ = admin.close().await;
    if let Err(failure) = outcome {
        std::panic::resume_unwind(failure);
    }
}

/// Runs a test on a URL, handing back its panic (as [`run_on`] does).
async fn run_url<F, Fut>(url: String, test: F) -> Result<(), Box<dyn Any + Send>>
where
    F: FnOnce(String) -> Fut + 'static,
    Fut: Future<Output = ()> + 'static,
{
    tokio::task::LocalSet::new()
        .run_until(async move { tokio::task::spawn_local(test(url)).await })
        .await
        .map_err(tokio::task::JoinError::into_panic)
}

/// Drops test databases, best effort.
async fn drop_databases(admin: &mut PgConnection, names: &[String]) {
    for name in names {
        // FORCE ends connections a failed story left open.
        let dropped = sqlx::query(AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
        )))
        .execute(&mut *admin)
        .await;
        if let Err(error) = dropped {
            eprintln!("could not drop test database {name}: {error}");
        }
    }
}

/// The server URL from the environment; `None` (after saying so) when the story is skipped.
fn postgres_server() -> Option<String> {
    match std::env::var(POSTGRES_URL) {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ if std::env::var(REQUIRE_POSTGRES).is_ok_and(|value| value == "1") => {
            panic!(
                "{REQUIRE_POSTGRES}=1 but {POSTGRES_URL} is not set: the postgres story must run here"
            )
        }
        _ => {
            eprintln!("skipped: postgres story (set {POSTGRES_URL} to run it)");
            None
        }
    }
}

/// Opens and migrates every store, runs the story, and closes the stores when it returns. A panic (a
/// failed assertion) is caught and handed back, so that the caller cleans up before passing it on.
async fn run_on<Stores, S: Story<Stores>>(
    urls: Vec<String>,
    story: S,
) -> Result<(), Box<dyn Any + Send>> {
    let run = async move {
        let mut stores = Vec::with_capacity(urls.len());
        for url in &urls {
            stores.push(open_migrated(url).await);
        }
        story.run(stores.clone()).await;
        for store in &stores {
            store.close().await;
        }
    };
    tokio::task::LocalSet::new()
        .run_until(async move { tokio::task::spawn_local(run).await })
        .await
        .map_err(tokio::task::JoinError::into_panic)
}

/// A URL with its password (if any) replaced, for messages.
fn hide_password(url: &str) -> String {
    let Some(scheme) = url.find("://") else {
        return url.to_owned();
    };
    let Some(at) = url.rfind('@').filter(|at| *at > scheme) else {
        return url.to_owned();
    };
    match url[scheme + 3..at].split_once(':') {
        Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
        None => url.to_owned(),
    }
}

/// The server URL with its database (the path) replaced by `database`; the query string is kept.
pub(crate) fn database_url(server: &str, database: &str) -> String {
    let (base, query) = server
        .split_once('?')
        .map_or((server, None), |(base, query)| (base, Some(query)));
    let authority = base.find("://").map_or(0, |at| at + 3);
    let path = base[authority..]
        .find('/')
        .map_or(base.len(), |at| authority + at);
    let mut url = format!("{}/{database}", &base[..path]);
    if let Some(query) = query {
        url.push('?');
        url.push_str(query);
    }
    url
}

#[test]
fn the_database_url_names_the_test_database() {
    let cases = [
        (
            "postgres://postgres@127.0.0.1:5432/postgres",
            "postgres://postgres@127.0.0.1:5432/bside_test_1",
        ),
        (
            "postgres://u:p@db:5432",
            "postgres://u:p@db:5432/bside_test_1",
        ),
        (
            "postgresql://u@db/postgres?sslmode=disable",
            "postgresql://u@db/bside_test_1?sslmode=disable",
        ),
    ];
    for (server, expected) in cases {
        assert_eq!(
            database_url(server, "bside_test_1"),
            expected,
            "from {server}"
        );
    }
}

#[test]
fn passwords_are_hidden() {
    assert_eq!(
        hide_password("postgres://bside:secret@db:5432/bside"),
        "postgres://bside:***@db:5432/bside"
    );
    assert_eq!(
        hide_password("postgres://postgres@127.0.0.1/postgres"),
        "postgres://postgres@127.0.0.1/postgres"
    );
}

#[test]
fn story_names_are_checked() {
    assert!(named_for("sqlite_artists", "sqlite_", "artists"));
    assert!(!named_for("sqlite_artist", "sqlite_", "artists"));
    assert!(!named_for("postgres_artists", "sqlite_", "artists"));
}
