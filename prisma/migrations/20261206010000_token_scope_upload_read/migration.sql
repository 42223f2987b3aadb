-- AlterEnum
ALTER TYPE "ApiTokenScope" ADD VALUE 'UPLOAD_READ';
