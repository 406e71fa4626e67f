//! Validated writes: every create, replace, delete, citation and MV transition checks the model's
//! rules before the store sees it.

use ::search::{DocKind, Document};
use model::{Account, Appearance, Artist, Citation, MusicVideo, Release, Show, Source, VideoStep};

use crate::{App, Result};

/// What a citation can be attached to, by collection name in the API (`artists`, `releases`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Citable {
    Artist,
    Release,
    Video,
    Show,
    Appearance,
    Account,
}

/// Generates create/replace/delete for one kind of entity; for a kind the search index holds
/// (`indexed as KIND, DOCUMENT`), each write also updates the index, in store order.
macro_rules! writes {
    ($ty:ty, indexed as $doc_kind:expr, $document:path, $create:ident => $store_create:ident, $replace:ident => $store_replace:ident, $delete:ident => $store_delete:ident) => {
        impl App {
            pub async fn $create(&self, value: &$ty) -> Result<()> {
                value.validate()?;
                let write = async { Ok(self.store.$store_create(value).await?) };
                self.indexed_write($doc_kind, None, Some($document(value, 0)), write)
                    .await
            }

            /// Replaces the entity named `slug`; the document may rename it.
            pub async fn $replace(&self, slug: &str, value: &$ty) -> Result<()> {
                value.validate()?;
                let write = async { Ok(self.store.$store_replace(slug, value).await?) };
                self.indexed_write($doc_kind, Some(slug), Some($document(value, 0)), write)
                    .await
            }

            pub async fn $delete(&self, slug: &str) -> Result<()> {
                let write = async { Ok(self.store.$store_delete(slug).await?) };
                self.indexed_write($doc_kind, Some(slug), None, write).await
            }
        }
    };
    ($ty:ty, $create:ident => $store_create:ident, $replace:ident => $store_replace:ident, $delete:ident => $store_delete:ident) => {
        impl App {
            pub async fn $create(&self, value: &$ty) -> Result<()> {
                value.validate()?;
                Ok(self.store.$store_create(value).await?)
            }

            /// Replaces the entity named `slug`; the document may rename it.
            pub async fn $replace(&self, slug: &str, value: &$ty) -> Result<()> {
                value.validate()?;
                Ok(self.store.$store_replace(slug, value).await?)
            }

            pub async fn $delete(&self, slug: &str) -> Result<()> {
                Ok(self.store.$store_delete(slug).await?)
            }
        }
    };
}

writes!(Source, create_source => create_source, replace_source => replace_source, delete_source => delete_source);
writes!(Artist, indexed as DocKind::Artist, Document::artist, create_artist => create_artist, replace_artist => replace_artist, delete_artist => delete_artist);
writes!(Release, indexed as DocKind::Release, Document::release, create_release => create_release, replace_release => replace_release, delete_release => delete_release);
writes!(MusicVideo, create_video => create_video, replace_video => replace_video, delete_video => delete_video);
writes!(Show, indexed as DocKind::Show, Document::show, create_show => create_show, replace_show => replace_show, delete_show => delete_show);
writes!(Appearance, create_appearance => create_appearance, replace_appearance => replace_appearance, delete_appearance => delete_appearance);
writes!(Account, create_account => create_account, replace_account => replace_account, delete_account => delete_account);

impl App {
    /// Moves a music video along its lifecycle (announce, tease, release, cancel…).
    pub async fn transition_video(&self, slug: &str, step: &VideoStep) -> Result<MusicVideo> {
        step.validate()?;
        Ok(self.store.transition_video(slug, step).await?)
    }

    /// Cites a source for an entity; returns false when it was already cited.
    pub async fn cite(&self, what: Citable, slug: &str, citation: &Citation) -> Result<bool> {
        citation.validate()?;
        let store = &self.store;
        Ok(match what {
            Citable::Artist => store.cite_artist(slug, citation).await?,
            Citable::Release => store.cite_release(slug, citation).await?,
            Citable::Video => store.cite_video(slug, citation).await?,
            Citable::Show => store.cite_show(slug, citation).await?,
            Citable::Appearance => store.cite_appearance(slug, citation).await?,
            Citable::Account => store.cite_account(slug, citation).await?,
        })
    }
}
