-- Issue 28: a token's state (active, disabled, pending approval, denied), the installation's
-- policies, second factors (TOTP with recovery codes, passkeys) and sudo mode (when a session last
-- authenticated). Every existing token stays active; every existing session counts as
-- authenticated at the migration.

-- CreateTable
CREATE TABLE "TotpFactor" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "secret" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmedAt" DATETIME,
    "lastStep" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "TotpFactor_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RecoveryCode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "usedAt" DATETIME,
    CONSTRAINT "RecoveryCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Passkey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "publicKey" TEXT NOT NULL,
    "counter" INTEGER NOT NULL DEFAULT 0,
    "transports" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    CONSTRAINT "Passkey_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Policy" (
    "id" TEXT NOT NULL PRIMARY KEY DEFAULT 'installation',
    "defaultLifetimeDays" INTEGER NOT NULL,
    "maxLifetimeDays" INTEGER,
    "requireExpiry" BOOLEAN NOT NULL DEFAULT false,
    "requireAllowedIpsForWrite" BOOLEAN NOT NULL DEFAULT false,
    "selfGrantable" TEXT NOT NULL DEFAULT '*',
    "inactivityWarnDays" INTEGER,
    "inactivityDisableDays" INTEGER,
    "requireTwoFactor" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedById" TEXT
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ip" TEXT,
    "userAgent" TEXT,
    "authenticatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Session" ("createdAt", "id", "ip", "lastSeenAt", "userAgent", "userId") SELECT "createdAt", "id", "ip", "lastSeenAt", "userAgent", "userId" FROM "Session";
DROP TABLE "Session";
ALTER TABLE "new_Session" RENAME TO "Session";
CREATE INDEX "Session_userId_idx" ON "Session"("userId");
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
    "status" TEXT NOT NULL DEFAULT 'active',
    "disabledAt" DATETIME,
    "disabledReason" TEXT,
    "decidedById" TEXT,
    "decidedAt" DATETIME,
    "decisionReason" TEXT NOT NULL DEFAULT '',
    "inactivityWarnedAt" DATETIME,
    CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ApiToken_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_ApiToken" ("allowedIps", "createdAt", "description", "displayPrefix", "expiredUseAuditedAt", "expiresAt", "id", "lastUsedAt", "lastUsedClient", "lastUsedIp", "name", "nameKey", "ownerId", "permissions", "previousTokenHash", "previousValidUntil", "quota", "quotaRemaining", "rateLimitPerMinute", "scope", "teamId", "tokenHash", "userId") SELECT "allowedIps", "createdAt", "description", "displayPrefix", "expiredUseAuditedAt", "expiresAt", "id", "lastUsedAt", "lastUsedClient", "lastUsedIp", "name", "nameKey", "ownerId", "permissions", "previousTokenHash", "previousValidUntil", "quota", "quotaRemaining", "rateLimitPerMinute", "scope", "teamId", "tokenHash", "userId" FROM "ApiToken";
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
CREATE INDEX "ApiToken_status_createdAt_idx" ON "ApiToken"("status", "createdAt");
CREATE UNIQUE INDEX "ApiToken_ownerId_nameKey_key" ON "ApiToken"("ownerId", "nameKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "RecoveryCode_codeHash_key" ON "RecoveryCode"("codeHash");

-- CreateIndex
CREATE INDEX "RecoveryCode_userId_idx" ON "RecoveryCode"("userId");

-- CreateIndex
CREATE INDEX "Passkey_userId_idx" ON "Passkey"("userId");

