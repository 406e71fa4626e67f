//! `bside import-musicbrainz PATH…` (WS/2 JSON or XML responses, JSON dump files, directories,
//! `.tar.xz` dumps) with a progress bar and a report, and `bside gen-musicbrainz`, the benchmark's
//! dump.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::Duration;

use app::{App, MbImportOptions, MbProgress, MbReport};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

/// `bside import-musicbrainz`.
#[derive(Args)]
pub(crate) struct ImportMusicbrainz {
    /// Files (`.json` or `.xml` responses, dump files such as `mbdump/artist` or `*.jsonl`,
    /// `.tar.xz` dumps) or directories of them.
    #[arg(required_unless_present = "merges")]
    paths: Vec<PathBuf>,
    /// Merges MusicBrainz made, applied first: a line each, `KIND MERGED_MBID SURVIVOR_MBID`
    /// (`artist` or `release`). What referred to a merged artist moves to the survivor, and the
    /// merged MBID redirects to it from then on.
    #[arg(long, value_name = "FILE")]
    merges: Option<PathBuf>,
    /// The dumps given are complete: delete artists and releases imported before that they no
    /// longer hold (deleted or merged in MusicBrainz), unless edited in bside or still referred to.
    #[arg(long)]
    prune: bool,
    /// Entities per transaction at the start of each file; fewer take less memory, more write each
    /// index page once for more rows.
    #[arg(long, default_value_t = MbImportOptions::BATCH)]
    batch: usize,
    /// Entities per transaction at most: a long file's batches double every 4 batches up to this, as
    /// the catalog grows. Memory holds three batches.
    #[arg(long, default_value_t = MbImportOptions::MAX_BATCH)]
    max_batch: usize,
    /// Print every skipped entity and note, not only a count per reason.
    #[arg(long)]
    verbose: bool,
}

pub(crate) async fn import(app: &App, args: &ImportMusicbrainz) -> anyhow::Result<()> {
    let (_, _, total) = App::musicbrainz_files(&args.paths)?;
    let progress = MbProgress {
        total_bytes: total,
        ..MbProgress::default()
    };
    let bar = ProgressBar::new(total).with_style(
        ProgressStyle::with_template(
            "{spinner} importing MusicBrainz [{bar:30}] {bytes}/{total_bytes} {msg} eta {eta}",
        )
        .expect("the template is valid")
        .progress_chars("=> "),
    );
    let started = std::time::Instant::now();
    let ticker = {
        let bar = bar.clone();
        let progress = progress.clone();
        tokio::spawn(async move {
            loop {
                bar.set_position(progress.bytes.load(Ordering::Relaxed));
                let entities = progress.entities.load(Ordering::Relaxed);
                let seconds = started.elapsed().as_secs_f64().max(0.001);
                bar.set_message(format!(
                    "{entities} entities, {:.0}/s",
                    entities as f64 / seconds
                ));
                bar.tick();
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        })
    };
    let merges = match &args.merges {
        Some(path) => App::musicbrainz_merges(path)?,
        None => vec![],
    };
    let options = MbImportOptions {
        batch: args.batch,
        max_batch: args.max_batch,
        prune: args.prune,
        merges,
    };
    let result = app
        .import_musicbrainz(&args.paths, &options, &progress)
        .await;
    ticker.abort();
    bar.finish_and_clear();
    let report = result?;
    print_report(&report, args.verbose, started.elapsed());
    if !report.errors.is_empty() {
        anyhow::bail!(
            "{} part(s) of the input could not be read (listed above); the rest was imported",
            report.errors.len()
        );
    }
    Ok(())
}

fn print_report(report: &MbReport, verbose: bool, elapsed: Duration) {
    let out = &report.outcome;
    println!(
        "imported {}, updated {}, unchanged {}, skipped {}, conflicts {}, deleted {}, merged {}; {} artists created from references ({:.1?})",
        out.imported,
        out.updated,
        out.unchanged,
        out.skipped.len(),
        out.conflicts.len(),
        out.deleted,
        out.merged,
        out.referenced,
        elapsed
    );
    if report.resumed_lines > 0 {
        println!(
            "resumed: {} lines done by an interrupted import were not read again",
            report.resumed_lines
        );
    }
    let mut reasons: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for skip in &out.skipped {
        reasons
            .entry((&skip.kind, &skip.message))
            .or_default()
            .push(&skip.mbid);
    }
    for ((kind, reason), mbids) in &reasons {
        if verbose {
            for mbid in mbids {
                println!("skipped {kind} {mbid}: {reason}");
            }
        } else {
            println!(
                "skipped {} {kind}(s): {reason} (e.g. {})",
                mbids.len(),
                mbids[0]
            );
        }
    }
    for conflict in &out.conflicts {
        println!(
            "conflict: {} {} ({}): {}",
            conflict.kind,
            conflict.slug.as_deref().unwrap_or("-"),
            conflict.mbid,
            conflict.message
        );
    }
    let shown = if verbose {
        report.notes.len()
    } else {
        report.notes.len().min(20)
    };
    for note in &report.notes[..shown] {
        println!("note: {note}");
    }
    if shown < report.notes.len() {
        println!(
            "… and {} more notes (--verbose shows them)",
            report.notes.len() - shown
        );
    }
    for ignored in &report.ignored {
        println!("ignored: {ignored}");
    }
    for error in &report.errors {
        eprintln!("error: {error}");
    }
}
