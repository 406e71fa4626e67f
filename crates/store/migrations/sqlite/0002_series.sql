-- Counts behind records: a series is a subject (an account or a video) and a metric; points are
-- (instant in unix milliseconds, value), one per series and instant. Crossings are derived from points
-- (first instant each milestone was reached, with the bracketing points) and kept so that a new point
-- updates them without rescanning its series; `dirty_from` marks series whose crossings must be
-- refreshed from that instant on (set in the same transaction that stores the points).

CREATE TABLE series (
    id INTEGER PRIMARY KEY,
    account_id INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
    video_id INTEGER REFERENCES videos (id) ON DELETE CASCADE,
    metric TEXT NOT NULL,
    dirty_from INTEGER,
    CHECK ((account_id IS NULL) <> (video_id IS NULL))
);
CREATE UNIQUE INDEX series_account ON series (account_id, metric) WHERE account_id IS NOT NULL;
CREATE UNIQUE INDEX series_video ON series (video_id, metric) WHERE video_id IS NOT NULL;
CREATE INDEX series_dirty ON series (dirty_from) WHERE dirty_from IS NOT NULL;

CREATE TABLE points (
    series_id INTEGER NOT NULL REFERENCES series (id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    value INTEGER NOT NULL,
    -- 1 when the point was not reported but drawn between reported marks (the demo's, labelled so).
    illustrative INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (series_id, at)
) WITHOUT ROWID;

CREATE TABLE crossings (
    series_id INTEGER NOT NULL REFERENCES series (id) ON DELETE CASCADE,
    milestone INTEGER NOT NULL,
    estimate INTEGER NOT NULL,
    lower_at INTEGER,
    lower_value INTEGER,
    upper_at INTEGER NOT NULL,
    upper_value INTEGER NOT NULL,
    PRIMARY KEY (series_id, milestone)
) WITHOUT ROWID;
