//! Importing MusicBrainz data: files, directories and `.tar.xz` dumps are read and parsed on a thread
//! of their own while the store writes batches, each batch one transaction committed with its file's
//! checkpoint; a report says what was imported, updated, unchanged, skipped and why.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use ingest::musicbrainz::{
    ArchiveFile, DumpLines, Entity, EntityType, LineError, open_archive, parse_document,
    parse_xml_document,
};
use store::{MbCheckpoint, MbMerge, MbOutcome};

use crate::{App, Result};

/// How to import.
#[derive(Debug, Clone)]
pub struct MbImportOptions {
    /// Entities per transaction at the start of a file ([`MbImportOptions::BATCH`] by default).
    pub batch: usize,
    /// Entities per transaction at most ([`MbImportOptions::MAX_BATCH`] by default): a long file's
    /// batches double after every [`MbImportOptions::GROW_AFTER`] batches up to it, as the indexes
    /// they write into grow. Memory grows with it: three batches' documents are held at most.
    pub max_batch: usize,
    /// The dump files given are complete: artists and releases the run did not see were deleted or
    /// merged away in MusicBrainz, and are deleted here too (unless edited in bside or still used).
    pub prune: bool,
    /// Merges MusicBrainz made, applied before the files are read ([`App::musicbrainz_merges`]).
    pub merges: Vec<MbMerge>,
}

impl MbImportOptions {
    /// The default batch: large batches write each index page once for many rows (a batch of 5,000
    /// ran at 3,888 artists/s into SQLite at 600k artists, 50,000 at 6,117/s; BENCHMARKS.md).
    pub const BATCH: usize = 50_000;
    /// The largest default batch: each batch writes most pages of the indexes keyed by random values
    /// (slugs, MBIDs), so a large catalog is written in fewer, larger batches (2.4M artists into
    /// SQLite: 372 s in batches of 50,000, 309 s in batches of 200,000; BENCHMARKS.md).
    pub const MAX_BATCH: usize = 200_000;
    /// Batches of one size before the next doubles.
    pub const GROW_AFTER: usize = 4;

    fn batching(&self) -> Batching {
        let first = self.batch.max(1);
        Batching {
            first,
            max: self.max_batch.max(first),
        }
    }
}

/// How many entities a file's batches hold: `first`, doubling every
/// [`MbImportOptions::GROW_AFTER`] batches up to `max`.
#[derive(Debug, Clone, Copy)]
struct Batching {
    first: usize,
    max: usize,
}

impl Default for MbImportOptions {
    fn default() -> Self {
        Self {
            batch: Self::BATCH,
            max_batch: Self::MAX_BATCH,
            prune: false,
            merges: Vec::new(),
        }
    }
}

/// What an import did, and what it could not read.
#[derive(Debug, Clone, Default)]
pub struct MbReport {
    pub outcome: MbOutcome,
    /// Input that could not be read, each with its file and line; the rest was imported.
    pub errors: Vec<String>,
    /// Parts of entities left out (an unknown relation type, a malformed date), with file and line.
    pub notes: Vec<String>,
    /// Files that are not MusicBrainz JSON or XML, left alone.
    pub ignored: Vec<String>,
    /// Lines skipped because an interrupted import had done them already.
    pub resumed_lines: u64,
}

/// How far the reading got, for a progress bar.
#[derive(Debug, Clone, Default)]
pub struct MbProgress {
    pub bytes: Arc<AtomicU64>,
    pub total_bytes: u64,
    pub entities: Arc<AtomicU64>,
}

/// What the reading thread hands the writer.
enum Message {
    Batch {
        entities: Vec<Entity>,
        checkpoint: Option<MbCheckpoint>,
    },
    FileDone(String),
    Error(String),
    Note(String),
    Resumed(u64),
}

impl App {
    /// The files an import of `paths` reads (directories walked in name order), with their total size.
    pub fn musicbrainz_files(
        paths: &[PathBuf],
    ) -> std::io::Result<(Vec<PathBuf>, Vec<String>, u64)> {
        let mut files = vec![];
        let mut ignored = vec![];
        for path in paths {
            collect(path, &mut files, &mut ignored, true)?;
        }
        let mut total = 0;
        for file in &files {
            total += std::fs::metadata(file)?.len();
        }
        Ok((files, ignored, total))
    }

