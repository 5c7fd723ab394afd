
-- CreateTable
CREATE TABLE "LeakNotice" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "tokenId" TEXT NOT NULL,
    "tokenName" TEXT NOT NULL,
    "tokenPrefix" TEXT NOT NULL,
    "reporter" TEXT NOT NULL,
    "url" TEXT,
    "source" TEXT,
    "revoked" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dismissedAt" TIMESTAMP(3),

    CONSTRAINT "LeakNotice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LeakNotice_userId_dismissedAt_createdAt_idx" ON "LeakNotice"("userId", "dismissedAt", "createdAt");

-- AddForeignKey
ALTER TABLE "LeakNotice" ADD CONSTRAINT "LeakNotice_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

