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
}

/// The settled configuration.
#[derive(Clone)]
pub(crate) struct Config {
    pub(crate) database: String,
    pub(crate) listen: String,
    pub(crate) max_body_bytes: usize,
    pub(crate) max_connections: u32,
    pub(crate) log: String,
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
    let config = Config {
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
    Ok(config)
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
    fn unknown_keys_are_refused() {
        assert!(toml::from_str::<FileConfig>("databse = \"x\"").is_err());
    }
}
