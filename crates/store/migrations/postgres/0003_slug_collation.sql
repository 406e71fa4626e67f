-- Slugs sort byte by byte on every backend (SQLite's BINARY, Rust's String order), whatever the database's
-- default collation: lists, pages (`slug > $after`) and exports agree across backends.
ALTER TABLE sources ALTER COLUMN slug TYPE TEXT COLLATE "C";
ALTER TABLE artists ALTER COLUMN slug TYPE TEXT COLLATE "C";
ALTER TABLE releases ALTER COLUMN slug TYPE TEXT COLLATE "C";
ALTER TABLE videos ALTER COLUMN slug TYPE TEXT COLLATE "C";
ALTER TABLE shows ALTER COLUMN slug TYPE TEXT COLLATE "C";
ALTER TABLE appearances ALTER COLUMN slug TYPE TEXT COLLATE "C";
ALTER TABLE accounts ALTER COLUMN slug TYPE TEXT COLLATE "C";
ALTER TABLE tokens ALTER COLUMN name TYPE TEXT COLLATE "C";
