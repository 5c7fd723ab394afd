-- When a token last became active again (enabled, approved): the inactivity rule counts from there.
ALTER TABLE "ApiToken" ADD COLUMN "activeSince" DATETIME;
