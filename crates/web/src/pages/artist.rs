//! `/artists/{slug}`: every name in every script, groups and members, the discography with roles,
//! MV status, appearances, accounts with growth charts and projections, and records held.

use app::{App, RecordFilter};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{Redirect, Response};
use model::{AliasKind, ArtistKind, Citation, SeriesSubject, Slug, VideoState};

use super::growth::{self, SeriesBlock};
use super::release::{kind_name, role_name};
use super::{
    ArtistLink, Layout, NameBook, PageError, SourceBook, SourceItem, Viewer, When, slug_of,
};

#[derive(Template, WebTemplate)]
#[template(path = "artist.html")]
pub(crate) struct ArtistPage {
    layout: Layout,
    /// For the artist's Atom feed and calendar.
    slug: String,
    name: String,
    kind: &'static str,
    facts: Vec<(&'static str, String)>,
    names: Vec<NameRow>,
    groups: Vec<GroupRow>,
    members: Vec<GroupRow>,
    releases: Vec<ReleaseRow>,
    videos: Vec<VideoRow>,
    appearances: Vec<AppearanceRow>,
    hosted: Vec<ArtistLink>,
    accounts: Vec<AccountRow>,
    records: Vec<RecordRow>,
    sources: Vec<SourceItem>,
}

pub(crate) struct NameRow {
    name: String,
    kind: &'static str,
    locale: Option<String>,
    sources: Vec<SourceItem>,
}

pub(crate) struct GroupRow {
    link: ArtistLink,
    roles: String,
    period: String,
    sources: Vec<SourceItem>,
}

pub(crate) struct ReleaseRow {
    title: String,
    href: String,
    kind: &'static str,
    released: Option<When>,
    tracks: Vec<(String, Option<&'static str>)>,
}

pub(crate) struct VideoRow {
    title: String,
    href: String,
    state: &'static str,
    state_text: &'static str,
    when: Option<When>,
}

pub(crate) struct AppearanceRow {
    show: String,
    href: String,
    id: String,
    episode: Option<String>,
    aired: Option<When>,
    role: &'static str,
    sources: Vec<SourceItem>,
}

pub(crate) struct AccountRow {
    id: String,
    platform: String,
    handle: String,
    url: Option<String>,
    public_since: Option<When>,
    series: Vec<SeriesBlock>,
    sources: Vec<SourceItem>,
}

pub(crate) struct RecordRow {
    title: String,
    elapsed: String,
    account: String,
}

pub(crate) async fn page(
    viewer: Viewer,
    State(app): State<App>,
    Path(slug): Path<String>,
) -> Response {
    viewer.respond(build(&viewer, &app, &slug).await)
}

/// `/accounts/{slug}`: an account is shown on its artist's page.
pub(crate) async fn account(
    viewer: Viewer,
    State(app): State<App>,
    Path(slug): Path<String>,
) -> Response {
    let found = async {
        let slug = slug_of("account", &slug)?;
        app.store()
            .account(slug.as_str())
            .await
            .map_err(app::AppError::from)?
            .ok_or_else(|| {
                PageError::not_found(format!(
                    "There is no account called “{slug}” in this catalog."
                ))
            })
    }
    .await;
    viewer
        .respond(found.map(|a| Redirect::to(&format!("/artists/{}#account-{}", a.artist, a.slug))))
}

#[expect(clippy::too_many_lines, reason = "one view assembled field by field")]
async fn build(viewer: &Viewer, app: &App, slug: &str) -> Result<ArtistPage, PageError> {
    let slug = slug_of("artist", slug)?;
    let view = app.artist_view(slug.as_str()).await?;
    let catalog = app.artist_catalog(&slug).await?;
    let artist = &view.artist;

    let mut citations: Vec<Citation> = artist.sources.clone();
    citations.extend(
        artist
            .aliases
            .iter()
            .flat_map(|a| a.sources.iter().cloned()),
    );
    citations.extend(
        artist
            .memberships
            .iter()
            .flat_map(|m| m.sources.iter().cloned()),
    );
    citations.extend(
        view.members
            .iter()
            .flat_map(|(_, m)| m.sources.iter().cloned()),
    );
    citations.extend(view.accounts.iter().flat_map(|a| a.sources.iter().cloned()));
    citations.extend(
        catalog
            .appearances
            .iter()
            .flat_map(|a| a.sources.iter().cloned()),
    );
    let book = SourceBook::load(app, &citations).await?;
    let mut named: Vec<Slug> = artist.memberships.iter().map(|m| m.group.clone()).collect();
    named.extend(view.members.iter().map(|(s, _)| s.clone()));
    let names = NameBook::load(app, &named).await?;

    let mut facts = Vec::new();
    if let Some(country) = &artist.country {
        facts.push(("Country", country.clone()));
    }
    if let Some(debut) = &artist.debut {
        facts.push(("Debut", debut.to_string()));
    }
    if !artist.genres.is_empty() {
        facts.push(("Genres", artist.genres.join(", ")));
    }
    let mut name_rows = vec![NameRow {
        name: artist.name.clone(),
        kind: "name",
        locale: None,
        sources: Vec::new(),
    }];
    name_rows.extend(artist.aliases.iter().map(|alias| NameRow {
        name: alias.name.clone(),
        kind: alias_kind(alias.kind),
        locale: alias.locale.clone(),
        sources: book.items(&alias.sources),
    }));
    let period =
        |begin: Option<&model::PartialDate>, end: Option<&model::PartialDate>| match (begin, end) {
            (Some(b), Some(e)) => format!("{b} to {e}"),
            (Some(b), None) => format!("since {b}"),
            (None, Some(e)) => format!("until {e}"),
            (None, None) => String::new(),
        };
    let groups = artist
        .memberships
        .iter()
        .map(|m| GroupRow {
            link: names.link(&m.group),
            roles: m.roles.join(", "),
            period: period(m.begin.as_ref(), m.end.as_ref()),
            sources: book.items(&m.sources),
        })
        .collect();
    let members = view
        .members
        .iter()
        .map(|(member, m)| GroupRow {
            link: names.link(member),
            roles: m.roles.join(", "),
            period: period(m.begin.as_ref(), m.end.as_ref()),
            sources: book.items(&m.sources),
        })
        .collect();
    let mut releases: Vec<&model::Release> = catalog.releases.iter().collect();
    releases.sort_by_key(|r| std::cmp::Reverse(r.released.as_ref().map(|m| m.start())));
    let releases = releases
        .into_iter()
        .map(|r| ReleaseRow {
            title: r.title.clone(),
            href: format!("/releases/{}", r.slug),
            kind: kind_name(r.kind),
            released: r.released.as_ref().map(|m| viewer.when(m)),
            tracks: r
                .tracks
                .iter()
                .map(|t| (t.title.clone(), t.role.map(role_name)))
                .collect(),
        })
        .collect();
    let mut videos: Vec<&model::MusicVideo> = catalog.videos.iter().collect();
    videos.sort_by_key(|v| v.premiere().map(model::Moment::start));
    let videos = videos
        .into_iter()
        .map(|v| {
            let (state, state_text) = state_words(v.state());
            VideoRow {
                title: v.title.clone(),
                href: format!("/videos/{}", v.slug),
                state,
                state_text,
                when: v.premiere().map(|m| viewer.when(m)),
            }
        })
        .collect();
    let appearances = catalog
        .appearances
        .iter()
        .map(|a| {
            let show = catalog.shows.get(&a.show);
            let hosts = show.is_some_and(|s| s.hosts.contains(&slug));
            AppearanceRow {
                show: show.map_or_else(|| a.show.to_string(), |s| s.title.clone()),
                href: format!("/shows/{}#{}", a.show, a.slug),
                id: a.slug.to_string(),
                episode: a.episode.clone(),
                aired: a.aired.as_ref().map(|m| viewer.when(m)),
                role: if hosts { "host" } else { "guest" },
                sources: book.items(&a.sources),
            }
        })
        .collect();
    let hosted = catalog
        .hosted
        .iter()
        .map(|s| ArtistLink {
            name: s.title.clone(),
            href: format!("/shows/{}", s.slug),
        })
        .collect();
    let mut accounts = Vec::new();
    for account in &view.accounts {
        let subject = SeriesSubject::Account(account.slug.clone());
        accounts.push(AccountRow {
            id: account.slug.to_string(),
            platform: account.platform.to_string(),
            handle: account
                .handle
                .as_ref()
                .map_or_else(|| "handle unknown".to_owned(), |h| format!("@{h}")),
            url: account.url.clone(),
            public_since: account.public_since.as_ref().map(|m| viewer.when(m)),
            series: growth::blocks(app, viewer, &subject, account.public_since.as_ref()).await?,
            sources: book.items(&account.sources),
        });
    }
    let boards = app
        .records(
            &RecordFilter {
                any_tag: true,
                ..RecordFilter::default()
            },
            1,
        )
        .await?;
    let mut held: Vec<&app::Board> = boards
        .iter()
        .filter(|board| {
            board
                .ranked
                .first()
                .is_some_and(|holder| holder.artist.as_ref() == Some(&slug))
        })
        .collect();
    held.sort_by(|a, b| {
        (
            a.scope.platform,
            a.scope.metric,
            a.scope.milestone,
            &a.scope.tag,
        )
            .cmp(&(
                b.scope.platform,
                b.scope.metric,
                b.scope.milestone,
                &b.scope.tag,
            ))
    });
    let records = held
        .into_iter()
        .filter_map(|board| {
            let holder = board.ranked.first()?;
            (holder.artist.as_ref() == Some(&slug)).then(|| RecordRow {
                title: super::records::board_title(&board.scope),
                elapsed: super::records::elapsed_text(holder.entry.elapsed),
                account: holder.entry.subject.to_string(),
            })
        })
        .collect();

    Ok(ArtistPage {
        layout: viewer.layout(artist.name.clone()),
        slug: artist.slug.to_string(),
        name: artist.name.clone(),
        kind: match artist.kind {
            ArtistKind::Person => "Artist",
            ArtistKind::Group => "Group",
            ArtistKind::Other => "Act",
        },
        facts,
        names: name_rows,
        groups,
        members,
        releases,
        videos,
        appearances,
        hosted,
        accounts,
        records,
        sources: book.items(&artist.sources),
    })
}

pub(crate) fn state_words(state: VideoState) -> (&'static str, &'static str) {
    match state {
        VideoState::NonePlanned => ("none_planned", "no MV planned"),
        VideoState::Planned => ("planned", "planned"),
        VideoState::Announced => ("announced", "premieres"),
        VideoState::Teased => ("teased", "teased; premieres"),
        VideoState::Released => ("released", "out"),
        VideoState::Cancelled => ("cancelled", "cancelled"),
    }
}

fn alias_kind(kind: AliasKind) -> &'static str {
    match kind {
        AliasKind::StageName => "stage name",
        AliasKind::LegalName => "legal name",
        AliasKind::NativeName => "native script",
        AliasKind::Nickname => "nickname",
        AliasKind::Romanization => "romanization",
        AliasKind::SearchHint => "also searched as",
    }
}
