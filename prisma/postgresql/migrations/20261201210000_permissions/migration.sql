-- Permissions per resource: existing tokens keep READ_ONLY or WRITE, now presets over the catalogue.
-- CUSTOM holds exactly ApiToken.permissions. Adding an enum value in the migration's transaction is
-- allowed: nothing here uses it before the commit.

-- AlterEnum
ALTER TYPE "Scope" ADD VALUE 'CUSTOM';

-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "permissions" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "targetTokenPermissions" TEXT;

-- CreateTable
CREATE TABLE "TokenPermissionUse" (
    "tokenId" TEXT NOT NULL,
    "permission" TEXT NOT NULL,
    "lastUsedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TokenPermissionUse_pkey" PRIMARY KEY ("tokenId","permission")
);

-- AddForeignKey
ALTER TABLE "TokenPermissionUse" ADD CONSTRAINT "TokenPermissionUse_tokenId_fkey" FOREIGN KEY ("tokenId") REFERENCES "ApiToken"("id") ON DELETE CASCADE ON UPDATE CASCADE;

