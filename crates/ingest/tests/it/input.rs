//! Bad input, HTML pages and other languages through the public API.

use ingest::extract::{Article, Catalog, ExtractError, MAX_ARTICLE_BYTES, extract};

#[test]
fn empty_input_is_refused() {
    assert_eq!(Article::from_bytes(b"").unwrap_err(), ExtractError::Empty);
    let blank = Article::from_text("  \n\n \t");
    assert_eq!(
        extract(&blank, &Catalog::default()).unwrap_err(),
        ExtractError::Empty
    );
}

#[test]
fn binary_input_is_refused() {
    let png = [
        0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d,
    ];
    assert_eq!(Article::from_bytes(&png).unwrap_err(), ExtractError::Binary);
    let latin1 = b"Caf\xe9 society";
    assert!(matches!(
        Article::from_bytes(latin1),
        Err(ExtractError::NotUtf8 { offset: 3 })
    ));
}

#[test]
fn oversize_input_is_refused_with_the_limit() {
    let huge = "a".repeat(MAX_ARTICLE_BYTES + 1);
    let error = Article::from_bytes(huge.as_bytes()).unwrap_err();
    assert_eq!(
        error,
        ExtractError::TooLarge {
            bytes: MAX_ARTICLE_BYTES + 1,
            limit: MAX_ARTICLE_BYTES
        }
    );
    assert!(error.to_string().contains("2097152"));
    assert!(extract(&Article::from_text(huge), &Catalog::default()).is_err());
}

#[test]
fn other_languages_yield_no_facts_and_say_why() {
    let korean = "가수 하늘이 8일 오후 6시 다섯 번째 미니앨범 '여름밤'을 발매하고 컴백했다. 타이틀곡 '반딧불'은 발라드곡이다.";
    let extraction = extract(&Article::from_text(korean), &Catalog::default()).expect("readable");
    assert!(extraction.facts.is_empty());
    assert!(
        extraction
            .language_note
            .as_deref()
            .is_some_and(|n| n.contains("Korean"))
    );

    let spanish = "El cantante lanzó el pasado viernes su cuarto álbum de estudio, que se convirtió en el álbum \
                   latino más rápido en superar los 100 millones de reproducciones en Spotify. El disco mezcla \
                   reguetón y trap, y incluye colaboraciones con otros artistas de la escena.";
    let extraction = extract(&Article::from_text(spanish), &Catalog::default()).expect("readable");
    assert!(extraction.facts.is_empty());
    assert!(
        extraction
            .language_note
            .as_deref()
            .is_some_and(|n| n.contains("Spanish"))
    );

    let english = "BTS member V released the music video for “Blue” on September 12, 2023.";
    let extraction = extract(&Article::from_text(english), &Catalog::default()).expect("readable");
    assert_eq!(extraction.language_note, None);
    assert!(!extraction.facts.is_empty());
}

const PAGE: &str = r#"<!DOCTYPE html>
<html><head>
<title>Site | LUMINA news</title>
<meta property="og:site_name" content="K-Wire">
<meta property="article:published_time" content="2023-09-25T14:10:00+09:00">
<link rel="canonical" href="https://example.com/lumina-afterglow">
<script>var ads = "<p>Buy now</p>";</script>
<style>p { color: red }</style>
</head><body>
<nav><a href="/">Home</a> <a href="/kpop">K-pop</a></nav>
<header><p>Subscribe to our newsletter</p></header>
<article>
<h1>LUMINA confirms October comeback with &lsquo;Afterglow&rsquo;</h1>
<p>Girl group LUMINA will return on Oct. 11 with its fifth mini album &ldquo;Afterglow,&rdquo; its agency said Monday.</p>
<p>The music video for &quot;Firefly&quot; will be released at 6 p.m. KST on the same day.</p>
<!-- <p>Hidden comment about a fake album "Nope"</p> -->
<aside><p>Related: another group&#8217;s album &#x201C;Elsewhere&#x201D; is out.</p></aside>
</article>
<footer>&copy; 2023 K-Wire</footer>
</body></html>"#;

#[test]
fn html_pages_yield_the_article_text_and_metadata() {
    let article = Article::from_bytes(PAGE.as_bytes()).expect("a page is text");
    let extraction = extract(&article, &Catalog::default()).expect("readable");
    assert!(
        extraction
            .text
            .starts_with("LUMINA confirms October comeback with ‘Afterglow’")
    );
    assert!(
        extraction
            .text
            .contains("its fifth mini album “Afterglow,”")
    );
    for noise in [
        "Home",
        "Subscribe",
        "Buy now",
        "color",
        "Nope",
        "Elsewhere",
        "K-Wire",
    ] {
        assert!(
            !extraction.text.contains(noise),
            "{noise} leaked into {:?}",
            extraction.text
        );
    }
    assert_eq!(extraction.publisher.as_deref(), Some("K-Wire"));
    assert_eq!(
        extraction.url.as_deref(),
        Some("https://example.com/lumina-afterglow")
    );
    assert_eq!(
        extraction.dateline.map(|d| d.to_string()).as_deref(),
        Some("2023-09-25")
    );
    let json = ingest::extract::to_interchange(&extraction.facts).to_string();
    assert!(json.contains(r#""release":"Afterglow""#), "{json}");
    assert!(json.contains(r#""date":"2023-10-11""#), "{json}");
    assert!(!json.contains("Elsewhere"));
}

#[test]
fn relative_days_and_zones_resolve_from_the_published_date() {
    let article = Article {
        text: "STELLARIX will release the music video for “Comet Tail” on Friday at 1 p.m. KST."
            .to_owned(),
        published: Some("2023-08-21".parse().expect("date")),
        ..Article::default()
    };
    let extraction = extract(&article, &Catalog::default()).expect("readable");
    let json = ingest::extract::to_interchange(&extraction.facts);
    let fact = json
        .as_array()
        .and_then(|a| a.iter().find(|f| f["kind"] == "mv_upcoming"))
        .expect("an upcoming MV");
    assert_eq!(fact["date"], "2023-08-25");
    assert_eq!(fact["at"], "2023-08-25T13:00:00+09:00[Asia/Seoul]");
    assert!(
        fact["date_note"]
            .as_str()
            .is_some_and(|n| n.contains("dateline 2023-08-21"))
    );
}
