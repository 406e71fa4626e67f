//! The OpenAPI document at `/api/v1/openapi.json` and the docs page at `/api/docs` (served from the
//! binary, so it works with no internet).
//!
//! Handlers carry their own `#[utoipa::path]`. The generic write handlers of `api` (create,
//! replace, delete, cite) cannot: utoipa describes a fn once, not once per type. [`writes`]
//! describes them per resource with doc-only stubs, and the tests at the bottom check that the
//! document and the router list the same routes.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use app::App;
use axum::Json;
use axum::Router;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{AdditionalProperties, ArrayBuilder, Object, Schema};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, HeaderBuilder, Ref, RefOr};
use utoipa::{IntoResponses, Modify, OpenApi, PartialSchema, ToSchema};
use utoipa_swagger_ui::{Config, SwaggerUi};

use crate::api;
use crate::error::Envelope;

/// Get this document
///
/// The OpenAPI 3.1 document of the API, which the docs page at `/api/docs` shows.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "meta",
    operation_id = "openapi",
    responses((status = 200, description = "The OpenAPI document", body = Object)),
)]
pub(crate) async fn document() -> Json<&'static utoipa::openapi::OpenApi> {
    static DOCUMENT: LazyLock<utoipa::openapi::OpenApi> = LazyLock::new(ApiDoc::openapi);
    Json(&DOCUMENT)
}

/// `/api/docs`: Swagger UI over the document, its files compiled into the binary. `/api/docs`
/// redirects to `/api/docs/`.
pub(crate) fn docs() -> Router<App> {
    Router::from(SwaggerUi::new("/api/docs").config(Config::from(DOCUMENT_PATH)))
}

/// The document: every route of router.rs, with what it takes and gives and how it fails.
#[derive(OpenApi)]
#[openapi(
    info(title = "bside", description = DESCRIPTION),
    paths(
        api::artists::list,
        api::artists::get,
        api::releases::list,
        api::releases::get,
        api::releases::videos,
        api::videos::list,
        api::videos::get,
        api::videos::transition,
        api::shows::list,
        api::shows::get,
        api::appearances::list,
        api::appearances::get,
        api::accounts::list,
        api::accounts::get,
        api::sources::list,
        api::sources::get,
        api::calendar::upcoming,
        api::calendar::timeline,
        api::counts::ingest,
        api::counts::points,
        api::records::list,
        api::claims::submit,
        api::claims::articles,
        api::claims::article,
        api::claims::list,
        api::claims::get,
        api::claims::edit,
        api::claims::accept,
        api::claims::reject,
        api::search::search,
        api::subscriptions::create,
        api::subscriptions::list,
        api::subscriptions::get,
        api::subscriptions::delete,
        api::subscriptions::enable,
        api::subscriptions::redeliver,
        api::subscriptions::deliveries,
        crate::feeds::events,
        crate::feeds::artist,
        crate::calendars::upcoming,
        crate::calendars::artist,
        document,
    ),
    components(schemas(Envelope)),
    modifiers(&Writes, &PageItems, &FlattenedViews, &Errors, &BearerToken),
    tags(
        (name = "artists", description = "Persons and groups under every name, and their members"),
        (name = "releases", description = "Albums, EPs and singles with credits and tracklists"),
        (name = "videos", description = "Music videos and their lifecycle, planned to released"),
        (name = "shows", description = "Talk shows, music shows, variety and web series"),
        (name = "appearances", description = "Artists' appearances on shows"),
        (name = "accounts", description = "Artists' accounts on platforms"),
        (name = "sources", description = "The articles and announcements that facts cite"),
        (name = "calendar", description = "What comes up and what happened"),
        (name = "counts", description = "Followers, views and streams: points in series"),
        (name = "records", description = "\"Fastest to N\" leaderboards and their progression"),
        (name = "claims", description = "News articles read into claims, and their review"),
        (name = "search", description = "Artists, releases, tracks and shows by any name"),
        (name = "following", description = "Atom feeds, iCalendar files and signed webhooks"),
        (name = "meta", description = "This document"),
    ),
)]
pub(crate) struct ApiDoc;

