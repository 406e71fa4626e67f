//! The immutable part of the index: an `fst` map from every key to its postings, built once from
//! all the names at hand (at start, after an import).
//!
//! A key held by one name stores its posting in the fst value itself (the top bit set); a key held
//! by several stores an offset into `lists`, where a count and the postings follow.

use fst::{Automaton, IntoStreamer, Streamer};
use levenshtein_automata::DFA;

use crate::keys::Posting;

const SINGLE: u64 = 1 << 63;

pub(crate) struct Segment {
    map: fst::Map<Vec<u8>>,
    lists: Vec<u64>,
}

/// Collects (key, posting) pairs, then sorts them into a [`Segment`].
#[derive(Default)]
pub(crate) struct SegmentBuilder {
    key_bytes: Vec<u8>,
    pairs: Vec<Pair>,
}

/// A key (by its place in `key_bytes`, with its first eight bytes big-endian to compare most
/// pairs without reaching into the arena), one posting and its document's popularity.
struct Pair {
    head: u64,
    start: u64,
    len: u32,
    popularity: u32,
    posting: u64,
}

impl SegmentBuilder {
    /// Adds a posting under `key`; a key's postings are kept most popular first, so that a reader
    /// who stops early has the best of them.
    pub(crate) fn add(&mut self, key: &[u8], posting: Posting, popularity: u32) {
        let bytes = key;
        let mut head = [0u8; 8];
        let n = bytes.len().min(8);
        head[..n].copy_from_slice(&bytes[..n]);
        self.pairs.push(Pair {
            head: u64::from_be_bytes(head),
            start: self.key_bytes.len() as u64,
            len: u32::try_from(bytes.len()).unwrap_or(u32::MAX),
            popularity,
            posting: posting.bits(),
        });
        self.key_bytes.extend_from_slice(bytes);
    }

    pub(crate) fn build(mut self) -> Segment {
        let arena = &self.key_bytes;
        let key = |pair: &Pair| {
            let start = usize::try_from(pair.start).unwrap_or(usize::MAX);
            &arena[start..start + pair.len as usize]
        };
        self.pairs.sort_unstable_by(|a, b| {
            a.head
                .cmp(&b.head)
                .then_with(|| key(a).cmp(key(b)))
                .then(b.popularity.cmp(&a.popularity))
                .then(a.posting.cmp(&b.posting))
        });
        let mut builder = fst::MapBuilder::memory();
        let mut lists = Vec::new();
        let mut index = 0;
        while index < self.pairs.len() {
            let this = key(&self.pairs[index]);
            let mut end = index + 1;
            while end < self.pairs.len() && key(&self.pairs[end]) == this {
                end += 1;
            }
            let value = if end - index == 1 {
                SINGLE | self.pairs[index].posting
            } else {
                let offset = lists.len() as u64;
                lists.push((end - index) as u64);
                lists.extend(self.pairs[index..end].iter().map(|pair| pair.posting));
                offset
            };
            builder
                .insert(this, value)
                .expect("keys are inserted sorted and once each");
            index = end;
        }
        Segment {
            map: builder.into_map(),
            lists,
        }
    }
}

impl Segment {
    pub(crate) fn empty() -> Self {
        SegmentBuilder::default().build()
    }

    /// Every key with each of its postings, in key order.
    pub(crate) fn for_each(&self, each: &mut dyn FnMut(&[u8], Posting)) {
        let mut stream = self.map.stream();
        while let Some((key, value)) = stream.next() {
            self.postings(value, &mut |posting| each(key, posting));
        }
    }

    pub(crate) fn n_keys(&self) -> usize {
        self.map.len()
    }

