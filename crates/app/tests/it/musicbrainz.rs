//! MusicBrainz imports end to end through `App`, on SQLite and (when `BSIDE_TEST_POSTGRES_URL` is
//! set) PostgreSQL: the fixtures in `ingest/testdata/musicbrainz` and every file of
//! `../shared/data/musicbrainz` when it is there.

use std::path::{Path, PathBuf};

use app::{App, MbImportOptions, MbProgress, MbReport, StoreOptions};
use model::{AliasKind, Bundle};

fn fixtures(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../ingest/testdata/musicbrainz")
        .join(name)
}

/// A fresh database on each backend there is: SQLite always, PostgreSQL when configured.
struct Db {
    url: String,
    _dir: tempfile::TempDir,
    drop_pg: Option<(String, String)>,
}

impl Drop for Db {
    fn drop(&mut self) {
        if let Some((admin, name)) = self.drop_pg.take() {
            pg(
                &admin,
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            );
        }
    }
}

fn pg(admin: &str, sql: &str) {
    let admin = admin.to_owned();
    let sql = sql.to_owned();
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(async {
                use sqlx::Connection;
                let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
                sqlx::Executor::execute(&mut conn, sqlx::AssertSqlSafe(sql))
                    .await
                    .unwrap();
            });
    })
    .join()
    .unwrap();
}

