//! The phrase families, matched over sentence templates: releases (dropped / released / unveiled /
//! premiered, passive or not), music videos and their status (out, coming, none planned, "with the
//! exception of"), tracklists and roles, show appearances ("appeared on H's show S"), milestones and
//! records ("the fastest … to hit / reach / surpass N million followers"), memberships, genres, and
//! music-video attributes. Every rule is about a way of saying things, never about one article.

use std::collections::HashMap;
use std::sync::LazyLock;

use model::{ArtistKind, Platform, ReleaseKind, ReleaseStatus, Slug, TrackRole};
use regex::{Captures, Regex};

use super::dates::ResolvedDate;
use super::doc::{Doc, FUTURE, Role, Slot, clause_bounds};
use super::facts::{Claim, Fact, FactDate, Metric, Resolved};
use super::text::char_offset;

/// Runs every family over every sentence, in reading order.
pub(crate) fn run(doc: &Doc<'_>) -> Vec<Fact> {
    let mut state = State {
        doc,
        facts: Vec::new(),
        owners: HashMap::new(),
        last_mv: None,
    };
    for s in 0..doc.sents.len() {
        state.releases(s);
        state.track_listings(s);
        state.music_videos(s);
        state.appearances(s);
        state.milestones(s);
        state.memberships(s);
        state.genres(s);
        state.attributes(s);
    }
    state.facts
}

/// An artist as a fact names it.
#[derive(Debug, Clone)]
struct Who {
    name: String,
    slug: Option<Slug>,
    mention: String,
    entity: Option<usize>,
}

struct State<'d, 'a> {
    doc: &'d Doc<'a>,
    facts: Vec<Fact>,
    /// Title id → the artist facts so far gave it.
    owners: HashMap<usize, Who>,
    /// The music video spoken of last: (title id, sentence), for "It was filmed in one take".
    last_mv: Option<(usize, usize)>,
}

const LIST: &str = r"⟦T\d+⟧[.,]?(?:,? (?:and |& )?⟦T\d+⟧[.,]?)*";
const MV: &str = r"(?i:music videos?|mvs?|m/vs?|videos?|clips?|visuals?|visualizers?)\b";

static TITLE_SLOT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"⟦T(\d+)⟧").expect("valid regex"));
static ARTIST_SLOT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"⟦A(\d+)⟧").expect("valid regex"));
static ANY_SLOT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"⟦([ATDQ])(\d*)⟧").expect("valid regex"));
static MV_NOUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"\b{MV}")).expect("valid regex"));
static NOT_THE_MV: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:performance|dance practice|practice|lyric|teaser|behind-the-scenes|reaction|live|tearful|fan|fan-made|concept|tribute|cover|short)[- ]$")
        .expect("valid regex")
});
static MV_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?P<noun>{MV}) (?i:for|of|to|from) (?:(?:[a-z][\w'-]*|⟦A\d+⟧'s?),? ){{0,5}}(?P<list>{LIST})"
    ))
    .expect("valid regex")
});
static MV_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<list>{LIST}) (?:(?i:official|new|full|first|latest) )?(?P<noun>{MV})"
    ))
    .expect("valid regex")
});
static MV_WHOSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<list>⟦T\d+⟧)[.,]? (?:[\w-]+ ){{0,2}}?(?i:whose|with its|and its|alongside|along with|accompanied by|with|plus) (?:(?i:a|an|its|the|official|new) )?(?:[\w-]+ ){{0,2}}?(?P<noun>{MV})"
    ))
    .expect("valid regex")
});
static MV_ANOTHER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?i:another|one) (?:[\w-]+ )?(?i:for) (?:[a-z][\w'-]* ){0,4}(?P<list>⟦T\d+⟧)")
        .expect("valid regex")
});
static MV_FOR_IT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b(?P<noun>{MV}) (?i:for|of) it\b")).expect("valid regex")
});
static MV_NEGATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<list>⟦T\d+⟧)[.,]? (?:[\w-]+ ){{0,2}}?(?i:doesn't|does not|won't|will not|isn't|is not|didn't|did not|hasn't|has not|won't be|will not be)(?P<yet1> yet)? (?:[\w-]+ ){{0,2}}?(?i:have|get|receive|getting|released with)(?: its own)? (?:(?i:a|an|any) )?(?P<noun>{MV})(?P<yet2> yet)?"
    ))
    .expect("valid regex")
});
static MV_EXCEPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i:with the exception of|except(?: for)?|apart from|other than|save for|excluding|but not)(?: for)? (?:[a-z][\w'-]*,? ){{0,4}}(?P<list>{LIST})"
    ))
    .expect("valid regex")
});
static MV_NONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i:\bno) (?P<noun>{MV}) (?:(?i:is|was|are|were|will be) )?(?i:planned|made|released|filmed|for) (?:[a-z][\w'-]* ){{0,3}}(?P<list>{LIST})"
    ))
    .expect("valid regex")
});
static MV_POSSESSOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"⟦A(?P<a>\d+)⟧(?:'s|') (?:⟦T\d+⟧ )?(?:[\w-]+ ){{0,2}}?{MV}"
    ))
    .expect("valid regex")
});
static RELEASED_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:released|release of|dropped|drops|drop|unveiled|unveils|premiered|premieres|debuted|debuts|out now|is out|are out|arrived|arrives|shared|shares|already|enjoyed|launched|came out|rolled out|put out|uploaded|posted|surpassed|crossed|reached|hit|hits|racked up|garnered|amassed|topped|views|has|have|had|delighted|celebrat\w+|check out|watch|filmed|shot)\b")
        .expect("valid regex")
});
static MILESTONE_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b\d[\d,.]*\s*(?:million|billion|thousand|[MBK])?\s*(?:\w+ )?(?:followers|subscribers|views|streams|likes|plays)\b")
        .expect("valid regex")
});

static RELEASE_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:released|release|releases|releasing|dropped|drops|drop|arrived|arrives|arrive|came out|comes out|out|due|unveiled|unveils|debuted|landed|lands|launched|hits|premiered|returns?|returned|comeback|dropping)\b")
        .expect("valid regex")
});
static RELEASE_NOUN_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?i:mini[- ]album|single album|studio album|full-length album|full album|album|EP|LP|single|debut|record)(?:,)? (?P<t>⟦T\d+⟧)").expect("valid regex")
});
static RELEASE_NOUN_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<t>⟦T\d+⟧),? (?:(?i:the|his|her|their|its|a|an) )?(?:[\w-]+ ){0,3}?(?i:mini[- ]album|single album|album|EP|LP|single)\b").expect("valid regex")
});
static POSSESSIVE_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"⟦A(?P<a>\d+)⟧(?:'s|') (?:[\w-]+ ){0,4}$").expect("valid regex"));
static BY_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[.,]? (?:(?i:the|a|an|his|her|their) )?(?:[\w-]+ ){0,3}?(?i:by|from) (?:[\w-]+ ){0,2}?⟦A(?P<a>\d+)⟧").expect("valid regex")
});

const ROLE: &str = r"(?i:b-side tracks?|b-sides?|title tracks?|title songs?|pre-release singles?|pre-release tracks?|intro tracks?|intro|outro tracks?|outro|bonus tracks?|opening tracks?|opening songs?|closing tracks?|closing songs?|closing ballad|hidden tracks?)";
static ROLE_THEN_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<role>{ROLE})(?: (?i:track|song))?,? (?P<list>{LIST})"
    ))
    .expect("valid regex")
});
static TITLE_IS_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<t>⟦T\d+⟧)[.,]? (?:(?i:is|was|serves as|became|remains) )?(?i:the|its|their|his|her|a) (?:(?:⟦T\d+⟧|[\w-]+)'s )?(?:[\w-]+ ){{0,2}}?(?P<role>{ROLE})"
    ))
    .expect("valid regex")
});
static RELEASE_AFTER_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^;]*?\b(?i:of|from|off|on) (?:(?i:his|her|their|its|the|a) )?(?:[\w-]+ ){0,3}?(?:(?i:album|EP|mini album|record|set|LP|single album),? )?⟦T(?P<r>\d+)⟧").expect("valid regex")
});
static RELEASE_BEFORE_ROLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"⟦T(?P<r>\d+)⟧'s? (?:[\w-]+ )?$").expect("valid regex"));
static INCLUDES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<subject>(?i:album|record|EP|set|mini album|LP|mixtape|project)|⟦T\d+⟧)[.,]? (?:[^;]{0,40}?)(?i:also )?(?i:includes|include|included|including|features|featured|contains|boasts|spawned|yielded|produced|tracklist includes)\b(?P<rest>[^;]*)")
        .expect("valid regex")
});
static FROM_RELEASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"⟦T(?P<t>\d+)⟧[.,]? (?i:from|off|on) (?:(?i:his|her|their|its|the) )?(?:[\w-]+ ){0,3}?(?:(?i:album|EP|mini album|record|LP|single album),? )?⟦T(?P<r>\d+)⟧").expect("valid regex")
});
static VERSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?P<base>.+?)\s*[(\[](?P<label>[^()\[\]]*\b(?:ver\.?|version|remix|mix|inst\.?|instrumental|acoustic|edit|remaster(?:ed)?|demo|live)\b[^()\[\]]*)[)\]]$")
        .expect("valid regex")
});

static APPEARANCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<verb>(?i:appeared|appears|appear|appearing|will appear|made (?:a|an|his|her|their) (?:[\w-]+ ){0,2}appearance|makes (?:a|an) (?:[\w-]+ ){0,2}appearance|make (?:a|an|his|her|their) (?:[\w-]+ ){0,2}appearance|guested|guest-starred|was a guest|were guests|was the guest|as a guest|joined|stopped by|visited|performed|performs|perform|performing|sat down))(?P<mid>[^;]{0,80}?)\b(?i:on) (?:(?:[\w-]+ ){0,2}?⟦A(?P<h>\d+)⟧(?:'s|') |(?P<net>[\w-]+)(?:'s|') )?(?:(?:[\w-]+ ){0,3}(?i:show|program|programme|series|podcast),? )?⟦T(?P<s>\d+)⟧")
        .expect("valid regex")
});
/// A host named after the show: `⟦T1⟧, hosted by Jun Hyun-moo`.
static HOSTED_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\p{Pf}\p{Pe}\x22']{0,2},? (?:which is |that is )?(?i:hosted by|presented by|emceed by|fronted by|helmed by) (?:⟦A(?P<a>\d+)⟧|(?P<name>\p{Lu}[\p{L}'’-]+(?: \p{Lu}[\p{L}'’-]+){0,3}))")
        .expect("valid regex")
});
static GUEST_LIST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"⟦A\d+⟧(?:,? (?:and |& )?⟦A\d+⟧)+").expect("valid regex"));
static ALONGSIDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:alongside|along with|together with|with) (?:[\w-]+ ){0,3}?⟦A(?P<a>\d+)⟧")
        .expect("valid regex")
});

static MILESTONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<verb>(?i:surpass\w*|reach\w*|hit|hits|hitting|cross\w*|top|tops|topped|topping|pass|passed|passes|passing|exceed\w*|garner\w*|amass\w*|rack\w* up|earn\w*|gain\w*|achiev\w*|record\w*|collect\w*|clock\w* up|notch\w*|break\w*|broke|rake\w* in|pull\w* in|get|got))(?: (?i:more than|over|a whopping|a total of|the|some|an impressive|a record|a staggering))* (?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?P<mult>(?i:million|billion|thousand)|[MBK]\b)?(?: (?P<pf>Instagram|YouTube|Spotify|TikTok|Twitter|Weverse))? (?P<metric>(?i:followers|subscribers|views|streams|likes|plays))\b")
        .expect("valid regex")
});
static RECORD_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:fastest|quickest|first|youngest)\b").expect("valid regex")
});
static PLATFORM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<pf>Instagram|YouTube|Youtube|Spotify|TikTok|Tiktok|Twitter|Weverse)\b")
        .expect("valid regex")
});
static ELAPSED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:in|within|after) (?:just |only |under |less than |a record |a mere |about )?(?P<n>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a single) (?P<u>minutes?|hours?|days?|weeks?|months?|years?)(?:,? (?:and )?(?P<n2>\d+) (?P<u2>minutes?|hours?))?|\b(?:just |only )?(?P<m>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) (?P<v>minutes?|hours?|days?|weeks?|months?) after\b")
        .expect("valid regex")
});

static MEMBER_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"⟦A(?P<p>\d+)⟧,? (?:(?i:a|an|the|one of the|who is a|who is the|is a|is the|was a|was the) )?(?:(?i:former|founding|original|youngest|oldest|new|fellow|lead|main) )*(?i:member|members|leader|maknae|vocalist|rapper|lead singer|frontman|frontwoman|guitarist|drummer|bassist|keyboardist|dancer) of (?:(?i:the|boy|girl|group|band|k-pop|kpop|rock|idol|[\w-]+-member) )*⟦A(?P<g>\d+)⟧")
        .expect("valid regex")
});
static GROUP_MEMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"⟦A(?P<g>\d+)⟧ (?:(?i:former|fellow|new) )?(?i:member|members|leader|maknae|vocalist|rapper|frontman|frontwoman)s? (?P<list>⟦A\d+⟧(?:,? (?:and )?⟦A\d+⟧)*)").expect("valid regex")
});
static POSSESSIVE_MEMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"⟦A(?P<g>\d+)⟧(?:'s|') ⟦A(?P<p>\d+)⟧").expect("valid regex"));
static OF_GROUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"⟦A(?P<p>\d+)⟧ (?i:of|from) ⟦A(?P<g>\d+)⟧").expect("valid regex"));
static CONSISTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"⟦A(?P<g>\d+)⟧,? (?i:consists of|is composed of|composed of|comprising|comprises|is made up of|made up of|features members|whose members are)(?P<list>[^.;()]*)").expect("valid regex")
});
static DASH_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"⟦A(?P<g>\d+)⟧ [—(:] ?(?P<list>[^—()]+)[—)]").expect("valid regex")
});
static ROLE_PERSON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?i:member|leader|maknae|main vocalist|lead vocalist|vocalist|rapper|frontman|frontwoman|guitarist|drummer|bassist|keyboardist)s? ⟦A(?P<p>\d+)⟧(?P<more>(?:,? (?:and |& )?⟦A\d+⟧)*)").expect("valid regex")
});
static AS_MEMBER_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?i:as|is|was|became|remains|joined as) (?:(?i:a|an|the|one of the) )?(?:(?i:former|founding|original|youngest|oldest|new|lead|main) )*(?i:member|leader|vocalist|rapper|frontman|frontwoman) of (?:(?i:the|boy|girl|group|band|k-pop|kpop|rock|idol|[\w-]+-member) )*⟦A(?P<g>\d+)⟧").expect("valid regex")
});
static PERSON_IS_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"⟦A(?P<p>\d+)⟧ (?i:is|was) (?i:the|a) (?:(?i:group's|band's|team's) )?(?:[\w-]+ ){0,2}?(?i:leader|maknae|member|vocalist|rapper)\b").expect("valid regex")
});
static THE_GROUP_MEMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i:the) ⟦A(?P<g>\d+)⟧ (?i:member)\b").expect("valid regex"));

const GENRES: &[(&str, &str)] = &[
    ("latin trap", "Latin trap"),
    ("city pop", "city pop"),
    ("synth-pop", "synth-pop"),
    ("synthpop", "synth-pop"),
    ("dance-pop", "dance-pop"),
    ("dance pop", "dance-pop"),
    ("electropop", "electropop"),
    ("hip-hop", "hip-hop"),
    ("hip hop", "hip-hop"),
    ("r&b", "R&B"),
    ("rnb", "R&B"),
    ("neo-soul", "neo-soul"),
    ("new jack swing", "new jack swing"),
    ("post-punk", "post-punk"),
    ("pop-punk", "pop-punk"),
    ("pop punk", "pop-punk"),
    ("indie rock", "indie rock"),
    ("indie pop", "indie pop"),
    ("indie folk", "indie folk"),
    ("alternative rock", "alternative rock"),
    ("heavy metal", "heavy metal"),
    ("bossa nova", "bossa nova"),
    ("new wave", "new wave"),
    ("lo-fi", "lo-fi"),
    ("soul", "soul"),
    ("funk", "funk"),
    ("disco", "disco"),
    ("jazz", "jazz"),
    ("blues", "blues"),
    ("punk", "punk"),
    ("folk", "folk"),
    ("country", "country"),
    ("reggaeton", "reggaeton"),
    ("dembow", "dembow"),
    ("trap", "trap"),
    ("edm", "EDM"),
    ("house", "house"),
    ("techno", "techno"),
    ("electronic", "electronic"),
    ("metal", "metal"),
    ("grunge", "grunge"),
    ("emo", "emo"),
    ("gospel", "gospel"),
    ("afrobeats", "Afrobeats"),
    ("dancehall", "dancehall"),
    ("bachata", "bachata"),
    ("salsa", "salsa"),
    ("cumbia", "cumbia"),
    ("reggae", "reggae"),
    ("ska", "ska"),
    ("shoegaze", "shoegaze"),
    ("moombahton", "moombahton"),
    ("drill", "drill"),
    ("grime", "grime"),
    ("rap", "rap"),
    ("rock", "rock"),
    ("pop", "pop"),
];

