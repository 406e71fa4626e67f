//! The article as the patterns see it: sentences turned into templates in which every artist, title,
//! date and quoted speech is a placeholder (`⟦A0⟧ member ⟦A1⟧ released ⟦T2⟧ on ⟦D3⟧`), and the
//! document's entities, found in the catalog or discovered from the way the article introduces them.

use std::collections::HashMap;
use std::sync::LazyLock;

use jiff::civil::Date;
use model::{AliasKind, ArtistKind, ReleaseKind, Slug};
use regex::Regex;

use super::catalog::Catalog;
use super::dates::{self, Anchor, DateExpr, DateMention, ResolvedDate};
use super::gazetteer::Gazetteer;
use super::names::{self, NAME, clean_name, is_korean_full_name, is_organization};
use super::text::{self, QuoteKind, fold_name};

/// The analysed article.
#[derive(Debug)]
pub(crate) struct Doc<'a> {
    pub(crate) text: &'a str,
    pub(crate) catalog: &'a Catalog,
    pub(crate) dateline: Option<Date>,
    pub(crate) sents: Vec<Sent>,
    pub(crate) entities: Vec<Entity>,
    pub(crate) titles: Vec<TitleInfo>,
    /// The artist the article is about: pronouns and "the singer" resolve to it.
    pub(crate) main: Option<usize>,
}

#[derive(Debug)]
pub(crate) struct Sent {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) paragraph: usize,
    pub(crate) template: String,
    pub(crate) slots: Vec<Slot>,
}

#[derive(Debug, Clone)]
pub(crate) enum Slot {
    Artist {
        entity: usize,
        mention: String,
    },
    Title {
        title: usize,
        text: String,
    },
    Date {
        mention: DateMention,
        resolved: ResolvedDate,
    },
    Speech,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Artist,
    /// A person the article names in another capacity: a director, a host who is a comedian, a reporter.
    Other,
}

#[derive(Debug, Clone)]
pub(crate) struct Entity {
    pub(crate) name: String,
    pub(crate) slug: Option<Slug>,
    pub(crate) kind: Option<ArtistKind>,
    pub(crate) role: Role,
    /// Other names the article gives it, with the sentence that gives them; `None` kinds are plain
    /// references ("Lane" for Aurora Lane) that are no alias.
    pub(crate) names: Vec<OtherName>,
    pub(crate) mentions: usize,
    pub(crate) headline_mentions: usize,
    /// Groups the catalog says it belongs to.
    pub(crate) catalog_groups: Vec<usize>,
}

#[derive(Debug, Clone)]
pub(crate) struct OtherName {
    pub(crate) name: String,
    pub(crate) kind: Option<AliasKind>,
    pub(crate) sentence: Option<usize>,
    pub(crate) confidence: f32,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct TitleInfo {
    pub(crate) text: String,
    pub(crate) release: Option<ReleaseKind>,
    pub(crate) track: bool,
    pub(crate) show: bool,
    /// A quoted nickname, not a work.
    pub(crate) alias: bool,
    /// The catalog's release of that title, or the release whose tracklist has it.
    pub(crate) catalog_release: Option<usize>,
    pub(crate) catalog_track_release: Option<usize>,
    pub(crate) slug: Option<Slug>,
}

static SLOT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"⟦([ATDQ])(\d*)⟧").expect("valid regex"));

impl<'a> Doc<'a> {
    pub(crate) fn build(text: &'a str, catalog: &'a Catalog, published: Option<Date>) -> Self {
        let dateline = published.or_else(|| dates::find_dateline(text));
        let mut doc = Doc {
            text,
            catalog,
            dateline,
            sents: Vec::new(),
            entities: Vec::new(),
            titles: Vec::new(),
            main: None,
        };
        let raw = text::sentences(text);
        // Marks that do not depend on discovery: quotes and dates.
        let mut base: Vec<Vec<Mark>> = Vec::new();
        for s in &raw {
            let sentence = &text[s.start..s.end];
            let mut marks = Vec::new();
            for q in text::quotes(sentence) {
                let kind = match q.kind {
                    QuoteKind::Title => {
                        let id = doc.intern_title(&q.inner);
                        MarkKind::Title(id, q.inner.clone())
                    }
                    QuoteKind::Speech => MarkKind::Speech,
                };
                marks.push(Mark {
                    start: q.start,
                    end: q.end,
                    kind,
                    trailing: q.trailing,
                });
            }
            for d in dates::find_dates(sentence) {
                if marks.iter().all(|m| d.end <= m.start || d.start >= m.end) {
                    marks.push(Mark {
                        start: d.start,
                        end: d.end,
                        kind: MarkKind::Date(d),
                        trailing: None,
                    });
                }
            }
            base.push(marks);
        }

        // Catalog artists named anywhere.
        let mut catalog_entity: HashMap<usize, usize> = HashMap::new();
        for (i, s) in raw.iter().enumerate() {
            let sentence = &text[s.start..s.end];
            for hit in catalog.artist_names.find(sentence) {
                if base[i]
                    .iter()
                    .any(|m| hit.start < m.end && hit.end > m.start)
                {
                    continue;
                }
                doc.catalog_entity(hit.target, &mut catalog_entity);
            }
        }
        // Catalog knowledge of quoted titles.
        for t in 0..doc.titles.len() {
            let title = doc.titles[t].text.clone();
            if let Some(release) = catalog.release_titled(&title) {
                let index = catalog.releases.iter().position(|r| r == release);
                doc.titles[t].catalog_release = index;
                doc.titles[t].release = Some(release.kind);
                doc.titles[t].slug = Some(release.slug.clone());
            }
            if let Some((release, _)) = catalog.release_of_track(&title) {
                doc.titles[t].catalog_track_release =
                    catalog.releases.iter().position(|r| r == release);
                doc.titles[t].track = true;
            }
            if let Some(show) = catalog.show_titled(&title) {
                doc.titles[t].show = true;
                doc.titles[t].slug.get_or_insert(show.slug.clone());
            }
        }

        // Discovery, in two rounds: unquoted titles first, so that "Constellation, which arrived" is
        // not taken for an artist; then artists, aliases and the kinds of titles.
        let mut discovery = Discovery::default();
        for round in 0..2 {
            for (i, s) in raw.iter().enumerate() {
                let marks = doc.marks_with_known(text, s.start, s.end, &base[i], round > 0);
                let sentence = &text[s.start..s.end];
                let (template, slots) = render(sentence, &marks);
                let title_case = s.heading && is_title_case(sentence);
                if round == 0 {
                    doc.discover_titles(&template, &slots, title_case);
                } else {
                    doc.discover_entities(i, &template, &slots, title_case, &mut discovery);
                }
            }
        }
        doc.finish_discovery(&raw, &base, discovery);

        // Final templates.
        for e in &mut doc.entities {
            e.mentions = 0;
            e.headline_mentions = 0;
        }
        let names = doc.name_gazetteer();
        let titles = doc.title_gazetteer();
        let mut anchor = Anchor {
            dateline,
            earlier: None,
            previous: Vec::new(),
        };
        for (i, s) in raw.iter().enumerate() {
            let sentence = &text[s.start..s.end];
            let mut marks = base[i].clone();
            add_hits(&mut marks, names.find(sentence), MarkKind::Artist, sentence);
            let title_hits: Vec<_> = titles
                .find(sentence)
                .into_iter()
                .filter(|h| sentence[h.start..h.end] == doc.titles[h.target].text)
                .collect();
            add_hits(
                &mut marks,
                title_hits,
                |t| MarkKind::Title(t, String::new()),
                sentence,
            );
            marks.sort_by_key(|m| m.start);
            let (template, mut slots) = render(sentence, &marks);
            // Resolve dates in reading order, each against the one before.
            let clauses = clause_bounds(&template);
            let positions: Vec<(usize, usize)> = slot_positions(&template);
            for (slot_index, at) in positions {
                if let Slot::Date { mention, resolved } = &mut slots[slot_index] {
                    let (start, clause) = clauses
                        .iter()
                        .find(|c| c.0 <= at && at < c.1)
                        .map_or((0, template.as_str()), |c| (c.0, &template[c.0..c.1]));
                    let future = speaks_of_future(&template[start..at], clause);
                    *resolved = dates::resolve(mention, &anchor, future);
                    if let DateExpr::Full(d) = mention.expr {
                        anchor.earlier = Some(d);
                    }
                    if let Some(d) = resolved.date
                        && !mention.reporting
                    {
                        anchor.previous.push((d, mention.time));
                    }
                }
            }
            for slot in &slots {
                if let Slot::Artist { entity, .. } = slot {
                    doc.entities[*entity].mentions += 1;
                    if s.heading && i < 3 {
                        doc.entities[*entity].headline_mentions += 1;
                    }
                }
            }
            doc.sents.push(Sent {
                start: s.start,
                end: s.end,
                paragraph: s.paragraph,
                template,
                slots,
            });
        }
        doc.main = doc.main_subject();
        doc
    }

