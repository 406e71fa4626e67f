//! The JSON data dump as published: `<entity>.tar.xz` holding `mbdump/<entity>`, read as a stream.

use std::io::Read;

use super::read::EntityType;

/// A tar archive read through an xz decoder, one entry at a time (nothing is unpacked to disk).
pub fn open_archive<R: Read>(reader: R) -> tar::Archive<liblzma::read::XzDecoder<R>> {
    tar::Archive::new(liblzma::read::XzDecoder::new(reader))
}

/// What an archive entry is: the entity type of `mbdump/<entity>` files; other entries (`COPYING`,
/// `TIMESTAMP`, `JSON_DUMPS_SCHEMA_NUMBER`…) are not entity files.
pub struct ArchiveFile;

impl ArchiveFile {
    pub fn entity_type(path: &str) -> Option<EntityType> {
        let name = path
            .strip_prefix("./")
            .unwrap_or(path)
            .strip_prefix("mbdump/")?;
        if name.contains('/') {
            return None;
        }
        EntityType::from_file_name(name)
    }
}