/// The error answers an operation may give, as references to the responses in
/// `components.responses`.
macro_rules! error_responses {
    ($($(#[$meta:meta])* $name:ident => [$($status:ident),+];)+) => {$(
        $(#[$meta])*
        pub(crate) enum $name {}

        impl IntoResponses for $name {
            fn responses() -> BTreeMap<String, RefOr<Response>> {
                [$(Error::$status),+]
                    .into_iter()
                    .map(|error| {
                        let reference = format!("#/components/responses/{}", error.name());
                        (error.status().to_owned(), RefOr::Ref(Ref::new(reference)))
                    })
                    .collect()
            }
        }
    )+};
}

error_responses! {
    /// A list: its query parameters may be wrong.
    ListErrors => [BadRequest];
    /// One entity by slug.
    GetErrors => [NotFound];
    /// A create: a JSON body, a token, a slug that must be free.
    CreateErrors => [BadRequest, Unauthorized, Conflict, PayloadTooLarge, UnsupportedMediaType];
    /// A replace: as a create, of an entity that must exist.
    ReplaceErrors => [
        BadRequest, Unauthorized, NotFound, Conflict, PayloadTooLarge, UnsupportedMediaType
    ];
    /// A delete: a token, an entity that must exist and that nothing refers to.
    DeleteErrors => [Unauthorized, NotFound, Conflict];
    /// A post to an entity (a citation, a transition): a JSON body and a token.
    PostErrors => [BadRequest, Unauthorized, NotFound, PayloadTooLarge, UnsupportedMediaType];
    /// The timeline: its query may be wrong, its artist missing.
    TimelineErrors => [BadRequest, NotFound];
    /// A token-only list.
    TokenListErrors => [Unauthorized];
    /// A token-only read of one thing by id.
    TokenGetErrors => [BadRequest, Unauthorized, NotFound];
}

// The schema of `app::MvCounts`, which cannot derive it (`app` does not depend on utoipa). A test
// keeps the two in step.
/// How many tracks of a release have an MV out, coming, or none planned.
#[derive(ToSchema)]
#[expect(dead_code, reason = "only its schema is used")]
pub(crate) struct MvCounts {
    released: usize,
    /// Planned, announced or teased: coming but not out.
    announced: usize,
    none_planned: usize,
    cancelled: usize,
    /// Tracks with no MV information.
    unknown: usize,
}

/// Where the document is served; the docs page reads it from there.
const DOCUMENT_PATH: &str = "/api/v1/openapi.json";

/// The API's description: what a new user needs before the first request.
const DESCRIPTION: &str = "\
    bside tracks music artists: who they are under every name, their releases and tracklists, \
    their music videos from announcement to premiere, their appearances on shows, their accounts, \
    and the sources that state each fact.\n\n\
    **Reads** are open. **Writes** (`POST`, `PUT`, `DELETE`) need a token: make one with \
    `bside token create NAME` and send it as `Authorization: Bearer TOKEN`. Bodies are JSON \
    (`Content-Type: application/json`) and hold the whole document; unknown fields are refused.\n\n\
    **Slugs** are the public ids: lowercase letters, digits and single hyphens (`v`, `layover`, \
    `layover-blue-mv`).\n\n\
    **Dates** may be partial: `2023`, `2023-09` or `2023-09-08`. A **moment** keeps the date in \
    the zone it was announced in and, when the time of day is known, the UTC instant: \
    `{\"date\": \"2023-09-16\", \"utc\": \"2023-09-15T15:00:00Z\", \"zone\": \"Asia/Seoul\"}`. \
    A request may send the wall-clock time instead: \
    `{\"local\": \"2023-09-16T00:00\", \"zone\": \"Asia/Seoul\"}`.\n\n\
    **Lists** come a page at a time (`limit`, default 50, at most 500). A full page's `next` is \
    the cursor of the following page: pass it as `after`. It is null when the page is not full, so \
    a last page that happens to be full is followed by an empty one.\n\n\
    **Errors** all have one shape, \
    `{\"error\": {\"code\": \"invalid\", \"message\": \"…\", \
    \"field\": \"tracks[5].version_of\"}}`, \
    where `field` names the offending field or query parameter when there is one.";

/// The generic write handlers of `api` (create, replace, delete, cite), described once per
/// resource. The stubs are never called: the router serves `api::create::<Artist>` and the like.
mod writes {
    use model::{Account, Appearance, Artist, Citation, MusicVideo, Release, Show, Source};

    use super::{CreateErrors, DeleteErrors, PostErrors, ReplaceErrors};

    /// `writes!(artists: Artist, "artist", "an artist", "v", [create, replace, delete, cite])`
    /// makes a module `artists` whose `Doc` describes those operations on `/api/v1/artists`.
    macro_rules! writes {
        (
            $collection:ident: $ty:ty,
            $kind:literal,
            $a_kind:literal,
            $example:literal,
            [$($op:ident),+]
        ) => {
            pub(super) mod $collection {
                use super::*;

                #[derive(utoipa::OpenApi)]
                #[openapi(paths($($op),+))]
                pub(in super::super) struct Doc;

                $(writes!(@$op $collection, $ty, $kind, $a_kind, $example);)+
            }
        };
        (@create $collection:ident, $ty:ty, $kind:literal, $a_kind:literal, $example:literal) => {
            #[utoipa::path(
                post,
                path = concat!("/api/v1/", stringify!($collection)),
                tag = stringify!($collection),
                operation_id = concat!("create_", $kind),
                summary = concat!("Create ", $a_kind),
                description = concat!(
                    "Stores a new ", $kind, ". The body is the whole document; unknown fields are \
                     refused, and every slug it names must exist."
                ),
                request_body(content = $ty, description = concat!("The ", $kind)),
                responses(
                    (
                        status = 201,
                        description = concat!("Created: the ", $kind, " as stored"),
                        body = $ty,
                        headers((
                            "Location" = String,
                            description = "Where it is served: `/api/v1/{collection}/{slug}`"
                        )),
                    ),
                    CreateErrors,
                ),
                security(("bearer" = [])),
            )]
            #[expect(dead_code, reason = "a stub that carries the description")]
            fn create() {}
        };
        (@replace $collection:ident, $ty:ty, $kind:literal, $a_kind:literal, $example:literal) => {
            #[utoipa::path(
                put,
                path = concat!("/api/v1/", stringify!($collection), "/{slug}"),
                tag = stringify!($collection),
                operation_id = concat!("replace_", $kind),
                summary = concat!("Replace ", $a_kind),
                description = concat!(
                    "Replaces the whole document of the ", $kind, " named `slug`. The body may \
                     carry a new slug, which renames it."
                ),
                params((
                    "slug" = String,
                    Path,
                    description = concat!("The ", $kind, "'s slug"),
                    example = $example,
                )),
                request_body(content = $ty, description = concat!("The whole ", $kind)),
                responses(
                    (
                        status = 200,
                        description = concat!("The ", $kind, " as stored, under its (new) slug"),
                        body = $ty,
                    ),
                    ReplaceErrors,
                ),
                security(("bearer" = [])),
            )]
            #[expect(dead_code, reason = "a stub that carries the description")]
            fn replace() {}
        };
        (@delete $collection:ident, $ty:ty, $kind:literal, $a_kind:literal, $example:literal) => {
            #[utoipa::path(
                delete,
                path = concat!("/api/v1/", stringify!($collection), "/{slug}"),
                tag = stringify!($collection),
                operation_id = concat!("delete_", $kind),
                summary = concat!("Delete ", $a_kind),
                description = concat!(
                    "Deletes the ", $kind, "; refused with 409 while other facts still refer to it."
                ),
                params((
                    "slug" = String,
                    Path,
                    description = concat!("The ", $kind, "'s slug"),
                    example = $example,
                )),
                responses(
                    (status = 204, description = "Deleted"),
                    DeleteErrors,
                ),
                security(("bearer" = [])),
            )]
            #[expect(dead_code, reason = "a stub that carries the description")]
            fn delete() {}
        };
        (@cite $collection:ident, $ty:ty, $kind:literal, $a_kind:literal, $example:literal) => {
            #[utoipa::path(
                post,
                path = concat!("/api/v1/", stringify!($collection), "/{slug}/sources"),
                tag = stringify!($collection),
                operation_id = concat!("cite_", $kind),
                summary = concat!("Cite a source for ", $a_kind),
                description = concat!(
                    "Attaches a citation to the ", $kind, ". When the source is cited already, the \
                     existing citation is kept as it is and the answer is 200."
                ),
                params((
                    "slug" = String,
                    Path,
                    description = concat!("The ", $kind, "'s slug"),
                    example = $example,
                )),
                request_body(
                    content = Citation,
                    description = "The source and the words that state the fact",
                ),
                responses(
                    (
                        status = 201,
                        description = concat!("Cited: the ", $kind, " as stored"),
                        body = $ty,
                    ),
                    (
                        status = 200,
                        description = concat!("Cited already: the ", $kind, " as stored"),
                        body = $ty,
                    ),
                    PostErrors,
                ),
                security(("bearer" = [])),
            )]
            #[expect(dead_code, reason = "a stub that carries the description")]
            fn cite() {}
        };
    }

    writes!(artists: Artist, "artist", "an artist", "v", [create, replace, delete, cite]);
    writes!(releases: Release, "release", "a release", "layover", [create, replace, delete, cite]);
    writes!(shows: Show, "show", "a show", "palette", [create, replace, delete, cite]);
    writes!(
        videos: MusicVideo,
        "video",
        "a music video",
        "layover-blue-mv",
        [create, replace, delete, cite]
    );
    writes!(
        appearances: Appearance,
        "appearance",
        "an appearance",
        "palette-v",
        [create, replace, delete, cite]
    );
    writes!(
        accounts: Account,
        "account",
        "an account",
        "thv-instagram",
        [create, replace, delete, cite]
    );
    // Sources cite nothing.
    writes!(sources: Source, "source", "a source", "billboard-layover", [create, replace, delete]);
}