fn databases() -> Vec<Db> {
    let dir = tempfile::tempdir().unwrap();
    let mut out = vec![Db {
        url: format!("sqlite://{}/bside.db", dir.path().display()),
        _dir: dir,
        drop_pg: None,
    }];
    match std::env::var("BSIDE_TEST_POSTGRES_URL") {
        Ok(admin) => {
            let name = format!("bside_mb_{:016x}", rand::random::<u64>());
            pg(&admin, &format!("CREATE DATABASE {name}"));
            let base = &admin[..admin
                .rfind('/')
                .filter(|&i| i > "postgres://".len())
                .unwrap_or(admin.len())];
            out.push(Db {
                url: format!("{base}/{name}"),
                _dir: tempfile::tempdir().unwrap(),
                drop_pg: Some((admin, name)),
            });
        }
        Err(_) => {
            assert!(
                std::env::var("BSIDE_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "BSIDE_REQUIRE_POSTGRES=1 but BSIDE_TEST_POSTGRES_URL is not set"
            );
            eprintln!("skipped: postgres story (set BSIDE_TEST_POSTGRES_URL to run it)");
        }
    }
    out
}

async fn import(app: &App, paths: &[PathBuf]) -> MbReport {
    app.import_musicbrainz(paths, &MbImportOptions::default(), &MbProgress::default())
        .await
        .unwrap()
}

async fn export(app: &App) -> Vec<u8> {
    let bundle: Bundle = app.store().export().await.unwrap();
    serde_json::to_vec_pretty(&bundle).unwrap()
}

async fn artist_by_mbid(app: &App, mbid: &str) -> model::Artist {
    let bundle = app.store().export().await.unwrap();
    bundle
        .artists
        .into_iter()
        .find(|a| {
            a.external_ids
                .iter()
                .any(|id| id.system == "musicbrainz" && id.value == mbid)
        })
        .unwrap_or_else(|| panic!("no artist {mbid}"))
}

#[tokio::test]
async fn the_fixtures_import_and_a_second_import_changes_nothing() {
    for db in databases() {
        let app = App::open(&db.url, &StoreOptions::default()).await.unwrap();
        let first = import(&app, &[fixtures("good")]).await;
        assert!(first.errors.is_empty(), "{:?}", first.errors);
        assert!(first.outcome.imported > 10, "{:?}", first.outcome);

        let nirvana = artist_by_mbid(&app, "5b11f4ce-a62d-471e-81fc-a69a8278c7da").await;
        assert_eq!(nirvana.slug.as_str(), "nirvana");
        let ja = nirvana
            .aliases
            .iter()
            .find(|a| a.locale.as_deref() == Some("ja"))
            .unwrap();
        assert_eq!(
            (ja.name.as_str(), ja.kind, ja.primary),
            ("ニルヴァーナ", AliasKind::StageName, true)
        );
        assert_eq!(
            nirvana.sources[0].source.as_str(),
            "musicbrainz-artist-5b11f4ce-a62d-471e-81fc-a69a8278c7da"
        );
        let source = app
            .store()
            .source(nirvana.sources[0].source.as_str())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            source.url,
            "https://musicbrainz.org/artist/5b11f4ce-a62d-471e-81fc-a69a8278c7da"
        );

        let bundle = app.store().export().await.unwrap();
        // LAST ANGEL: both artists, in order, with the join phrase.
        let single = bundle
            .releases
            .iter()
            .find(|r| r.title == "LAST ANGEL")
            .unwrap();
        let koda = artist_by_mbid(&app, "455641ea-fff4-49f6-8fb4-49f961d8f1ac").await;
        let tvxq = artist_by_mbid(&app, "05cbaf37-6dc2-4f71-a0ce-d633447d90c3").await;
        assert_eq!(single.credits.len(), 2);
        assert_eq!(single.credits[0].artist, koda.slug);
        assert_eq!(single.credits[0].join_phrase.as_deref(), Some(" feat. "));
        assert_eq!(single.credits[1].artist, tvxq.slug);
        assert_eq!(tvxq.slug.as_str(), "dong-fang-shen-qi");

        // Music-video recordings are music videos of their songs, released on their date.
        let careless_mv = bundle
            .videos
            .iter()
            .find(|v| v.title == "ケアレス (Music Video)")
            .unwrap();
        let track = careless_mv.track.as_ref().unwrap();
        let release = bundle
            .releases
            .iter()
            .find(|r| Some(&r.slug) == track.release.as_ref())
            .unwrap();
        assert_eq!(
            release.track(track.disc, track.number).unwrap().title,
            "ケアレス"
        );
        assert_eq!(
            careless_mv.released().unwrap().date.to_string(),
            "2021-09-15"
        );
        // The Enemy's video (a recording lookup) found its song on another file's release.
        let enemy = bundle
            .videos
            .iter()
            .find(|v| v.title == "The Enemy")
            .unwrap();
        let track = enemy.track.as_ref().expect("linked to its song");
        assert_eq!(track.release.as_ref().unwrap().as_str(), "in-requiem");
        assert_eq!(track.number, 2);

        // EXO: members on both sides, the name in the group, subgroups, accounts.
        let chen = artist_by_mbid(&app, "439c9247-9291-47a8-8282-7f80bc3f369d").await;
        let exo = artist_by_mbid(&app, "b3785a55-2cf6-497d-b8e3-cfa21a36f997").await;
        assert_eq!(chen.memberships.len(), 1);
        assert_eq!(chen.memberships[0].group, exo.slug);
        assert_eq!(chen.memberships[0].roles, ["original", "lead vocals"]);
        let tao = artist_by_mbid(&app, "143472cb-de19-4da3-b8ac-8a7d01b6638d").await;
        assert_eq!(tao.memberships[0].credited_as.as_deref(), Some("TAO"));
        assert_eq!(tao.memberships[0].end.unwrap().to_string(), "2015");
        let exo_k = artist_by_mbid(&app, "254658f7-f4eb-4c62-bafb-28f57707517b").await;
        assert_eq!(exo_k.memberships[0].roles, ["subgroup"]);
        assert!(
            bundle
                .accounts
                .iter()
                .any(|a| a.artist == exo.slug && a.handle.as_deref() == Some("weareone.exo"))
        );
        assert!(
            exo.external_ids
                .iter()
                .any(|id| id.system == "wikidata" && id.value == "Q10509")
        );

        // Again: nothing new, nothing changed, the export byte for byte the same.
        let before = export(&app).await;
        let second = import(&app, &[fixtures("good")]).await;
        assert_eq!(
            (
                second.outcome.imported,
                second.outcome.updated,
                second.outcome.referenced
            ),
            (0, 0, 0),
            "{:?}",
            second.outcome
        );
        assert!(second.outcome.unchanged > 10);
        assert!(
            second.outcome.conflicts.is_empty(),
            "{:?}",
            second.outcome.conflicts
        );
        assert_eq!(export(&app).await, before);
        app.store().close().await;
    }
}

