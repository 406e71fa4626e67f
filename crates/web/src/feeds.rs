//! Atom feeds (RFC 4287): `/feeds/events.atom` and `/feeds/artists/{slug}.atom`, what happened, newest
//! first, filterable by event kind. Entry ids are `tag:` URIs built from the events' stable ids, so a
//! reader never sees the same fact twice; each entry links to its page and cites its sources.

use std::collections::BTreeMap;

use app::App;
use atom_syndication::{Category, Entry, Feed, FixedDateTime, Generator, Link, Person, Text};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use model::{Event, EventKind, Slug};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::{ApiError, ApiResult};
use crate::extract::QueryParams;
use crate::openapi::TimelineErrors;

/// Entries in a feed unless `limit` says otherwise.
const DEFAULT_ENTRIES: u32 = 50;
/// Entries in a feed at most.
const MAX_ENTRIES: u32 = 500;
/// The tagging entity of every id bside makes (RFC 4151).
const TAG: &str = "tag:bside,2024:";

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct FeedQuery {
    /// Only these kinds of event, comma-separated (`mv_released,record_broken`).
    #[param(example = "mv_released,record_broken")]
    kinds: Option<String>,
    /// How many entries at most.
    #[param(minimum = 1, maximum = 500, default = 50)]
    limit: Option<u32>,
}

/// Everything that happened
///
/// An Atom feed of the timeline, newest first: releases, music videos, appearances, milestones and
/// records, each entry linking to its page and citing its sources.
#[utoipa::path(
    get,
    path = "/feeds/events.atom",
    tag = "following",
    operation_id = "feed_events",
    params(FeedQuery),
    responses(
        (status = 200, description = "An Atom 1.0 feed", body = String, content_type = "application/atom+xml"),
        TimelineErrors,
    ),
)]
pub(crate) async fn events(
    State(app): State<App>,
    headers: HeaderMap,
    QueryParams(query): QueryParams<FeedQuery>,
) -> ApiResult<Response> {
    feed(&app, &headers, None, &query).await
}

/// What happened to one artist
///
/// The Atom feed of one artist's timeline: `/feeds/artists/v.atom`.
#[utoipa::path(
    get,
    path = "/feeds/artists/{file}",
    tag = "following",
    operation_id = "feed_artist",
    params(
        ("file" = String, Path, description = "The artist's slug and `.atom`", example = "v.atom"),
        FeedQuery,
    ),
    responses(
        (status = 200, description = "An Atom 1.0 feed", body = String, content_type = "application/atom+xml"),
        TimelineErrors,
    ),
)]
pub(crate) async fn artist(
    State(app): State<App>,
    Path(file): Path<String>,
    headers: HeaderMap,
    QueryParams(query): QueryParams<FeedQuery>,
) -> ApiResult<Response> {
    let slug = file
        .strip_suffix(".atom")
        .ok_or_else(|| ApiError::not_found(format!("no feed {file:?}: feeds end in .atom")))?;
    feed(&app, &headers, Some(slug), &query).await
}

/// Parses `a,b,c` into event kinds, naming a wrong one.
pub(crate) fn parse_kinds(text: Option<&str>) -> ApiResult<Vec<EventKind>> {
    let Some(text) = text else {
        return Ok(Vec::new());
    };
    text.split(',')
        .map(str::trim)
        .filter(|kind| !kind.is_empty())
        .map(|kind| EventKind::parse(kind).map_err(|message| ApiError::invalid("kinds", message)))
        .collect()
}

/// `http://HOST` as the reader reached bside (or the configured public URL).
pub(crate) fn base_url(app: &App, headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .filter(|host| {
            !host.is_empty()
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c))
        });
    match host {
        Some(host) => {
            let scheme = headers
                .get("x-forwarded-proto")
                .and_then(|value| value.to_str().ok())
                .filter(|proto| *proto == "https")
                .unwrap_or("http");
            format!("{scheme}://{host}")
        }
        None => app
            .following_options()
            .public_url
            .trim_end_matches('/')
            .to_owned(),
    }
}

