//! MusicBrainz parsing: the fixtures in `testdata/musicbrainz` (and every file of
//! `../shared/data/musicbrainz`, JSON and XML, when it is there) read without error and map as
//! MusicBrainz means.

use std::path::{Path, PathBuf};

use ingest::musicbrainz::{
    DumpLines, Entity, EntityType, LineError, Parsed, SongRef, parse_document, parse_xml_document,
};
use model::{AliasKind, ArtistKind};

pub(crate) fn testdata(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/musicbrainz")
        .join(name)
}

/// Reads a file as the importer does: `.json` and `.xml` as one response, anything else as dump
/// lines.
pub(crate) fn read(path: &Path) -> Result<Vec<Parsed>, String> {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let xml = name.ends_with(".xml");
    if xml || name.ends_with(".json") {
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        let parsed = if xml {
            parse_xml_document(&text)
        } else {
            parse_document(&text)
        };
        parsed.map_err(|e| format!("{name}: {e}"))
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

pub(crate) fn entities(path: &Path) -> Vec<Entity> {
    read(path)
        .unwrap()
        .into_iter()
        .flat_map(|p| p.entities)
        .collect()
}

#[test]
fn nirvana_keeps_its_japanese_alias() {
    let all = entities(&testdata(
        "good/lookup-artist-5b11f4ce-nirvana-aliases.json",
    ));
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

/// `../shared/data/musicbrainz/SUB` beside the checkout, or `None` (said on stderr) when it is not
/// there; with `BSIDE_REQUIRE_SHARED` set it must be.
pub(crate) fn shared(sub: &str) -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/musicbrainz")
        .join(sub);
    if root.is_dir() {
        return Some(root);
    }
    assert!(
        std::env::var_os("BSIDE_REQUIRE_SHARED").is_none(),
        "BSIDE_REQUIRE_SHARED is set but {} is missing",
        root.display()
    );
    eprintln!("skipped: shared MusicBrainz data (no ../shared beside the checkout)");
    None
}

#[test]
fn every_shared_file_reads_without_error() {
    let Some(root) = shared("") else {
        return;
    };
    let mut files = vec![];
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e == "json" || e == "jsonl" || e == "xml")
            {
                files.push(path);
            }
        }
    }
    assert!(files.len() >= 27, "{files:?}");
    assert!(
        files
            .iter()
            .filter(|f| f.extension().unwrap() == "xml")
            .count()
            >= 7,
        "{files:?}"
    );
    for file in files {
        let parsed = read(&file).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            parsed.iter().any(|p| !p.entities.is_empty()),
            "{} gave nothing",
            file.display()
        );
    }
}

#[test]
fn music_video_tracks_become_videos_of_their_songs() {
    let all = entities(&testdata("good/release_multidisc.json"));
    let [Entity::Release(release)] = all.as_slice() else {
        panic!("{all:?}")
    };
    let tracks = release.tracks.as_ref().unwrap();
    assert!(
        tracks.iter().all(|t| t.disc == 1),
        "the DVD's video tracks are not audio tracks"
    );
    let mv = release
        .videos
        .iter()
        .find(|v| v.title == "ケアレス (Music Video)")
        .unwrap();
    assert_eq!(mv.song, Some(SongRef::Track { disc: 1, number: 1 }));
    assert_eq!(tracks[0].title, "ケアレス");
    assert_eq!(mv.date.unwrap().to_string(), "2021-09-15");

    let all = entities(&testdata("good/recording_video.json"));
    let [Entity::Video(enemy)] = all.as_slice() else {
        panic!("{all:?}")
    };
    assert_eq!(
        enemy.song,
        Some(SongRef::Recording(
            "20ac46d2-aa41-45e0-b3f4-8b660560c696".to_owned()
        ))
    );
}

#[test]
fn last_angel_keeps_both_artists_and_the_join_phrase() {
    let all = entities(&testdata(
        "good/lookup-recording-b9ad642e-last-angel-tvxq.json",
    ));
    let single = all
        .iter()
        .find_map(|e| match e {
            Entity::Release(r) if r.title == "LAST ANGEL" => Some(r),
            _ => None,
        })
        .unwrap();
    let credits = single.credits.as_ref().unwrap();
    assert_eq!(credits.len(), 2);
    assert_eq!(credits[0].artist.name, "倖田來未");
    assert_eq!(credits[0].join_phrase.as_deref(), Some(" feat. "));
    assert_eq!(credits[1].artist.name, "東方神起");
    assert_eq!(credits[1].artist.kind, ArtistKind::Group);
}

#[test]
fn group_members_and_subgroups_are_read_from_both_sides() {
    let all = entities(&testdata("good/mbdump/artist"));
    let [Entity::Artist(exo), Entity::Artist(chen)] = all.as_slice() else {
        panic!("{all:?}")
    };
    let relations = exo.relations.as_ref().unwrap();
    let tao = relations
        .members
        .iter()
        .find(|m| m.other.name == "黄子韬")
        .unwrap();
    assert_eq!(tao.credited_as.as_deref(), Some("TAO"));
    assert_eq!(tao.end.unwrap().to_string(), "2015");
    assert!(
        relations
            .members
            .iter()
            .any(|m| m.other.name == "EXO-K" && m.roles[0] == "subgroup")
    );
    assert_eq!(relations.links.len(), 2);
    let group = &chen.relations.as_ref().unwrap().groups[0];
    assert_eq!(group.other.name, "EXO");
    assert_eq!(group.roles, ["original", "lead vocals"]);
}

#[test]
fn bad_lines_are_named_and_the_rest_reads() {
    let file = std::io::BufReader::new(std::fs::File::open(testdata("bad/mbdump/artist")).unwrap());
    let results: Vec<_> = DumpLines::new(file, Some(EntityType::Artist)).collect();
    assert_eq!(results.len(), 5);
    let error = |i: usize| match &results[i] {
        Err(LineError::Parse(e)) => e.clone(),
        other => panic!("line {}: {other:?}", i + 1),
    };
    assert_eq!(error(1).line, 2);
    assert!(error(1).message.contains("truncated"), "{}", error(1));
    assert_eq!(error(2).line, 3);
    assert!(error(2).message.contains("invalid type"), "{}", error(2));
    let odd = results[3].as_ref().unwrap();
    assert_eq!(odd.line, 4);
    assert!(
        odd.notes[0].contains("unknown relation type \"member of the band\""),
        "{:?}",
        odd.notes
    );
    assert!(results[4].is_ok() && results[0].is_ok());
}

#[test]
fn a_membership_without_its_type_id_is_known_by_its_name() {
    let line = r#"{"id": "11111111-1111-4111-8111-111111111111", "name": "Tri", "type": "Group", "relations": [
        {"type": "member of band", "target-type": "artist", "direction": "backward", "begin": "2020",
         "attributes": [], "artist": {"id": "22222222-2222-4222-8222-222222222222", "name": "Aye", "type": "Person"}}]}"#
        .replace('\n', " ");
    let parsed = ingest::musicbrainz::parse_line(&line, 1, Some(EntityType::Artist)).unwrap();
    assert!(parsed.notes.is_empty(), "{:?}", parsed.notes);
    let Entity::Artist(group) = &parsed.entities[0] else {
        panic!("{:?}", parsed.entities)
    };
    let members = &group.relations.as_ref().unwrap().members;
    assert_eq!(members.len(), 1);
    assert_eq!(members[0].other.name, "Aye");
}
