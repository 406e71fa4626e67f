//! The `bside` binary as a user runs it: serving, restarting, exporting and importing, tokens, and
//! the messages bad input gets. PostgreSQL runs too when `BSIDE_TEST_POSTGRES_URL` is set.

mod bundles;
mod claims;
mod musicbrainz;
mod points;
mod server;
mod webhooks;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

/// Runs `bside` with `args` in `dir`, against `database`.
pub(crate) fn bside(dir: &Path, database: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bside"))
        .current_dir(dir)
        .env("BSIDE_DATABASE", database)
        .env_remove("BSIDE_CONFIG")
        .env("BSIDE_LOG", "warn")
        .args(args)
        .output()
        .expect("bside runs")
}

pub(crate) fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A running `bside serve`, killed when dropped.
pub(crate) struct Server {
    child: Child,
    pub(crate) address: String,
}

impl Server {
    pub(crate) fn start(dir: &Path, database: &str, demo: bool) -> Self {
        let mut args = vec!["serve", "--listen", "127.0.0.1:0"];
        if demo {
            args.push("--demo");
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_bside"))
            .current_dir(dir)
            .env("BSIDE_DATABASE", database)
            .env("BSIDE_LOG", "warn")
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("bside serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout is piped"))
            .read_line(&mut line)
            .expect("a first line");
        let address = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("bside serve did not say where it listens: {line:?}"))
            .to_owned();
        Self { child, address }
    }

    /// Sends one HTTP/1.1 request and returns the status and body.
    pub(crate) fn request(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&str>,
    ) -> (u16, String) {
        request(&self.address, method, path, token, body).expect("the server answers")
    }

    /// Ends the server with SIGKILL: nothing gets a chance to flush.
    pub(crate) fn kill_hard(mut self) {
        self.child.kill().expect("the server is killed");
        self.child.wait().expect("the server is reaped");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends one HTTP/1.1 request to `address`; an error when the server is gone.
pub(crate) fn request(
    address: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(address)?;
    let mut request =
        format!("{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
    if let Some(token) = token {
        request.push_str(&format!("Authorization: Bearer {token}\r\n"));
    }
    let body = body.unwrap_or("");
    if !body.is_empty() {
        request.push_str("Content-Type: application/json\r\n");
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes())?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other("no status line"))?;
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    Ok((status, dechunk(&body)))
}

/// Undoes chunked transfer encoding, when the body uses it.
fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    loop {
        let Some((size, after)) = rest.split_once("\r\n") else {
            return body.to_owned();
        };
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            return body.to_owned();
        };
        if size == 0 {
            return out;
        }
        if after.len() < size {
            return body.to_owned();
        }
        out.push_str(&after[..size]);
        rest = after[size..].trim_start_matches("\r\n");
    }
}

/// A database for one test: a SQLite file in `dir`, or a fresh PostgreSQL database.
pub(crate) enum TestDatabase {
    Sqlite(String),
    Postgres {
        url: String,
        admin: String,
        name: String,
    },
}

impl TestDatabase {
    pub(crate) fn sqlite(dir: &Path, name: &str) -> Self {
        Self::Sqlite(format!("sqlite://{}", dir.join(name).display()))
    }

    /// A new PostgreSQL database, when `BSIDE_TEST_POSTGRES_URL` names a server. Without it the test
    /// is skipped, unless `BSIDE_REQUIRE_POSTGRES=1` (as in CI) makes that a failure.
    pub(crate) fn postgres() -> Option<Self> {
        let Ok(admin) = std::env::var("BSIDE_TEST_POSTGRES_URL") else {
            assert!(
                std::env::var("BSIDE_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "BSIDE_REQUIRE_POSTGRES=1 but BSIDE_TEST_POSTGRES_URL is not set"
            );
            eprintln!("skipped: postgres story (set BSIDE_TEST_POSTGRES_URL to run it)");
            return None;
        };
        let name = format!("bside_cli_{:016x}", rand::random::<u64>());
        run_sql(&admin, &format!("CREATE DATABASE {name}"));
        let url = match admin.rfind('/') {
            Some(slash) if slash > "postgres://".len() => format!("{}/{name}", &admin[..slash]),
            _ => format!("{admin}/{name}"),
        };
        Some(Self::Postgres { url, admin, name })
    }

    pub(crate) fn url(&self) -> &str {
        match self {
            Self::Sqlite(url) | Self::Postgres { url, .. } => url,
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Self::Postgres { admin, name, .. } = self {
            run_sql(
                admin,
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            );
        }
    }
}

fn run_sql(url: &str, sql: &str) {
    use sqlx::Connection;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let mut conn = sqlx::PgConnection::connect(url)
            .await
            .expect("PostgreSQL accepts the test connection");
        sqlx::Executor::execute(&mut conn, sqlx::AssertSqlSafe(sql.to_owned()))
            .await
            .expect("the statement runs");
    });
}

pub(crate) fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

pub(crate) fn path_str(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}
