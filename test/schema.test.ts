import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { postgresqlSchema, POSTGRESQL_SCHEMA, SQLITE_SCHEMA } from "@/scripts/schema-postgresql.mjs";
import { sqlFromSchema, sqliteStructure } from "@/test/schema-compare";

// One schema, two providers, and the migrations of each: they cannot drift apart unnoticed.

const migrationNames = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((name) => /^\d{14}_/.test(name))
    .sort();

describe("one schema, two providers", () => {
  it("the PostgreSQL schema is the SQLite one with another provider (npm run db:schema-postgresql writes it)", () => {
    expect(fs.readFileSync(POSTGRESQL_SCHEMA, "utf8")).toBe(postgresqlSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8")));
  });

  it("every migration after PostgreSQL's baseline exists for both databases, under one name", () => {
    const sqlite = migrationNames("prisma/migrations");
    const postgres = migrationNames("prisma/postgresql/migrations");
    const baseline = postgres[0]!;
    expect(baseline).toMatch(/_baseline$/);
    // The baseline stands for every SQLite migration up to its time.
    expect(sqlite.filter((name) => name.slice(0, 14) <= baseline.slice(0, 14)).at(-1)).toBe("20261128200000_operations");
    expect(postgres.slice(1)).toEqual(sqlite.filter((name) => name.slice(0, 14) > baseline.slice(0, 14)));
  });

  it("the SQLite migrations build exactly the database the schema describes", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "token-console-schema-"));
    const migrated = path.join(dir, "migrated.db");
    const fromSchema = path.join(dir, "from-schema.db");
    const migration = spawnSync(process.execPath, ["scripts/migrate.mjs"], {
      env: { ...process.env, DATABASE_URL: `file:${migrated}`, LOG_LEVEL: "warn" },
    });
    expect(migration.status).toBe(0);
    const db = new Database(fromSchema);
    db.exec(sqlFromSchema("prisma/schema.prisma", "prisma.config.ts", `file:${fromSchema}`));
    db.close();
    const structure = sqliteStructure(migrated);
    expect(Object.keys(structure)).toEqual([
      "AddressNotice",
      "ApiToken",
      "AuditEvent",
      "LeakNotice",
      "Notification",
      "Passkey",
      "PasswordReset",
      "Policy",
      "RecoveryCode",
      "RevocationNotice",
      "Session",
      "Setting",
      "Team",
      "TeamInvitation",
      "TeamMember",
      "TokenAddress",
      "TokenNetwork",
      "TokenPermissionUse",
      "TokenRequest",
      "TokenUsage",
      "TotpFactor",
      "User",
      "UserIdentity",
      "WebhookDelivery",
      "WebhookEndpoint",
    ]);
    expect(structure).toEqual(sqliteStructure(fromSchema));
  });
});
