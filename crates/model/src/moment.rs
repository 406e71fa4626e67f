//! Dates and instants as news states them: partial dates (`2023`, `2023-09`, `2023-09-08`) and
//! moments that keep the UTC instant together with the zone it was announced in.

use std::fmt;

use jiff::{Timestamp, ZonedDateTime, civil, tz::TimeZone};
use serde::{Deserialize, Serialize};

/// A calendar date known to the year, the month or the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PartialDate {
    year: i16,
    month: Option<i8>,
    day: Option<i8>,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, refusing dates that do not exist (`2023-02-30`).
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = || format!("{text:?} is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD");
        let mut parts = text.split('-');
        let year = parse_part(parts.next(), 4).ok_or_else(bad)?;
        let month = parts
            .next()
            .map(|part| parse_part(Some(part), 2).ok_or_else(bad))
            .transpose()?;
        let day = parts
            .next()
            .map(|part| parse_part(Some(part), 2).ok_or_else(bad))
            .transpose()?;
        if parts.next().is_some() || year == 0 {
            return Err(bad());
        }
        let year = i16::try_from(year).map_err(|_| bad())?;
        let month = month
            .map(|m| i8::try_from(m).map_err(|_| bad()))
            .transpose()?;
        let day = day
            .map(|d| i8::try_from(d).map_err(|_| bad()))
            .transpose()?;
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(format!("{text:?} is not a date: month {m} does not exist"));
        }
        if let (Some(m), Some(d)) = (month, day) {
            civil::Date::new(year, m, d)
                .map_err(|_| format!("{text:?} is not a date: that day does not exist"))?;
        }
        Ok(Self { year, month, day })
    }

    pub fn from_date(date: civil::Date) -> Self {
        Self {
            year: date.year(),
            month: Some(date.month()),
            day: Some(date.day()),
        }
    }

    pub fn year(self) -> i16 {
        self.year
    }

    /// The full date, when the day is known.
    pub fn full(self) -> Option<civil::Date> {
        civil::Date::new(self.year, self.month?, self.day?).ok()
    }

    /// The first day this partial date can mean (`2023-09` → 2023-09-01).
    pub fn first_day(self) -> civil::Date {
        civil::Date::new(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
            .expect("a parsed partial date always has a valid first day")
    }

    /// Whether `date` falls within this partial date (`2023-09` contains 2023-09-16).
    pub fn contains(self, date: civil::Date) -> bool {
        self.year == date.year()
            && self.month.is_none_or(|m| m == date.month())
            && self.day.is_none_or(|d| d == date.day())
    }
}

fn parse_part(part: Option<&str>, width: usize) -> Option<u32> {
    let part = part?;
    if part.len() != width || !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    part.parse().ok()
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

impl TryFrom<String> for PartialDate {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        Self::parse(&text)
    }
}

impl From<PartialDate> for String {
    fn from(date: PartialDate) -> Self {
        date.to_string()
    }
}

/// When something happens or happened: a (partial) local date in the zone it was announced in,
/// and the UTC instant when the time of day is known. "For Us premieres 2023-09-16 00:00 KST" is
/// `{date: 2023-09-16, utc: 2023-09-15T15:00:00Z, zone: Asia/Seoul}`; "Love Me Again, 2023-08-10 KST"
/// is `{date: 2023-08-10, zone: Asia/Seoul}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "MomentInput")]
pub struct Moment {
    pub date: PartialDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utc: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
}

/// What a writer may send: the stored form, or a `local` wall-clock time with its `zone`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MomentInput {
    date: Option<PartialDate>,
    utc: Option<Timestamp>,
    local: Option<civil::DateTime>,
    zone: Option<String>,
}

impl TryFrom<MomentInput> for Moment {
    type Error = String;

