//! Bringing outside data into bside: news articles into proposed facts (`extract`), and counts from
//! CSV files into points (`points`), MusicBrainz responses and dumps into catalog entities
//! (`musicbrainz`).
//!
//! Pure: no IO, no clock. Callers read files and requests and hand the text (or bytes) in.

pub mod extract;
pub mod musicbrainz;
pub mod points;
