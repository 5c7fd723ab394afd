-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "allowedIps" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "description" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "lastUsedClient" TEXT,
ADD COLUMN     "lastUsedIp" TEXT;

-- CreateTable
CREATE TABLE "TokenAddress" (
    "tokenId" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "client" TEXT NOT NULL,

    CONSTRAINT "TokenAddress_pkey" PRIMARY KEY ("tokenId","ip")
);

-- CreateIndex
CREATE INDEX "TokenAddress_tokenId_lastSeenAt_idx" ON "TokenAddress"("tokenId", "lastSeenAt");

-- CreateIndex
CREATE INDEX "AuditEvent_targetTokenId_createdAt_idx" ON "AuditEvent"("targetTokenId", "createdAt");

-- AddForeignKey
ALTER TABLE "TokenAddress" ADD CONSTRAINT "TokenAddress_tokenId_fkey" FOREIGN KEY ("tokenId") REFERENCES "ApiToken"("id") ON DELETE CASCADE ON UPDATE CASCADE;

