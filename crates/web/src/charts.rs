//! Charts drawn on the server as SVG with plotters: an account's (or video's) growth with its
//! milestones and the projection to the next, and a record's progression. Text and axes use
//! `currentColor`, so a chart reads in the light and the dark theme alike.

use jiff::{Timestamp, tz::TimeZone};
use plotters::prelude::*;

/// A point of a series: unix milliseconds and a count.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ChartPoint {
    pub(crate) at: i64,
    pub(crate) value: u64,
}

/// The projection drawn as a dashed line from the last point to the next milestone, with its range.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ChartProjection {
    pub(crate) milestone: u64,
    pub(crate) estimate: i64,
    pub(crate) earliest: i64,
    pub(crate) latest: Option<i64>,
}

/// One holder of a record: when it was set, how long it took, and who.
#[derive(Debug, Clone)]
pub(crate) struct ChartStep {
    pub(crate) set_at: i64,
    pub(crate) elapsed_ms: i64,
    pub(crate) label: String,
}

/// A chart drawn twice: wide for desktops, narrow for phones (the page shows one by CSS), so its
/// labels stay legible at both widths instead of shrinking with the picture.
#[derive(Debug, Clone)]
pub(crate) struct Chart {
    pub(crate) wide: String,
    pub(crate) narrow: String,
}

#[derive(Debug, Clone, Copy)]
enum Size {
    Wide,
    Narrow,
}

impl Size {
    fn pixels(self) -> (u32, u32) {
        match self {
            Self::Wide => (760, 340),
            Self::Narrow => (400, 300),
        }
    }

    fn x_labels(self) -> usize {
        match self {
            Self::Wide => 7,
            Self::Narrow => 4,
        }
    }
}
/// Drawn in black, then turned into `currentColor` so text follows the theme.
const INK: RGBColor = RGBColor(0, 0, 0);
/// The series line: a violet readable on white and on near-black.
const LINE: RGBColor = RGBColor(130, 80, 230);
/// Milestone markers and the projection: an amber readable on both backgrounds.
const MARK: RGBColor = RGBColor(225, 130, 0);
const GRID: RGBColor = RGBColor(128, 128, 128);
const FONT: &str = "sans-serif";
/// Label size: legible when a phone scales the chart down.
const TEXT: u32 = 18;

/// A series' growth: the counts, a marker at each milestone's estimated crossing, and the projection.
pub(crate) fn growth(
    metric: &str,
    points: &[ChartPoint],
    milestones: &[(u64, i64)],
    projection: Option<ChartProjection>,
    zone: &TimeZone,
) -> Option<Chart> {
    Some(Chart {
        wide: growth_sized(metric, points, milestones, projection, zone, Size::Wide)?,
        narrow: growth_sized(metric, points, milestones, projection, zone, Size::Narrow)?,
    })
}