static GENRE_ALT: LazyLock<String> = LazyLock::new(|| {
    let mut keys: Vec<&str> = GENRES.iter().map(|g| g.0).collect();
    keys.sort_by_key(|k| std::cmp::Reverse(k.len()));
    keys.iter()
        .map(|k| regex::escape(k))
        .collect::<Vec<_>>()
        .join("|")
});
static GENRE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?:^|[^\w-])({})(?:$|[^\w&-])", *GENRE_ALT)).expect("valid regex")
});
static GLIST: LazyLock<String> = LazyLock::new(|| {
    let g = format!(r"(?i:{})", *GENRE_ALT);
    format!(r"{g}(?:(?:,|,? and|,? &|,? or) {g})*")
});
static GENRE_ARTIST_FRAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i:love|affinity|passion|fondness|taste|penchant|admiration|knack) (?i:of|for) (?P<gl>{})|(?i:influenced|inspired) by (?P<gl2>{})|(?i:rooted in|roots in|grew up on) (?P<gl3>{})|(?i:blend|mix|mixture|fusion|combination|meld|marriage) of (?P<gl4>{})",
        *GLIST, *GLIST, *GLIST, *GLIST
    ))
    .expect("valid regex")
});
static GENRE_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<gl>{}) (?P<noun>(?i:singer|rapper|band|group|artist|act|outfit|duo|trio|quartet|quintet|musician|singer-songwriter|star|icon|legend|crooner|newcomer|veteran|collective|diva|sensation)) ⟦A(?P<a>\d+)⟧",
        *GLIST
    ))
    .expect("valid regex")
});
static GENRE_BLEND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<subject>(?i:album|EP|record|set|LP|mini album|mixtape|project|sound|music|discography)|⟦T\d+⟧)[.,]? (?:[\w-]+ ){{0,2}}?(?i:blends|mixes|fuses|combines|spans|draws on|explores|leans into|is steeped in|showcases|encapsulates|embodies|captures|channels|infuses|marries)(?: (?i:the|essence|spirit|sound|sounds|elements|of|influences|from|together))* (?P<gl>{})",
        *GLIST
    ))
    .expect("valid regex")
});
static GENRE_TRACK_IS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"⟦T(?P<t>\d+)⟧[.,]? (?:(?i:is|was) )?(?i:a|an) (?:[\w-]+ ){{0,2}}?(?P<gl>{})(?:-(?:infused|inspired|tinged|driven|flavored))? (?i:track|song|number|ballad|tune|anthem|single|cut|jam|banger|bop|piece)\b",
        *GLIST
    ))
    .expect("valid regex")
});
static GENRE_TRACK_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i:a|an|the) (?:[\w-]+ ){{0,2}}?(?P<gl>{})(?:-\w+)? (?i:track|song|number|ballad|tune|anthem|single),? ⟦T(?P<t>\d+)⟧",
        *GLIST
    ))
    .expect("valid regex")
});

static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?P<a>black[- ]and[- ]white|monochrome|one[- ]take|single[- ]take|one[- ]shot|single[- ]shot|animated|vertical)\b").expect("valid regex")
});
static FILMING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:filmed|shot|presented|captured|rendered|done|made|recorded|directed)\b")
        .expect("valid regex")
});

impl State<'_, '_> {
    // ---- releases --------------------------------------------------------------------------------

    fn releases(&mut self, s: usize) {
        let doc = self.doc;
        let sent = &doc.sents[s];
        let template = sent.template.as_str();
        let adjacent: Vec<usize> = RELEASE_NOUN_AFTER
            .captures_iter(template)
            .chain(RELEASE_NOUN_BEFORE.captures_iter(template))
            .filter_map(|c| title_index(&c["t"]))
            .collect();
        let mv_titles = self.mv_linked_titles(s);
        // "The EP, which was released last Friday": the release in context, when that adds a date.
        for c in DEFINITE_RELEASE.captures_iter(template) {
            let at = c.get(0).expect("match").start();
            let clause = clause_of(template, at);
            if !RELEASE_VERB.is_match(&template[clause.0..clause.1]) {
                continue;
            }
            let Some(release) = self.context_release(s, at) else {
                continue;
            };
            let Some(date) = self.date_near(s, clause, at) else {
                continue;
            };
            let info = &doc.titles[release];
            let Some(who) = self
                .owners
                .get(&release)
                .cloned()
                .or_else(|| self.catalog_owner(release))
                .or_else(|| self.main())
            else {
                continue;
            };
            let future = FUTURE.is_match(&template[clause.0..clause.1]);
            let status = match (date.0.date, doc.dateline) {
                (Some(d), Some(line)) if d > line => ReleaseStatus::Announced,
                _ if future => ReleaseStatus::Announced,
                _ => ReleaseStatus::Released,
            };
            let text = info.text.clone();
            let entities = vec![
                who.resolved("artist"),
                self.title_resolved("release", release, &text),
            ];
            let (fact_date, note) = split_date(Some(date));
            self.push(
                s,
                Claim::Release {
                    artist: who.name,
                    release: text,
                    release_type: info.release,
                    status,
                    date: fact_date,
                },
                0.6,
                entities,
                note,
            );
        }
        let positions = title_positions(template);
        for (k, &(slot, at, end)) in positions.iter().enumerate() {
            let Some(Slot::Title { title, .. }) = sent.slots.get(slot) else {
                continue;
            };
            let info = &doc.titles[*title];
            let Some(kind) = info.release else { continue };
            if info.alias {
                continue;
            }
            let noun_adjacent = adjacent.contains(&slot);
            // "the album …, including the lead single X": a track of that album, not a release of its own.
            if kind == ReleaseKind::Single && LEAD_SINGLE.is_match(&template[..at]) {
                continue;
            }
            if !noun_adjacent && (mv_titles.contains(&slot) || in_role_position(template, at)) {
                continue;
            }
            let clause = clause_of(template, at);
            let left = positions
                .get(k.wrapping_sub(1))
                .filter(|_| k > 0)
                .map_or(clause.0, |p| p.2.max(clause.0));
            let right = positions.get(k + 1).map_or(clause.1, |p| p.1.min(clause.1));
            let window = &template[left..right];
            let has_verb = RELEASE_VERB.is_match(window);
            if !noun_adjacent && !has_verb {
                continue;
            }
            let date = if has_verb || DUE_DATE.is_match(&template[end..right]) {
                self.date_near(s, (left, right), end)
            } else {
                None
            };
            let future = FUTURE.is_match(window) || ANNOUNCED.is_match(window);
            let status = match (&date, doc.dateline) {
                (Some((d, _)), Some(line)) if d.date.is_some_and(|x| x > line) => {
                    ReleaseStatus::Announced
                }
                (Some((d, _)), Some(line)) if d.date.is_some_and(|x| x <= line) && !future => {
                    ReleaseStatus::Released
                }
                _ if future => ReleaseStatus::Announced,
                _ => ReleaseStatus::Released,
            };
            let who = self
                .possessor_before(s, at)
                .or_else(|| self.by_after(s, end))
                .or_else(|| self.catalog_owner(*title))
                .or_else(|| self.owners.get(title).cloned())
                .or_else(|| self.subject(s, clause))
                .or_else(|| self.subject(s, (0, template.len())))
                .or_else(|| self.main());
            let Some(who) = who else { continue };
            let text = info.text.clone();
            let confidence = if noun_adjacent { 0.85 } else { 0.7 };
            let (fact_date, note) = split_date(date);
            let entities = vec![
                who.resolved("artist"),
                self.title_resolved("release", *title, &text),
            ];
            self.owners.entry(*title).or_insert_with(|| who.clone());
            self.push(
                s,
                Claim::Release {
                    artist: who.name,
                    release: text,
                    release_type: Some(kind),
                    status,
                    date: fact_date,
                },
                confidence,
                entities,
                note,
            );
        }
    }

    // ---- tracklists ------------------------------------------------------------------------------

