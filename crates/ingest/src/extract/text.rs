//! Plain-text structure: sentences with their spans, quoted strings in every quote style, offsets.

/// A sentence (or a headline, a caption: any line without a sentence break) as a byte range of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sentence {
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Index of the paragraph (block of lines) it belongs to.
    pub(crate) paragraph: usize,
    /// A line with no sentence punctuation at its end: a headline, a subheading, a caption.
    pub(crate) heading: bool,
}

/// A quoted string inside a sentence, as byte offsets relative to the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Quote {
    /// From the opening mark to the closing mark, both included.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// The text inside, without the American-style punctuation that closes it ("Love Me Again," → "Love Me Again").
    pub(crate) inner: String,
    /// That punctuation (`,` or `.`), kept so that lists and clauses still read right.
    pub(crate) trailing: Option<char>,
    pub(crate) kind: QuoteKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QuoteKind {
    /// Short and capitalized: a song, an album, a show, a nickname.
    Title,
    /// Somebody's words, or a scare quote: no facts are read from inside.
    Speech,
}

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "no", "vol", "ver", "pt", "feat", "ft", "inc",
    "co", "corp", "ltd", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun", "a.m", "p.m",
    "u.s", "u.k", "e.g", "i.e", "approx", "tenn", "calif", "fla", "mt", "gen", "prof", "inst",
];

const REPORTING_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "wrote",
    "explained",
    "laughed",
    "laughs",
    "smiled",
    "smiles",
    "noted",
    "shared",
    "recalled",
    "continued",
    "admitted",
    "joked",
    "jokes",
    "confessed",
    "posted",
    "tweeted",
    "asked",
    "asks",
    "adds",
    "explains",
    "shouted",
    "sang",
    "insisted",
    "replied",
];

/// Splits the text into sentences. Lines are blocks of their own (headlines, bylines, captions); a line
/// that starts in lower case continues the one before (hard-wrapped text).
pub(crate) fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut paragraph = 0;
    let mut block: Option<(usize, usize)> = None;
    let mut offset = 0;
    let mut blank_before = false;
    for line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim();
        if trimmed.is_empty() {
            if let Some((s, e)) = block.take() {
                split_block(text, s, e, paragraph, &mut out);
                paragraph += 1;
            }
            blank_before = true;
            continue;
        }
        let lead = content.len() - content.trim_start().len();
        let start = line_start + lead;
        let end = line_start + content.trim_end().len();
        let continues = block.is_some()
            && !blank_before
            && trimmed.chars().next().is_some_and(char::is_lowercase)
            && !ends_sentence(&text[block.map_or(0, |b| b.0)..block.map_or(0, |b| b.1)]);
        blank_before = false;
        match block {
            Some((s, _)) if continues => block = Some((s, end)),
            Some((s, e)) => {
                split_block(text, s, e, paragraph, &mut out);
                paragraph += 1;
                block = Some((start, end));
            }
            None => block = Some((start, end)),
        }
    }
    if let Some((s, e)) = block {
        split_block(text, s, e, paragraph, &mut out);
    }
    out
}

fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .trim_end_matches(['"', '\'', '”', '’', ')', '»'])
        .ends_with(['.', '!', '?', ':', '…'])
}

fn split_block(text: &str, start: usize, end: usize, paragraph: usize, out: &mut Vec<Sentence>) {
    let block = &text[start..end];
    let chars: Vec<(usize, char)> = block.char_indices().collect();
    let mut sentence_start = 0;
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if matches!(c, '.' | '!' | '?' | '…') {
            // Take the run of closing punctuation and quotes.
            let mut j = i + 1;
            while j < chars.len()
                && matches!(
                    chars[j].1,
                    '.' | '!' | '?' | '"' | '\'' | '”' | '’' | ')' | '»' | '…'
                )
            {
                j += 1;
            }
            let next_is_space = j < chars.len() && chars[j].1.is_whitespace();
            let mut k = j;
            while k < chars.len() && chars[k].1.is_whitespace() {
                k += 1;
            }
            let starts_new = k < chars.len() && {
                let n = chars[k].1;
                n.is_uppercase()
                    || n.is_numeric()
                    || matches!(n, '"' | '“' | '‘' | '\'' | '(' | '«' | '「')
            };
            if next_is_space && starts_new && !(c == '.' && is_abbreviation(block, at)) {
                let end_at = if j < chars.len() {
                    chars[j].0
                } else {
                    block.len()
                };
                push(
                    out,
                    start + sentence_start,
                    start + end_at,
                    paragraph,
                    false,
                );
                sentence_start = chars[k].0;
                i = k;
                continue;
            }
            i = j.max(i + 1);
            continue;
        }
        i += 1;
    }
    let rest = &block[sentence_start..];
    if !rest.trim().is_empty() {
        let heading = !ends_sentence(rest) && sentence_start == 0;
        push(out, start + sentence_start, end, paragraph, heading);
    }
}

