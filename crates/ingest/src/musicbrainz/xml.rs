//! Reading MusicBrainz WS/2 XML (MMD 2.0: a lookup, a browse or a search) into the same wire types
//! the JSON reader fills, then mapping them with the same code: XML and JSON of one entity give
//! equal entities.

use std::str::FromStr;

use roxmltree::{Document, Node};

use super::read::{ParseError, Parsed, skipped};
use super::{map, wire};
use model::musicbrainz::Entity;

/// The namespace of WS/2 XML: `<metadata xmlns="http://musicbrainz.org/ns/mmd-2.0#">`.
const NAMESPACE: &str = "http://musicbrainz.org/ns/mmd-2.0#";

/// MusicBrainz entities bside does not hold; a lookup or list of them is named as skipped.
const UNHELD: &[&str] = &[
    "label",
    "work",
    "area",
    "place",
    "event",
    "series",
    "instrument",
    "url",
];

/// Parses a whole WS/2 XML response: one entity (a lookup) or a `<…-list>` (a browse or a search).
pub fn parse_xml_document(text: &str) -> Result<Vec<Parsed>, ParseError> {
    let document = Document::parse(text).map_err(|error| xml_error(&error, text))?;
    let root = document.root_element();
    let root_name = root.tag_name().name();
    if root_name == "error" {
        let said: Vec<&str> = elements(root, "text").filter_map(|n| n.text()).collect();
        return Err(at(
            root,
            format!("MusicBrainz answered with an error: {}", said.join("; ")),
        ));
    }
    if root_name != "metadata" {
        return Err(at(
            root,
            format!("expected <metadata> (a MusicBrainz WS/2 XML response), found <{root_name}>"),
        ));
    }
    if let Some(namespace) = root.tag_name().namespace()
        && namespace != NAMESPACE
    {
        return Err(at(
            root,
            format!(
                "<metadata> is in namespace {namespace}, not MusicBrainz's MMD 2.0 ({NAMESPACE})"
            ),
        ));
    }
    let Some(body) = root.children().find(Node::is_element) else {
        return Err(at(
            root,
            "<metadata> is empty: no MusicBrainz entity or list inside",
        ));
    };
    let name = body.tag_name().name();
    let Some(kind) = name.strip_suffix("-list") else {
        let (entities, notes) = entity(body)?;
        return Ok(vec![Parsed {
            line: 1,
            path: None,
            entities,
            notes,
        }]);
    };
    elements(body, kind)
        .enumerate()
        .map(|(index, item)| {
            let (entities, notes) = entity(item)?;
            Ok(Parsed {
                line: position(item).0,
                path: Some(format!("{name}[{index}]")),
                entities,
                notes,
            })
        })
        .collect()
}

/// One entity element, mapped as the JSON reader maps the same entity.
fn entity(node: Node<'_, '_>) -> Result<(Vec<Entity>, map::Notes), ParseError> {
    let mut notes = vec![];
    let entities = match node.tag_name().name() {
        "artist" => vec![map::artist(artist(node)?, &mut notes)],
        "release-group" => map::release_group(release_group(node)?, &mut notes),
        "release" => vec![map::release(release(node)?, &mut notes)],
        "recording" => map::recording(recording(node)?, &mut notes),
        kind if UNHELD.contains(&kind) => vec![skipped(kind, node.attribute("id"))],
        other => {
            return Err(at(
                node,
                format!(
                    "<{other}> is not a MusicBrainz entity: expected an artist, release group, release or recording"
                ),
            ));
        }
    };
    Ok((entities, notes))
}

type Read<T> = Result<T, ParseError>;

fn artist(node: Node<'_, '_>) -> Read<wire::Artist> {
    Ok(wire::Artist {
        id: id(node)?,
        name: required(node, "name")?,
        sort_name: text(node, "sort-name"),
        kind: attribute(node, "type"),
        country: text(node, "country"),
        life_span: child(node, "life-span").map(|span| wire::LifeSpan {
            begin: text(span, "begin"),
        }),
        aliases: list(node, "alias-list", "alias", |alias| {
            Ok(wire::Alias {
                name: alias.text().unwrap_or_default().to_owned(),
                locale: attribute(alias, "locale"),
                kind: attribute(alias, "type"),
                primary: alias.attribute("primary").map(|p| p == "primary"),
            })
        })?,
        relations: relations(node)?,
    })
}

fn artist_ref(node: Node<'_, '_>) -> Read<wire::ArtistRef> {
    Ok(wire::ArtistRef {
        id: id(node)?,
        name: required(node, "name")?,
        sort_name: text(node, "sort-name"),
        kind: attribute(node, "type"),
    })
}

