-- What each token did (counts per bucket, its request log), per-token limits and quotas, and the
-- networks a token was used from with the new-address notices. New tables and nullable columns.

-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "quota" INTEGER,
ADD COLUMN     "quotaRemaining" INTEGER,
ADD COLUMN     "rateLimitPerMinute" INTEGER;

-- CreateTable
CREATE TABLE "TokenUsage" (
    "tokenId" TEXT NOT NULL,
    "span" TEXT NOT NULL,
    "start" TIMESTAMP(3) NOT NULL,
    "dimension" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "TokenUsage_pkey" PRIMARY KEY ("tokenId","span","start","dimension","value")
);

-- CreateTable
CREATE TABLE "TokenRequest" (
    "id" TEXT NOT NULL,
    "tokenId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "client" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,

    CONSTRAINT "TokenRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TokenNetwork" (
    "tokenId" TEXT NOT NULL,
    "network" TEXT NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TokenNetwork_pkey" PRIMARY KEY ("tokenId","network")
);

-- CreateTable
CREATE TABLE "AddressNotice" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "tokenId" TEXT NOT NULL,
    "tokenName" TEXT NOT NULL,
    "tokenPrefix" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "client" TEXT NOT NULL,
    "seenAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dismissedAt" TIMESTAMP(3),

    CONSTRAINT "AddressNotice_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "TokenNetwork" ADD CONSTRAINT "TokenNetwork_tokenId_fkey" FOREIGN KEY ("tokenId") REFERENCES "ApiToken"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AddressNotice" ADD CONSTRAINT "AddressNotice_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

