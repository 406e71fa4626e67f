//! Import and export of the whole catalog as a `Bundle`, each in one transaction.

use model::Bundle;
use sqlx::AnyConnection;

use crate::citations::SourceIds;
use crate::columns::{CHUNK, Table};
use crate::releases::link_versions;
use crate::videos::video_track;
use crate::{Result, Store, accounts, artists, releases, series, shows, sources, videos};

impl Store {
    /// Writes every entity of a bundle in one transaction: all of it, or nothing. `progress` is
    /// called with the number of entities written so far. Slugs already in the store are refused.
    pub async fn import(
        &self,
        bundle: &Bundle,
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> Result<usize> {
        let mut tx = self.begin_write().await?;
        let conn = tx.conn();
        let mut done = 0;
        let mut tick = |done: &mut usize| {
            *done += 1;
            if done.is_multiple_of(100) {
                progress(*done);
            }
        };
        for source in &bundle.sources {
            sources::insert(conn, source).await?;
            tick(&mut done);
        }
        let mut artist_ids = Vec::with_capacity(bundle.artists.len());
        for (index, artist) in bundle.artists.iter().enumerate() {
            let id = artists::insert_row(conn, artist).await?;
            artists::write_parts(conn, &[(id, artist)], &SourceIds::new(), |_| {
                format!("artists[{index}]")
            })
            .await?;
            artist_ids.push(id);
            tick(&mut done);
        }
        for (index, (artist, id)) in bundle.artists.iter().zip(&artist_ids).enumerate() {
            artists::write_memberships(
                conn,
                &[(*id, artist)],
                &SourceIds::new(),
                &std::collections::HashMap::new(),
                |_| format!("artists[{index}]"),
            )
            .await?;
        }
        let mut release_ids = Vec::with_capacity(bundle.releases.len());
        for (index, release) in bundle.releases.iter().enumerate() {
            let id = releases::insert_row(conn, release).await?;
            releases::write_parts(conn, id, release, &format!("releases[{index}]")).await?;
            release_ids.push(id);
            tick(&mut done);
        }
        for (index, (release, id)) in bundle.releases.iter().zip(&release_ids).enumerate() {
            link_versions(conn, *id, release, &format!("releases[{index}]")).await?;
        }
        for (index, video) in bundle.videos.iter().enumerate() {
            let field = format!("videos[{index}]");
            let track = video_track(conn, video.track.as_ref(), &format!("{field}.track")).await?;
            let id = videos::insert_row(conn, video, track).await?;
            videos::write_parts(conn, id, video, &field).await?;
            tick(&mut done);
        }
        for (index, show) in bundle.shows.iter().enumerate() {
            let id = shows::insert_show(conn, show).await?;
            shows::write_show_parts(conn, id, show, &format!("shows[{index}]")).await?;
            tick(&mut done);
        }
        for (index, appearance) in bundle.appearances.iter().enumerate() {
            let field = format!("appearances[{index}]");
            let id = shows::insert_appearance(conn, appearance, &field).await?;
            shows::write_appearance_parts(conn, id, appearance, &field).await?;
            tick(&mut done);
        }
        for (index, account) in bundle.accounts.iter().enumerate() {
            accounts::insert(conn, account, &format!("accounts[{index}]")).await?;
            tick(&mut done);
        }
        series::import_series(conn, &bundle.series).await?;
        done += bundle.series.len();
        tx.commit().await?;
        progress(done);
        Ok(done)
    }

    /// Reads the whole catalog, every list in slug order, from one consistent snapshot.
    pub async fn export(&self) -> Result<Bundle> {
        // One snapshot for every table (PostgreSQL's default READ COMMITTED takes one per statement). A
        // Transaction rolls back when dropped, so a cancelled export leaves no transaction open.
        let mut tx = self.pool.begin().await?;
        if self.backend() == crate::Backend::Postgres {
            // Not in BEGIN itself: sqlx leaves a transaction open when a custom BEGIN is cancelled.
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute(&mut *tx)
                .await?;
        }
        let bundle = export_in(&mut tx).await;
        tx.rollback().await?;
        bundle
    }
}

/// Loads every aggregate of a table, a chunk of ids at a time to bound each query.
macro_rules! load_all {
    ($conn:expr, $table:expr, $load:path) => {{
        let all = ids($conn, $table).await?;
        let mut out = Vec::with_capacity(all.len());
        for chunk in all.chunks(CHUNK) {
            out.extend($load($conn, chunk).await?);
        }
        out
    }};
}

async fn export_in(conn: &mut AnyConnection) -> Result<Bundle> {
    Ok(Bundle {
        sources: load_all!(conn, Table::Sources, sources::load),
        artists: load_all!(conn, Table::Artists, artists::load),
        releases: load_all!(conn, Table::Releases, releases::load),
        videos: load_all!(conn, Table::Videos, videos::load),
        shows: load_all!(conn, Table::Shows, shows::load_shows),
        appearances: load_all!(conn, Table::Appearances, shows::load_appearances),
        accounts: load_all!(conn, Table::Accounts, accounts::load),
        series: series::export_series(conn).await?,
        ..Bundle::default()
    })
}

async fn ids(conn: &mut AnyConnection, table: Table) -> Result<Vec<i64>> {
    let sql = format!("SELECT id FROM {} ORDER BY slug", table.name());
    let rows: Vec<(i64,)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}
