//! [`SearchIndex`]: the documents and their names, the built segment, and the delta of writes
//! since it was built.
//!
//! Names are kept in append-only arrays. A write (`upsert`, `remove`) marks the document's earlier
//! version dead and indexes the new one's keys in `delta`, a sorted map searched the same three
//! ways as the segment; postings of dead documents are skipped when read. When the delta reaches
//! [`DELTA_KEYS`] keys it becomes a small segment of its own, and small segments of like size are
//! merged (as in a log-structured merge tree), so that a typo search never scans more than a few
//! thousand keys one by one. Building again (at the next start, after an import) folds it all into
//! one segment.

use std::collections::{BTreeMap, HashMap};

use crate::keys::{Posting, keys_of};
use crate::rank::{Candidates, Stage};
use crate::segment::{Segment, SegmentBuilder};
use crate::{DocKind, Document, Hit, HitKind, NameKind, Query, TrackPosition};

/// Keys the in-memory delta holds before it is built into a segment.
pub(crate) const DELTA_KEYS: usize = 2048;

/// A name index over documents (artists, releases with their tracks, shows).
pub struct SearchIndex {
    pub(crate) docs: Vec<Doc>,
    doc_ids: [HashMap<Box<str>, u32>; 3],
    pub(crate) entities: Vec<EntityRecord>,
    pub(crate) names: Names,
    pub(crate) segment: Segment,
    pub(crate) delta: BTreeMap<String, Vec<Posting>>,
    /// Segments built from the delta since the last build, larger first.
    pub(crate) delta_segments: Vec<Segment>,
    /// Names with a lower id are indexed in the segment, the others in the delta.
    segment_names: u32,
    n_live_docs: usize,
}

/// Sizes, for logs and the benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexStats {
    /// Live documents.
    pub documents: usize,
    /// Names held, including those of replaced documents not yet rebuilt away.
    pub names: usize,
    pub segment_keys: usize,
    /// Keys written since the build: in the in-memory delta and in its small segments.
    pub delta_keys: usize,
    pub delta_segments: usize,
    /// Bytes of the fst and posting lists.
    pub segment_bytes: usize,
}

pub(crate) struct Doc {
    pub(crate) slug: Box<str>,
    pub(crate) popularity: u32,
    pub(crate) first_entity: u32,
    n_entities: u32,
    pub(crate) alive: bool,
}

pub(crate) struct EntityRecord {
    pub(crate) doc: u32,
    pub(crate) kind: HitKind,
    first_name: u32,
    n_names: u32,
    pub(crate) track: Option<TrackPosition>,
}

/// Every name's text (one arena), kind and entity, by name id.
#[derive(Default)]
pub(crate) struct Names {
    text: String,
    ends: Vec<usize>,
    pub(crate) kinds: Vec<NameKind>,
    pub(crate) entity: Vec<u32>,
}

impl Names {
    pub(crate) fn text(&self, id: u32) -> &str {
        let id = id as usize;
        let start = if id == 0 { 0 } else { self.ends[id - 1] };
        &self.text[start..self.ends[id]]
    }

    fn len(&self) -> u32 {
        u32::try_from(self.ends.len()).expect("fewer than 2^32 names")
    }

    fn push(&mut self, text: &str, kind: NameKind, entity: u32) -> u32 {
        let id = self.len();
        self.text.push_str(text);
        self.ends.push(self.text.len());
        self.kinds.push(kind);
        self.entity.push(entity);
        id
    }
}

impl Default for SearchIndex {
    fn default() -> Self {
        Self {
            docs: Vec::new(),
            doc_ids: Default::default(),
            entities: Vec::new(),
            names: Names::default(),
            segment: Segment::empty(),
            delta: BTreeMap::new(),
            delta_segments: Vec::new(),
            segment_names: 0,
            n_live_docs: 0,
        }
    }
}

impl SearchIndex {
    /// Indexes every document at once. A slug given twice keeps its last document.
    pub fn build(documents: impl IntoIterator<Item = Document>) -> Self {
        let mut index = Self::default();
        let mut builder = SegmentBuilder::default();
        for document in documents {
            index.forget(document.kind, &document.slug);
            let popularity = document.popularity;
            index.push(&document, &mut |key, posting| {
                builder.add(key.as_bytes(), posting, popularity);
            });
        }
        index.segment = builder.build();
        index.segment_names = index.names.len();
        index
    }

    /// Adds a document, or replaces the one of the same kind and slug, without rebuilding.
    pub fn upsert(&mut self, document: &Document) {
        self.remove(document.kind, &document.slug);
        let mut delta = std::mem::take(&mut self.delta);
        self.push(document, &mut |key, posting| {
            delta.entry(key.to_owned()).or_default().push(posting);
        });
        self.delta = delta;
        if self.delta.len() >= DELTA_KEYS {
            self.flush_delta();
        }
    }

    /// Removes the document of this kind and slug; returns whether there was one.
    pub fn remove(&mut self, kind: DocKind, slug: &str) -> bool {
        let Some(doc) = self.forget(kind, slug) else {
            return false;
        };
        // Its names in the delta leave it; those in the segment stay there, dead, until a rebuild.
        let doc = &self.docs[doc as usize];
        let entities = doc.first_entity..doc.first_entity + doc.n_entities;
        for entity in entities {
            let record = &self.entities[entity as usize];
            for name in record.first_name..record.first_name + record.n_names {
                if name < self.segment_names {
                    continue;
                }
                let delta = &mut self.delta;
                keys_of(self.names.text(name), |key, word, romanized| {
                    let posting = Posting::new(name, word, romanized);
                    if let Some(postings) = delta.get_mut(key) {
                        postings.retain(|&p| p != posting);
                        if postings.is_empty() {
                            delta.remove(key);
                        }
                    }
                });
            }
        }
        true
    }