#[tokio::test]
async fn a_curator_edit_of_an_imported_account_survives_a_reimport_and_is_reported() {
    const EXO: &str = "b3785a55-2cf6-497d-b8e3-cfa21a36f997";
    for db in databases() {
        let app = App::open(&db.url, &StoreOptions::default()).await.unwrap();
        import(&app, &[fixtures("good/mbdump/artist")]).await;
        let accounts = app.store().export().await.unwrap().accounts;
        let mut account = accounts
            .iter()
            .find(|a| a.handle.as_deref() == Some("weareone.exo"))
            .expect("EXO's Instagram account was imported")
            .clone();
        account.handle = Some("exo.official".to_owned());
        app.store()
            .replace_account(account.slug.as_str(), &account)
            .await
            .unwrap();

        let again = import(&app, &[fixtures("good/mbdump/artist")]).await;
        let conflicts: Vec<_> = again
            .outcome
            .conflicts
            .iter()
            .filter(|c| c.kind == "account")
            .collect();
        assert_eq!(conflicts.len(), 1, "{:?}", again.outcome.conflicts);
        assert!(
            conflicts[0].mbid.starts_with(&format!("{EXO}/")),
            "{:?}",
            conflicts[0]
        );
        assert_eq!(conflicts[0].slug.as_deref(), Some(account.slug.as_str()));
        let after = app.store().export().await.unwrap().accounts;
        assert_eq!(after.len(), accounts.len(), "no account was added");
        let kept = after.iter().find(|a| a.slug == account.slug).unwrap();
        assert_eq!(
            kept.handle.as_deref(),
            Some("exo.official"),
            "the edit stands"
        );
        app.store().close().await;
    }
}

#[tokio::test]
async fn a_curator_edit_survives_a_reimport_and_is_reported() {
    for db in databases() {
        let app = App::open(&db.url, &StoreOptions::default()).await.unwrap();
        import(&app, &[fixtures("good/mbdump/artist")]).await;
        let mut chen = artist_by_mbid(&app, "439c9247-9291-47a8-8282-7f80bc3f369d").await;
        chen.name = "CHEN".to_owned();
        app.replace_artist(chen.slug.as_str(), &chen).await.unwrap();

        let again = import(&app, &[fixtures("good/mbdump/artist")]).await;
        let conflict = &again.outcome.conflicts[0];
        assert_eq!(conflict.mbid, "439c9247-9291-47a8-8282-7f80bc3f369d");
        assert!(
            conflict.message.contains("edited in bside"),
            "{}",
            conflict.message
        );
        assert_eq!(
            artist_by_mbid(&app, "439c9247-9291-47a8-8282-7f80bc3f369d")
                .await
                .name,
            "CHEN"
        );
        app.store().close().await;
    }
}

#[tokio::test]
async fn bad_lines_are_reported_with_file_and_line_and_the_rest_imports() {
    for db in databases() {
        let app = App::open(&db.url, &StoreOptions::default()).await.unwrap();
        let report = import(&app, &[fixtures("bad")]).await;
        assert_eq!(report.errors.len(), 2, "{:?}", report.errors);
        assert!(
            report.errors[0].contains("bad/mbdump/artist: line 2")
                && report.errors[0].contains("truncated"),
            "{}",
            report.errors[0]
        );
        assert!(
            report.errors[1].contains("bad/mbdump/artist: line 3")
                && report.errors[1].contains("invalid type"),
            "{}",
            report.errors[1]
        );
        assert!(
            report
                .notes
                .iter()
                .any(|n| n.contains("line 4") && n.contains("unknown relation type")),
            "{:?}",
            report.notes
        );
        assert_eq!(report.outcome.imported, 3, "lines 1, 4 and 5");
        let names: Vec<String> = app
            .store()
            .export()
            .await
            .unwrap()
            .artists
            .into_iter()
            .map(|a| a.name)
            .collect();
        assert_eq!(names, ["Good One", "Good Two", "Odd Relation"]);
        app.store().close().await;
    }
}

