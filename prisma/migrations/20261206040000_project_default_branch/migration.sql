-- A project's default branch: where "the latest job" looks when no branch is named (admins change it).
-- AlterTable
ALTER TABLE "projects" ADD COLUMN "default_branch" TEXT NOT NULL DEFAULT 'main';
