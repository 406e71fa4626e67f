//! Is the article in English? The patterns read English only; any other language yields no facts and
//! a note that says which language it looked like and why.

/// `None` for English; otherwise the note to show.
pub(crate) fn language_note(text: &str) -> Option<String> {
    let mut latin = 0usize;
    let mut scripts: [(usize, &str); 7] = [
        (0, "Korean (Hangul)"),
        (0, "Japanese (kana)"),
        (0, "Chinese (Han characters)"),
        (0, "Cyrillic"),
        (0, "Arabic"),
        (0, "Thai"),
        (0, "Hebrew"),
    ];
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        let slot = match c {
            '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' => Some(0),
            '\u{3040}'..='\u{30FF}' => Some(1),
            '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' => Some(2),
            '\u{0400}'..='\u{04FF}' => Some(3),
            '\u{0600}'..='\u{06FF}' => Some(4),
            '\u{0E00}'..='\u{0E7F}' => Some(5),
            '\u{0590}'..='\u{05FF}' => Some(6),
            _ if c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) => None,
            _ => continue,
        };
        match slot {
            Some(i) => scripts[i].0 += 1,
            None => latin += 1,
        }
    }
    let other: usize = scripts.iter().map(|s| s.0).sum();
    if other > 0 && other * 10 > (latin + other) * 3 {
        let (_, name) = scripts
            .iter()
            .max_by_key(|s| s.0)
            .copied()
            .unwrap_or((0, "another script"));
        return Some(format!(
            "the article is written in {name}; bside reads English articles only, so no facts were extracted"
        ));
    }
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.len() < 8 {
        return None;
    }
    let count = |list: &[&str]| words.iter().filter(|w| list.contains(&w.as_str())).count();
    let english = count(ENGLISH);
    let others = [
        (count(SPANISH), "Spanish"),
        (count(FRENCH), "French"),
        (count(PORTUGUESE), "Portuguese"),
        (count(GERMAN), "German"),
        (count(INDONESIAN), "Indonesian"),
    ];
    let (best, name) = others
        .iter()
        .max_by_key(|o| o.0)
        .copied()
        .unwrap_or((0, ""));
    if best >= 6 && best > english * 2 {
        return Some(format!(
            "the article appears to be in {name} ({best} common {name} words against {english} English ones); \
             bside reads English articles only, so no facts were extracted"
        ));
    }
    None
}

const ENGLISH: &[&str] = &[
    "the", "and", "of", "to", "in", "is", "was", "with", "for", "on", "that", "his", "her",
    "their", "has", "have", "from", "by", "as", "at", "it", "will", "this", "which", "who", "an",
    "be",
];
const SPANISH: &[&str] = &[
    "el", "la", "los", "las", "del", "que", "y", "en", "un", "una", "por", "con", "para", "su",
    "sus", "se", "es", "al", "lo", "más", "fue", "como", "pero", "sobre",
];
const FRENCH: &[&str] = &[
    "le", "les", "des", "du", "et", "est", "une", "pour", "avec", "dans", "sur", "qui", "au",
    "aux", "ce", "cette", "pas", "sont", "été",
];
const PORTUGUESE: &[&str] = &[
    "os", "do", "da", "dos", "das", "em", "um", "uma", "com", "não", "foi", "seu", "sua", "pelo",
    "pela", "também", "são",
];
const GERMAN: &[&str] = &[
    "der", "die", "das", "und", "ist", "mit", "von", "den", "ein", "eine", "nicht", "auf", "für",
    "im", "dem", "sich", "auch", "wird",
];
const INDONESIAN: &[&str] = &[
    "yang", "dan", "di", "ke", "dari", "ini", "itu", "dengan", "untuk", "pada", "adalah", "akan",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_with_korean_names_is_english() {
        assert_eq!(
            language_note("V (뷔) of BTS released his album Layover on Friday, and fans loved it."),
            None
        );
    }

    #[test]
    fn other_languages_are_named() {
        let korean = language_note("가수 하늘이 8일 오후 6시 미니앨범을 발매하고 컴백했다.")
            .expect("a note");
        assert!(korean.contains("Korean"));
        let spanish = language_note(
            "El cantante lanzó el viernes su cuarto álbum, que se convirtió en el más rápido en superar los récords de la plataforma y de su sello.",
        )
        .expect("a note");
        assert!(spanish.contains("Spanish"));
    }
}
