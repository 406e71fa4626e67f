//! Whose a series is (`Subject`, with its kind and origin) and the scope a record is ranked in
//! (`Scope`). What a series counts is the model's `Metric`.

use std::fmt;

use model::{Invalid, Metric, Platform, Slug};
use serde::{Deserialize, Serialize};

use crate::named_enum;

named_enum! {
    /// What kind of subject a record ranks: an account of a person or of a group, or a video.
    /// (Not the model's `SubjectKind`, which says what a timeline event is about.)
    SubjectKind {
        Person => "person",
        Group => "group",
        Video => "video",
    }
}

/// Whose series it is: an account (`thv-instagram`) or a video, with the instant that "fastest to
/// N" is measured from (`origin`: the account went public, the video was published; unix ms).
/// A subject without an origin has crossings but takes no place in any leaderboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    pub id: String,
    pub kind: SubjectKind,
    pub platform: Platform,
    /// Extra scopes the subject is ranked in besides the untagged one (`k-pop`); slugs.
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub origin: Option<i64>,
}

impl Subject {
    /// Checks the id and the tags (each a slug), and sorts and deduplicates the tags so that two
    /// subjects that mean the same compare equal.
    pub fn validate(mut self) -> Result<Self, Invalid> {
        if self.id.trim().is_empty() {
            return Err(Invalid::new("id", "must not be empty"));
        }
        for (index, tag) in self.tags.iter().enumerate() {
            Slug::parse(tag).map_err(|message| Invalid::new(format!("tags[{index}]"), message))?;
        }
        self.tags.sort_unstable();
        self.tags.dedup();
        Ok(self)
    }

    /// The scopes a crossing of this subject's `metric` series at `milestone` is ranked in: the
    /// untagged one, then one per tag.
    pub fn scopes(&self, metric: Metric, milestone: u64) -> impl Iterator<Item = Scope> + '_ {
        std::iter::once(None)
            .chain(self.tags.iter().map(Some))
            .map(move |tag| Scope {
                platform: self.platform,
                metric,
                milestone,
                kind: self.kind,
                tag: tag.cloned(),
            })
    }
}

/// Where a record is ranked: "fastest to 1M Instagram followers, persons, k-pop".
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Scope {
    pub platform: Platform,
    pub metric: Metric,
    pub milestone: u64,
    pub kind: SubjectKind,
    #[serde(default)]
    pub tag: Option<String>,
}

impl Scope {
    /// A stable text key: `instagram:followers:1000000:person`, then `:k-pop` when tagged.
    pub fn key(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}:{}",
            self.platform, self.metric, self.milestone, self.kind
        )?;
        if let Some(tag) = &self.tag {
            write!(f, ":{tag}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use model::{Metric, Platform};

    use super::{Subject, SubjectKind};

    fn subject(id: &str, tags: &[&str]) -> Subject {
        Subject {
            id: id.to_owned(),
            kind: SubjectKind::Person,
            platform: Platform::Instagram,
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            origin: None,
        }
    }

    fn check(input: Subject, expect: Result<&[&str], &str>) {
        match (input.validate(), expect) {
            (Ok(subject), Ok(tags)) => assert_eq!(subject.tags, tags),
            (Err(error), Err(text)) => assert_eq!(error.to_string(), text),
            (got, want) => panic!("got {got:?}, want {want:?}"),
        }
    }

    #[test]
    fn subjects_validate_and_normalize_tags() {
        check(subject("thv", &[]), Ok(&[]));
        check(
            subject("thv", &["k-pop", "bts", "k-pop"]),
            Ok(&["bts", "k-pop"]),
        );
        check(subject(" ", &[]), Err("id: must not be empty"));
        check(
            subject("thv", &["ok", "K Pop"]),
            Err(
                "tags[1]: slug \"K Pop\" must be lowercase letters, digits and single hyphens (like \"love-me-again\")",
            ),
        );
    }

    #[test]
    fn names_parse_and_scopes_have_stable_keys() {
        assert_eq!(Metric::parse("followers"), Ok(Metric::Followers));
        assert!(
            Metric::parse("fans")
                .unwrap_err()
                .contains("followers, subscribers")
        );
        assert_eq!(SubjectKind::Group.as_str(), "group");
        let mut s = subject("thv", &["k-pop"]).validate().unwrap();
        s.origin = Some(0);
        let keys: Vec<String> = s
            .scopes(Metric::Followers, 1_000_000)
            .map(|x| x.key())
            .collect();
        assert_eq!(
            keys,
            [
                "instagram:followers:1000000:person",
                "instagram:followers:1000000:person:k-pop"
            ]
        );
    }
}
