//! `bside claims …`: submit a news article and review the claims it yields (list, show, edit,
//! accept, reject), as the API's `/articles` and `/claims` do.

use std::path::PathBuf;

use anyhow::{Context, bail};
use app::{App, ClaimFilter, ClaimView, Page, Submission};
use clap::Subcommand;
use jiff::Timestamp;
use serde_json::Value;

#[derive(Subcommand)]
pub(crate) enum ClaimsCommand {
    /// Read an article (text or saved HTML, or - for standard input) into claims and keep them.
    /// Submitting the same text again adds nothing.
    Submit {
        file: PathBuf,
        /// The article's address (its source's URL).
        #[arg(long)]
        url: Option<String>,
        #[arg(long)]
        publisher: Option<String>,
        /// The article's date (YYYY-MM-DD): relative dates are resolved from it.
        #[arg(long)]
        published: Option<String>,
    },
    /// List claims, with their conflicts.
    List {
        /// proposed, accepted or rejected.
        #[arg(long)]
        status: Option<String>,
        /// Only this article's claims.
        #[arg(long)]
        article: Option<String>,
        /// Only this kind (mv_release, alias…).
        #[arg(long)]
        kind: Option<String>,
    },
    /// Print a claim as JSON.
    Show { claim: String },
    /// Change fields of a proposed claim: --set date=2023-09-16 (repeatable; an empty value clears).
    Edit {
        claim: String,
        #[arg(long = "set", required = true)]
        sets: Vec<String>,
    },
    /// Accept claims (or, with --article, every proposed claim of it that conflicts with nothing).
    Accept {
        claims: Vec<String>,
        #[arg(long, conflicts_with = "claims")]
        article: Option<String>,
        /// Write over a known fact the claim conflicts with.
        #[arg(long)]
        replace: bool,
    },
    /// Reject claims; nothing is written.
    Reject {
        #[arg(required = true)]
        claims: Vec<String>,
        #[arg(long)]
        note: Option<String>,
    },
}

pub(crate) async fn run(app: &App, command: ClaimsCommand) -> anyhow::Result<()> {
    let now = Timestamp::now();
    match command {
        ClaimsCommand::Submit {
            file,
            url,
            publisher,
            published,
        } => {
            let bytes = crate::read_input(&file)?;
            let text = String::from_utf8(bytes)
                .map_err(|e| anyhow::anyhow!("{} is not UTF-8 text: {e}", file.display()))?;
            let submission = Submission {
                text: Some(text),
                html: None,
                url,
                publisher,
                published,
            };
            let (article, created) = app
                .submit_article(&submission, now)
                .await
                .with_context(|| format!("cannot read {}", file.display()))?;
            if created {
                println!(
                    "article {}: {} claims proposed (source {})",
                    article.slug,
                    article.claims.len(),
                    article.source
                );
            } else {
                println!(
                    "article {} was submitted before: nothing added",
                    article.slug
                );
            }
            if let Some(note) = &article.language_note {
                println!("no claims: {note}");
            }
            print_claims(&article.claims);
        }
        ClaimsCommand::List {
            status,
            article,
            kind,
        } => {
            let filter = ClaimFilter {
                status,
                article,
                kind,
            };
            let mut after = None;
            loop {
                let page = Page {
                    after: after.take(),
                    limit: 500,
                };
                let claims = app.claims(&filter, &page).await?;
                print_claims(&claims);
                if claims.len() < 500 {
                    break;
                }
                after = claims.last().map(|c| c.slug.clone());
            }
        }
        ClaimsCommand::Show { claim } => {
            let claim = app.claim(&claim).await?;
            println!("{}", serde_json::to_string_pretty(&claim)?);
        }
        ClaimsCommand::Edit { claim, sets } => {
            let mut fields = app.claim(&claim).await?.fields;
            for set in &sets {
                let (name, value) = set
                    .split_once('=')
                    .with_context(|| format!("--set takes FIELD=VALUE, not {set:?}"))?;
                let value = if value.is_empty() {
                    Value::Null
                } else if let Ok(number) = value.parse::<u64>() {
                    Value::from(number)
                } else {
                    Value::from(value)
                };
                fields.insert(name.to_owned(), value);
                if name == "date" {
                    // A new date replaces the instant the article gave.
                    fields.remove("at");
                }
            }
            let edited = app.edit_claim(&claim, fields).await?;
            print_claims(std::slice::from_ref(&edited));
        }
        ClaimsCommand::Accept {
            claims,
            article,
            replace,
        } => {
            if let Some(article) = article {
                let (accepted, left) = app.accept_article(&article, now).await?;
                print_claims(&accepted);
                println!("accepted {}, left {}", accepted.len(), left.len());
                for (slug, why) in &left {
                    println!("  {slug}: {why}");
                }
            } else if claims.is_empty() {
                bail!("name the claims to accept, or --article ARTICLE");
            } else {
                for slug in &claims {
                    let accepted = app
                        .accept_claim(slug, replace, now)
                        .await
                        .with_context(|| format!("claim {slug} was not accepted"))?;
                    print_claims(std::slice::from_ref(&accepted));
                }
            }
        }
        ClaimsCommand::Reject { claims, note } => {
            for slug in &claims {
                let rejected = app
                    .reject_claim(slug, note.clone(), now)
                    .await
                    .with_context(|| format!("claim {slug} was not rejected"))?;
                print_claims(std::slice::from_ref(&rejected));
            }
        }
    }
    Ok(())
}

/// One line a claim (slug, status, kind, fields), its evidence, and any conflict.
fn print_claims(claims: &[ClaimView]) {
    for claim in claims {
        let fields: Vec<String> = claim
            .fields
            .iter()
            .filter(|(key, value)| key.as_str() != "kind" && !value.is_null())
            .map(|(key, value)| {
                format!(
                    "{key}={}",
                    value
                        .as_str()
                        .map_or_else(|| value.to_string(), str::to_owned)
                )
            })
            .collect();
        println!(
            "{:<26} {:<9} {:<16} {}",
            claim.slug,
            claim.status,
            claim.kind,
            fields.join("  ")
        );
        println!("{:<26} “{}”", "", claim.evidence);
        for conflict in &claim.conflicts {
            println!(
                "{:<26} conflict: {} {} is {} (cited by {}), the claim says {}",
                "",
                conflict.entity,
                conflict.field,
                conflict.known,
                conflict.sources.join(", "),
                conflict.claimed
            );
        }
        if !claim.wrote.is_empty() {
            println!("{:<26} wrote {}", "", claim.wrote.join(", "));
        }
    }
}
