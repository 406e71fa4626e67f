//! A port of `shared/eval/score-facts.py`: the same key fields per kind, the same normalisation (NFKC,
//! case folding, quotes dropped, "version" = "ver", punctuation to spaces), null gold fields not
//! compared, duplicate found facts counted once.

use std::collections::{BTreeMap, HashSet};

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

const KEYS: &[(&str, &[&str])] = &[
    ("mv_release", &["artist", "track", "date"]),
    ("mv_upcoming", &["artist", "track", "date"]),
    ("mv_none_planned", &["artist", "track"]),
    ("mv_attribute", &["artist", "track", "attribute"]),
    ("release", &["artist", "release", "date"]),
    (
        "track_listing",
        &["release", "track", "role", "version_of", "position"],
    ),
    ("appearance", &["show", "guest", "host", "date"]),
    ("milestone", &["artist", "platform", "metric", "value"]),
    ("alias", &["artist", "alias"]),
    ("membership", &["person", "group"]),
    ("genre", &["artist", "track", "genre"]),
];

/// Per-kind counts, as the Python scorer keeps them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub(crate) gold: usize,
    pub(crate) hit: usize,
    pub(crate) found: usize,
    pub(crate) found_hit: usize,
}

impl Counts {
    pub(crate) fn add(&mut self, other: Counts) {
        self.gold += other.gold;
        self.hit += other.hit;
        self.found += other.found;
        self.found_hit += other.found_hit;
    }

    /// Recall and precision, 0 when there is nothing to divide by (as the Python totals).
    pub(crate) fn recall(self) -> f64 {
        if self.gold == 0 {
            0.0
        } else {
            self.hit as f64 / self.gold as f64
        }
    }

    pub(crate) fn precision(self) -> f64 {
        if self.found == 0 {
            0.0
        } else {
            self.found_hit as f64 / self.found as f64
        }
    }
}

fn keys(kind: &str) -> Option<&'static [&'static str]> {
    KEYS.iter().find(|(k, _)| *k == kind).map(|(_, keys)| *keys)
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Python's `str.casefold` differs from lower-casing for a few letters; these are the ones news uses.
fn casefold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'ß' | 'ẞ' => out.push_str("ss"),
            'ς' => out.push('σ'),
            'ſ' => out.push('s'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// `norm` of score-facts.py.
pub(crate) fn norm(value: &Value) -> Option<String> {
    let text = match value {
        Value::Null => return None,
        Value::String(s) => s.clone(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        other => other.to_string(),
    };
    let text: String = casefold(&text.nfkc().collect::<String>());
    let text: String = text
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{2018}' | '\u{2019}' | '\u{201c}' | '\u{201d}' | '\'' | '"' | '`'
            )
        })
        .collect();
    // \bversion\b → ver
    let chars: Vec<char> = text.chars().collect();
    let word: Vec<char> = "version".chars().collect();
    let mut replaced = String::new();
    let mut i = 0;
    while i < chars.len() {
        let fits = chars[i..].starts_with(&word)
            && (i == 0 || !is_word(chars[i - 1]))
            && chars.get(i + word.len()).is_none_or(|c| !is_word(*c));
        if fits {
            replaced.push_str("ver");
            i += word.len();
        } else {
            replaced.push(chars[i]);
            i += 1;
        }
    }
    let spaced: String = replaced
        .chars()
        .map(|c| {
            if is_word(c) || matches!(c, '&' | '#' | '+') {
                c
            } else {
                ' '
            }
        })
        .collect();
    Some(spaced.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn field<'v>(fact: &'v Value, name: &str) -> &'v Value {
    fact.get(name).unwrap_or(&Value::Null)
}

fn show_name(fact: &Value) -> Option<String> {
    let show = norm(field(fact, "show"));
    let host = norm(field(fact, "host"));
    match (show, host) {
        (Some(show), Some(host)) if !show.is_empty() && !host.is_empty() => {
            let prefix = format!("{host}s ");
            Some(
                show.strip_prefix(&prefix)
                    .map_or(show.clone(), str::to_owned),
            )
        }
        (show, _) => show,
    }
}

