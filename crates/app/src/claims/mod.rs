//! Review of the news: an article is read once into claims (proposed facts with their evidence), kept
//! with the source made for it; a curator lists, edits, rejects or accepts them, and accepting writes
//! the fact into the catalog citing that source. A claim that disagrees with a known fact shows the
//! conflict and is not written over it unless the curator says so.

mod apply;
mod conflicts;
mod proposal;

use ingest::extract::{Article, Fact, to_interchange};
use jiff::Timestamp;
use model::{Invalid, Slug, Source};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use store::{ArticleRow, ClaimFilter, ClaimRow, NewClaim, Page};

use crate::{App, AppError, Result};
pub(crate) use proposal::Proposal;

/// A claim's status.
pub const STATUSES: [&str; 3] = ["proposed", "accepted", "rejected"];

/// An article as submitted, with what was read from it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleView {
    pub slug: String,
    /// The source every accepted claim cites.
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// The date relative dates were resolved from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dateline: Option<String>,
    /// Why there are no claims, when the article is not in English.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language_note: Option<String>,
    pub submitted_at: String,
    /// Characters of article text read.
    pub length: usize,
    pub claims: Vec<ClaimView>,
}

/// A proposed fact with its evidence, status and any conflict with the catalog.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimView {
    pub slug: String,
    pub article: String,
    pub source: String,
    pub status: String,
    pub kind: String,
    /// The fact in the interchange form (PRODUCT §4), as a curator last edited it.
    pub fields: Map<String, Value>,
    /// The fields as the article proposed them, when a curator edited them since.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proposed: Option<Map<String, Value>>,
    pub evidence: String,
    /// Character offsets of the evidence in the article text, end exclusive.
    pub span: [u64; 2],
    pub confidence: f64,
    /// Names in the fact and the catalog entries they resolved to (`slug` null: new to the catalog).
    pub entities: Vec<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_note: Option<String>,
    /// Known facts this claim disagrees with (computed when the claim is read).
    pub conflicts: Vec<Conflict>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// What accepting it wrote (`artists/v`, `videos/layover-blue-mv`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub wrote: Vec<String>,
}

/// A known fact that a claim disagrees with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// The entity holding the known fact: `videos/layover-for-us-mv`.
    pub entity: String,
    pub field: String,
    pub known: String,
    pub claimed: String,
    /// The sources the known fact cites.
    pub sources: Vec<String>,
}

/// An article to submit: text or a saved page, and what is known of it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    #[serde(default)]
    pub text: Option<String>,
    /// A saved web page; the article text is taken out of it.
    #[serde(default)]
    pub html: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    /// YYYY-MM-DD: the dateline relative dates are resolved from.
    #[serde(default)]
    pub published: Option<String>,
}

/// The stored document of a claim (the `body` column).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct ClaimBody {
    fields: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    proposed: Option<Map<String, Value>>,
    evidence: String,
    span: [u64; 2],
    confidence: f64,
    #[serde(default)]
    entities: Vec<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date_note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    decided_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    wrote: Vec<String>,
}

/// The stored document of an article.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct ArticleBody {
    text: String,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    publisher: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    dateline: Option<String>,
    #[serde(default)]
    language_note: Option<String>,
}

