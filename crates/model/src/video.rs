//! Music videos and their lifecycle, kept as history: none planned → planned → announced (scheduled
//! instant) → teased → released (actual instant), or cancelled.

use serde::{Deserialize, Serialize};

use crate::invalid::{each, require_text};
use crate::source::validate_citations;
use crate::{Citation, Invalid, Moment, Platform, Slug, TrackRef, named_enum};

named_enum! {
    /// Where a music video stands.
    VideoState {
        NonePlanned => "none_planned",
        Planned => "planned",
        Announced => "announced",
        Teased => "teased",
        Released => "released",
        Cancelled => "cancelled",
    }
}

impl VideoState {
    /// Whether the lifecycle may go from `self` to `next`. A release is final; announcing again is a
    /// reschedule; a cancelled video may be planned again.
    pub fn may_become(self, next: Self) -> bool {
        use VideoState::{Announced, Cancelled, NonePlanned, Planned, Released, Teased};
        match self {
            NonePlanned => next != NonePlanned && next != Cancelled,
            Planned => next != Planned,
            Announced | Teased => !matches!(next, NonePlanned | Planned),
            Released => false,
            Cancelled => matches!(next, Planned | Announced),
        }
    }
}

/// A music video: `layover-blue-mv`. It belongs to a track, or stands alone with its own artists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(examples(json!({
    "slug": "layover-for-us-mv",
    "title": "For Us",
    "track": {"release": "layover", "disc": 1, "number": 5},
    "platform": "youtube",
    "history": [
        {
            "state": "announced",
            "at": {"date": "2023-09-16", "utc": "2023-09-15T15:00:00Z", "zone": "Asia/Seoul"},
            "sources": [{"source": "pinkvilla-for-us"}]
        }
    ]
}))))]
pub struct MusicVideo {
    pub slug: Slug,
    pub title: String,
    /// Artists of the video; for a video of a track, empty means the release's credits.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub artists: Vec<Slug>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track: Option<TrackRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<Platform>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// "black_and_white", "one_take", "dance_version", …
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub director: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub synopsis: Option<String>,
    /// The lifecycle, oldest step first.
    pub history: Vec<VideoStep>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Citation>,
}

/// One step of a video's lifecycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(examples(json!({
    "state": "released",
    "at": {"date": "2023-09-16", "utc": "2023-09-15T15:00:00Z", "zone": "Asia/Seoul"},
    "sources": [{"source": "pinkvilla-for-us"}]
}))))]
pub struct VideoStep {
    pub state: VideoState,
    /// The moment the step is about: the scheduled premiere, the teaser, the actual release.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Moment>,
    /// When the step was made public (an announcement's date), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub noted: Option<Moment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Citation>,
}

impl VideoStep {
    pub fn validate(&self) -> Result<(), Invalid> {
        // `at` is kept when known: a report that an MV "is out" or "is coming" without a date is
        // still a fact about its state.
        if let Some(url) = &self.url {
            validate_url("url", url)?;
        }
        validate_citations(&self.sources)
    }
}

impl MusicVideo {
    pub fn validate(&self) -> Result<(), Invalid> {
        require_text("title", &self.title)?;
        if self.track.is_none() && self.artists.is_empty() {
            return Err(Invalid::new(
                "artists",
                "a video without a track needs its artists",
            ));
        }
        if let Some(track) = &self.track
            && track.release.is_none()
        {
            return Err(Invalid::new(
                "track.release",
                "a video's track names its release",
            ));
        }
        if let Some(url) = &self.url {
            validate_url("url", url)?;
        }
        each("attributes", &self.attributes, |attribute| {
            require_text("", attribute)
        })?;
        if self.history.is_empty() {
            return Err(Invalid::new(
                "history",
                "a video needs at least one lifecycle step",
            ));
        }
        each("history", &self.history, VideoStep::validate)?;
        for (index, pair) in self.history.windows(2).enumerate() {
            if !pair[0].state.may_become(pair[1].state) {
                return Err(Invalid::new(
                    format!("history[{}].state", index + 1),
                    format!(
                        "a video cannot go from {} to {}",
                        pair[0].state, pair[1].state
                    ),
                ));
            }
        }
        validate_citations(&self.sources)
    }

