//! The records engine's integration tests: invariants as property tests, and PRODUCT §5's
//! "fastest to 1M Instagram followers" history end to end.

mod demo;
mod engine;
mod series;
