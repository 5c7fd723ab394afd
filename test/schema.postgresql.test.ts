import { spawnSync } from "node:child_process";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { databaseUrlFor, dropDatabase, onServer } from "@/test/postgres";
import { postgresStructure, sqlFromSchema } from "@/test/schema-compare";

// On the PostgreSQL server of TEST_DATABASE_URL (the "postgresql" project of vitest.config.mts).

const names = [`tc_migrated_${process.pid}`, `tc_from_schema_${process.pid}`] as const;
afterAll(() => Promise.all(names.map(dropDatabase)));

describe("the PostgreSQL migrations", () => {
  it("build exactly the database the PostgreSQL schema describes", async () => {
    const [migrated, fromSchema] = names;
    await onServer(`CREATE DATABASE "${migrated}"`, `CREATE DATABASE "${fromSchema}"`);
    const migration = spawnSync(process.execPath, ["scripts/migrate.mjs"], {
      env: { ...process.env, DATABASE_URL: databaseUrlFor(migrated), LOG_LEVEL: "warn" },
      encoding: "utf8",
    });
    expect(migration.stderr).toBe("");
    expect(migration.status).toBe(0);
    const client = new pg.Client({ connectionString: databaseUrlFor(fromSchema) });
    await client.connect();
    await client.query(sqlFromSchema("prisma/postgresql/schema.prisma", "prisma.postgresql.config.ts", databaseUrlFor(fromSchema)));
    await client.end();

    const structure = await postgresStructure(databaseUrlFor(migrated));
    expect(new Set(structure.columns.map((column) => column.table_name))).toEqual(
      new Set([
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
      ]),
    );
    expect(structure).toEqual(await postgresStructure(databaseUrlFor(fromSchema)));
  });

  it("keep the audit log append-only, as on SQLite", async () => {
    const url = databaseUrlFor(names[0]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`INSERT INTO "AuditEvent" ("id", "action") VALUES ('e1', 'user.signed_up')`);
      await expect(client.query(`UPDATE "AuditEvent" SET "action" = 'x'`)).rejects.toThrow("audit events are append-only");
      await expect(client.query(`DELETE FROM "AuditEvent"`)).rejects.toThrow("audit events are append-only");
    } finally {
      await client.end();
    }
  });
});