fn push(out: &mut Vec<Sentence>, start: usize, end: usize, paragraph: usize, heading: bool) {
    if end > start {
        out.push(Sentence {
            start,
            end,
            paragraph,
            heading,
        });
    }
}

/// Is the period at `at` part of an abbreviation ("Sept.", "p.m.", "J. Cole") rather than a full stop?
fn is_abbreviation(block: &str, at: usize) -> bool {
    let before = &block[..at];
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || c == '(' || c == '“' || c == '"')
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    let lower = word.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    // A single capital letter: an initial.
    let mut letters = word.chars();
    matches!((letters.next(), letters.next()), (Some(c), None) if c.is_uppercase())
}

/// The quoted strings of a sentence, outermost first, in every quote style: “…”, ‘…’, "…", '…', «…»,
/// 「…」, 『…』. Apostrophes ("IU’s", "BTS’ V", "can't") are not taken for quotes.
pub(crate) fn quotes(sentence: &str) -> Vec<Quote> {
    let chars: Vec<(usize, char)> = sentence.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let prev = if i == 0 { None } else { Some(chars[i - 1].1) };
        let next = chars.get(i + 1).map(|x| x.1);
        let close = match c {
            '“' => Some('”'),
            '«' => Some('»'),
            '「' => Some('」'),
            '『' => Some('』'),
            '‘' if opens(prev, next) => Some('’'),
            '"' if opens(prev, next) => Some('"'),
            '\'' if opens(prev, next) => Some('\''),
            _ => None,
        };
        let Some(close) = close else {
            i += 1;
            continue;
        };
        let apostrophe_like = matches!(close, '’' | '\'');
        let mut j = i + 1;
        let mut found = None;
        while j < chars.len() {
            let (_, d) = chars[j];
            if d == close {
                let after = chars.get(j + 1).map(|x| x.1);
                let before = chars[j - 1].1;
                let closes = !after.is_some_and(char::is_alphanumeric) && !before.is_whitespace();
                if !apostrophe_like || closes {
                    found = Some(j);
                    break;
                }
            }
            if apostrophe_like && chars[j].0 - at > 160 {
                break;
            }
            j += 1;
        }
        let Some(j) = found else {
            i += 1;
            continue;
        };
        let end = chars[j].0 + close.len_utf8();
        let raw = &sentence[at + c.len_utf8()..chars[j].0];
        out.push(make_quote(sentence, at, end, raw));
        i = j + 1;
    }
    out
}

fn opens(prev: Option<char>, next: Option<char>) -> bool {
    let prev_ok = prev.is_none_or(|p| {
        p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–' | '-' | '/' | ':' | '“' | '"')
    });
    let next_ok = next.is_some_and(|n| !n.is_whitespace());
    prev_ok && next_ok
}

fn make_quote(sentence: &str, start: usize, end: usize, raw: &str) -> Quote {
    let mut inner = raw.trim().to_owned();
    let mut trailing = None;
    if let Some(last) = inner.chars().last()
        && matches!(last, ',' | '.' | ';' | ':')
    {
        let body = &inner[..inner.len() - 1];
        let keep = last == '.' && ends_with_abbreviation(body);
        if !keep {
            trailing = Some(if last == '.' { '.' } else { ',' });
            inner = body.trim_end().to_owned();
        }
    }
    let after = sentence[end..].trim_start();
    let kind = classify(&inner, trailing, after);
    Quote {
        start,
        end,
        inner,
        trailing,
        kind,
    }
}

fn ends_with_abbreviation(body: &str) -> bool {
    let word = body
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("")
        .to_lowercase();
    ABBREVIATIONS.contains(&word.as_str())
}

fn classify(inner: &str, trailing: Option<char>, after: &str) -> QuoteKind {
    let words = inner.split_whitespace().count();
    let first = inner.chars().next();
    if words == 0 || words > 9 {
        return QuoteKind::Speech;
    }
    if first.is_some_and(char::is_lowercase) {
        return QuoteKind::Speech;
    }
    // Sentence punctuation inside: somebody's words.
    if inner.contains(". ") || inner.contains("? ") || inner.contains("! ") {
        return QuoteKind::Speech;
    }
    let next_words: Vec<String> = after
        .split_whitespace()
        .take(3)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    let reported = next_words
        .iter()
        .take(3)
        .any(|w| REPORTING_VERBS.contains(&w.as_str()));
    if reported && (trailing.is_some() || inner.ends_with(['?', '!'])) && words >= 2 {
        return QuoteKind::Speech;
    }
    QuoteKind::Title
}