/// Writes `mbdump/artist` with `lines` into a `.tar.xz`.
fn archive(dir: &Path, lines: &str) -> PathBuf {
    let path = dir.join("artist.tar.xz");
    let file = std::fs::File::create(&path).unwrap();
    let mut tar = tar::Builder::new(liblzma::write::XzEncoder::new(file, 6));
    for (name, body) in [
        ("mbdump/TIMESTAMP", "2024-05-01\n"),
        ("mbdump/artist", lines),
    ] {
        let mut header = tar::Header::new_gnu();
        header.set_size(body.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, name, body.as_bytes()).unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap();
    path
}

#[tokio::test]
async fn a_tar_xz_dump_imports_resumes_and_prunes_and_a_broken_one_is_named() {
    for db in databases() {
        let app = App::open(&db.url, &StoreOptions::default()).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let lines = std::fs::read_to_string(fixtures("good/mbdump/artist")).unwrap();
        let dump = archive(dir.path(), &lines);
        let report = import(&app, std::slice::from_ref(&dump)).await;
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        // EXO first, which names CHEN (made then), then CHEN's own line.
        assert_eq!((report.outcome.imported, report.outcome.updated), (1, 1));

        // A newer dump without CHEN, imported as complete: CHEN goes, EXO (still named) stays.
        let newer = dir.path().join("newer");
        std::fs::create_dir(&newer).unwrap();
        let mut exo: serde_json::Value =
            serde_json::from_str(lines.lines().next().unwrap()).unwrap();
        exo["relations"]
            .as_array_mut()
            .unwrap()
            .retain(|r| r["artist"]["id"] != "439c9247-9291-47a8-8282-7f80bc3f369d");
        let dump2 = archive(&newer, &exo.to_string());
        let pruned = app
            .import_musicbrainz(
                std::slice::from_ref(&dump2),
                &MbImportOptions {
                    prune: true,
                    ..MbImportOptions::default()
                },
                &MbProgress::default(),
            )
            .await
            .unwrap();
        assert_eq!(pruned.outcome.deleted, 1, "{:?}", pruned.outcome);
        let artists = app.store().export().await.unwrap().artists;
        assert!(!artists.iter().any(|a| a.name == "첸"));
        assert!(artists.iter().any(|a| a.name == "EXO"));

        // A broken archive: named, nothing read from the damage on.
        let bytes = std::fs::read(&dump).unwrap();
        let broken = dir.path().join("broken.tar.xz");
        std::fs::write(&broken, &bytes[..bytes.len() / 2]).unwrap();
        let report = import(&app, std::slice::from_ref(&broken)).await;
        assert!(
            report.errors.iter().any(|e| e.contains("broken.tar.xz")),
            "{:?}",
            report.errors
        );
        app.store().close().await;
    }
}

#[tokio::test]
async fn an_interrupted_import_resumes_after_its_last_batch() {
    for db in databases() {
        let app = App::open(&db.url, &StoreOptions::default()).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("artist.jsonl");
        std::fs::copy(fixtures("bad/mbdump/artist"), &file).unwrap();
        // As if a run had committed the batch of the first line and stopped.
        let first = import(&app, std::slice::from_ref(&file)).await;
        assert_eq!(first.outcome.imported, 3);
        let name = file.display().to_string();
        let meta = std::fs::metadata(&file).unwrap();
        let modified = meta
            .modified()
            .unwrap()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let checkpoint = app::MbCheckpoint {
            file: name,
            fingerprint: format!("{}:{modified}", meta.len()),
            line: 3,
        };
        let run = app.store().musicbrainz_run().await.unwrap();
        app.store()
            .import_musicbrainz(run, &[], Some(&checkpoint))
            .await
            .unwrap();
        let resumed = import(&app, std::slice::from_ref(&file)).await;
        assert_eq!(resumed.resumed_lines, 3);
        assert_eq!(
            resumed.errors.len(),
            0,
            "the bad lines 2 and 3 were not read again: {:?}",
            resumed.errors
        );
        assert_eq!(resumed.outcome.unchanged, 2, "lines 4 and 5");
        // Done: the next import reads the whole file again.
        assert_eq!(
            import(&app, std::slice::from_ref(&file))
                .await
                .resumed_lines,
            0
        );
        app.store().close().await;
    }
}

#[tokio::test]
async fn the_xml_of_an_entity_imports_as_its_json_did() {
    for db in databases() {
        let app = App::open(&db.url, &StoreOptions::default()).await.unwrap();
        for name in ["artist-exo", "release-last-angel"] {
            let json = import(&app, &[fixtures(&format!("pairs/{name}.json"))]).await;
            assert!(json.errors.is_empty(), "{:?}", json.errors);
            assert!(json.outcome.imported > 0, "{name}: {:?}", json.outcome);
            let before = export(&app).await;
            let xml = import(&app, &[fixtures(&format!("pairs/{name}.xml"))]).await;
            assert!(xml.errors.is_empty() && xml.ignored.is_empty(), "{xml:?}");
            assert_eq!(
                (
                    xml.outcome.imported,
                    xml.outcome.updated,
                    xml.outcome.unchanged
                ),
                (0, 0, json.outcome.imported),
                "{name}: {:?}",
                xml.outcome
            );
            assert_eq!(export(&app).await, before, "{name}");
        }
        app.store().close().await;
    }
}

#[tokio::test]
async fn every_shared_file_imports_without_error() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/musicbrainz");
    if !root.is_dir() {
        assert!(
            std::env::var_os("BSIDE_REQUIRE_SHARED").is_none(),
            "BSIDE_REQUIRE_SHARED is set but {} is missing",
            root.display()
        );
        eprintln!("skipped: shared MusicBrainz data (no ../shared beside the checkout)");
        return;
    }
    for db in databases() {
        let app = App::open(&db.url, &StoreOptions::default()).await.unwrap();
        let report = import(&app, std::slice::from_ref(&root)).await;
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        // Only the notes beside the data are left alone: every JSON and XML file is read.
        assert!(
            report.ignored.iter().all(|i| i.contains(".md: ")),
            "{:?}",
            report.ignored
        );
        assert!(report.outcome.imported > 50, "{:?}", report.outcome);
        // From the WS/2 XML files: EXO with its members, Prokofiev with his French name.
        let exo = artist_by_mbid(&app, "b3785a55-2cf6-497d-b8e3-cfa21a36f997").await;
        assert_eq!(exo.name, "EXO");
        let prokofiev = artist_by_mbid(&app, "0e43fe9d-c472-4b62-be9e-55f971a023e1").await;
        assert!(
            prokofiev
                .aliases
                .iter()
                .any(|a| a.name == "Sergueï Prokofiev" && a.locale.as_deref() == Some("fr")),
            "{:?}",
            prokofiev.aliases
        );
        let before = export(&app).await;
        let again = import(&app, std::slice::from_ref(&root)).await;
        assert_eq!((again.outcome.imported, again.outcome.updated), (0, 0));
        assert_eq!(export(&app).await, before);
        app.store().close().await;
    }
}

