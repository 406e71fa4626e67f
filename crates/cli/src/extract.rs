//! `bside extract FILE|-`: the facts an article states, with evidence, resolved to the catalog.

use std::path::PathBuf;

use anyhow::Context;
use app::App;
use clap::{Args, ValueEnum};
use ingest::extract::{Article, to_interchange};

#[derive(Args)]
pub(crate) struct Extract {
    /// The article: text or a saved HTML page, or - for standard input.
    file: PathBuf,
    /// `facts` prints the interchange JSON that `score-facts.py` reads; `text` a readable list.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// The article's publication date (YYYY-MM-DD), which dates like "on Friday" are resolved from.
    #[arg(long)]
    published: Option<String>,
    #[arg(long)]
    url: Option<String>,
    #[arg(long)]
    publisher: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Facts,
}

pub(crate) async fn extract(app: &App, args: Extract) -> anyhow::Result<()> {
    let bytes = crate::read_input(&args.file)?;
    let mut article = Article::from_bytes(&bytes)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    if let Some(published) = &args.published {
        article.published =
            Some(published.parse().with_context(|| {
                format!("--published {published:?} is not a date like 2023-09-12")
            })?);
    }
    article.url = args.url.or(article.url);
    article.publisher = args.publisher.or(article.publisher);
    let extraction = app.extract(&article).await?;
    match args.format {
        Format::Facts => println!(
            "{}",
            serde_json::to_string_pretty(&to_interchange(&extraction.facts))?
        ),
        Format::Text => {
            if let Some(note) = &extraction.language_note {
                println!("no facts: {note}");
            }
            if let Some(dateline) = extraction.dateline {
                println!("dateline: {dateline}");
            }
            for fact in to_interchange(&extraction.facts)
                .as_array()
                .into_iter()
                .flatten()
            {
                let kind = fact["kind"].as_str().unwrap_or("?");
                let fields: Vec<String> = fact
                    .as_object()
                    .into_iter()
                    .flatten()
                    .filter(|(key, value)| {
                        !["kind", "evidence", "span", "entities", "confidence"]
                            .contains(&key.as_str())
                            && !value.is_null()
                    })
                    .map(|(key, value)| {
                        format!(
                            "{key}={}",
                            value
                                .as_str()
                                .map_or_else(|| value.to_string(), str::to_owned)
                        )
                    })
                    .collect();
                println!("{kind:<16} {}", fields.join("  "));
                if let Some(evidence) = fact["evidence"].as_str() {
                    println!("{:<16} “{evidence}”", "");
                }
            }
        }
    }
    Ok(())
}
