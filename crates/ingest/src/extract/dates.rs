//! Dates as news writes them ("September 12, 2023", "Sept. 12", "on Friday", "00:00 KST", "the same day"),
//! the article's dateline, and their resolution against it, saying so whenever something was inferred.

use std::sync::LazyLock;

use jiff::ZonedDateTime;
use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use regex::Regex;

/// A date expression found in a sentence, as byte offsets relative to the sentence.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DateMention {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) expr: DateExpr,
    pub(crate) time: Option<TimeOfDay>,
    /// "said Monday": the day of the reporting, not of anything the article is about.
    pub(crate) reporting: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateExpr {
    Full(Date),
    /// "Sept. 12": the year comes from the dateline.
    MonthDay {
        month: i8,
        day: i8,
    },
    /// "Friday", "last Friday", "next Friday".
    Weekday {
        weekday: Weekday,
        relation: Relation,
    },
    /// "today" (0), "yesterday" (-1), "tomorrow" (1).
    DaysFrom(i8),
    /// "the same day", "at the same time": the date mentioned just before.
    Same,
    /// A time of day with no date ("at 6 p.m. KST").
    TimeOnly,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Relation {
    Bare,
    Last,
    This,
    Next,
}

/// "6 p.m. KST": hour, minute and the zone when stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TimeOfDay {
    pub(crate) hour: i8,
    pub(crate) minute: i8,
    pub(crate) zone: Option<&'static str>,
}

/// A date mention resolved to a day, or why it could not be.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ResolvedDate {
    pub(crate) date: Option<Date>,
    pub(crate) at: Option<ZonedDateTime>,
    pub(crate) note: Option<String>,
}

/// What a date is resolved against.
#[derive(Debug, Clone)]
pub(crate) struct Anchor {
    /// The article's own date.
    pub(crate) dateline: Option<Date>,
    /// The latest full date stated earlier in the article, for a missing year when there is no dateline.
    pub(crate) earlier: Option<Date>,
    /// The dates resolved so far, in reading order, for "the same day".
    pub(crate) previous: Vec<(Date, Option<TimeOfDay>)>,
}

const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
const ZONE: &str =
    r"(?:KST|JST|CST|CDT|EST|EDT|ET|PST|PDT|PT|CT|GMT|UTC|BST|CET|CEST|Korean time|Korea time)";

static FULL_ISO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{4})[-.](\d{1,2})[-.](\d{1,2})\b").expect("valid regex"));
static SLASH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b").expect("valid regex"));
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b({MONTH})\.? (\d{{1,2}})(?:st|nd|rd|th)?\b(?:,? (\d{{4}})\b)?"
    ))
    .expect("valid regex")
});
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({MONTH})\.?(?:,? (\d{{4}})\b)?"
    ))
    .expect("valid regex")
});
static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(last|this|next|this coming|coming) )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b(?:'s|’s)?")
        .expect("valid regex")
});
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(today|tonight|yesterday|tomorrow|the same day|that same day|the same time|that day|the same date)\b")
        .expect("valid regex")
});
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:(\d{{1,2}})(?::(\d{{2}}))?\s*(a\.m\.|p\.m\.|am\b|pm\b)|(\d{{1,2}}):(\d{{2}})|(midnight|noon))(?:\s*\(?({ZONE})\b\)?)?"
    ))
    .expect("valid regex")
});
static REPORTING_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:said|says|told|announced|reported|confirmed|revealed|stated|noted|explained|added)(?: on)?\s*$")
        .expect("valid regex")
});

