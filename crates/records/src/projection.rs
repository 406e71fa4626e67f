//! Projections: when a series should reach its next milestone, with the method said and an
//! uncertainty range, or nothing when the series is flat or falling.

use jiff::Timestamp;
use serde::Serialize;

use crate::{Ladder, Point};

/// The window of points a projection fits: the last 7 days before the last point.
pub const PROJECTION_WINDOW_MS: i64 = 7 * DAY_MS;

/// What [`project`] does, in words fit to show next to its result.
pub const PROJECTION_METHOD: &str = "least-squares line over the points of the last 7 days, \
     continued from the last point; range from the slope ± 2 standard errors";

/// When the series should reach `milestone`, the next milestone above its last value.
///
/// `estimate` continues the fitted growth rate from the last point. `earliest` and `latest` come
/// from the rate plus and minus two standard errors of the fitted slope (roughly a 95% range when
/// growth is steady); `latest` is `None` when the low rate is not positive, i.e. the data cannot
/// rule out a stall. Instants in unix ms.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Projection {
    pub milestone: u64,
    pub method: &'static str,
    pub estimate: i64,
    pub earliest: i64,
    pub latest: Option<i64>,
    /// How many points the fit used.
    pub basis_points: usize,
    /// The fitted growth, per day.
    pub rate_per_day: f64,
}

/// Projects `points` (sorted by instant, see [`crate::normalize`]) to the next milestone of
/// `ladder`. `None` with fewer than 3 points in the window, when the fitted rate is not positive,
/// when the ladder has no next milestone, or when the estimate is past year 9999.
pub fn project(points: &[Point], ladder: &Ladder) -> Option<Projection> {
    let last = *points.last()?;
    let milestone = ladder.next_above(last.value)?;
    let window_start = last.at.saturating_sub(PROJECTION_WINDOW_MS);
    let window = &points[points.partition_point(|p| p.at < window_start)..];
    if window.len() < 3 {
        return None;
    }
    // Days and counts relative to the last point, so that f64 keeps its precision.
    let xs = window
        .iter()
        .map(|p| (p.at - last.at) as f64 / DAY_MS as f64);
    let ys = window.iter().map(|p| p.value as f64 - last.value as f64);
    let n = window.len() as f64;
    let mean_x = xs.clone().sum::<f64>() / n;
    let mean_y = ys.clone().sum::<f64>() / n;
    let (mut sxx, mut sxy) = (0.0, 0.0);
    for (x, y) in xs.clone().zip(ys.clone()) {
        sxx += (x - mean_x) * (x - mean_x);
        sxy += (x - mean_x) * (y - mean_y);
    }
    if sxx <= 0.0 {
        return None;
    }
    let slope = sxy / sxx;
    if slope.is_nan() || slope <= 0.0 {
        return None;
    }
    let intercept = mean_y - slope * mean_x;
    let residuals: f64 = xs
        .zip(ys)
        .map(|(x, y)| (y - intercept - slope * x).powi(2))
        .sum();
    let standard_error = (residuals / (n - 2.0) / sxx).sqrt();
    let remaining = (milestone - last.value) as f64;
    let reach = |rate: f64| instant(last.at as f64 + remaining / rate * DAY_MS as f64);
    let estimate = reach(slope)?;
    Some(Projection {
        milestone,
        method: PROJECTION_METHOD,
        estimate,
        earliest: reach(slope + 2.0 * standard_error).unwrap_or(estimate),
        latest: Some(slope - 2.0 * standard_error)
            .filter(|&low| low > 0.0)
            .and_then(reach),
        basis_points: window.len(),
        rate_per_day: slope,
    })
}

const DAY_MS: i64 = 86_400_000;

/// Unix ms as an instant jiff can show, or `None`.
fn instant(ms: f64) -> Option<i64> {
    let max = Timestamp::MAX.as_millisecond() as f64;
    if !ms.is_finite() || ms > max {
        return None;
    }
    Some(ms.round() as i64)
}

#[cfg(test)]
mod tests {
    use super::{DAY_MS, project};
    use crate::{Ladder, Point};

    /// Projects `input` as (day, value) onto a ladder of 1000, 2000, … and compares
    /// `(milestone, estimate, earliest, latest)` in days.
    fn check(input: &[(f64, u64)], expect: Option<(u64, f64, f64, Option<f64>)>) {
        let ladder = Ladder::new(vec![1000], Some(1000)).unwrap();
        let points: Vec<Point> = input
            .iter()
            .map(|&(day, value)| Point::new((day * DAY_MS as f64) as i64, value))
            .collect();
        let days = |ms: i64| (ms as f64 / DAY_MS as f64 * 100.0).round() / 100.0;
        let got = project(&points, &ladder).map(|p| {
            (
                p.milestone,
                days(p.estimate),
                days(p.earliest),
                p.latest.map(days),
            )
        });
        assert_eq!(got, expect, "projection of {input:?}");
    }

    #[test]
    fn steady_growth_projects_exactly() {
        // 100 a day, at 700 on day 7: 1000 three days later, no spread.
        let steady: Vec<(f64, u64)> = (0..=7).map(|d| (f64::from(d), 100 * d as u64)).collect();
        check(&steady, Some((1000, 10.0, 10.0, Some(10.0))));
    }

    #[test]
    fn noisy_growth_has_a_range() {
        let noisy = [
            (0.0, 0),
            (1.0, 150),
            (2.0, 180),
            (3.0, 330),
            (4.0, 380),
            (5.0, 520),
        ];
        let got = project(
            &noisy
                .iter()
                .map(|&(d, v)| Point::new((d * DAY_MS as f64) as i64, v))
                .collect::<Vec<_>>(),
            &Ladder::new(vec![1000], Some(1000)).unwrap(),
        )
        .unwrap();
        assert!(got.earliest < got.estimate);
        assert!(got.latest.is_some_and(|latest| latest > got.estimate));
        assert_eq!(got.basis_points, 6);
        assert!(
            (got.rate_per_day - 98.29).abs() < 0.01,
            "{}",
            got.rate_per_day
        );
    }

    #[test]
    fn flat_falling_or_thin_series_have_no_projection() {
        check(&[(0.0, 500), (1.0, 500), (2.0, 500)], None);
        check(&[(0.0, 500), (1.0, 400), (2.0, 300)], None);
        check(&[(0.0, 500), (1.0, 600)], None);
        check(&[], None);
        // Only the last 7 days count: the early rise is out of the window.
        check(
            &[(0.0, 0), (1.0, 500), (10.0, 500), (11.0, 500), (12.0, 500)],
            None,
        );
    }

    #[test]
    fn a_possible_stall_has_no_latest() {
        check(
            &[(0.0, 0), (1.0, 300), (2.0, 0), (3.0, 310)],
            Some((1000, 13.95, 5.95, None)),
        );
    }
}
