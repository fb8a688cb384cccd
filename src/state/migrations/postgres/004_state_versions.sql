-- PostgreSQL twin of ../004_state_versions.sql.
-- Counters of shared state, bumped in the same transaction as the change: a node sharing the
-- database polls them to learn, within a second, that another node changed policies.
CREATE TABLE state_versions (
    name    TEXT PRIMARY KEY NOT NULL,
    version BIGINT NOT NULL DEFAULT 0
);
INSERT INTO state_versions (name, version) VALUES ('policies', 0);
