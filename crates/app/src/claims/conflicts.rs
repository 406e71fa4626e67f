//! The known facts a claim disagrees with: another date for the same premiere or release, another
//! track at the same position, another date for the same reported milestone.

use model::{Citation, Moment, VideoState};

use super::apply::{Names, fold};
use super::{Conflict, Proposal};

fn day(moment: Option<&Moment>) -> String {
    moment.map_or_else(|| "no date".to_owned(), |m| m.date.to_string())
}

fn cited(sources: &[Citation]) -> Vec<String> {
    sources.iter().map(|c| c.source.to_string()).collect()
}

/// Known facts that `proposal` disagrees with.
pub(crate) fn conflicts(proposal: &Proposal, names: &Names) -> Vec<Conflict> {
    let mut out = Vec::new();
    match proposal {
        Proposal::MvState {
            artist,
            track,
            state,
            when,
        } => {
            let artist = names.artist(artist).map(|a| &a.slug);
            let Some(video) = names.video(artist, track) else {
                return out;
            };
            let entity = format!("videos/{}", video.slug);
            let current = video.state();
            let known = match current {
                VideoState::Released => video.released(),
                VideoState::Announced | VideoState::Teased => video.scheduled(),
                _ => None,
            };
            let sources = video
                .history
                .last()
                .map(|s| cited(&s.sources))
                .unwrap_or_default();
            let claimed_day = when.as_ref().map(|m| m.date);
            if *state == VideoState::NonePlanned && current != VideoState::NonePlanned {
                out.push(Conflict {
                    entity,
                    field: "state".to_owned(),
                    known: format!("{current} ({})", day(known)),
                    claimed: "none_planned".to_owned(),
                    sources,
                });
            } else if *state == current
                && let (Some(known), Some(claimed)) = (known, claimed_day)
                && known.date != claimed
            {
                out.push(Conflict {
                    entity,
                    field: if current == VideoState::Released {
                        "released".to_owned()
                    } else {
                        "scheduled".to_owned()
                    },
                    known: known.date.to_string(),
                    claimed: claimed.to_string(),
                    sources,
                });
            } else if current == VideoState::Released && *state != VideoState::Released {
                out.push(Conflict {
                    entity,
                    field: "state".to_owned(),
                    known: format!("released ({})", day(known)),
                    claimed: state.to_string(),
                    sources,
                });
            }
        }
        Proposal::Release {
            artist,
            release,
            when: Some(when),
            ..
        } => {
            let artist = names.artist(artist).map(|a| &a.slug);
            if let Some(known) = names.release(artist, release)
                && let Some(released) = &known.released
                && released.date != when.date
            {
                out.push(Conflict {
                    entity: format!("releases/{}", known.slug),
                    field: "released".to_owned(),
                    known: released.date.to_string(),
                    claimed: when.date.to_string(),
                    sources: cited(&known.sources),
                });
            }
        }
        Proposal::TrackListing {
            artist,
            release,
            track,
            position: Some(position),
            ..
        } => {
            let artist = names.artist(artist).map(|a| &a.slug);
            if let Some(known) = names.release(artist, release) {
                let key = fold(track);
                let at = known
                    .tracks
                    .iter()
                    .find(|t| t.disc == 1 && t.number == *position);
                if let Some(other) = at
                    && fold(&other.title) != key
                {
                    out.push(Conflict {
                        entity: format!("releases/{}", known.slug),
                        field: format!("tracks[{position}].title"),
                        known: other.title.clone(),
                        claimed: track.clone(),
                        sources: cited(&known.sources),
                    });
                }
            }
        }
        Proposal::Milestone {
            artist,
            platform,
            metric,
            value,
            when: Some(when),
            ..
        } => {
            let Some(artist) = names.artist(artist) else {
                return out;
            };
            for account in names
                .accounts
                .iter()
                .filter(|a| a.artist == artist.slug && a.platform == *platform)
            {
                for known in account
                    .reported
                    .iter()
                    .filter(|r| r.metric == *metric && r.value == *value && r.at.is_some())
                {
                    let known_at = known.at.as_ref().map(|m| m.date);
                    if known_at != Some(when.date) {
                        out.push(Conflict {
                            entity: format!("accounts/{}", account.slug),
                            field: "reported.at".to_owned(),
                            known: day(known.at.as_ref()),
                            claimed: when.date.to_string(),
                            sources: cited(&known.sources),
                        });
                    }
                }
            }
        }
        _ => {}
    }
    out
}
