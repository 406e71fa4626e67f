//! What a name looks like in English news: capitalized words ("Aurora Lane", "Noches de Neón", "TEN4"),
//! the words that only look like names (sentence openers, months, platforms, networks, labels), and the
//! shape of a Korean full name ("Kim Taehyung", "Park Jae-hyun").

/// One to five capitalized words, with the particles of Spanish, Dutch and German names between them.
pub(crate) const NAME: &str = r"(?:\p{Lu}[\p{L}\p{N}]*(?:[-.&][\p{L}\p{N}]+)*|\d+\p{Lu}[\p{L}\p{N}]*)(?: (?:(?:de|del|la|los|las|van|von|der|da|di|le|y) )?(?:\p{Lu}[\p{L}\p{N}]*(?:[-.&][\p{L}\p{N}]+)*|\d+\p{Lu}[\p{L}\p{N}]*)){0,4}";

/// Capitalized words that name days, months, kinds of release and the like, never an artist; with
/// [`OPENERS`] they are the stop tokens.
const STOP_TOKENS: &[&str] = &[
    "the",
    "album",
    "single",
    "ep",
    "mv",
    "music",
    "video",
    "song",
    "track",
    "show",
    "live",
    "special",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "today",
    "tonight",
    "yesterday",
    "tomorrow",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "second",
    "third",
    "still",
    "even",
    "already",
    "since",
    "though",
    "although",
    "because",
    "until",
    "about",
    "over",
    "under",
    "into",
    "up",
    "down",
    "out",
    "off",
    "per",
    "via",
    "vs",
    "hello",
    "thanks",
    "please",
    "wow",
    "line-up",
    "everything",
    "nothing",
    "anything",
    "midway",
    "four-piece",
    "encore",
    "korean",
    "american",
    "british",
    "japanese",
    "chinese",
    "argentine",
    "latin",
    "k-pop",
    "kpop",
    "grammy",
    "grammys",
    "guinness",
    "record",
    "records",
    "world",
    "chart",
    "charts",
    "awards",
];

/// Words that open a sentence or introduce a name without being part of it.
const OPENERS: &[&str] = &[
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "their",
    "its",
    "he",
    "she",
    "they",
    "it",
    "we",
    "i",
    "you",
    "our",
    "my",
    "your",
    "in",
    "on",
    "at",
    "for",
    "with",
    "from",
    "by",
    "as",
    "and",
    "but",
    "or",
    "so",
    "if",
    "when",
    "while",
    "after",
    "before",
    "during",
    "meanwhile",
    "notably",
    "however",
    "also",
    "earlier",
    "later",
    "now",
    "then",
    "here",
    "there",
    "every",
    "each",
    "all",
    "some",
    "many",
    "most",
    "both",
    "quick",
    "watch",
    "check",
    "omg",
    "member",
    "members",
    "leader",
    "singer",
    "rapper",
    "group",
    "band",
    "star",
    "new",
    "official",
    "meet",
    "hi",
    "fun",
    "fact",
    "maknae",
    "frontwoman",
    "frontman",
    "bassist",
    "guitarist",
    "drummer",
    "director",
    "producer",
    "host",
    "comedian",
    "collaborator",
    "longtime",
    "former",
    "review",
    "interview",
    "posted",
    "published",
    "updated",
    "credits",
    "photo",
    "source",
    "read",
    "more",
    "fans",
    "fan",
    "singer-songwriter",
    "girl",
    "boy",
    "pop",
    "rock",
    "country",
    "according",
    "yes",
    "no",
    "not",
    "what",
    "who",
    "why",
    "how",
    "where",
    "which",
    "one",
    "first",
    "last",
    "next",
    "just",
    "only",
];

/// Words that end a name in a headline ("Layover Today", "Blue Friday").
const ENDS_NAME: &[&str] = &[
    "today",
    "tonight",
    "yesterday",
    "tomorrow",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "now",
    "week",
    "and",
    "at",
    "on",
    "in",
    "for",
    "with",
];

/// Platforms, outlets, networks, agencies and places: names that are not artists.
const ORGANIZATIONS: &[&str] = &[
    "youtube",
    "spotify",
    "instagram",
    "tiktok",
    "twitter",
    "x",
    "weverse",
    "billboard",
    "netflix",
    "apple music",
    "apple",
    "melon",
    "genie",
    "bugs",
    "yonhap",
    "ap",
    "reuters",
    "afp",
    "kbs",
    "mbc",
    "sbs",
    "jtbc",
    "tvn",
    "mnet",
    "ebs",
    "arirang",
    "nbc",
    "cbs",
    "abc",
    "fox",
    "bbc",
    "cnn",
    "mtv",
    "hybe",
    "big hit",
    "big hit music",
    "sm",
    "jyp",
    "yg",
    "starship",
    "cube",
    "pledis",
    "grammy",
    "grammys",
    "guinness",
    "guinness world records",
    "oricon",
    "gaon",
    "circle",
    "hanteo",
    "korea",
    "south korea",
    "seoul",
    "japan",
    "tokyo",
    "america",
    "new york",
    "los angeles",
    "london",
    "uk",
    "us",
    "u.s.",
    "k-pop",
    "kpop",
    "soundcloud",
    "amazon",
    "google",
    "facebook",
    "disney",
    "hulu",
    "iheartradio",
    "soompi",
    "allkpop",
    "koreaboo",
    "pinkvilla",
    "nme",
    "rolling stone",
    "variety",
    "pitchfork",
    "consequence",
    "upi",
];