    /// Bytes held: the fst and the posting lists.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.map.as_fst().as_bytes().len() + self.lists.len() * 8
    }

    /// The postings of `key`, exactly.
    pub(crate) fn exact(&self, key: &str, each: &mut dyn FnMut(Posting)) {
        if let Some(value) = self.map.get(key) {
            self.postings(value, each);
        }
    }

    /// The postings of keys that start with `prefix` (and are longer), visiting at most
    /// `max_keys` keys in key order.
    pub(crate) fn prefix(
        &self,
        prefix: &str,
        max_keys: usize,
        each: &mut dyn FnMut(&[u8], Posting),
    ) {
        let mut stream = self.map.range().gt(prefix).into_stream();
        let mut visited = 0;
        while let Some((key, value)) = stream.next() {
            if !key.starts_with(prefix.as_bytes()) || visited == max_keys {
                break;
            }
            visited += 1;
            self.postings(value, &mut |posting| each(key, posting));
        }
    }

    /// The postings of keys `dfa` accepts, at most `max_keys` keys.
    pub(crate) fn fuzzy(&self, dfa: &DFA, max_keys: usize, each: &mut dyn FnMut(&[u8], Posting)) {
        let mut stream = self.map.search(AutomatonRef(dfa)).into_stream();
        let mut visited = 0;
        while let Some((key, value)) = stream.next() {
            if visited == max_keys {
                break;
            }
            visited += 1;
            self.postings(value, &mut |posting| each(key, posting));
        }
    }

    fn postings(&self, value: u64, each: &mut dyn FnMut(Posting)) {
        if value & SINGLE != 0 {
            each(Posting::from_bits(value & !SINGLE));
            return;
        }
        let offset = usize::try_from(value).unwrap_or(usize::MAX);
        let count = usize::try_from(self.lists[offset]).unwrap_or(0);
        for &bits in &self.lists[offset + 1..=offset + count] {
            each(Posting::from_bits(bits));
        }
    }
}

/// `fst` searches with an automaton by value; the DFA is borrowed for the whole search.
struct AutomatonRef<'a>(&'a DFA);

impl Automaton for AutomatonRef<'_> {
    type State = u32;

    fn start(&self) -> u32 {
        Automaton::start(self.0)
    }

    fn is_match(&self, state: &u32) -> bool {
        Automaton::is_match(self.0, state)
    }

    fn can_match(&self, state: &u32) -> bool {
        Automaton::can_match(self.0, state)
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        Automaton::accept(self.0, state, byte)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(pairs: &[(&str, u32)]) -> Segment {
        let mut builder = SegmentBuilder::default();
        for &(key, name) in pairs {
            builder.add(key.as_bytes(), Posting::new(name, 0, false), name);
        }
        builder.build()
    }

    fn names(segment: &Segment, key: &str) -> Vec<u32> {
        let mut out = Vec::new();
        segment.exact(key, &mut |posting| out.push(posting.name()));
        out
    }

    #[test]
    fn keys_keep_one_or_many_postings() {
        let segment = segment(&[("jin", 3), ("abcdefghij", 1), ("jin", 1), ("abcdefghik", 2)]);
        assert_eq!(segment.n_keys(), 3);
        // Most popular first (here the popularity is the name id).
        assert_eq!(names(&segment, "jin"), [3, 1]);
        assert_eq!(names(&segment, "abcdefghij"), [1]);
        assert_eq!(names(&segment, "abcdefghi"), Vec::<u32>::new());
    }

    #[test]
    fn prefixes_stop_at_the_first_other_key_and_at_the_cap() {
        let segment = segment(&[("ab", 0), ("abc", 1), ("abd", 2), ("abe", 3), ("b", 4)]);
        let mut found = Vec::new();
        segment.prefix("ab", 10, &mut |_, posting| found.push(posting.name()));
        assert_eq!(found, [1, 2, 3]);
        found.clear();
        segment.prefix("ab", 2, &mut |_, posting| found.push(posting.name()));
        assert_eq!(found, [1, 2]);
    }

    #[test]
    fn fuzzy_finds_keys_within_the_automaton() {
        let segment = segment(&[("taehyung", 1), ("taehyong", 2), ("jungkook", 3)]);
        let builder = levenshtein_automata::LevenshteinAutomatonBuilder::new(1, true);
        let mut found = Vec::new();
        segment.fuzzy(&builder.build_dfa("taehyng"), 10, &mut |_, posting| {
            found.push(posting.name());
        });
        assert_eq!(found, [2, 1]);
    }
}
