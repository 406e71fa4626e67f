//! `bside bench search`: the name index at MusicBrainz scale. A deterministic catalog of artists
//! whose names are in Latin with diacritics, Hangul (with romanizations), kanji and kana (with
//! romaji) and Cyrillic (with a Latin transliteration), built into one index; then a mixed set of
//! queries (exact names, prefixes, typos, Hangul, romanization variants), each timed alone, with
//! how often the artist it was made from is among the first ten hits.

use std::time::{Duration, Instant};

use app::{Document, Query, SearchIndex};
use clap::Args;
use model::{Alias, AliasKind, Artist, ArtistKind, Slug};

use super::{parse_count, show_count};

#[derive(Args)]
pub(crate) struct SearchArgs {
    /// Artists in the catalog.
    #[arg(long, value_parser = parse_count, default_value = "2400000")]
    artists: u64,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Queries to time.
    #[arg(long, value_parser = parse_count, default_value = "20000")]
    queries: u64,
    /// Artists replaced one by one after the build (incremental writes), before timing the queries
    /// again with that delta.
    #[arg(long, value_parser = parse_count, default_value = "10000")]
    updates: u64,
}

pub(crate) fn run(args: &SearchArgs) -> anyhow::Result<()> {
    println!(
        "bside bench search: {} artists, seed {}, {} queries",
        show_count(args.artists),
        args.seed,
        show_count(args.queries)
    );
    let rss_start = memory_kib("VmRSS:");

    let started = Instant::now();
    let (mut n_names, mut n_bytes) = (0usize, 0usize);
    for n in 0..args.artists {
        let artist = artist(args.seed, n);
        n_names += 1 + artist.aliases.len();
        n_bytes += artist.name.len() + artist.aliases.iter().map(|a| a.name.len()).sum::<usize>();
    }
    let generating = started.elapsed();
    println!(
        "catalog: {n_names} names ({:.2} per artist, {} MB of text), generated alone in {generating:.1?}",
        n_names as f64 / args.artists as f64,
        n_bytes / 1_000_000
    );

    let started = Instant::now();
    let mut index = SearchIndex::build(
        (0..args.artists)
            .map(|n| Document::artist(&artist(args.seed, n), popularity(args.seed, n))),
    );
    let total = started.elapsed();
    let stats = index.stats();
    let rss_built = memory_kib("VmRSS:");
    println!(
        "build: {total:.1?} with generation, so about {:.1?} of indexing; {} keys, fst and postings {} MB",
        total.saturating_sub(generating),
        stats.segment_keys,
        stats.segment_bytes / 1_000_000
    );
    println!(
        "memory: RSS {} MB after the build ({} MB before), peak {} MB",
        rss_built / 1024,
        rss_start / 1024,
        memory_kib("VmHWM:") / 1024
    );

    let queries = queries(args.seed, args.artists, args.queries);
    report("queries", &time_queries(&index, &queries));

    let started = Instant::now();
    let mut update_times = Vec::with_capacity(usize::try_from(args.updates)?);
    for n in 0..args.updates {
        let target = mix(args.seed ^ 0x5EED, n) % args.artists;
        let mut replaced = artist(args.seed, target);
        replaced
            .aliases
            .push(alias(&format!("Updated {n}"), AliasKind::SearchHint));
        let document = Document::artist(&replaced, popularity(args.seed, target));
        let one = Instant::now();
        index.upsert(&document);
        update_times.push(one.elapsed());
    }
    update_times.sort_unstable();
    println!(
        "updates: {} artists replaced in {:.1?}: p50 {:.1?}, p99 {:.1?}; delta {} keys",
        update_times.len(),
        started.elapsed(),
        percentile(&update_times, 0.50),
        percentile(&update_times, 0.99),
        index.stats().delta_keys
    );
    report("queries with the delta", &time_queries(&index, &queries));
    Ok(())
}

/// What a query was made to find, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Exact,
    Prefix,
    Typo,
    Hangul,
    Romanization,
}

const KINDS: [Kind; 5] = [
    Kind::Exact,
    Kind::Prefix,
    Kind::Typo,
    Kind::Hangul,
    Kind::Romanization,
];

struct TimedQuery {
    kind: Kind,
    text: String,
    target: String,
}

