//! The crate's one integration-test binary: the labelled articles scored as `eval/score-facts.py`
//! scores them, and the public API on bad input, HTML and other languages.

mod articles;
mod input;
mod musicbrainz;
mod score;
mod xml;
