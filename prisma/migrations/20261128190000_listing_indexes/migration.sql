-- CreateIndex
CREATE INDEX "ApiToken_createdAt_id_idx" ON "ApiToken"("createdAt", "id");

-- CreateIndex
CREATE INDEX "ApiToken_nameKey_id_idx" ON "ApiToken"("nameKey", "id");

-- CreateIndex
CREATE INDEX "ApiToken_lastUsedAt_id_idx" ON "ApiToken"("lastUsedAt", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_actorEmail_createdAt_idx" ON "AuditEvent"("actorEmail", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_targetOwnerEmail_createdAt_idx" ON "AuditEvent"("targetOwnerEmail", "createdAt");

