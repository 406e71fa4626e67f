//! Artists (persons, groups), their names in every script, their memberships and external ids.

use serde::{Deserialize, Serialize};

use crate::invalid::{each, require_text};
use crate::source::validate_citations;
use crate::{Citation, Invalid, PartialDate, Slug, named_enum};

named_enum! {
    /// What an artist is.
    ArtistKind { Person => "person", Group => "group", Other => "other" }
}

named_enum! {
    /// How a name relates to an artist.
    AliasKind {
        StageName => "stage_name",
        LegalName => "legal_name",
        NativeName => "native_name",
        Nickname => "nickname",
        Romanization => "romanization",
        SearchHint => "search_hint",
    }
}

/// A performer: `v`, `bts`, `iu`. Aliases, external ids and the groups it is a member of belong to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(examples(json!({
    "slug": "v",
    "name": "V",
    "kind": "person",
    "country": "KR",
    "aliases": [
        {"name": "뷔", "kind": "native_name", "locale": "ko", "primary": true},
        {"name": "Kim Taehyung", "kind": "legal_name"}
    ],
    "memberships": [{"group": "bts"}],
    "sources": [{"source": "billboard-layover"}]
}))))]
pub struct Artist {
    pub slug: Slug,
    pub name: String,
    pub kind: ArtistKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Z]{2}$", examples("KR")))]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub genres: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debut: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Alias>,
    /// Groups this artist is (or was) a member of.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub memberships: Vec<Membership>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external_ids: Vec<ExternalId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Citation>,
}

/// Another name of an artist, in a script and locale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Alias {
    pub name: String,
    pub kind: AliasKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub primary: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Citation>,
}

/// A person's membership of a group, with roles and dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Membership {
    pub group: Slug,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub begin: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<PartialDate>,
    /// The name the person is credited under in this group, when it differs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credited_as: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Citation>,
}

/// An id in another system: `musicbrainz` → an MBID, `spotify` → an artist id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExternalId {
    pub system: String,
    pub value: String,
}

impl Artist {
    pub fn validate(&self) -> Result<(), Invalid> {
        require_text("name", &self.name)?;
        if let Some(country) = &self.country
            && (country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()))
        {
            return Err(Invalid::new(
                "country",
                "must be an ISO 3166 two-letter code like \"KR\"",
            ));
        }
        each("genres", &self.genres, |genre| require_text("", genre))?;
        each("aliases", &self.aliases, Alias::validate)?;
        for (index, alias) in self.aliases.iter().enumerate() {
            let twice = self.aliases[..index].iter().any(|earlier| {
                earlier.name == alias.name
                    && earlier.kind == alias.kind
                    && earlier.locale == alias.locale
            });
            if twice {
                return Err(Invalid::new(
                    format!("aliases[{index}]"),
                    format!("{:?} is listed twice", alias.name),
                ));
            }
        }
        each("memberships", &self.memberships, |membership| {
            if membership.group == self.slug {
                return Err(Invalid::new(
                    "group",
                    "an artist cannot be a member of itself",
                ));
            }
            membership.validate()
        })?;
        each("external_ids", &self.external_ids, |id| {
            require_text("system", &id.system)?;
            require_text("value", &id.value)
        })?;
        validate_citations(&self.sources)
    }
}

impl Alias {
    pub fn validate(&self) -> Result<(), Invalid> {
        require_text("name", &self.name)?;
        if let Some(locale) = &self.locale {
            let ok = (2..=12).contains(&locale.len())
                && locale
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if !ok {
                return Err(Invalid::new(
                    "locale",
                    "must be a language tag like \"ko\" or \"ja-Latn\"",
                ));
            }
        }
        validate_citations(&self.sources)
    }
}

impl Membership {
    pub fn validate(&self) -> Result<(), Invalid> {
        each("roles", &self.roles, |role| require_text("", role))?;
        if let (Some(begin), Some(end)) = (self.begin, self.end)
            && end.first_day() < begin.first_day()
        {
            return Err(Invalid::new(
                "end",
                format!("{end} is before the beginning {begin}"),
            ));
        }
        validate_citations(&self.sources)
    }
}
