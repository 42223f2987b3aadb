-- Resumable uploads. The ledger of parts the store holds durably, kept by the server (s3rver cannot
-- list an upload's parts), and the agent's stamp of the file it declared, so a re-run resumes an
-- upload only for the same file.
-- AlterTable
ALTER TABLE "artifacts" ADD COLUMN     "source_stamp" TEXT;

-- CreateTable
CREATE TABLE "upload_parts" (
    "artifact_id" UUID NOT NULL,
    "part_number" INTEGER NOT NULL,
    "size" BIGINT NOT NULL,
    "etag" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "upload_parts_pkey" PRIMARY KEY ("artifact_id","part_number")
);

-- AddForeignKey
ALTER TABLE "upload_parts" ADD CONSTRAINT "upload_parts_artifact_id_fkey" FOREIGN KEY ("artifact_id") REFERENCES "artifacts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
