//! News articles → proposed facts (PRODUCT §4), each with its evidence sentence, span, confidence and
//! entities resolved to the catalog through any alias, or marked new.
//!
//! How: the text is taken out of HTML when it is a page, split into sentences, and each sentence is
//! turned into a template where names, titles, dates and quoted speech are placeholders
//! (`doc`); names come from the catalog (an Aho-Corasick gazetteer over every name and alias) and from
//! the way the article introduces people ("BTS member V", "rock band Day Off", "(born X)"). Pattern
//! families over the templates (`patterns`) propose facts, which are merged (`merge`) so that one fact
//! stated twice is proposed once, with the most specific date.

mod catalog;
mod dates;
mod doc;
mod facts;
mod gazetteer;
mod html;
mod language;
mod merge;
mod names;
mod patterns;
mod text;

use jiff::civil::Date;

pub use catalog::{Catalog, KnownAlias, KnownArtist, KnownRelease, KnownShow, KnownTrack};
pub use facts::{
    Claim, Fact, FactDate, FactKind, Metric, Resolved, alias_kind_text, release_kind_text,
    to_interchange, track_role_text,
};

use doc::{Doc, Role, Slot};
use text::fold_name;

/// The largest article accepted: 2 MiB of text or HTML.
pub const MAX_ARTICLE_BYTES: usize = 2 * 1024 * 1024;

/// An article to read: its text (plain, or a saved web page) and what is known about it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Article {
    pub text: String,
    pub url: Option<String>,
    pub publisher: Option<String>,
    /// The article's own date: the dateline that missing years and "on Friday" are resolved from.
    pub published: Option<Date>,
}

/// Why an article could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    #[error("the article is empty")]
    Empty,
    #[error("the article is {bytes} bytes, more than the limit of {limit} bytes")]
    TooLarge { bytes: usize, limit: usize },
    #[error("the article is binary data, not text")]
    Binary,
    #[error("the article is not UTF-8 text (invalid byte at offset {offset})")]
    NotUtf8 { offset: usize },
}

/// What an article yields.
#[derive(Debug, Clone, PartialEq)]
pub struct Extraction {
    pub facts: Vec<Fact>,
    /// Why there are no facts when the article is not in English.
    pub language_note: Option<String>,
    /// The date the article's relative dates were resolved from.
    pub dateline: Option<Date>,
    /// The text the facts' spans point into (the article's text taken out of HTML when it was a page).
    pub text: String,
    pub url: Option<String>,
    pub publisher: Option<String>,
}

impl Article {
    pub fn from_text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }

    /// An article from raw bytes (a file, a request body): refused when too large, binary or not UTF-8.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ExtractError> {
        check_size(bytes.len())?;
        if looks_binary(bytes) {
            return Err(ExtractError::Binary);
        }
        let text = std::str::from_utf8(bytes).map_err(|e| ExtractError::NotUtf8 {
            offset: e.valid_up_to(),
        })?;
        Ok(Self::from_text(text.trim_start_matches('\u{feff}')))
    }
}

/// Reads the article and proposes the facts it states. Works with an empty catalog: every entity is
/// then new. Fails only on input that is no article (empty, binary, over `MAX_ARTICLE_BYTES`).
pub fn extract(article: &Article, catalog: &Catalog) -> Result<Extraction, ExtractError> {
    check_size(article.text.len())?;
    if looks_binary(article.text.as_bytes()) {
        return Err(ExtractError::Binary);
    }
    let (text, url, publisher, published) = if html::looks_like_html(&article.text) {
        let page = html::page(&article.text);
        (
            page.text,
            article.url.clone().or(page.url),
            article.publisher.clone().or(page.publisher),
            article.published.or(page.published),
        )
    } else {
        (
            article.text.replace("\r\n", "\n"),
            article.url.clone(),
            article.publisher.clone(),
            article.published,
        )
    };
    if text.trim().is_empty() {
        return Err(ExtractError::Empty);
    }
    if let Some(note) = language::language_note(&text) {
        return Ok(Extraction {
            facts: Vec::new(),
            language_note: Some(note),
            dateline: published.or_else(|| dates::find_dateline(&text)),
            text,
            url,
            publisher,
        });
    }
    let doc = Doc::build(&text, catalog, published);
    let mut facts = patterns::run(&doc);
    facts.extend(alias_facts(&doc));
    let facts = merge::merge(facts);
    let dateline = doc.dateline;
    Ok(Extraction {
        facts,
        language_note: None,
        dateline,
        text,
        url,
        publisher,
    })
}

fn check_size(bytes: usize) -> Result<(), ExtractError> {
    if bytes > MAX_ARTICLE_BYTES {
        return Err(ExtractError::TooLarge {
            bytes,
            limit: MAX_ARTICLE_BYTES,
        });
    }
    if bytes == 0 {
        return Err(ExtractError::Empty);
    }
    Ok(())
}

/// NUL bytes, or many control characters in the first 8 KiB: not text.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    control * 20 > head.len().max(1)
}

/// Aliases: those the article states ("real name", "(born X)", "known as"), those it uses for its
/// subject (a legal name, a nickname), and catalog aliases it uses.
fn alias_facts(doc: &Doc<'_>) -> Vec<Fact> {
    let mut out = Vec::new();
    for (index, entity) in doc.entities.iter().enumerate() {
        if entity.role != Role::Artist || entity.name.starts_with('\u{0}') {
            continue;
        }
        for name in &entity.names {
            let Some(kind) = name.kind else { continue };
            let sentence = name.sentence.or_else(|| {
                let folded = fold_name(&name.name);
                doc.sents.iter().position(|s| {
                    s.slots.iter().any(|slot| {
                        matches!(slot, Slot::Artist { entity: e, mention } if *e == index && fold_name(mention) == folded)
                    })
                })
            });
            let Some(sentence) = sentence else { continue };
            let s = &doc.sents[sentence];
            out.push(Fact {
                claim: Claim::Alias {
                    artist: entity.name.clone(),
                    alias: name.name.clone(),
                    alias_kind: kind,
                },
                evidence: doc.sentence_text(sentence).to_owned(),
                span: (
                    text::char_offset(doc.text, s.start),
                    text::char_offset(doc.text, s.end),
                ),
                confidence: name.confidence,
                entities: vec![Resolved {
                    role: "artist",
                    mention: name.name.clone(),
                    name: entity.name.clone(),
                    slug: entity.slug.clone(),
                }],
                date_note: None,
            });
        }
    }
    out
}