    /// The sentence's text.
    pub(crate) fn sentence_text(&self, sentence: usize) -> &str {
        let s = &self.sents[sentence];
        &self.text[s.start..s.end]
    }

    fn intern_title(&mut self, text: &str) -> usize {
        let folded = fold_name(text);
        if let Some(i) = self
            .titles
            .iter()
            .position(|t| fold_name(&t.text) == folded)
        {
            return i;
        }
        self.titles.push(TitleInfo {
            text: text.to_owned(),
            ..TitleInfo::default()
        });
        self.titles.len() - 1
    }

    fn catalog_entity(&mut self, artist: usize, map: &mut HashMap<usize, usize>) -> usize {
        if let Some(&e) = map.get(&artist) {
            return e;
        }
        let known = &self.catalog.artists[artist];
        self.entities.push(Entity {
            name: known.name.clone(),
            slug: Some(known.slug.clone()),
            kind: Some(known.kind),
            role: Role::Artist,
            names: known
                .aliases
                .iter()
                .map(|a| OtherName {
                    name: a.name.clone(),
                    kind: Some(a.kind),
                    sentence: None,
                    confidence: 0.9,
                })
                .collect(),
            mentions: 0,
            headline_mentions: 0,
            catalog_groups: Vec::new(),
        });
        let id = self.entities.len() - 1;
        map.insert(artist, id);
        let groups: Vec<usize> = known
            .groups
            .iter()
            .filter_map(|slug| self.catalog.artist(slug))
            .collect();
        let group_entities: Vec<usize> = groups
            .into_iter()
            .map(|g| self.catalog_entity(g, map))
            .collect();
        self.entities[id].catalog_groups = group_entities;
        id
    }

    /// The entity called `name`, created (new to the catalog) if the article had not named it yet.
    fn entity_named(&mut self, name: &str) -> usize {
        let folded = fold_name(name);
        if let Some(i) = self.entities.iter().position(|e| {
            fold_name(&e.name) == folded || e.names.iter().any(|n| fold_name(&n.name) == folded)
        }) {
            return i;
        }
        // "Fuego" for Santi Fuego, "Han" for Han Yerin: a single word that is the family name of
        // exactly one person named so far.
        if !name.contains(' ') {
            let owners: Vec<usize> = (0..self.entities.len())
                .filter(|&i| {
                    reference_of(&self.entities[i].name).is_some_and(|r| fold_name(r) == folded)
                })
                .collect();
            if let [only] = owners[..] {
                return only;
            }
        }
        self.entities.push(Entity {
            name: name.to_owned(),
            slug: None,
            kind: None,
            role: Role::Artist,
            names: Vec::new(),
            mentions: 0,
            headline_mentions: 0,
            catalog_groups: Vec::new(),
        });
        self.entities.len() - 1
    }

    /// Marks for a discovery round: the base marks plus the names known so far.
    fn marks_with_known(
        &self,
        text: &str,
        start: usize,
        end: usize,
        base: &[Mark],
        with_titles: bool,
    ) -> Vec<Mark> {
        let sentence = &text[start..end];
        let mut marks = base.to_vec();
        add_hits(
            &mut marks,
            self.name_gazetteer().find(sentence),
            MarkKind::Artist,
            sentence,
        );
        if with_titles {
            let hits = self
                .title_gazetteer()
                .find(sentence)
                .into_iter()
                .filter(|h| sentence[h.start..h.end] == self.titles[h.target].text)
                .collect();
            add_hits(
                &mut marks,
                hits,
                |t| MarkKind::Title(t, String::new()),
                sentence,
            );
        }
        marks.sort_by_key(|m| m.start);
        marks
    }