fn growth_sized(
    metric: &str,
    points: &[ChartPoint],
    milestones: &[(u64, i64)],
    projection: Option<ChartProjection>,
    zone: &TimeZone,
    size: Size,
) -> Option<String> {
    let first = points.first()?;
    let last = points.last()?;
    let mut x_end = last.at;
    let mut y_max = points.iter().map(|p| p.value).max().unwrap_or(0);
    if let Some(p) = projection {
        x_end = x_end.max(p.latest.unwrap_or(p.estimate)).max(p.estimate);
        y_max = y_max.max(p.milestone);
    }
    let x_start = first
        .at
        .min(milestones.iter().map(|m| m.1).min().unwrap_or(first.at));
    let x_end = x_end.max(x_start + 60_000);
    #[expect(
        clippy::cast_precision_loss,
        reason = "counts far below 2^52 draw exactly enough"
    )]
    let y_top = (y_max.max(1) as f64) * 1.08;
    let axis = TimeAxis::new(x_start, x_end, zone);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size.pixels()).into_drawing_area();
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .margin_right(44)
            .x_label_area_size(34)
            .y_label_area_size(58)
            .build_cartesian_2d(axis.range(), 0f64..y_top)
            .ok()?;
        let x_label = |x: &f64| axis.label(*x);
        let y_label = |v: &f64| short(*v);
        chart
            .configure_mesh()
            .x_labels(size.x_labels())
            .y_labels(6)
            .x_label_formatter(&x_label)
            .y_label_formatter(&y_label)
            .disable_x_mesh()
            .bold_line_style(GRID.mix(0.35))
            .light_line_style(TRANSPARENT)
            .axis_style(INK.mix(0.6))
            .label_style((FONT, TEXT).into_font().color(&INK))
            .y_desc(metric)
            .axis_desc_style((FONT, TEXT).into_font().color(&INK))
            .draw()
            .ok()?;
        #[expect(clippy::cast_precision_loss, reason = "drawing")]
        let xy = |p: &ChartPoint| (axis.x(p.at), p.value as f64);
        chart
            .draw_series(LineSeries::new(points.iter().map(xy), LINE.stroke_width(3)))
            .ok()?
            .label(metric.to_owned())
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], LINE.stroke_width(3)));
        if !milestones.is_empty() {
            #[expect(clippy::cast_precision_loss, reason = "drawing")]
            let markers = milestones.iter().map(|(value, at)| {
                TriangleMarker::new((axis.x(*at), *value as f64), 7, MARK.filled())
            });
            chart
                .draw_series(markers)
                .ok()?
                .label("milestone reached (estimate)")
                .legend(|(x, y)| TriangleMarker::new((x + 9, y), 6, MARK.filled()));
        }
        if let Some(p) = projection {
            #[expect(clippy::cast_precision_loss, reason = "drawing")]
            let target = p.milestone as f64;
            #[expect(clippy::cast_precision_loss, reason = "drawing")]
            let from = (axis.x(last.at), last.value as f64);
            chart
                .draw_series(DashedLineSeries::new(
                    vec![from, (axis.x(p.estimate), target)],
                    8,
                    6,
                    MARK.stroke_width(2),
                ))
                .ok()?
                .label(format!("projection to {}", app::short_count(p.milestone)))
                .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], MARK.stroke_width(2)));
            let range_end = p.latest.unwrap_or(x_end);
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(axis.x(p.earliest), target), (axis.x(range_end), target)],
                    MARK.mix(0.5).stroke_width(6),
                )))
                .ok()?;
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .background_style(TRANSPARENT)
            .border_style(INK.mix(0.3))
            .label_font((FONT, TEXT).into_font().color(&INK))
            .draw()
            .ok()?;
        root.present().ok()?;
    }
    Some(themed(&svg))
}

/// A record's progression: each holder's time to the milestone, set at the instant it was reached.
pub(crate) fn progression(steps: &[ChartStep], zone: &TimeZone) -> Option<Chart> {
    Some(Chart {
        wide: progression_sized(steps, zone, Size::Wide)?,
        narrow: progression_sized(steps, zone, Size::Narrow)?,
    })
}