/// Every date expression in a sentence, with times of day attached to the date they follow.
pub(crate) fn find_dates(sentence: &str) -> Vec<DateMention> {
    let mut found: Vec<DateMention> = Vec::new();
    let mut push = |start: usize, end: usize, expr: DateExpr| {
        if found.iter().all(|m| end <= m.start || start >= m.end) {
            found.push(DateMention {
                start,
                end,
                expr,
                time: None,
                reporting: false,
            });
        }
    };
    for c in FULL_ISO.captures_iter(sentence) {
        let m = c.get(0).expect("match");
        if let Some(date) = ymd(&c[1], &c[2], &c[3]) {
            push(m.start(), m.end(), DateExpr::Full(date));
        }
    }
    for c in SLASH.captures_iter(sentence) {
        let m = c.get(0).expect("match");
        if let Some(date) = ymd(&c[3], &c[1], &c[2]) {
            push(m.start(), m.end(), DateExpr::Full(date));
        }
    }
    for c in MONTH_DAY.captures_iter(sentence) {
        let m = c.get(0).expect("match");
        let month = month_number(&c[1]);
        let word = &c[1];
        // "may" and "march" are verbs too: take them only capitalized.
        if matches!(word.to_lowercase().as_str(), "may" | "mar" | "march")
            && !word.starts_with(char::is_uppercase)
        {
            continue;
        }
        let Ok(day) = c[2].parse::<i8>() else {
            continue;
        };
        let expr = match c.get(3) {
            Some(year) => match ymd(year.as_str(), &month.to_string(), &day.to_string()) {
                Some(date) => DateExpr::Full(date),
                None => continue,
            },
            None if (1..=31).contains(&day) => DateExpr::MonthDay { month, day },
            None => continue,
        };
        push(m.start(), m.end(), expr);
    }
    for c in DAY_MONTH.captures_iter(sentence) {
        let m = c.get(0).expect("match");
        let month = month_number(&c[2]);
        let Ok(day) = c[1].parse::<i8>() else {
            continue;
        };
        if !c[2].starts_with(char::is_uppercase) {
            continue;
        }
        let expr = match c.get(3) {
            Some(year) => match ymd(year.as_str(), &month.to_string(), &day.to_string()) {
                Some(date) => DateExpr::Full(date),
                None => continue,
            },
            None if (1..=31).contains(&day) => DateExpr::MonthDay { month, day },
            None => continue,
        };
        push(m.start(), m.end(), expr);
    }
    for c in WEEKDAY.captures_iter(sentence) {
        let m = c.get(0).expect("match");
        // "Saturday Night Live": a weekday that starts a name is no date.
        let rest = &sentence[m.end()..];
        if rest.starts_with(' ') && rest[1..].starts_with(|ch: char| ch.is_uppercase()) {
            continue;
        }
        let relation = match c.get(1).map(|r| r.as_str().to_lowercase()) {
            Some(r) if r == "last" => Relation::Last,
            Some(r) if r == "next" => Relation::Next,
            Some(_) => Relation::This,
            None => Relation::Bare,
        };
        let weekday = match c[2].to_lowercase().as_str() {
            "monday" => Weekday::Monday,
            "tuesday" => Weekday::Tuesday,
            "wednesday" => Weekday::Wednesday,
            "thursday" => Weekday::Thursday,
            "friday" => Weekday::Friday,
            "saturday" => Weekday::Saturday,
            _ => Weekday::Sunday,
        };
        push(m.start(), m.end(), DateExpr::Weekday { weekday, relation });
    }
    for c in RELATIVE.captures_iter(sentence) {
        let m = c.get(0).expect("match");
        // "The Tonight Show": a capitalized "Tonight" inside a sentence is part of a name.
        if m.start() > 0 && m.as_str().starts_with(char::is_uppercase) {
            continue;
        }
        let expr = match c[1].to_lowercase().as_str() {
            "today" | "tonight" => DateExpr::DaysFrom(0),
            "yesterday" => DateExpr::DaysFrom(-1),
            "tomorrow" => DateExpr::DaysFrom(1),
            _ => DateExpr::Same,
        };
        push(m.start(), m.end(), expr);
    }
    found.sort_by_key(|m| m.start);
    attach_times(sentence, &mut found);
    for mention in &mut found {
        mention.reporting = REPORTING_BEFORE.is_match(&sentence[..mention.start]);
    }
    found
}