async fn feed(
    app: &App,
    headers: &HeaderMap,
    artist: Option<&str>,
    query: &FeedQuery,
) -> ApiResult<Response> {
    let kinds = parse_kinds(query.kinds.as_deref())?;
    let limit = query.limit.unwrap_or(DEFAULT_ENTRIES);
    if limit == 0 || limit > MAX_ENTRIES {
        return Err(ApiError::invalid(
            "limit",
            format!("must be between 1 and {MAX_ENTRIES}"),
        ));
    }
    let now = Timestamp::now();
    let events: Vec<Event> = app
        .timeline(artist, now, usize::MAX)
        .await?
        .into_iter()
        .filter(|event| kinds.is_empty() || kinds.contains(&event.kind))
        .take(limit as usize)
        .collect();
    let base = base_url(app, headers);
    // Collected first: the iterators' closures may not live across the awaits below.
    let cited: Vec<Slug> = events
        .iter()
        .flat_map(|e| e.sources.iter().map(|c| c.source.clone()))
        .collect();
    let named: Vec<Slug> = events.iter().flat_map(|e| e.artists.clone()).collect();
    let sources = app.sources_named(&cited).await?;
    let mut artists = app.artists_named(&named).await?;
    let name_of = artist.and_then(|slug| Slug::parse(slug).ok());
    if let Some(slug) = &name_of
        && !artists.contains_key(slug)
        && let Some(found) = app
            .store()
            .artist(slug.as_str())
            .await
            .map_err(app::AppError::from)?
    {
        artists.insert(slug.clone(), found);
    }
    let entries: Vec<Entry> = events
        .iter()
        .map(|event| entry(&base, event, &sources, &artists))
        .collect();
    let kinds_text: Vec<&str> = kinds.iter().map(|kind| kind.as_str()).collect();
    let (path, title) = match artist {
        Some(slug) => (
            format!("/feeds/artists/{slug}.atom"),
            format!(
                "bside: {}",
                name_of
                    .as_ref()
                    .and_then(|s| artists.get(s))
                    .map_or(slug, |a| a.name.as_str())
            ),
        ),
        None => (
            "/feeds/events.atom".to_owned(),
            "bside: what happened".to_owned(),
        ),
    };
    let mut self_href = format!("{base}{path}");
    let mut feed_id = format!("{TAG}feed{path}");
    if !kinds_text.is_empty() {
        self_href.push_str(&format!("?kinds={}", kinds_text.join(",")));
        feed_id.push_str(&format!("?kinds={}", kinds_text.join(",")));
    }
    let alternate = artist.map_or_else(|| base.clone(), |slug| format!("{base}/artists/{slug}"));
    let updated = entries
        .iter()
        .map(|entry| *entry.updated())
        .max()
        .unwrap_or_else(|| instant(now));
    let feed = Feed {
        id: feed_id,
        title: Text::plain(title),
        updated,
        authors: vec![author()],
        links: vec![
            link(&self_href, "self", None),
            link(&alternate, "alternate", None),
        ],
        generator: Some(Generator {
            value: "bside".to_owned(),
            uri: None,
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
        entries,
        ..Feed::default()
    };
    let mut response = feed.to_string().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/atom+xml; charset=utf-8"),
    );
    Ok(response)
}

fn entry(
    base: &str,
    event: &Event,
    sources: &BTreeMap<Slug, model::Source>,
    artists: &BTreeMap<Slug, model::Artist>,
) -> Entry {
    let page = format!(
        "{base}{}",
        app::subject_path(event.subject.kind, &event.subject.slug)
    );
    let mut links = vec![link(&page, "alternate", Some("text/html"))];
    for artist in &event.artists {
        links.push(link(
            &format!("{base}/artists/{artist}"),
            "related",
            Some("text/html"),
        ));
    }
    let mut cited = Vec::new();
    for citation in &event.sources {
        if let Some(source) = sources.get(&citation.source) {
            let mut via = link(&source.url, "via", None);
            via.title = Some(source.publisher.clone());
            links.push(via);
            cited.push(format!("{} ({})", source.publisher, source.url));
        }
    }
    let mut summary = format!("{}: {}.", event.title, app::when(&event.at));
    if !event.artists.is_empty() {
        let names: Vec<&str> = event
            .artists
            .iter()
            .map(|slug| artists.get(slug).map_or(slug.as_str(), |a| a.name.as_str()))
            .collect();
        summary.push_str(&format!(" Artists: {}.", names.join(", ")));
    }
    if cited.is_empty() {
        summary.push_str(" Source: derived by bside from counts.");
    } else {
        summary.push_str(&format!(" Source: {}.", cited.join("; ")));
    }
    let at = instant(event.at.start());
    Entry {
        id: format!("{TAG}event/{}", event.id),
        title: Text::plain(event.title.clone()),
        updated: at,
        published: Some(at),
        authors: vec![author()],
        links,
        categories: vec![Category {
            term: event.kind.as_str().to_owned(),
            scheme: Some(format!("{TAG}event-kinds")),
            label: None,
        }],
        summary: Some(Text::plain(summary)),
        ..Entry::default()
    }
}

fn link(href: &str, rel: &str, mime_type: Option<&str>) -> Link {
    Link {
        href: href.to_owned(),
        rel: rel.to_owned(),
        mime_type: mime_type.map(ToOwned::to_owned),
        ..Link::default()
    }
}

fn author() -> Person {
    Person {
        name: "bside".to_owned(),
        ..Person::default()
    }
}

/// An instant as Atom's date type (UTC).
fn instant(at: Timestamp) -> FixedDateTime {
    let utc =
        chrono::DateTime::from_timestamp(at.as_second(), at.subsec_nanosecond().unsigned_abs())
            .unwrap_or_default();
    utc.fixed_offset()
}
