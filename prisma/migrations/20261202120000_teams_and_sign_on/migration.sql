-- Teams own tokens (ownerId: the team, or for a personal token its user), accounts can be
-- disabled (offboarding) and signed in through OpenID Connect (UserIdentity). Every existing
-- token is personal: its owner is its user.


-- AlterTable
ALTER TABLE "User" ADD COLUMN "disabledAt" DATETIME;

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN "teamId" TEXT;
ALTER TABLE "AuditEvent" ADD COLUMN "teamName" TEXT;

-- CreateTable
CREATE TABLE "UserIdentity" (
    "issuer" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("issuer", "subject"),
    CONSTRAINT "UserIdentity_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "memberTokens" TEXT NOT NULL DEFAULT 'read_only',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "TeamMember" (
    "teamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'console',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("teamId", "userId"),
    CONSTRAINT "TeamMember_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TeamMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TeamInvitation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "invitedById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "acceptedAt" DATETIME,
    "revokedAt" DATETIME,
    CONSTRAINT "TeamInvitation_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ApiToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "teamId" TEXT,
    "ownerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "permissions" TEXT NOT NULL DEFAULT '',
    "tokenHash" TEXT NOT NULL,
    "displayPrefix" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "allowedIps" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "lastUsedIp" TEXT,
    "lastUsedClient" TEXT,
    "expiresAt" DATETIME,
    "previousTokenHash" TEXT,
    "previousValidUntil" DATETIME,
    "expiredUseAuditedAt" DATETIME,
    "rateLimitPerMinute" INTEGER,
    "quota" INTEGER,
    "quotaRemaining" INTEGER,
    CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ApiToken_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_ApiToken" ("allowedIps", "createdAt", "description", "displayPrefix", "expiredUseAuditedAt", "expiresAt", "id", "lastUsedAt", "lastUsedClient", "lastUsedIp", "name", "nameKey", "permissions", "previousTokenHash", "previousValidUntil", "quota", "quotaRemaining", "rateLimitPerMinute", "scope", "tokenHash", "userId", "ownerId") SELECT "allowedIps", "createdAt", "description", "displayPrefix", "expiredUseAuditedAt", "expiresAt", "id", "lastUsedAt", "lastUsedClient", "lastUsedIp", "name", "nameKey", "permissions", "previousTokenHash", "previousValidUntil", "quota", "quotaRemaining", "rateLimitPerMinute", "scope", "tokenHash", "userId", "userId" FROM "ApiToken";
DROP TABLE "ApiToken";
ALTER TABLE "new_ApiToken" RENAME TO "ApiToken";
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");
CREATE UNIQUE INDEX "ApiToken_previousTokenHash_key" ON "ApiToken"("previousTokenHash");
CREATE INDEX "ApiToken_ownerId_createdAt_idx" ON "ApiToken"("ownerId", "createdAt");
CREATE INDEX "ApiToken_userId_createdAt_idx" ON "ApiToken"("userId", "createdAt");
CREATE INDEX "ApiToken_teamId_createdAt_idx" ON "ApiToken"("teamId", "createdAt");
CREATE INDEX "ApiToken_createdAt_id_idx" ON "ApiToken"("createdAt", "id");
CREATE INDEX "ApiToken_nameKey_id_idx" ON "ApiToken"("nameKey", "id");
CREATE INDEX "ApiToken_lastUsedAt_id_idx" ON "ApiToken"("lastUsedAt", "id");
CREATE INDEX "ApiToken_expiresAt_id_idx" ON "ApiToken"("expiresAt", "id");
CREATE UNIQUE INDEX "ApiToken_ownerId_nameKey_key" ON "ApiToken"("ownerId", "nameKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "UserIdentity_userId_idx" ON "UserIdentity"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Team_nameKey_key" ON "Team"("nameKey");

-- CreateIndex
CREATE INDEX "TeamMember_userId_idx" ON "TeamMember"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "TeamInvitation_tokenHash_key" ON "TeamInvitation"("tokenHash");

-- CreateIndex
CREATE INDEX "TeamInvitation_teamId_createdAt_idx" ON "TeamInvitation"("teamId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_teamId_createdAt_idx" ON "AuditEvent"("teamId", "createdAt");

