//! Saved web pages: the article's text taken out of the page (no menus, scripts, footers), and the
//! page's own metadata (canonical address, publisher, published date).
//!
//! A small tokenizer rather than a full HTML5 parser: the extractor needs the visible text of one
//! element and a few `<meta>` values, not a DOM, and this keeps the crate's build light.

use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;

/// What a page yields.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Page {
    pub(crate) text: String,
    pub(crate) url: Option<String>,
    pub(crate) publisher: Option<String>,
    pub(crate) published: Option<Date>,
    /// `og:title`, the headline when the page has no `<h1>`.
    pub(crate) title: Option<String>,
}

/// Elements whose content is never article text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "iframe", "nav", "header", "footer", "aside",
    "form", "button", "select", "figure", "head", "menu", "dialog", "object", "canvas",
];

/// Elements that end a line of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "section",
    "article",
    "main",
    "blockquote",
    "pre",
    "hr",
    "dd",
    "dt",
    "dl",
    "figcaption",
    "title",
    "body",
];

static META: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<meta\s[^>]*>").expect("valid regex"));
static ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)([a-z:_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))"#).expect("valid regex")
});
static CANONICAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)<link\s[^>]*rel\s*=\s*["']?canonical["']?[^>]*>"#).expect("valid regex")
});
static LD_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#""datePublished"\s*:\s*"(\d{4}-\d{2}-\d{2})"#).expect("valid regex")
});
static H1: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<h1[^>]*>(.*?)</h1>").expect("valid regex"));
static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<[^>]*>").expect("valid regex"));
static TIME_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)<time\s[^>]*datetime\s*=\s*["'](\d{4}-\d{2}-\d{2})"#).expect("valid regex")
});

/// Does this text look like a saved web page rather than plain text?
pub(crate) fn looks_like_html(text: &str) -> bool {
    let head: String = text.chars().take(2048).collect::<String>().to_lowercase();
    let start = head.trim_start();
    start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || head.contains("<body")
        || (start.starts_with('<') && (head.contains("</p>") || head.contains("</div>")))
}

/// The page's article text (the longest `<article>`, else `<main>`, else `<body>`), with the `<h1>`
/// headline first, paragraphs separated by blank lines, and its metadata.
pub(crate) fn page(html: &str) -> Page {
    let mut page = Page::default();
    metadata(html, &mut page);

    let mut articles: Vec<String> = Vec::new();
    let mut main = String::new();
    let mut body = String::new();
    let mut skip: Vec<String> = Vec::new();
    let mut article_depth = 0usize;
    let mut main_depth = 0usize;
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            emit_text(
                rest,
                &skip,
                article_depth,
                main_depth,
                &mut articles,
                &mut main,
                &mut body,
            );
            break;
        };
        if lt > 0 {
            emit_text(
                &rest[..lt],
                &skip,
                article_depth,
                main_depth,
                &mut articles,
                &mut main,
                &mut body,
            );
        }
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |end| &rest[end + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else { break };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if tag.starts_with('!') || tag.starts_with('?') {
            continue;
        }
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        let self_closing = tag.ends_with('/');
        if let Some(open) = skip.last() {
            if closing && *open == name {
                skip.pop();
            } else if !closing && !self_closing && *open == name {
                skip.push(name);
            }
            continue;
        }
        if SKIPPED.contains(&name.as_str()) && !closing && !self_closing {
            // Raw-text elements: jump straight to their end tag.
            if matches!(name.as_str(), "script" | "style") {
                let close = format!("</{name}");
                let lower = rest.to_ascii_lowercase();
                rest = lower.find(&close).map_or("", |at| &rest[at..]);
                continue;
            }
            skip.push(name);
            continue;
        }
        match (name.as_str(), closing) {
            ("article", false) => {
                article_depth += 1;
                if article_depth == 1 {
                    articles.push(String::new());
                }
            }
            ("article", true) => article_depth = article_depth.saturating_sub(1),
            ("main", false) => main_depth += 1,
            ("main", true) => main_depth = main_depth.saturating_sub(1),
            _ => {}
        }
        if BLOCKS.contains(&name.as_str()) {
            let paragraph_break = matches!(
                name.as_str(),
                "p" | "h1"
                    | "h2"
                    | "h3"
                    | "h4"
                    | "h5"
                    | "h6"
                    | "blockquote"
                    | "li"
                    | "div"
                    | "section"
                    | "article"
            );
            let brk = if paragraph_break { "\n\n" } else { "\n" };
            for buffer in [Some(&mut body), (main_depth > 0).then_some(&mut main)]
                .into_iter()
                .flatten()
            {
                buffer.push_str(brk);
            }
            if article_depth > 0
                && let Some(last) = articles.last_mut()
            {
                last.push_str(brk);
            }
        }
    }

    let chosen = articles
        .into_iter()
        .max_by_key(|a| a.trim().len())
        .filter(|a| a.trim().len() > 200)
        .or_else(|| (main.trim().len() > 200).then_some(main))
        .unwrap_or(body);
    let mut text = tidy(&chosen);
    let headline = H1
        .captures(html)
        .map(|c| {
            collapse_spaces(&decode_entities(&TAG.replace_all(&c[1], " ")))
                .trim()
                .to_owned()
        })
        .filter(|h| !h.is_empty())
        .or_else(|| page.title.clone())
        .unwrap_or_default();
    if !headline.is_empty() && !text.contains(&headline) {
        text = format!("{headline}\n\n{text}");
    }
    page.text = text;
    page
}

