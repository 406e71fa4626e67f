//! `/search?q=`: artists, releases, tracks and shows by any of their names, in any script, with
//! typos forgiven (the search crate's index through `App::search`), best match first.

use app::{App, HitKind, MatchHow, Query, QueryError, SearchHit};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::Response;

use super::{Layout, PageError, Viewer};

/// Results shown on one page.
const LIMIT: usize = 30;

#[derive(Template, WebTemplate)]
#[template(path = "search.html")]
pub(crate) struct SearchPage {
    layout: Layout,
    q: String,
    kinds: Vec<(&'static str, bool)>,
    asked: bool,
    hits: Vec<HitRow>,
}

pub(crate) struct HitRow {
    kind: &'static str,
    name: String,
    href: String,
    /// "matched 뷔, a native-script name" when the name that matched is not the display name.
    how: String,
    context: Option<String>,
}

pub(crate) async fn page(viewer: Viewer, State(app): State<App>) -> Response {
    viewer.respond(build(&viewer, &app))
}

fn build(viewer: &Viewer, app: &App) -> Result<SearchPage, PageError> {
    let param = |name: &str| {
        viewer
            .query()
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    };
    let q = param("q").unwrap_or_default();
    let kind = param("kind")
        .map(|k| HitKind::parse(&k).map_err(|e| PageError::bad_request(format!("kind: {e}"))))
        .transpose()?;
    let kinds = HitKind::ALL
        .iter()
        .map(|k| (k.as_str(), Some(*k) == kind))
        .collect();
    let title = if q.is_empty() {
        "Search".to_owned()
    } else {
        format!("“{q}”: search")
    };
    let hits = match Query::parse(&q) {
        Ok(query) => app.search(&query, kind, LIMIT),
        Err(QueryError::Empty) => Vec::new(),
        Err(error) => return Err(PageError::bad_request(format!("q: {error}"))),
    };
    Ok(SearchPage {
        layout: viewer.layout(title),
        asked: !q.is_empty(),
        q,
        kinds,
        hits: hits.iter().map(hit_row).collect(),
    })
}

fn hit_row(hit: &SearchHit) -> HitRow {
    let (kind, href) = match hit.kind {
        HitKind::Artist => ("artist", format!("/artists/{}", hit.slug)),
        HitKind::Release => ("release", format!("/releases/{}", hit.slug)),
        HitKind::Track => (
            "track",
            match hit.track {
                Some(t) => format!("/releases/{}#track-{}-{}", hit.slug, t.disc, t.number),
                None => format!("/releases/{}", hit.slug),
            },
        ),
        HitKind::Show => ("show", format!("/shows/{}", hit.slug)),
    };
    let way = match hit.how {
        MatchHow::Exact => "one of its names",
        MatchHow::Nickname => "a nickname",
        MatchHow::Romanization => "a romanization",
        MatchHow::Word => "a word of the name",
        MatchHow::Prefix => "the start of the name",
        MatchHow::Fuzzy => "a close spelling",
    };
    let how = if hit.matched == hit.name && hit.how == MatchHow::Exact {
        String::new()
    } else {
        format!("matched “{}”, {way}", hit.matched)
    };
    HitRow {
        kind,
        name: hit.name.clone(),
        href,
        how,
        context: hit.release_title.as_ref().map(|r| format!("on {r}")),
    }
}
