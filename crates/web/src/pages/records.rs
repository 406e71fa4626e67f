//! `/records`: "fastest to N" leaderboards, filtered by a GET form (platform, metric, milestone,
//! subject kind, tag), each entry with its estimate and bounds, and each record's progression.

use app::{App, Board, RecordFilter};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::Response;
use model::{Metric, Named, Platform, Slug};
use records::{Certainty, Scope, SubjectKind};

use super::{ArtistLink, Layout, NameBook, PageError, Viewer, When};
use crate::charts::{self, Chart, ChartStep};

/// Entries shown per leaderboard.
const TOP: usize = 10;

#[derive(Template, WebTemplate)]
#[template(path = "records.html")]
pub(crate) struct RecordsPage {
    layout: Layout,
    form: FilterForm,
    boards: Vec<BoardView>,
}

/// The filter form as submitted, with its choices.
pub(crate) struct FilterForm {
    platforms: Vec<(&'static str, bool)>,
    metrics: Vec<(&'static str, bool)>,
    kinds: Vec<(&'static str, bool)>,
    milestone: String,
    tag: String,
}

pub(crate) struct BoardView {
    id: String,
    title: String,
    entries: usize,
    ranked: Vec<EntryRow>,
    progression: Vec<StepRow>,
    chart: Option<Chart>,
}

pub(crate) struct EntryRow {
    rank: usize,
    holder: ArtistLink,
    account: String,
    elapsed: String,
    bounds: String,
    reached: When,
    before_origin: bool,
}

pub(crate) struct StepRow {
    holder: ArtistLink,
    elapsed: String,
    set: When,
    broke: Option<String>,
}

pub(crate) async fn page(viewer: Viewer, State(app): State<App>) -> Response {
    viewer.respond(build(&viewer, &app).await)
}

async fn build(viewer: &Viewer, app: &App) -> Result<RecordsPage, PageError> {
    let asked = viewer.query();
    let get = |name: &str| {
        asked
            .iter()
            .find(|(key, value)| key == name && !value.trim().is_empty())
            .map(|(_, value)| value.trim().to_owned())
    };
    let field = |name: &str, error: String| PageError::bad_request(format!("{name}: {error}"));
    let platform = get("platform")
        .map(|p| Platform::parse(&p).map_err(|e| field("platform", e)))
        .transpose()?;
    let metric = get("metric")
        .map(|m| Metric::parse(&m).map_err(|e| field("metric", e)))
        .transpose()?;
    let kind = get("kind")
        .map(|k| SubjectKind::parse(&k).map_err(|e| field("kind", e)))
        .transpose()?;
    let milestone = get("milestone")
        .map(|m| parse_count(&m).map_err(|e| field("milestone", e)))
        .transpose()?;
    let tag = get("tag");
    if let Some(tag) = &tag {
        Slug::parse(tag).map_err(|e| field("tag", e))?;
    }
    let filter = RecordFilter {
        platform,
        metric,
        milestone,
        kind,
        tag: tag.clone(),
        any_tag: false,
    };
    let mut boards = app.records(&filter, TOP).await?;
    // Smaller milestones first, as people climb them.
    boards.sort_by(|a, b| {
        let key = |s: &Scope| {
            (
                s.platform,
                s.metric,
                s.kind.as_str(),
                s.milestone,
                s.tag.clone(),
            )
        };
        key(&a.scope).cmp(&key(&b.scope))
    });
    let holders: Vec<Slug> = boards
        .iter()
        .flat_map(|b| b.ranked.iter().filter_map(|e| e.artist.clone()))
        .collect();
    let names = NameBook::load(app, &holders).await?;
    let boards = boards
        .iter()
        .map(|board| board_view(viewer, &names, board))
        .collect();

    let form = FilterForm {
        platforms: Platform::ALL
            .iter()
            .map(|p| (p.as_str(), Some(*p) == platform))
            .collect(),
        metrics: Metric::ALL
            .iter()
            .map(|m| (m.as_str(), Some(*m) == metric))
            .collect(),
        kinds: [SubjectKind::Person, SubjectKind::Group, SubjectKind::Video]
            .iter()
            .map(|k| (k.as_str(), Some(*k) == kind))
            .collect(),
        milestone: get("milestone").unwrap_or_default(),
        tag: tag.unwrap_or_default(),
    };
    Ok(RecordsPage {
        layout: viewer.layout("Records"),
        form,
        boards,
    })
}

fn board_view(viewer: &Viewer, names: &NameBook, board: &Board) -> BoardView {
    // Subjects are accounts or videos; their artist names them.
    let artist_of = |subject: &str| {
        board
            .ranked
            .iter()
            .find(|e| &*e.entry.subject == subject)
            .and_then(|e| e.artist.clone())
    };
    let holder = |subject: &str| match artist_of(subject) {
        Some(artist) => names.link(&artist),
        None => ArtistLink {
            name: subject.to_owned(),
            href: format!("/accounts/{subject}"),
        },
    };
    let ranked = board
        .ranked
        .iter()
        .enumerate()
        .map(|(index, e)| EntryRow {
            rank: index + 1,
            holder: holder(&e.entry.subject),
            account: e.entry.subject.to_string(),
            elapsed: elapsed_text(e.entry.elapsed),
            bounds: if e.entry.crossing.lower.is_some() {
                format!(
                    "{} to {}",
                    elapsed_text(e.entry.elapsed_lower),
                    elapsed_text(e.entry.elapsed_upper)
                )
            } else {
                format!("at most {}", elapsed_text(e.entry.elapsed_upper))
            },
            reached: viewer.instant_ms(e.entry.crossing.estimate),
            before_origin: e.entry.before_origin,
        })
        .collect();
    let progression: Vec<StepRow> = board
        .progression
        .iter()
        .map(|step| StepRow {
            holder: holder(&step.subject),
            elapsed: elapsed_text(step.elapsed),
            set: viewer.instant_ms(step.set_at),
            broke: step.broke.as_ref().map(|broke| {
                let sure = match broke.certainty {
                    Certainty::Certain => "",
                    Certainty::Probable => "; probably, since only the estimates say so",
                };
                format!(
                    "broke {}'s {}{sure}",
                    holder(&broke.previous).name,
                    elapsed_text(broke.previous_elapsed)
                )
            }),
        })
        .collect();
    let steps: Vec<ChartStep> = board
        .progression
        .iter()
        .map(|step| ChartStep {
            set_at: step.set_at,
            elapsed_ms: step.elapsed,
            label: holder(&step.subject).name,
        })
        .collect();
    BoardView {
        id: board.scope.key().replace(':', "-"),
        title: board_title(&board.scope),
        entries: board.entries,
        ranked,
        chart: if steps.len() > 1 {
            charts::progression(&steps, &viewer.zone)
        } else {
            None
        },
        progression,
    }
}

/// "Fastest person to 1M Instagram followers".
pub(crate) fn board_title(scope: &Scope) -> String {
    let tag = scope
        .tag
        .as_deref()
        .map(|t| format!(" ({t})"))
        .unwrap_or_default();
    format!(
        "Fastest {} to {} {} {}{tag}",
        scope.kind,
        app::short_count(scope.milestone),
        platform_name(scope.platform),
        scope.metric
    )
}

fn platform_name(platform: Platform) -> &'static str {
    match platform {
        Platform::Instagram => "Instagram",
        Platform::Youtube => "YouTube",
        Platform::Tiktok => "TikTok",
        Platform::X => "X",
        Platform::Weverse => "Weverse",
        Platform::Spotify => "Spotify",
        Platform::Other => "other-platform",
    }
}

/// "43 min", "4 h 52 min", "3 d 2 h", as the news reports them.
pub(crate) fn elapsed_text(ms: i64) -> String {
    crate::api::records::elapsed(ms).text
}

/// `1000000`, `1M`, `2.5M`, `750K`.
fn parse_count(text: &str) -> Result<u64, String> {
    let upper = text.trim().to_ascii_uppercase();
    let (number, scale) = match upper.chars().last() {
        Some('K') => (&upper[..upper.len() - 1], 1e3),
        Some('M') => (&upper[..upper.len() - 1], 1e6),
        Some('B') => (&upper[..upper.len() - 1], 1e9),
        _ => (upper.as_str(), 1.0),
    };
    let value: f64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a count like 1000000 or 10M"))?;
    if !(value.is_finite() && value > 0.0) {
        return Err(format!("{text:?} is not a positive count"));
    }
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "checked positive and finite above"
    )]
    Ok((value * scale).round() as u64)
}

#[cfg(test)]
mod tests {
    use super::parse_count;

    #[test]
    fn counts_parse_as_people_write_them() {
        assert_eq!(parse_count("10M"), Ok(10_000_000));
        assert_eq!(parse_count("2.5m"), Ok(2_500_000));
        assert_eq!(parse_count("1000000"), Ok(1_000_000));
        assert!(parse_count("ten").is_err());
        assert!(parse_count("-1M").is_err());
    }
}
