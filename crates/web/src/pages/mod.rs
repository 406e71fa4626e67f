//! The web pages people open: server-rendered HTML (askama templates in `templates/`), one file per
//! page kind. Handlers are thin: the viewer (zone, theme), a call to `app`, a view struct, a render.

pub(crate) mod artist;
pub(crate) mod assets;
pub(crate) mod growth;
pub(crate) mod home;
pub(crate) mod not_found;
pub(crate) mod records;
pub(crate) mod release;
pub(crate) mod review;
pub(crate) mod search;
pub(crate) mod show;
pub(crate) mod subscriptions;
pub(crate) mod video;
pub(crate) mod viewer;

use std::collections::BTreeMap;

use app::AppError;
use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use model::{Artist, Citation, Slug, Source};

pub(crate) use viewer::{Viewer, When};

/// What every page's frame shows: title, zone selector, theme toggle, the page's own address.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub(crate) title: String,
    pub(crate) zone_name: String,
    pub(crate) zone_abbreviation: String,
    pub(crate) zones: Vec<ZoneOption>,
    pub(crate) theme: &'static str,
    pub(crate) path: String,
    /// The page's address without `tz`, where the theme form returns.
    pub(crate) back: String,
    /// Query pairs the zone form keeps (filters), without `tz`.
    pub(crate) query: Vec<(String, String)>,
}

impl Layout {
    /// The stylesheet's address, versioned by its content so it can be cached for long.
    pub(crate) fn stylesheet(&self) -> &'static str {
        assets::stylesheet_href()
    }

    /// Whether the page is at or under `prefix`, for `aria-current` in the navigation.
    pub(crate) fn at(&self, prefix: &str) -> bool {
        if prefix == "/" {
            self.path == "/"
        } else {
            self.path.starts_with(prefix)
        }
    }
}

/// One choice of the zone selector.
#[derive(Debug, Clone)]
pub(crate) struct ZoneOption {
    pub(crate) name: String,
    pub(crate) label: String,
    pub(crate) selected: bool,
}

/// A cited source, as a page lists it under "Sources".
#[derive(Debug, Clone)]
pub(crate) struct SourceItem {
    pub(crate) publisher: String,
    pub(crate) title: String,
    pub(crate) url: Option<String>,
    pub(crate) evidence: Option<String>,
}

/// The sources a page cites, read once, and turned into what the page lists.
#[derive(Debug, Default)]
pub(crate) struct SourceBook {
    sources: BTreeMap<Slug, Source>,
}

impl SourceBook {
    /// Reads every source that `citations` name.
    pub(crate) async fn load<'a>(
        app: &app::App,
        citations: impl IntoIterator<Item = &'a Citation>,
    ) -> Result<Self, PageError> {
        let sources = app
            .sources_named(citations.into_iter().map(|c| &c.source))
            .await?;
        Ok(Self { sources })
    }

    pub(crate) fn items(&self, citations: &[Citation]) -> Vec<SourceItem> {
        citations
            .iter()
            .map(|citation| match self.sources.get(&citation.source) {
                Some(source) => SourceItem {
                    publisher: source.publisher.clone(),
                    title: source.title.clone().unwrap_or_else(|| source.url.clone()),
                    url: Some(source.url.clone()),
                    evidence: citation.evidence.clone(),
                },
                None => SourceItem {
                    publisher: citation.source.to_string(),
                    title: "source no longer in the catalog".to_owned(),
                    url: None,
                    evidence: citation.evidence.clone(),
                },
            })
            .collect()
    }
}

/// An artist named by a page: its name and where its page is.
#[derive(Debug, Clone)]
pub(crate) struct ArtistLink {
    pub(crate) name: String,
    pub(crate) href: String,
}

/// Artists by slug, for pages that name them.
#[derive(Debug, Default)]
pub(crate) struct NameBook {
    artists: BTreeMap<Slug, Artist>,
}

impl NameBook {
    pub(crate) async fn load<'a>(
        app: &app::App,
        slugs: impl IntoIterator<Item = &'a Slug>,
    ) -> Result<Self, PageError> {
        Ok(Self {
            artists: app.artists_named(slugs).await?,
        })
    }

    pub(crate) fn link(&self, slug: &Slug) -> ArtistLink {
        ArtistLink {
            name: self
                .artists
                .get(slug)
                .map_or_else(|| slug.to_string(), |a| a.name.clone()),
            href: format!("/artists/{slug}"),
        }
    }

    pub(crate) fn links(&self, slugs: &[Slug]) -> Vec<ArtistLink> {
        slugs.iter().map(|slug| self.link(slug)).collect()
    }
}

/// A page that could not be shown: 404 for what the catalog does not hold, 400 for bad input.
#[derive(Debug)]
pub(crate) struct PageError {
    status: StatusCode,
    message: String,
}

impl PageError {
    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    /// The error page, in the viewer's zone and theme.
    pub(crate) fn render(self, viewer: &Viewer) -> Response {
        let heading = match self.status {
            StatusCode::NOT_FOUND => "Not found",
            StatusCode::BAD_REQUEST => "That request did not make sense",
            StatusCode::UNAUTHORIZED => "A write token is needed",
            _ => "Something went wrong",
        };
        let page = ErrorPage {
            layout: viewer.layout(heading),
            heading,
            message: self.message,
            not_found: self.status == StatusCode::NOT_FOUND,
        };
        (self.status, page).into_response()
    }
}

impl From<AppError> for PageError {
    fn from(error: AppError) -> Self {
        match error {
            AppError::NotFound { kind, slug } => Self::not_found(format!(
                "There is no {kind} called “{slug}” in this catalog."
            )),
            AppError::Invalid(invalid) => Self::bad_request(invalid.to_string()),
            AppError::Conflict { message, .. } => Self {
                status: StatusCode::CONFLICT,
                message,
            },
            other => {
                tracing::error!(error = %other, "a page failed");
                Self {
                    status: StatusCode::INTERNAL_SERVER_ERROR,
                    message: "bside could not read its catalog; the error is in the server log."
                        .to_owned(),
                }
            }
        }
    }
}

/// The 404 and 400 pages: what went wrong, a search box and the ways back in.
#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
pub(crate) struct ErrorPage {
    layout: Layout,
    heading: &'static str,
    message: String,
    not_found: bool,
}

/// A path segment as the catalog's slug, or the 404 page naming what was asked for.
pub(crate) fn slug_of(kind: &str, text: &str) -> Result<Slug, PageError> {
    Slug::parse(text).map_err(|_| {
        PageError::not_found(format!(
            "There is no {kind} called “{text}” in this catalog."
        ))
    })
}
