-- PostgreSQL twin of ../001_catalog.sql (64-bit integers; the same tables and keys).
-- The catalog: per-asset access policy and facts, roles, users, sessions and access tokens.
-- An image file without an assets row is open and unrestricted.
CREATE TABLE roles (
    name TEXT PRIMARY KEY NOT NULL
);

CREATE TABLE assets (
    id             TEXT PRIMARY KEY NOT NULL, -- identifier: path relative to the image root
    max_width      BIGINT NOT NULL DEFAULT 0 CHECK (max_width >= 0),
    open_full_max  BIGINT NOT NULL DEFAULT 0 CHECK (open_full_max >= 0),
    open_max_width BIGINT NOT NULL DEFAULT 0 CHECK (open_max_width >= 0),
    title          TEXT NOT NULL DEFAULT '',
    width          BIGINT NOT NULL DEFAULT 0,
    height         BIGINT NOT NULL DEFAULT 0,
    format         TEXT NOT NULL DEFAULT '',
    content_hash   TEXT NOT NULL DEFAULT '',
    updated_s      BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE asset_roles (
    asset_id TEXT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    role     TEXT NOT NULL REFERENCES roles (name) ON DELETE CASCADE,
    PRIMARY KEY (asset_id, role)
);

CREATE TABLE users (
    name          TEXT PRIMARY KEY NOT NULL,
    password_hash TEXT NOT NULL,
    created_s     BIGINT NOT NULL
);

CREATE TABLE user_roles (
    user_name TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    role      TEXT NOT NULL REFERENCES roles (name) ON DELETE CASCADE,
    PRIMARY KEY (user_name, role)
);

-- Sessions and tokens are stored by the SHA-256 of their secret, never the secret itself.
CREATE TABLE sessions (
    id_hash   TEXT PRIMARY KEY NOT NULL,
    user_name TEXT REFERENCES users (name) ON DELETE CASCADE, -- NULL for kiosk sessions
    roles     TEXT NOT NULL DEFAULT '', -- space separated; granted by a kiosk service
    created_s BIGINT NOT NULL,
    expires_s BIGINT NOT NULL
);

CREATE TABLE tokens (
    token_hash   TEXT PRIMARY KEY NOT NULL,
    session_hash TEXT NOT NULL REFERENCES sessions (id_hash) ON DELETE CASCADE,
    expires_s    BIGINT NOT NULL
);
CREATE INDEX tokens_by_session ON tokens (session_hash);
