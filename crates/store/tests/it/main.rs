//! The storage story: every behaviour of `Store`, told once and run on SQLite and on PostgreSQL.
//!
//! `cargo test -p store` runs it on SQLite; with `BSIDE_TEST_POSTGRES_URL=postgres://user@host/db` each
//! test also runs on a database of its own on that server (see `harness`).

mod artists;
mod bundle;
mod citations;
mod consistency;
mod fixtures;
mod harness;
mod migrate;
mod releases;
mod series;
mod shows;
mod tokens;
mod videos;
mod webhooks;
mod writers;
