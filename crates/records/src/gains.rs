//! Daily gains: how much a series grew each calendar day, days counted in a time zone (Asia/Seoul
//! by default, where K-pop's days turn), and the top days.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, tz};
use serde::Serialize;

use crate::Point;

/// The zone days are counted in unless configured otherwise.
pub const DEFAULT_ZONE: &str = "Asia/Seoul";

/// [`DEFAULT_ZONE`], or a fixed UTC+9 should the zone database lack it.
pub fn default_zone() -> TimeZone {
    TimeZone::get(DEFAULT_ZONE).unwrap_or_else(|_| tz::offset(9).to_time_zone())
}

/// A day's gain: the value of the day's last point minus the value of the last point of `since`,
/// the previous day with a point. `complete` when `since` is the day before (the gain is one day's)
/// and a later point shows the day is over (its last point is final); gains over gaps in the data
/// and the gain of the last day so far are not complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DayGain {
    pub day: Date,
    pub since: Date,
    pub gain: i64,
    pub complete: bool,
}

/// The gain of every day with a point except the first, in day order. `points` sorted by instant
/// (see [`crate::normalize`]); points outside jiff's range (years -9999 to 9999) are ignored.
pub fn daily_gains(points: &[Point], zone: &TimeZone) -> Vec<DayGain> {
    let mut days: Vec<(Date, u64)> = Vec::new();
    // The current day and its span [start, end) in unix ms.
    let mut current: Option<(Date, i64, i64)> = None;
    for point in points {
        match current {
            Some((_, start, end)) if (start..end).contains(&point.at) => {
                if let Some(last) = days.last_mut() {
                    last.1 = point.value;
                }
            }
            _ => {
                let Some(day) = day_of(point.at, zone) else {
                    continue;
                };
                current = Some(day);
                days.push((day.0, point.value));
            }
        }
    }
    let mut gains: Vec<DayGain> = days
        .windows(2)
        .map(|pair| {
            let ((since, before), (day, after)) = (pair[0], pair[1]);
            let gain = i128::from(after) - i128::from(before);
            DayGain {
                day,
                since,
                gain: i64::try_from(gain).unwrap_or(if gain < 0 { i64::MIN } else { i64::MAX }),
                complete: since.tomorrow().is_ok_and(|next| next == day),
            }
        })
        .collect();
    if let Some(last) = gains.last_mut() {
        last.complete = false;
    }
    gains
}

/// The `n` largest complete daily gains, largest first; equal gains in day order.
pub fn top_gains(gains: &[DayGain], n: usize) -> Vec<DayGain> {
    let mut complete: Vec<DayGain> = gains.iter().copied().filter(|g| g.complete).collect();
    complete.sort_by(|a, b| b.gain.cmp(&a.gain).then(a.day.cmp(&b.day)));
    complete.truncate(n);
    complete
}

/// The day `at` falls on in `zone`, with the day's span in unix ms.
fn day_of(at: i64, zone: &TimeZone) -> Option<(Date, i64, i64)> {
    let date = Timestamp::from_millisecond(at)
        .ok()?
        .to_zoned_datetime(zone.clone())
        .date();
    let start_of = |date: Date| {
        date.to_zoned_datetime(zone.clone())
            .ok()
            .map(|zoned| zoned.timestamp().as_millisecond())
    };
    let start = start_of(date)?;
    let end = date.tomorrow().ok().and_then(start_of).unwrap_or(i64::MAX);
    Some((date, start, end))
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;
    use jiff::tz::TimeZone;

    use super::{DayGain, daily_gains, default_zone, top_gains};
    use crate::Point;

    fn points(input: &[(&str, u64)]) -> Vec<Point> {
        input
            .iter()
            .map(|&(at, value)| Point::from_timestamp(at.parse::<Timestamp>().unwrap(), value))
            .collect()
    }

    /// Compares gains as `(day, since, gain, complete)`.
    fn check(zone: &TimeZone, input: &[(&str, u64)], expect: &[(&str, &str, i64, bool)]) {
        let got: Vec<(String, String, i64, bool)> = daily_gains(&points(input), zone)
            .iter()
            .map(|g| (g.day.to_string(), g.since.to_string(), g.gain, g.complete))
            .collect();
        let expect: Vec<(String, String, i64, bool)> = expect
            .iter()
            .map(|&(d, s, g, c)| (d.to_owned(), s.to_owned(), g, c))
            .collect();
        assert_eq!(got, expect, "daily gains of {input:?}");
    }

    #[test]
    fn days_turn_at_midnight_in_seoul() {
        let seoul = default_zone();
        // 14:59Z is 23:59 KST; 15:00Z is already the next day in Seoul.
        check(
            &seoul,
            &[
                ("2023-09-07T10:00:00Z", 100),
                ("2023-09-07T14:59:00Z", 150),
                ("2023-09-07T15:00:00Z", 160),
                ("2023-09-08T14:00:00Z", 400),
                ("2023-09-08T16:00:00Z", 410),
                ("2023-09-09T01:00:00Z", 420),
            ],
            &[
                ("2023-09-08", "2023-09-07", 250, true),
                ("2023-09-09", "2023-09-08", 20, false),
            ],
        );
        // The same points in UTC days.
        check(
            &TimeZone::UTC,
            &[
                ("2023-09-07T10:00:00Z", 100),
                ("2023-09-07T14:59:00Z", 150),
                ("2023-09-07T15:00:00Z", 160),
                ("2023-09-08T14:00:00Z", 400),
                ("2023-09-08T16:00:00Z", 410),
                ("2023-09-09T01:00:00Z", 420),
            ],
            &[
                ("2023-09-08", "2023-09-07", 250, true),
                ("2023-09-09", "2023-09-08", 10, false),
            ],
        );
    }

    #[test]
    fn gaps_and_dips_are_kept_but_not_complete() {
        check(
            &TimeZone::UTC,
            &[
                ("2023-01-01T12:00:00Z", 1000),
                ("2023-01-02T12:00:00Z", 900),
                ("2023-01-05T12:00:00Z", 1500),
                ("2023-01-06T12:00:00Z", 1600),
                ("2023-01-07T12:00:00Z", 1650),
            ],
            &[
                ("2023-01-02", "2023-01-01", -100, true),
                ("2023-01-05", "2023-01-02", 600, false),
                ("2023-01-06", "2023-01-05", 100, true),
                ("2023-01-07", "2023-01-06", 50, false),
            ],
        );
        check(&TimeZone::UTC, &[], &[]);
        check(&TimeZone::UTC, &[("2023-01-01T12:00:00Z", 5)], &[]);
    }

    #[test]
    fn top_gains_rank_complete_days() {
        let pts = points(&[
            ("2023-01-01T12:00:00Z", 0),
            ("2023-01-02T12:00:00Z", 50),
            ("2023-01-03T12:00:00Z", 80),
            ("2023-01-04T12:00:00Z", 130),
            ("2023-01-06T12:00:00Z", 1000),
            ("2023-01-07T12:00:00Z", 5000),
        ]);
        let gains = daily_gains(&pts, &TimeZone::UTC);
        let top: Vec<(String, i64)> = top_gains(&gains, 2)
            .iter()
            .map(|g: &DayGain| (g.day.to_string(), g.gain))
            .collect();
        // 01-06 spans a gap and 01-07 is the last day: neither ranks.
        assert_eq!(
            top,
            [("2023-01-02".to_owned(), 50), ("2023-01-04".to_owned(), 50)]
        );
        assert!(top_gains(&gains, 0).is_empty());
    }
}
