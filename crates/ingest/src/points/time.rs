//! Snapshot times as exports write them: RFC 3339 instants, dates, and Kaggle's `YY.DD.MM`.

use jiff::{Timestamp, civil, tz::TimeZone};

/// How a time column is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeFormat {
    /// An RFC 3339 instant, a `YYYY-MM-DD HH:MM:SS` wall time, a date, or unix seconds/milliseconds.
    Auto,
    /// `17.14.11`: year, day, month (the Kaggle trending-video sets).
    YyDdMm,
}

impl TimeFormat {
    /// Unix milliseconds for `text`; wall times and dates count in `zone`.
    pub fn parse(self, text: &str, zone: &TimeZone) -> Result<i64, String> {
        let text = text.trim();
        match self {
            Self::YyDdMm => {
                let parts: Vec<&str> = text.split('.').collect();
                let [yy, dd, mm] = parts.as_slice() else {
                    return Err(format!("{text:?} is not a YY.DD.MM date"));
                };
                let number = |s: &str| {
                    s.parse::<i8>()
                        .map_err(|_| format!("{text:?} is not a YY.DD.MM date"))
                };
                let year = 2000 + i16::from(number(yy)?);
                let date = civil::Date::new(year, number(mm)?, number(dd)?)
                    .map_err(|_| format!("{text:?} is not a YY.DD.MM date that exists"))?;
                start_of(date, zone)
            }
            Self::Auto => {
                if let Ok(instant) = text.parse::<Timestamp>() {
                    return Ok(instant.as_millisecond());
                }
                if let Ok(wall) = text.replace(' ', "T").parse::<civil::DateTime>() {
                    return wall
                        .to_zoned_datetime(zone.clone())
                        .map(|z| z.timestamp().as_millisecond())
                        .map_err(|e| format!("{text:?}: {e}"));
                }
                if let Ok(date) = text.parse::<civil::Date>() {
                    return start_of(date, zone);
                }
                if let Ok(number) = text.parse::<i64>() {
                    // Seconds until year 33658; milliseconds beyond.
                    return Ok(if number.abs() < 1_000_000_000_000 {
                        number * 1000
                    } else {
                        number
                    });
                }
                Err(format!(
                    "{text:?} is not a time: expected RFC 3339 (2023-09-15T15:00:00Z), a date or unix seconds"
                ))
            }
        }
    }
}

fn start_of(date: civil::Date, zone: &TimeZone) -> Result<i64, String> {
    date.to_zoned_datetime(zone.clone())
        .map(|z| z.timestamp().as_millisecond())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::TimeFormat;
    use jiff::tz::TimeZone;

    #[test]
    fn times_parse_in_their_formats() {
        let utc = TimeZone::UTC;
        let at = |format: TimeFormat, text: &str| {
            format
                .parse(text, &utc)
                .map(|ms| jiff::Timestamp::from_millisecond(ms).unwrap().to_string())
        };
        assert_eq!(
            at(TimeFormat::YyDdMm, "17.14.11").unwrap(),
            "2017-11-14T00:00:00Z"
        );
        assert!(at(TimeFormat::YyDdMm, "17.31.02").is_err());
        assert_eq!(
            at(TimeFormat::Auto, "2017-11-13T17:13:01.000Z").unwrap(),
            "2017-11-13T17:13:01Z"
        );
        assert_eq!(
            at(TimeFormat::Auto, "2023-09-15 15:00:00").unwrap(),
            "2023-09-15T15:00:00Z"
        );
        assert_eq!(
            at(TimeFormat::Auto, "2023-09-15").unwrap(),
            "2023-09-15T00:00:00Z"
        );
        assert_eq!(
            at(TimeFormat::Auto, "1694790000").unwrap(),
            "2023-09-15T15:00:00Z"
        );
        assert!(
            at(TimeFormat::Auto, "yesterday")
                .unwrap_err()
                .contains("not a time")
        );
        let seoul = TimeZone::get("Asia/Seoul").unwrap();
        assert_eq!(
            TimeFormat::Auto.parse("2023-09-16", &seoul).unwrap(),
            1_694_790_000_000
        );
    }
}