struct Timing {
    kind: Kind,
    took: Duration,
    found_first: bool,
    found_top10: bool,
}

fn time_queries(index: &SearchIndex, queries: &[TimedQuery]) -> Vec<Timing> {
    queries
        .iter()
        .map(|query| {
            let started = Instant::now();
            let hits = Query::parse(&query.text)
                .map(|parsed| index.search(&parsed, None, 10))
                .unwrap_or_default();
            let took = started.elapsed();
            Timing {
                kind: query.kind,
                took,
                found_first: hits.first().is_some_and(|hit| hit.slug == query.target),
                found_top10: hits.iter().any(|hit| hit.slug == query.target),
            }
        })
        .collect()
}

fn report(title: &str, timings: &[Timing]) {
    println!("{title}:");
    println!(
        "  {:<13} {:>6} {:>9} {:>9} {:>9} {:>9} {:>8} {:>8}",
        "kind", "n", "p50", "p90", "p99", "max", "first", "top 10"
    );
    let line = |name: &str, rows: Vec<&Timing>| {
        let mut times: Vec<Duration> = rows.iter().map(|t| t.took).collect();
        times.sort_unstable();
        let share = |hit: fn(&Timing) -> bool| {
            100.0 * rows.iter().filter(|t| hit(t)).count() as f64 / rows.len().max(1) as f64
        };
        println!(
            "  {name:<13} {:>6} {:>9.1?} {:>9.1?} {:>9.1?} {:>9.1?} {:>7.1}% {:>7.1}%",
            rows.len(),
            percentile(&times, 0.50),
            percentile(&times, 0.90),
            percentile(&times, 0.99),
            times.last().copied().unwrap_or_default(),
            share(|t| t.found_first),
            share(|t| t.found_top10),
        );
    };
    for kind in KINDS {
        line(
            &format!("{kind:?}").to_lowercase(),
            timings.iter().filter(|t| t.kind == kind).collect(),
        );
    }
    line("all", timings.iter().collect());
}

fn percentile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let at = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[at]
}

/// A field of `/proc/self/status` in KiB (0 where there is none).
fn memory_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|line| line.starts_with(field))?;
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

