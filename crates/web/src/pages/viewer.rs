//! Who is looking: the viewer's time zone (`?tz=`, else the `tz` cookie, else UTC) and theme (the
//! `theme` cookie), how instants read in that zone beside the zone they were announced in, and the
//! preference form that stores both in cookies.

use axum::Form;
use axum::extract::{FromRequestParts, State};
use axum::http::header::{COOKIE, LOCATION, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use jiff::{Timestamp, tz::TimeZone};
use model::Moment;
use serde::Deserialize;

use super::{Layout, PageError, ZoneOption};
use app::App;

/// Zones offered in the selector; any IANA name also works through `?tz=`.
const ZONES: &[&str] = &[
    "UTC",
    "Asia/Seoul",
    "Asia/Tokyo",
    "Asia/Shanghai",
    "Asia/Manila",
    "Asia/Jakarta",
    "Asia/Bangkok",
    "Asia/Kolkata",
    "Australia/Sydney",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "America/Sao_Paulo",
    "America/Mexico_City",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "Pacific/Honolulu",
];

/// A year, in seconds: how long preference cookies live.
const COOKIE_MAX_AGE: u32 = 365 * 86_400;

/// The viewer of a page: zone, theme, the page's own address, and the time of the request.
#[derive(Debug, Clone)]
pub(crate) struct Viewer {
    pub(crate) zone: TimeZone,
    pub(crate) zone_name: String,
    pub(crate) theme: Theme,
    pub(crate) now: Timestamp,
    /// The request's path.
    path: String,
    /// Query pairs other than `tz`, kept by the zone form.
    query: Vec<(String, String)>,
    /// The zone came from `?tz=`: store it in the cookie too.
    remember_zone: bool,
    /// `?tz=` named no zone: the page answers 400 saying so.
    bad_zone: Option<String>,
}

/// The colour theme: the system's (`prefers-color-scheme`) unless the viewer chose one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Theme {
    Auto,
    Light,
    Dark,
}

impl Theme {
    fn parse(text: &str) -> Option<Self> {
        match text {
            "auto" => Some(Self::Auto),
            "light" => Some(Self::Light),
            "dark" => Some(Self::Dark),
            _ => None,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Viewer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let cookies = cookies(parts);
        let cookie = |name: &str| {
            cookies
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.as_str())
        };
        let mut query = Vec::new();
        let mut asked: Option<String> = None;
        for (key, value) in form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes()) {
            if key == "tz" {
                asked = Some(value.into_owned());
            } else {
                query.push((key.into_owned(), value.into_owned()));
            }
        }
        let mut viewer = Self {
            zone: TimeZone::UTC,
            zone_name: "UTC".to_owned(),
            theme: cookie("theme")
                .and_then(Theme::parse)
                .unwrap_or(Theme::Auto),
            now: Timestamp::now(),
            path: parts.uri.path().to_owned(),
            query,
            remember_zone: false,
            bad_zone: None,
        };
        match asked.as_deref().map(str::trim) {
            Some("") | None => {
                if let Some((name, zone)) = cookie("tz").and_then(zone_named) {
                    viewer.zone = zone;
                    viewer.zone_name = name;
                }
            }
            Some(name) => match zone_named(name) {
                Some((name, zone)) => {
                    viewer.zone = zone;
                    viewer.zone_name = name;
                    viewer.remember_zone = true;
                }
                None => viewer.bad_zone = Some(name.to_owned()),
            },
        }
        Ok(viewer)
    }
}

/// An IANA zone by name, with the name as given when it is known.
fn zone_named(name: &str) -> Option<(String, TimeZone)> {
    let zone = TimeZone::get(name).ok()?;
    Some((name.to_owned(), zone))
}

/// The request's cookies, percent-decoded.
fn cookies(parts: &Parts) -> Vec<(String, String)> {
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|header| header.split(';'))
        .filter_map(|pair| {
            let (key, value) = pair.trim().split_once('=')?;
            let value = form_urlencoded::parse(format!("v={value}").as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())?;
            Some((key.to_owned(), value))
        })
        .collect()
}

fn set_cookie(name: &str, value: &str) -> HeaderValue {
    let value: String = form_urlencoded::byte_serialize(value.as_bytes()).collect();
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; Max-Age={COOKIE_MAX_AGE}; SameSite=Lax"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("bside=1"))
}

/// An instant as the viewer reads it.
#[derive(Debug, Clone)]
pub(crate) struct When {
    /// For `<time datetime>`: the UTC instant, or the date.
    pub(crate) datetime: String,
    /// In the viewer's zone: "Sat 2023-09-16 00:00 KST"; a date alone when no time is known.
    pub(crate) shown: String,
    /// In the zone it was announced in, when that reads differently: "2023-09-16 00:00 KST".
    pub(crate) announced: Option<String>,
    /// "in 3 d 4 h" for what is still to come.
    pub(crate) countdown: Option<String>,
}

impl Viewer {
    /// The layout every page shares, titled `title`.
    pub(crate) fn layout(&self, title: impl Into<String>) -> Layout {
        let mut names: Vec<&str> = ZONES.to_vec();
        if !names.contains(&self.zone_name.as_str()) {
            names.insert(0, &self.zone_name);
        }
        let zones = names
            .into_iter()
            .filter_map(|name| {
                let zone = TimeZone::get(name).ok()?;
                let info = zone.to_offset_info(self.now);
                Some(ZoneOption {
                    label: format!("{name} ({}, UTC{})", info.abbreviation(), info.offset()),
                    selected: name == self.zone_name,
                    name: name.to_owned(),
                })
            })
            .collect();
        Layout {
            title: title.into(),
            zone_name: self.zone_name.clone(),
            zone_abbreviation: self
                .zone
                .to_offset_info(self.now)
                .abbreviation()
                .to_string(),
            zones,
            theme: self.theme.as_str(),
            path: self.path.clone(),
            back: self.back(),
            query: self.query.clone(),
        }
    }

