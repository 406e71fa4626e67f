//! `bside gen-musicbrainz` and `bside bench musicbrainz`: a deterministic MusicBrainz artist dump
//! (groups with their members on both sides of "member of band", aliases in several scripts, URL
//! relations, namesakes), imported into a fresh SQLite and PostgreSQL database and timed.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use app::{App, MbImportOptions, MbProgress, StoreOptions};
use clap::Args;
use serde_json::{Value, json};

use super::generate::Rng;
use super::{parse_count, show_count};

/// `bside gen-musicbrainz --artists N --seed S OUT`: writes `OUT/mbdump/artist`, one artist a line.
#[derive(Args)]
pub(crate) struct GenMusicbrainz {
    #[arg(long, value_parser = parse_count)]
    artists: u64,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Directory to write into (created when missing).
    out: PathBuf,
}

pub(crate) fn gen_musicbrainz(args: &GenMusicbrainz) -> anyhow::Result<()> {
    let started = Instant::now();
    let (path, bytes) = write_dump(args.artists, args.seed, &args.out)?;
    println!(
        "wrote {} artists to {} ({bytes} bytes) in {:.1?}",
        args.artists,
        path.display(),
        started.elapsed()
    );
    Ok(())
}

/// `bside bench musicbrainz`.
#[derive(Args)]
pub(crate) struct MusicbrainzArgs {
    #[arg(long, value_parser = parse_count, default_value = "100k")]
    artists: u64,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Where the generated dump is kept (reused when it exists with the same size and seed).
    #[arg(long, default_value = "target/bench-data/musicbrainz")]
    data: PathBuf,
    /// Also into PostgreSQL (a fresh database made and dropped by the command).
    #[arg(long)]
    postgres: Option<String>,
    /// Skip SQLite (with --postgres).
    #[arg(long)]
    no_sqlite: bool,
    /// Entities per transaction at the start of the file (as `import-musicbrainz --batch`).
    #[arg(long, default_value_t = MbImportOptions::BATCH)]
    batch: usize,
    /// Entities per transaction at most, as batches grow (as `import-musicbrainz --max-batch`).
    #[arg(long, default_value_t = MbImportOptions::MAX_BATCH)]
    max_batch: usize,
    /// Only the first import, not the unchanged re-import after it.
    #[arg(long)]
    first_only: bool,
}

pub(crate) async fn run(args: &MusicbrainzArgs) -> anyhow::Result<()> {
    let dir = args
        .data
        .join(format!("{}-{}", show_count(args.artists), args.seed));
    let dump = dir.join("mbdump/artist");
    if !dump.exists() {
        let started = Instant::now();
        write_dump(args.artists, args.seed, &dir)?;
        println!("generated {} in {:.1?}", dump.display(), started.elapsed());
    }
    let bytes = std::fs::metadata(&dump)?.len();
    println!(
        "dump: {} artists, {:.1} MB, batch {} growing to {}",
        show_count(args.artists),
        bytes as f64 / 1e6,
        args.batch,
        args.max_batch
    );
    if !args.no_sqlite {
        let temp = tempfile::tempdir()?;
        let url = format!("sqlite://{}", temp.path().join("bench.db").display());
        measure("sqlite", &url, &dump, args).await?;
    }
    if let Some(base) = &args.postgres {
        let name = format!("bside_bench_mb_{}", std::process::id());
        let admin = sqlx::PgPool::connect(base)
            .await
            .context("cannot reach PostgreSQL")?;
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&admin)
            .await?;
        let url = with_database(base, &name);
        let result = measure("postgres", &url, &dump, args).await;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
        )))
        .execute(&admin)
        .await?;
        result?;
    }
    Ok(())
}