/// splitmix64 of the seed and a counter: every artist and query is a pure function of both.
fn mix(seed: u64, n: u64) -> u64 {
    let mut z = seed
        .wrapping_add(n.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A stream of choices drawn from one artist's (or query's) seed.
struct Draw(u64, u64);

impl Draw {
    fn new(seed: u64, n: u64) -> Self {
        Self(mix(seed, n), 0)
    }

    fn below(&mut self, n: usize) -> usize {
        self.1 += 1;
        (mix(self.0, self.1) % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Heavy-tailed: most artists have a few facts, a few have thousands.
fn popularity(seed: u64, n: u64) -> u32 {
    let u = (mix(seed ^ 0xB0B, n) >> 11) as f64 / (1u64 << 53) as f64;
    (1.0 / (u + 1e-6)).powf(0.7).min(1e6) as u32
}

const LATIN_SYLLABLES: [&str; 48] = [
    "ka", "ro", "lin", "mar", "de", "vo", "sen", "ta", "li", "no", "bel", "an", "ri", "co", "mi",
    "la", "son", "ber", "gen", "to", "va", "lis", "mon", "el", "ne", "dor", "sa", "fi", "ren",
    "jo", "ha", "lu", "ber", "ga", "ste", "vi", "ol", "zan", "ke", "pa", "nu", "quin", "ho", "mé",
    "sø", "ñe", "ü", "ç",
];
const LATIN_GIVEN: [&str; 24] = [
    "José", "Zoë", "Björn", "Søren", "Chloé", "Renée", "Łukasz", "Anaïs", "Mikaela", "João",
    "Inès", "Ana", "Luca", "Noah", "Emma", "Jonas", "Élodie", "Mateo", "Sofía", "Dvořák", "Nils",
    "Ola", "Maja", "Jürgen",
];
const GROUP_WORDS: [&str; 24] = [
    "Velvet",
    "Foxes",
    "Neon",
    "Echo",
    "Garden",
    "Riders",
    "Silver",
    "Lights",
    "Midnight",
    "Union",
    "Paper",
    "Hearts",
    "Wild",
    "Orchestra",
    "Crystal",
    "Sound",
    "Northern",
    "Kids",
    "Golden",
    "Machine",
    "Blue",
    "Society",
    "Electric",
    "Club",
];
const HANGUL_FAMILY: [(&str, &str); 12] = [
    ("김", "Kim"),
    ("이", "Lee"),
    ("박", "Park"),
    ("최", "Choi"),
    ("정", "Jung"),
    ("강", "Kang"),
    ("조", "Cho"),
    ("윤", "Yoon"),
    ("장", "Jang"),
    ("임", "Lim"),
    ("한", "Han"),
    ("신", "Shin"),
];
const HANGUL_GIVEN: [(&str, &str); 48] = [
    ("도", "do"),
    ("규", "gyu"),
    ("상", "sang"),
    ("철", "chul"),
    ("미", "mi"),
    ("선", "sun"),
    ("정", "jung"),
    ("용", "yong"),
    ("인", "in"),
    ("혁", "hyuk"),
    ("채", "chae"),
    ("율", "yul"),
    ("환", "hwan"),
    ("건", "geon"),
    ("란", "ran"),
    ("효", "hyo"),
    ("민", "min"),
    ("지", "ji"),
    ("서", "seo"),
    ("현", "hyun"),
    ("준", "jun"),
    ("우", "woo"),
    ("태", "tae"),
    ("형", "hyung"),
    ("수", "su"),
    ("영", "young"),
    ("진", "jin"),
    ("호", "ho"),
    ("은", "eun"),
    ("하", "ha"),
    ("윤", "yoon"),
    ("재", "jae"),
    ("성", "sung"),
    ("연", "yeon"),
    ("희", "hee"),
    ("경", "kyung"),
    ("석", "seok"),
    ("유", "yu"),
    ("나", "na"),
    ("혜", "hye"),
    ("동", "dong"),
    ("원", "won"),
    ("주", "ju"),
    ("소", "so"),
    ("예", "ye"),
    ("빈", "bin"),
    ("아", "a"),
    ("리", "ri"),
];
const JAPANESE_FAMILY: [(&str, &str); 12] = [
    ("佐藤", "Sato"),
    ("鈴木", "Suzuki"),
    ("高橋", "Takahashi"),
    ("田中", "Tanaka"),
    ("渡辺", "Watanabe"),
    ("伊藤", "Ito"),
    ("山本", "Yamamoto"),
    ("中村", "Nakamura"),
    ("小林", "Kobayashi"),
    ("加藤", "Kato"),
    ("宇多田", "Utada"),
    ("松本", "Matsumoto"),
];
const KANA_SYLLABLES: [(&str, &str); 30] = [
    ("そ", "so"),
    ("た", "ta"),
    ("ち", "chi"),
    ("の", "no"),
    ("は", "ha"),
    ("ふ", "fu"),
    ("め", "me"),
    ("よ", "yo"),
    ("わ", "wa"),
    ("え", "e"),
    ("ひ", "hi"),
    ("か", "ka"),
    ("る", "ru"),
    ("さ", "sa"),
    ("く", "ku"),
    ("ら", "ra"),
    ("ゆ", "yu"),
    ("き", "ki"),
    ("な", "na"),
    ("み", "mi"),
    ("ま", "ma"),
    ("と", "to"),
    ("り", "ri"),
    ("こ", "ko"),
    ("あ", "a"),
    ("が", "ga"),
    ("じ", "ji"),
    ("ぞ", "zo"),
    ("ば", "ba"),
    ("ね", "ne"),
];
const CYRILLIC_SYLLABLES: [(&str, &str); 20] = [
    ("ка", "ka"),
    ("ро", "ro"),
    ("лин", "lin"),
    ("мар", "mar"),
    ("де", "de"),
    ("во", "vo"),
    ("сен", "sen"),
    ("та", "ta"),
    ("ли", "li"),
    ("но", "no"),
    ("ёл", "yol"),
    ("жа", "zha"),
    ("ши", "shi"),
    ("ев", "ev"),
    ("ий", "iy"),
    ("чу", "chu"),
    ("ва", "va"),
    ("ня", "nya"),
    ("ко", "ko"),
    ("ми", "mi"),
];

fn alias(name: &str, kind: AliasKind) -> Alias {
    Alias {
        name: name.to_owned(),
        kind,
        locale: None,
        primary: false,
        sources: Vec::new(),
    }
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// A word of two or three Latin syllables.
fn latin_word(draw: &mut Draw) -> String {
    let n = 2 + draw.below(2);
    capitalized(
        &(0..n)
            .map(|_| draw.pick(&LATIN_SYLLABLES))
            .collect::<String>(),
    )
}

/// Artist `n` of the catalog of `seed`: 56% Latin, 8% Korean, 12% Japanese, 14% Cyrillic, 10%
/// groups.
fn artist(seed: u64, n: u64) -> Artist {
    let mut draw = Draw::new(seed, n);
    let script = draw.below(100);
    let mut aliases = Vec::new();
    let name = if script < 56 {
        let given = if draw.chance(50) {
            draw.pick(&LATIN_GIVEN).to_owned()
        } else {
            latin_word(&mut draw)
        };
        let full = format!("{given} {}", latin_word(&mut draw));
        if draw.chance(30) {
            aliases.push(alias(&latin_word(&mut draw), AliasKind::StageName));
        }
        full
    } else if script < 64 {
        let (family, family_latin) = HANGUL_FAMILY[draw.below(HANGUL_FAMILY.len())];
        let (a, a_latin) = HANGUL_GIVEN[draw.below(HANGUL_GIVEN.len())];
        let (b, b_latin) = HANGUL_GIVEN[draw.below(HANGUL_GIVEN.len())];
        aliases.push(alias(&format!("{family}{a}{b}"), AliasKind::NativeName));
        aliases.push(alias(
            &format!("{family_latin} {}{b_latin}", capitalized(a_latin)),
            AliasKind::LegalName,
        ));
        aliases.push(alias(
            &format!("{family_latin} {}-{b_latin}", capitalized(a_latin)),
            AliasKind::Romanization,
        ));
        if draw.chance(40) {
            aliases.push(alias(
                &format!("{}{b_latin}ie", capitalized(a_latin)),
                AliasKind::Nickname,
            ));
        }
        if draw.chance(50) {
            latin_word(&mut draw)
        } else {
            format!("{}{b_latin}", capitalized(a_latin))
        }
    } else if script < 76 {
        let (family, family_latin) = JAPANESE_FAMILY[draw.below(JAPANESE_FAMILY.len())];
        let parts: Vec<(&str, &str)> = (0..3)
            .map(|_| KANA_SYLLABLES[draw.below(KANA_SYLLABLES.len())])
            .collect();
        let kana: String = parts.iter().map(|p| p.0).collect();
        let romaji: String = parts.iter().map(|p| p.1).collect();
        aliases.push(alias(
            &format!("{family_latin} {}", capitalized(&romaji)),
            AliasKind::Romanization,
        ));
        format!("{family}{kana}")
    } else if script < 90 {
        let parts: Vec<(&str, &str)> = (0..2 + draw.below(2))
            .map(|_| CYRILLIC_SYLLABLES[draw.below(CYRILLIC_SYLLABLES.len())])
            .collect();
        let cyrillic: String = parts.iter().map(|p| p.0).collect();
        let latin: String = parts.iter().map(|p| p.1).collect();
        let given = draw.pick(&[
            "Алексей",
            "Мария",
            "Ёлка",
            "Дмитрий",
            "Анна",
            "Юрий",
            "Ольга",
            "Сергей",
            "Наталья",
            "Иван",
            "Татьяна",
            "Михаил",
        ]);
        aliases.push(alias(&capitalized(&latin), AliasKind::Romanization));
        format!("{given} {}", capitalized(&cyrillic))
    } else {
        let first = draw.pick(&GROUP_WORDS);
        let second = latin_word(&mut draw);
        if draw.chance(30) {
            format!("The {first} {second}")
        } else {
            format!("{second} {first}")
        }
    };
    Artist {
        slug: Slug::parse(&format!("a{n}")).expect("a0, a1… are slugs"),
        name,
        kind: if script >= 90 {
            ArtistKind::Group
        } else {
            ArtistKind::Person
        },
        country: None,
        genres: Vec::new(),
        debut: None,
        aliases,
        memberships: Vec::new(),
        external_ids: Vec::new(),
        sources: Vec::new(),
    }
}

/// `n` queries in the proportions 25% exact, 20% prefix, 20% typo, 15% Hangul, 20% romanization,
/// each made from a random artist (Hangul and romanization queries from Korean ones).
fn queries(seed: u64, n_artists: u64, n: u64) -> Vec<TimedQuery> {
    let mut out = Vec::new();
    let mut attempt = 0;
    while (out.len() as u64) < n {
        attempt += 1;
        let mut draw = Draw::new(seed ^ 0x0051_EA4C, attempt);
        let target = mix(seed ^ 0x7A49, attempt) % n_artists;
        let artist = artist(seed, target);
        let korean = artist
            .aliases
            .iter()
            .find(|a| a.kind == AliasKind::NativeName);
        let legal = artist
            .aliases
            .iter()
            .find(|a| a.kind == AliasKind::LegalName);
        let roll = draw.below(100);
        let (kind, text) = if roll < 25 {
            (Kind::Exact, artist.name.clone())
        } else if roll < 45 {
            let chars: Vec<char> = artist.name.chars().collect();
            let keep = (3 + draw.below(4)).min(chars.len());
            (Kind::Prefix, chars[..keep].iter().collect())
        } else if roll < 65 {
            let chars: Vec<char> = artist.name.chars().collect();
            if chars.len() < 5 {
                continue;
            }
            (Kind::Typo, typo(&chars, &mut draw))
        } else if roll < 80 {
            let Some(korean) = korean else { continue };
            let syllables: Vec<char> = korean.name.chars().collect();
            let text = match draw.below(3) {
                0 => korean.name.clone(),
                1 => syllables[1..].iter().collect(),
                _ => syllables[..2].iter().collect(),
            };
            (Kind::Hangul, text)
        } else {
            let Some(legal) = legal else { continue };
            let (family, given) = legal.name.split_once(' ').unwrap_or(("", &legal.name));
            let split = given.len() / 2;
            let text = match draw.below(4) {
                0 => given.to_lowercase(),
                1 => format!("{family} {}", given.to_uppercase()),
                2 => legal.name.to_lowercase().replace(' ', ""),
                _ => format!("{family} {} {}", &given[..split], &given[split..]),
            };
            (Kind::Romanization, text)
        };
        out.push(TimedQuery {
            kind,
            text,
            target: artist.slug.to_string(),
        });
    }
    out
}

/// One typing error: a letter dropped, doubled, replaced or swapped with its neighbour.
fn typo(chars: &[char], draw: &mut Draw) -> String {
    let mut chars = chars.to_vec();
    let at = 1 + draw.below(chars.len() - 2);
    match draw.below(4) {
        0 => {
            chars.remove(at);
        }
        1 => chars.insert(at, chars[at]),
        2 => chars[at] = if chars[at] == 'x' { 'q' } else { 'x' },
        _ => chars.swap(at, at + 1),
    }
    chars.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_is_a_function_of_the_seed() {
        assert_eq!(artist(7, 123), artist(7, 123));
        assert_ne!(artist(7, 123), artist(8, 123));
        for n in 0..500 {
            artist(7, n)
                .validate()
                .expect("generated artists are valid");
        }
    }

    #[test]
    fn queries_find_their_artist_on_a_small_catalog() {
        let index = SearchIndex::build(
            (0..5_000).map(|n| Document::artist(&artist(3, n), popularity(3, n))),
        );
        let timings = time_queries(&index, &queries(3, 5_000, 2_000));
        for kind in KINDS {
            let rows: Vec<&Timing> = timings.iter().filter(|t| t.kind == kind).collect();
            let found = rows.iter().filter(|t| t.found_top10).count();
            assert!(!rows.is_empty(), "{kind:?} queries are made");
            // Prefixes and short names are shared by many artists; the rest are found.
            let bar = if kind == Kind::Prefix { 0.5 } else { 0.9 };
            assert!(
                found as f64 >= bar * rows.len() as f64,
                "{kind:?}: {found} of {}",
                rows.len()
            );
        }
    }
}