/// A time right after a date ("Sept. 13 at 00:00 KST") belongs to it; a time with no date nearby is its
/// own mention, resolved against the date mentioned last.
fn attach_times(sentence: &str, found: &mut Vec<DateMention>) {
    let mut lone = Vec::new();
    for c in TIME.captures_iter(sentence) {
        let m = c.get(0).expect("match");
        if found.iter().any(|d| m.start() < d.end && m.end() > d.start) {
            continue;
        }
        let (hour, minute) = if let Some(word) = c.get(6) {
            if word.as_str().eq_ignore_ascii_case("noon") {
                (12, 0)
            } else {
                (0, 0)
            }
        } else if let Some(h) = c.get(4) {
            let hour: i8 = h.as_str().parse().unwrap_or(99);
            let minute: i8 = c
                .get(5)
                .map_or(Some(0), |x| x.as_str().parse().ok())
                .unwrap_or(99);
            (hour, minute)
        } else {
            let mut hour: i8 = c[1].parse().unwrap_or(99);
            let minute: i8 = c
                .get(2)
                .map_or(Some(0), |x| x.as_str().parse().ok())
                .unwrap_or(99);
            let pm = c[3].to_lowercase().starts_with('p');
            if hour == 12 {
                hour = 0;
            }
            if pm {
                hour += 12;
            }
            (hour, minute)
        };
        if !(0..24).contains(&hour) || !(0..60).contains(&minute) {
            continue;
        }
        // A bare "12:30" with no zone and no am/pm could be a score or a duration: only with a zone.
        let zone = c.get(7).map(|z| zone_name(z.as_str()));
        if c.get(4).is_some() && zone.is_none() {
            continue;
        }
        let time = TimeOfDay { hour, minute, zone };
        let owner = found.iter_mut().rev().find(|d| {
            d.time.is_none()
                && d.end <= m.start()
                && sentence[d.end..m.start()]
                    .trim()
                    .trim_start_matches(',')
                    .trim()
                    .to_lowercase()
                    .chars()
                    .count()
                    <= 3
        });
        if let Some(owner) = owner {
            owner.time = Some(time);
            owner.end = owner.end.max(m.end());
        } else if let Some(owner) = found.iter_mut().find(|d| {
            d.time.is_none()
                && d.start >= m.end()
                && sentence[m.end()..d.start]
                    .trim()
                    .trim_start_matches(',')
                    .trim()
                    .len()
                    <= 3
        }) {
            owner.time = Some(time);
            owner.start = m.start();
        } else {
            lone.push(DateMention {
                start: m.start(),
                end: m.end(),
                expr: DateExpr::TimeOnly,
                time: Some(time),
                reporting: false,
            });
        }
    }
    found.extend(lone);
    found.sort_by_key(|m| m.start);
}

fn zone_name(abbreviation: &str) -> &'static str {
    match abbreviation.to_uppercase().as_str() {
        "KST" | "KOREAN TIME" | "KOREA TIME" => "Asia/Seoul",
        "JST" => "Asia/Tokyo",
        "ET" | "EST" | "EDT" => "America/New_York",
        "PT" | "PST" | "PDT" => "America/Los_Angeles",
        "CT" | "CST" | "CDT" => "America/Chicago",
        "BST" => "Europe/London",
        "CET" | "CEST" => "Europe/Paris",
        _ => "UTC",
    }
}

fn month_number(word: &str) -> i8 {
    let lower = word.to_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let index = months
        .iter()
        .position(|m| lower.starts_with(m))
        .unwrap_or(0);
    i8::try_from(index + 1).unwrap_or(1)
}

fn ymd(year: &str, month: &str, day: &str) -> Option<Date> {
    let year: i16 = year.parse().ok()?;
    let month: i8 = month.parse().ok()?;
    let day: i8 = day.parse().ok()?;
    if !(1900..=2200).contains(&year) {
        return None;
    }
    Date::new(year, month, day).ok()
}

/// The article's dateline: a full date in its first lines (bylines, "Published …", "SEOUL, Sept. 25"
/// with the year from a date next to it), before the story itself starts.
pub(crate) fn find_dateline(text: &str) -> Option<Date> {
    let mut seen = 0;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        seen += 1;
        if seen > 6 {
            break;
        }
        let long_sentence = line.split_whitespace().count() > 25;
        for mention in find_dates(line) {
            if let DateExpr::Full(date) = mention.expr {
                let lead = &line[..mention.start];
                let header_like = !long_sentence
                    || lead.len() < 40
                        && (lead.contains("(") || lead.contains(',') || lead.is_empty());
                // A date inside the story's first sentence is what happened, not when it was written.
                let story = lead.to_lowercase();
                let words = line.split_whitespace().count();
                let in_story =
                    words > 12 && (story.trim_start().starts_with("on ") || story.contains(" on "));
                if header_like && !in_story {
                    return Some(date);
                }
            }
        }
    }
    None
}

