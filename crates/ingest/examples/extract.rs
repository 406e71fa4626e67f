//! Reads an article file (text or saved HTML) and prints the facts it states as interchange JSON.
//!
//! `cargo run -p ingest --example extract -- ARTICLE.txt > found.json`

use ingest::extract::{Article, Catalog, extract, to_interchange};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: extract ARTICLE");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("cannot read {path}: {error}");
            std::process::exit(1);
        }
    };
    let extraction =
        Article::from_bytes(&bytes).and_then(|article| extract(&article, &Catalog::default()));
    match extraction {
        Ok(extraction) => {
            if let Some(note) = &extraction.language_note {
                eprintln!("{note}");
            }
            let json = to_interchange(&extraction.facts);
            println!(
                "{}",
                serde_json::to_string_pretty(&json).expect("JSON values serialize")
            );
        }
        Err(error) => {
            eprintln!("{path}: {error}");
            std::process::exit(1);
        }
    }
}