impl App {
    /// Reads an article into claims and keeps them, with a source for the article. The same text
    /// submitted again adds nothing: the stored article is returned with `false`.
    pub async fn submit_article(
        &self,
        submission: &Submission,
        now: Timestamp,
    ) -> Result<(ArticleView, bool)> {
        let article = article_of(submission)?;
        let extraction = self.extract(&article).await?;
        let digest = hex::encode(Sha256::digest(extraction.text.trim().as_bytes()));
        let slug = format!("article-{}", &digest[..12]);
        let url = extraction
            .url
            .clone()
            .unwrap_or_else(|| format!("urn:bside:article:{digest}"));
        let publisher = extraction
            .publisher
            .clone()
            .unwrap_or_else(|| "unknown publisher".to_owned());
        let source = Source {
            slug: Slug::parse(&slug).map_err(|m| Invalid::new("slug", m))?,
            url,
            publisher,
            title: extraction
                .text
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .map(|l| l.chars().take(200).collect()),
            published: article
                .published
                .map(|d| model::Moment::on(model::PartialDate::from_date(d))),
        };
        source.validate()?;
        let body = ArticleBody {
            text: extraction.text.clone(),
            url: extraction.url.clone(),
            publisher: extraction.publisher.clone(),
            published: article.published.map(|d| d.to_string()),
            dateline: extraction.dateline.map(|d| d.to_string()),
            language_note: extraction.language_note.clone(),
        };
        let claims = extraction
            .facts
            .iter()
            .map(claim_body)
            .collect::<Result<Vec<_>>>()?;
        let row = ArticleRow {
            slug,
            digest,
            source: source.slug.to_string(),
            submitted_at: now.to_string(),
            body: to_json(&body)?,
        };
        let (slug, created) = self.store.submit_article(&row, &source, &claims).await?;
        Ok((self.article(&slug).await?, created))
    }

    /// An article with its claims.
    pub async fn article(&self, slug: &str) -> Result<ArticleView> {
        let row = self
            .store
            .article(slug)
            .await?
            .ok_or_else(|| AppError::NotFound {
                kind: "article",
                slug: slug.to_owned(),
            })?;
        let claims = self
            .claims(
                &ClaimFilter {
                    article: Some(row.slug.clone()),
                    ..ClaimFilter::default()
                },
                &Page {
                    after: None,
                    limit: 10_000,
                },
            )
            .await?;
        article_view(&row, claims)
    }

    /// Articles, a page at a time, without their claims.
    pub async fn articles(&self, page: &Page) -> Result<Vec<ArticleView>> {
        let rows = self.store.articles(page).await?;
        rows.iter()
            .map(|row| article_view(row, Vec::new()))
            .collect()
    }

    /// Claims with their conflicts, in article order.
    pub async fn claims(&self, filter: &ClaimFilter, page: &Page) -> Result<Vec<ClaimView>> {
        if let Some(status) = &filter.status
            && !STATUSES.contains(&status.as_str())
        {
            return Err(Invalid::new(
                "status",
                format!("unknown status {status:?}, expected one of: proposed, accepted, rejected"),
            )
            .into());
        }
        let rows = self.store.claims(filter, page).await?;
        self.claim_views(&rows).await
    }

    pub async fn claim(&self, slug: &str) -> Result<ClaimView> {
        let row = self.claim_row(slug).await?;
        Ok(self.claim_views(&[row]).await?.remove(0))
    }

    /// Replaces a proposed claim's fields (checked as the kind requires); the proposal is kept.
    pub async fn edit_claim(&self, slug: &str, fields: Map<String, Value>) -> Result<ClaimView> {
        let row = self.claim_row(slug).await?;
        let mut body = claim_row_body(&row)?;
        let mut fields = fields;
        fields
            .entry("kind")
            .or_insert_with(|| Value::String(row.kind.clone()));
        if fields.get("kind").and_then(Value::as_str) != Some(row.kind.as_str()) {
            return Err(Invalid::new("kind", "an edit cannot change the kind of a claim").into());
        }
        Proposal::parse(&fields)?;
        if body.proposed.is_none() {
            body.proposed = Some(body.fields.clone());
        }
        body.fields = fields;
        self.store
            .update_claim(slug, "proposed", "proposed", &to_json(&body)?)
            .await?;
        self.claim(slug).await
    }

    /// Rejects a proposed claim; nothing is written to the catalog.
    pub async fn reject_claim(
        &self,
        slug: &str,
        note: Option<String>,
        now: Timestamp,
    ) -> Result<ClaimView> {
        let row = self.claim_row(slug).await?;
        let mut body = claim_row_body(&row)?;
        body.decided_at = Some(now.to_string());
        body.note = note;
        self.store
            .update_claim(slug, "proposed", "rejected", &to_json(&body)?)
            .await?;
        self.claim(slug).await
    }