/// Resolves a mention against the anchor; `future` says the clause speaks of what is to come
/// ("will premiere on Friday"), which decides which Friday.
pub(crate) fn resolve(mention: &DateMention, anchor: &Anchor, future: bool) -> ResolvedDate {
    let (date, note) = match mention.expr {
        DateExpr::Full(date) => (Some(date), None),
        DateExpr::MonthDay { month, day } => match (anchor.dateline, anchor.earlier) {
            (Some(base), _) => match nearest_year(base, month, day) {
                Some(date) => (
                    Some(date),
                    Some(format!(
                        "year {} inferred from the dateline {base}",
                        date.year()
                    )),
                ),
                None => (None, None),
            },
            (None, Some(base)) => match nearest_year(base, month, day) {
                Some(date) => (
                    Some(date),
                    Some(format!(
                        "year {} inferred from the date {base} stated earlier in the article",
                        date.year()
                    )),
                ),
                None => (None, None),
            },
            (None, None) => (
                None,
                Some("the year is not stated and the article has no dateline".to_owned()),
            ),
        },
        DateExpr::Weekday { weekday, relation } => match anchor.dateline {
            Some(base) => {
                let date = weekday_from(base, weekday, relation, future);
                (
                    Some(date),
                    Some(format!(
                        "{weekday:?} resolved to {date} from the dateline {base}"
                    )),
                )
            }
            None => (
                None,
                Some(format!(
                    "{weekday:?} could not be resolved: the article has no dateline"
                )),
            ),
        },
        DateExpr::DaysFrom(days) => match anchor.dateline {
            Some(base) => {
                let date = base
                    .checked_add(jiff::Span::new().days(i64::from(days)))
                    .ok();
                (
                    date,
                    date.map(|d| format!("relative day resolved to {d} from the dateline {base}")),
                )
            }
            None => (
                None,
                Some(
                    "a relative day could not be resolved: the article has no dateline".to_owned(),
                ),
            ),
        },
        DateExpr::Same => match same_day(anchor, future) {
            Some((date, _)) => (
                Some(date),
                Some(format!(
                    "\"the same day\" taken as {date}, the date stated before"
                )),
            ),
            None => (None, None),
        },
        DateExpr::TimeOnly => (None, None),
    };
    let time = mention.time.or(match mention.expr {
        DateExpr::Same => same_day(anchor, future).and_then(|p| p.1),
        _ => None,
    });
    let at = match (date, time) {
        (
            Some(date),
            Some(TimeOfDay {
                hour,
                minute,
                zone: Some(zone),
            }),
        ) => TimeZone::get(zone)
            .ok()
            .and_then(|tz| date.at(hour, minute, 0, 0).to_zoned_datetime(tz).ok()),
        _ => None,
    };
    ResolvedDate { date, at, note }
}

/// The date "the same day" points back to: the last one stated, or in a clause about the past, the
/// last one not after the dateline ("premiered the same day" does not mean a date still to come).
fn same_day(anchor: &Anchor, future: bool) -> Option<(Date, Option<TimeOfDay>)> {
    anchor
        .previous
        .iter()
        .rev()
        .find(|(date, _)| future || anchor.dateline.is_none_or(|line| *date <= line))
        .copied()
}

/// The year that puts month/day closest to the base date.
fn nearest_year(base: Date, month: i8, day: i8) -> Option<Date> {
    let mut best: Option<(i64, Date)> = None;
    for year in [base.year() - 1, base.year(), base.year() + 1] {
        let Ok(date) = Date::new(year, month, day) else {
            continue;
        };
        let distance = base
            .until(date)
            .map_or(i64::MAX, |span| i64::from(span.get_days()).abs());
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, date));
        }
    }
    best.map(|(_, date)| date)
}

