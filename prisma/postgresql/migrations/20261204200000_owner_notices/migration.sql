-- The owner's notices on the API Token page say what happened: revoked, approved, denied, disabled.
ALTER TABLE "RevocationNotice" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'revoked',
ADD COLUMN "reason" TEXT NOT NULL DEFAULT '';
