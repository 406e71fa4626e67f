//! The index as its callers use it: one `check` per matching rule over a small catalog in the
//! demo's image, incremental writes, and property tests (a name finds itself; one typo still does).

mod properties;
mod updates;

use model::{Artist, Release, Show};
use search::{Document, Hit, HitKind, MatchHow, Query, SearchIndex};
use serde_json::json;

pub(crate) fn artist(slug: &str, name: &str, aliases: &[(&str, &str)]) -> Artist {
    let aliases: Vec<_> = aliases
        .iter()
        .map(|(name, kind)| json!({"name": name, "kind": kind}))
        .collect();
    serde_json::from_value(
        json!({"slug": slug, "name": name, "kind": "person", "aliases": aliases}),
    )
    .expect("a valid artist")
}

/// V, the other members of BTS, IU, a few names to get wrong, a release and a show.
pub(crate) fn catalog() -> SearchIndex {
    let layover: Release = serde_json::from_value(json!({
        "slug": "layover", "title": "Layover", "kind": "album", "status": "released",
        "credits": [{"artist": "v"}],
        "tracks": [
            {"number": 2, "title": "Blue"},
            {"number": 4, "title": "Slow Dancing"},
            {"number": 6, "title": "Slow Dancing (Piano Ver.)"}
        ]
    }))
    .unwrap();
    let palette: Show = serde_json::from_value(
        json!({"slug": "palette", "title": "IU's Palette", "kind": "talk_show"}),
    )
    .unwrap();
    let documents = vec![
        Document::artist(
            &artist(
                "v",
                "V",
                &[
                    ("Kim Taehyung", "legal_name"),
                    ("Kim Tae-hyung", "romanization"),
                    ("뷔", "native_name"),
                    ("김태형", "native_name"),
                    ("Tae Bear", "nickname"),
                    ("TaeTae", "nickname"),
                ],
            ),
            5,
        ),
        Document::artist(
            &artist(
                "jimin",
                "Jimin",
                &[("Park Ji-min", "legal_name"), ("지민", "native_name")],
            ),
            4,
        ),
        Document::artist(&artist("jin", "Jin", &[("Kim Seok-jin", "legal_name")]), 4),
        Document::artist(
            &artist(
                "iu",
                "IU",
                &[("Lee Ji-eun", "legal_name"), ("아이유", "native_name")],
            ),
            3,
        ),
        Document::artist(
            &artist(
                "bts",
                "BTS",
                &[
                    ("방탄소년단", "native_name"),
                    ("Bangtan Boys", "romanization"),
                ],
            ),
            9,
        ),
        Document::artist(&artist("taeyang", "Taeyang", &[("태양", "native_name")]), 2),
        Document::artist(
            &artist("bjork", "Björk", &[("Björk Guðmundsdóttir", "legal_name")]),
            1,
        ),
        Document::artist(
            &artist("kang-daniel", "Kang Daniel", &[("강다니엘", "native_name")]),
            1,
        ),
        Document::artist(&artist("hangul-only", "김민지", &[]), 0),
        Document::artist(
            &artist("utada", "宇多田ヒカル", &[("Hikaru Utada", "romanization")]),
            1,
        ),
        Document::artist(
            &artist("zemfira", "Земфира", &[("Zemfira", "romanization")]),
            1,
        ),
        Document::release(&layover, 2),
        Document::show(&palette, 1),
    ];
    SearchIndex::build(documents)
}

pub(crate) fn search(index: &SearchIndex, query: &str) -> Vec<Hit> {
    index.search(&Query::parse(query).expect("a valid query"), None, 10)
}

/// The first hit for `query` is `slug`, matched as `how` through the name `matched`.
#[track_caller]
fn check(query: &str, slug: &str, how: MatchHow, matched: &str) {
    let hits = search(&catalog(), query);
    let first = hits
        .first()
        .unwrap_or_else(|| panic!("{query:?} finds nothing"));
    assert_eq!(
        (first.slug.as_str(), first.how, first.matched.as_str()),
        (slug, how, matched),
        "first hit for {query:?} of {hits:#?}"
    );
}

#[test]
fn exact_display_names_ignore_case_and_diacritics() {
    check("v", "v", MatchHow::Exact, "V");
    check("iu", "iu", MatchHow::Exact, "IU");
    check("IU", "iu", MatchHow::Exact, "IU");
    check("bjork", "bjork", MatchHow::Exact, "Björk");
    check("BJÖRK", "bjork", MatchHow::Exact, "Björk");
    check("земфира", "zemfira", MatchHow::Exact, "Земфира");
}

#[test]
fn aliases_in_every_script_find_their_artist() {
    check("뷔", "v", MatchHow::Exact, "뷔");
    check("ㅂㅟ", "v", MatchHow::Exact, "뷔");
    check("김태형", "v", MatchHow::Exact, "김태형");
    check("태형", "v", MatchHow::Word, "김태형");
    check("Lee Ji-eun", "iu", MatchHow::Exact, "Lee Ji-eun");
    check(
        "bjork gudmundsdottir",
        "bjork",
        MatchHow::Exact,
        "Björk Guðmundsdóttir",
    );
    check(
        "Bjork Guðmundsdottir",
        "bjork",
        MatchHow::Exact,
        "Björk Guðmundsdóttir",
    );
}

