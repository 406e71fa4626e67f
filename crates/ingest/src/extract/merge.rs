//! One fact stated several times (a headline and a paragraph, a title and its role) is proposed once:
//! facts with the same identity are merged, the most specific date and the filled fields winning.

use super::facts::{Claim, Fact};
use super::text::fold_name;

/// Merges facts that are the same claim; facts whose dates disagree stay apart.
pub(crate) fn merge(facts: Vec<Fact>) -> Vec<Fact> {
    let mut out: Vec<Fact> = Vec::new();
    'facts: for fact in facts {
        let key = identity(&fact.claim);
        for kept in &mut out {
            if identity(&kept.claim) != key {
                continue;
            }
            if absorb(kept, &fact) {
                continue 'facts;
            }
        }
        out.push(fact);
    }
    out
}

fn norm(text: &str) -> String {
    fold_name(text)
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '&' {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("version", "ver")
}

fn identity(claim: &Claim) -> (super::facts::FactKind, Vec<String>) {
    let parts = match claim {
        Claim::MvRelease { artist, track, .. }
        | Claim::MvUpcoming { artist, track, .. }
        | Claim::MvNonePlanned { artist, track } => vec![norm(artist), norm(track)],
        Claim::MvAttribute {
            artist,
            track,
            attribute,
        } => vec![norm(artist), norm(track), norm(attribute)],
        Claim::Release {
            artist, release, ..
        } => vec![norm(artist), norm(release)],
        Claim::TrackListing { release, track, .. } => vec![norm(release), norm(track)],
        Claim::Appearance { show, guest, .. } => vec![norm(show), norm(guest)],
        Claim::Milestone {
            artist,
            metric,
            value,
            ..
        } => vec![norm(artist), metric.as_str().to_owned(), value.to_string()],
        Claim::Alias { artist, alias, .. } => vec![norm(artist), norm(alias)],
        Claim::Membership { person, group } => vec![norm(person), norm(group)],
        Claim::Genre {
            artist,
            track,
            genre,
        } => vec![
            norm(artist),
            track.as_deref().map(norm).unwrap_or_default(),
            norm(genre),
        ],
    };
    (claim.kind(), parts)
}

/// Folds `new` into `kept` when they do not contradict each other; says whether it did.
fn absorb(kept: &mut Fact, new: &Fact) -> bool {
    let kept_date = kept.claim.date().map(|d| d.date);
    let new_date = new.claim.date().map(|d| d.date);
    if let (Some(a), Some(b)) = (kept_date, new_date)
        && a != b
    {
        return false;
    }
    let takes_date = kept_date.is_none() && new_date.is_some();
    let mut merged = kept.claim.clone();
    match (&mut merged, &new.claim) {
        (
            Claim::MvRelease { date, .. } | Claim::MvUpcoming { date, .. },
            Claim::MvRelease { date: other, .. } | Claim::MvUpcoming { date: other, .. },
        ) => fill(date, other),
        (
            Claim::Release {
                release_type,
                status,
                date,
                ..
            },
            Claim::Release {
                release_type: other_type,
                status: other_status,
                date: other_date,
                ..
            },
        ) => {
            fill(release_type, other_type);
            if takes_date {
                *status = *other_status;
            }
            fill(date, other_date);
        }
        (
            Claim::TrackListing {
                position,
                role,
                version_of,
                ..
            },
            Claim::TrackListing {
                position: p,
                role: r,
                version_of: v,
                ..
            },
        ) => {
            if role.is_some() && r.is_some() && role != r {
                return false;
            }
            fill(position, p);
            fill(role, r);
            fill(version_of, v);
        }
        (
            Claim::Appearance { host, date, .. },
            Claim::Appearance {
                host: h, date: d, ..
            },
        ) => {
            fill(host, h);
            fill(date, d);
        }
        (
            Claim::Milestone {
                platform,
                elapsed,
                date,
                record_claim,
                ..
            },
            Claim::Milestone {
                platform: p,
                elapsed: e,
                date: d,
                record_claim: r,
                ..
            },
        ) => {
            if platform.is_some() && p.is_some() && platform != p {
                return false;
            }
            fill(platform, p);
            fill(elapsed, e);
            fill(date, d);
            fill(record_claim, r);
        }
        _ => {}
    }
    kept.claim = merged;
    kept.confidence = kept.confidence.max(new.confidence);
    // A sentence says more than a headline: prefer it as the evidence.
    let better_evidence = !is_sentence(&kept.evidence) && is_sentence(&new.evidence);
    if better_evidence && !takes_date {
        kept.evidence.clone_from(&new.evidence);
        kept.span = new.span;
        let mut entities = new.entities.clone();
        for entity in &kept.entities {
            if !entities.contains(entity) {
                entities.push(entity.clone());
            }
        }
        kept.entities = entities;
        return true;
    }
    if takes_date {
        kept.evidence.clone_from(&new.evidence);
        kept.span = new.span;
        kept.date_note.clone_from(&new.date_note);
    }
    for entity in &new.entities {
        if !kept.entities.contains(entity) {
            kept.entities.push(entity.clone());
        }
    }
    true
}

fn is_sentence(text: &str) -> bool {
    text.trim_end()
        .trim_end_matches(['"', '\'', '”', '’', ')'])
        .ends_with(['.', '!', '?'])
}

fn fill<T: Clone>(slot: &mut Option<T>, other: &Option<T>) {
    if slot.is_none() {
        slot.clone_from(other);
    }
}
