-- An outlet's display name ("Báo Sơn La") beside its slug, so that every
-- reader of the store — the report, the pages, the CLI — names outlets as
-- people do, whoever configured them (sources.yaml or the demo).
ALTER TABLE sources ADD COLUMN display_name TEXT NOT NULL DEFAULT '';
