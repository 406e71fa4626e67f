//! `/`: what is coming up (premieres, releases, appearances with countdowns), what just happened,
//! records just broken, and the catalog to browse.

use app::App;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::Response;
use model::{ArtistKind, Event, EventKind, SubjectKind};

use super::{Layout, PageError, Viewer, When};

/// Days ahead the home page looks.
const UPCOMING_DAYS: u32 = 30;
/// Events read back for "just happened" and "records just broken".
const RECENT_EVENTS: usize = 200;
const RECENT_SHOWN: usize = 12;
const RECORDS_SHOWN: usize = 5;

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub(crate) struct HomePage {
    layout: Layout,
    upcoming_days: u32,
    upcoming: Vec<EventRow>,
    recent: Vec<EventRow>,
    records: Vec<EventRow>,
    groups: Vec<Entry>,
    people: Vec<Entry>,
    releases: Vec<Entry>,
    shows: Vec<Entry>,
}

/// An event as a line: what, when, and the page about it.
pub(crate) struct EventRow {
    pub(crate) kind: &'static str,
    pub(crate) title: String,
    pub(crate) when: When,
    pub(crate) href: String,
}

/// A link in the directory.
pub(crate) struct Entry {
    name: String,
    note: String,
    href: String,
}

pub(crate) async fn page(viewer: Viewer, State(app): State<App>) -> Response {
    viewer.respond(build(&viewer, &app).await)
}

async fn build(viewer: &Viewer, app: &App) -> Result<HomePage, PageError> {
    let names = AccountNames::load(app).await?;
    let today = viewer.now.to_zoned_datetime(viewer.zone.clone()).date();
    let upcoming = app
        .upcoming(today, UPCOMING_DAYS, &viewer.zone)
        .await?
        .into_iter()
        .filter(|event| event.at.start() >= viewer.now || event.at.utc.is_none())
        .map(|event| event_row(viewer, &names, &event))
        .collect();
    let happened = app.timeline(None, viewer.now, RECENT_EVENTS).await?;
    let (broken, other): (Vec<Event>, Vec<Event>) = happened
        .into_iter()
        .partition(|event| event.kind == EventKind::RecordBroken);
    let records = broken
        .into_iter()
        .take(RECORDS_SHOWN)
        .map(|event| event_row(viewer, &names, &event))
        .collect();
    let recent = other
        .into_iter()
        .take(RECENT_SHOWN)
        .map(|event| event_row(viewer, &names, &event))
        .collect();

    let directory = app.directory().await?;
    let entry = |artist: &model::Artist| Entry {
        name: artist.name.clone(),
        note: artist.country.clone().unwrap_or_default(),
        href: format!("/artists/{}", artist.slug),
    };
    let groups = directory
        .artists
        .iter()
        .filter(|a| a.kind == ArtistKind::Group)
        .map(entry)
        .collect();
    let people = directory
        .artists
        .iter()
        .filter(|a| a.kind != ArtistKind::Group)
        .map(entry)
        .collect();
    let releases = directory
        .releases
        .iter()
        .map(|r| Entry {
            name: r.title.clone(),
            note: r
                .released
                .as_ref()
                .map(|m| m.date.to_string())
                .unwrap_or_default(),
            href: format!("/releases/{}", r.slug),
        })
        .collect();
    let shows = directory
        .shows
        .iter()
        .map(|s| Entry {
            name: s.title.clone(),
            note: s.network.clone().unwrap_or_default(),
            href: format!("/shows/{}", s.slug),
        })
        .collect();
    Ok(HomePage {
        layout: viewer.layout("Releases, music videos and records"),
        upcoming_days: UPCOMING_DAYS,
        upcoming,
        recent,
        records,
        groups,
        people,
        releases,
        shows,
    })
}

pub(crate) fn event_row(viewer: &Viewer, names: &AccountNames, event: &Event) -> EventRow {
    // Crossings are worked out by bside, not announced: shown in the viewer's zone alone.
    let computed = matches!(
        event.kind,
        EventKind::MilestoneReached | EventKind::RecordBroken
    );
    EventRow {
        kind: kind_label(event.kind),
        when: match event.at.utc {
            Some(utc) if computed => viewer.instant(utc),
            _ => viewer.when(&event.at),
        },
        href: subject_href(event.subject.kind, event.subject.slug.as_str()),
        title: names.humanize(&event.title),
    }
}

/// Accounts a title may name by slug ("thv-instagram reached 1M followers"), read as their artist
/// and handle ("V (@thv) reached 1M followers").
pub(crate) struct AccountNames {
    names: Vec<(String, String)>,
}

/// Accounts read to name them in titles; a catalog with more shows the rest by slug.
const NAMED_ACCOUNTS: u32 = 1000;

impl AccountNames {
    pub(crate) async fn load(app: &App) -> Result<Self, PageError> {
        let accounts = app
            .store()
            .accounts(
                &app::AccountFilter::default(),
                &app::Page {
                    after: None,
                    limit: NAMED_ACCOUNTS,
                },
            )
            .await
            .map_err(app::AppError::from)?;
        let artists = app
            .artists_named(accounts.iter().map(|a| &a.artist))
            .await?;
        let mut names: Vec<(String, String)> = accounts
            .iter()
            .map(|account| {
                let artist = artists
                    .get(&account.artist)
                    .map_or_else(|| account.artist.to_string(), |a| a.name.clone());
                (
                    account.slug.to_string(),
                    match &account.handle {
                        Some(handle) => format!("{artist} (@{handle})"),
                        None => format!("{artist} ({})", account.platform),
                    },
                )
            })
            .collect();
        // Longest first, so a slug that contains another is replaced whole.
        names.sort_by_key(|(slug, _)| std::cmp::Reverse(slug.len()));
        Ok(Self { names })
    }

    pub(crate) fn humanize(&self, title: &str) -> String {
        let mut out = title.to_owned();
        for (slug, name) in &self.names {
            if out.contains(slug.as_str()) {
                out = out.replace(slug.as_str(), name);
            }
        }
        out
    }
}

/// The page about an event's subject.
pub(crate) fn subject_href(kind: SubjectKind, slug: &str) -> String {
    match kind {
        SubjectKind::Release => format!("/releases/{slug}"),
        SubjectKind::Video => format!("/videos/{slug}"),
        SubjectKind::Appearance => format!("/appearances/{slug}"),
        SubjectKind::Account => format!("/accounts/{slug}"),
    }
}

fn kind_label(kind: EventKind) -> &'static str {
    match kind {
        EventKind::ReleaseAnnounced => "release announced",
        EventKind::ReleaseScheduled => "release",
        EventKind::ReleaseOut => "release out",
        EventKind::MvAnnounced => "MV announced",
        EventKind::MvTeased => "MV teaser",
        EventKind::MvScheduled => "MV premiere",
        EventKind::MvReleased => "MV out",
        EventKind::AppearanceAired => "appearance",
        EventKind::MilestoneReached => "milestone",
        EventKind::RecordBroken => "record broken",
        EventKind::ClaimProposed => "claim",
    }
}
