//! Bringing outside data into bside; for now, reading news articles into proposed facts (`extract`).
//!
//! Pure: no IO, no clock. Callers read files and requests and hand the text (or bytes) in.

pub mod extract;
