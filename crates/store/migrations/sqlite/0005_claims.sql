-- News turned into claims. An article is stored once (by the digest of its text) with the source made
-- for it; each fact it states is a claim (proposed, accepted or rejected) kept with its evidence, as a
-- JSON document. Accounts gain the milestones sources reported (`reported`, JSON).

ALTER TABLE accounts ADD COLUMN reported TEXT;

CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    digest TEXT NOT NULL UNIQUE,
    source_id INTEGER NOT NULL REFERENCES sources (id),
    submitted_at TEXT NOT NULL,
    body TEXT NOT NULL
);

CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX claims_article ON claims (article_id, position);
CREATE INDEX claims_status ON claims (status, slug);