    fn track_listings(&mut self, s: usize) {
        let doc = self.doc;
        let sent = &doc.sents[s];
        let template = sent.template.as_str();
        let mut found: Vec<Listing> = Vec::new();
        for c in ROLE_THEN_TITLE.captures_iter(template) {
            let role_match = c.name("role").expect("role");
            let (role, position) = role_of(role_match.as_str());
            let list = c.name("list").expect("list");
            let release = self.release_for_role(s, role_match.start(), list.end());
            for t in titles_in(list.as_str()) {
                found.push((t, release, role, position, 0.8));
            }
        }
        for c in TITLE_IS_ROLE.captures_iter(template) {
            let (role, position) = role_of(&c["role"]);
            let whole = c.get(0).expect("match");
            let Some(t) = title_index(&c["t"]) else {
                continue;
            };
            let release = self.release_for_role(s, whole.start(), whole.end());
            found.push((t, release, role, position, 0.8));
        }
        for c in INCLUDES.captures_iter(template) {
            let rest_start = c.name("rest").expect("rest").start();
            let clause = clause_of(template, c.get(0).expect("match").start());
            // The release: the last one named before the verb in the clause, else the one in context.
            let release = title_positions(&template[clause.0..rest_start])
                .into_iter()
                .rev()
                .find_map(|(slot, _, _)| self.release_slot(s, slot))
                .or_else(|| self.context_release(s, c.get(0).expect("match").start()));
            let Some(release) = release else { continue };
            for t in titles_in(&c["rest"]) {
                found.push((t, Some(release), None, None, 0.7));
            }
        }
        for c in FROM_RELEASE.captures_iter(template) {
            let (Some(t), Some(r)) = (c["t"].parse().ok(), c["r"].parse::<usize>().ok()) else {
                continue;
            };
            if let Some(release) = self.release_slot(s, r) {
                found.push((t, Some(release), None, None, 0.75));
            }
        }
        // Versions: "Slow Dancing (Piano Ver.)" is a version of "Slow Dancing".
        for (slot, at, _) in title_positions(template) {
            if let Some(Slot::Title { title, .. }) = sent.slots.get(slot)
                && doc.titles[*title].release.is_none()
                && !doc.titles[*title].show
                && VERSION.is_match(&doc.titles[*title].text)
            {
                let release = self.context_release(s, at);
                found.push((slot, release, None, None, 0.7));
            }
        }
        for (slot, release, role, position, confidence) in found {
            let Some(Slot::Title { title, .. }) = sent.slots.get(slot) else {
                continue;
            };
            let Some(release) = release.or_else(|| {
                doc.titles[*title]
                    .catalog_track_release
                    .map(|r| usize::MAX - r)
            }) else {
                continue;
            };
            let track = doc.titles[*title].text.clone();
            if doc.titles[*title].alias || doc.titles[*title].show {
                continue;
            }
            let (release_name, release_slug, release_title) = self.release_name(release);
            if release_title == Some(*title) && role.is_none() {
                continue;
            }
            let version_of = VERSION
                .captures(&track)
                .map(|c| c["base"].trim().to_owned());
            let who = release_title
                .and_then(|r| self.owners.get(&r).cloned())
                .or_else(|| self.owners.get(title).cloned())
                .or_else(|| self.catalog_owner(*title))
                .or_else(|| self.main());
            let Some(who) = who else { continue };
            self.owners.entry(*title).or_insert_with(|| who.clone());
            let entities = vec![
                who.resolved("artist"),
                Resolved {
                    role: "release",
                    mention: release_name.clone(),
                    name: release_name.clone(),
                    slug: release_slug,
                },
                self.title_resolved("track", *title, &track),
            ];
            self.push(
                s,
                Claim::TrackListing {
                    artist: who.name,
                    release: release_name,
                    track,
                    position,
                    role,
                    version_of,
                },
                confidence,
                entities,
                None,
            );
        }
    }

    /// The release a role phrase belongs to: named after it ("the title track of their album X"),
    /// before it ("X's b-side"), else the release the article is about at that point.
    fn release_for_role(&self, s: usize, start: usize, end: usize) -> Option<usize> {
        let template = &self.doc.sents[s].template;
        let clause = clause_of(template, start);
        if let Some(c) = RELEASE_AFTER_ROLE.captures(&template[end..clause.1.max(end)])
            && let Some(r) = c["r"].parse().ok().and_then(|r| self.release_slot(s, r))
        {
            return Some(r);
        }
        if let Some(c) = RELEASE_BEFORE_ROLE.captures(&template[..start])
            && let Some(r) = c["r"].parse().ok().and_then(|r| self.release_slot(s, r))
        {
            return Some(r);
        }
        self.context_release(s, start)
    }

    /// The title id of a slot when it names a release.
    fn release_slot(&self, s: usize, slot: usize) -> Option<usize> {
        match self.doc.sents[s].slots.get(slot) {
            Some(Slot::Title { title, .. }) if self.doc.titles[*title].release.is_some() => {
                Some(*title)
            }
            _ => None,
        }
    }

    /// The release the article is about at this point: the last release named before it (albums and
    /// EPs before singles), else the first named after it in the article.
    fn context_release(&self, s: usize, at: usize) -> Option<usize> {
        let doc = self.doc;
        let mut best: Option<(usize, bool)> = None;
        let consider = |best: &mut Option<(usize, bool)>, title: usize| {
            if let Some(kind) = doc.titles[title].release {
                let big = kind != ReleaseKind::Single;
                if best.is_none_or(|(_, b)| big || !b) {
                    *best = Some((title, big));
                }
            }
        };
        for (i, sent) in doc.sents.iter().enumerate().take(s + 1) {
            for (slot, pos, _) in title_positions(&sent.template) {
                if i == s && pos >= at {
                    continue;
                }
                if let Some(Slot::Title { title, .. }) = sent.slots.get(slot) {
                    consider(&mut best, *title);
                }
            }
        }
        if best.is_none() {
            for sent in doc.sents.iter().skip(s) {
                for (slot, _, _) in title_positions(&sent.template) {
                    if let Some(Slot::Title { title, .. }) = sent.slots.get(slot) {
                        consider(&mut best, *title);
                    }
                }
            }
        }
        best.map(|b| b.0)
    }

    /// The date a release fact so far gave this release.
    fn release_date(&self, release: usize) -> Option<(ResolvedDate, bool)> {
        let text = &self.doc.titles[release].text;
        self.facts.iter().find_map(|f| match &f.claim {
            Claim::Release {
                release: r,
                date: Some(d),
                ..
            } if r == text => Some((
                ResolvedDate {
                    date: Some(d.date),
                    at: d.at.clone(),
                    note: Some(format!("the date of {text}, which it comes with")),
                },
                false,
            )),
            _ => None,
        })
    }

    /// (name, slug, title id) of a release given as a title id, or as `usize::MAX - index` for a
    /// catalog release the article does not name.
    fn release_name(&self, release: usize) -> (String, Option<Slug>, Option<usize>) {
        if release > usize::MAX / 2 {
            let known = &self.doc.catalog.releases[usize::MAX - release];
            return (known.title.clone(), Some(known.slug.clone()), None);
        }
        let info = &self.doc.titles[release];
        (info.text.clone(), info.slug.clone(), Some(release))
    }

    // ---- music videos ----------------------------------------------------------------------------

    /// Slots of titles linked to a music-video noun in this sentence.
    fn mv_linked_titles(&self, s: usize) -> Vec<usize> {
        self.mv_links(s).into_iter().map(|l| l.slot).collect()
    }