/// The error answers, each described once in `components.responses`.
#[derive(Debug, Clone, Copy)]
enum Error {
    BadRequest,
    Unauthorized,
    NotFound,
    Conflict,
    PayloadTooLarge,
    UnsupportedMediaType,
}

impl Error {
    const ALL: [Self; 6] = [
        Self::BadRequest,
        Self::Unauthorized,
        Self::NotFound,
        Self::Conflict,
        Self::PayloadTooLarge,
        Self::UnsupportedMediaType,
    ];

    fn name(self) -> &'static str {
        match self {
            Self::BadRequest => "BadRequest",
            Self::Unauthorized => "Unauthorized",
            Self::NotFound => "NotFound",
            Self::Conflict => "Conflict",
            Self::PayloadTooLarge => "PayloadTooLarge",
            Self::UnsupportedMediaType => "UnsupportedMediaType",
        }
    }

    fn status(self) -> &'static str {
        match self {
            Self::BadRequest => "400",
            Self::Unauthorized => "401",
            Self::NotFound => "404",
            Self::Conflict => "409",
            Self::PayloadTooLarge => "413",
            Self::UnsupportedMediaType => "415",
        }
    }

    /// What the answer means, and an example of it (the messages are the server's own).
    fn describe(self) -> (&'static str, serde_json::Value) {
        match self {
            Self::BadRequest => (
                "The request is wrong: malformed JSON, an invalid value, a broken rule or a \
                 reference to something that does not exist. `field` names where.",
                envelope(
                    "invalid",
                    "there is no track 1-9 on this release",
                    Some("tracks[5].version_of"),
                ),
            ),
            Self::Unauthorized => (
                "No token, or an unknown or revoked one. Writes need \
                 `Authorization: Bearer TOKEN`.",
                envelope(
                    "unauthorized",
                    "writes need Authorization: Bearer TOKEN \
                     (make one with `bside token create NAME`)",
                    None,
                ),
            ),
            Self::NotFound => (
                "Nothing has that slug.",
                envelope("not_found", "no artist \"x\"", None),
            ),
            Self::Conflict => (
                "The write conflicts with what is stored: the slug is taken, or other facts still \
                 refer to what would change or go.",
                envelope("conflict", "artist \"v\" already exists", Some("slug")),
            ),
            Self::PayloadTooLarge => (
                "The body is larger than the server accepts.",
                envelope(
                    "too_large",
                    "the body is larger than the server accepts",
                    None,
                ),
            ),
            Self::UnsupportedMediaType => (
                "The body was not sent as JSON.",
                envelope(
                    "unsupported_media_type",
                    "send the body as JSON with Content-Type: application/json",
                    None,
                ),
            ),
        }
    }

    fn response(self) -> Response {
        let (description, example) = self.describe();
        let content = ContentBuilder::new()
            .schema(Some(Ref::from_schema_name(Envelope::name())))
            .example(Some(example))
            .build();
        let mut response = ResponseBuilder::new()
            .description(description)
            .content("application/json", content);
        if let Self::Unauthorized = self {
            response = response.header(
                "WWW-Authenticate",
                HeaderBuilder::new()
                    .schema(Some(String::schema()))
                    .description(Some("`Bearer`"))
                    .build(),
            );
        }
        response.build()
    }
}