async fn measure(
    backend: &str,
    url: &str,
    dump: &Path,
    args: &MusicbrainzArgs,
) -> anyhow::Result<()> {
    let app = App::open(
        url,
        &StoreOptions {
            warn_slow_statements: false,
            ..StoreOptions::default()
        },
    )
    .await?;
    let options = MbImportOptions {
        batch: args.batch,
        max_batch: args.max_batch,
        ..MbImportOptions::default()
    };
    let passes = if args.first_only { 1 } else { 2 };
    for pass in ["first import", "re-import (unchanged)"]
        .into_iter()
        .take(passes)
    {
        let started = Instant::now();
        let report = app
            .import_musicbrainz(&[dump.to_owned()], &options, &MbProgress::default())
            .await?;
        let seconds = started.elapsed().as_secs_f64();
        let out = &report.outcome;
        anyhow::ensure!(
            report.errors.is_empty(),
            "the generated dump has errors: {:?}",
            &report.errors[..1]
        );
        let entities = args.artists as f64;
        println!(
            "{backend:8} {pass:22} {seconds:8.1} s  {:>9.0} artists/s  (imported {}, updated {}, unchanged {}, referenced {}, conflicts {})  2.4M artists ≈ {:.0} s",
            entities / seconds,
            out.imported,
            out.updated,
            out.unchanged,
            out.referenced,
            out.conflicts.len(),
            2.4e6 / (entities / seconds)
        );
        let mut phases: Vec<_> = out.phases.0.iter().collect();
        phases.sort_by(|a, b| b.1.cmp(a.1));
        let phases: Vec<String> = phases
            .iter()
            .map(|(phase, took)| format!("{phase} {:.1} s", took.as_secs_f64()))
            .collect();
        println!("{:33}where the time went: {}", "", phases.join(", "));
    }
    app.store().close().await;
    Ok(())
}

fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let rest = base.split_once("://").map_or(base, |(_, r)| r);
    let base = match rest.find('/') {
        Some(slash) => &base[..base.len() - rest.len() + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "ri", "mo", "se", "jun", "hae", "lin", "do", "na", "yu", "bin", "so", "ra", "mi", "jin",
    "ta", "ve", "lo", "an", "el", "is", "or", "um", "ki", "zo",
];
const HANGUL: &[&str] = &[
    "카", "리", "모", "세", "준", "해", "린", "도", "나", "유", "빈", "소",
];
const KATAKANA: &[&str] = &[
    "カ",
    "リ",
    "モ",
    "セ",
    "ジュン",
    "ヘ",
    "リン",
    "ド",
    "ナ",
    "ユ",
    "ビン",
    "ソ",
];
const CYRILLIC: &[&str] = &[
    "ка", "ри", "мо", "се", "джун", "хэ", "лин", "до", "на", "ю", "бин", "со",
];
const COUNTRIES: &[&str] = &["KR", "JP", "US", "GB", "DE", "FR", "SE", "BR"];

/// Writes `dir/mbdump/artist`: blocks of one group, its members (each naming the group, the group
/// naming each), then solo artists; the same seed gives the same bytes.
fn write_dump(artists: u64, seed: u64, dir: &Path) -> anyhow::Result<(PathBuf, u64)> {
    let path = dir.join("mbdump/artist");
    std::fs::create_dir_all(path.parent().expect("a parent"))?;
    let temp = path.with_extension("partial");
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&temp)?);
    let mut rng = Rng::new(seed);
    let mut written = 0;
    let mut bytes = 0;
    while written < artists {
        let members = 2 + rng.next_u64() % 5;
        let solos = rng.next_u64() % 8;
        let size = (1 + members + solos).min(artists - written);
        let block: Vec<Person> = (0..size).map(|_| Person::new(&mut rng)).collect();
        let n_members = members.min(size.saturating_sub(1)) as usize;
        for (index, person) in block.iter().enumerate() {
            let mut relations = person.links(&mut rng);
            if index == 0 {
                for member in &block[1..=n_members] {
                    relations.push(member_of_band(member, "backward", &mut rng));
                }
            } else if index <= n_members {
                relations.push(member_of_band(&block[0], "forward", &mut rng));
            }
            let kind = if index == 0 { "Group" } else { "Person" };
            let line = person.json(kind, &relations, &mut rng);
            let text = serde_json::to_string(&line)?;
            bytes += text.len() as u64 + 1;
            writeln!(out, "{text}")?;
        }
        written += size;
    }
    out.flush()?;
    drop(out);
    std::fs::rename(&temp, &path)?;
    Ok((path, bytes))
}

struct Person {
    mbid: String,
    name: String,
    parts: Vec<usize>,
}