    fn name_gazetteer(&self) -> Gazetteer {
        Gazetteer::new(self.entities.iter().enumerate().flat_map(|(i, e)| {
            std::iter::once((e.name.as_str(), i))
                .chain(e.names.iter().map(move |n| (n.name.as_str(), i)))
        }))
    }

    fn title_gazetteer(&self) -> Gazetteer {
        Gazetteer::new(
            self.titles
                .iter()
                .enumerate()
                .filter(|(_, t)| {
                    !t.alias && t.text.chars().count() > 2 && t.text.starts_with(char::is_uppercase)
                })
                .map(|(i, t)| (t.text.as_str(), i)),
        )
    }

    fn discover_titles(&mut self, template: &str, slots: &[Slot], title_case: bool) {
        for c in TITLE_AFTER_NOUN.captures_iter(template) {
            let kind = release_kind(&c["kind"]);
            if let Some(t) = c.name("t") {
                let title = match slot_of(t.as_str(), slots) {
                    Some(Slot::Title { title, .. }) => Some(*title),
                    Some(_) => None,
                    // In a Title Case headline every word looks like a name: take quoted titles only.
                    None if title_case => None,
                    None => clean_name(t.as_str())
                        .filter(|name| {
                            !self
                                .entities
                                .iter()
                                .any(|e| fold_name(&e.name) == fold_name(name))
                        })
                        .map(|name| self.intern_title(&name)),
                };
                if let (Some(title), Some(kind)) = (title, kind) {
                    self.titles[title].release.get_or_insert(kind);
                }
            }
        }
        if title_case {
            return;
        }
        for c in UNQUOTED_SHOW.captures_iter(template) {
            if let Some(name) = clean_name(&c["show"])
                && !is_organization(&name)
            {
                let t = self.intern_title(&name);
                self.titles[t].show = true;
            }
        }
    }

    fn discover_entities(
        &mut self,
        sentence: usize,
        template: &str,
        slots: &[Slot],
        title_case: bool,
        found: &mut Discovery,
    ) {
        // Kinds of titles.
        for c in TITLE_BEFORE_NOUN.captures_iter(template) {
            if let Some(Slot::Title { title, .. }) = slot_of(&c["t"], slots)
                && let Some(kind) = release_kind(&c["kind"])
            {
                self.titles[*title].release.get_or_insert(kind);
            }
        }
        for re in [&*TRACK_TITLE_A, &*TRACK_TITLE_B] {
            for c in re.captures_iter(template) {
                if let Some(Slot::Title { title, .. }) = slot_of(&c["t"], slots) {
                    self.titles[*title].track = true;
                }
            }
        }
        for c in SHOW_TITLE.captures_iter(template) {
            if let Some(Slot::Title { title, .. }) = slot_of(&c["t"], slots) {
                self.titles[*title].show = true;
            }
        }
        // Artists by the way they are introduced.
        for rule in RULES.iter() {
            if title_case && rule.needs_sentence_case {
                continue;
            }
            for c in rule.regex.captures_iter(template) {
                let Some(m) = c.name("e") else { continue };
                let Some(entity) = self.entity_of(m.as_str(), slots) else {
                    continue;
                };
                let e = &mut self.entities[entity];
                match rule.kind {
                    Intro::Person => {
                        if e.slug.is_none() {
                            e.kind = Some(ArtistKind::Person);
                        }
                    }
                    Intro::Group => {
                        if e.slug.is_none() {
                            e.kind = Some(ArtistKind::Group);
                        }
                    }
                    Intro::Artist => {}
                    Intro::Other => {
                        if e.slug.is_none()
                            && found.cued.get(&entity).is_none_or(|r| *r == Role::Other)
                        {
                            e.role = Role::Other;
                        }
                    }
                }
                if matches!(rule.kind, Intro::Person | Intro::Group) {
                    found.strong.insert(entity);
                }
                if rule.kind != Intro::Other {
                    if e.slug.is_none() {
                        e.role = Role::Artist;
                    }
                    found.cued.insert(entity, Role::Artist);
                } else {
                    found.cued.entry(entity).or_insert(Role::Other);
                }
            }
        }
        for c in ROLE_LIST.captures_iter(template) {
            for name in list_names(&c["list"]) {
                if let Some(person) = self.entity_of(&name, slots) {
                    if self.entities[person].slug.is_none() {
                        self.entities[person].kind = Some(ArtistKind::Person);
                        self.entities[person].role = Role::Artist;
                    }
                    found.cued.insert(person, Role::Artist);
                    found.strong.insert(person);
                }
            }
        }
        // Lists of members: "LUMINA, composed of Hana, Yuri, Seoyeon and Mika".
        for c in MEMBER_LIST.captures_iter(template) {
            let Some(group) = self.entity_of(&c["e"], slots) else {
                continue;
            };
            if self.entities[group].slug.is_none() {
                self.entities[group].kind = Some(ArtistKind::Group);
            }
            found.cued.insert(group, Role::Artist);
            found.strong.insert(group);
            for name in list_names(&c["list"]) {
                if let Some(person) = self.entity_of(&name, slots) {
                    if self.entities[person].slug.is_none() {
                        self.entities[person].kind = Some(ArtistKind::Person);
                        self.entities[person].role = Role::Artist;
                    }
                    found.cued.insert(person, Role::Artist);
                    found.strong.insert(person);
                }
            }
        }
        // Aliases by their cues.
        for rule in ALIAS_RULES.iter() {
            for c in rule.regex.captures_iter(template) {
                let alias_match = c.name("alias").expect("alias group");
                let alias = match slot_of(alias_match.as_str(), slots) {
                    Some(Slot::Title { title, .. }) => {
                        self.titles[*title].alias = true;
                        Some(self.titles[*title].text.clone())
                    }
                    Some(Slot::Artist { mention, .. }) => Some(mention.clone()),
                    Some(_) => None,
                    None => clean_alias(&untemplate(alias_match.as_str(), slots)),
                };
                let Some(alias) = alias else { continue };
                if rule.kind == AliasKind::LegalName && !alias.contains(' ') {
                    continue;
                }
                // The artist: the nearest name before the cue in its clause, else the article's subject.
                let cue_start = c.get(0).expect("match").start();
                let clause_start = clause_bounds(template)
                    .into_iter()
                    .find(|b| b.0 <= cue_start && cue_start < b.1)
                    .map_or(0, |b| b.0);
                let before = &template[clause_start..cue_start];
                let subject = match c.name("e") {
                    Some(m) => self.entity_of(m.as_str(), slots),
                    None => NAME_OR_SLOT
                        .find_iter(before)
                        .last()
                        .and_then(|m| self.entity_of(m.as_str(), slots))
                        .filter(|&e| self.entities[e].role == Role::Artist),
                };
                found
                    .aliases
                    .push((subject, alias, rule.kind, sentence, rule.reverse));
            }
        }
    }

