-- Webhooks: subscriptions, the durable outbox of deliveries and the log of every attempt.
-- `webhook_seen_events` holds the id of every event the outbox sweep has already handed out, so a sweep
-- that runs after a crash (between a write and its enqueue) finds exactly the events still to enqueue.
-- Instants are unix milliseconds.

CREATE TABLE webhook_subscriptions (
    id INTEGER PRIMARY KEY,
    public_id TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL,
    -- JSON arrays: artist slugs and event kinds; an empty array means every one.
    artists TEXT NOT NULL,
    kinds TEXT NOT NULL,
    format TEXT NOT NULL,
    -- The HMAC key: kept as it is, since signing needs it (shown to its holder once, at creation).
    secret TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 1,
    -- Failed attempts since the last success; at the limit the subscription is disabled.
    failures INTEGER NOT NULL DEFAULT 0,
    disabled_at INTEGER,
    disabled_reason TEXT
);

CREATE TABLE webhook_seen_events (
    event_id TEXT PRIMARY KEY,
    seen_at INTEGER NOT NULL
);

CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY,
    subscription_id INTEGER NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    event_id TEXT NOT NULL,
    event_kind TEXT NOT NULL,
    -- The event as JSON, frozen when it was enqueued: every attempt sends the same body.
    payload TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    delivered_at INTEGER,
    UNIQUE (subscription_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';

CREATE TABLE webhook_attempts (
    id INTEGER PRIMARY KEY,
    delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    status INTEGER,
    latency_ms INTEGER NOT NULL,
    error TEXT
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id);