    fn mv_links(&self, s: usize) -> Vec<MvLink> {
        let sent = &self.doc.sents[s];
        let template = sent.template.as_str();
        let mut links: Vec<MvLink> = Vec::new();
        let mut add = |list: &str, offset: usize, at: usize, kind: LinkKind| {
            for slot in titles_in(list) {
                if !links.iter().any(|l| l.slot == slot) {
                    links.push(MvLink {
                        slot,
                        at: offset.max(at),
                        kind,
                        previous: false,
                    });
                }
            }
        };
        let noun_ok = |c: &Captures<'_>| {
            c.name("noun")
                .is_none_or(|n| !NOT_THE_MV.is_match(&template[..n.start()]))
        };
        for c in MV_EXCEPT.captures_iter(template) {
            let whole = c.get(0).expect("match");
            if MV_NOUN.is_match(&template[..whole.start()]) {
                add(
                    &c["list"],
                    whole.start(),
                    whole.start(),
                    LinkKind::NonePlanned,
                );
            }
        }
        for c in MV_NONE.captures_iter(template) {
            let whole = c.get(0).expect("match");
            add(
                &c["list"],
                whole.start(),
                whole.start(),
                LinkKind::NonePlanned,
            );
        }
        for c in MV_NEGATED.captures_iter(template) {
            let whole = c.get(0).expect("match");
            let yet = c.name("yet1").is_some() || c.name("yet2").is_some();
            let kind = if !yet {
                LinkKind::NonePlanned
            } else if FUTURE.is_match(&template[whole.end()..]) {
                LinkKind::Upcoming
            } else {
                LinkKind::Pending
            };
            add(&c["list"], whole.start(), whole.start(), kind);
        }
        for re in [&*MV_AFTER, &*MV_BEFORE, &*MV_WHOSE] {
            for c in re.captures_iter(template) {
                if !noun_ok(&c) {
                    continue;
                }
                let list = c.name("list").expect("list");
                add(
                    list.as_str(),
                    list.start(),
                    c.get(0).expect("match").start(),
                    LinkKind::Status,
                );
            }
        }
        if MV_NOUN.is_match(template) {
            for c in MV_ANOTHER.captures_iter(template) {
                let list = c.name("list").expect("list");
                add(list.as_str(), list.start(), list.start(), LinkKind::Status);
            }
        }
        for c in MV_FOR_IT.captures_iter(template) {
            let noun = c.name("noun").expect("noun");
            if let Some(&(slot, _, _)) = title_positions(&template[..noun.start()]).last() {
                add(
                    &format!("⟦T{slot}⟧"),
                    noun.start(),
                    noun.start(),
                    LinkKind::Status,
                );
            }
        }
        // "The MV dropped the same day", "its MV was filmed …": the track spoken of just before.
        for m in MV_NOUN.find_iter(template) {
            let clause = clause_of(template, m.start());
            if links.iter().any(|l| l.at >= clause.0 && l.at < clause.1)
                || !BARE_MV_BEFORE.is_match(&template[..m.start()])
                || MV_FOLLOWED_BY_TITLE.is_match(&template[m.end()..])
                || NOT_THE_MV.is_match(&template[..m.start()])
            {
                continue;
            }
            if let Some(slot) = self.recent_track(s, m.start()) {
                links.push(MvLink {
                    slot: slot.0,
                    at: m.start(),
                    kind: LinkKind::Status,
                    previous: slot.1,
                });
            }
        }
        links
    }

    /// The last track-like title before `at` in this sentence, else in the sentence before:
    /// (slot, whether it is the previous sentence's).
    fn recent_track(&self, s: usize, at: usize) -> Option<(usize, bool)> {
        let doc = self.doc;
        let usable = |sent: &super::doc::Sent, slot: usize| match sent.slots.get(slot) {
            Some(Slot::Title { title, .. }) => {
                let info = &doc.titles[*title];
                !info.alias
                    && !info.show
                    && (info.release.is_none()
                        || info.track
                        || info.release == Some(ReleaseKind::Single))
            }
            _ => false,
        };
        let sent = &doc.sents[s];
        if let Some(&(slot, _, _)) = title_positions(&sent.template[..at])
            .iter()
            .rev()
            .find(|p| usable(sent, p.0))
        {
            return Some((slot, false));
        }
        let prev = doc.sents.get(s.checked_sub(1)?)?;
        if prev.paragraph + 1 < sent.paragraph {
            return None;
        }
        title_positions(&prev.template)
            .iter()
            .rev()
            .find(|p| usable(prev, p.0))
            .map(|p| (p.0, true))
    }

    fn music_videos(&mut self, s: usize) {
        let doc = self.doc;
        let sent = &doc.sents[s];
        let template = sent.template.as_str();
        for link in self.mv_links(s) {
            let slots = if link.previous {
                &doc.sents[s - 1].slots
            } else {
                &sent.slots
            };
            let Some(Slot::Title { title, .. }) = slots.get(link.slot) else {
                continue;
            };
            let info = &doc.titles[*title];
            if info.alias
                || info.show
                || (info.release.is_some()
                    && info.release != Some(ReleaseKind::Single)
                    && !info.track)
            {
                continue;
            }
            let clause = clause_of(template, link.at);
            let clause_text = &template[clause.0..clause.1];
            // With a count in the clause, a date after the count is the count's.
            let until = MILESTONE_IN
                .find(clause_text)
                .map_or(clause.1, |m| clause.0 + m.start());
            let mut date = if link.kind == LinkKind::NonePlanned || until <= clause.0 {
                None
            } else {
                self.date_near(s, (clause.0, until), link.at)
            };
            if date.is_none() && WITH_THE_RELEASE.is_match(clause_text) {
                date = self
                    .context_release(s, link.at)
                    .and_then(|r| self.release_date(r));
            }
            let future = FUTURE.is_match(clause_text);
            let kind = match link.kind {
                LinkKind::NonePlanned => MvKind::NonePlanned,
                LinkKind::Upcoming => MvKind::Upcoming,
                LinkKind::Pending => continue,
                LinkKind::Status => {
                    let after_dateline = match (&date, doc.dateline) {
                        (Some((d, _)), Some(line)) => d.date.map(|x| x > line),
                        _ => None,
                    };
                    if future || after_dateline == Some(true) {
                        MvKind::Upcoming
                    } else if RELEASED_CUE.is_match(clause_text) || after_dateline == Some(false) {
                        MvKind::Released
                    } else {
                        continue;
                    }
                }
            };
            let who = MV_POSSESSOR
                .captures(clause_text)
                .and_then(|c| self.artist_slot(s, &c["a"]))
                .or_else(|| self.owners.get(title).cloned())
                .or_else(|| self.catalog_owner(*title))
                .or_else(|| self.subject(s, clause))
                .or_else(|| self.subject(s, (0, template.len())))
                .or_else(|| self.main());
            let Some(who) = who else { continue };
            let track = info.text.clone();
            self.owners.entry(*title).or_insert_with(|| who.clone());
            self.last_mv = Some((*title, s));
            let entities = vec![
                who.resolved("artist"),
                self.title_resolved("track", *title, &track),
            ];
            let (fact_date, note) = split_date(date);
            let claim = match kind {
                MvKind::Released => Claim::MvRelease {
                    artist: who.name,
                    track,
                    date: fact_date,
                },
                MvKind::Upcoming => Claim::MvUpcoming {
                    artist: who.name,
                    track,
                    date: fact_date,
                },
                MvKind::NonePlanned => Claim::MvNonePlanned {
                    artist: who.name,
                    track,
                },
            };
            self.push(s, claim, 0.8, entities, note);
        }
    }

    // ---- appearances -----------------------------------------------------------------------------

    fn appearances(&mut self, s: usize) {
        let doc = self.doc;
        let sent = &doc.sents[s];
        let template = sent.template.as_str();
        for c in APPEARANCE.captures_iter(template) {
            let Some(Slot::Title { title, .. }) =
                c["s"].parse::<usize>().ok().and_then(|i| sent.slots.get(i))
            else {
                continue;
            };
            let info = &doc.titles[*title];
            let verb = c["verb"].to_lowercase();
            let appear_verb = !verb.starts_with("perform")
                && !verb.starts_with("joined")
                && !verb.starts_with("visited");
            if info.alias || (!info.show && !appear_verb) || (info.release.is_some() && !info.show)
            {
                continue;
            }
            let whole = c.get(0).expect("match");
            let clause = clause_of(template, whole.start());
            let hosted_by = HOSTED_BY.captures(&template[whole.end()..]);
            let host = c
                .name("h")
                .and_then(|h| self.artist_slot(s, h.as_str()))
                .or_else(|| {
                    let after = hosted_by.as_ref()?;
                    if let Some(a) = after.name("a") {
                        return self.artist_slot(s, a.as_str());
                    }
                    let name = after.name("name")?.as_str().to_owned();
                    Some(Who {
                        mention: name.clone(),
                        name,
                        slug: None,
                        entity: None,
                    })
                })
                .or_else(|| {
                    let known = doc.catalog.show_titled(&info.text)?;
                    let slug = known.hosts.first()?;
                    let artist = doc.catalog.artists.iter().find(|a| &a.slug == slug)?;
                    Some(Who {
                        name: artist.name.clone(),
                        slug: Some(artist.slug.clone()),
                        mention: artist.name.clone(),
                        entity: None,
                    })
                });
            let mut show = info.text.clone();
            if let Some(host) = &host {
                for name in std::iter::once(host.name.as_str())
                    .chain(std::iter::once(host.mention.as_str()))
                {
                    for apostrophe in ["'s ", "’s ", "' ", "’ "] {
                        if let Some(rest) = show.strip_prefix(&format!("{name}{apostrophe}")) {
                            show = rest.to_owned();
                        }
                    }
                }
            }
            let guest = self
                .subject(
                    s,
                    (
                        clause.0,
                        whole.start() + c.get(1).map_or(0, |v| v.start() - whole.start()),
                    ),
                )
                .or_else(|| self.main());
            let Some(guest) = guest else { continue };
            if host.as_ref().is_some_and(|h| h.name == guest.name) {
                continue;
            }
            let date = self.date_near(s, clause, whole.end());
            let mut guests = vec![guest.clone()];
            // "Members Dain, Rumi and Yeseul also appeared": every name of the subject list.
            if let Some(first) = guest.entity
                && let Some(list) = GUEST_LIST.captures(&template[clause.0..whole.start()])
                && ARTIST_SLOT.captures_iter(&list[0]).any(|x| {
                    self.artist_slot(s, &x[1])
                        .is_some_and(|w| w.entity == Some(first))
                })
            {
                for x in ARTIST_SLOT.captures_iter(&list[0]) {
                    if let Some(who) = self.artist_slot(s, &x[1])
                        && !guests.iter().any(|g| g.name == who.name)
                    {
                        guests.push(who);
                    }
                }
            }
            for extra in ALONGSIDE.captures_iter(&template[whole.end()..clause.1.max(whole.end())])
            {
                if let Some(who) = self.artist_slot(s, &extra["a"])
                    && !guests.iter().any(|g| g.name == who.name)
                {
                    guests.push(who);
                }
            }
            for guest in guests {
                let mut entities = vec![
                    guest.resolved("guest"),
                    self.title_resolved("show", *title, &show),
                ];
                if let Some(host) = &host {
                    entities.push(host.resolved("host"));
                }
                let (fact_date, note) = split_date(date.clone());
                self.push(
                    s,
                    Claim::Appearance {
                        show: show.clone(),
                        host: host.as_ref().map(|h| h.name.clone()),
                        guest: guest.name,
                        date: fact_date,
                    },
                    0.8,
                    entities,
                    note,
                );
            }
        }
    }

    // ---- milestones and records ------------------------------------------------------------------

    fn milestones(&mut self, s: usize) {
        let doc = self.doc;
        let sent = &doc.sents[s];
        let template = sent.template.as_str();
        for c in MILESTONE.captures_iter(template) {
            let whole = c.get(0).expect("match");
            let Some(value) = count_value(&c["num"], c.name("mult").map(|m| m.as_str())) else {
                continue;
            };
            let metric = match c["metric"].to_lowercase().as_str() {
                "followers" => Metric::Followers,
                "subscribers" => Metric::Subscribers,
                "views" => Metric::Views,
                "likes" => Metric::Likes,
                _ => Metric::Streams,
            };
            let clause = clause_of(template, whole.start());
            let clause_text = &template[clause.0..clause.1];
            let platform = c
                .name("pf")
                .map(|p| p.as_str().to_owned())
                .or_else(|| PLATFORM.captures(clause_text).map(|p| p["pf"].to_owned()))
                .or_else(|| PLATFORM.captures(template).map(|p| p["pf"].to_owned()))
                .and_then(|p| platform_of(&p))
                .or(match metric {
                    Metric::Subscribers => Some(Platform::Youtube),
                    Metric::Views if MV_NOUN.is_match(template) => Some(Platform::Youtube),
                    _ => None,
                });
            let before = &template[clause.0..whole.start()];
            let record_claim = RECORD_WORD.find_iter(before).last().map(|r| {
                let start = clause.0 + r.start();
                let mut end = whole.end();
                // "… followers on TikTok" belongs to the claim.
                if let Some(on) = ON_PLATFORM.find(&template[end..]) {
                    end += on.end();
                }
                self.untemplate(s, &template[start..end])
            });
            let elapsed = ELAPSED.captures(template).and_then(|e| iso_duration(&e));
            let date = self.date_near(s, clause, whole.start());
            let who = MV_POSSESSOR
                .captures(clause_text)
                .and_then(|m| self.artist_slot(s, &m["a"]))
                .or_else(|| self.subject(s, clause))
                .or_else(|| {
                    title_positions(clause_text)
                        .first()
                        .and_then(|&(slot, _, _)| match sent.slots.get(slot) {
                            Some(Slot::Title { title, .. }) => self
                                .owners
                                .get(title)
                                .cloned()
                                .or_else(|| self.catalog_owner(*title)),
                            _ => None,
                        })
                })
                .or_else(|| self.subject(s, (0, template.len())))
                .or_else(|| self.main());
            let Some(who) = who else { continue };
            let (fact_date, note) = split_date(date);
            let entities = vec![who.resolved("artist")];
            let confidence = if record_claim.is_some() { 0.8 } else { 0.75 };
            self.push(
                s,
                Claim::Milestone {
                    artist: who.name,
                    platform,
                    metric,
                    value,
                    elapsed,
                    date: fact_date,
                    record_claim,
                },
                confidence,
                entities,
                note,
            );
        }
    }

    // ---- memberships -----------------------------------------------------------------------------

    fn memberships(&mut self, s: usize) {
        let doc = self.doc;
        let sent = &doc.sents[s];
        let template = sent.template.as_str();
        let mut pairs: Vec<(usize, usize, f32)> = Vec::new();
        let entity = |slot: &str| -> Option<usize> {
            match slot.parse::<usize>().ok().and_then(|i| sent.slots.get(i)) {
                Some(Slot::Artist { entity, .. }) => Some(*entity),
                _ => None,
            }
        };
        for c in GROUP_MEMBER.captures_iter(template) {
            let Some(group) = entity(&c["g"]) else {
                continue;
            };
            for p in ARTIST_SLOT.captures_iter(&c["list"]) {
                if let Some(person) = entity(&p[1]) {
                    pairs.push((person, group, 0.9));
                }
            }
        }
        for c in MEMBER_OF.captures_iter(template) {
            if let (Some(p), Some(g)) = (entity(&c["p"]), entity(&c["g"])) {
                pairs.push((p, g, 0.9));
            }
        }
        for c in AS_MEMBER_OF.captures_iter(template) {
            let whole = c.get(0).expect("match");
            let clause = clause_of(template, whole.start());
            if let (Some(p), Some(g)) = (
                doc.subject_in(s, (clause.0, whole.start())),
                entity(&c["g"]),
            ) {
                pairs.push((p, g, 0.75));
            }
        }
        for re in [&*POSSESSIVE_MEMBER, &*OF_GROUP] {
            for c in re.captures_iter(template) {
                if let (Some(p), Some(g)) = (entity(&c["p"]), entity(&c["g"]))
                    && doc.entities[g].kind == Some(ArtistKind::Group)
                    && doc.entities[p].kind == Some(ArtistKind::Person)
                {
                    pairs.push((p, g, 0.75));
                }
            }
        }
        for re in [&*CONSISTS, &*DASH_LIST] {
            for c in re.captures_iter(template) {
                let Some(group) = entity(&c["g"]) else {
                    continue;
                };
                if doc.entities[group].kind != Some(ArtistKind::Group) {
                    continue;
                }
                for p in ARTIST_SLOT.captures_iter(&c["list"]) {
                    if let Some(person) = entity(&p[1]) {
                        pairs.push((person, group, 0.8));
                    }
                }
            }
        }
        let sentence_group = sent.slots.iter().find_map(|slot| match slot {
            Slot::Artist { entity, .. }
                if doc.entities[*entity].kind == Some(ArtistKind::Group) =>
            {
                Some(*entity)
            }
            _ => None,
        });
        let group = sentence_group.or_else(|| doc.main_group());
        if let Some(group) = group {
            for re in [&*ROLE_PERSON, &*PERSON_IS_ROLE] {
                for c in re.captures_iter(template) {
                    let whole = c.get(0).expect("match");
                    let after = &template[whole.end()..];
                    if after.trim_start().starts_with("of ")
                        || GROUP_BEFORE.is_match(&template[..whole.start()])
                    {
                        continue;
                    }
                    if let Some(person) = entity(&c["p"]) {
                        pairs.push((person, group, 0.7));
                    }
                    if let Some(more) = c.name("more") {
                        for p in ARTIST_SLOT.captures_iter(more.as_str()) {
                            if let Some(person) = entity(&p[1]) {
                                pairs.push((person, group, 0.7));
                            }
                        }
                    }
                }
            }
        }
        if let Some(main) = doc.main
            && doc.entities[main].kind != Some(ArtistKind::Group)
        {
            for c in THE_GROUP_MEMBER.captures_iter(template) {
                let whole = c.get(0).expect("match");
                if template[whole.end()..].trim_start().starts_with('⟦') {
                    continue;
                }
                if let Some(g) = entity(&c["g"]) {
                    pairs.push((main, g, 0.7));
                }
            }
        }
        for (person, group, confidence) in pairs {
            let (p, g) = (&doc.entities[person], &doc.entities[group]);
            if person == group
                || p.kind == Some(ArtistKind::Group)
                || g.kind == Some(ArtistKind::Person)
                || p.role != Role::Artist
                || g.role != Role::Artist
            {
                continue;
            }
            let person_who = self.who_of(person, s);
            let group_who = self.who_of(group, s);
            let entities = vec![person_who.resolved("person"), group_who.resolved("group")];
            self.push(
                s,
                Claim::Membership {
                    person: person_who.name,
                    group: group_who.name,
                },
                confidence,
                entities,
                None,
            );
        }
    }

    // ---- genres ----------------------------------------------------------------------------------

    fn genres(&mut self, s: usize) {
        let doc = self.doc;
        let sent = &doc.sents[s];
        let template = sent.template.as_str();
        let mut found: Vec<GenreFinding> = Vec::new();
        for c in GENRE_ARTIST_FRAME.captures_iter(template) {
            let list = c
                .name("gl")
                .or(c.name("gl2"))
                .or(c.name("gl3"))
                .or(c.name("gl4"))
                .expect("genre list");
            let clause = clause_of(template, list.start());
            let who = self
                .subject(s, clause)
                .or_else(|| self.subject(s, (0, template.len())))
                .or_else(|| self.main());
            if let Some(who) = who {
                for genre in genres_in(list.as_str()) {
                    found.push((who.clone(), None, genre));
                }
            }
        }
        for c in GENRE_NOUN.captures_iter(template) {
            let noun = c["noun"].to_lowercase();
            let Some(who) = self.artist_slot(s, &c["a"]) else {
                continue;
            };
            for genre in genres_in(&c["gl"]) {
                if genre == "pop"
                    && matches!(
                        noun.as_str(),
                        "star" | "icon" | "sensation" | "legend" | "diva"
                    )
                {
                    continue;
                }
                found.push((who.clone(), None, genre));
            }
        }
        for c in GENRE_BLEND.captures_iter(template) {
            let subject = &c["subject"];
            let track = title_index(subject).and_then(|slot| match sent.slots.get(slot) {
                Some(Slot::Title { title, .. }) => Some(*title),
                _ => None,
            });
            let is_track =
                track.is_some_and(|t| doc.titles[t].release.is_none() || doc.titles[t].track);
            let at = c.get(0).expect("match").start();
            let release = track.or_else(|| self.context_release(s, at));
            let who = release
                .and_then(|t| {
                    self.owners
                        .get(&t)
                        .cloned()
                        .or_else(|| self.catalog_owner(t))
                })
                .or_else(|| self.main());
            let Some(who) = who else { continue };
            for genre in genres_in(&c["gl"]) {
                let track = track
                    .filter(|_| is_track)
                    .map(|t| (t, doc.titles[t].text.clone()));
                found.push((who.clone(), track, genre));
            }
        }
        for re in [&*GENRE_TRACK_IS, &*GENRE_TRACK_BEFORE] {
            for c in re.captures_iter(template) {
                let Some(Slot::Title { title, .. }) =
                    c["t"].parse::<usize>().ok().and_then(|i| sent.slots.get(i))
                else {
                    continue;
                };
                let info = &doc.titles[*title];
                let who = self
                    .owners
                    .get(title)
                    .cloned()
                    .or_else(|| self.catalog_owner(*title))
                    .or_else(|| self.main());
                let Some(who) = who else { continue };
                let is_track = info.release.is_none() || info.track;
                for genre in genres_in(&c["gl"]) {
                    found.push((
                        who.clone(),
                        is_track.then(|| (*title, info.text.clone())),
                        genre,
                    ));
                }
            }
        }
        for (who, track, genre) in found {
            let mut entities = vec![who.resolved("artist")];
            if let Some((t, text)) = &track {
                entities.push(self.title_resolved("track", *t, text));
            }
            self.push(
                s,
                Claim::Genre {
                    artist: who.name,
                    track: track.map(|t| t.1),
                    genre,
                },
                0.7,
                entities,
                None,
            );
        }
    }

    // ---- music-video attributes ------------------------------------------------------------------

    fn attributes(&mut self, s: usize) {
        let doc = self.doc;
        let sent = &doc.sents[s];
        let template = sent.template.as_str();
        for c in ATTRIBUTE.captures_iter(template) {
            let m = c.get(0).expect("match");
            let clause = clause_of(template, m.start());
            let clause_text = &template[clause.0..clause.1];
            let about_video = MV_NOUN.is_match(clause_text) || FILMING.is_match(clause_text);
            if !about_video {
                continue;
            }
            let linked = self
                .mv_links(s)
                .into_iter()
                .find(|l| l.at >= clause.0 && l.at < clause.1)
                .and_then(|l| match sent.slots.get(l.slot) {
                    Some(Slot::Title { title, .. }) => Some(*title),
                    _ => None,
                });
            let recent = self
                .last_mv
                .filter(|(_, at)| {
                    s >= *at && s - *at <= 2 && doc.sents[*at].paragraph + 1 >= sent.paragraph
                })
                .map(|(t, _)| t);
            let Some(title) = linked.or(recent) else {
                continue;
            };
            let who = self
                .owners
                .get(&title)
                .cloned()
                .or_else(|| self.catalog_owner(title))
                .or_else(|| self.main());
            let Some(who) = who else { continue };
            let attribute = match c["a"].to_lowercase().replace('-', " ").as_str() {
                "black and white" | "monochrome" => "black and white",
                "animated" => "animated",
                "vertical" => "vertical",
                _ => "one take",
            }
            .to_owned();
            let track = doc.titles[title].text.clone();
            let entities = vec![
                who.resolved("artist"),
                self.title_resolved("track", title, &track),
            ];
            self.push(
                s,
                Claim::MvAttribute {
                    artist: who.name,
                    track,
                    attribute,
                },
                0.7,
                entities,
                None,
            );
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    fn push(
        &mut self,
        s: usize,
        claim: Claim,
        confidence: f32,
        entities: Vec<Resolved>,
        date_note: Option<String>,
    ) {
        let sent = &self.doc.sents[s];
        let text = self.doc.text;
        self.facts.push(Fact {
            claim,
            evidence: text[sent.start..sent.end].to_owned(),
            span: (char_offset(text, sent.start), char_offset(text, sent.end)),
            confidence,
            entities,
            date_note,
        });
    }

    fn main(&self) -> Option<Who> {
        self.doc.main.map(|e| self.who_of(e, usize::MAX))
    }

    fn subject(&self, s: usize, range: (usize, usize)) -> Option<Who> {
        self.doc.subject_in(s, range).map(|e| self.who_of(e, s))
    }

    fn who_of(&self, entity: usize, s: usize) -> Who {
        let e = &self.doc.entities[entity];
        let mention = self
            .doc
            .sents
            .get(s)
            .and_then(|sent| {
                sent.slots.iter().find_map(|slot| match slot {
                    Slot::Artist { entity: x, mention } if *x == entity => Some(mention.clone()),
                    _ => None,
                })
            })
            .unwrap_or_else(|| e.name.clone());
        Who {
            name: e.name.clone(),
            slug: e.slug.clone(),
            mention,
            entity: Some(entity),
        }
    }

    fn artist_slot(&self, s: usize, slot: &str) -> Option<Who> {
        match slot
            .parse::<usize>()
            .ok()
            .and_then(|i| self.doc.sents[s].slots.get(i))
        {
            Some(Slot::Artist { entity, mention }) => {
                let mut who = self.who_of(*entity, s);
                who.mention.clone_from(mention);
                Some(who)
            }
            _ => None,
        }
    }

    fn possessor_before(&self, s: usize, at: usize) -> Option<Who> {
        let template = &self.doc.sents[s].template;
        let c = POSSESSIVE_BEFORE.captures(&template[..at])?;
        self.artist_slot(s, &c["a"]).filter(|w| {
            w.entity
                .is_none_or(|e| self.doc.entities[e].role == Role::Artist)
        })
    }

    fn by_after(&self, s: usize, end: usize) -> Option<Who> {
        let template = &self.doc.sents[s].template;
        let c = BY_AFTER.captures(&template[end..])?;
        self.artist_slot(s, &c["a"])
    }

    /// The first credited artist of the catalog release that has this title, or whose tracklist has it.
    fn catalog_owner(&self, title: usize) -> Option<Who> {
        let info = &self.doc.titles[title];
        let release = info.catalog_release.or(info.catalog_track_release)?;
        let slug = self.doc.catalog.releases[release].artists.first()?;
        if let Some(e) = self
            .doc
            .entities
            .iter()
            .position(|e| e.slug.as_ref() == Some(slug))
        {
            return Some(self.who_of(e, usize::MAX));
        }
        let artist = self.doc.catalog.artists.iter().find(|a| &a.slug == slug)?;
        Some(Who {
            name: artist.name.clone(),
            slug: Some(artist.slug.clone()),
            mention: artist.name.clone(),
            entity: None,
        })
    }

    fn title_resolved(&self, role: &'static str, title: usize, text: &str) -> Resolved {
        let info = &self.doc.titles[title];
        Resolved {
            role,
            mention: info.text.clone(),
            name: text.to_owned(),
            slug: info.slug.clone(),
        }
    }

    /// The date a fact in this range should carry: the first one after `at`, else the last one before.
    fn date_near(
        &self,
        s: usize,
        range: (usize, usize),
        at: usize,
    ) -> Option<(ResolvedDate, bool)> {
        let sent = &self.doc.sents[s];
        let template = &sent.template;
        let mut before = None;
        for c in ANY_SLOT.captures_iter(&template[range.0..range.1]) {
            if &c[1] != "D" {
                continue;
            }
            let pos = range.0 + c.get(0).expect("match").start();
            let Some(Slot::Date { mention, resolved }) =
                c[2].parse::<usize>().ok().and_then(|i| sent.slots.get(i))
            else {
                continue;
            };
            if mention.reporting || (resolved.date.is_none() && resolved.note.is_none()) {
                continue;
            }
            if pos >= at {
                return Some((resolved.clone(), true));
            }
            before = Some((resolved.clone(), false));
        }
        before
    }

    /// A template piece back in the article's words.
    fn untemplate(&self, s: usize, piece: &str) -> String {
        let sent = &self.doc.sents[s];
        ANY_SLOT
            .replace_all(piece, |c: &Captures<'_>| {
                match c[2].parse::<usize>().ok().and_then(|i| sent.slots.get(i)) {
                    Some(Slot::Artist { mention, .. }) => mention.clone(),
                    Some(Slot::Title { text, .. }) => text.clone(),
                    Some(Slot::Date { .. }) | Some(Slot::Speech) | None => String::new(),
                }
            })
            .trim()
            .to_owned()
    }
}

