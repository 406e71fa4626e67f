//! Hangul spelled in Latin letters, so that a Latin query finds a name stored only in Hangul:
//! the Revised Romanization ("김태형" → "Gim Taehyeong") and the spelling people actually use for
//! names ("Kim Taehyung": the family name as it is customarily written, "eo" before a final
//! consonant as "u").

use crate::normalize::is_hangul_syllable;

/// The Latin spellings of `text` when it holds Hangul syllables: the Revised Romanization and, when
/// it differs, the customary spelling of a personal name. Other characters are kept as they are.
/// A word of two to four syllables that starts with a common family name is split after it
/// ("김태형" → "gim taehyeong"), so that the given name alone finds it too.
pub(crate) fn romanizations(text: &str) -> Vec<String> {
    if !text.chars().any(is_hangul_syllable) {
        return Vec::new();
    }
    let revised = spell(text, Spelling::Revised);
    let customary = spell(text, Spelling::Customary);
    if customary == revised {
        vec![revised]
    } else {
        vec![revised, customary]
    }
}

/// `text` with a space after the family name of each Hangul word of two to four syllables that
/// starts with a common one ("김태형" → "김 태형"), when there is such a word: the given name alone
/// is then a word of the name.
pub(crate) fn split_family_names(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 4);
    let mut split = false;
    let mut run = 0;
    let chars: Vec<char> = text.chars().collect();
    for (index, &c) in chars.iter().enumerate() {
        if is_hangul_syllable(c) {
            if run == 0 {
                let len = chars[index..]
                    .iter()
                    .take_while(|c| is_hangul_syllable(**c))
                    .count();
                out.push(c);
                if (2..=4).contains(&len) && family_name(c).is_some() {
                    out.push(' ');
                    split = true;
                }
            } else {
                out.push(c);
            }
            run += 1;
        } else {
            run = 0;
            out.push(c);
        }
    }
    split.then_some(out)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Spelling {
    Revised,
    Customary,
}

const INITIALS: [&str; 19] = [
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p",
    "h",
];
const MEDIALS: [&str; 21] = [
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "eu", "ui", "i",
];
/// Finals before a consonant or at the end of a word.
const FINALS: [&str; 28] = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p",
    "t", "t", "ng", "t", "t", "k", "t", "p", "t",
];
/// Finals carried over to a following syllable that starts with the silent ㅇ ("한국어" →
/// "hangugeo"): the first consonant is read as the next syllable's initial.
const LINKED_FINALS: [(&str, &str); 28] = [
    ("", ""),
    ("", "g"),
    ("", "kk"),
    ("k", "s"),
    ("", "n"),
    ("n", "j"),
    ("n", ""),
    ("", "d"),
    ("", "r"),
    ("l", "g"),
    ("l", "m"),
    ("l", "b"),
    ("l", "s"),
    ("l", "t"),
    ("l", "p"),
    ("l", ""),
    ("", "m"),
    ("", "b"),
    ("p", "s"),
    ("", "s"),
    ("", "ss"),
    ("ng", ""),
    ("", "j"),
    ("", "ch"),
    ("", "k"),
    ("", "t"),
    ("", "p"),
    ("", ""),
];

/// Common Korean family names and how they are customarily written.
const FAMILY_NAMES: [(char, &str); 60] = [
    ('김', "kim"),
    ('이', "lee"),
    ('박', "park"),
    ('최', "choi"),
    ('정', "jung"),
    ('강', "kang"),
    ('조', "cho"),
    ('윤', "yoon"),
    ('장', "jang"),
    ('임', "lim"),
    ('한', "han"),
    ('오', "oh"),
    ('서', "seo"),
    ('신', "shin"),
    ('권', "kwon"),
    ('황', "hwang"),
    ('안', "ahn"),
    ('송', "song"),
    ('전', "jeon"),
    ('홍', "hong"),
    ('유', "yoo"),
    ('고', "ko"),
    ('문', "moon"),
    ('양', "yang"),
    ('손', "son"),
    ('배', "bae"),
    ('백', "baek"),
    ('허', "heo"),
    ('남', "nam"),
    ('심', "shim"),
    ('노', "noh"),
    ('하', "ha"),
    ('곽', "kwak"),
    ('성', "sung"),
    ('차', "cha"),
    ('주', "joo"),
    ('우', "woo"),
    ('구', "koo"),
    ('민', "min"),
    ('류', "ryu"),
    ('나', "na"),
    ('진', "jin"),
    ('지', "ji"),
    ('엄', "eom"),
    ('채', "chae"),
    ('원', "won"),
    ('천', "cheon"),
    ('방', "bang"),
    ('공', "kong"),
    ('현', "hyun"),
    ('함', "ham"),
    ('변', "byun"),
    ('염', "yeom"),
    ('여', "yeo"),
    ('추', "choo"),
    ('도', "do"),
    ('소', "so"),
    ('석', "seok"),
    ('선', "sun"),
    ('설', "seol"),
];

