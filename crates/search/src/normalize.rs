//! How names and queries are folded before they are compared: Unicode NFKD, Latin/Greek/Cyrillic
//! diacritics dropped, lower case, Hangul as jamo, and words split where a person would type a gap.
//!
//! Both sides of every comparison go through [`words`], so "Björk", "BJORK" and "björk" are one
//! key, as are "뷔" typed as a syllable or as the jamo "ㅂㅟ".

use unicode_normalization::UnicodeNormalization;

/// The words of `text`, folded. Words are split at anything that is not a letter or a digit
/// (spaces, hyphens, apostrophes, brackets) and where the script changes between Han, kana, Hangul
/// and everything else ("宇多田ヒカル" → "宇多田", "ヒカル").
pub(crate) fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut current_script = Script::Other;
    for c in text.nfkd() {
        if is_dropped_mark(c) {
            continue;
        }
        let mut folded = [None; 3];
        fold_char(c, &mut folded);
        for c in folded.into_iter().flatten() {
            if !is_word_char(c) {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
                continue;
            }
            let script = Script::of(c);
            if !current.is_empty() && script != current_script && !is_kana_mark(c) {
                words.push(std::mem::take(&mut current));
            }
            if !is_kana_mark(c) {
                current_script = script;
            }
            current.push(c);
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// The whole of `text` folded, with its words run together: the key that "Tae-hyung", "Tae hyung"
/// and "Taehyung" share.
pub(crate) fn compact(text: &str) -> String {
    words(text).concat()
}

/// Whether `c` is a Hangul syllable (가–힣), which [`crate::romanize`] can spell in Latin letters.
pub(crate) fn is_hangul_syllable(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Han,
    Kana,
    Hangul,
    Other,
}

impl Script {
    fn of(c: char) -> Self {
        match c {
            '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' => Self::Kana,
            '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' | '\u{AC00}'..='\u{D7AF}' => {
                Self::Hangul
            }
            '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' => {
                Self::Han
            }
            _ => Self::Other,
        }
    }
}

/// Combining diacritics of Latin, Greek and Cyrillic ("é" → "e", "й" → "и"). Other marks stay: the
/// kana voicing marks make a different sound ("ガ" is not "カ").
fn is_dropped_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// The kana voicing marks NFKD splits off ("ガ" → "カ" + U+3099); they belong to their word.
fn is_kana_mark(c: char) -> bool {
    matches!(c, '\u{3099}' | '\u{309A}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_kana_mark(c)
}

/// Lower-cases one decomposed character into up to three (a final consonant cluster of Hangul is
/// two jamo, "ß" is "ss").
fn fold_char(c: char, out: &mut [Option<char>; 3]) {
    if let Some(initials) = final_as_initials(c) {
        out[0] = Some(initials.0);
        out[1] = initials.1;
        return;
    }
    match c {
        'ß' | 'ẞ' => {
            out[0] = Some('s');
            out[1] = Some('s');
        }
        'ς' => out[0] = Some('σ'),
        'ı' => out[0] = Some('i'),
        // Letters NFKD keeps whole, written in Latin as their base letters.
        'ð' | 'Ð' | 'đ' | 'Đ' => out[0] = Some('d'),
        'ø' | 'Ø' => out[0] = Some('o'),
        'ł' | 'Ł' => out[0] = Some('l'),
        'ħ' | 'Ħ' => out[0] = Some('h'),
        'æ' | 'Æ' => {
            out[0] = Some('a');
            out[1] = Some('e');
        }
        'œ' | 'Œ' => {
            out[0] = Some('o');
            out[1] = Some('e');
        }
        'þ' | 'Þ' => {
            out[0] = Some('t');
            out[1] = Some('h');
        }
        _ => {
            for (slot, lower) in out.iter_mut().zip(c.to_lowercase()) {
                *slot = Some(lower);
            }
        }
    }
}

/// Hangul final consonants (jongseong) written as the initial consonants (choseong) they sound
/// like, so that a syllable typed whole ("김") and the same jamo typed one by one ("기ㅁ") fold to
/// the same letters. Clusters become two letters ("ㄳ" → "ㄱㅅ").
fn final_as_initials(c: char) -> Option<(char, Option<char>)> {
    const FINALS: [(u32, u32); 27] = [
        (0x1100, 0),
        (0x1101, 0),
        (0x1100, 0x1109),
        (0x1102, 0),
        (0x1102, 0x110C),
        (0x1102, 0x1112),
        (0x1103, 0),
        (0x1105, 0),
        (0x1105, 0x1100),
        (0x1105, 0x1106),
        (0x1105, 0x1107),
        (0x1105, 0x1109),
        (0x1105, 0x1110),
        (0x1105, 0x1111),
        (0x1105, 0x1112),
        (0x1106, 0),
        (0x1107, 0),
        (0x1107, 0x1109),
        (0x1109, 0),
        (0x110A, 0),
        (0x110B, 0),
        (0x110C, 0),
        (0x110E, 0),
        (0x110F, 0),
        (0x1110, 0),
        (0x1111, 0),
        (0x1112, 0),
    ];
    let index = (c as u32).checked_sub(0x11A8)?;
    let &(first, second) = FINALS.get(index as usize)?;
    let second = (second != 0).then(|| char::from_u32(second)).flatten();
    Some((char::from_u32(first)?, second))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expect: &[&str]) {
        assert_eq!(words(text), expect, "words of {text:?}");
    }

    #[test]
    fn case_and_diacritics_fold_away() {
        check("Björk Guðmundsdóttir", &["bjork", "gudmundsdottir"]);
        check("Røyksopp Łódź Æon", &["royksopp", "lodz", "aeon"]);
        check("BEYONCÉ", &["beyonce"]);
        check("Straße", &["strasse"]);
        check("Ёлка", &["елка"]);
        check("ＡＢＣ", &["abc"]);
    }

    #[test]
    fn punctuation_and_spacing_split_words() {
        check("Kim Tae-hyung", &["kim", "tae", "hyung"]);
        check("Guns N' Roses", &["guns", "n", "roses"]);
        check(
            "Slow Dancing (Piano Ver.)",
            &["slow", "dancing", "piano", "ver"],
        );
        check("  --  ", &[]);
        assert_eq!(compact("Tae-hyung"), compact("Taehyung"));
        assert_eq!(compact("Tae hyung"), "taehyung");
    }

    #[test]
    fn hangul_syllables_and_jamo_fold_alike() {
        assert_eq!(compact("뷔"), compact("ㅂㅟ"));
        assert_eq!(compact("김"), compact("기ㅁ"));
        assert_eq!(compact("닭"), compact("다ㄺ"));
        assert!(compact("김태형").starts_with(&compact("김ㅌ")));
    }

    #[test]
    fn scripts_split_words_but_kana_marks_stay() {
        check("宇多田ヒカル", &["宇多田", "ヒカル"]);
        assert_ne!(compact("ガ"), compact("カ"));
        check("BTS방탄소년단", &["bts", &compact("방탄소년단")]);
    }
}
