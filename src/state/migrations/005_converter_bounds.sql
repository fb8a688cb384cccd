-- The converter's bound per context (converter.context_max_bytes/_keys): when a key was
-- last read (least recently used keys go first) and the bytes of its uploaded source.
ALTER TABLE converter_keys ADD COLUMN used_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE converter_keys ADD COLUMN source_bytes INTEGER NOT NULL DEFAULT 0;
CREATE INDEX converter_keys_by_use ON converter_keys (context, used_ms);