fn key_of(fact: &Value, gold: &Value) -> (String, Vec<(String, Option<String>)>) {
    let kind = field(fact, "kind").as_str().unwrap_or_default().to_owned();
    let mut fields = Vec::new();
    for &name in keys(&kind).unwrap_or(&[]) {
        if field(gold, name).is_null() {
            continue;
        }
        let value = if name == "show" {
            show_name(fact)
        } else {
            norm(field(fact, name))
        };
        fields.push((name.to_owned(), value));
    }
    (kind, fields)
}

/// `score_pair` of score-facts.py: counts per kind.
pub(crate) fn score_pair(gold: &[Value], found: &[Value]) -> BTreeMap<String, Counts> {
    let found: Vec<&Value> = found
        .iter()
        .filter(|f| {
            f.is_object()
                && f.get("kind")
                    .and_then(Value::as_str)
                    .and_then(keys)
                    .is_some()
        })
        .collect();
    let mut per_kind: BTreeMap<String, Counts> = BTreeMap::new();
    let mut used: HashSet<usize> = HashSet::new();
    for g in gold {
        let kind = field(g, "kind").as_str().unwrap_or_default().to_owned();
        per_kind.entry(kind.clone()).or_default().gold += 1;
        let want = key_of(g, g);
        for (i, f) in found.iter().enumerate() {
            if !used.contains(&i)
                && field(f, "kind").as_str() == Some(kind.as_str())
                && key_of(f, g) == want
            {
                used.insert(i);
                per_kind.entry(kind.clone()).or_default().hit += 1;
                break;
            }
        }
    }
    let mut seen = HashSet::new();
    for (i, f) in found.iter().enumerate() {
        let kind = field(f, "kind").as_str().unwrap_or_default().to_owned();
        let kind_keys = keys(&kind).unwrap_or(&[]);
        let mut full: Vec<(String, Option<String>)> = f
            .as_object()
            .map(|o| {
                o.iter()
                    .filter(|(k, _)| kind_keys.contains(&k.as_str()))
                    .map(|(k, v)| (k.clone(), norm(v)))
                    .collect()
            })
            .unwrap_or_default();
        full.sort();
        let full = (kind.clone(), full);
        if seen.contains(&full) && !used.contains(&i) {
            continue;
        }
        seen.insert(full);
        let counts = per_kind.entry(kind).or_default();
        counts.found += 1;
        if used.contains(&i) {
            counts.found_hit += 1;
        }
    }
    per_kind
}

#[test]
fn norm_matches_the_python_scorer() {
    let cases = [
        ("Slow Dancing (Piano Version)", "slow dancing piano ver"),
        ("Slow Dancing (Piano Ver.)", "slow dancing piano ver"),
        ("“Blue”", "blue"),
        ("R&B", "r&b"),
        ("b-side", "b side"),
        ("b_side", "b_side"),
        ("IU’s Palette", "ius palette"),
        ("Straße", "strasse"),
        ("ﬁre", "fire"),
        ("Noches de Neón", "noches de neón"),
    ];
    for (input, expected) in cases {
        assert_eq!(
            norm(&Value::from(input)).as_deref(),
            Some(expected),
            "{input}"
        );
    }
    assert_eq!(norm(&Value::from(50_000_000)).as_deref(), Some("50000000"));
    assert_eq!(norm(&Value::Null), None);
}

#[test]
fn show_names_drop_the_hosts_possessive() {
    let found = serde_json::json!({"kind": "appearance", "show": "IU's Palette", "host": "IU", "guest": "V"});
    let gold = serde_json::json!({"kind": "appearance", "show": "Palette", "host": "IU", "guest": "V", "date": null});
    assert_eq!(key_of(&found, &gold), key_of(&gold, &gold));
}