    /// The entity a captured name stands for: a placeholder's entity, or a new one for a plain name.
    fn entity_of(&mut self, captured: &str, slots: &[Slot]) -> Option<usize> {
        match slot_of(captured, slots) {
            Some(Slot::Artist { entity, .. }) => Some(*entity),
            Some(_) => None,
            None => {
                let name = clean_name(captured)?;
                if is_organization(&name) || self.titles.iter().any(|t| t.text == name) {
                    return None;
                }
                Some(self.entity_named(&name))
            }
        }
    }

    fn finish_discovery(&mut self, raw: &[text::Sentence], base: &[Vec<Mark>], found: Discovery) {
        // Aliases stated with a cue.
        self.count_mentions(raw, base);
        let main = self.main_subject();
        for (subject, alias, kind, sentence, reverse) in found.aliases {
            let Some(subject) = subject.or(main) else {
                continue;
            };
            if reverse {
                // "Jung Hoseok, better known as J-Hope": the alias names the artist.
                let artist = self.entity_named(&alias);
                let legal = self.entities[subject].name.clone();
                self.entities[artist].role = Role::Artist;
                self.add_name(
                    artist,
                    &legal,
                    Some(AliasKind::LegalName),
                    Some(sentence),
                    0.85,
                );
                self.entities[subject].role = Role::Other;
                continue;
            }
            // A new entity that turns out to be this alias is folded into the artist.
            if let Some(dup) = self
                .entities
                .iter()
                .position(|e| fold_name(&e.name) == fold_name(&alias))
                && dup != subject
                && self.entities[dup].slug.is_none()
            {
                self.entities[dup].name = format!("\u{0}{}", self.entities[dup].name);
                self.entities[dup].role = Role::Other;
            }
            self.add_name(subject, &alias, Some(kind), Some(sentence), 0.9);
        }

        // Short references: "Lane" for Aurora Lane, "Han" for Han Yerin.
        let mut references: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in self.entities.iter().enumerate() {
            if e.name.starts_with('\u{0}') || e.kind == Some(ArtistKind::Group) {
                continue;
            }
            if let Some(reference) = reference_of(&e.name) {
                references.entry(reference.to_owned()).or_default().push(i);
            }
        }
        for (reference, owners) in references {
            // A word already taken for an entity of its own ("Han made a guest appearance") is the same one.
            if let [owner] = owners[..]
                && let Some(single) = self
                    .entities
                    .iter()
                    .position(|e| e.name == reference && e.slug.is_none())
                && single != owner
                && !found.strong.contains(&single)
            {
                self.entities[single].name = format!("\u{0}{reference}");
                self.entities[single].role = Role::Other;
            }
            if owners.len() == 1
                && reference.chars().count() > 2
                && !self.entities.iter().any(|e| e.name == reference)
                && !names::is_stop_token(&reference)
            {
                self.add_name(owners[0], &reference, None, None, 0.0);
            }
        }

        // Names the article uses for its subject without saying so: a Korean full name ("Kim Taehyung"
        // for V) is the legal name; a nickname that starts like the legal given name ("Tae Bear").
        self.count_mentions(raw, base);
        let Some(main) = self.main_subject() else {
            return;
        };
        if self.entities[main].kind == Some(ArtistKind::Group) {
            return;
        }
        let main_name = self.entities[main].name.clone();
        let has_legal = |e: &Entity| e.names.iter().any(|n| n.kind == Some(AliasKind::LegalName));
        if !is_korean_full_name(&main_name) && !has_legal(&self.entities[main]) {
            // A Korean full name the article introduced only by what it does (no "singer X", no list).
            let weak = (0..self.entities.len()).find(|&i| {
                let e = &self.entities[i];
                i != main
                    && e.slug.is_none()
                    && e.role == Role::Artist
                    && e.kind != Some(ArtistKind::Group)
                    && !found.strong.contains(&i)
                    && is_korean_full_name(&e.name)
                    && e.names.iter().all(|n| n.kind.is_none())
                    && e.mentions < self.entities[main].mentions
            });
            if let Some(weak) = weak {
                let name = self.entities[weak].name.clone();
                let sentence = self.first_sentence_naming(raw, &name);
                self.entities[weak].name = format!("\u{0}{name}");
                self.entities[weak].role = Role::Other;
                self.add_name(main, &name, Some(AliasKind::LegalName), sentence, 0.6);
            }
        }
        let mut candidates: Vec<(String, usize)> = Vec::new();
        for (i, s) in raw.iter().enumerate() {
            if s.heading && i < 3 && is_title_case(&self.text[s.start..s.end]) {
                continue;
            }
            let marks = self.marks_with_known(self.text, s.start, s.end, &base[i], true);
            let sentence = &self.text[s.start..s.end];
            let (template, _) = render(sentence, &marks);
            for m in NAME_ONLY.find_iter(&template) {
                // Only where the subject would stand: opening the sentence, or owning something.
                let subject_position = template[..m.start()].trim().is_empty()
                    || template[m.end()..].starts_with('\'');
                if !subject_position {
                    continue;
                }
                if let Some(name) = clean_name(m.as_str())
                    && !found_in_entities(&self.entities, &name)
                    && !self
                        .titles
                        .iter()
                        .any(|t| fold_name(&t.text) == fold_name(&name))
                    && !is_organization(&name)
                    && !BYLINE.is_match(&template[..m.start()])
                {
                    candidates.push((name, i));
                }
            }
        }
        if !is_korean_full_name(&main_name) {
            for (name, sentence) in &candidates {
                if is_korean_full_name(name)
                    && !self.entities[main]
                        .names
                        .iter()
                        .any(|n| n.kind == Some(AliasKind::LegalName))
                {
                    self.add_name(main, name, Some(AliasKind::LegalName), Some(*sentence), 0.6);
                }
            }
        }
        let given: Vec<String> = self.entities[main]
            .names
            .iter()
            .filter(|n| n.kind == Some(AliasKind::LegalName))
            .flat_map(|n| {
                let tokens: Vec<String> =
                    n.name.split_whitespace().map(str::to_lowercase).collect();
                let skip = usize::from(is_korean_full_name(&n.name));
                tokens.into_iter().skip(skip).collect::<Vec<_>>()
            })
            .filter(|t| t.chars().count() >= 4)
            .collect();
        for (name, sentence) in &candidates {
            let tokens: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
            if tokens.len() > 2 || given.iter().any(|g| tokens.contains(g)) {
                continue;
            }
            let first = &tokens[0];
            let shares = given.iter().any(|g| {
                first.chars().count() >= 3
                    && first != g
                    && (g.starts_with(first.as_str()) || g.ends_with(first.as_str()))
            });
            if shares
                && !self.entities[main]
                    .names
                    .iter()
                    .any(|n| fold_name(&n.name) == fold_name(name))
            {
                self.add_name(main, name, Some(AliasKind::Nickname), Some(*sentence), 0.55);
            }
        }
    }

