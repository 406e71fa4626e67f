//! The demo bundle and small builders for the values the stories write.

use jiff::Timestamp;
use model::{
    Alias, AliasKind, Artist, ArtistKind, Bundle, Citation, Credit, Moment, MusicVideo,
    PartialDate, Release, ReleaseKind, ReleaseStatus, Slug, Source, Track, TrackRef, VideoState,
    VideoStep,
};
use store::{Page, Store};

/// The demo catalog shipped with the app: V's Layover, BTS and its members, IU's Palette.
pub(crate) fn demo() -> Bundle {
    let bundle: Bundle = serde_json::from_str(include_str!("../../../app/demo/bundle.json"))
        .expect("the demo bundle parses");
    bundle.validate().expect("the demo bundle is valid");
    bundle
}

/// Imports the demo bundle and returns it.
pub(crate) async fn with_demo(store: &Store) -> Bundle {
    let bundle = demo();
    let written = store
        .import(&bundle, &mut |_| {})
        .await
        .expect("the demo bundle imports");
    assert_eq!(
        written,
        bundle.len(),
        "import counts every entity it writes"
    );
    bundle
}

/// The bundle with every list ordered by slug (series by key), as `export` gives it.
pub(crate) fn canonical(mut bundle: Bundle) -> Bundle {
    bundle.sources.sort_by(|a, b| a.slug.cmp(&b.slug));
    bundle.artists.sort_by(|a, b| a.slug.cmp(&b.slug));
    bundle.releases.sort_by(|a, b| a.slug.cmp(&b.slug));
    bundle.videos.sort_by(|a, b| a.slug.cmp(&b.slug));
    bundle.shows.sort_by(|a, b| a.slug.cmp(&b.slug));
    bundle.appearances.sort_by(|a, b| a.slug.cmp(&b.slug));
    bundle.accounts.sort_by(|a, b| a.slug.cmp(&b.slug));
    bundle.series.sort_by(|a, b| a.series.cmp(&b.series));
    bundle
}

pub(crate) fn slug(text: &str) -> Slug {
    Slug::parse(text).unwrap_or_else(|error| panic!("fixture slug: {error}"))
}

pub(crate) fn slugs(texts: &[&str]) -> Vec<Slug> {
    texts.iter().copied().map(slug).collect()
}

/// The slugs of listed items, for compact assertions.
pub(crate) fn slugs_of<'a, T: 'a>(
    items: impl IntoIterator<Item = &'a T>,
    slug_of: fn(&T) -> &Slug,
) -> Vec<&'a str> {
    items
        .into_iter()
        .map(|item| slug_of(item).as_str())
        .collect()
}

/// A page large enough for every list the stories make.
pub(crate) fn everything() -> Page {
    Page {
        after: None,
        limit: 1000,
    }
}

pub(crate) fn date(text: &str) -> PartialDate {
    PartialDate::parse(text).unwrap_or_else(|error| panic!("fixture date: {error}"))
}

pub(crate) fn instant(utc: &str) -> Timestamp {
    utc.parse()
        .unwrap_or_else(|error| panic!("fixture instant {utc:?}: {error}"))
}

/// Unix seconds of an instant, as the `*_between` windows take them.
pub(crate) fn seconds(utc: &str) -> i64 {
    instant(utc).as_second()
}

/// A moment at a known instant, announced in Seoul.
pub(crate) fn in_seoul(utc: &str) -> Moment {
    Moment::at(instant(utc), "Asia/Seoul").expect("Asia/Seoul is a zone")
}

pub(crate) fn source(slug_text: &str) -> Source {
    Source {
        slug: slug(slug_text),
        url: format!("https://example.com/{slug_text}"),
        publisher: "Example".to_owned(),
        title: None,
        published: None,
    }
}

pub(crate) fn cite(source: &str) -> Citation {
    Citation {
        source: slug(source),
        evidence: None,
    }
}

pub(crate) fn cite_saying(source: &str, evidence: &str) -> Citation {
    Citation {
        source: slug(source),
        evidence: Some(evidence.to_owned()),
    }
}

pub(crate) fn person(slug_text: &str, name: &str) -> Artist {
    Artist {
        slug: slug(slug_text),
        name: name.to_owned(),
        kind: ArtistKind::Person,
        country: None,
        genres: vec![],
        debut: None,
        aliases: vec![],
        memberships: vec![],
        external_ids: vec![],
        sources: vec![],
    }
}

pub(crate) fn group(slug_text: &str, name: &str) -> Artist {
    Artist {
        kind: ArtistKind::Group,
        ..person(slug_text, name)
    }
}

pub(crate) fn alias(name: &str, kind: AliasKind, locale: Option<&str>) -> Alias {
    Alias {
        name: name.to_owned(),
        kind,
        locale: locale.map(str::to_owned),
        primary: false,
        sources: vec![],
    }
}

/// An announced album crediting `artists`, without tracks.
pub(crate) fn release(slug_text: &str, title: &str, artists: &[&str]) -> Release {
    Release {
        slug: slug(slug_text),
        title: title.to_owned(),
        kind: ReleaseKind::Album,
        status: ReleaseStatus::Announced,
        credits: artists
            .iter()
            .map(|artist| Credit {
                artist: slug(artist),
                credited_as: None,
                join_phrase: None,
            })
            .collect(),
        released: None,
        announced: None,
        label: None,
        tracks: vec![],
        external_ids: vec![],
        sources: vec![],
    }
}

pub(crate) fn track(disc: u16, number: u16, title: &str) -> Track {
    Track {
        disc,
        number,
        title: title.to_owned(),
        role: None,
        version_of: None,
        version_label: None,
        duration_seconds: None,
        genres: vec![],
        sources: vec![],
    }
}

pub(crate) fn track_ref(release: Option<&str>, disc: u16, number: u16) -> TrackRef {
    TrackRef {
        release: release.map(slug),
        disc,
        number,
    }
}

/// A lifecycle step; `at` is a UTC instant announced in Seoul.
pub(crate) fn step(state: VideoState, at: Option<&str>) -> VideoStep {
    VideoStep {
        state,
        at: at.map(in_seoul),
        noted: None,
        url: None,
        note: None,
        sources: vec![],
    }
}

/// A video of its own (no track) by `artists`, with one lifecycle step.
pub(crate) fn standalone_video(slug_text: &str, artists: &[&str], first: VideoStep) -> MusicVideo {
    MusicVideo {
        slug: slug(slug_text),
        title: slug_text.to_owned(),
        artists: slugs(artists),
        track: None,
        platform: None,
        platform_id: None,
        url: None,
        attributes: vec![],
        director: None,
        synopsis: None,
        history: vec![first],
        sources: vec![],
    }
}