const ORGANIZATION_WORDS: &[&str] = &[
    "entertainment",
    "records",
    "music",
    "media",
    "label",
    "labels",
    "agency",
    "studios",
    "studio",
    "magazine",
    "news",
    "times",
    "post",
    "chart",
    "charts",
    "awards",
    "inc",
    "ltd",
    "co",
    "corp",
    "company",
    "network",
    "tv",
    "radio",
    "festival",
    "arena",
    "stadium",
    "hall",
    "centre",
    "center",
    "university",
    "school",
];

const KOREAN_SURNAMES: &[&str] = &[
    "kim", "lee", "park", "choi", "jung", "jeong", "chung", "kang", "cho", "jo", "yoon", "yun",
    "jang", "chang", "lim", "im", "han", "oh", "seo", "shin", "kwon", "hwang", "ahn", "song",
    "jeon", "jun", "hong", "yoo", "yu", "ko", "go", "moon", "mun", "yang", "son", "bae", "baek",
    "heo", "hur", "nam", "shim", "sim", "noh", "roh", "ha", "kwak", "sung", "seong", "cha", "joo",
    "ju", "woo", "min", "ryu", "na", "jin", "ji", "um", "eom", "byun", "byeon", "chae", "won",
    "bang", "kong", "hyun", "yeo", "do", "pyo", "choo", "chu", "gong", "goo", "koo", "ku", "lim",
    "ryoo",
];

pub(crate) fn is_stop_token(token: &str) -> bool {
    let token = token.to_lowercase();
    OPENERS.contains(&token.as_str()) || STOP_TOKENS.contains(&token.as_str())
}

pub(crate) fn is_organization(name: &str) -> bool {
    let lower = name.to_lowercase();
    if ORGANIZATIONS.contains(&lower.as_str()) {
        return true;
    }
    let last = lower.split_whitespace().last().unwrap_or("");
    lower.contains(' ') && ORGANIZATION_WORDS.contains(&last)
}

/// A captured name made clean: no possessive, no opening words that are not part of it ("Meanwhile V"
/// → "V"), cut before a stop word ("Layover Today" → "Layover"). `None` when nothing is left.
pub(crate) fn clean_name(captured: &str) -> Option<String> {
    let trimmed = captured
        .trim()
        .trim_end_matches("'s")
        .trim_end_matches('\'')
        .trim_end_matches(['.', ',']);
    if trimmed.contains('⟦') {
        return None;
    }
    let tokens: Vec<&str> = trimmed.split_whitespace().collect();
    let mut start = 0;
    while start < tokens.len() {
        let token = tokens[start].to_lowercase();
        let more = start + 1 < tokens.len();
        if token == "the" && more {
            break;
        }
        // Opening words go ("Meanwhile V" → "V"); other common words only when they are all there is.
        let strip = OPENERS.contains(&token.as_str()) || (!more && is_stop_token(&token));
        if !strip {
            break;
        }
        start += 1;
    }
    let mut end = start;
    while end < tokens.len() {
        let joins = matches!(
            tokens[end].to_lowercase().as_str(),
            "and" | "at" | "on" | "in" | "for" | "with"
        );
        let last = end + 1 == tokens.len();
        if end > start
            && (joins || last)
            && ENDS_NAME.contains(&tokens[end].to_lowercase().as_str())
        {
            break;
        }
        end += 1;
    }
    let kept = &tokens[start..end];
    let name = kept.join(" ");
    if name.is_empty() || is_stop_token(&name) {
        return None;
    }
    // "The EP", "The Album": an article and common words.
    if kept.len() == 2 && kept[0].eq_ignore_ascii_case("the") && is_stop_token(kept[1]) {
        return None;
    }
    Some(name)
}

/// "Kim Taehyung", "Park Jae-hyun", "Lee Ji Eun": a Korean surname and a given name of one or two parts.
pub(crate) fn is_korean_full_name(name: &str) -> bool {
    let tokens: Vec<&str> = name.split_whitespace().collect();
    if !(2..=3).contains(&tokens.len()) {
        return false;
    }
    let surname = tokens[0].to_lowercase();
    KOREAN_SURNAMES.contains(&surname.as_str())
        && tokens[1..].iter().all(|t| {
            t.starts_with(char::is_uppercase)
                && t.chars().skip(1).all(|c| c.is_lowercase() || c == '-')
                && t.chars().count() >= 2
        })
}
