//! MusicBrainz parsing: the fixtures in `testdata/musicbrainz` (and every file of
//! `../shared/data/musicbrainz` when it is there) read without error and map as MusicBrainz means.

use std::path::{Path, PathBuf};

use ingest::musicbrainz::{
    DumpLines, Entity, EntityType, LineError, Parsed, SongRef, parse_document,
};
use model::{AliasKind, ArtistKind};

fn testdata(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/musicbrainz")
        .join(name)
}

/// Reads a file as the importer does: `.json` as one response, anything else as dump lines.
fn read(path: &Path) -> Result<Vec<Parsed>, String> {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    if name.ends_with(".json") {
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        parse_document(&text).map_err(|e| format!("{name}: {e}"))
    } else {
        let file = std::io::BufReader::new(std::fs::File::open(path).map_err(|e| e.to_string())?);
        DumpLines::new(file, EntityType::from_file_name(&name))
            .map(|item| match item {
                Ok(parsed) => Ok(parsed),
                Err(LineError::Parse(e)) => Err(format!("{name}: {e}")),
                Err(LineError::Read { line, error }) => {
                    Err(format!("{name}: line {line}: {error}"))
                }
            })
            .collect()
    }
}

fn entities(path: &Path) -> Vec<Entity> {
    read(path)
        .unwrap()
        .into_iter()
        .flat_map(|p| p.entities)
        .collect()
}

#[test]
fn nirvana_keeps_its_japanese_alias() {
    let all = entities(&testdata("lookup-artist-5b11f4ce-nirvana-aliases.json"));
    let [Entity::Artist(nirvana)] = all.as_slice() else {
        panic!("{all:?}")
    };
    assert_eq!(nirvana.mbid, "5b11f4ce-a62d-471e-81fc-a69a8278c7da");
    assert_eq!(nirvana.kind, ArtistKind::Group);
    let aliases = nirvana.aliases.as_ref().unwrap();
    let ja = aliases
        .iter()
        .find(|a| a.locale.as_deref() == Some("ja"))
        .unwrap();
    assert_eq!(ja.name, "ニルヴァーナ");
    assert_eq!(ja.kind, AliasKind::StageName);
    assert!(ja.primary);
    assert!(
        aliases
            .iter()
            .any(|a| a.name == "Nirvana US" && a.kind == AliasKind::SearchHint)
    );
}

#[test]
fn every_shared_file_reads_without_error() {
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
    let mut files = vec![];
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e == "json" || e == "jsonl")
            {
                files.push(path);
            }
        }
    }
    assert!(files.len() >= 20, "{files:?}");
    for file in files {
        let parsed = read(&file).unwrap_or_else(|e| panic!("{e}"));
        for p in &parsed {
            for e in &p.entities {
                eprintln!("{}: {}", file.display(), summary(e));
            }
            for note in &p.notes {
                eprintln!("{}: note: {note}", file.display());
            }
        }
    }
}

fn summary(entity: &Entity) -> String {
    match entity {
        Entity::Artist(a) => format!(
            "artist {} {}",
            a.name,
            a.aliases.as_ref().map_or(0, Vec::len)
        ),
        Entity::Release(r) => format!(
            "release {} tracks={:?} videos={:?}",
            r.title,
            r.tracks.as_ref().map(Vec::len),
            r.videos
                .iter()
                .map(|v| (&v.title, &v.song))
                .collect::<Vec<_>>()
        ),
        Entity::Video(v) => format!("video {} {:?} {:?}", v.title, v.date, v.song),
        Entity::Skipped(s) => format!("skipped {} {}", s.kind, s.reason),
    }
}

#[expect(dead_code, reason = "used by later tests")]
fn song(video: &ingest::musicbrainz::MbVideo) -> Option<&SongRef> {
    video.song.as_ref()
}
