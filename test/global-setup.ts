import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

// Migrates one template database for the whole run; each test file then works on its own copy
// (test/isolated-database.ts), so files never see each other's rows. The "postgresql" project
// does the same on the server TEST_DATABASE_URL names (test/postgres.ts).
export default async function setup(project: TestProject) {
  const { migrate } = await import("../scripts/migrate.mjs");
  if (project.name === "postgresql") {
    const { databaseUrlFor, dropDatabase, onServer } = await import("./postgres");
    const template = `tc_template_${process.pid}_${Date.now().toString(36)}`;
    await onServer(`CREATE DATABASE "${template}"`);
    process.env.DATABASE_URL = databaseUrlFor(template);
    await migrate({ quiet: true });
    project.provide("templateDatabase", template);
    return () => dropDatabase(template);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "token-console-test-"));
  const template = path.join(dir, "template.db");
  process.env.DATABASE_URL = `file:${template}`;
  await migrate({ quiet: true });
  project.provide("templateDatabase", template);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}
