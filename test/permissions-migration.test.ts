import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { databaseUrlFor, dropDatabase, onServer } from "@/test/postgres";

// Issue 24: tokens made before permissions per resource become the preset they were, on both
// databases. Each database is built from the migrations before this one, given tokens, then
// migrated once more.

const MIGRATION = "20261201210000_permissions";
const folders = (root: string) =>
  fs
    .readdirSync(root)
    .filter((name) => /^\d{14}_/.test(name))
    .sort();
const sqlOf = (root: string, name: string) => fs.readFileSync(path.join(root, name, "migration.sql"), "utf8");

const USER = `INSERT INTO "User" ("id", "email", "name", "passwordHash", "role") VALUES ('u1', 'old@example.test', 'Old', 'x', 'MEMBER')`;
const token = (id: string, scope: string) =>
  `INSERT INTO "ApiToken" ("id", "userId", "name", "nameKey", "scope", "tokenHash", "displayPrefix") VALUES ('${id}', 'u1', '${id}', '${id}', '${scope}', 'hash-${id}', 'tkc_${id}')`;

describe("the permissions migration, on SQLite", () => {
  it("keeps every token's scope, now a preset with no list of its own", () => {
    const root = "prisma/migrations";
    const before = folders(root).filter((name) => name < MIGRATION);
    expect(folders(root)).toContain(MIGRATION);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "token-console-migration-")), "old.db");
    const db = new Database(file);
    try {
      for (const name of before) db.exec(sqlOf(root, name));
      db.exec(`${USER}; ${token("reader", "READ_ONLY")}; ${token("writer", "WRITE")}`);
      db.exec(sqlOf(root, MIGRATION));
      expect(db.prepare(`SELECT "id", "scope", "permissions" FROM "ApiToken" ORDER BY "id"`).all()).toEqual([
        { id: "reader", scope: "READ_ONLY", permissions: "" },
        { id: "writer", scope: "WRITE", permissions: "" },
      ]);
      // The table the uses go to exists, and goes with its token.
      db.pragma("foreign_keys = ON");
      db.exec(
        `INSERT INTO "TokenPermissionUse" ("tokenId", "permission", "lastUsedAt") VALUES ('reader', 'dns:read', '2026-12-01T00:00:00.000+00:00')`,
      );
      db.exec(`DELETE FROM "ApiToken" WHERE "id" = 'reader'`);
      expect(db.prepare(`SELECT count(*) AS n FROM "TokenPermissionUse"`).get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});

const database = `tc_permissions_migration_${process.pid}`;
describe.runIf(process.env.TEST_DATABASE_URL)("the permissions migration, on PostgreSQL", () => {
  afterAll(() => dropDatabase(database));
  it("keeps every token's scope, now a preset, and CUSTOM is a value of the enum", async () => {
    const root = "prisma/postgresql/migrations";
    await onServer(`CREATE DATABASE "${database}"`);
    const client = new pg.Client({ connectionString: databaseUrlFor(database) });
    await client.connect();
    try {
      for (const name of folders(root).filter((entry) => entry < MIGRATION)) await client.query(sqlOf(root, name));
      await client.query(`${USER}; ${token("reader", "READ_ONLY")}; ${token("writer", "WRITE")}`);
      await client.query(`BEGIN; ${sqlOf(root, MIGRATION)}; COMMIT`);
      const rows = await client.query(`SELECT "id", "scope"::text AS "scope", "permissions" FROM "ApiToken" ORDER BY "id"`);
      expect(rows.rows).toEqual([
        { id: "reader", scope: "READ_ONLY", permissions: "" },
        { id: "writer", scope: "WRITE", permissions: "" },
      ]);
      await client.query(`UPDATE "ApiToken" SET "scope" = 'CUSTOM', "permissions" = 'dns:read' WHERE "id" = 'reader'`);
    } finally {
      await client.end();
    }
  });
});