fn progression_sized(steps: &[ChartStep], zone: &TimeZone, size: Size) -> Option<String> {
    let first = steps.first()?;
    let last = steps.last()?;
    // Room on the right for the last holder's label.
    let pad = ((last.set_at - first.set_at) / 6).max(86_400_000);
    let (x_start, x_end) = (first.set_at - pad, last.set_at + pad);
    let y_max = steps
        .iter()
        .map(|s| s.elapsed_ms)
        .max()
        .unwrap_or(0)
        .max(60_000);
    // Hours when the times run to hours, else minutes: round ticks either way.
    let (y_unit, y_suffix) = if y_max > 2 * 3_600_000 {
        (3_600_000_f64, "h")
    } else {
        (60_000_f64, "min")
    };
    #[expect(clippy::cast_precision_loss, reason = "drawing")]
    let y_of = |ms: i64| ms as f64 / y_unit;
    let y_top = y_of(y_max) * 1.2;
    let axis = TimeAxis::new(x_start, x_end, zone);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size.pixels()).into_drawing_area();
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .margin_right(44)
            .x_label_area_size(34)
            .y_label_area_size(70)
            .build_cartesian_2d(axis.range(), 0f64..y_top)
            .ok()?;
        let x_label = |x: &f64| axis.label(*x);
        let y_label = |v: &f64| {
            if v.fract().abs() < 1e-9 {
                format!("{v:.0} {y_suffix}")
            } else {
                format!("{v:.1} {y_suffix}")
            }
        };
        chart
            .configure_mesh()
            .x_labels(size.x_labels())
            .y_labels(6)
            .x_label_formatter(&x_label)
            .y_label_formatter(&y_label)
            .disable_x_mesh()
            .bold_line_style(GRID.mix(0.35))
            .light_line_style(TRANSPARENT)
            .axis_style(INK.mix(0.6))
            .label_style((FONT, TEXT).into_font().color(&INK))
            .y_desc("time to the milestone")
            .axis_desc_style((FONT, TEXT).into_font().color(&INK))
            .draw()
            .ok()?;
        // The record as it stood: flat while held, down a step when broken.
        let mut path: Vec<(f64, f64)> = Vec::new();
        for (index, step) in steps.iter().enumerate() {
            let y = y_of(step.elapsed_ms);
            if index > 0
                && let Some(&(_, before)) = path.last()
            {
                path.push((axis.x(step.set_at), before));
            }
            path.push((axis.x(step.set_at), y));
        }
        if let Some(&(_, y)) = path.last() {
            path.push((axis.x(x_end), y));
        }
        chart
            .draw_series(LineSeries::new(path, LINE.stroke_width(3)))
            .ok()?
            .label("record")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], LINE.stroke_width(3)));
        let middle = f64::midpoint(axis.x(x_start), axis.x(x_end));
        let holders = steps.iter().map(|s| {
            let label = format!("{} · {}", s.label, elapsed_words(s.elapsed_ms));
            // Labels in the right half end at their point, so none runs off the chart.
            let shift = if axis.x(s.set_at) > middle {
                let width = i32::try_from(label.chars().count()).unwrap_or(40) * 8;
                -width - 4
            } else {
                8
            };
            EmptyElement::at((axis.x(s.set_at), y_of(s.elapsed_ms)))
                + Circle::new((0, 0), 5, MARK.filled())
                + Text::new(label, (shift, -22), (FONT, TEXT).into_font().color(&INK))
        });
        chart
            .draw_series(holders)
            .ok()?
            .label("new holder")
            .legend(|(x, y)| Circle::new((x + 9, y), 5, MARK.filled()));
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerLeft)
            .background_style(TRANSPARENT)
            .border_style(INK.mix(0.3))
            .label_font((FONT, TEXT).into_font().color(&INK))
            .draw()
            .ok()?;
        root.present().ok()?;
    }
    Some(themed(&svg))
}

/// Ink follows the page's text colour; the SVG scales to its container.
fn themed(svg: &str) -> String {
    svg.replace("#000000", "currentColor").replacen(
        "<svg ",
        "<svg role=\"img\" preserveAspectRatio=\"xMinYMin meet\" ",
        1,
    )
}

/// Time on the x axis, counted in hours (short spans) or days from a round start in the viewer's
/// zone, so plotters' round tick values fall on round times and dates.
struct TimeAxis {
    origin_ms: i64,
    unit_ms: i64,
    start_ms: i64,
    end_ms: i64,
    format: &'static str,
    zone: TimeZone,
}

impl TimeAxis {
    fn new(start_ms: i64, end_ms: i64, zone: &TimeZone) -> Self {
        const HOUR: i64 = 3_600_000;
        let (unit_ms, format) = if end_ms - start_ms <= 3 * 24 * HOUR {
            (HOUR, "%m-%d %H:%M")
        } else {
            (24 * HOUR, "%Y-%m-%d")
        };
        let origin_ms = Timestamp::from_millisecond(start_ms)
            .ok()
            .and_then(|at| {
                let zoned = at.to_zoned_datetime(zone.clone());
                let floor = if unit_ms == HOUR {
                    zoned
                        .with()
                        .minute(0)
                        .second(0)
                        .subsec_nanosecond(0)
                        .build()
                } else {
                    zoned.start_of_day()
                };
                floor.ok()
            })
            .map_or(start_ms, |zoned| zoned.timestamp().as_millisecond());
        Self {
            origin_ms,
            unit_ms,
            start_ms,
            end_ms,
            format,
            zone: zone.clone(),
        }
    }

