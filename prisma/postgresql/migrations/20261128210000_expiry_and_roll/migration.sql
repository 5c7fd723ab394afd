-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "expiredUseAuditedAt" TIMESTAMP(3),
ADD COLUMN     "expiresAt" TIMESTAMP(3),
ADD COLUMN     "previousTokenHash" TEXT,
ADD COLUMN     "previousValidUntil" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "tokenId" TEXT NOT NULL,
    "occasion" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseUntil" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Notification_sentAt_createdAt_idx" ON "Notification"("sentAt", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_tokenId_kind_occasion_key" ON "Notification"("tokenId", "kind", "occasion");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_previousTokenHash_key" ON "ApiToken"("previousTokenHash");

-- CreateIndex
CREATE INDEX "ApiToken_expiresAt_id_idx" ON "ApiToken"("expiresAt", "id");

