-- Content-addressed storage: verified bytes are stored once per project as a blob, and artifacts
-- refer to it. Existing available artifacts are adopted as blobs without copying a byte.

-- CreateEnum
CREATE TYPE "BlobState" AS ENUM ('AVAILABLE', 'DELETING');

-- CreateTable
CREATE TABLE "blobs" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "sha256" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "storage_key" TEXT NOT NULL,
    "sniffed_type" TEXT,
    "is_text" BOOLEAN,
    "is_elf_core" BOOLEAN NOT NULL DEFAULT false,
    "state" "BlobState" NOT NULL DEFAULT 'AVAILABLE',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "blobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "orphaned_objects" (
    "storage_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "orphaned_objects_pkey" PRIMARY KEY ("storage_key")
);

-- AlterTable: several artifacts now share their blob's key.
DROP INDEX "artifacts_storage_key_key";
ALTER TABLE "artifacts" ADD COLUMN "blob_id" UUID;

-- CreateIndex
CREATE INDEX "artifacts_storage_key_idx" ON "artifacts"("storage_key");
CREATE INDEX "artifacts_blob_id_idx" ON "artifacts"("blob_id");
CREATE UNIQUE INDEX "blobs_storage_key_key" ON "blobs"("storage_key");
CREATE INDEX "blobs_project_id_sha256_idx" ON "blobs"("project_id", "sha256");
CREATE INDEX "blobs_state_idx" ON "blobs"("state");
-- One AVAILABLE blob per bytes of a project; a DELETING one never blocks storing those bytes again.
-- Partial, so SQL only (schema-catalog.ts names it for the drift test).
CREATE UNIQUE INDEX "blobs_stored_key" ON "blobs"("project_id", "sha256", "size") WHERE "state" = 'AVAILABLE';

-- AddForeignKey
ALTER TABLE "artifacts" ADD CONSTRAINT "artifacts_blob_id_fkey" FOREIGN KEY ("blob_id") REFERENCES "blobs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "blobs" ADD CONSTRAINT "blobs_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Adoption: per project and bytes, the oldest available artifact's object becomes the blob. Its
-- first bytes were never recorded apart from the name, so sniffed_type/is_text stay null until a
-- claim reads them; core dumps are known by their index rows.
INSERT INTO "blobs" ("id", "project_id", "sha256", "size", "storage_key", "is_elf_core", "created_at")
SELECT DISTINCT ON (j."project_id", COALESCE(a."computed_sha256", a."sha256"), a."size")
       gen_random_uuid(), j."project_id", COALESCE(a."computed_sha256", a."sha256"), a."size", a."storage_key",
       EXISTS (SELECT 1 FROM "core_dumps" c WHERE c."artifact_id" = a."id"), COALESCE(a."available_at", a."created_at")
FROM "artifacts" a JOIN "jobs" j ON j."id" = a."job_id"
WHERE a."state" = 'AVAILABLE' AND COALESCE(a."computed_sha256", a."sha256") IS NOT NULL
ORDER BY j."project_id", COALESCE(a."computed_sha256", a."sha256"), a."size", a."created_at", a."id";

UPDATE "artifacts" a SET "blob_id" = b."id"
FROM "jobs" j, "blobs" b
WHERE j."id" = a."job_id" AND a."state" = 'AVAILABLE' AND b."project_id" = j."project_id"
  AND b."sha256" = COALESCE(a."computed_sha256", a."sha256") AND b."size" = a."size";

-- The other copies of those bytes: their objects are orphaned (the sweep deletes them) and their
-- artifacts read the blob's.
INSERT INTO "orphaned_objects" ("storage_key")
SELECT a."storage_key" FROM "artifacts" a JOIN "blobs" b ON b."id" = a."blob_id" WHERE a."storage_key" <> b."storage_key";
UPDATE "artifacts" a SET "storage_key" = b."storage_key" FROM "blobs" b WHERE b."id" = a."blob_id" AND a."storage_key" <> b."storage_key";