/// Every `<relation-list target-type="…">` of an entity, as one list in document order.
fn relations(node: Node<'_, '_>) -> Read<Option<Vec<wire::Relation>>> {
    let mut out: Option<Vec<wire::Relation>> = None;
    for group in elements(node, "relation-list") {
        let target_type = group.attribute("target-type");
        let found = out.get_or_insert_with(Vec::new);
        for relation in elements(group, "relation") {
            found.push(self::relation(relation, target_type)?);
        }
    }
    Ok(out)
}

fn relation(node: Node<'_, '_>, target_type: Option<&str>) -> Read<wire::Relation> {
    // A URL is the relation's target: `<target id="URL MBID">https://…</target>`.
    let url = child(node, "target")
        .filter(|_| target_type == Some("url"))
        .and_then(|target| {
            Some(wire::Url {
                id: target.attribute("id")?.to_owned(),
                resource: target.text()?.trim().to_owned(),
            })
        });
    Ok(wire::Relation {
        kind: attribute(node, "type"),
        type_id: attribute(node, "type-id"),
        target_type: target_type.map(str::to_owned),
        direction: text(node, "direction"),
        begin: text(node, "begin"),
        end: text(node, "end"),
        attributes: list(node, "attribute-list", "attribute", |a| {
            Ok(a.text().unwrap_or_default().to_owned())
        })?,
        target_credit: text(node, "target-credit"),
        artist: child(node, "artist").map(artist_ref).transpose()?,
        url,
        recording: child(node, "recording")
            .map(|recording| {
                Ok(wire::RecordingRef {
                    id: id(recording)?,
                    video: boolean(recording, "video")?,
                })
            })
            .transpose()?,
    })
}

/// `<artist-credit><name-credit joinphrase="…"><name>as credited</name><artist>…`.
fn artist_credit(node: Node<'_, '_>) -> Read<Option<Vec<wire::CreditName>>> {
    child(node, "artist-credit")
        .map(|credit| {
            elements(credit, "name-credit")
                .map(|name| {
                    let Some(artist) = child(name, "artist") else {
                        return Err(at(name, "<name-credit> has no <artist>"));
                    };
                    Ok(wire::CreditName {
                        name: text(name, "name"),
                        joinphrase: attribute(name, "joinphrase"),
                        artist: artist_ref(artist)?,
                    })
                })
                .collect()
        })
        .transpose()
}

fn release_group(node: Node<'_, '_>) -> Read<wire::ReleaseGroup> {
    let mut primary_type = text(node, "primary-type");
    let mut secondary_types = list(node, "secondary-type-list", "secondary-type", |s| {
        Ok(s.text().unwrap_or_default().to_owned())
    })?;
    // Older responses (the search in the shared data) give only the legacy `type` attribute: the
    // secondary type when there is one, else the primary type.
    if let (None, None, Some(legacy)) = (&primary_type, &secondary_types, node.attribute("type")) {
        if ["Album", "Single", "EP", "Broadcast", "Other"].contains(&legacy) {
            primary_type = Some(legacy.to_owned());
        } else {
            secondary_types = Some(vec![legacy.to_owned()]);
        }
    }
    Ok(wire::ReleaseGroup {
        id: id(node)?,
        primary_type,
        secondary_types,
        first_release_date: text(node, "first-release-date"),
        artist_credit: artist_credit(node)?,
        releases: list(node, "release-list", "release", release)?,
    })
}

fn release(node: Node<'_, '_>) -> Read<wire::Release> {
    Ok(wire::Release {
        id: id(node)?,
        title: required(node, "title")?,
        status: text(node, "status"),
        date: text(node, "date"),
        artist_credit: artist_credit(node)?,
        release_group: child(node, "release-group")
            .map(release_group)
            .transpose()?
            .map(Box::new),
        label_info: list(node, "label-info-list", "label-info", |info| {
            Ok(wire::LabelInfo {
                label: child(info, "label")
                    .map(|label| {
                        Ok(wire::LabelRef {
                            name: required(label, "name")?,
                        })
                    })
                    .transpose()?,
            })
        })?,
        media: list(node, "medium-list", "medium", |medium| {
            Ok(wire::Medium {
                position: number(medium, "position")?,
                tracks: list(medium, "track-list", "track", track)?,
                data_tracks: list(medium, "data-track-list", "track", track)?,
            })
        })?,
    })
}

fn track(node: Node<'_, '_>) -> Read<wire::Track> {
    let recording = child(node, "recording").map(recording).transpose()?;
    // A track's `<title>` is given only when it differs from its recording's.
    let title = text(node, "title").or_else(|| recording.as_ref().map(|r| r.title.clone()));
    let Some(title) = title else {
        return Err(at(node, "<track> has no <title> and no <recording>"));
    };
    let Some(position) = number(node, "position")? else {
        return Err(at(node, "<track> has no <position>"));
    };
    Ok(wire::Track {
        position,
        title,
        length: number(node, "length")?,
        recording,
    })
}

