//! Matching and ranking: the three ways a key can match a query (exactly, as a prefix, within a
//! few edits), and the order of the hits.
//!
//! Each live entity keeps its best match. Ranks compare, in order: the tier (an exact display name,
//! a whole alias, the last words of a name, a prefix, a typo), the edit distance, whether the match
//! starts at the name's first word, popularity (higher first), how much of the key the query left
//! unmatched; then display name, slug and entry order break what remains.

use std::cmp::{Ordering, Reverse};
use std::collections::HashMap;
use std::collections::hash_map::Entry as Slot;
use std::ops::Bound;
use std::sync::LazyLock;

use levenshtein_automata::{DFA, Distance, LevenshteinAutomatonBuilder};
use model::AliasKind;

use crate::index::SearchIndex;
use crate::keys::Posting;
use crate::{Hit, HitKind, MatchHow, NameKind, Query};

/// Postings looked at per stage: a key shared by more names than this (a very common name) is
/// ranked among its most popular ones only (a key's postings are stored most popular first).
const MAX_POSTINGS: usize = 4096;
/// Keys visited for a prefix, in key order: a one-letter query looks at these and no more.
const MAX_PREFIX_KEYS: usize = 256;
/// Keys visited within the edit distance.
const MAX_FUZZY_KEYS: usize = 512;

/// Automaton builders for one and two edits, transpositions counting one (Damerau). Building them
/// takes milliseconds, so it is done once.
static AUTOMATA: LazyLock<[LevenshteinAutomatonBuilder; 2]> = LazyLock::new(|| {
    [
        LevenshteinAutomatonBuilder::new(1, true),
        LevenshteinAutomatonBuilder::new(2, true),
    ]
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    Exact,
    Prefix,
    Fuzzy,
}

/// The best match so far of each entity a query reached.
pub(crate) struct Candidates<'a> {
    index: &'a SearchIndex,
    query: &'a Query,
    kind: Option<HitKind>,
    best: HashMap<u32, Candidate>,
    offered: usize,
}

#[derive(Debug, Clone, Copy)]
struct Candidate {
    rank: Rank,
    name: u32,
    how: MatchHow,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    tier: u8,
    distance: u8,
    later_word: bool,
    popularity: Reverse<u32>,
    unmatched: usize,
}

impl<'a> Candidates<'a> {
    pub(crate) fn new(index: &'a SearchIndex, query: &'a Query, kind: Option<HitKind>) -> Self {
        Self {
            index,
            query,
            kind,
            best: HashMap::new(),
            offered: 0,
        }
    }

    /// Entities found so far.
    pub(crate) fn len(&self) -> usize {
        self.best.len()
    }

    pub(crate) fn run(&mut self, stage: Stage) {
        let index = self.index;
        let key = self.query.key.as_str();
        self.offered = 0;
        match stage {
            Stage::Exact => {
                for segment in index.segments() {
                    segment.exact(key, &mut |posting| self.offer(posting, stage, 0, 0));
                }
                for &posting in index.delta.get(key).into_iter().flatten() {
                    self.offer(posting, stage, 0, 0);
                }
            }
            Stage::Prefix => {
                for segment in index.segments() {
                    segment.prefix(key, MAX_PREFIX_KEYS, &mut |found, posting| {
                        self.offer(posting, stage, 0, found.len() - key.len());
                    });
                }
                let later = (Bound::Excluded(key), Bound::Unbounded);
                let delta = index.delta.range::<str, _>(later);
                for (found, postings) in delta
                    .take_while(|(found, _)| found.starts_with(key))
                    .take(MAX_PREFIX_KEYS)
                {
                    for &posting in postings {
                        self.offer(posting, stage, 0, found.len() - key.len());
                    }
                }
            }
            Stage::Fuzzy => {
                let edits = usize::from(self.query.max_edits.clamp(1, 2));
                let dfa = AUTOMATA[edits - 1].build_dfa(key);
                for segment in index.segments() {
                    segment.fuzzy(&dfa, MAX_FUZZY_KEYS, &mut |found, posting| {
                        if let Some(distance) = distance(&dfa, found) {
                            self.offer(posting, stage, distance, 0);
                        }
                    });
                }
                for (found, postings) in &index.delta {
                    if let Some(distance) = distance(&dfa, found.as_bytes()) {
                        for &posting in postings {
                            self.offer(posting, stage, distance, 0);
                        }
                    }
                }
            }
        }
    }

