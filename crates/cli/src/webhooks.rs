//! `bside webhooks …`: webhook subscriptions from the command line (the database is the credential, as
//! for `bside token`): add, list, remove, enable, redeliver, and the deliveries with their attempts.

use anyhow::Context;
use app::{App, NewSubscription, PayloadFormat};
use clap::Subcommand;
use jiff::Timestamp;
use model::{EventKind, Slug};

#[derive(Subcommand)]
pub(crate) enum WebhooksCommand {
    /// Subscribe URL to events; prints the subscription's id and its signing secret (shown once).
    Add {
        /// Where deliveries are POSTed (http or https, on a public address unless allowed).
        url: String,
        /// Only events about this artist (repeat for several; default every artist).
        #[arg(long = "artist", value_name = "SLUG")]
        artists: Vec<String>,
        /// Only this kind of event, e.g. mv_released (repeat or comma-separate; default every kind).
        #[arg(long = "kind", value_name = "KIND", value_delimiter = ',')]
        kinds: Vec<String>,
        /// generic (bside's JSON) or discord (a Discord channel webhook's message).
        #[arg(long, default_value = "generic")]
        format: String,
    },
    /// List subscriptions.
    List,
    /// Remove a subscription with its deliveries.
    Remove { id: String },
    /// Enable a subscription that repeated failures disabled; its pending deliveries go out again.
    Enable { id: String },
    /// Send one event's delivery again (same body, same idempotency key).
    Redeliver { id: String, event: String },
    /// A subscription's deliveries, newest first, with every attempt.
    Deliveries {
        id: String,
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
}

pub(crate) async fn run(app: &App, command: WebhooksCommand) -> anyhow::Result<()> {
    match command {
        WebhooksCommand::Add {
            url,
            artists,
            kinds,
            format,
        } => {
            let artists = artists
                .iter()
                .map(|slug| {
                    Slug::parse(slug).map_err(|e| anyhow::anyhow!("--artist {slug:?}: {e}"))
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            let kinds = kinds
                .iter()
                .filter(|kind| !kind.trim().is_empty())
                .map(|kind| {
                    EventKind::parse(kind.trim()).map_err(|e| anyhow::anyhow!("--kind: {e}"))
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            let format =
                PayloadFormat::parse(&format).map_err(|e| anyhow::anyhow!("--format: {e}"))?;
            let new = NewSubscription {
                url,
                artists,
                kinds,
                format,
            };
            let created = app
                .create_subscription(&new, "cli", Timestamp::now())
                .await
                .context("the subscription was not made")?;
            println!("{}\t{}", created.subscription.id, created.secret);
            eprintln!(
                "subscription {} made; keep its secret (second column): it is shown only once",
                created.subscription.id
            );
        }
        WebhooksCommand::List => {
            let subscriptions = app.subscriptions().await?;
            if subscriptions.is_empty() {
                eprintln!("no subscriptions; add one with `bside webhooks add URL`");
            }
            for s in subscriptions {
                let state = if s.enabled {
                    "enabled".to_owned()
                } else {
                    format!(
                        "disabled: {}",
                        s.disabled_reason.as_deref().unwrap_or("by failures")
                    )
                };
                let or_all = |items: Vec<String>| {
                    if items.is_empty() {
                        "*".to_owned()
                    } else {
                        items.join(",")
                    }
                };
                println!(
                    "{}\t{}\t{}\tartists={}\tkinds={}\tfailures={}\t{state}",
                    s.id,
                    s.url,
                    s.format.as_str(),
                    or_all(s.artists.iter().map(ToString::to_string).collect()),
                    or_all(s.kinds.iter().map(ToString::to_string).collect()),
                    s.failures,
                );
            }
        }
        WebhooksCommand::Remove { id } => {
            app.delete_subscription(&id).await?;
            println!("subscription {id} removed");
        }
        WebhooksCommand::Enable { id } => {
            app.enable_subscription(&id, Timestamp::now()).await?;
            println!("subscription {id} enabled");
        }
        WebhooksCommand::Redeliver { id, event } => {
            app.redeliver(&id, &event, Timestamp::now()).await?;
            println!("the delivery of {event} to {id} will be sent again");
        }
        WebhooksCommand::Deliveries { id, limit } => {
            let deliveries = app.deliveries(&id, limit).await?;
            if deliveries.is_empty() {
                eprintln!("no deliveries yet");
            }
            for d in deliveries {
                println!(
                    "{}\t{}\t{}\tattempts={}\tkey={}",
                    d.event, d.kind, d.state, d.attempts, d.idempotency_key
                );
                for a in d.log {
                    let status = a.status.map_or_else(|| "-".to_owned(), |s| s.to_string());
                    println!(
                        "  {}\tstatus={status}\t{} ms\t{}",
                        a.at,
                        a.latency_ms,
                        a.error.as_deref().unwrap_or("ok")
                    );
                }
            }
        }
    }
    Ok(())
}