    /// Imports MusicBrainz files. Unreadable input is reported with its file and line and the rest
    /// imports; a database failure stops the import (what was committed stays, and resumes).
    pub async fn import_musicbrainz(
        &self,
        paths: &[PathBuf],
        options: &MbImportOptions,
        progress: &MbProgress,
    ) -> Result<MbReport> {
        let store = self.store();
        let (files, ignored, _) = Self::musicbrainz_files(paths).map_err(|error| {
            crate::AppError::Invalid(model::Invalid::new("path", error.to_string()))
        })?;
        let mut report = MbReport {
            ignored,
            ..MbReport::default()
        };
        if !options.merges.is_empty() {
            report
                .outcome
                .add(store.merge_musicbrainz(&options.merges).await?);
        }
        let run = store.musicbrainz_run().await?;
        let mut resume = Vec::with_capacity(files.len());
        for file in &files {
            let name = file.display().to_string();
            let line = store
                .musicbrainz_checkpoint(&name, &fingerprint(file))
                .await?;
            resume.push(line);
        }
        // One batch queued while one is written: the reader stays ahead and memory holds three batches
        // at most (the one being read, the queued one, the one being written).
        let (sender, mut receiver) = tokio::sync::mpsc::channel::<Message>(1);
        let batch = options.batching();
        let reader_progress = progress.clone();
        let reader = std::thread::spawn(move || {
            for (file, resume) in files.iter().zip(resume) {
                if !read_file(file, resume, batch, &sender, &reader_progress) {
                    break;
                }
            }
        });
        let mut dump_kinds = vec![];
        let mut batches: u64 = 0;
        let mut waiting = std::time::Instant::now();
        while let Some(message) = receiver.recv().await {
            report
                .outcome
                .phases
                .add("waiting for the reader", waiting.elapsed());
            match message {
                Message::Batch {
                    entities,
                    checkpoint,
                } => {
                    for entity in &entities {
                        let kind = match entity {
                            Entity::Artist(_) => "artist",
                            Entity::Release(_) => "release",
                            _ => continue,
                        };
                        if checkpoint.is_some() && !dump_kinds.contains(&kind) {
                            dump_kinds.push(kind);
                        }
                    }
                    let done = store
                        .import_musicbrainz(run, &entities, checkpoint.as_ref())
                        .await;
                    let done = match done {
                        Ok(done) => done,
                        Err(error) => {
                            drop(receiver);
                            let _ = reader.join();
                            return Err(error.into());
                        }
                    };
                    progress
                        .entities
                        .fetch_add(entities.len() as u64, Ordering::Relaxed);
                    report.outcome.add(done);
                    // The tables grow by orders of magnitude during a first import: the planner's
                    // statistics are refreshed after batch 1, 2, 4, 8…
                    batches += 1;
                    if batches.is_power_of_two() {
                        let refreshing = std::time::Instant::now();
                        store.refresh_statistics().await?;
                        report
                            .outcome
                            .phases
                            .add("statistics", refreshing.elapsed());
                    }
                }
                Message::FileDone(file) => store.finish_musicbrainz_file(&file).await?,
                Message::Error(error) => report.errors.push(error),
                Message::Note(note) => report.notes.push(note),
                Message::Resumed(lines) => report.resumed_lines += lines,
            }
            waiting = std::time::Instant::now();
        }
        let _ = reader.join();
        if options.prune {
            for kind in dump_kinds {
                report
                    .outcome
                    .add(store.prune_musicbrainz(run, kind).await?);
            }
        }
        Ok(report)
    }
}

impl App {
    /// Reads a file of MusicBrainz merges: a line each, `KIND MERGED_MBID SURVIVOR_MBID` (kind
    /// `artist` or `release`, separated by tabs or spaces), `#` comments and blank lines ignored.
    /// For a MusicBrainz database: `SELECT 'artist', r.gid, a.gid FROM artist_gid_redirect r JOIN
    /// artist a ON a.id = r.new_id` (and the same for releases). A bad line is named, and nothing applied.
    pub fn musicbrainz_merges(path: &Path) -> Result<Vec<MbMerge>> {
        let invalid =
            |message: String| crate::AppError::Invalid(model::Invalid::new("merges", message));
        let text = std::fs::read_to_string(path)
            .map_err(|error| invalid(format!("{}: {error}", path.display())))?;
        let mut merges = vec![];
        for (index, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            let at = format!("{}: line {}", path.display(), index + 1);
            let fields: Vec<&str> = line.split_whitespace().collect();
            let [kind, mbid, survivor] = fields[..] else {
                return Err(invalid(format!(
                    "{at}: expected KIND MERGED_MBID SURVIVOR_MBID, found {} field(s)",
                    fields.len()
                )));
            };
            if kind != "artist" && kind != "release" {
                return Err(invalid(format!(
                    "{at}: kind {kind:?} is neither artist nor release"
                )));
            }
            for value in [mbid, survivor] {
                if !is_mbid(value) {
                    return Err(invalid(format!("{at}: {value:?} is not an MBID")));
                }
            }
            merges.push(MbMerge {
                kind: kind.to_owned(),
                mbid: mbid.to_ascii_lowercase(),
                survivor: survivor.to_ascii_lowercase(),
            });
        }
        Ok(merges)
    }
}

