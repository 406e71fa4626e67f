//! `/api/v1/search`: artists, releases, tracks and shows by any of their names, in any script,
//! romanization or case, with typos, best first.

use app::{App, HitKind, MAX_QUERY_CHARS, MatchHow, Query, SearchHit};
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::filter;
use crate::error::{ApiError, ApiResult};
use crate::extract::QueryParams;
use crate::openapi::ListErrors;

/// Hits per answer when `limit` is left out, and the most it may ask for.
const DEFAULT_LIMIT: usize = 20;
const MAX_LIMIT: usize = 100;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct SearchQuery {
    /// What to look for: any name, in any script ("뷔", "Kim Tae-hyung", "tae bear"), with typos.
    /// At most 100 characters.
    #[param(example = "taehyung")]
    q: Option<String>,
    /// Hits to return (default 20, at most 100).
    #[param(minimum = 1, maximum = 100, default = 20)]
    limit: Option<usize>,
    /// Only hits of this kind: artist, release, track or show.
    #[param(value_type = Option<SearchKind>)]
    kind: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub(crate) struct SearchResponse {
    /// The query as given.
    query: String,
    /// Best first: exact names, then whole aliases (nicknames, romanizations), a name's last
    /// words, prefixes, then typos; ties by popularity, then name.
    hits: Vec<SearchHitView>,
}

/// What a hit is.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum SearchKind {
    Artist,
    Release,
    Track,
    Show,
}

/// How the matched name met the query.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum MatchHowView {
    /// The whole name, ignoring case, diacritics, spacing and punctuation.
    Exact,
    /// The whole of a nickname.
    Nickname,
    /// The whole of a romanization (an alias of that kind, or a Hangul name spelled in Latin).
    Romanization,
    /// The name's last words ("taehyung" in "Kim Taehyung").
    Word,
    /// The start of the name or of one of its words.
    Prefix,
    /// Within one or two typing errors.
    Fuzzy,
}

/// One hit.
#[derive(Serialize, ToSchema)]
#[schema(examples(json!({
    "kind": "artist", "slug": "v", "name": "V", "matched": "Kim Taehyung", "how": "word",
    "distance": 0, "href": "/api/v1/artists/v"
})))]
pub(crate) struct SearchHitView {
    kind: SearchKind,
    /// The artist's, release's or show's slug; for a track, its release's.
    slug: String,
    /// The display name or title.
    name: String,
    /// The name that matched: the display name or one of the aliases.
    matched: String,
    how: MatchHowView,
    /// Typing errors between the query and the matched name (0 unless `how` is `fuzzy`).
    distance: u8,
    /// Where to read it in this API.
    href: String,
    /// For a track: its release's title.
    #[serde(skip_serializing_if = "Option::is_none")]
    release: Option<String>,
    /// For a track: its disc.
    #[serde(skip_serializing_if = "Option::is_none")]
    disc: Option<u16>,
    /// For a track: its number on the disc.
    #[serde(skip_serializing_if = "Option::is_none")]
    number: Option<u16>,
}

/// Search by name
///
/// Artists (by display name and every alias: legal, native-script, nicknames, romanizations),
/// releases, tracks and shows (by title). Case, diacritics, spacing and hyphens do not matter;
/// Hangul may be typed as syllables or jamo; a Hangul name is also found by its Latin spelling;
/// queries of four letters or more forgive one typing error, of eight or more two.
#[utoipa::path(
    get,
    path = "/api/v1/search",
    tag = "search",
    operation_id = "search",
    params(SearchQuery),
    responses(
        (status = 200, description = "The hits, best first", body = SearchResponse),
        ListErrors,
    ),
)]
pub(crate) async fn search(
    State(app): State<App>,
    QueryParams(query): QueryParams<SearchQuery>,
) -> ApiResult<Json<SearchResponse>> {
    let text = query.q.unwrap_or_default();
    let parsed = Query::parse(&text).map_err(|error| ApiError::invalid("q", error.to_string()))?;
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(ApiError::invalid(
            "limit",
            format!("must be between 1 and {MAX_LIMIT}"),
        ));
    }
    let kind = filter("kind", query.kind.as_deref(), HitKind::parse)?;
    let hits = app.search(&parsed, kind, limit);
    Ok(Json(SearchResponse {
        query: text,
        hits: hits.into_iter().map(view).collect(),
    }))
}

fn view(hit: SearchHit) -> SearchHitView {
    let (kind, collection) = match hit.kind {
        HitKind::Artist => (SearchKind::Artist, "artists"),
        HitKind::Release => (SearchKind::Release, "releases"),
        HitKind::Track => (SearchKind::Track, "releases"),
        HitKind::Show => (SearchKind::Show, "shows"),
    };
    let how = match hit.how {
        MatchHow::Exact => MatchHowView::Exact,
        MatchHow::Nickname => MatchHowView::Nickname,
        MatchHow::Romanization => MatchHowView::Romanization,
        MatchHow::Word => MatchHowView::Word,
        MatchHow::Prefix => MatchHowView::Prefix,
        MatchHow::Fuzzy => MatchHowView::Fuzzy,
    };
    SearchHitView {
        kind,
        href: format!("/api/v1/{collection}/{}", hit.slug),
        slug: hit.slug,
        name: hit.name,
        matched: hit.matched,
        how,
        distance: hit.distance,
        release: hit.release_title,
        disc: hit.track.map(|track| track.disc),
        number: hit.track.map(|track| track.number),
    }
}

// The longest query is stated in the parameter's description; keep the two in step.
const _: () = assert!(MAX_QUERY_CHARS == 100);
