//! Reading MusicBrainz JSON: whole WS/2 responses (a lookup, a browse or a search) and JSON data-dump
//! lines (one entity a line), each entity recognized by the file it came from or by its keys.

use std::io::BufRead;

use serde_json::Value;

use super::{map, wire};
use model::musicbrainz::{Entity, Skip};

/// What a dump file holds, from its name (`mbdump/artist`, `recording.jsonl`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityType {
    Artist,
    ReleaseGroup,
    Release,
    Recording,
    /// A MusicBrainz entity bside does not hold (label, work, area, place…).
    Unheld(&'static str),
}

impl EntityType {
    /// The entity type a dump file holds, by its file name without extension.
    pub fn from_file_name(name: &str) -> Option<Self> {
        let base = name.rsplit('/').next().unwrap_or(name);
        let stem = base.split('.').next().unwrap_or(base);
        Some(match stem {
            "artist" => Self::Artist,
            "release-group" | "release_group" => Self::ReleaseGroup,
            "release" => Self::Release,
            "recording" => Self::Recording,
            "label" => Self::Unheld("label"),
            "work" => Self::Unheld("work"),
            "area" => Self::Unheld("area"),
            "place" => Self::Unheld("place"),
            "event" => Self::Unheld("event"),
            "series" => Self::Unheld("series"),
            "instrument" => Self::Unheld("instrument"),
            _ => return None,
        })
    }
}

/// The entities one line (or one element of a response) gave, with notes on parts left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// 1-based line of a dump file; for a whole JSON response, the line where the document starts
    /// (1); for an XML response, the line where the entity's element starts.
    pub line: usize,
    /// Where in a response the entity sits (`artists[3]`), when it is one of a list.
    pub path: Option<String>,
    pub entities: Vec<Entity>,
    pub notes: Vec<String>,
}

/// Input that could not be read: the line (and column, when known) and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}{}: {message}", column.map(|c| format!(", column {c}")).unwrap_or_default())]
pub struct ParseError {
    pub line: usize,
    pub column: Option<usize>,
    pub message: String,
}

/// Parses one dump line. `hint` is the file's entity type, when its name tells it.
pub fn parse_line(text: &str, line: usize, hint: Option<EntityType>) -> Result<Parsed, ParseError> {
    let at = |error: serde_json::Error| json_error(&error, line, text.len());
    let mut notes = vec![];
    let entities = match hint {
        Some(EntityType::Artist) => vec![map::artist(
            serde_json::from_str(text).map_err(at)?,
            &mut notes,
        )],
        Some(EntityType::Release) => vec![map::release(
            serde_json::from_str(text).map_err(at)?,
            &mut notes,
        )],
        Some(EntityType::ReleaseGroup) => {
            map::release_group(serde_json::from_str(text).map_err(at)?, &mut notes)
        }
        Some(EntityType::Recording) => {
            map::recording(serde_json::from_str(text).map_err(at)?, &mut notes)
        }
        Some(EntityType::Unheld(kind)) => {
            let value: Value = serde_json::from_str(text).map_err(at)?;
            vec![unheld(kind, &value)]
        }
        None => {
            let value: Value = serde_json::from_str(text).map_err(at)?;
            entity(value, &mut notes).map_err(|message| ParseError {
                line,
                column: None,
                message,
            })?
        }
    };
    Ok(Parsed {
        line,
        path: None,
        entities,
        notes,
    })
}

/// Parses a whole WS/2 JSON response: one entity (a lookup) or a list (`{"artists": […], …}` from a
/// browse or a search).
pub fn parse_document(text: &str) -> Result<Vec<Parsed>, ParseError> {
    let value: Value =
        serde_json::from_str(text).map_err(|error| json_error(&error, 1, text.len()))?;
    let Value::Object(object) = &value else {
        return Err(ParseError {
            line: 1,
            column: None,
            message: "expected a JSON object (a MusicBrainz lookup, browse or search response)"
                .to_owned(),
        });
    };
    let list_key = ["artists", "release-groups", "releases", "recordings"]
        .into_iter()
        .chain([
            "labels",
            "works",
            "areas",
            "places",
            "events",
            "series",
            "instruments",
            "urls",
        ])
        .find(|key| object.get(*key).is_some_and(Value::is_array) && !object.contains_key("id"));
    let Some(key) = list_key else {
        let mut notes = vec![];
        let entities = entity(value, &mut notes).map_err(|message| ParseError {
            line: 1,
            column: None,
            message,
        })?;
        return Ok(vec![Parsed {
            line: 1,
            path: None,
            entities,
            notes,
        }]);
    };
    let Some(Value::Array(items)) = value.get(key).cloned() else {
        unreachable!("the key was chosen because it holds an array")
    };
    let mut out = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        let path = format!("{key}[{index}]");
        let mut notes = vec![];
        let entities = match key {
            "artists" => typed(
                item,
                &path,
                |raw, notes| vec![map::artist(raw, notes)],
                &mut notes,
            )?,
            "release-groups" => typed(item, &path, map::release_group, &mut notes)?,
            "releases" => typed(
                item,
                &path,
                |raw, notes| vec![map::release(raw, notes)],
                &mut notes,
            )?,
            "recordings" => typed(item, &path, map::recording, &mut notes)?,
            other => vec![unheld(other.trim_end_matches('s'), &item)],
        };
        out.push(Parsed {
            line: 1,
            path: Some(path),
            entities,
            notes,
        });
    }
    Ok(out)
}