impl Who {
    fn resolved(&self, role: &'static str) -> Resolved {
        Resolved {
            role,
            mention: self.mention.clone(),
            name: self.name.clone(),
            slug: self.slug.clone(),
        }
    }
}

/// A track placed on a release: (title slot, release title id, role, position, confidence).
type Listing = (usize, Option<usize>, Option<TrackRole>, Option<u16>, f32);
/// A genre said of an artist, or of one of its tracks (title id and text).
type GenreFinding = (Who, Option<(usize, String)>, String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LinkKind {
    /// Status from the clause's tense and dates.
    Status,
    NonePlanned,
    Upcoming,
    /// "doesn't have a music video yet": nothing to say unless something says it is coming.
    Pending,
}

#[derive(Debug, Clone, Copy)]
struct MvLink {
    slot: usize,
    at: usize,
    kind: LinkKind,
    /// The title is in the sentence before (its slot index is that sentence's).
    previous: bool,
}

#[derive(Debug, Clone, Copy)]
enum MvKind {
    Released,
    Upcoming,
    NonePlanned,
}

static DEFINITE_RELEASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?i:the|his|her|their|its) (?:(?i:new|latest|debut|surprise|upcoming|forthcoming) )?(?i:album|EP|mini album|mini-album|record|LP|single album)\b(?:$|[^ ⟦]|  ?[^⟦ ])").expect("valid regex")
});
static WITH_THE_RELEASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:alongside|along with|together with|with|at the same time as) (?:the|its|his|her|their) (?:new )?(?:album|EP|mini album|record|single)\b").expect("valid regex")
});
static BARE_MV_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?:the|its|their|his|her) (?:official |new |full )?|(?:arrived|came|dropped|landed|was released|came out|arrives|comes|drops) (?:alongside|along with|together with|accompanied by|with) (?:a|an) (?:official |new |full |[\w-]+ )?)$").expect("valid regex")
});
static MV_FOLLOWED_BY_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ (?i:for|of|to) ").expect("valid regex"));
static LEAD_SINGLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:album|EP|record|set)\b[^;]*\b(?:including|includes|features|led by|with) (?:the |its )?(?:lead|first|second|third|focus) single,? $").expect("valid regex")
});
static DUE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[.,]? (?:(?i:which is |is |are )?(?i:due|out|arriving|coming|set for|slated for|on))? ?⟦D").expect("valid regex")
});
static ANNOUNCED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:announced|announce|announces|confirmed|confirms|revealed|reveals|preparing)\b",
    )
    .expect("valid regex")
});
static ON_PLATFORM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^ on (?:Instagram|YouTube|Spotify|TikTok|Twitter|Weverse)\b").expect("valid regex")
});
static ROLE_BEFORE_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:{ROLE})(?: (?i:track|song))?,? (?:⟦T\d+⟧[.,]?,? (?:and |& )?)*$"
    ))
    .expect("valid regex")
});
static GROUP_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"⟦A\d+⟧ $").expect("valid regex"));

