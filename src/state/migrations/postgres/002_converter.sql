-- PostgreSQL twin of ../002_converter.sql.
-- The converter (/imageconverter/): one row per image key and context, pointing at the
-- generation (folder) that holds its current source and renditions. A re-upload writes a new
-- generation and swaps the pointer in one transaction, so readers see the old set or the new.
CREATE TABLE converter_keys (
    context       TEXT NOT NULL,
    image_key     TEXT NOT NULL,
    key_hash      TEXT NOT NULL, -- folder name: SHA-256 of context and key
    generation    TEXT NOT NULL, -- subfolder of the current set
    source_format TEXT NOT NULL,
    width         BIGINT NOT NULL,
    height        BIGINT NOT NULL,
    has_alpha     BIGINT NOT NULL,
    metadata      TEXT NOT NULL, -- JSON
    created_s     BIGINT NOT NULL,
    updated_s     BIGINT NOT NULL,
    PRIMARY KEY (context, image_key)
);
CREATE INDEX converter_keys_by_key ON converter_keys (image_key);

CREATE TABLE converter_renditions (
    context    TEXT NOT NULL,
    image_key  TEXT NOT NULL,
    generation TEXT NOT NULL,
    format     TEXT NOT NULL, -- canonical request format
    file       TEXT NOT NULL, -- name inside the generation folder
    mime       TEXT NOT NULL,
    width      BIGINT NOT NULL,
    height     BIGINT NOT NULL,
    bytes      BIGINT NOT NULL,
    PRIMARY KEY (context, image_key, generation, format),
    FOREIGN KEY (context, image_key) REFERENCES converter_keys (context, image_key)
        ON DELETE CASCADE
);