    /// Counts each entity's mentions (headlines double) for choosing the article's subject.
    fn count_mentions(&mut self, raw: &[text::Sentence], base: &[Vec<Mark>]) {
        for e in &mut self.entities {
            e.mentions = 0;
            e.headline_mentions = 0;
        }
        let names = self.name_gazetteer();
        for (i, s) in raw.iter().enumerate() {
            let sentence = &self.text[s.start..s.end];
            for hit in names.find(sentence) {
                if base[i]
                    .iter()
                    .any(|m| hit.start < m.end && hit.end > m.start)
                {
                    continue;
                }
                self.entities[hit.target].mentions += 1;
                if s.heading && i < 3 {
                    self.entities[hit.target].headline_mentions += 1;
                }
            }
        }
    }

    fn first_sentence_naming(&self, raw: &[text::Sentence], name: &str) -> Option<usize> {
        raw.iter()
            .position(|s| !s.heading && self.text[s.start..s.end].contains(name))
            .or_else(|| {
                raw.iter()
                    .position(|s| self.text[s.start..s.end].contains(name))
            })
    }

    fn add_name(
        &mut self,
        entity: usize,
        name: &str,
        kind: Option<AliasKind>,
        sentence: Option<usize>,
        confidence: f32,
    ) {
        let folded = fold_name(name);
        if fold_name(&self.entities[entity].name) == folded {
            return;
        }
        if let Some(existing) = self.entities[entity]
            .names
            .iter_mut()
            .find(|n| fold_name(&n.name) == folded)
        {
            if existing.sentence.is_none() {
                existing.sentence = sentence;
            }
            return;
        }
        self.entities[entity].names.push(OtherName {
            name: name.to_owned(),
            kind,
            sentence,
            confidence,
        });
    }

    /// The artist most talked about, headlines counting double.
    fn main_subject(&self) -> Option<usize> {
        self.entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.role == Role::Artist && !e.name.starts_with('\u{0}'))
            .map(|(i, e)| (i, e.mentions + 2 * e.headline_mentions))
            .filter(|(_, score)| *score > 0)
            .max_by_key(|(i, score)| (*score, std::cmp::Reverse(*i)))
            .map(|(i, _)| i)
            .or_else(|| {
                self.entities
                    .iter()
                    .position(|e| e.role == Role::Artist && !e.name.starts_with('\u{0}'))
            })
    }

    /// The entity of the sentence's first artist placeholder that is the subject of the sentence: not a
    /// group qualifier ("BTS" in "BTS member V"), not a show's host, not a director.
    pub(crate) fn subject_in(&self, sentence: usize, range: (usize, usize)) -> Option<usize> {
        let s = &self.sents[sentence];
        let template = &s.template[range.0..range.1];
        for m in SLOT.captures_iter(template) {
            let whole = m.get(0).expect("match");
            if &m[1] != "A" {
                continue;
            }
            let Some(Slot::Artist { entity, .. }) =
                m[2].parse::<usize>().ok().and_then(|i| s.slots.get(i))
            else {
                continue;
            };
            let after = &template[whole.end()..];
            let before = &template[..whole.start()];
            if QUALIFIER.is_match(after)
                || HOST_AFTER.is_match(after)
                || OBJECT_BEFORE.is_match(before)
            {
                continue;
            }
            if self.entities[*entity].role != Role::Artist {
                continue;
            }
            return Some(*entity);
        }
        None
    }

    /// The group among the article's artists when the article is about one group (for "member Jaehyun").
    pub(crate) fn main_group(&self) -> Option<usize> {
        let main = self.main?;
        (self.entities[main].kind != Some(ArtistKind::Person)).then_some(main)
    }
}

#[derive(Debug, Default)]
struct Discovery {
    cued: HashMap<usize, Role>,
    /// Entities introduced as a person or a group, or named in a list of members: not another name of
    /// the article's subject.
    strong: std::collections::HashSet<usize>,
    aliases: Vec<(Option<usize>, String, AliasKind, usize, bool)>,
}

/// The word a person is referred to by after the first mention: the family name ("Lane" for Aurora
/// Lane, "Han" for Han Yerin).
fn reference_of(name: &str) -> Option<&str> {
    if name.starts_with('\u{0}') {
        return None;
    }
    let tokens: Vec<&str> = name.split_whitespace().collect();
    if tokens.len() < 2 {
        return None;
    }
    Some(if is_korean_full_name(name) {
        tokens[0]
    } else {
        tokens[tokens.len() - 1]
    })
}

fn found_in_entities(entities: &[Entity], name: &str) -> bool {
    let folded = fold_name(name);
    entities.iter().any(|e| {
        fold_name(&e.name) == folded
            || e.names.iter().any(|n| fold_name(&n.name) == folded)
            || e.name.split_whitespace().any(|t| fold_name(t) == folded)
    })
}