/// The character offset of a byte offset.
pub(crate) fn char_offset(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

/// Folds a text for matching names: lower case, straight quotes and apostrophes, plain hyphens. Returns the
/// folded text and, for each of its bytes, the byte offset in the original (plus one entry for the end).
pub(crate) fn fold(text: &str) -> (String, Vec<usize>) {
    let mut folded = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    for (at, c) in text.char_indices() {
        let mapped = fold_char(c);
        for m in mapped {
            let before = folded.len();
            folded.push(m);
            map.extend(std::iter::repeat_n(at, folded.len() - before));
        }
    }
    map.push(text.len());
    (folded, map)
}

fn fold_char(c: char) -> Vec<char> {
    match c {
        '’' | '‘' | '`' | '´' => vec!['\''],
        '“' | '”' => vec!['"'],
        '‐' | '‑' | '‒' => vec!['-'],
        _ => c.to_lowercase().collect(),
    }
}

/// Folds a single name the way `fold` folds text.
pub(crate) fn fold_name(name: &str) -> String {
    fold(name).0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sentences of a text, as strings.
    fn check_sentences(text: &str, expect: &[&str]) {
        let got: Vec<&str> = sentences(text)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        assert_eq!(got, expect);
    }

    #[test]
    fn sentences_split_at_full_stops_not_abbreviations() {
        check_sentences(
            "The MV premieres Sept. 13 at 6 p.m. KST. Fans are ready! J. Cole approves.",
            &[
                "The MV premieres Sept. 13 at 6 p.m. KST.",
                "Fans are ready!",
                "J. Cole approves.",
            ],
        );
    }

    #[test]
    fn sentences_keep_closing_quotes_and_headlines() {
        check_sentences(
            "BTS’ V drops ‘Blue’\n\nShe said “it is done.” Then she left\nthe room.",
            &[
                "BTS’ V drops ‘Blue’",
                "She said “it is done.”",
                "Then she left\nthe room.",
            ],
        );
        let text = "Headline here\n\nBody sentence.";
        let all = sentences(text);
        assert!(all[0].heading);
        assert!(!all[1].heading);
        assert_eq!(all[1].paragraph, 1);
    }

    #[test]
    fn sentence_spans_are_character_offsets_through_char_offset() {
        let text = "뷔 released “Blue.” It is good.";
        let second = &sentences(text)[1];
        let start = char_offset(text, second.start);
        let chars: String = text.chars().skip(start).collect();
        assert!(chars.starts_with("It is good."));
        assert_eq!(start, 19);
    }

    fn check_quotes(sentence: &str, expect: &[(&str, QuoteKind)]) {
        let got: Vec<(String, QuoteKind)> = quotes(sentence)
            .into_iter()
            .map(|q| (q.inner, q.kind))
            .collect();
        let expect: Vec<(String, QuoteKind)> =
            expect.iter().map(|(t, k)| ((*t).to_owned(), *k)).collect();
        assert_eq!(got, expect, "{sentence}");
    }

    #[test]
    fn quotes_in_every_style() {
        use QuoteKind::{Speech, Title};
        check_quotes(
            "MVs for “Love Me Again,” “Rainy Days,” and “Slow Dancing.”",
            &[
                ("Love Me Again", Title),
                ("Rainy Days", Title),
                ("Slow Dancing", Title),
            ],
        );
        check_quotes(
            "BTS’ V drops B-Side ‘Blue’ from IU’s show",
            &[("Blue", Title)],
        );
        check_quotes(
            r#"her single "Snowline" and 'Honeytrap', «Noches», 「夜」 and 『朝』"#,
            &[
                ("Snowline", Title),
                ("Honeytrap", Title),
                ("Noches", Title),
                ("夜", Title),
                ("朝", Title),
            ],
        );
        check_quotes(
            "with the exception of “Slow Dancing (Piano Ver.).”",
            &[("Slow Dancing (Piano Ver.)", Title)],
        );
        check_quotes(
            "'I can't believe this is real,' she said.",
            &[("I can't believe this is real", Speech)],
        );
        check_quotes(
            "the setlist was “mostly a guess,” he joked",
            &[("mostly a guess", Speech)],
        );
    }

    #[test]
    fn folding_maps_back_to_the_original() {
        let (folded, map) = fold("IU’s “Palette”");
        assert_eq!(folded, "iu's \"palette\"");
        assert_eq!(map[folded.find("palette").expect("found")], "IU’s “".len());
    }
}