fn emit_text(
    raw: &str,
    skip: &[String],
    article_depth: usize,
    main_depth: usize,
    articles: &mut [String],
    main: &mut String,
    body: &mut String,
) {
    if !skip.is_empty() {
        return;
    }
    let text = decode_entities(raw);
    let text = collapse_spaces(&text);
    if text.is_empty() {
        return;
    }
    body.push_str(&text);
    if main_depth > 0 {
        main.push_str(&text);
    }
    if article_depth > 0
        && let Some(last) = articles.last_mut()
    {
        last.push_str(&text);
    }
}

fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// Trims each line and keeps at most one blank line between paragraphs.
fn tidy(text: &str) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        blank = false;
    }
    out
}

fn metadata(html: &str, page: &mut Page) {
    for tag in META.find_iter(html) {
        let mut key = None;
        let mut content = None;
        for attr in ATTR.captures_iter(tag.as_str()) {
            let value = attr
                .get(2)
                .or(attr.get(3))
                .or(attr.get(4))
                .map(|v| decode_entities(v.as_str()));
            match attr[1].to_ascii_lowercase().as_str() {
                "property" | "name" | "itemprop" => key = value.map(|v| v.to_ascii_lowercase()),
                "content" => content = value,
                _ => {}
            }
        }
        let (Some(key), Some(content)) = (key, content) else {
            continue;
        };
        match key.as_str() {
            "article:published_time"
            | "datepublished"
            | "pubdate"
            | "publish-date"
            | "date"
            | "parsely-pub-date"
            | "sailthru.date"
            | "og:published_time"
                if page.published.is_none() =>
            {
                page.published = content.get(..10).and_then(|d| d.parse().ok());
            }
            "og:site_name" | "application-name"
                if page.publisher.is_none() && !content.trim().is_empty() =>
            {
                page.publisher = Some(content.trim().to_owned());
            }
            "og:title" if page.title.is_none() && !content.trim().is_empty() => {
                page.title = Some(content.trim().to_owned());
            }
            "og:url" if page.url.is_none() => {
                page.url = Some(content.trim().to_owned());
            }
            _ => {}
        }
    }
    if let Some(link) = CANONICAL.find(html) {
        for attr in ATTR.captures_iter(link.as_str()) {
            if attr[1].eq_ignore_ascii_case("href") {
                let value = attr
                    .get(2)
                    .or(attr.get(3))
                    .or(attr.get(4))
                    .map(|v| v.as_str().to_owned());
                if value.is_some() {
                    page.url = value;
                }
            }
        }
    }
    if page.published.is_none() {
        page.published = LD_DATE
            .captures(html)
            .or_else(|| TIME_TAG.captures(html))
            .and_then(|c| c[1].parse().ok());
    }
}

/// Decodes the character references that articles use.
pub(crate) fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..].find(';').map(|i| i + 1).filter(|&i| i <= 10);
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let c =
                if let Some(number) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                    u32::from_str_radix(number, 16)
                        .ok()
                        .and_then(char::from_u32)
                } else if let Some(number) = name.strip_prefix('#') {
                    number.parse().ok().and_then(char::from_u32)
                } else {
                    named_entity(name)
                };
            c.map(|c| (c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "hellip" => '…',
        "middot" => '·',
        "bull" => '•',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "eacute" => 'é',
        "oacute" => 'ó',
        "aacute" => 'á',
        "iacute" => 'í',
        "uacute" => 'ú',
        "ntilde" => 'ñ',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_decode() {
        assert_eq!(
            decode_entities("R&amp;B &ldquo;Blue&rdquo; &#8217; &#x2019; &bogus; &"),
            "R&B “Blue” ’ ’ &bogus; &"
        );
    }

    #[test]
    fn the_longest_article_wins_and_noise_goes() {
        let html = format!(
            "<html><body><nav>Menu</nav><article><p>short</p></article><main><article><h1>Title</h1><p>{}</p></article></main><footer>Footer</footer></body></html>",
            "Long text. ".repeat(30)
        );
        let page = page(&html);
        assert!(
            page.text.starts_with("Title\n\nLong text."),
            "{:?}",
            page.text
        );
        assert!(
            !page.text.contains("Menu")
                && !page.text.contains("Footer")
                && !page.text.contains("short")
        );
    }

    #[test]
    fn plain_text_is_not_html() {
        assert!(!looks_like_html("BTS’ V drops ‘Blue’ <3"));
        assert!(looks_like_html("<!DOCTYPE html><html></html>"));
        assert!(looks_like_html("<div><p>Hi</p></div>"));
    }
}
