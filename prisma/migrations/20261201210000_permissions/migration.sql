-- Permissions per resource. Existing tokens keep their scope, READ_ONLY or WRITE, which is now a
-- preset over the catalogue; "" is a preset's list. CUSTOM (a value of the Scope enum, stored as
-- text here) holds exactly its list.

-- AlterTable (added in place: redefining ApiToken would rebuild the table its addresses point to)
ALTER TABLE "ApiToken" ADD COLUMN "permissions" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN "targetTokenPermissions" TEXT;

-- CreateTable
CREATE TABLE "TokenPermissionUse" (
    "tokenId" TEXT NOT NULL,
    "permission" TEXT NOT NULL,
    "lastUsedAt" DATETIME NOT NULL,

    PRIMARY KEY ("tokenId", "permission"),
    CONSTRAINT "TokenPermissionUse_tokenId_fkey" FOREIGN KEY ("tokenId") REFERENCES "ApiToken" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
