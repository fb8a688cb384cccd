-- PostgreSQL twin of ../003_asset_origin.sql.
-- An asset may name its original explicitly, as DLCS registers assets: an http(s):// URL or
-- s3://bucket/key, fetched through the remote-source layer. Empty: the identifier's own file.
ALTER TABLE assets ADD COLUMN origin TEXT NOT NULL DEFAULT '';