fn recording(node: Node<'_, '_>) -> Read<wire::Recording> {
    Ok(wire::Recording {
        id: id(node)?,
        title: required(node, "title")?,
        length: number(node, "length")?,
        video: boolean(node, "video")?,
        first_release_date: text(node, "first-release-date"),
        artist_credit: artist_credit(node)?,
        relations: relations(node)?,
        releases: list(node, "release-list", "release", release)?,
    })
}

/// The child elements of `node` named `name`.
fn elements<'a, 'input: 'a>(
    node: Node<'a, 'input>,
    name: &'a str,
) -> impl Iterator<Item = Node<'a, 'input>> + 'a {
    node.children()
        .filter(move |n| n.is_element() && n.tag_name().name() == name)
}

fn child<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    node.children()
        .find(|n| n.is_element() && n.tag_name().name() == name)
}

/// The text of a child element; `<x/>` and `<x></x>` give `""`, as JSON's empty strings.
fn text(node: Node<'_, '_>, name: &str) -> Option<String> {
    child(node, name).map(|n| n.text().unwrap_or_default().to_owned())
}

fn required(node: Node<'_, '_>, name: &str) -> Read<String> {
    text(node, name).ok_or_else(|| {
        at(
            node,
            format!("<{}> has no <{name}>", node.tag_name().name()),
        )
    })
}

fn attribute(node: Node<'_, '_>, name: &str) -> Option<String> {
    node.attribute(name).map(str::to_owned)
}

fn id(node: Node<'_, '_>) -> Read<String> {
    attribute(node, "id").ok_or_else(|| {
        at(
            node,
            format!("<{}> has no id attribute", node.tag_name().name()),
        )
    })
}

fn number<T: FromStr>(node: Node<'_, '_>, name: &str) -> Read<Option<T>> {
    let Some(element) = child(node, name) else {
        return Ok(None);
    };
    let value = element.text().unwrap_or_default().trim();
    value
        .parse()
        .map(Some)
        .map_err(|_| at(element, format!("<{name}> is not a number: {value:?}")))
}

fn boolean(node: Node<'_, '_>, name: &str) -> Read<Option<bool>> {
    let Some(element) = child(node, name) else {
        return Ok(None);
    };
    match element.text().unwrap_or_default().trim() {
        "true" => Ok(Some(true)),
        "false" => Ok(Some(false)),
        other => Err(at(
            element,
            format!("<{name}> is not true or false: {other:?}"),
        )),
    }
}

/// A `<list>` of `<item>`s, each read with `read`; `None` when the list is absent, as JSON leaves
/// out a key the request did not ask for. A list whose `count` says it has items but that holds
/// none (`<track-list count="14"/>` without inc=recordings) is absent too.
fn list<'a, 'input, T>(
    node: Node<'a, 'input>,
    list: &str,
    item: &str,
    read: impl Fn(Node<'a, 'input>) -> Read<T>,
) -> Read<Option<Vec<T>>> {
    let Some(list) = child(node, list) else {
        return Ok(None);
    };
    let items: Vec<T> = list
        .children()
        .filter(|n| n.is_element() && n.tag_name().name() == item)
        .map(read)
        .collect::<Read<_>>()?;
    let counted = list
        .attribute("count")
        .and_then(|c| c.parse::<u64>().ok())
        .is_some_and(|c| c > 0);
    Ok((!items.is_empty() || !counted).then_some(items))
}

/// The 1-based line and column where `node` starts.
fn position(node: Node<'_, '_>) -> (usize, usize) {
    let at = node.document().text_pos_at(node.range().start);
    (at.row as usize, at.col as usize)
}

fn at(node: Node<'_, '_>, message: impl Into<String>) -> ParseError {
    let (line, column) = position(node);
    ParseError {
        line,
        column: Some(column),
        message: message.into(),
    }
}

fn xml_error(error: &roxmltree::Error, text: &str) -> ParseError {
    // roxmltree says " at LINE:COLUMN" inside its message; the line and column are said once.
    let position = error.pos();
    let bare = error.to_string().replace(&format!(" at {position}"), "");
    match error {
        // Said to be at 1:1; the input ran out at its end.
        roxmltree::Error::UnclosedRootNode | roxmltree::Error::UnexpectedEndOfStream => {
            ParseError {
                line: text.lines().count().max(1),
                column: None,
                message: format!(
                    "truncated: the XML ends after {} bytes ({bare})",
                    text.len()
                ),
            }
        }
        _ => ParseError {
            line: position.row as usize,
            column: Some(position.col as usize),
            message: format!("not well-formed XML: {bare}"),
        },
    }
}
