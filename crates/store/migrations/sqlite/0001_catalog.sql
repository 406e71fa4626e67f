-- The catalog: artists, releases, music videos, shows, accounts, sources and the citations that tie them.
-- Moments are stored as their JSON form (date, utc, zone) beside an integer `*_start` (unix seconds) for
-- ordering and windows; short lists (genres, roles, attributes, songs) as JSON arrays.

CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL,
    publisher TEXT NOT NULL,
    title TEXT,
    published TEXT
);

CREATE TABLE artists (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    country TEXT,
    genres TEXT NOT NULL,
    debut TEXT
);

CREATE TABLE aliases (
    id INTEGER PRIMARY KEY,
    artist_id INTEGER NOT NULL REFERENCES artists (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    locale TEXT,
    is_primary INTEGER NOT NULL
);
CREATE INDEX aliases_artist ON aliases (artist_id, position);
CREATE INDEX aliases_name ON aliases (name);

CREATE TABLE memberships (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES artists (id) ON DELETE CASCADE,
    group_id INTEGER NOT NULL REFERENCES artists (id),
    position INTEGER NOT NULL,
    roles TEXT NOT NULL,
    begin_date TEXT,
    end_date TEXT,
    credited_as TEXT
);
CREATE INDEX memberships_person ON memberships (person_id, position);
CREATE INDEX memberships_group ON memberships (group_id);

-- Ids in other systems, for artists and releases (`subject` names the table).
CREATE TABLE external_ids (
    id INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    system TEXT NOT NULL,
    value TEXT NOT NULL
);
CREATE INDEX external_ids_subject ON external_ids (subject, subject_id, position);
CREATE INDEX external_ids_value ON external_ids (system, value);

CREATE TABLE releases (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    released TEXT,
    released_start INTEGER,
    announced TEXT,
    label TEXT
);
CREATE INDEX releases_released ON releases (released_start);

CREATE TABLE release_credits (
    release_id INTEGER NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    artist_id INTEGER NOT NULL REFERENCES artists (id),
    credited_as TEXT,
    join_phrase TEXT,
    PRIMARY KEY (release_id, position)
);
CREATE INDEX release_credits_artist ON release_credits (artist_id);

CREATE TABLE tracks (
    id INTEGER PRIMARY KEY,
    release_id INTEGER NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    disc INTEGER NOT NULL,
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    role TEXT,
    version_of_id INTEGER REFERENCES tracks (id),
    version_label TEXT,
    duration_seconds INTEGER,
    genres TEXT NOT NULL,
    UNIQUE (release_id, disc, number)
);
CREATE INDEX tracks_version_of ON tracks (version_of_id);

CREATE TABLE videos (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    track_id INTEGER REFERENCES tracks (id),
    platform TEXT,
    platform_id TEXT,
    url TEXT,
    attributes TEXT NOT NULL,
    director TEXT,
    synopsis TEXT,
    state TEXT NOT NULL
);
CREATE INDEX videos_track ON videos (track_id);

CREATE TABLE video_artists (
    video_id INTEGER NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    artist_id INTEGER NOT NULL REFERENCES artists (id),
    PRIMARY KEY (video_id, position)
);
CREATE INDEX video_artists_artist ON video_artists (artist_id);

CREATE TABLE video_steps (
    id INTEGER PRIMARY KEY,
    video_id INTEGER NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    state TEXT NOT NULL,
    at TEXT,
    at_start INTEGER,
    noted TEXT,
    url TEXT,
    note TEXT
);
CREATE INDEX video_steps_video ON video_steps (video_id, position);
CREATE INDEX video_steps_at ON video_steps (at_start);

CREATE TABLE shows (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    network TEXT
);

CREATE TABLE show_hosts (
    show_id INTEGER NOT NULL REFERENCES shows (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    artist_id INTEGER NOT NULL REFERENCES artists (id),
    PRIMARY KEY (show_id, position)
);
CREATE INDEX show_hosts_artist ON show_hosts (artist_id);

CREATE TABLE appearances (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    show_id INTEGER NOT NULL REFERENCES shows (id),
    episode TEXT,
    aired TEXT,
    aired_start INTEGER,
    songs TEXT NOT NULL
);
CREATE INDEX appearances_show ON appearances (show_id);
CREATE INDEX appearances_aired ON appearances (aired_start);

CREATE TABLE appearance_guests (
    appearance_id INTEGER NOT NULL REFERENCES appearances (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    artist_id INTEGER NOT NULL REFERENCES artists (id),
    PRIMARY KEY (appearance_id, position)
);
CREATE INDEX appearance_guests_artist ON appearance_guests (artist_id);

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    artist_id INTEGER NOT NULL REFERENCES artists (id),
    platform TEXT NOT NULL,
    handle TEXT NOT NULL,
    url TEXT,
    public_since TEXT
);
CREATE INDEX accounts_artist ON accounts (artist_id);

-- A fact's sources. `subject` names the table of the fact (artist, alias, membership, release, track,
-- video, video_step, show, appearance, account); rows go with their fact in the same transaction.
CREATE TABLE citations (
    id INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    source_id INTEGER NOT NULL REFERENCES sources (id),
    evidence TEXT
);
CREATE INDEX citations_subject ON citations (subject, subject_id, position);
CREATE INDEX citations_source ON citations (source_id);

-- Write tokens: only the SHA-256 of the secret is kept.
CREATE TABLE tokens (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
