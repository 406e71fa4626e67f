//! `bside`: the one binary. A subcommand per role: serve the API, migrate, import and export
//! bundles, manage write tokens.

mod bench;
mod claims;
mod config;
mod counts;
mod extract;
mod musicbrainz;
mod webhooks;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use app::{App, StoreOptions};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use jiff::Timestamp;

use crate::config::Config;

/// mimalloc instead of the system allocator: an import allocates and frees millions of small strings
/// and rows, and glibc's malloc and free took about a third of the importing thread's samples. The
/// import ran 7–20% faster with mimalloc (`bside bench musicbrainz`, BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (the 16th of its options, in mimalloc 2 and 3 alike).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps the memory the process frees for its next allocations instead of returning it to the OS
/// 10 ms later (mimalloc's default). A MusicBrainz import frees a batch's worth and allocates as
/// much again a few seconds later; returned memory comes back as fresh pages the kernel must zero,
/// and those faults were about 9% of the importing process's samples (BENCHMARKS.md, session 8).
/// For the commands that run and exit, not for `serve`.
#[allow(unsafe_code)]
fn keep_freed_memory() {
    // SAFETY: `mi_option_set` stores an option's value, which mimalloc reads when it next purges;
    // it may be called at any time, from any thread.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

#[derive(Parser)]
#[command(
    name = "bside",
    version,
    about = "A self-hostable tracker for music artists"
)]
struct Cli {
    /// Config file (TOML). Default: bside.toml in the working directory, if present.
    #[arg(long, global = true, env = "BSIDE_CONFIG")]
    config: Option<PathBuf>,
    /// Database URL: sqlite://FILE or postgres://USER@HOST/DB. Default: sqlite://bside.db
    #[arg(long, global = true, env = "BSIDE_DATABASE")]
    database: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (and, with --demo, load the demo catalog into an empty database).
    Serve {
        /// Address to listen on. Default: 127.0.0.1:8080
        #[arg(long, env = "BSIDE_LISTEN")]
        listen: Option<String>,
        /// Load the demo data (V's Layover, BTS, IU's Palette) when the database is empty.
        #[arg(long)]
        demo: bool,
    },
    /// Bring the database schema up to date.
    Migrate,
    /// Import a bundle (JSON, as written by `export`): all of it or nothing.
    Import {
        /// The bundle file, or - for standard input.
        file: PathBuf,
    },
    /// Export everything as a bundle that `import` reads back identically.
    Export {
        /// Where to write, or - for standard output.
        file: PathBuf,
    },
    /// Import counts (followers, views…) from CSV; a YouTube statistics export is read as it is.
    ImportPoints(counts::ImportPoints),
    /// Print the "fastest to N" leaderboards.
    Records(counts::Records),
    /// Read a news article (text or saved HTML) into the facts it states, with their evidence.
    Extract(extract::Extract),
    /// Review the news: submit an article, then list, edit, accept or reject the claims it yields.
    Claims {
        #[command(subcommand)]
        command: claims::ClaimsCommand,
    },
    /// Write a deterministic benchmark data set of count series (Parquet; CSV with --csv).
    GenPoints(bench::GenPoints),
    /// Benchmarks: records against DuckDB, ingest over HTTP, the engine alone, storage per point.
    Bench {
        #[command(subcommand)]
        command: bench::BenchCommand,
    },
    /// Webhook subscriptions: add, list, remove, enable, redeliver, deliveries.
    Webhooks {
        #[command(subcommand)]
        command: webhooks::WebhooksCommand,
    },
    /// Import MusicBrainz data: WS/2 JSON or XML responses, dump files, directories, `.tar.xz`.
    ImportMusicbrainz(musicbrainz::ImportMusicbrainz),
    /// Write a deterministic MusicBrainz artist dump for the benchmark (`OUT/mbdump/artist`).
    GenMusicbrainz(bench::GenMusicbrainz),
    /// Manage write tokens (the API's writes need one).
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Make a token; its secret is printed once and never stored.
    Create { name: String },
    /// List tokens (names and dates; secrets are not kept).
    List,
    /// Revoke a token by name.
    Revoke { name: String },
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let file = config::read_file(cli.config.as_deref())?;
    let listen = match &cli.command {
        Command::Serve { listen, .. } => listen.clone(),
        _ => None,
    };
    let config = config::settle(file, cli.database, listen)?;
    init_tracing(&config.log);
    if !matches!(cli.command, Command::Serve { .. }) {
        keep_freed_memory();
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the runtime")?;
    runtime.block_on(async move {
        match cli.command {
            Command::Serve { demo, .. } => serve(&config, demo).await,
            Command::Migrate => {
                let store =
                    app::Store::open(&config.database, &store_options(&config, false)).await?;
                let ran = store.migrate().await?;
                println!("{ran} migration(s) applied; the schema is up to date");
                store.close().await;
                Ok(())
            }
            Command::Import { file } => import(&config, &file).await,
            Command::Export { file } => export(&config, &file).await,
            Command::Token { command } => token(&config, command).await,
            Command::GenPoints(args) => bench::gen_points(&args),
            Command::Bench { command } => bench::run(command).await,
            Command::ImportPoints(args) => {
                let app = open(&config, false).await?;
                let done = counts::import_points(&app, args).await;
                app.store().close().await;
                done
            }
            Command::ImportMusicbrainz(args) => {
                let app = open(&config, false).await?;
                let done = musicbrainz::import(&app, &args).await;
                app.store().close().await;
                done
            }
            Command::GenMusicbrainz(args) => bench::gen_musicbrainz(&args),
            Command::Extract(args) => {
                let app = open(&config, false).await?;
                let done = extract::extract(&app, args).await;
                app.store().close().await;
                done
            }
            Command::Claims { command } => {
                let app = open(&config, false).await?;
                let done = claims::run(&app, command).await;
                app.store().close().await;
                done
            }
            Command::Webhooks { command } => {
                let app = open(&config, false).await?;
                let done = webhooks::run(&app, command).await;
                app.store().close().await;
                done
            }
            Command::Records(args) => {
                let app = open(&config, false).await?;
                let done = counts::records(&app, args).await;
                app.store().close().await;
                done
            }
        }
    })
}

fn init_tracing(level: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .or_else(|_| tracing_subscriber::EnvFilter::try_new(level))
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

fn store_options(config: &Config, serving: bool) -> StoreOptions {
    StoreOptions {
        max_connections: config.max_connections,
        warn_slow_statements: serving,
    }
}

/// Opens the catalog; `serving`: for `serve` (slow statements are warnings there, see
/// [`StoreOptions::warn_slow_statements`]).
async fn open(config: &Config, serving: bool) -> anyhow::Result<App> {
    App::open(&config.database, &store_options(config, serving))
        .await
        .map(|app| app.with_following(config.following.clone()))
        .with_context(|| {
            format!(
                "cannot open the database {}",
                app::Store::redact_url(&config.database)
            )
        })
}

async fn serve(config: &Config, demo: bool) -> anyhow::Result<()> {
    let mut app = open(config, true).await?;
    if demo {
        if app.load_demo().await? {
            tracing::info!("loaded the demo catalog");
        } else {
            tracing::info!("the database is not empty; the demo catalog was not loaded");
        }
    }
    let listener = tokio::net::TcpListener::bind(&config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    let address = listener.local_addr()?;
    tracing::info!(%address, database = %app::Store::redact_url(&config.database), "bside is serving");
    if !config.public_url_set {
        let mut following = config.following.clone();
        following.public_url = format!("http://{address}");
        app = app.with_following(following);
    }
    // The outbox: sweeps due events into deliveries and sends them, now and after every write.
    let outbox = tokio::spawn({
        let app = app.clone();
        let interval = config.outbox_interval;
        async move { app.run_outbox(interval).await }
    });
    println!("bside is serving on http://{address}  (API docs: http://{address}/api/docs)");
    let router = web::router(
        app.clone(),
        &web::WebOptions {
            max_body_bytes: config.max_body_bytes,
        },
    );
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("the server failed")?;
    outbox.abort();
    tracing::info!("shutting down: waiting for the database");
    app.store().close().await;
    Ok(())
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}

async fn import(config: &Config, file: &Path) -> anyhow::Result<()> {
    let bytes = read_input(file)?;
    let bundle: model::Bundle = parse_bundle(&bytes)
        .with_context(|| format!("{} is not a bside bundle", file.display()))?;
    let app = open(config, false).await?;
    let total = bundle.len() as u64;
    let bar = ProgressBar::new(total).with_style(
        ProgressStyle::with_template(
            "{spinner} importing {pos}/{len} entities [{bar:30}] {per_sec} eta {eta}",
        )
        .expect("the template is valid")
        .progress_chars("=> "),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    let result = app
        .import(&bundle, &mut |done| bar.set_position(done as u64))
        .await;
    bar.finish_and_clear();
    let written =
        result.with_context(|| format!("nothing was imported from {}", file.display()))?;
    app.store().close().await;
    println!("imported {written} entities from {}", file.display());
    Ok(())
}

/// Parses a bundle, naming the path of a wrong value and the line and column of broken JSON.
fn parse_bundle(bytes: &[u8]) -> anyhow::Result<model::Bundle> {
    let deserializer = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        if path == "." {
            anyhow::anyhow!("{inner}")
        } else {
            anyhow::anyhow!("{path}: {inner}")
        }
    })
}

async fn export(config: &Config, file: &Path) -> anyhow::Result<()> {
    let app = open(config, false).await?;
    let bundle = app
        .store()
        .export()
        .await
        .context("cannot read the catalog")?;
    let mut text = serde_json::to_string_pretty(&bundle).context("cannot write the bundle")?;
    text.push('\n');
    app.store().close().await;
    if file == Path::new("-") {
        std::io::stdout().write_all(text.as_bytes())?;
        return Ok(());
    }
    // Write beside the target, then rename: a crash never leaves half a bundle under the real name.
    let dir = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    temp.write_all(text.as_bytes())?;
    temp.as_file().sync_all()?;
    temp.persist(file)
        .with_context(|| format!("cannot write {}", file.display()))?;
    eprintln!("exported {} entities to {}", bundle.len(), file.display());
    Ok(())
}

pub(crate) fn read_input(file: &Path) -> anyhow::Result<Vec<u8>> {
    if file == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
            .context("cannot read standard input")?;
        return Ok(bytes);
    }
    std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))
}

async fn token(config: &Config, command: TokenCommand) -> anyhow::Result<()> {
    let app = open(config, false).await?;
    match command {
        TokenCommand::Create { name } => {
            let token = app.create_token(&name, Timestamp::now()).await?;
            println!("{}", token.secret);
            eprintln!(
                "token {:?} created; keep the secret above: it is shown only once",
                token.name
            );
        }
        TokenCommand::List => {
            let tokens = app.tokens().await?;
            if tokens.is_empty() {
                eprintln!("no tokens; make one with `bside token create NAME`");
            }
            for token in tokens {
                let state = token
                    .revoked_at
                    .map_or_else(|| "live".to_owned(), |at| format!("revoked {at}"));
                println!("{}\tcreated {}\t{state}", token.name, token.created_at);
            }
        }
        TokenCommand::Revoke { name } => {
            app.revoke_token(&name, Timestamp::now()).await?;
            println!("token {name:?} revoked");
        }
    }
    app.store().close().await;
    Ok(())
}