#[test]
fn nicknames_are_matched_as_nicknames() {
    check("tae bear", "v", MatchHow::Nickname, "Tae Bear");
    check("TaeBear", "v", MatchHow::Nickname, "Tae Bear");
    check("taetae", "v", MatchHow::Nickname, "TaeTae");
}

#[test]
fn romanization_variants_meet() {
    check("Kim Tae-hyung", "v", MatchHow::Exact, "Kim Taehyung");
    check("kim taehyung", "v", MatchHow::Exact, "Kim Taehyung");
    check("taehyung", "v", MatchHow::Word, "Kim Taehyung");
    check("Tae-hyung", "v", MatchHow::Word, "Kim Taehyung");
    check("tae hyung", "v", MatchHow::Word, "Kim Taehyung");
    check(
        "Bangtan Boys",
        "bts",
        MatchHow::Romanization,
        "Bangtan Boys",
    );
}

#[test]
fn hangul_only_names_are_found_by_their_latin_spellings() {
    check("Kim Minji", "hangul-only", MatchHow::Romanization, "김민지");
    check("gim minji", "hangul-only", MatchHow::Romanization, "김민지");
    check("minji", "hangul-only", MatchHow::Romanization, "김민지");
    check("aiyu", "iu", MatchHow::Romanization, "아이유");
}

#[test]
fn prefixes_of_names_and_of_their_words() {
    check("jimi", "jimin", MatchHow::Prefix, "Jimin");
    check("Hika", "utada", MatchHow::Prefix, "Hikaru Utada");
    check("ヒカル", "utada", MatchHow::Word, "宇多田ヒカル");
    check("김", "v", MatchHow::Prefix, "김태형");
    check("김ㅁ", "hangul-only", MatchHow::Prefix, "김민지");
}

#[test]
fn typos_within_the_length_bound() {
    check("taehyng", "v", MatchHow::Fuzzy, "Kim Taehyung");
    check("taehyugn", "v", MatchHow::Fuzzy, "Kim Taehyung");
    check("kim taehyong", "v", MatchHow::Fuzzy, "Kim Taehyung");
    check("bjrok", "bjork", MatchHow::Fuzzy, "Björk");
    let hits = search(&catalog(), "jinn");
    assert_eq!(hits.first().map(|hit| hit.slug.as_str()), Some("jin"));
    assert_eq!(hits[0].distance, 1);
}

#[test]
fn short_queries_allow_no_typos_and_nonsense_finds_nothing() {
    assert!(search(&catalog(), "vx").is_empty());
    assert!(search(&catalog(), "zzqxwv").is_empty());
    assert!(search(&catalog(), "ㅋㅋㅋ").is_empty());
}

#[test]
fn ranking_is_exact_then_alias_then_words_then_prefix_then_typos() {
    let index = catalog();
    let hits = search(&index, "jin");
    assert_eq!(hits[0].slug, "jin", "{hits:#?}");
    assert_eq!(hits[0].how, MatchHow::Exact);
    // "Kim Seok-jin" ends with "jin" (words), "Jimin" does not match at all.
    let tiers: Vec<MatchHow> = hits.iter().map(|hit| hit.how).collect();
    let mut sorted = tiers.clone();
    sorted.sort();
    assert_eq!(tiers, sorted, "{hits:#?}");
    // Taeyang by prefix "tae" comes after no exact match; V has "TaeTae" and "Tae Bear" by prefix.
    let hits = search(&index, "tae");
    let slugs: Vec<&str> = hits.iter().map(|hit| hit.slug.as_str()).collect();
    assert_eq!(
        slugs,
        ["v", "taeyang"],
        "popularity breaks the tie: {hits:#?}"
    );
}

#[test]
fn releases_tracks_and_shows_are_found_by_title_and_filtered_by_kind() {
    let index = catalog();
    let hits = index.search(&Query::parse("slow dancing").unwrap(), None, 10);
    assert_eq!(hits[0].kind, HitKind::Track);
    assert_eq!(hits[0].name, "Slow Dancing");
    assert_eq!(hits[0].release_title.as_deref(), Some("Layover"));
    assert_eq!(hits[0].track.map(|t| (t.disc, t.number)), Some((1, 4)));
    assert_eq!(hits[1].name, "Slow Dancing (Piano Ver.)");
    let piano = index.search(&Query::parse("piano ver").unwrap(), None, 10);
    assert_eq!(piano[0].name, "Slow Dancing (Piano Ver.)");
    let shows = index.search(&Query::parse("palette").unwrap(), Some(HitKind::Show), 10);
    assert_eq!(shows.len(), 1);
    assert_eq!(
        (shows[0].kind, shows[0].slug.as_str()),
        (HitKind::Show, "palette")
    );
    let releases = index.search(&Query::parse("layover").unwrap(), Some(HitKind::Artist), 10);
    assert!(releases.is_empty());
}

#[test]
fn limits_are_kept() {
    let index = catalog();
    let query = Query::parse("k").unwrap();
    assert!(index.search(&query, None, 10).len() > 1);
    assert_eq!(index.search(&query, None, 1).len(), 1);
    assert!(index.search(&query, None, 0).is_empty());
}