    /// The query pairs of the request other than `tz`.
    pub(crate) fn query(&self) -> &[(String, String)] {
        &self.query
    }

    /// The page's address without `?tz=`, for forms that come back to it.
    fn back(&self) -> String {
        if self.query.is_empty() {
            return self.path.clone();
        }
        let query: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&self.query)
            .finish();
        format!("{}?{query}", self.path)
    }

    /// A moment: in the viewer's zone, with the announced zone beside it when that differs.
    pub(crate) fn when(&self, moment: &Moment) -> When {
        let Some(utc) = moment.utc else {
            let zone_note = moment
                .zone
                .as_ref()
                .map(|_| {
                    let start = moment.start();
                    format!(
                        " ({} date)",
                        moment.time_zone().to_offset_info(start).abbreviation()
                    )
                })
                .unwrap_or_default();
            return When {
                datetime: moment.date.to_string(),
                shown: format!("{}{zone_note}", moment.date),
                announced: None,
                countdown: None,
            };
        };
        let mut when = self.instant(utc);
        let announced_zone = moment.time_zone();
        let here = utc.to_zoned_datetime(self.zone.clone());
        let there = utc.to_zoned_datetime(announced_zone);
        let same = here.offset() == there.offset()
            && here.time_zone().to_offset_info(utc).abbreviation()
                == there.time_zone().to_offset_info(utc).abbreviation();
        if !same && moment.zone.is_some() {
            when.announced = Some(there.strftime("%Y-%m-%d %H:%M %Z").to_string());
        }
        when
    }

    /// An instant worked out by bside (a crossing, a projection): in the viewer's zone.
    pub(crate) fn instant(&self, utc: Timestamp) -> When {
        let here = utc.to_zoned_datetime(self.zone.clone());
        let ahead = utc.as_second() - self.now.as_second();
        When {
            datetime: utc.to_string(),
            shown: here.strftime("%a %Y-%m-%d %H:%M %Z").to_string(),
            announced: None,
            countdown: (ahead > 0).then(|| format!("in {}", duration_words(ahead))),
        }
    }

    /// An instant in unix milliseconds (what the records engine speaks).
    pub(crate) fn instant_ms(&self, ms: i64) -> When {
        self.instant(Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH))
    }

    /// Answers with the page, or the error page; stores a zone chosen with `?tz=` in its cookie.
    pub(crate) fn respond<T: IntoResponse>(&self, page: Result<T, PageError>) -> Response {
        if let Some(name) = &self.bad_zone {
            return PageError::bad_request(format!(
                "unknown time zone {name:?}: expected an IANA name like \"Asia/Seoul\" or \"America/New_York\""
            ))
            .render(self);
        }
        let mut response = match page {
            Ok(page) => page.into_response(),
            Err(error) => error.render(self),
        };
        if self.remember_zone {
            response
                .headers_mut()
                .append(SET_COOKIE, set_cookie("tz", &self.zone_name));
        }
        response
    }
}

/// "3 d 4 h", "5 h 12 min", "12 min", "40 s".
pub(crate) fn duration_words(seconds: i64) -> String {
    let minutes = seconds / 60;
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    match (days, hours, mins) {
        (0, 0, 0) => format!("{seconds} s"),
        (0, 0, _) => format!("{mins} min"),
        (0, _, _) => format!("{hours} h {mins} min"),
        _ => format!("{days} d {hours} h"),
    }
}

/// The preference form: `theme` and/or `tz`, then back to the page it came from.
#[derive(Debug, Deserialize)]
pub(crate) struct Preferences {
    theme: Option<String>,
    tz: Option<String>,
    back: Option<String>,
}

/// `POST /preferences`: stores the theme and zone in cookies and returns to `back` (a local path).
pub(crate) async fn preferences(
    viewer: Viewer,
    State(_app): State<App>,
    Form(form): Form<Preferences>,
) -> Response {
    let mut cookies = Vec::new();
    if let Some(theme) = form.theme.as_deref().filter(|t| !t.is_empty()) {
        if Theme::parse(theme).is_none() {
            return PageError::bad_request(format!(
                "unknown theme {theme:?}: expected auto, light or dark"
            ))
            .render(&viewer);
        }
        cookies.push(set_cookie("theme", theme));
    }
    if let Some(tz) = form.tz.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        if zone_named(tz).is_none() {
            return PageError::bad_request(format!(
                "unknown time zone {tz:?}: expected an IANA name like \"Asia/Seoul\""
            ))
            .render(&viewer);
        }
        cookies.push(set_cookie("tz", tz));
    }
    let back = form
        .back
        .filter(|back| back.starts_with('/') && !back.starts_with("//") && !back.contains('\\'))
        .unwrap_or_else(|| "/".to_owned());
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(location) = HeaderValue::from_str(&back) {
        response.headers_mut().insert(LOCATION, location);
    }
    for cookie in cookies {
        response.headers_mut().append(SET_COOKIE, cookie);
    }
    response
}
