-- AlterTable (columns added in place: Prisma's diff would rebuild the table to keep the schema's column order)
ALTER TABLE "ApiToken" ADD COLUMN "description" TEXT NOT NULL DEFAULT '';
ALTER TABLE "ApiToken" ADD COLUMN "allowedIps" TEXT NOT NULL DEFAULT '';
ALTER TABLE "ApiToken" ADD COLUMN "lastUsedIp" TEXT;
ALTER TABLE "ApiToken" ADD COLUMN "lastUsedClient" TEXT;

-- CreateTable
CREATE TABLE "TokenAddress" (
    "tokenId" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,
    "client" TEXT NOT NULL,

    PRIMARY KEY ("tokenId", "ip"),
    CONSTRAINT "TokenAddress_tokenId_fkey" FOREIGN KEY ("tokenId") REFERENCES "ApiToken" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "TokenAddress_tokenId_lastSeenAt_idx" ON "TokenAddress"("tokenId", "lastSeenAt");

-- CreateIndex
CREATE INDEX "AuditEvent_targetTokenId_createdAt_idx" ON "AuditEvent"("targetTokenId", "createdAt");