/// A captured piece with its artist placeholders back in the article's words.
fn untemplate(piece: &str, slots: &[Slot]) -> String {
    SLOT.replace_all(piece, |c: &regex::Captures<'_>| {
        match c[2].parse::<usize>().ok().and_then(|i| slots.get(i)) {
            Some(Slot::Artist { mention, .. }) => mention.clone(),
            Some(Slot::Title { text, .. }) => text.clone(),
            _ => String::new(),
        }
    })
    .into_owned()
}

/// An alias captured as a plain name: cleaned, at most five words.
fn clean_alias(text: &str) -> Option<String> {
    let name = clean_name(text)?;
    (name.split_whitespace().count() <= 5).then_some(name)
}

#[derive(Debug, Clone)]
struct Mark {
    start: usize,
    end: usize,
    kind: MarkKind,
    trailing: Option<char>,
}

#[derive(Debug, Clone)]
enum MarkKind {
    Artist(usize),
    Title(usize, String),
    Date(DateMention),
    Speech,
}

fn add_hits(
    marks: &mut Vec<Mark>,
    hits: Vec<super::gazetteer::Hit>,
    make: impl Fn(usize) -> MarkKind,
    _sentence: &str,
) {
    for hit in hits {
        if marks.iter().any(|m| hit.start < m.end && hit.end > m.start) {
            continue;
        }
        marks.push(Mark {
            start: hit.start,
            end: hit.end,
            kind: make(hit.target),
            trailing: None,
        });
    }
}

/// Replaces the marks with placeholders and normalizes apostrophes and dashes in between.
fn render(sentence: &str, marks: &[Mark]) -> (String, Vec<Slot>) {
    let mut sorted: Vec<&Mark> = marks.iter().collect();
    sorted.sort_by_key(|m| m.start);
    let mut template = String::with_capacity(sentence.len());
    let mut slots = Vec::new();
    let mut at = 0;
    for m in sorted {
        if m.start < at {
            continue;
        }
        push_plain(&mut template, &sentence[at..m.start]);
        let index = slots.len();
        let (letter, slot) = match &m.kind {
            MarkKind::Artist(e) => (
                'A',
                Slot::Artist {
                    entity: *e,
                    mention: sentence[m.start..m.end].to_owned(),
                },
            ),
            MarkKind::Title(t, text) => (
                'T',
                Slot::Title {
                    title: *t,
                    text: if text.is_empty() {
                        sentence[m.start..m.end].to_owned()
                    } else {
                        text.clone()
                    },
                },
            ),
            MarkKind::Date(d) => (
                'D',
                Slot::Date {
                    mention: d.clone(),
                    resolved: ResolvedDate {
                        date: None,
                        at: None,
                        note: None,
                    },
                },
            ),
            MarkKind::Speech => ('Q', Slot::Speech),
        };
        template.push('⟦');
        template.push(letter);
        template.push_str(&index.to_string());
        template.push('⟧');
        if let Some(t) = m.trailing {
            template.push(t);
        }
        slots.push(slot);
        at = m.end;
    }
    push_plain(&mut template, &sentence[at..]);
    (template, slots)
}

fn push_plain(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '’' | '‘' | '`' => out.push('\''),
            '“' | '”' => out.push('"'),
            '–' | '—' => out.push('—'),
            '\u{a0}' => out.push(' '),
            _ => out.push(c),
        }
    }
}

/// The slot a captured placeholder ("⟦A3⟧") stands for.
pub(crate) fn slot_of<'s>(captured: &str, slots: &'s [Slot]) -> Option<&'s Slot> {
    let c = SLOT.captures(captured.trim())?;
    if c.get(0)?.as_str() != captured.trim() {
        return None;
    }
    slots.get(c[2].parse::<usize>().ok()?)
}

/// (slot index, byte position in the template) of every placeholder.
pub(crate) fn slot_positions(template: &str) -> Vec<(usize, usize)> {
    SLOT.captures_iter(template)
        .filter_map(|c| Some((c[2].parse().ok()?, c.get(0)?.start())))
        .collect()
}

/// Names in a list: "Hana, Yuri, Seoyeon and Mika", "five members — Yena, Sora".
fn list_names(list: &str) -> Vec<String> {
    let cut = list.find([';', '.', '(', '!']).map_or(list, |i| &list[..i]);
    let cut = cut
        .split(" — ")
        .find(|part| part.contains(',') || part.contains(" and "))
        .unwrap_or(cut);
    cut.split([',', '—', ':'])
        .flat_map(|part| part.split(" and "))
        .flat_map(|part| part.split(" & "))
        .map(|part| {
            let part = part.trim();
            // "guitarist Kit Osei": drop the role words before the name.
            let start = part
                .find(|c: char| c.is_uppercase() || c == '⟦')
                .unwrap_or(part.len());
            part[start..].trim().to_owned()
        })
        .filter(|p| !p.is_empty() && (p.starts_with('⟦') || NAME_WHOLE.is_match(p)))
        .collect()
}

/// Byte ranges of the clauses of a template: split at semicolons, dashes, and at ", with", ", while",
/// ", but", ", and he/the/will …", which start a new statement.
pub(crate) fn clause_bounds(template: &str) -> Vec<(usize, usize)> {
    let mut bounds = Vec::new();
    let mut start = 0;
    for m in CLAUSE_BREAK.find_iter(template) {
        if m.start() > start {
            bounds.push((start, m.start()));
        }
        start = m.start()
            + template[m.start()..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
    }
    if start < template.len() {
        bounds.push((start, template.len()));
    }
    bounds
}

fn is_title_case(sentence: &str) -> bool {
    let words: Vec<&str> = sentence
        .split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() > 3)
        .collect();
    if words.len() < 3 {
        return false;
    }
    let capitalized = words
        .iter()
        .filter(|w| {
            w.trim_start_matches(|c: char| !c.is_alphanumeric())
                .starts_with(char::is_uppercase)
        })
        .count();
    capitalized * 10 >= words.len() * 7
}

fn release_kind(noun: &str) -> Option<ReleaseKind> {
    let noun = noun.to_lowercase().replace('-', " ");
    Some(match noun.as_str() {
        "ep" => ReleaseKind::Ep,
        "mini album" => ReleaseKind::MiniAlbum,
        "single album" | "single" => ReleaseKind::Single,
        "album" | "studio album" | "full length album" | "full album" | "lp" | "debut album"
        | "debut" => ReleaseKind::Album,
        _ => return None,
    })
}