    #[expect(clippy::cast_precision_loss, reason = "instants on an axis")]
    fn x(&self, ms: i64) -> f64 {
        (ms - self.origin_ms) as f64 / self.unit_ms as f64
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.x(self.start_ms)..self.x(self.end_ms)
    }

    #[expect(clippy::cast_possible_truncation, reason = "instants on an axis")]
    fn label(&self, x: f64) -> String {
        #[expect(clippy::cast_precision_loss, reason = "instants on an axis")]
        let ms = self.origin_ms + (x * self.unit_ms as f64).round() as i64;
        Timestamp::from_millisecond(ms).map_or_else(
            |_| String::new(),
            |at| {
                at.to_zoned_datetime(self.zone.clone())
                    .strftime(self.format)
                    .to_string()
            },
        )
    }
}

/// 12_000_000.0 → "12M" on a count axis.
fn short(value: f64) -> String {
    if value <= 0.0 {
        return "0".to_owned();
    }
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "axis labels"
    )]
    app::short_count(value.round() as u64)
}

/// "43 min", "4 h 52 min", "11 h", "3 d 2 h".
fn elapsed_words(ms: i64) -> String {
    let minutes = ms / 60_000;
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    match (days, hours, mins) {
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m} min"),
        (d, h, _) => format!("{d} d {h} h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seoul() -> TimeZone {
        TimeZone::get("Asia/Seoul").unwrap()
    }

    #[test]
    fn growth_chart_has_axes_markers_legend_and_projection() {
        let hour = 3_600_000;
        let points: Vec<ChartPoint> = (0..10)
            .map(|i| ChartPoint {
                at: 1_638_795_600_000 + i * hour,
                value: u64::try_from(i).unwrap() * 2_000_000,
            })
            .collect();
        let projection = ChartProjection {
            milestone: 20_000_000,
            estimate: 1_638_795_600_000 + 11 * hour,
            earliest: 1_638_795_600_000 + 10 * hour,
            latest: Some(1_638_795_600_000 + 12 * hour),
        };
        let svg = growth(
            "followers",
            &points,
            &[(1_000_000, 1_638_795_600_000 + hour / 2)],
            Some(projection),
            &seoul(),
        )
        .unwrap()
        .wide;
        assert!(svg.starts_with("<svg role=\"img\""), "{svg}");
        assert!(
            svg.contains("\n10M\n"),
            "count axis reads in millions: {svg}"
        );
        assert!(svg.contains("\n12-06 22:00\n"), "times in the zone: {svg}");
        assert!(svg.contains("milestone reached (estimate)"));
        assert!(svg.contains("projection to 20M"));
        assert!(!svg.contains("#000000"), "ink follows the theme");
    }

    #[test]
    fn progression_chart_names_each_holder() {
        let steps = [
            ChartStep {
                set_at: 1_547_251_200_000,
                elapsed_ms: (11 * 60 + 36) * 60_000,
                label: "Kang Daniel".to_owned(),
            },
            ChartStep {
                set_at: 1_570_665_600_000,
                elapsed_ms: (5 * 60 + 16) * 60_000,
                label: "Jennifer Aniston".to_owned(),
            },
            ChartStep {
                set_at: 1_638_798_180_000,
                elapsed_ms: 43 * 60_000,
                label: "V".to_owned(),
            },
        ];
        let chart = progression(&steps, &seoul()).unwrap();
        assert!(
            chart.narrow.contains("width=\"400\""),
            "a phone-sized drawing too"
        );
        let svg = chart.wide;
        assert!(svg.contains("V · 43 min"), "{svg}");
        assert!(svg.contains("Kang Daniel · 11 h 36 min"));
        assert!(svg.contains("time to the milestone"));
        assert!(
            svg.contains("\n10 h\n"),
            "round hours on the time axis: {svg}"
        );
    }

    #[test]
    fn empty_series_draw_nothing() {
        assert!(growth("followers", &[], &[], None, &seoul()).is_none());
        assert!(progression(&[], &seoul()).is_none());
    }
}