    /// The best `limit` hits, in order.
    pub(crate) fn best(self, limit: usize) -> Vec<Hit> {
        let index = self.index;
        let mut found: Vec<(u32, Candidate)> = self.best.into_iter().collect();
        let order = |a: &(u32, Candidate), b: &(u32, Candidate)| -> Ordering {
            a.1.rank
                .cmp(&b.1.rank)
                .then_with(|| index.display_name(a.0).cmp(index.display_name(b.0)))
                .then_with(|| {
                    let slug = |entity: u32| &index.docs[doc_of(index, entity)].slug;
                    slug(a.0).cmp(slug(b.0))
                })
                .then(a.0.cmp(&b.0))
        };
        if found.len() > limit {
            found.select_nth_unstable_by(limit, order);
            found.truncate(limit);
        }
        found.sort_unstable_by(order);
        found
            .into_iter()
            .map(|(entity, candidate)| hit(index, entity, candidate))
            .collect()
    }

    fn offer(&mut self, posting: Posting, stage: Stage, distance: u8, unmatched: usize) {
        if self.offered == MAX_POSTINGS {
            return;
        }
        self.offered += 1;
        let index = self.index;
        let name = posting.name();
        let entity = index.names.entity[name as usize];
        let record = &index.entities[entity as usize];
        if self.kind.is_some_and(|kind| kind != record.kind) || !index.is_live(entity) {
            return;
        }
        let (tier, how) = match stage {
            Stage::Exact if posting.word() == 0 => {
                whole_match(posting, index.names.kinds[name as usize])
            }
            Stage::Exact if posting.romanized() => (2, MatchHow::Romanization),
            Stage::Exact => (2, MatchHow::Word),
            Stage::Prefix => (3, MatchHow::Prefix),
            Stage::Fuzzy => (4, MatchHow::Fuzzy),
        };
        let candidate = Candidate {
            rank: Rank {
                tier,
                distance,
                later_word: posting.word() > 0,
                popularity: Reverse(index.docs[record.doc as usize].popularity),
                unmatched,
            },
            name,
            how,
        };
        match self.best.entry(entity) {
            Slot::Vacant(slot) => {
                slot.insert(candidate);
            }
            Slot::Occupied(mut slot) => {
                let held = slot.get();
                if (candidate.rank, candidate.name) < (held.rank, held.name) {
                    slot.insert(candidate);
                }
            }
        }
    }
}

/// A query equal to a whole name: the display name itself is the best match there is.
fn whole_match(posting: Posting, kind: NameKind) -> (u8, MatchHow) {
    if posting.romanized() {
        return (1, MatchHow::Romanization);
    }
    match kind {
        NameKind::Display => (0, MatchHow::Exact),
        NameKind::Alias(AliasKind::Nickname) => (1, MatchHow::Nickname),
        NameKind::Alias(AliasKind::Romanization) => (1, MatchHow::Romanization),
        NameKind::Alias(_) => (1, MatchHow::Exact),
    }
}

/// The edit distance the automaton measured for `key`, when within its bound.
fn distance(dfa: &DFA, key: &[u8]) -> Option<u8> {
    match dfa.eval(key) {
        Distance::Exact(distance) => Some(distance),
        Distance::AtLeast(_) => None,
    }
}

fn doc_of(index: &SearchIndex, entity: u32) -> usize {
    index.entities[entity as usize].doc as usize
}

fn hit(index: &SearchIndex, entity: u32, candidate: Candidate) -> Hit {
    let record = &index.entities[entity as usize];
    let doc = &index.docs[record.doc as usize];
    let release_title =
        (record.kind == HitKind::Track).then(|| index.display_name(doc.first_entity).to_owned());
    Hit {
        kind: record.kind,
        slug: doc.slug.to_string(),
        name: index.display_name(entity).to_owned(),
        matched: index.names.text(candidate.name).to_owned(),
        how: candidate.how,
        distance: candidate.rank.distance,
        track: record.track,
        release_title,
    }
}