pub(crate) static FUTURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:will|'ll|set to|scheduled|slated|upcoming|forthcoming|due|expected|going to|plans? to|is to|are to|coming|anticipated|yet to|next)\b")
        .expect("valid regex")
});
/// A verb in the past tense (or a past auxiliary) before a date: "surprised fans on Friday".
static PAST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:was|were|had|did|made|took|came|went|gave|won|began|held|got|said|told|left|brought|dropped|\w{3,}ed)\b")
        .expect("valid regex")
});

/// Whether a date speaks of what is to come: the tense of the words before it decides (a future
/// marker, or else a past verb), and only then any future marker in the rest of its clause
/// ("surprised fans on Friday by releasing …, the lead single from her upcoming album" is past).
fn speaks_of_future(before: &str, clause: &str) -> bool {
    if FUTURE.is_match(before) {
        return true;
    }
    if PAST.is_match(before) {
        return false;
    }
    FUTURE.is_match(clause)
}

static CLAUSE_BREAK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[;—](?: |$)|, (?:with|while|whereas|but|although|though)\b|, and (?:the|a|an|he|she|they|it|his|her|their|its|will|is|was|has|have|also|then|another|one)\b|\. (?:Meanwhile)")
        .expect("valid regex")
});
static QUALIFIER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:'s?)? ?(?:(?i:member|members|leader|maknae)\b|⟦A)").expect("valid regex")
});
static HOST_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^'s? (?:[\w-]+ ){0,3}?(?i:show|talk show|program|programme|series|podcast|channel)\b|^'s? ⟦T\d+⟧ (?i:on|episode)")
        .expect("valid regex")
});
static OBJECT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\bby|\bwith|\balongside|\bfeaturing|\bfeat\.|\bft\.|\bproducer|\bdirector|\bbehind|\bthan|\bto|\bof|'s) (?:[\w-]+ ){0,2}$")
        .expect("valid regex")
});
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|\s)(?:by|interview by|posted by|written by|words by)\s+$")
        .expect("valid regex")
});

static NAME_OR_SLOT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"⟦A\d+⟧|{NAME}")).expect("valid regex"));
static NAME_ONLY: LazyLock<Regex> = LazyLock::new(|| Regex::new(NAME).expect("valid regex"));
static NAME_WHOLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^{NAME}$")).expect("valid regex"));

/// "album “Layover”", "new EP, Constellation", "debut, Low Tide Radio".
static TITLE_AFTER_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?i:(?P<kind>mini[- ]album|single album|studio album|full-length album|full album|album|EP|LP|single|debut))(?:,)? (?P<t>⟦T\d+⟧|{NAME})"
    ))
    .expect("valid regex")
});
/// "“Layover” album", "“Gravel Roads,” the debut album from".
static TITLE_BEFORE_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<t>⟦T\d+⟧),? (?:(?i:the|his|her|their|its|a|an) )?(?:(?i:new|debut|first|second|third|fourth|fifth|sixth|seventh|solo|studio|full|full-length|latest|upcoming|forthcoming|special|repackaged|\d+-track|\d{4}) )*(?i:(?P<kind>mini[- ]album|single album|album|EP|LP|single))\b")
        .expect("valid regex")
});
static TRACK_TITLE_A: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:track|song|b-sides?|title track|title song|tune|ballad|number|anthem|music videos?|mvs?|videos?|clip)s?,? (?:(?:the|its|their|his|her) )?(?P<t>⟦T\d+⟧)")
        .expect("valid regex")
});
static TRACK_TITLE_B: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<t>⟦T\d+⟧),? (?:(?i:is|was) )?(?:(?i:the|a|an) )?(?:[\w-]+ ){0,2}(?i:track|song|b-side|music video|mv|video|ballad|number)\b")
        .expect("valid regex")
});
static SHOW_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?i:show|talk show|program|programme|series|podcast),? |(?i:appear\w*|appearance|guested|guest-starred|as a guest|guest appearance|perform\w*|stopped by|visited) (?:[^.;]{0,60}?)\bon (?:(?:[\w-]+ ){0,2}?⟦A\d+⟧'s? |[\w-]+'s? )?(?:(?:[\w-]+ ){0,3}(?i:show|program|series),? )?)(?P<t>⟦T\d+⟧)")
        .expect("valid regex")
});
static UNQUOTED_SHOW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i:appear\w*|appearance|guested|guest-starred|as a guest|guest appearance|perform\w*|stopped by|visited) (?:[^.;⟦]{{0,40}}?)\bon (?:(?:⟦A\d+⟧|{NAME})'s? )(?P<show>(?:The )?{NAME})"
    ))
    .expect("valid regex")
});
/// "Members Dain, Rumi and Yeseul": every name of a list after a plural role.
static ROLE_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?i:members|member|leader|vocalists|rappers) (?P<list>(?:⟦A\d+⟧|{NAME})(?:, (?:⟦A\d+⟧|{NAME}))*,? (?:and|&) (?:⟦A\d+⟧|{NAME}))"
    ))
    .expect("valid regex")
});
static MEMBER_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<e>⟦A\d+⟧|{NAME}),? (?i:consists of|is composed of|composed of|comprising|comprises|is made up of|made up of|features members|whose members are)(?P<list>[^.;()]*)"
    ))
    .expect("valid regex")
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Intro {
    Person,
    Group,
    Artist,
    Other,
}