fn in_role_position(template: &str, at: usize) -> bool {
    ROLE_BEFORE_TITLE.is_match(&template[..at])
}

fn title_index(captured: &str) -> Option<usize> {
    TITLE_SLOT
        .captures(captured.trim())
        .and_then(|c| c[1].parse().ok())
}

fn titles_in(list: &str) -> Vec<usize> {
    TITLE_SLOT
        .captures_iter(list)
        .filter_map(|c| c[1].parse().ok())
        .collect()
}

/// (slot, start, end) of every title placeholder.
fn title_positions(template: &str) -> Vec<(usize, usize, usize)> {
    TITLE_SLOT
        .captures_iter(template)
        .filter_map(|c| {
            let m = c.get(0)?;
            Some((c[1].parse().ok()?, m.start(), m.end()))
        })
        .collect()
}

fn clause_of(template: &str, at: usize) -> (usize, usize) {
    clause_bounds(template)
        .into_iter()
        .find(|c| c.0 <= at && at < c.1)
        .unwrap_or((0, template.len()))
}

fn role_of(text: &str) -> (Option<TrackRole>, Option<u16>) {
    let lower = text.to_lowercase();
    if lower.starts_with("b-side") {
        (Some(TrackRole::BSide), None)
    } else if lower.starts_with("title") {
        (Some(TrackRole::Title), None)
    } else if lower.starts_with("pre-release") {
        (Some(TrackRole::PreReleaseSingle), None)
    } else if lower.starts_with("intro") {
        (Some(TrackRole::Intro), None)
    } else if lower.starts_with("outro") {
        (Some(TrackRole::Outro), None)
    } else if lower.starts_with("bonus") || lower.starts_with("hidden") {
        (Some(TrackRole::Bonus), None)
    } else if lower.starts_with("opening") {
        (None, Some(1))
    } else {
        (None, None)
    }
}