/// An error body as the server writes it.
fn envelope(code: &str, message: &str, field: Option<&str>) -> serde_json::Value {
    serde_json::json!({"error": {"code": code, "message": message, "field": field}})
}

/// Adds the error answers to `components.responses`.
struct Errors;

impl Modify for Errors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        for error in Error::ALL {
            components
                .responses
                .insert(error.name().to_owned(), RefOr::T(error.response()));
        }
    }
}

/// The security scheme that write operations name.
struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A write token, sent as `Authorization: Bearer TOKEN`. Make one with \
                         `bside token create NAME`.",
                    ))
                    .build(),
            ),
        );
    }
}

/// Replaces each schema utoipa writes as `allOf` for a `#[serde(flatten)]` field (`ArtistResponse`
/// is an `Artist` plus `members` and `accounts`) with one object holding all the properties. The
/// model's schemas say `additionalProperties: false` (they deny unknown fields), so as an `allOf`
/// member the `Artist` schema would refuse the view's own extra fields.
struct FlattenedViews;

impl Modify for FlattenedViews {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let Some(components) = openapi.components.as_mut() else {
            return;
        };
        let flattened: Vec<(String, Object)> = components
            .schemas
            .iter()
            .filter_map(|(name, schema)| match schema {
                RefOr::T(Schema::AllOf(all_of)) => {
                    let mut merged = Object::new();
                    for item in &all_of.items {
                        let part = match item {
                            RefOr::T(Schema::Object(object)) => object,
                            RefOr::Ref(reference) => {
                                let target = reference
                                    .ref_location
                                    .strip_prefix("#/components/schemas/")?;
                                match components.schemas.get(target)? {
                                    RefOr::T(Schema::Object(object)) => object,
                                    _ => return None,
                                }
                            }
                            _ => return None,
                        };
                        merged.properties.extend(part.properties.clone());
                        merged.required.extend(part.required.iter().cloned());
                        if merged.description.is_none() {
                            merged.description.clone_from(&part.description);
                        }
                    }
                    if all_of.description.is_some() {
                        merged.description.clone_from(&all_of.description);
                    }
                    merged.examples.clone_from(&all_of.examples);
                    merged.additional_properties =
                        Some(Box::new(AdditionalProperties::FreeForm(false)));
                    Some((name.clone(), merged))
                }
                _ => None,
            })
            .collect();
        for (name, object) in flattened {
            components
                .schemas
                .insert(name, RefOr::T(Schema::Object(object)));
        }
    }
}