struct Rule {
    regex: Regex,
    kind: Intro,
    needs_sentence_case: bool,
}

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let e = format!("(?P<e>⟦A\\d+⟧|{NAME})");
    let person = r"member|leader|maknae|vocalist|main vocalist|lead vocalist|rapper|main rapper|lead rapper|singer|singer-songwriter|songwriter|soloist|frontman|frontwoman|guitarist|drummer|bassist|keyboardist|dancer|crooner|diva";
    let group = r"group|band|boy band|boyband|girl group|boy group|girl band|duo|trio|quartet|quintet|sextet|septet|octet|outfit|unit|sub-unit|subunit|collective|ensemble|\w+-piece|\w+-member group";
    let artist = r"star|superstar|pop star|popstar|rock star|artist|musician|icon|legend|sensation|newcomer|rookie|princess|prince|queen|featuring|feat\.|ft\.|label-mate|labelmate";
    let other = r"producer|director|directed by|choreographer|photographer|reporter|writer|journalist|editor|comedian|host|presenter|actor|actress|CEO|founder|manager|executive|spokesperson|collaborator|model|MC|broadcaster|filmmaker|author|according to|with producer|co-star";
    let rule = |pattern: String, kind: Intro, needs_sentence_case: bool| Rule {
        regex: Regex::new(&pattern).expect("valid regex"),
        kind,
        needs_sentence_case,
    };
    vec![
        rule(format!(r"\b(?i:{other})s? {e}"), Intro::Other, true),
        rule(
            format!(r"(?:^|\|\s*)(?i:by|interview by|posted by|written by|words by)\s+{e}"),
            Intro::Other,
            false,
        ),
        rule(format!(r"\b(?i:{person})s? {e}"), Intro::Person, true),
        rule(format!(r"\b(?i:{group})s? {e}"), Intro::Group, true),
        rule(format!(r"\b(?i:{artist}) {e}"), Intro::Artist, true),
        rule(
            format!(r"{e} (?i:member|members|leader|maknae)\b"),
            Intro::Group,
            false,
        ),
        rule(
            format!(
                r"(?i:member|members|leader|maknae|vocalist|rapper|one) of (?:(?i:the|boy|girl|group|band|k-pop|kpop|rock|idol|\w+-member) )*{e}"
            ),
            Intro::Group,
            false,
        ),
        rule(
            format!(
                r"{e}(?:'s|') (?:[\w-]+ ){{0,3}}?(?i:album|EP|LP|mini album|single|song|track|record|music video|MV|tour|comeback|debut|hit|ballad|fans|fandom|discography|title track|b-side|vocals|solo)s?\b"
            ),
            Intro::Artist,
            true,
        ),
        rule(
            format!(r"{e}(?:'s|') ⟦T\d+⟧ (?i:album|EP|single|song|music video|MV)"),
            Intro::Artist,
            false,
        ),
        rule(
            format!(
                r"{e}(?:'s|') (?:[\w-]+ ){{0,3}}?(?i:show|talk show|program|programme|series|podcast|radio show|web show|channel)\b"
            ),
            Intro::Artist,
            false,
        ),
        rule(
            format!(
                r"(?i:appear\w*|appearance|guested|guest-starred|as a guest|guest appearance|perform\w*|stopped by|joined) (?:[^.;]{{0,40}}?)\bon {e}(?:'s|') "
            ),
            Intro::Artist,
            true,
        ),
        rule(
            format!(
                r"(?:^|[.;:—] |, |\) ){e} (?:(?i:has|have|had|also|just|finally|officially|will|is set to|are set to|is|are) )*(?i:released|release|releases|dropped|drops|drop|unveiled|unveils|unveil|premiered|premieres|premiere|announced|announces|shared|shares|teased|teases|debuted|debuts|debut|returns|returned|return|breaks|broke|became|becomes|appeared|appears|appear|performed|performs|perform|made a|makes a|make a)\b"
            ),
            Intro::Artist,
            true,
        ),
        rule(
            format!(r"{e} \((?i:born|née|real name|legal name|birth name)"),
            Intro::Person,
            false,
        ),
        rule(
            format!(
                r"^{e} (?:[\w-]+ ){{1,10}}?(?i:his|her|their) (?:[\w-]+ ){{0,2}}?(?i:album|EP|LP|mini album|single|song|music video|MV|comeback|debut)s?\b"
            ),
            Intro::Artist,
            true,
        ),
        rule(
            format!(
                r"{e}, (?:(?i:a|an|the|one of the) )(?:[\w-]+ ){{0,3}}?(?i:singer|rapper|soloist|member|leader|vocalist)\b"
            ),
            Intro::Person,
            true,
        ),
        rule(
            format!(r"{e}, (?:(?i:a|an|the) )(?:[\w-]+ ){{0,3}}?(?i:band|group|duo|trio|outfit)\b"),
            Intro::Group,
            true,
        ),
        rule(
            format!(
                r"{e} (?:(?i:is|was) )(?:(?i:the|a|an) )(?:[\w-]+ ){{0,2}}?(?i:leader|maknae|member|vocalist|rapper)\b"
            ),
            Intro::Person,
            true,
        ),
        rule(
            format!(r"\b(?:by|from) (?:[\w-]+ ){{0,2}}?{e}$"),
            Intro::Artist,
            true,
        ),
    ]
});

struct AliasRule {
    regex: Regex,
    kind: AliasKind,
    /// "better known as": the alias is the artist's name and the subject is the legal name.
    reverse: bool,
}

static ALIAS_RULES: LazyLock<Vec<AliasRule>> = LazyLock::new(|| {
    let alias = format!(r"(?P<alias>⟦T\d+⟧|(?:⟦A\d+⟧|{NAME})(?: (?:⟦A\d+⟧|{NAME}))*)");
    let rule = |pattern: String, kind: AliasKind, reverse: bool| AliasRule {
        regex: Regex::new(&pattern).expect("valid regex"),
        kind,
        reverse,
    };
    vec![
        rule(
            format!(
                r"(?i:\bborn|\bnée|real name(?: is)?|legal name(?: is)?|birth name(?: is)?|given name is):? {alias}"
            ),
            AliasKind::LegalName,
            false,
        ),
        rule(
            format!(
                r"(?i:nicknamed|dubbed|known (?:to fans |among fans |by fans )?as|known by the nickname|goes by|also called|fans (?:also )?call|affectionately called|a\.k\.a\.?|aka|also known as),? {alias}"
            ),
            AliasKind::Nickname,
            false,
        ),
        rule(
            format!(r"(?i:better known as|known professionally as) {alias}"),
            AliasKind::LegalName,
            true,
        ),
        rule(
            format!(
                r"(?P<e>⟦A\d+⟧|{NAME}) \((?P<alias>[\p{{Hangul}}\p{{Han}}\p{{Hiragana}}\p{{Katakana}}][^)]*)\)"
            ),
            AliasKind::NativeName,
            false,
        ),
    ]
});
