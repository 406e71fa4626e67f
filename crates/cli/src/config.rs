//! Configuration: defaults, then a TOML file, then `BSIDE_…` environment variables, then flags.
//! Parsed once here into typed values; libraries get option structs and never read the environment.

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Deserialize;

/// What a config file may set. Every key is optional; unknown keys are refused so typos surface.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileConfig {
    pub(crate) database: Option<String>,
    pub(crate) listen: Option<String>,
    pub(crate) max_body_bytes: Option<usize>,
    pub(crate) max_connections: Option<u32>,
    pub(crate) log: Option<String>,
    pub(crate) webhooks: Option<WebhooksFile>,
    pub(crate) calendars: Option<CalendarsFile>,
}

/// `[webhooks]` in the config file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WebhooksFile {
    /// Private or loopback addresses (or host names) webhooks may reach anyway: `["127.0.0.1"]`.
    pub(crate) allow: Option<Vec<String>>,
    pub(crate) max_failures: Option<u32>,
    pub(crate) retry_base_ms: Option<u64>,
    pub(crate) retry_max_ms: Option<u64>,
    pub(crate) timeout_ms: Option<u64>,
    /// How often the outbox looks for due events and deliveries besides after each write.
    pub(crate) interval_ms: Option<u64>,
    /// The address people reach bside at, for links in payloads.
    pub(crate) public_url: Option<String>,
}

/// `[calendars]` in the config file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CalendarsFile {
    /// Days of past events a calendar keeps.
    pub(crate) past_days: Option<u32>,
}

/// The settled configuration.
#[derive(Clone)]
pub(crate) struct Config {
    pub(crate) database: String,
    pub(crate) listen: String,
    pub(crate) max_body_bytes: usize,
    pub(crate) max_connections: u32,
    pub(crate) log: String,
    /// Webhooks and calendars; `public_url` left at its default is replaced by the address served.
    pub(crate) following: app::FollowingOptions,
    pub(crate) public_url_set: bool,
    pub(crate) outbox_interval: std::time::Duration,
}

pub(crate) const DEFAULT_DATABASE: &str = "sqlite://bside.db";
pub(crate) const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
pub(crate) const DEFAULT_CONFIG_FILE: &str = "bside.toml";

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("database", &app::Store::redact_url(&self.database))
            .field("listen", &self.listen)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("max_connections", &self.max_connections)
            .field("log", &self.log)
            .field("following", &self.following)
            .field("outbox_interval", &self.outbox_interval)
            .finish()
    }
}

/// Reads the config file: the one named (which must exist), or `bside.toml` here when present.
pub(crate) fn read_file(named: Option<&Path>) -> anyhow::Result<FileConfig> {
    let path: PathBuf = match named {
        Some(path) => path.to_owned(),
        None if Path::new(DEFAULT_CONFIG_FILE).exists() => PathBuf::from(DEFAULT_CONFIG_FILE),
        None => return Ok(FileConfig::default()),
    };
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read config file {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("config file {} is not valid", path.display()))
}

/// Settles each value: flag or environment (clap has merged those), else the file, else the default.
pub(crate) fn settle(
    file: FileConfig,
    database: Option<String>,
    listen: Option<String>,
) -> anyhow::Result<Config> {
    let (following, public_url_set, outbox_interval) = following(
        file.webhooks.unwrap_or_default(),
        &file.calendars.unwrap_or_default(),
    )?;
    let mut config = Config {
        following,
        public_url_set,
        outbox_interval,
        database: database
            .or(file.database)
            .unwrap_or_else(|| DEFAULT_DATABASE.to_owned()),
        listen: listen
            .or(file.listen)
            .unwrap_or_else(|| DEFAULT_LISTEN.to_owned()),
        max_body_bytes: env_number("BSIDE_MAX_BODY_BYTES")?
            .or(file.max_body_bytes)
            .unwrap_or(1024 * 1024),
        max_connections: env_number("BSIDE_MAX_CONNECTIONS")?
            .or(file.max_connections)
            .unwrap_or(8),
        log: std::env::var("BSIDE_LOG")
            .ok()
            .or(file.log)
            .unwrap_or_else(|| "info".to_owned()),
    };
    if config.max_body_bytes == 0 || config.max_connections == 0 {
        bail!("max_body_bytes and max_connections must be positive");
    }
    if !config.public_url_set {
        // Links in payloads point at the configured address (serve replaces it by the bound one).
        config.following.public_url = format!("http://{}", config.listen);
    }
    Ok(config)
}

