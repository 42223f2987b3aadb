-- An ELF core's facts belong to its bytes: read once per blob, each artifact adding its name's.
-- AlterTable
ALTER TABLE "blobs" ADD COLUMN "core_facts" JSONB;
