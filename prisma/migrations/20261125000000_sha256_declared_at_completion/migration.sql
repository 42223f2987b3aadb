-- An agent may declare an upload's sha256 when it completes the upload (it hashed the file while
-- sending it) instead of when it creates it; completion refuses an upload that never declared one.
ALTER TABLE "artifacts" ALTER COLUMN "sha256" DROP NOT NULL;