fn weekday_from(base: Date, weekday: Weekday, relation: Relation, future: bool) -> Date {
    let forward = i64::from(weekday.since(base.weekday()));
    let backward = (7 - forward) % 7;
    let days = match relation {
        Relation::Last => -(if backward == 0 { 7 } else { backward }),
        Relation::Next => {
            if forward == 0 {
                7
            } else {
                forward
            }
        }
        Relation::This => forward,
        Relation::Bare if future => forward,
        Relation::Bare => -backward,
    };
    base.checked_add(jiff::Span::new().days(days))
        .unwrap_or(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        text.parse().expect("a date")
    }

    fn anchor(dateline: Option<&str>) -> Anchor {
        Anchor {
            dateline: dateline.map(date),
            earlier: None,
            previous: Vec::new(),
        }
    }

    /// The first date of a sentence, resolved.
    fn check(
        sentence: &str,
        dateline: Option<&str>,
        future: bool,
        expect: Option<&str>,
        note: Option<&str>,
    ) {
        let mentions = find_dates(sentence);
        let mention = mentions.first().expect("a date mention");
        let resolved = resolve(mention, &anchor(dateline), future);
        assert_eq!(
            resolved.date.map(|d| d.to_string()).as_deref(),
            expect,
            "{sentence}"
        );
        match note {
            Some(part) => assert!(
                resolved.note.as_deref().is_some_and(|n| n.contains(part)),
                "{sentence}: {:?}",
                resolved.note
            ),
            None => assert_eq!(resolved.note, None),
        }
    }

    #[test]
    fn full_dates_in_every_order() {
        check(
            "On September 12, 2023, V released it.",
            None,
            false,
            Some("2023-09-12"),
            None,
        );
        check(
            "Published 22 January 2024",
            None,
            false,
            Some("2024-01-22"),
            None,
        );
        check("2023-09-25 14:10", None, false, Some("2023-09-25"), None);
        check("8/21/2023", None, false, Some("2023-08-21"), None);
        check("2023.10.11 release", None, false, Some("2023-10-11"), None);
    }

    #[test]
    fn a_missing_year_comes_from_the_dateline_and_says_so() {
        check(
            "due Oct. 20",
            Some("2023-09-15"),
            true,
            Some("2023-10-20"),
            Some("inferred from the dateline"),
        );
        // Across the new year: the nearest year wins.
        check(
            "out Jan. 3",
            Some("2023-12-28"),
            true,
            Some("2024-01-03"),
            Some("year 2024"),
        );
        check("on Sept. 12", None, false, None, Some("no dateline"));
    }

    #[test]
    fn weekdays_resolve_back_for_the_past_and_forward_for_the_future() {
        // 2023-09-15 is a Friday.
        check(
            "released on Friday",
            Some("2023-09-15"),
            false,
            Some("2023-09-15"),
            Some("Friday resolved"),
        );
        check(
            "appeared on Thursday",
            Some("2023-09-15"),
            false,
            Some("2023-09-14"),
            None.or(Some("Thursday")),
        );
        check(
            "will perform on Tuesday",
            Some("2023-09-15"),
            true,
            Some("2023-09-19"),
            Some("dateline 2023-09-15"),
        );
        check(
            "last Friday",
            Some("2024-08-09"),
            false,
            Some("2024-08-02"),
            Some("Friday"),
        );
        check("on Friday", None, false, None, Some("no dateline"));
    }

    #[test]
    fn relative_days() {
        check(
            "debuted yesterday",
            Some("2024-03-04"),
            false,
            Some("2024-03-03"),
            Some("relative day"),
        );
        check(
            "drops tomorrow",
            Some("2024-03-04"),
            true,
            Some("2024-03-05"),
            Some("relative day"),
        );
    }

    #[test]
    fn times_with_zones_make_instants() {
        let mentions = find_dates("The MV for Blue premieres Sept. 13 at 00:00 KST.");
        assert_eq!(mentions.len(), 1);
        let resolved = resolve(&mentions[0], &anchor(Some("2023-09-12")), true);
        assert_eq!(
            resolved.date.map(|d| d.to_string()).as_deref(),
            Some("2023-09-13")
        );
        assert_eq!(
            resolved.at.map(|z| z.to_string()).as_deref(),
            Some("2023-09-13T00:00:00+09:00[Asia/Seoul]")
        );
        let mentions = find_dates("on Dec. 6 at 6 p.m. KST");
        let resolved = resolve(&mentions[0], &anchor(Some("2023-11-17")), true);
        assert_eq!(
            resolved.at.map(|z| z.to_string()).as_deref(),
            Some("2023-12-06T18:00:00+09:00[Asia/Seoul]")
        );
        let mentions = find_dates("at 1 p.m. ET on Friday");
        assert_eq!(mentions.len(), 1, "{mentions:?}");
        assert_eq!(
            mentions[0].time.and_then(|t| t.zone),
            Some("America/New_York")
        );
    }

    #[test]
    fn names_and_reporting_days_are_not_event_dates() {
        assert!(find_dates("on “Saturday Night Live”").is_empty());
        assert!(find_dates("on The Tonight Show").is_empty());
        let said = find_dates("its agency said Monday.");
        assert!(said[0].reporting);
    }

    #[test]
    fn the_same_day_points_back_to_a_stated_date() {
        let mut a = anchor(Some("2023-09-15"));
        a.previous = vec![(date("2023-09-15"), None), (date("2023-10-20"), None)];
        let same = &find_dates("premiered the same day")[0];
        // In a clause about the past, a date still to come is not "the same day".
        assert_eq!(resolve(same, &a, false).date, Some(date("2023-09-15")));
        assert_eq!(resolve(same, &a, true).date, Some(date("2023-10-20")));
    }

    #[test]
    fn datelines_come_from_the_header_not_the_story() {
        assert_eq!(
            find_dateline("Headline\n\nBy A Writer | Nov 17, 2023\n\nBody."),
            Some(date("2023-11-17"))
        );
        assert_eq!(
            find_dateline("Headline\n\nPosted on 2024-10-14 by someone\n\nBody."),
            Some(date("2024-10-14"))
        );
        assert_eq!(
            find_dateline(
                "Headline\n\nOn September 12, 2023, BTS member V delighted fans with the release of the video for the song from his album, which fans had waited for."
            ),
            None
        );
    }
}