    /// The current state: the last step's.
    pub fn state(&self) -> VideoState {
        self.history
            .last()
            .map_or(VideoState::Planned, |step| step.state)
    }

    /// The latest scheduled premiere, kept even after the video is out.
    pub fn scheduled(&self) -> Option<&Moment> {
        self.history
            .iter()
            .rev()
            .find(|step| step.state == VideoState::Announced)
            .and_then(|step| step.at.as_ref())
    }

    /// When it actually came out.
    pub fn released(&self) -> Option<&Moment> {
        self.history
            .iter()
            .find(|step| step.state == VideoState::Released)
            .and_then(|step| step.at.as_ref())
    }

    /// The teasers' moments, oldest first.
    pub fn teasers(&self) -> impl Iterator<Item = &Moment> {
        self.history
            .iter()
            .filter(|step| step.state == VideoState::Teased)
            .filter_map(|step| step.at.as_ref())
    }

    /// The premiere: the actual release, or else the latest schedule unless cancelled or unplanned.
    pub fn premiere(&self) -> Option<&Moment> {
        match self.state() {
            VideoState::Released => self.released(),
            VideoState::Announced | VideoState::Teased => self.scheduled(),
            _ => None,
        }
    }

    /// Appends a lifecycle step after checking that the transition is allowed.
    pub fn transition(&mut self, step: VideoStep) -> Result<(), Invalid> {
        step.validate()?;
        let from = self.state();
        if !self.history.is_empty() && !from.may_become(step.state) {
            return Err(Invalid::new(
                "state",
                format!("a video cannot go from {from} to {}", step.state),
            ));
        }
        if step.state == VideoState::Released
            && let Some(url) = &step.url
        {
            self.url = Some(url.clone());
        }
        self.history.push(step);
        Ok(())
    }
}

/// An http(s) address without spaces; `field` names it in the error.
pub fn validate_url(field: &str, url: &str) -> Result<(), Invalid> {
    if !(url.starts_with("https://") || url.starts_with("http://"))
        || url.contains(char::is_whitespace)
    {
        return Err(Invalid::new(field, "must be an http(s) address"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(state: VideoState, at: Option<&str>) -> VideoStep {
        VideoStep {
            state,
            at: at.map(|date| Moment::on(crate::PartialDate::parse(date).unwrap())),
            noted: None,
            url: None,
            note: None,
            sources: vec![],
        }
    }

    fn video(history: Vec<VideoStep>) -> MusicVideo {
        MusicVideo {
            slug: Slug::parse("blue-mv").unwrap(),
            title: "Blue".into(),
            artists: vec![Slug::parse("v").unwrap()],
            track: None,
            platform: None,
            platform_id: None,
            url: None,
            attributes: vec![],
            director: None,
            synopsis: None,
            history,
            sources: vec![],
        }
    }

    #[test]
    fn the_schedule_is_kept_after_release() {
        let mut v = video(vec![step(VideoState::Announced, Some("2023-09-13"))]);
        v.transition(step(VideoState::Released, Some("2023-09-12")))
            .unwrap();
        assert_eq!(v.state(), VideoState::Released);
        assert_eq!(v.scheduled().unwrap().date.to_string(), "2023-09-13");
        assert_eq!(v.premiere().unwrap().date.to_string(), "2023-09-12");
    }

    #[test]
    fn released_is_final_and_moments_are_kept_when_known() {
        let mut v = video(vec![step(VideoState::Released, Some("2023-09-12"))]);
        let err = v
            .transition(step(VideoState::Announced, Some("2023-09-13")))
            .unwrap_err();
        assert_eq!(err.message, "a video cannot go from released to announced");
        // "The MV is coming" without a date is still a state worth holding.
        let undated = video(vec![step(VideoState::Announced, None)]);
        assert!(undated.validate().is_ok());
        assert_eq!(undated.premiere(), None);
        let err = video(vec![
            step(VideoState::Released, Some("2023")),
            step(VideoState::Planned, None),
        ])
        .validate()
        .unwrap_err();
        assert_eq!(err.field, "history[1].state");
    }

    #[test]
    fn no_mv_planned_has_no_premiere() {
        let v = video(vec![step(VideoState::NonePlanned, None)]);
        assert!(v.validate().is_ok());
        assert_eq!(v.premiere(), None);
    }
}