const GROUP: &str = "11111111-1111-4111-8111-111111111111";
const MERGED: &str = "22222222-2222-4222-8222-222222222222";
const SURVIVOR: &str = "33333333-3333-4333-8333-333333333333";

/// A group naming a member who MusicBrainz later merges into another artist; the member has an
/// Instagram account.
fn merge_dump(dir: &Path) -> PathBuf {
    let lines = [
        serde_json::json!({"id": GROUP, "name": "Tri", "type": "Group", "relations": [
            {"type": "member of band", "type-id": "5be4c609-9afa-4ea0-910b-12ffb71e3821",
             "target-type": "artist", "direction": "backward", "begin": "2020",
             "attributes": [], "artist": {"id": MERGED, "name": "Aye", "type": "Person"}}]}),
        serde_json::json!({"id": MERGED, "name": "Aye", "type": "Person", "relations": [
            {"type": "social network", "target-type": "url", "direction": "forward",
             "url": {"id": "44444444-4444-4444-8444-444444444444", "resource": "https://www.instagram.com/aye/"}}]}),
        serde_json::json!({"id": SURVIVOR, "name": "Aye Kim", "type": "Person"}),
    ];
    let path = dir.join("mbdump").join("artist");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&path, text).unwrap();
    path
}

#[tokio::test]
async fn a_merge_moves_what_named_the_merged_artist_to_the_survivor() {
    for db in databases() {
        let app = App::open(&db.url, &StoreOptions::default()).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let dump = merge_dump(dir.path());
        import(&app, std::slice::from_ref(&dump)).await;
        let merged_slug = artist_by_mbid(&app, MERGED).await.slug;
        let merged_sources = app.store().export().await.unwrap().accounts[0]
            .sources
            .clone();

        let file = dir.path().join("merges.tsv");
        std::fs::write(
            &file,
            format!("# kind merged survivor\nartist\t{MERGED}\t{SURVIVOR}\n"),
        )
        .unwrap();
        let merges = App::musicbrainz_merges(&file).unwrap();
        let options = MbImportOptions {
            merges: merges.clone(),
            ..MbImportOptions::default()
        };
        // The newer dump no longer has the merged artist, and its group names the survivor.
        let newer = tempfile::tempdir().unwrap();
        let dump2 = merge_dump(newer.path());
        let text = std::fs::read_to_string(&dump2).unwrap();
        let merged_line = format!("{{\"id\":\"{MERGED}\"");
        let kept: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with(&merged_line))
            .collect();
        assert_eq!(kept.len(), 2);
        std::fs::write(&dump2, kept.join("\n").replace(MERGED, SURVIVOR) + "\n").unwrap();
        let report = app
            .import_musicbrainz(
                std::slice::from_ref(&dump2),
                &options,
                &MbProgress::default(),
            )
            .await
            .unwrap();
        assert_eq!(report.outcome.merged, 1, "{:?}", report.outcome);
        assert!(report.outcome.conflicts.is_empty(), "{:?}", report.outcome);

        let survivor = artist_by_mbid(&app, SURVIVOR).await;
        assert_eq!(survivor.memberships.len(), 1, "{survivor:?}");
        assert_eq!(survivor.memberships[0].group.as_str(), "tri");
        assert!(
            app.store()
                .artist(merged_slug.as_str())
                .await
                .unwrap()
                .is_none()
        );
        let accounts = app.store().export().await.unwrap().accounts;
        assert_eq!(accounts.len(), 1);
        assert_eq!(accounts[0].artist, survivor.slug, "the account moved");
        assert_eq!(
            accounts[0].sources, merged_sources,
            "with the citations it had, not the survivor's"
        );

        // The merge again, and the older dump that still names the merged MBID: nothing changes,
        // its line is not imported over the survivor, and its group finds the survivor.
        let before = export(&app).await;
        let again = app
            .import_musicbrainz(
                std::slice::from_ref(&dump2),
                &options,
                &MbProgress::default(),
            )
            .await
            .unwrap();
        assert_eq!(again.outcome.merged, 0, "{:?}", again.outcome);
        assert_eq!(again.outcome.updated, 0, "{:?}", again.outcome);
        assert_eq!(before, export(&app).await);
        let old = import(&app, std::slice::from_ref(&dump)).await;
        assert!(
            old.outcome
                .skipped
                .iter()
                .any(|s| s.mbid == MERGED && s.message.contains("merged into")),
            "{:?}",
            old.outcome
        );
        assert_eq!(old.outcome.imported, 0, "{:?}", old.outcome);
        assert!(old.outcome.conflicts.is_empty(), "{:?}", old.outcome);
        assert_eq!(artist_by_mbid(&app, SURVIVOR).await.memberships.len(), 1);
        app.store().close().await;
    }
}

