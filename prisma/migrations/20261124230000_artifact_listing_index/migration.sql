-- CircleCI listings page through a job's available artifacts by node index, then path in byte order
-- (COLLATE "C", so the order never depends on the database's locale). schema.prisma cannot express an
-- expression index with a collation, so this one is SQL only; the drift test knows it by name.
CREATE INDEX "artifacts_available_listing_idx" ON "artifacts" ("job_id", "node_index", ("path" COLLATE "C"), "id") WHERE "state" = 'AVAILABLE';
