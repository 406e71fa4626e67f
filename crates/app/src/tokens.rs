//! Write tokens: a random secret shown once; only its SHA-256 is stored.

use jiff::Timestamp;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::{App, AppError, Result, TokenRow};

/// A token just made: its secret is in `secret` and nowhere else.
#[derive(Debug)]
pub struct NewToken {
    pub name: String,
    pub secret: String,
}

const PREFIX: &str = "bside_";

impl App {
    pub async fn create_token(&self, name: &str, now: Timestamp) -> Result<NewToken> {
        let name = name.trim();
        if name.is_empty() || name.len() > 100 || name.contains(char::is_control) {
            return Err(model::Invalid::new(
                "name",
                "a token name is 1 to 100 printable characters",
            )
            .into());
        }
        let mut bytes = [0_u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        let secret = format!("{PREFIX}{}", hex::encode(bytes));
        self.store
            .create_token(name, &hash(&secret), &now.to_string())
            .await?;
        Ok(NewToken {
            name: name.to_owned(),
            secret,
        })
    }

    pub async fn tokens(&self) -> Result<Vec<TokenRow>> {
        Ok(self.store.tokens().await?)
    }

    pub async fn revoke_token(&self, name: &str, now: Timestamp) -> Result<()> {
        Ok(self.store.revoke_token(name, &now.to_string()).await?)
    }

    /// The name of the live token whose secret is `secret`.
    pub async fn authorize(&self, secret: &str) -> Result<String> {
        if !secret.starts_with(PREFIX) {
            return Err(AppError::Unauthorized);
        }
        match self.store.live_token(&hash(secret)).await? {
            Some(token) => Ok(token.name),
            None => Err(AppError::Unauthorized),
        }
    }
}

fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}