#[test]
fn a_bad_merges_file_is_named_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("merges.tsv");
    std::fs::write(
        &file,
        format!("artist\t{MERGED}\t{SURVIVOR}\nlabel\t{MERGED}\t{SURVIVOR}\n"),
    )
    .unwrap();
    let error = App::musicbrainz_merges(&file).unwrap_err().to_string();
    assert!(
        error.contains("line 2") && error.contains("\"label\""),
        "{error}"
    );
    std::fs::write(&file, format!("artist\t{MERGED}\tnot-an-mbid\n")).unwrap();
    let error = App::musicbrainz_merges(&file).unwrap_err().to_string();
    assert!(
        error.contains("line 1") && error.contains("not an MBID"),
        "{error}"
    );
}

/// Citation rows of accounts in the database at `url`.
async fn account_citation_rows(url: &str) -> i64 {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(url).await.unwrap();
    let (rows,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM citations WHERE subject = 'account'")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    rows
}

/// Every account an import makes cites its artist's MusicBrainz page, as the artist does: it is
/// stored without citation rows of its own, and keeps its citations when the artist's change.
#[tokio::test]
async fn an_imported_account_keeps_its_citations_when_its_artists_change() {
    for db in databases() {
        let app = App::open(&db.url, &StoreOptions::default()).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mbdump").join("artist");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mbids = [GROUP, MERGED, SURVIVOR];
        let text: String = ["Aye", "Bee", "Cee"]
            .iter()
            .zip(mbids)
            .enumerate()
            .map(|(i, (name, mbid))| {
                let line = serde_json::json!({"id": mbid, "name": name, "type": "Person", "relations": [
                    {"type": "social network", "target-type": "url", "direction": "forward",
                     "url": {"id": format!("4444444{i}-4444-4444-8444-444444444444"),
                             "resource": format!("https://www.instagram.com/{}/", name.to_lowercase())}}]});
                format!("{line}\n")
            })
            .collect();
        std::fs::write(&path, text).unwrap();
        import(&app, std::slice::from_ref(&path)).await;
        let store = app.store();
        let bundle = store.export().await.unwrap();
        assert_eq!(bundle.accounts.len(), 3);
        let [aye, bee, cee] = mbids.map(|mbid| {
            let artist = bundle
                .artists
                .iter()
                .find(|a| a.external_ids.iter().any(|id| id.value == mbid))
                .unwrap()
                .clone();
            let account = bundle
                .accounts
                .iter()
                .find(|a| a.artist == artist.slug)
                .unwrap()
                .clone();
            assert_eq!(account.sources, artist.sources, "{}", account.slug);
            (artist, account)
        });
        assert_eq!(
            account_citation_rows(&db.url).await,
            0,
            "the accounts share their artists' citations"
        );

        let news = model::Source {
            slug: model::Slug::parse("news").unwrap(),
            url: "https://example.com/news".to_owned(),
            publisher: "Example".to_owned(),
            title: None,
            published: None,
        };
        store.create_source(&news).await.unwrap();
        let cite_news = model::Citation {
            source: news.slug.clone(),
            evidence: None,
        };
        let account_now = |slug: model::Slug| async move {
            store.account(slug.as_str()).await.unwrap().unwrap().sources
        };
        // A source cited for Aye alone.
        assert!(
            store
                .cite_artist(aye.0.slug.as_str(), &cite_news)
                .await
                .unwrap()
        );
        assert_eq!(account_now(aye.1.slug.clone()).await, aye.1.sources);
        // Bee's citations replaced.
        let mut replaced = bee.0.clone();
        replaced.sources = vec![cite_news.clone()];
        store
            .replace_artist(bee.0.slug.as_str(), &replaced)
            .await
            .unwrap();
        assert_eq!(account_now(bee.1.slug.clone()).await, bee.1.sources);
        // A source cited for Cee's account alone.
        assert!(
            store
                .cite_account(cee.1.slug.as_str(), &cite_news)
                .await
                .unwrap()
        );
        let mut expected = cee.1.sources.clone();
        expected.push(cite_news.clone());
        assert_eq!(account_now(cee.1.slug.clone()).await, expected);
        let artist = store.artist(cee.0.slug.as_str()).await.unwrap().unwrap();
        assert_eq!(
            artist.sources, cee.0.sources,
            "Cee itself cites what it did"
        );
        assert_eq!(account_citation_rows(&db.url).await, 1 + 1 + 2);
        store.close().await;
    }
}