    fn try_from(input: MomentInput) -> Result<Self, String> {
        let tz = input.zone.as_deref().map(zone_named).transpose()?;
        let mut utc = input.utc;
        if let Some(local) = input.local {
            let Some(tz) = &tz else {
                return Err("a local time needs its zone (like \"Asia/Seoul\")".to_owned());
            };
            let from_local = local
                .to_zoned_datetime(tz.clone())
                .map_err(|error| {
                    format!(
                        "local time {local} in {}: {error}",
                        input.zone.as_deref().unwrap_or("")
                    )
                })?
                .timestamp();
            if utc.is_some_and(|given| given != from_local) {
                return Err(format!(
                    "utc {} and local {local} name different instants",
                    utc.unwrap_or(from_local)
                ));
            }
            utc = Some(from_local);
        }
        let zone_or_utc = tz.unwrap_or(TimeZone::UTC);
        let date = match (input.date, utc) {
            (Some(date), Some(utc)) => {
                let local_date = utc.to_zoned_datetime(zone_or_utc).date();
                if !date.contains(local_date) {
                    return Err(format!(
                        "date {date} disagrees with the instant, which is {local_date} in its zone"
                    ));
                }
                date
            }
            (Some(date), None) => date,
            (None, Some(utc)) => PartialDate::from_date(utc.to_zoned_datetime(zone_or_utc).date()),
            (None, None) => {
                return Err("a moment needs a date, a utc instant or a local time".to_owned());
            }
        };
        Ok(Self {
            date,
            utc,
            zone: input.zone,
        })
    }
}

/// Looks up an IANA zone name ("Asia/Seoul"), with a message that says what was expected.
fn zone_named(name: &str) -> Result<TimeZone, String> {
    TimeZone::get(name).map_err(|_| {
        format!("unknown time zone {name:?}: expected an IANA name like \"Asia/Seoul\"")
    })
}

impl Moment {
    /// A moment at a known instant, announced in `zone`.
    pub fn at(utc: Timestamp, zone: &str) -> Result<Self, String> {
        let tz = zone_named(zone)?;
        Ok(Self {
            date: PartialDate::from_date(utc.to_zoned_datetime(tz).date()),
            utc: Some(utc),
            zone: Some(zone.to_owned()),
        })
    }

    /// A moment known only to the (partial) date.
    pub fn on(date: PartialDate) -> Self {
        Self {
            date,
            utc: None,
            zone: None,
        }
    }

    /// The zone the moment was announced in (UTC when none was given).
    pub fn time_zone(&self) -> TimeZone {
        self.zone
            .as_deref()
            .and_then(|name| TimeZone::get(name).ok())
            .unwrap_or(TimeZone::UTC)
    }

    /// The instant, or the start of the first day the date can mean, in the announced zone. Used to
    /// order moments and to place them in windows.
    pub fn start(&self) -> Timestamp {
        self.utc.unwrap_or_else(|| {
            self.date
                .first_day()
                .to_zoned_datetime(self.time_zone())
                .map_or_else(|_| Timestamp::UNIX_EPOCH, |zoned| zoned.timestamp())
        })
    }

    /// The wall-clock time in the announced zone, when the instant is known.
    pub fn local(&self) -> Option<ZonedDateTime> {
        self.utc.map(|utc| utc.to_zoned_datetime(self.time_zone()))
    }

    /// The zone's abbreviation at this moment ("KST"), when the instant and zone are known.
    pub fn zone_abbreviation(&self) -> Option<String> {
        let utc = self.utc?;
        self.zone.as_ref()?;
        Some(
            self.time_zone()
                .to_offset_info(utc)
                .abbreviation()
                .to_string(),
        )
    }
}

/// OpenAPI schemas written by hand, since both types have hand-written serde: a partial date is a
/// string, and a moment is read from more forms than it is written in.
#[cfg(feature = "openapi")]
mod schema {
    use utoipa::openapi::RefOr;
    use utoipa::openapi::schema::{
        AdditionalProperties, KnownFormat, ObjectBuilder, RefBuilder, Schema, SchemaFormat, Type,
    };
    use utoipa::{PartialSchema, ToSchema};

    use super::{Moment, PartialDate};