fn split_date(date: Option<(ResolvedDate, bool)>) -> (Option<FactDate>, Option<String>) {
    match date {
        Some((resolved, _)) => (
            resolved.date.map(|date| FactDate {
                date,
                at: resolved.at,
            }),
            resolved.note,
        ),
        None => (None, None),
    }
}

fn count_value(number: &str, multiplier: Option<&str>) -> Option<u64> {
    let number: f64 = number.replace(',', "").parse().ok()?;
    let factor = match multiplier.map(str::to_lowercase).as_deref() {
        Some("million" | "m") => 1e6,
        Some("billion" | "b") => 1e9,
        Some("thousand" | "k") => 1e3,
        _ => 1.0,
    };
    let value = (number * factor).round();
    (1.0..1e15).contains(&value).then_some(value as u64)
}

fn platform_of(name: &str) -> Option<Platform> {
    match name.to_lowercase().as_str() {
        "instagram" => Some(Platform::Instagram),
        "youtube" => Some(Platform::Youtube),
        "spotify" => Some(Platform::Spotify),
        "tiktok" => Some(Platform::Tiktok),
        "twitter" => Some(Platform::X),
        "weverse" => Some(Platform::Weverse),
        _ => None,
    }
}

fn iso_duration(c: &Captures<'_>) -> Option<String> {
    let (n, u) = match (c.name("n"), c.name("u"), c.name("m"), c.name("v")) {
        (Some(n), Some(u), _, _) => (n.as_str(), u.as_str()),
        (_, _, Some(m), Some(v)) => (m.as_str(), v.as_str()),
        _ => return None,
    };
    let number = |text: &str| -> Option<u32> {
        Some(match text.to_lowercase().as_str() {
            "a" | "an" | "one" | "a single" => 1,
            "two" => 2,
            "three" => 3,
            "four" => 4,
            "five" => 5,
            "six" => 6,
            "seven" => 7,
            "eight" => 8,
            "nine" => 9,
            "ten" => 10,
            "eleven" => 11,
            "twelve" => 12,
            other => other.parse().ok()?,
        })
    };
    let part = |n: u32, unit: &str| -> (bool, String) {
        let unit = unit.to_lowercase();
        match unit.trim_end_matches('s') {
            "minute" => (true, format!("{n}M")),
            "hour" => (true, format!("{n}H")),
            "day" => (false, format!("{n}D")),
            "week" => (false, format!("{n}W")),
            "month" => (false, format!("{n}M")),
            _ => (false, format!("{n}Y")),
        }
    };
    let (time, first) = part(number(n)?, u);
    let second = match (c.name("n2"), c.name("u2")) {
        (Some(n2), Some(u2)) => Some(part(number(n2.as_str())?, u2.as_str()).1),
        _ => None,
    };
    Some(if time {
        format!("PT{first}{}", second.unwrap_or_default())
    } else {
        format!("P{first}")
    })
}

fn genres_in(list: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = list;
    while let Some(c) = GENRE.captures(rest) {
        let m = c.get(1).expect("genre");
        let key = m.as_str().to_lowercase();
        if let Some((_, display)) = GENRES.iter().find(|g| g.0 == key)
            && !out.iter().any(|g: &String| g == display)
        {
            out.push((*display).to_owned());
        }
        rest = &rest[m.end()..];
    }
    out
}