fn typed<T: serde::de::DeserializeOwned>(
    item: Value,
    path: &str,
    map: impl FnOnce(T, &mut map::Notes) -> Vec<Entity>,
    notes: &mut map::Notes,
) -> Result<Vec<Entity>, ParseError> {
    let raw = serde_json::from_value(item).map_err(|error| ParseError {
        line: 1,
        column: None,
        message: format!("{path}: {error}"),
    })?;
    Ok(map(raw, notes))
}

/// One entity object, recognized by its keys.
fn entity(value: Value, notes: &mut map::Notes) -> Result<Vec<Entity>, String> {
    let Value::Object(object) = &value else {
        return Err("expected a JSON object (one MusicBrainz entity)".to_owned());
    };
    let has = |key: &str| object.contains_key(key);
    let read = |error: serde_json::Error| error.to_string();
    if has("label-code") {
        Ok(vec![unheld("label", &value)])
    } else if has("primary-type") {
        Ok(map::release_group(
            serde_json::from_value::<wire::ReleaseGroup>(value).map_err(read)?,
            notes,
        ))
    } else if has("media") || has("release-group") || has("barcode") || has("status") {
        Ok(vec![map::release(
            serde_json::from_value::<wire::Release>(value).map_err(read)?,
            notes,
        )])
    } else if has("video") || has("isrcs") || has("length") {
        Ok(map::recording(
            serde_json::from_value::<wire::Recording>(value).map_err(read)?,
            notes,
        ))
    } else if has("sort-name") || has("life-span") {
        Ok(vec![map::artist(
            serde_json::from_value::<wire::Artist>(value).map_err(read)?,
            notes,
        )])
    } else {
        Err(
            "not a MusicBrainz entity: expected an artist, release group, release or recording"
                .to_owned(),
        )
    }
}

fn unheld(kind: &str, value: &Value) -> Entity {
    skipped(kind, value.get("id").and_then(Value::as_str))
}

/// An entity of a type bside does not hold (a label, a work…), named so the report can say so.
pub(super) fn skipped(kind: &str, mbid: Option<&str>) -> Entity {
    Entity::Skipped(Skip {
        kind: kind.to_owned(),
        mbid: mbid.map(str::to_owned),
        reason: format!("bside does not hold MusicBrainz {kind}s"),
    })
}

fn json_error(error: &serde_json::Error, line: usize, len: usize) -> ParseError {
    // serde's own "at line 1 column N" counts within the line; the line and column are said once.
    let text = error.to_string();
    let bare = text
        .rfind(" at line ")
        .map_or(text.as_str(), |at| &text[..at]);
    let message = if error.is_eof() {
        format!("truncated: the JSON ends after {len} bytes ({bare})")
    } else {
        bare.to_owned()
    };
    ParseError {
        line: line + error.line().saturating_sub(1),
        column: (error.column() > 0).then_some(error.column()),
        message,
    }
}

/// The lines of a dump file, parsed one at a time: memory stays bounded by the longest line.
pub struct DumpLines<R> {
    reader: R,
    hint: Option<EntityType>,
    line: usize,
    buffer: Vec<u8>,
}

impl<R: BufRead> DumpLines<R> {
    /// Reads from `reader`, whose first line is line `first_line + 1` (to resume after a checkpoint,
    /// the caller skips the lines already imported with [`DumpLines::skip_lines`]).
    pub fn new(reader: R, hint: Option<EntityType>) -> Self {
        Self {
            reader,
            hint,
            line: 0,
            buffer: Vec::with_capacity(64 * 1024),
        }
    }

    /// Skips `n` lines without parsing them; returns how many there were.
    pub fn skip_lines(&mut self, n: usize) -> std::io::Result<usize> {
        let mut skipped = 0;
        while skipped < n {
            self.buffer.clear();
            if self.reader.read_until(b'\n', &mut self.buffer)? == 0 {
                break;
            }
            self.line += 1;
            skipped += 1;
        }
        Ok(skipped)
    }

    /// The number of the last line read.
    pub fn line(&self) -> usize {
        self.line
    }
}

/// One line's outcome, or a read failure (a broken archive, an unreadable file).
#[derive(Debug)]
pub enum LineError {
    Parse(ParseError),
    Read { line: usize, error: std::io::Error },
}

impl<R: BufRead> Iterator for DumpLines<R> {
    type Item = Result<Parsed, LineError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            self.buffer.clear();
            match self.reader.read_until(b'\n', &mut self.buffer) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(error) => {
                    return Some(Err(LineError::Read {
                        line: self.line + 1,
                        error,
                    }));
                }
            }
            self.line += 1;
            let bytes = self.buffer.strip_suffix(b"\n").unwrap_or(&self.buffer);
            let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let line = self.line;
            let Ok(text) = std::str::from_utf8(bytes) else {
                return Some(Err(LineError::Parse(ParseError {
                    line,
                    column: None,
                    message: "not UTF-8 text".to_owned(),
                })));
            };
            return Some(parse_line(text, line, self.hint).map_err(LineError::Parse));
        }
    }
}