/// A syllable's three parts: initial, medial, final (0 = none) indices.
fn parts(c: char) -> (usize, usize, usize) {
    let index = c as usize - 0xAC00;
    (index / (21 * 28), index % (21 * 28) / 28, index % 28)
}

fn family_name(c: char) -> Option<&'static str> {
    FAMILY_NAMES
        .iter()
        .find(|(syllable, _)| *syllable == c)
        .map(|(_, spelled)| *spelled)
}

fn spell(text: &str, spelling: Spelling) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() * 2);
    let mut index = 0;
    while index < chars.len() {
        if !is_hangul_syllable(chars[index]) {
            out.push(chars[index]);
            index += 1;
            continue;
        }
        let end = chars[index..]
            .iter()
            .position(|c| !is_hangul_syllable(*c))
            .map_or(chars.len(), |n| index + n);
        spell_word(&chars[index..end], spelling, &mut out);
        index = end;
    }
    out
}

/// One run of syllables: a family name first is split off (and customarily spelled), then the
/// syllables are spelled with finals linked across a silent ㅇ.
fn spell_word(word: &[char], spelling: Spelling, out: &mut String) {
    let mut rest = word;
    let mut previous_final = 0;
    if (2..=4).contains(&word.len())
        && let Some(customary) = family_name(word[0])
    {
        if spelling == Spelling::Customary {
            out.push_str(customary);
        } else {
            spell_syllables(&word[..1], 0, spelling, out);
        }
        out.push(' ');
        rest = &word[1..];
        previous_final = parts(word[0]).2;
    }
    spell_syllables(rest, previous_final, spelling, out);
}

/// `previous_final` is the final of the syllable before `word` (0 for none): ㄹ before ㄹ is "ll".
fn spell_syllables(word: &[char], previous_final: usize, spelling: Spelling, out: &mut String) {
    let mut previous_final = previous_final;
    let mut carried = "";
    for (position, &syllable) in word.iter().enumerate() {
        let (initial, medial, final_) = parts(syllable);
        let next_initial = word.get(position + 1).map(|&next| parts(next).0);
        if initial == 11 && !carried.is_empty() {
            out.push_str(carried);
        } else if initial == 5 && previous_final == 8 {
            // ㄹㄹ is "ll".
            out.push('l');
        } else {
            out.push_str(INITIALS[initial]);
        }
        let closed = final_ != 0;
        if spelling == Spelling::Customary && closed && medial == 4 {
            out.push('u');
        } else if spelling == Spelling::Customary && closed && medial == 6 {
            out.push_str("yu");
        } else {
            out.push_str(MEDIALS[medial]);
        }
        carried = "";
        previous_final = final_;
        if next_initial == Some(11) {
            let (kept, moved) = LINKED_FINALS[final_];
            out.push_str(kept);
            carried = moved;
        } else {
            out.push_str(FINALS[final_]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(hangul: &str, expect: &[&str]) {
        assert_eq!(romanizations(hangul), expect, "romanizations of {hangul:?}");
    }

    #[test]
    fn names_get_both_spellings() {
        check("김태형", &["gim taehyeong", "kim taehyung"]);
        check("박지민", &["bak jimin", "park jimin"]);
        check("정국", &["jeong guk", "jung guk"]);
    }

    #[test]
    fn revised_romanization_rules() {
        check("뷔", &["bwi"]);
        check("방탄소년단", &["bangtansonyeondan", "bangtansonyundan"]);
        check("한국어", &["han gugeo"]);
        check("아이유", &["aiyu"]);
        check("설리", &["seol li"]);
    }

    #[test]
    fn family_names_are_split_off_short_hangul_words() {
        assert_eq!(split_family_names("김태형").as_deref(), Some("김 태형"));
        assert_eq!(
            split_family_names("BTS 박지민").as_deref(),
            Some("BTS 박 지민")
        );
        assert_eq!(split_family_names("방탄소년단"), None);
        assert_eq!(split_family_names("뷔"), None);
        assert_eq!(split_family_names("Kim"), None);
    }

    #[test]
    fn other_text_is_kept_and_latin_alone_has_none() {
        check("BTS 뷔", &["BTS bwi"]);
        assert!(romanizations("Kim Taehyung").is_empty());
    }
}