impl Person {
    fn new(rng: &mut Rng) -> Self {
        let mut bytes = [0u8; 16];
        for chunk in bytes.chunks_mut(8) {
            chunk.copy_from_slice(&rng.next_u64().to_le_bytes()[..chunk.len()]);
        }
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let mbid = format!(
            "{}-{}-{}-{}-{}",
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..]
        );
        // Two or three syllables from a small set: namesakes are common, as in MusicBrainz.
        let n = 2 + (rng.next_u64() % 2) as usize;
        let parts: Vec<usize> = (0..n).map(|_| (rng.next_u64() % 12) as usize).collect();
        let mut name: String = parts.iter().map(|&p| SYLLABLES[p]).collect();
        if let Some(first) = name.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        Self { mbid, name, parts }
    }

    fn links(&self, rng: &mut Rng) -> Vec<Value> {
        let handle = self.name.to_lowercase() + &format!("{}", rng.next_u64() % 10_000);
        let mut out = vec![];
        for (kind, url) in [
            (
                "social network",
                format!("https://www.instagram.com/{handle}/"),
            ),
            ("youtube", format!("https://www.youtube.com/@{handle}")),
            (
                "wikidata",
                format!(
                    "https://www.wikidata.org/wiki/Q{}",
                    rng.next_u64() % 100_000_000
                ),
            ),
        ] {
            if !rng.next_u64().is_multiple_of(3) {
                out.push(json!({
                    "type": kind, "type-id": "99429741-f3f6-484b-84f8-23af51991770", "target-type": "url",
                    "direction": "forward", "begin": null, "end": null, "ended": false, "attributes": [],
                    "attribute-values": {}, "source-credit": "", "target-credit": "",
                    "url": {"id": uuid_like(rng), "resource": url}
                }));
            }
        }
        out
    }

    fn json(&self, kind: &str, relations: &[Value], rng: &mut Rng) -> Value {
        let script = |table: &[&str]| self.parts.iter().map(|&p| table[p]).collect::<String>();
        let mut aliases = vec![];
        for (name, locale, kind, primary) in [
            (script(HANGUL), Some("ko"), Some("Artist name"), true),
            (script(KATAKANA), Some("ja"), Some("Artist name"), true),
            (script(CYRILLIC), Some("ru"), None, false),
            (
                format!(
                    "{} {}",
                    self.name,
                    SYLLABLES[(rng.next_u64() % 25) as usize]
                ),
                None,
                Some("Legal name"),
                false,
            ),
        ] {
            if !rng.next_u64().is_multiple_of(4) {
                aliases.push(json!({
                    "name": name, "sort-name": name, "locale": locale, "type": kind, "primary": primary,
                    "type-id": null, "begin": null, "end": null, "ended": false
                }));
            }
        }
        let year = 1950 + rng.next_u64() % 74;
        json!({
            "id": self.mbid, "name": self.name, "sort-name": self.name, "type": kind,
            "country": COUNTRIES[(rng.next_u64() % 8) as usize], "disambiguation": "",
            "life-span": {"begin": format!("{year}"), "end": null, "ended": false},
            "aliases": aliases, "relations": relations, "tags": [], "genres": []
        })
    }
}

fn member_of_band(other: &Person, direction: &str, rng: &mut Rng) -> Value {
    let begin = 1990 + rng.next_u64() % 30;
    json!({
        "type": "member of band", "type-id": "5be4c609-9afa-4ea0-910b-12ffb71e3821",
        "target-type": "artist", "direction": direction, "begin": format!("{begin}"), "end": null,
        "ended": false, "attributes": ["original"], "attribute-values": {}, "source-credit": "",
        "target-credit": "", "artist": {"id": other.mbid, "name": other.name, "sort-name": other.name,
        "type": if direction == "forward" { "Group" } else { "Person" }, "disambiguation": ""}
    })
}

fn uuid_like(rng: &mut Rng) -> String {
    let a = rng.next_u64();
    let b = rng.next_u64();
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        b >> 52,
        b & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::write_dump;

    #[test]
    fn the_same_seed_writes_the_same_dump() {
        let dir = tempfile::tempdir().unwrap();
        let (a, _) = write_dump(300, 7, &dir.path().join("a")).unwrap();
        let (b, _) = write_dump(300, 7, &dir.path().join("b")).unwrap();
        let (c, _) = write_dump(300, 8, &dir.path().join("c")).unwrap();
        let read = |p| std::fs::read(p).unwrap();
        assert_eq!(read(&a), read(&b));
        assert_ne!(read(&a), read(&c));
        let text = String::from_utf8(read(&a)).unwrap();
        assert_eq!(text.lines().count(), 300);
        assert!(
            text.contains("\"member of band\"")
                && text.contains("\"backward\"")
                && text.contains("\"ko\"")
        );
    }
}