    /// Accepts a proposed claim: writes the fact, citing the article's source with the evidence.
    /// A claim that conflicts with a known fact is refused unless `replace` is set.
    pub async fn accept_claim(
        &self,
        slug: &str,
        replace: bool,
        now: Timestamp,
    ) -> Result<ClaimView> {
        let row = self.claim_row(slug).await?;
        if row.status != "proposed" {
            return Err(AppError::Conflict {
                field: None,
                message: format!("claim {slug} is {}, not proposed", row.status),
            });
        }
        let mut body = claim_row_body(&row)?;
        let proposal = Proposal::parse(&body.fields)?;
        let names = apply::Names::load(self).await?;
        let conflicts = conflicts::conflicts(&proposal, &names);
        if let (false, Some(conflict)) = (replace, conflicts.first()) {
            return Err(AppError::Conflict {
                field: Some(conflict.field.clone()),
                message: format!(
                    "the catalog has {} {} = {} (cited by {}); the claim says {}: accept with replace to overwrite it",
                    conflict.entity,
                    conflict.field,
                    conflict.known,
                    if conflict.sources.is_empty() {
                        "no source".to_owned()
                    } else {
                        conflict.sources.join(", ")
                    },
                    conflict.claimed
                ),
            });
        }
        let citation = model::Citation {
            source: Slug::parse(&row.source).map_err(|m| Invalid::new("source", m))?,
            evidence: Some(body.evidence.chars().take(1000).collect()),
        };
        body.wrote = apply::apply(self, &proposal, &citation, names).await?;
        body.decided_at = Some(now.to_string());
        self.store
            .update_claim(slug, "proposed", "accepted", &to_json(&body)?)
            .await?;
        self.claim(slug).await
    }

    /// Accepts every proposed claim of an article that does not conflict, in an order where each
    /// fact finds what it needs (members and names first, then releases, tracks, videos…).
    /// Returns the claims accepted and those left (with why).
    pub async fn accept_article(
        &self,
        article: &str,
        now: Timestamp,
    ) -> Result<(Vec<ClaimView>, Vec<(String, String)>)> {
        let view = self.article(article).await?;
        let mut proposed: Vec<&ClaimView> = view
            .claims
            .iter()
            .filter(|c| c.status == "proposed")
            .collect();
        // Versions after the songs they are versions of.
        proposed.sort_by_key(|c| {
            (
                apply::order(&c.kind),
                c.fields.get("version_of").is_some_and(|v| !v.is_null()),
            )
        });
        let (mut accepted, mut left) = (Vec::new(), Vec::new());
        for claim in proposed {
            match self.accept_claim(&claim.slug, false, now).await {
                Ok(done) => accepted.push(done),
                Err(error @ (AppError::Conflict { .. } | AppError::Invalid(_))) => {
                    left.push((claim.slug.clone(), error.to_string()));
                }
                Err(other) => return Err(other),
            }
        }
        Ok((accepted, left))
    }

    async fn claim_row(&self, slug: &str) -> Result<ClaimRow> {
        self.store
            .claim(slug)
            .await?
            .ok_or_else(|| AppError::NotFound {
                kind: "claim",
                slug: slug.to_owned(),
            })
    }

    /// Claims as shown: the catalog is read once, and only when a proposed claim needs its
    /// conflicts (decided claims have none).
    async fn claim_views(&self, rows: &[ClaimRow]) -> Result<Vec<ClaimView>> {
        let names = if rows.iter().any(|row| row.status == "proposed") {
            Some(apply::Names::load(self).await?)
        } else {
            None
        };
        rows.iter()
            .map(|row| claim_view(row, names.as_ref()))
            .collect()
    }
}