/// A UUID as MusicBrainz writes MBIDs: 8-4-4-4-12 hex digits.
fn is_mbid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Adds `path` (a file, or a directory's files) to the import.
fn collect(
    path: &Path,
    files: &mut Vec<PathBuf>,
    ignored: &mut Vec<String>,
    given: bool,
) -> std::io::Result<()> {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
            .map(|entry| entry.map(|e| e.path()))
            .collect::<std::io::Result<_>>()?;
        entries.sort();
        for entry in entries {
            collect(&entry, files, ignored, false)?;
        }
        return Ok(());
    }
    if !path.exists() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("{}: no such file or directory", path.display()),
        ));
    }
    let name = path.to_string_lossy();
    let in_dump = path
        .parent()
        .and_then(Path::file_name)
        .is_some_and(|p| p == "mbdump");
    if given
        || name.ends_with(".json")
        || name.ends_with(".xml")
        || name.ends_with(".jsonl")
        || name.ends_with(".tar.xz")
        || in_dump
    {
        files.push(path.to_owned());
    } else {
        ignored.push(format!("{name}: not MusicBrainz JSON or XML"));
    }
    Ok(())
}

/// The size and modification time of a file: a checkpoint holds only for the same file.
fn fingerprint(file: &Path) -> String {
    std::fs::metadata(file).map_or_else(
        |_| String::new(),
        |meta| {
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}:{modified}", meta.len())
        },
    )
}

/// A reader that counts the bytes read, for the progress bar.
struct Counting<R> {
    inner: R,
    bytes: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Reads one file; false when the writer has stopped listening.
fn read_file(
    file: &Path,
    resume: i64,
    batch: Batching,
    sender: &tokio::sync::mpsc::Sender<Message>,
    progress: &MbProgress,
) -> bool {
    let name = file.display().to_string();
    let send = |message: Message| sender.blocking_send(message).is_ok();
    let opened = File::open(file).map(|f| Counting {
        inner: f,
        bytes: progress.bytes.clone(),
    });
    let opened = match opened {
        Ok(opened) => opened,
        Err(error) => return send(Message::Error(format!("{name}: {error}"))),
    };
    // A whole WS/2 response, JSON or XML: the parser is the only difference.
    let xml = name.ends_with(".xml");
    if xml || name.ends_with(".json") {
        let mut text = String::new();
        if let Err(error) = BufReader::new(opened).read_to_string(&mut text) {
            return send(Message::Error(format!("{name}: {error}")));
        }
        let parsed = if xml {
            parse_xml_document(&text)
        } else {
            parse_document(&text)
        };
        return match parsed {
            Err(error) => send(Message::Error(format!("{name}: {error}"))),
            Ok(parsed) => {
                let mut entities = vec![];
                for item in parsed {
                    let at = item
                        .path
                        .map_or_else(|| name.clone(), |path| format!("{name}: {path}"));
                    for note in item.notes {
                        if !send(Message::Note(format!("{at}: {note}"))) {
                            return false;
                        }
                    }
                    entities.extend(item.entities);
                }
                entities.chunks(batch.first).all(|chunk| {
                    send(Message::Batch {
                        entities: chunk.to_vec(),
                        checkpoint: None,
                    })
                })
            }
        };
    }
    if name.ends_with(".tar.xz") {
        return read_archive(&name, opened, resume, batch, &send);
    }
    let hint = EntityType::from_file_name(&name);
    let finished = read_lines(
        &name,
        &name,
        BufReader::with_capacity(256 * 1024, opened),
        hint,
        resume,
        batch,
        &fingerprint(file),
        &send,
    );
    match finished {
        Some(true) => send(Message::FileDone(name)),
        Some(false) => true,
        None => false,
    }
}

fn read_archive(
    name: &str,
    reader: impl Read,
    resume: i64,
    batch: Batching,
    send: &dyn Fn(Message) -> bool,
) -> bool {
    let fingerprint = fingerprint(Path::new(name));
    let mut archive = open_archive(reader);
    let entries = match archive.entries() {
        Ok(entries) => entries,
        Err(error) => return send(Message::Error(format!("{name}: broken archive: {error}"))),
    };
    let mut any = false;
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => return send(Message::Error(format!("{name}: broken archive: {error}"))),
        };
        let path = entry
            .path()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(hint) = ArchiveFile::entity_type(&path) else {
            continue;
        };
        any = true;
        let key = format!("{name}!{path}");
        // An archive holds one entity file; its checkpoint is the archive's.
        match read_lines(
            &key,
            &key,
            BufReader::with_capacity(256 * 1024, entry),
            Some(hint),
            resume,
            batch,
            &fingerprint,
            send,
        ) {
            Some(true) => {
                if !send(Message::FileDone(key)) {
                    return false;
                }
            }
            Some(false) => return true,
            None => return false,
        }
    }
    if !any {
        return send(Message::Error(format!(
            "{name}: no mbdump/<entity> file in the archive"
        )));
    }
    true
}