/// Adds the write operations described in [`writes`].
struct Writes;

impl Modify for Writes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for doc in [
            writes::artists::Doc::openapi(),
            writes::releases::Doc::openapi(),
            writes::videos::Doc::openapi(),
            writes::shows::Doc::openapi(),
            writes::appearances::Doc::openapi(),
            writes::accounts::Doc::openapi(),
            writes::sources::Doc::openapi(),
        ] {
            openapi.merge(doc);
        }
    }
}

/// Points each page's `items` at the item's schema. utoipa writes a generic's argument out in full,
/// so `ListPage<Artist>` would repeat the whole `Artist` schema.
struct PageItems;

impl Modify for PageItems {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let Some(components) = openapi.components.as_mut() else {
            return;
        };
        for (name, schema) in &mut components.schemas {
            let (Some(item), RefOr::T(Schema::Object(page))) =
                (name.strip_prefix("ListPage_"), schema)
            else {
                continue;
            };
            let items = ArrayBuilder::new().items(Ref::from_schema_name(item));
            page.properties.insert("items".to_owned(), items.into());
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use app::App;
    use axum::Router;
    use axum::body::Body;
    use axum::http::{Method, Request, StatusCode, header};
    use http_body_util::BodyExt;
    use serde_json::Value;
    use tower::ServiceExt;

    use utoipa::OpenApi;

    use super::ApiDoc;
    use crate::WebOptions;

    const METHODS: [&str; 5] = ["get", "post", "put", "delete", "patch"];

    /// The router over an empty SQLite catalog in a temporary directory.
    async fn router() -> (Router, tempfile::TempDir) {
        let dir = tempfile::TempDir::new().unwrap();
        let url = format!("sqlite://{}/t.db", dir.path().display());
        let app = App::open(&url, &app::StoreOptions::default())
            .await
            .unwrap();
        (crate::router(app, &WebOptions::default()), dir)
    }

    async fn send(router: &Router, method: &str, uri: &str) -> (StatusCode, Vec<u8>) {
        let mut request = Request::builder()
            .method(Method::from_bytes(method.to_uppercase().as_bytes()).unwrap())
            .uri(uri);
        let body = if matches!(method, "post" | "put" | "patch") {
            request = request.header(header::CONTENT_TYPE, "application/json");
            Body::from("{}")
        } else {
            Body::empty()
        };
        let response = router
            .clone()
            .oneshot(request.body(body).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, bytes.to_vec())
    }

    /// Every (method, path) the document describes.
    fn documented(document: &Value) -> BTreeSet<(String, String)> {
        let paths = document["paths"].as_object().unwrap();
        paths
            .iter()
            .flat_map(|(path, item)| {
                METHODS
                    .iter()
                    .filter(|method| item.get(**method).is_some())
                    .map(|method| ((*method).to_owned(), path.clone()))
            })
            .collect()
    }

    #[tokio::test]
    async fn openapi_document_is_served() {
        let (router, _dir) = router().await;
        let (status, body) = send(&router, "get", "/api/v1/openapi.json").await;
        assert_eq!(status, StatusCode::OK);
        let served: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(served, serde_json::to_value(ApiDoc::openapi()).unwrap());
        assert_eq!(served["openapi"], "3.1.0");
    }

    /// Each documented operation reaches a handler, and each documented path answers 405 to the
    /// methods it does not document.
    #[tokio::test]
    async fn openapi_operations_are_served() {
        let (router, _dir) = router().await;
        let document = serde_json::to_value(ApiDoc::openapi()).unwrap();
        let documented = documented(&document);
        let paths: BTreeSet<&String> = documented.iter().map(|(_, path)| path).collect();
        for path in paths {
            let uri = path
                .replace("{slug}", "no-such-slug")
                .replace("{id}", "no-such-id")
                .replace("{file}", "no-such-slug.atom");
            for method in METHODS {
                let (status, body) = send(&router, method, &uri).await;
                let body = String::from_utf8_lossy(&body);
                if documented.contains(&(method.to_owned(), path.clone())) {
                    assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
                    assert!(
                        !body.contains("no such API endpoint"),
                        "{method} {path} is documented but not routed: {body}"
                    );
                } else {
                    assert_eq!(
                        status,
                        StatusCode::METHOD_NOT_ALLOWED,
                        "{method} {path} is not documented, so it should answer 405: {body}"
                    );
                }
            }
        }
    }

    /// The routes of the `/api/v1` router in router.rs, read from its source: `.route("/path",
    /// get(…).post(…))` gives `("get", "/api/v1/path")` and `("post", "/api/v1/path")`.
    fn routed() -> BTreeSet<(String, String)> {
        let mut routes = routes_of("let api = Router::new()", "/api/v1");
        routes.extend(routes_of("let following = Router::new()", ""));
        routes
    }

    /// The routes of one `let NAME = Router::new()…;` block of router.rs, under `prefix`.
    fn routes_of(block: &str, prefix: &str) -> BTreeSet<(String, String)> {
        let source = include_str!("router.rs");
        let start = source.find(block).unwrap();
        let end = start + source[start..].find(";").unwrap();
        let mut routes = BTreeSet::new();
        for call in source[start..end].split(".route(").skip(1) {
            let path = call.split('"').nth(1).unwrap();
            // The method routers sit at depth 0 of the call's arguments: `get(` and `.post(`.
            let mut depth = 0;
            let mut word = String::new();
            for c in call.chars() {
                match c {
                    '(' if depth == 0 && METHODS.contains(&word.as_str()) => {
                        routes.insert((word.clone(), format!("{prefix}{path}")));
                        depth += 1;
                    }
                    '(' => depth += 1,
                    ')' if depth == 0 => break,
                    ')' => depth -= 1,
                    _ => {}
                }
                if c.is_ascii_alphanumeric() || c == '_' {
                    word.push(c);
                } else {
                    word.clear();
                }
            }
        }
        routes
    }

    #[test]
    fn openapi_documents_every_route_in_router_rs() {
        let routed = routed();
        assert!(
            routed.len() > 30,
            "router.rs no longer reads as expected: {routed:?}"
        );
        let document = serde_json::to_value(ApiDoc::openapi()).unwrap();
        let documented = documented(&document);
        let undocumented: Vec<_> = routed.difference(&documented).collect();
        let unrouted: Vec<_> = documented.difference(&routed).collect();
        assert!(
            undocumented.is_empty(),
            "routed but not documented: {undocumented:?}"
        );
        assert!(
            unrouted.is_empty(),
            "documented but not routed: {unrouted:?}"
        );
    }

    #[tokio::test]
    async fn openapi_docs_page_is_served_from_the_binary() {
        let (router, _dir) = router().await;
        let response = router
            .clone()
            .oneshot(Request::get("/api/docs").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert!(response.status().is_redirection());
        assert_eq!(response.headers()[header::LOCATION], "/api/docs/");
        let (status, page) = send(&router, "get", "/api/docs/").await;
        assert_eq!(status, StatusCode::OK);
        assert!(String::from_utf8_lossy(&page).contains("swagger-ui"));
        let (status, script) = send(&router, "get", "/api/docs/swagger-initializer.js").await;
        assert_eq!(status, StatusCode::OK);
        assert!(String::from_utf8_lossy(&script).contains(super::DOCUMENT_PATH));
        let (status, _) = send(&router, "get", "/api/docs/swagger-ui-bundle.js").await;
        assert_eq!(status, StatusCode::OK);
    }

    #[test]
    fn openapi_mv_counts_schema_matches_app() {
        let counts = serde_json::to_value(app::MvCounts::default()).unwrap();
        let fields: BTreeSet<&String> = counts.as_object().unwrap().keys().collect();
        let document = serde_json::to_value(ApiDoc::openapi()).unwrap();
        let schema = &document["components"]["schemas"]["MvCounts"]["properties"];
        let properties: BTreeSet<&String> = schema
            .as_object()
            .expect("the document describes MvCounts")
            .keys()
            .collect();
        assert_eq!(fields, properties);
    }

    /// The examples in the schemas are accepted by the model: they parse and validate.
    #[test]
    fn openapi_examples_are_valid() {
        fn check<T: serde::de::DeserializeOwned>(
            value: &Value,
            validate: impl Fn(&T) -> Result<(), model::Invalid>,
        ) -> Result<(), String> {
            let parsed: T = serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
            validate(&parsed).map_err(|e| e.to_string())
        }
        fn any<T>(_: &T) -> Result<(), model::Invalid> {
            Ok(())
        }
        let document = serde_json::to_value(ApiDoc::openapi()).unwrap();
        let schemas = document["components"]["schemas"].as_object().unwrap();
        let mut checked = 0;
        for (name, schema) in schemas {
            for example in schema["examples"].as_array().into_iter().flatten() {
                let result = match name.as_str() {
                    "Artist" => check(example, model::Artist::validate),
                    "Account" => check(example, model::Account::validate),
                    "Release" => check(example, model::Release::validate),
                    "MusicVideo" => check(example, model::MusicVideo::validate),
                    "VideoStep" => check(example, model::VideoStep::validate),
                    "Show" => check(example, model::Show::validate),
                    "Appearance" => check(example, model::Appearance::validate),
                    "Source" => check(example, model::Source::validate),
                    "Citation" => check(example, model::Citation::validate),
                    "Moment" => check(example, any::<model::Moment>),
                    "Slug" => check(example, any::<model::Slug>),
                    "PartialDate" => check(example, any::<model::PartialDate>),
                    _ => continue,
                };
                assert_eq!(result, Ok(()), "the example of {name}: {example}");
                checked += 1;
            }
        }
        assert!(checked >= 16, "only {checked} examples checked");
    }
}