fn claim_view(row: &ClaimRow, names: Option<&apply::Names>) -> Result<ClaimView> {
    let body = claim_row_body(row)?;
    let conflicts = match names {
        Some(names) if row.status == "proposed" => Proposal::parse(&body.fields)
            .map(|p| conflicts::conflicts(&p, names))
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    Ok(ClaimView {
        slug: row.slug.clone(),
        article: row.article.clone(),
        source: row.source.clone(),
        status: row.status.clone(),
        kind: row.kind.clone(),
        fields: body.fields,
        proposed: body.proposed,
        evidence: body.evidence,
        span: body.span,
        confidence: body.confidence,
        entities: body.entities,
        date_note: body.date_note,
        conflicts,
        decided_at: body.decided_at,
        note: body.note,
        wrote: body.wrote,
    })
}

fn article_of(submission: &Submission) -> Result<Article> {
    let raw = match (&submission.text, &submission.html) {
        (Some(text), None) | (None, Some(text)) => text.as_bytes(),
        (Some(_), Some(_)) => {
            return Err(
                Invalid::new("html", "send the article as text or as html, not both").into(),
            );
        }
        (None, None) => return Err(Invalid::new("text", "is required (or html)").into()),
    };
    let mut article = Article::from_bytes(raw).map_err(|e| Invalid::new("text", e.to_string()))?;
    if let Some(published) = &submission.published {
        article.published = Some(published.parse().map_err(|_| {
            Invalid::new(
                "published",
                format!("{published:?} is not a date like 2023-09-12"),
            )
        })?);
    }
    if let Some(url) = &submission.url {
        model::validate_url("url", url)?;
        article.url = Some(url.clone());
    }
    if submission.publisher.is_some() {
        article.publisher.clone_from(&submission.publisher);
    }
    Ok(article)
}

fn claim_body(fact: &Fact) -> Result<NewClaim> {
    let interchange = to_interchange(std::slice::from_ref(fact));
    let Some(Value::Object(mut map)) = interchange.as_array().and_then(|a| a.first()).cloned()
    else {
        return Err(Invalid::new("article", "a fact could not be read").into());
    };
    let mut take = |key: &str| map.remove(key).unwrap_or(Value::Null);
    let evidence = take("evidence").as_str().unwrap_or_default().to_owned();
    let span = take("span");
    let confidence = take("confidence").as_f64().unwrap_or(0.0);
    let entities = match take("entities") {
        Value::Array(list) => list,
        _ => Vec::new(),
    };
    let date_note = take("date_note").as_str().map(str::to_owned);
    let span_at = |i: usize| span.get(i).and_then(Value::as_u64).unwrap_or(0);
    let kind = fact.claim.kind().as_str().to_owned();
    let body = ClaimBody {
        fields: map,
        proposed: None,
        evidence,
        span: [span_at(0), span_at(1)],
        confidence,
        entities,
        date_note,
        decided_at: None,
        note: None,
        wrote: Vec::new(),
    };
    Ok(NewClaim {
        kind,
        body: to_json(&body)?,
    })
}

fn claim_row_body(row: &ClaimRow) -> Result<ClaimBody> {
    serde_json::from_str(&row.body).map_err(|e| {
        AppError::Internal(store::StoreError::Corrupt(format!(
            "claim {}: {e}",
            row.slug
        )))
    })
}

fn article_view(row: &ArticleRow, claims: Vec<ClaimView>) -> Result<ArticleView> {
    let body: ArticleBody = serde_json::from_str(&row.body).map_err(|e| {
        AppError::Internal(store::StoreError::Corrupt(format!(
            "article {}: {e}",
            row.slug
        )))
    })?;
    Ok(ArticleView {
        slug: row.slug.clone(),
        source: row.source.clone(),
        url: body.url,
        publisher: body.publisher,
        published: body.published,
        dateline: body.dateline,
        language_note: body.language_note,
        submitted_at: row.submitted_at.clone(),
        length: body.text.chars().count(),
        claims,
    })
}

fn to_json(value: &impl Serialize) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|e| AppError::Internal(store::StoreError::Corrupt(e.to_string())))
}
