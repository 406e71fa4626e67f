//! Calendar entries: one per release premiere, MV premiere and appearance, each with a UID stable per
//! subject and a SEQUENCE derived from the MV's history (how many times its premiere moved), so a
//! rescheduled premiere updates the entry a calendar already holds instead of adding a second one.

use jiff::{SignedDuration, Timestamp};
use model::{Event, EventKind, Moment, MusicVideo, Slug, Subject, SubjectKind, VideoState};

use super::outbox::when;
use crate::{App, Result};

/// What a calendar entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalendarKind {
    Release,
    MusicVideo,
    Appearance,
}

/// One calendar entry. `at` is an instant (with the zone it was announced in) or a full date: a
/// date-only fact is an all-day entry, never an invented midnight.
#[derive(Debug, Clone)]
pub struct CalendarEntry {
    /// Stable per subject: `video/layover-for-us-mv@bside`.
    pub uid: String,
    /// 0 for the first schedule; one more each time the premiere moved.
    pub sequence: u32,
    pub kind: CalendarKind,
    pub summary: String,
    /// "For Us premiered 2023-09-16 00:00 KST (announced in Asia/Seoul)".
    pub description: String,
    pub at: Moment,
    /// The event this entry stands for (its id, for links and dedup).
    pub event: String,
    pub event_kind: EventKind,
    pub subject: Subject,
    pub artists: Vec<Slug>,
    /// Sources as (publisher, URL).
    pub sources: Vec<(String, String)>,
}

/// Days of past events a calendar may be asked to keep at most.
pub const MAX_CALENDAR_PAST_DAYS: u32 = 36_600;

impl App {
    /// The calendar: premieres, releases and appearances from `past_days` ago (the configured window
    /// when `None`) on, for one artist or everyone, in order of time.
    pub async fn calendar(
        &self,
        artist: Option<&str>,
        now: Timestamp,
        past_days: Option<u32>,
    ) -> Result<Vec<CalendarEntry>> {
        let past_days = past_days.unwrap_or(self.following.options.calendar_past_days);
        if past_days > MAX_CALENDAR_PAST_DAYS {
            return Err(model::Invalid::new(
                "past_days",
                format!("must be at most {MAX_CALENDAR_PAST_DAYS}"),
            )
            .into());
        }
        let since = now
            .checked_sub(SignedDuration::from_hours(24 * i64::from(past_days)))
            .unwrap_or(Timestamp::MIN);
        let mut events = self.timeline(artist, Timestamp::MAX, usize::MAX).await?;
        events.reverse();
        let mut entries = Vec::new();
        for event in events {
            if !event.kind.is_premiere() || event.at.start() < since {
                continue;
            }
            // A date-only moment must be a whole day to be placed: "2023-09" has no day to show.
            if event.at.utc.is_none() && event.at.date.full().is_none() {
                continue;
            }
            let (kind, sequence, summary) = match event.subject.kind {
                SubjectKind::Video => {
                    let video = self.store.video(event.subject.slug.as_str()).await?;
                    let title = video.as_ref().map_or(event.title.as_str(), |v| &v.title);
                    (
                        CalendarKind::MusicVideo,
                        video.as_ref().map_or(0, moves),
                        format!("{title}: MV premiere"),
                    )
                }
                SubjectKind::Release => (CalendarKind::Release, 0, event.title.clone()),
                SubjectKind::Appearance => (CalendarKind::Appearance, 0, event.title.clone()),
                SubjectKind::Account => continue,
            };
            let sources = self.sources_of(&event).await?;
            entries.push(CalendarEntry {
                uid: format!(
                    "{}/{}@bside",
                    event.subject.kind.as_str(),
                    event.subject.slug
                ),
                sequence,
                kind,
                description: describe(&event),
                summary,
                at: event.at.clone(),
                event: event.id.clone(),
                event_kind: event.kind,
                subject: event.subject.clone(),
                artists: event.artists.clone(),
                sources,
            });
        }
        Ok(entries)
    }

    async fn sources_of(&self, event: &Event) -> Result<Vec<(String, String)>> {
        let mut out = Vec::new();
        for citation in &event.sources {
            if let Some(source) = self.store.source(citation.source.as_str()).await? {
                out.push((source.publisher, source.url));
            }
        }
        Ok(out)
    }
}

/// How many times a video's premiere moved: each scheduled instant (or date) that differs from the one
/// before it, and a release at another moment than the last schedule, count one. Deterministic: the
/// same history always gives the same number.
pub(crate) fn moves(video: &MusicVideo) -> u32 {
    let mut last: Option<&Moment> = None;
    let mut moved = 0;
    for step in &video.history {
        if !matches!(step.state, VideoState::Announced | VideoState::Released) {
            continue;
        }
        let Some(at) = &step.at else { continue };
        if last.is_some_and(|previous| !same_time(previous, at)) {
            moved += 1;
        }
        last = Some(at);
    }
    moved
}

/// Whether two moments name the same time: the same instant when both have one, else the same date.
fn same_time(a: &Moment, b: &Moment) -> bool {
    match (a.utc, b.utc) {
        (Some(x), Some(y)) => x == y,
        _ => a.date == b.date,
    }
}

fn describe(event: &Event) -> String {
    let mut text = format!("{}: {}", event.title, when(&event.at));
    if let Some(zone) = &event.at.zone {
        text.push_str(&format!(" (announced in {zone})"));
    }
    if !event.artists.is_empty() {
        let artists: Vec<&str> = event.artists.iter().map(Slug::as_str).collect();
        text.push_str(&format!("\nArtists: {}", artists.join(", ")));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn video(history: &serde_json::Value) -> MusicVideo {
        serde_json::from_value(serde_json::json!({
            "slug": "x-mv", "title": "X", "artists": ["v"], "history": history
        }))
        .unwrap()
    }

    #[test]
    fn a_premiere_that_moves_counts_up_and_a_restatement_does_not() {
        let first = serde_json::json!({"state": "announced", "at": {"utc": "2023-09-15T15:00:00Z", "zone": "Asia/Seoul"}});
        let moved = serde_json::json!({"state": "announced", "at": {"utc": "2023-09-16T15:00:00Z", "zone": "Asia/Seoul"}});
        let out_on_time = serde_json::json!({"state": "released", "at": {"utc": "2023-09-16T15:00:00Z", "zone": "Asia/Seoul"}});
        assert_eq!(moves(&video(&serde_json::json!([first]))), 0);
        assert_eq!(moves(&video(&serde_json::json!([first, first]))), 0);
        assert_eq!(moves(&video(&serde_json::json!([first, moved]))), 1);
        assert_eq!(
            moves(&video(&serde_json::json!([first, moved, out_on_time]))),
            1
        );
    }
}