/// Streams a dump file in batches. `Some(true)`: read to the end; `Some(false)`: stopped by a read
/// error (reported); `None`: the writer stopped.
#[expect(clippy::too_many_arguments, reason = "one call site per kind of file")]
fn read_lines(
    name: &str,
    key: &str,
    reader: impl BufRead,
    hint: Option<EntityType>,
    resume: i64,
    batch: Batching,
    fingerprint: &str,
    send: &dyn Fn(Message) -> bool,
) -> Option<bool> {
    let mut lines = DumpLines::new(reader, hint);
    if resume > 0 {
        let skipped = lines.skip_lines(usize::try_from(resume).unwrap_or(usize::MAX));
        match skipped {
            Ok(n) => send(Message::Resumed(n as u64)).then_some(())?,
            Err(error) => {
                send(Message::Error(format!(
                    "{name}: line {}: {error}",
                    lines.line() + 1
                )))
                .then_some(())?;
                return Some(false);
            }
        }
    }
    let mut size = batch.first;
    let mut at_size = 0;
    let mut entities = Vec::with_capacity(size);
    let mut n_lines = 0;
    let flush = |entities: &mut Vec<Entity>, line: usize| {
        send(Message::Batch {
            entities: std::mem::take(entities),
            checkpoint: Some(MbCheckpoint {
                file: key.to_owned(),
                fingerprint: fingerprint.to_owned(),
                line: i64::try_from(line).unwrap_or(i64::MAX),
            }),
        })
    };
    while let Some(item) = lines.next() {
        match item {
            Ok(parsed) => {
                for note in parsed.notes {
                    send(Message::Note(format!(
                        "{name}: line {}: {note}",
                        parsed.line
                    )))
                    .then_some(())?;
                }
                entities.extend(parsed.entities);
            }
            Err(LineError::Parse(error)) => {
                send(Message::Error(format!("{name}: {error}"))).then_some(())?;
            }
            Err(LineError::Read { line, error }) => {
                send(Message::Error(format!(
                    "{name}: line {line}: cannot read: {error}"
                )))
                .then_some(())?;
                // What was read before the damage is imported; the file is not marked done.
                flush(&mut entities, line.saturating_sub(1)).then_some(())?;
                return Some(false);
            }
        }
        n_lines += 1;
        if n_lines >= size {
            n_lines = 0;
            flush(&mut entities, lines.line()).then_some(())?;
            at_size += 1;
            if at_size == MbImportOptions::GROW_AFTER && size < batch.max {
                size = size.saturating_mul(2).min(batch.max);
                at_size = 0;
            }
        }
    }
    flush(&mut entities, lines.line()).then_some(())?;
    Some(true)
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use super::*;

    /// How many entities each batch of a file of `lines` artists holds.
    fn batch_sizes(lines: usize, batching: Batching) -> Vec<usize> {
        let fixture = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../ingest/testdata/musicbrainz/good/mbdump/artist"),
        )
        .unwrap();
        let line = fixture.lines().next().unwrap();
        let dump = format!("{line}\n").repeat(lines);
        let sizes = RefCell::new(vec![]);
        let send = |message: Message| {
            if let Message::Batch { entities, .. } = message {
                sizes.borrow_mut().push(entities.len());
            }
            true
        };
        let finished = read_lines(
            "artist",
            "artist",
            dump.as_bytes(),
            Some(EntityType::Artist),
            0,
            batching,
            "fingerprint",
            &send,
        );
        assert_eq!(finished, Some(true));
        sizes.into_inner()
    }

    #[test]
    fn batches_grow_as_a_file_goes_on_up_to_the_largest() {
        let sizes = batch_sizes(40, Batching { first: 1, max: 4 });
        assert_eq!(
            sizes,
            [1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 4, 4, 0],
            "1 ×4, 2 ×4, then 4 until the end (the last batch carries the end of file)"
        );
        assert_eq!(sizes.iter().sum::<usize>(), 40);
        let fixed = batch_sizes(10, Batching { first: 3, max: 3 });
        assert_eq!(fixed, [3, 3, 3, 1]);
    }
}