    /// The popularity a document was given, when it is indexed.
    pub fn popularity(&self, kind: DocKind, slug: &str) -> Option<u32> {
        let doc = *self.doc_ids[kind as usize].get(slug)?;
        Some(self.docs[doc as usize].popularity)
    }

    /// The best `limit` hits for `query`, only of `kind` when given, best first: exact names, then
    /// aliases and nicknames, then last words, then prefixes, then typos; ties by popularity, then
    /// name and slug.
    pub fn search(&self, query: &Query, kind: Option<HitKind>, limit: usize) -> Vec<Hit> {
        if limit == 0 {
            return Vec::new();
        }
        let mut candidates = Candidates::new(self, query, kind);
        candidates.run(Stage::Exact);
        if candidates.len() < limit {
            candidates.run(Stage::Prefix);
        }
        if candidates.len() < limit && query.max_edits > 0 {
            candidates.run(Stage::Fuzzy);
        }
        candidates.best(limit)
    }

    pub fn stats(&self) -> IndexStats {
        IndexStats {
            documents: self.n_live_docs,
            names: self.names.ends.len(),
            segment_keys: self.segment.n_keys(),
            delta_keys: self.delta.len()
                + self
                    .delta_segments
                    .iter()
                    .map(Segment::n_keys)
                    .sum::<usize>(),
            delta_segments: self.delta_segments.len(),
            segment_bytes: self.segment.heap_bytes(),
        }
    }

    /// The built segment and those built from the delta.
    pub(crate) fn segments(&self) -> impl Iterator<Item = &Segment> {
        std::iter::once(&self.segment).chain(&self.delta_segments)
    }

    /// Builds the in-memory delta into a segment, then merges the newest segments while the
    /// newer is at least half the size of the one before it.
    fn flush_delta(&mut self) {
        let mut builder = SegmentBuilder::default();
        for (key, postings) in std::mem::take(&mut self.delta) {
            for posting in postings {
                builder.add(key.as_bytes(), posting, self.popularity_of(posting));
            }
        }
        self.delta_segments.push(builder.build());
        while let [.., older, newer] = self.delta_segments.as_slice()
            && newer.n_keys() * 2 >= older.n_keys()
        {
            let newer = self.delta_segments.pop().expect("two segments");
            let older = self.delta_segments.pop().expect("two segments");
            let mut builder = SegmentBuilder::default();
            for segment in [&older, &newer] {
                segment.for_each(&mut |key, posting| {
                    // Postings of replaced documents are dropped on the way.
                    let entity = self.names.entity[posting.name() as usize];
                    if self.is_live(entity) {
                        builder.add(key, posting, self.popularity_of(posting));
                    }
                });
            }
            self.delta_segments.push(builder.build());
        }
    }

    fn popularity_of(&self, posting: Posting) -> u32 {
        let entity = self.names.entity[posting.name() as usize];
        self.docs[self.entities[entity as usize].doc as usize].popularity
    }

    /// Whether a name's entity belongs to a live document.
    pub(crate) fn is_live(&self, entity: u32) -> bool {
        self.docs[self.entities[entity as usize].doc as usize].alive
    }

    /// The display name of an entity (its first name).
    pub(crate) fn display_name(&self, entity: u32) -> &str {
        self.names.text(self.entities[entity as usize].first_name)
    }

    /// Marks the document of this kind and slug dead; returns its id.
    fn forget(&mut self, kind: DocKind, slug: &str) -> Option<u32> {
        let doc = self.doc_ids[kind as usize].remove(slug)?;
        self.docs[doc as usize].alive = false;
        self.n_live_docs -= 1;
        Some(doc)
    }

    /// Appends a document, its entities and names, and gives each key of each name to `add`.
    fn push(&mut self, document: &Document, add: &mut dyn FnMut(&str, Posting)) {
        let doc = u32::try_from(self.docs.len()).expect("fewer than 2^32 documents");
        let first_entity = u32::try_from(self.entities.len()).expect("fewer than 2^32 entries");
        for entry in &document.entries {
            let entity = u32::try_from(self.entities.len()).expect("fewer than 2^32 entries");
            let first_name = self.names.len();
            for (text, kind) in &entry.names {
                let name = self.names.push(text, *kind, entity);
                keys_of(text, |key, word, romanized| {
                    add(key, Posting::new(name, word, romanized));
                });
            }
            self.entities.push(EntityRecord {
                doc,
                kind: entry.kind,
                first_name,
                n_names: self.names.len() - first_name,
                track: entry.track,
            });
        }
        self.docs.push(Doc {
            slug: document.slug.clone().into_boxed_str(),
            popularity: document.popularity,
            first_entity,
            n_entities: u32::try_from(document.entries.len()).expect("fewer than 2^32 entries"),
            alive: true,
        });
        self.doc_ids[document.kind as usize].insert(document.slug.clone().into_boxed_str(), doc);
        self.n_live_docs += 1;
    }
}
