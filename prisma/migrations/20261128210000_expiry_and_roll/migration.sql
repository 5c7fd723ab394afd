-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN "expiredUseAuditedAt" DATETIME;
ALTER TABLE "ApiToken" ADD COLUMN "expiresAt" DATETIME;
ALTER TABLE "ApiToken" ADD COLUMN "previousTokenHash" TEXT;
ALTER TABLE "ApiToken" ADD COLUMN "previousValidUntil" DATETIME;

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "tokenId" TEXT NOT NULL,
    "occasion" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseUntil" DATETIME,
    "sentAt" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT
);

-- CreateIndex
CREATE INDEX "Notification_sentAt_createdAt_idx" ON "Notification"("sentAt", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_tokenId_kind_occasion_key" ON "Notification"("tokenId", "kind", "occasion");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_previousTokenHash_key" ON "ApiToken"("previousTokenHash");

-- CreateIndex
CREATE INDEX "ApiToken_expiresAt_id_idx" ON "ApiToken"("expiresAt", "id");