/// Webhook and calendar settings: defaults ← `[webhooks]`/`[calendars]` ← `BSIDE_WEBHOOKS_…`.
fn following(
    webhooks: WebhooksFile,
    calendars: &CalendarsFile,
) -> anyhow::Result<(app::FollowingOptions, bool, std::time::Duration)> {
    use std::time::Duration;
    let defaults = app::FollowingOptions::default();
    let allow = match std::env::var("BSIDE_WEBHOOKS_ALLOW") {
        Ok(text) => text
            .split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(ToOwned::to_owned)
            .collect(),
        Err(_) => webhooks.allow.unwrap_or_default(),
    };
    let millis = |name: &str, file: Option<u64>, default: Duration| -> anyhow::Result<Duration> {
        Ok(env_number::<u64>(name)?
            .or(file)
            .map_or(default, Duration::from_millis))
    };
    let public_url = std::env::var("BSIDE_PUBLIC_URL")
        .ok()
        .or(webhooks.public_url);
    let options = app::FollowingOptions {
        allow,
        max_failures: env_number("BSIDE_WEBHOOKS_MAX_FAILURES")?
            .or(webhooks.max_failures)
            .unwrap_or(defaults.max_failures),
        retry_base: millis(
            "BSIDE_WEBHOOKS_RETRY_BASE_MS",
            webhooks.retry_base_ms,
            defaults.retry_base,
        )?,
        retry_max: millis(
            "BSIDE_WEBHOOKS_RETRY_MAX_MS",
            webhooks.retry_max_ms,
            defaults.retry_max,
        )?,
        timeout: millis(
            "BSIDE_WEBHOOKS_TIMEOUT_MS",
            webhooks.timeout_ms,
            defaults.timeout,
        )?,
        public_url: public_url.clone().unwrap_or(defaults.public_url),
        calendar_past_days: env_number("BSIDE_CALENDAR_PAST_DAYS")?
            .or(calendars.past_days)
            .unwrap_or(defaults.calendar_past_days),
    };
    let interval = millis(
        "BSIDE_WEBHOOKS_INTERVAL_MS",
        webhooks.interval_ms,
        Duration::from_secs(1),
    )?;
    if options.max_failures == 0 || options.timeout.is_zero() || interval.is_zero() {
        bail!("[webhooks] max_failures, timeout_ms and interval_ms must be positive");
    }
    if options.calendar_past_days > app::MAX_CALENDAR_PAST_DAYS {
        bail!(
            "[calendars] past_days must be at most {}",
            app::MAX_CALENDAR_PAST_DAYS
        );
    }
    Ok((options, public_url.is_some(), interval))
}

fn env_number<T: std::str::FromStr>(name: &str) -> anyhow::Result<Option<T>> {
    match std::env::var(name) {
        Ok(text) => text
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| anyhow::anyhow!("{name}={text:?} is not a positive number")),
        Err(_) => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_beat_the_file_and_the_file_beats_defaults() {
        let file: FileConfig =
            toml::from_str("database = \"sqlite://from-file.db\"\nlisten = \"0.0.0.0:9000\"")
                .unwrap();
        let config = settle(file, Some("postgres://u:secret@h/db".into()), None).unwrap();
        assert_eq!(config.database, "postgres://u:secret@h/db");
        assert_eq!(config.listen, "0.0.0.0:9000");
        assert!(
            !format!("{config:?}").contains("secret"),
            "the password is redacted in Debug"
        );
    }

    #[test]
    fn webhook_settings_come_from_the_file() {
        let file: FileConfig = toml::from_str(
            "[webhooks]\nallow = [\"127.0.0.1\"]\nmax_failures = 3\ninterval_ms = 250\n[calendars]\npast_days = 7",
        )
        .unwrap();
        let config = settle(file, None, None).unwrap();
        assert_eq!(config.following.allow, vec!["127.0.0.1".to_owned()]);
        assert_eq!(config.following.max_failures, 3);
        assert_eq!(config.following.calendar_past_days, 7);
        assert_eq!(config.outbox_interval.as_millis(), 250);
        assert!(!config.public_url_set);
        assert_eq!(config.following.public_url, "http://127.0.0.1:8080");
        assert!(toml::from_str::<FileConfig>("[webhooks]\nalow = []").is_err());
    }

    #[test]
    fn unknown_keys_are_refused() {
        assert!(toml::from_str::<FileConfig>("databse = \"x\"").is_err());
    }
}
