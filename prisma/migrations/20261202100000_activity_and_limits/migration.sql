-- What each token did (counts per bucket, its request log), per-token limits and quotas, and the
-- networks a token was used from with the new-address notices. New tables and nullable columns:
-- nothing existing changes.

-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN "quota" INTEGER;
ALTER TABLE "ApiToken" ADD COLUMN "quotaRemaining" INTEGER;
ALTER TABLE "ApiToken" ADD COLUMN "rateLimitPerMinute" INTEGER;

-- CreateTable
CREATE TABLE "TokenUsage" (
    "tokenId" TEXT NOT NULL,
    "span" TEXT NOT NULL,
    "start" DATETIME NOT NULL,
    "dimension" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("tokenId", "span", "start", "dimension", "value")
);

-- CreateTable
CREATE TABLE "TokenRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "client" TEXT NOT NULL,
    "requestId" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "TokenNetwork" (
    "tokenId" TEXT NOT NULL,
    "network" TEXT NOT NULL,
    "firstSeenAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,

    PRIMARY KEY ("tokenId", "network"),
    CONSTRAINT "TokenNetwork_tokenId_fkey" FOREIGN KEY ("tokenId") REFERENCES "ApiToken" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AddressNotice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "tokenId" TEXT NOT NULL,
    "tokenName" TEXT NOT NULL,
    "tokenPrefix" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "client" TEXT NOT NULL,
    "seenAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dismissedAt" DATETIME,
    CONSTRAINT "AddressNotice_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "TokenUsage_span_start_idx" ON "TokenUsage"("span", "start");

-- CreateIndex
CREATE INDEX "TokenRequest_tokenId_at_id_idx" ON "TokenRequest"("tokenId", "at", "id");

-- CreateIndex
CREATE INDEX "TokenRequest_at_idx" ON "TokenRequest"("at");

-- CreateIndex
CREATE INDEX "TokenNetwork_lastSeenAt_idx" ON "TokenNetwork"("lastSeenAt");

-- CreateIndex
CREATE INDEX "AddressNotice_userId_dismissedAt_idx" ON "AddressNotice"("userId", "dismissedAt");

-- CreateIndex
CREATE INDEX "AddressNotice_tokenId_createdAt_idx" ON "AddressNotice"("tokenId", "createdAt");

