// PostgreSQL for the tests: a template database migrated once per run, and a database per test
// file copied from it (CREATE DATABASE … TEMPLATE, a file copy on the server: fast), dropped
// after the run. TEST_DATABASE_URL names the server and a database to connect to for that.
import crypto from "node:crypto";
import pg from "pg";

const admin = () => new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });

/** TEST_DATABASE_URL with another database name. */
export function databaseUrlFor(name: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs statements on the server's admin connection. */
export async function onServer(...statements: string[]) {
  const client = admin();
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A new database copied from the template; retried while another copy of it is being made. */
export async function copyOf(template: string, label: string): Promise<string> {
  const name = `tc_${label}_${crypto.randomBytes(6).toString("hex")}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await onServer(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
      return name;
    } catch (error) {
      if (attempt >= 50 || !/being accessed by other users/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
    }
  }
}

export const dropDatabase = (name: string) => onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
