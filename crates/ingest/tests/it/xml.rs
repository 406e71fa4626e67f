//! MusicBrainz WS/2 XML: the XML and the JSON of one entity give equal entities, browses and
//! searches give one item per element, broken XML is named with its line, and the shared XML files
//! read.
//! `testdata/musicbrainz/pairs` holds entities written both ways by hand from the same facts (apart
//! from `good/`, which the app's tests import whole: a pair there would import one entity twice).

use ingest::musicbrainz::{Entity, MbArtist, MbRelease, SongRef, parse_xml_document};
use model::{AliasKind, ArtistKind, Platform, ReleaseKind};

use super::musicbrainz::{entities, read, shared, testdata};

fn artist(all: &[Entity]) -> &MbArtist {
    match all {
        [Entity::Artist(artist)] => artist,
        other => panic!("{other:?}"),
    }
}

fn release(all: &[Entity]) -> &MbRelease {
    match all {
        [Entity::Release(release)] => release,
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_xml_artist_lookup_equals_its_json() {
    let xml = read(&testdata("pairs/artist-exo.xml")).unwrap();
    let json = read(&testdata("pairs/artist-exo.json")).unwrap();
    assert_eq!(xml, json);
    assert!(xml[0].notes.is_empty(), "{:?}", xml[0].notes);

    let exo = artist(&xml[0].entities);
    assert_eq!(exo.kind, ArtistKind::Group);
    assert_eq!(exo.country.as_deref(), Some("KR"));
    assert_eq!(exo.debut.unwrap().to_string(), "2011-12-23");
    let aliases = exo.aliases.as_ref().unwrap();
    let korean = aliases
        .iter()
        .find(|a| a.locale.as_deref() == Some("ko"))
        .unwrap();
    assert_eq!(
        (korean.name.as_str(), korean.kind, korean.primary),
        ("엑소", AliasKind::StageName, true)
    );
    let japanese = aliases
        .iter()
        .find(|a| a.locale.as_deref() == Some("ja"))
        .unwrap();
    assert!(!japanese.primary);
    assert!(
        aliases
            .iter()
            .any(|a| a.name == "EXO-K & EXO-M" && a.kind == AliasKind::SearchHint)
    );

    let relations = exo.relations.as_ref().unwrap();
    let tao = &relations.members[0];
    assert_eq!(tao.other.name, "黄子韬");
    assert_eq!(tao.other.kind, ArtistKind::Person);
    assert_eq!(tao.credited_as.as_deref(), Some("TAO"));
    assert_eq!(tao.roles, ["original"]);
    assert_eq!(tao.begin.unwrap().to_string(), "2011");
    assert_eq!(tao.end.unwrap().to_string(), "2015");
    assert_eq!(relations.members[1].roles, ["subgroup"]);
    assert!(relations.groups.is_empty());
    let [wikidata, instagram] = relations.links.as_slice() else {
        panic!("{:?}", relations.links)
    };
    assert_eq!(wikidata.url_mbid, "5d2a6dd6-41a5-44ea-ac1b-4e6eb3ef1a67");
    assert_eq!(wikidata.external_id.as_ref().unwrap().value, "Q485985");
    assert_eq!(
        instagram.account,
        Some((Platform::Instagram, "weareone.exo".to_owned()))
    );
}

#[test]
fn an_xml_release_keeps_media_tracks_videos_and_a_two_artist_credit() {
    let xml = entities(&testdata("pairs/release-last-angel.xml"));
    assert_eq!(xml, entities(&testdata("pairs/release-last-angel.json")));

    let single = release(&xml);
    assert_eq!(single.kind, ReleaseKind::Single);
    assert_eq!(single.date.unwrap().to_string(), "2007-11-07");
    assert_eq!(
        single.group_mbid.as_deref(),
        Some("6f5a1e0c-3b8a-4d56-9a55-2f2f2d6c9a01")
    );
    assert_eq!(single.label.as_deref(), Some("rhythm zone"));

    let credits = single.credits.as_ref().unwrap();
    assert_eq!(credits.len(), 2);
    assert_eq!(credits[0].artist.name, "倖田來未");
    assert_eq!(credits[0].credited_as, None);
    assert_eq!(credits[0].join_phrase.as_deref(), Some(" feat. "));
    assert_eq!(credits[1].artist.name, "東方神起");
    assert_eq!(credits[1].artist.kind, ArtistKind::Group);
    assert_eq!(credits[1].credited_as.as_deref(), Some("TVXQ"));
    assert_eq!(credits[1].join_phrase, None);

    let tracks = single.tracks.as_ref().unwrap();
    let titles: Vec<_> = tracks
        .iter()
        .map(|t| (t.disc, t.number, t.title.as_str(), t.duration_seconds))
        .collect();
    assert_eq!(
        titles,
        [
            // The first track has no <title> of its own: its recording's is used.
            (1, 1, "LAST ANGEL", Some(231)),
            (1, 2, "LAST ANGEL (instrumental)", Some(231)),
        ]
    );
    let [video] = single.videos.as_slice() else {
        panic!("{:?}", single.videos)
    };
    assert_eq!(video.title, "LAST ANGEL (Music Video)");
    assert_eq!(video.mbid, "5e0a9d3c-48f1-4c7e-b0d2-7a6f3c2e1b03");
    assert_eq!(video.song, Some(SongRef::Track { disc: 1, number: 1 }));
    assert_eq!(video.date.unwrap().to_string(), "2007-11-07");
}

const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<metadata xmlns="http://musicbrainz.org/ns/mmd-2.0#">"#;

#[test]
fn browses_and_searches_give_one_item_per_element() {
    let text = format!(
        r#"{HEAD}
<artist-list count="2" offset="0">
  <artist id="a1" type="Person" ext:score="100" xmlns:ext="http://musicbrainz.org/ns/ext#-2.0"><name>One</name></artist>
  <artist id="a2" type="Choir"><name>Two</name><life-span><begin>1990</begin></life-span></artist>
</artist-list></metadata>"#
    );
    let parsed = parse_xml_document(&text).unwrap();
    assert_eq!(parsed.len(), 2);
    assert_eq!(parsed[1].path.as_deref(), Some("artist-list[1]"));
    assert_eq!(parsed[1].line, 5);
    let two = artist(&parsed[1].entities);
    assert_eq!(
        (two.name.as_str(), two.kind, two.debut.unwrap().to_string()),
        ("Two", ArtistKind::Group, "1990".to_owned())
    );

    let labels = parse_xml_document(&format!(
        r#"{HEAD}<label-list count="1"><label id="l1"><name>Label</name></label></label-list></metadata>"#
    ))
    .unwrap();
    let [Entity::Skipped(label)] = labels[0].entities.as_slice() else {
        panic!("{labels:?}")
    };
    assert_eq!(
        (label.kind.as_str(), label.mbid.as_deref()),
        ("label", Some("l1"))
    );

    let empty = parse_xml_document(&format!(
        r#"{HEAD}<release-list count="0" offset="0"/></metadata>"#
    ))
    .unwrap();
    assert!(empty.is_empty());
}

#[test]
fn an_older_search_gives_the_release_group_type_as_an_attribute() {
    // No <primary-type>: the legacy `type` is the secondary type when there is one, else the primary.
    let kind = |legacy: &str| {
        let text = format!(
            r#"{HEAD}<release-group-list count="1"><release-group type="{legacy}" id="g">
<title>T</title><release-list count="1"><release id="r"><title>T</title><date>2001</date></release>
</release-list></release-group></release-group-list></metadata>"#
        );
        release(&parse_xml_document(&text).unwrap()[0].entities).kind
    };
    assert_eq!(kind("EP"), ReleaseKind::Ep);
    assert_eq!(kind("Compilation"), ReleaseKind::Compilation);
    assert_eq!(kind("Soundtrack"), ReleaseKind::Other);
}

#[test]
fn a_medium_without_its_tracks_is_no_tracklist() {
    // Without inc=recordings MusicBrainz sends `<track-list count="N"/>`: no tracklist, as in JSON.
    let text = format!(
        r#"{HEAD}<release id="r1"><title>T</title><date>2020</date>
<medium-list count="1"><medium><position>1</position><track-list count="9"/></medium></medium-list>
</release></metadata>"#
    );
    let parsed = parse_xml_document(&text).unwrap();
    assert_eq!(release(&parsed[0].entities).tracks, None);
}

#[test]
fn broken_xml_is_named_with_its_line() {
    let error = |text: &str| parse_xml_document(text).unwrap_err();

    let truncated = error(&format!("{HEAD}\n<artist id=\"a\"><name>EX"));
    assert!(truncated.message.contains("truncated"), "{truncated}");
    assert_eq!(truncated.line, 3);

    let mismatched = error(&format!(
        "{HEAD}\n<artist id=\"a\">\n<name>EXO</sort-name></artist></metadata>"
    ));
    assert_eq!(mismatched.line, 4);
    assert!(
        mismatched.to_string().starts_with("line 4, column ")
            && mismatched
                .message
                .contains("not well-formed XML: expected 'name' tag, not 'sort-name'"),
        "{mismatched}"
    );

    let no_id = error(&format!(
        "{HEAD}\n<artist type=\"Group\"><name>EXO</name></artist></metadata>"
    ));
    assert_eq!(no_id.line, 3);
    assert_eq!(no_id.message, "<artist> has no id attribute");

    let length = error(&format!(
        "{HEAD}<recording id=\"r\"><title>T</title>\n<length>3:40</length></recording></metadata>"
    ));
    assert_eq!(length.line, 3);
    assert_eq!(length.message, "<length> is not a number: \"3:40\"");

    let json = error(r#"{"id": "a", "name": "EXO"}"#);
    assert!(json.message.contains("not well-formed XML"), "{json}");

    let html = error("<html><body>hello</body></html>");
    assert!(
        html.message
            .contains("expected <metadata> (a MusicBrainz WS/2 XML response), found <html>"),
        "{html}"
    );

    let old = error(
        r#"<metadata xmlns="http://musicbrainz.org/ns/mmd-1.0#"><artist id="a"><name>A</name></artist></metadata>"#,
    );
    assert!(old.message.contains("mmd-1.0"), "{old}");

    let answer = error("<error><text>Not Found</text></error>");
    assert_eq!(
        answer.message,
        "MusicBrainz answered with an error: Not Found"
    );

    let empty = error(&format!("{HEAD}</metadata>"));
    assert!(empty.message.contains("<metadata> is empty"), "{empty}");

    let unknown = error(&format!("{HEAD}<collection id=\"c\"/></metadata>"));
    assert!(
        unknown
            .message
            .contains("<collection> is not a MusicBrainz entity"),
        "{unknown}"
    );
}

#[test]
fn the_shared_xml_files_map_as_musicbrainz_means() {
    let Some(dir) = shared("ws2-xml/python-musicbrainzngs") else {
        return;
    };
    let file = |prefix: &str| {
        let name = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix}… in {}", dir.display()));
        entities(&name)
    };

    let all = file("artist-b3785a55");
    let exo = artist(&all);
    assert_eq!((exo.name.as_str(), exo.kind), ("EXO", ArtistKind::Group));
    let relations = exo.relations.as_ref().unwrap();
    let kris = relations
        .members
        .iter()
        .find(|m| m.credited_as.as_deref() == Some("KRIS"))
        .unwrap();
    assert_eq!(kris.other.name, "吴亦凡");
    assert_eq!(kris.end.unwrap().to_string(), "2014");
    let d_o = relations
        .members
        .iter()
        .find(|m| m.other.name == "D.O.")
        .unwrap();
    assert_eq!(d_o.roles, ["lead vocals", "original"]);
    assert!(
        relations
            .members
            .iter()
            .any(|m| m.other.name == "EXO-M" && m.roles == ["subgroup"])
    );

    let all = file("artist-0e43fe9d");
    let prokofiev = artist(&all);
    assert_eq!(prokofiev.country.as_deref(), Some("RU"));
    assert_eq!(prokofiev.debut.unwrap().to_string(), "1891-04-27");
    let french = prokofiev
        .aliases
        .as_ref()
        .unwrap()
        .iter()
        .find(|a| a.locale.as_deref() == Some("fr"))
        .unwrap();
    assert_eq!(french.name, "Sergueï Prokofiev");
    assert!(french.primary);

    let all = file("release-fe29e7f0");
    let urk = release(&all);
    assert_eq!(urk.title, "Urk");
    assert_eq!(urk.date.unwrap().to_string(), "2007-02-02");
    assert_eq!(urk.videos.len(), 19);
    let dream = urk.videos.iter().find(|v| v.title == "The Dream").unwrap();
    assert_eq!(dream.song, Some(SongRef::Track { disc: 1, number: 6 }));

    let all = file("release-833d4c3a");
    let ruined = release(&all);
    let tracks = ruined.tracks.as_ref().unwrap();
    assert_eq!(tracks.len(), 21);
    assert_eq!(tracks[0].title, "Pollux");
    assert_eq!(tracks[6].title, "In the Clounds");
    assert_eq!(ruined.credits.as_ref().unwrap()[0].artist.name, "JT Bruce");
}