    impl PartialSchema for PartialDate {
        fn schema() -> RefOr<Schema> {
            ObjectBuilder::new()
                .schema_type(Type::String)
                .description(Some(
                    "A calendar date known to the year, the month or the day: `YYYY`, `YYYY-MM` or \
                     `YYYY-MM-DD`. Days that do not exist (`2023-02-30`) are refused.",
                ))
                .pattern(Some(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"))
                .examples(["2023-09-08", "2023-09", "2023"])
                .into()
        }
    }

    impl ToSchema for PartialDate {}

    impl PartialSchema for Moment {
        fn schema() -> RefOr<Schema> {
            let text = |description: &str| {
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .description(Some(description))
            };
            ObjectBuilder::new()
                .description(Some(
                    "When something happens or happened: the local date in the zone it was \
                     announced in, and the UTC instant when the time of day is known. Responses \
                     always carry `date`; a request may send `utc` or `local` instead and bside \
                     works out the date. A date that disagrees with the instant, a `local` time \
                     without its `zone`, or an unknown zone is refused.",
                ))
                .property(
                    "date",
                    RefBuilder::new()
                        .ref_location_from_schema_name(PartialDate::name())
                        .description(Some(
                            "The (partial) date in `zone`, or in UTC when there is no zone.",
                        )),
                )
                .property(
                    "utc",
                    text("The instant, when the time of day is known.")
                        .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
                        .examples(["2023-09-15T15:00:00Z"]),
                )
                .property(
                    "zone",
                    text("The IANA time zone the moment was announced in.")
                        .examples(["Asia/Seoul"]),
                )
                .property(
                    "local",
                    text(
                        "Request only: the wall-clock time in `zone`, without offset. bside stores \
                         it as `utc`, so responses never carry it.",
                    )
                    .write_only(true)
                    .examples(["2023-09-16T00:00"]),
                )
                .additional_properties(Some(AdditionalProperties::FreeForm(false)))
                .examples([
                    serde_json::json!({
                        "date": "2023-09-16",
                        "utc": "2023-09-15T15:00:00Z",
                        "zone": "Asia/Seoul",
                    }),
                    serde_json::json!({"local": "2023-09-16T00:00", "zone": "Asia/Seoul"}),
                    serde_json::json!({"date": "2023-08-10", "zone": "Asia/Seoul"}),
                ])
                .into()
        }
    }

    impl ToSchema for Moment {
        fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
            schemas.push((PartialDate::name().into_owned(), PartialDate::schema()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Moment, PartialDate};

    fn moment(json: &str) -> Result<Moment, String> {
        serde_json::from_str(json).map_err(|error| error.to_string())
    }

    #[test]
    fn partial_dates_parse_and_print() {
        for text in ["2023", "2023-09", "2023-09-08", "2024-02-29"] {
            assert_eq!(PartialDate::parse(text).unwrap().to_string(), text);
        }
        for bad in [
            "2023-02-30",
            "2023-13",
            "2023-9-8",
            "23",
            "2023-09-08-01",
            "0000",
            "",
            "2023-02-29",
        ] {
            assert!(
                PartialDate::parse(bad).is_err(),
                "{bad:?} should be refused"
            );
        }
        assert!(
            PartialDate::parse("2023-02-30")
                .unwrap_err()
                .contains("does not exist")
        );
    }

    #[test]
    fn a_local_time_becomes_utc_with_its_zone() {
        let m = moment(r#"{"local": "2023-09-16T00:00", "zone": "Asia/Seoul"}"#).unwrap();
        assert_eq!(m.utc.unwrap().to_string(), "2023-09-15T15:00:00Z");
        assert_eq!(m.date.to_string(), "2023-09-16");
        assert_eq!(m.zone_abbreviation().as_deref(), Some("KST"));
        let round = moment(&serde_json::to_string(&m).unwrap()).unwrap();
        assert_eq!(round, m);
    }

    #[test]
    fn inconsistent_moments_are_refused() {
        assert!(
            moment(
                r#"{"date": "2023-09-15", "utc": "2023-09-15T15:00:00Z", "zone": "Asia/Seoul"}"#
            )
            .is_err()
        );
        assert!(
            moment(r#"{"local": "2023-09-16T00:00"}"#)
                .unwrap_err()
                .contains("zone")
        );
        assert!(
            moment(r#"{"date": "2023-09-16", "zone": "Mars/Olympus"}"#)
                .unwrap_err()
                .contains("unknown time zone")
        );
        assert!(moment("{}").is_err());
        assert!(
            moment(r#"{"date": "2023-02-30"}"#)
                .unwrap_err()
                .contains("does not exist")
        );
    }

    #[test]
    fn date_only_moments_start_at_local_midnight() {
        let m = moment(r#"{"date": "2023-08-10", "zone": "Asia/Seoul"}"#).unwrap();
        assert_eq!(m.start().to_string(), "2023-08-09T15:00:00Z");
        assert_eq!(m.zone_abbreviation(), None);
    }
}
