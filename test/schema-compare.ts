// Helpers for the schema tests: the SQL Prisma would write for a schema from nothing, and each
// database's structure, normalised (column order and trigger-made extras aside), to compare a
// database built by the migrations with one built from the schema.
import { spawnSync } from "node:child_process";
import Database from "better-sqlite3";
import pg from "pg";

/** `prisma migrate diff --from-empty` for a schema, with the given Prisma config. */
export function sqlFromSchema(schema: string, config: string, databaseUrl: string): string {
  const result = spawnSync(
    process.execPath,
    [
      "node_modules/prisma/build/index.js",
      "migrate",
      "diff",
      "--config",
      config,
      "--from-empty",
      "--to-schema-datamodel",
      schema,
      "--script",
    ],
    { env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" }, encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout
    .split("\n")
    .filter((line) => !line.startsWith("Loaded Prisma config"))
    .join("\n");
}

/** Tables, columns, indexes and foreign keys of a SQLite file (Prisma's own table left out). */
export function sqliteStructure(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name`,
      )
      .pluck()
      .all() as string[];
    return Object.fromEntries(
      tables.map((table) => [
        table,
        {
          columns: (db.pragma(`table_info("${table}")`) as Array<Record<string, unknown>>)
            .map(({ name, type, notnull, dflt_value, pk }) => ({ name, type, notnull, dflt_value, pk }))
            .sort((x, y) => String(x.name).localeCompare(String(y.name))),
          indexes: (db.pragma(`index_list("${table}")`) as Array<{ name: string; unique: number }>)
            .map(({ name, unique }) => ({
              name,
              unique,
              columns: (db.pragma(`index_info("${name}")`) as Array<{ name: string }>).map((c) => c.name),
            }))
            .sort((x, y) => x.name.localeCompare(y.name)),
          foreignKeys: (db.pragma(`foreign_key_list("${table}")`) as Array<Record<string, unknown>>).map(
            ({ table: to, from, to: column, on_delete }) => ({
              to,
              from,
              column,
              on_delete,
            }),
          ),
        },
      ]),
    );
  } finally {
    db.close();
  }
}

/** The same for a PostgreSQL database. */
export async function postgresStructure(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query(
      `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY table_name, column_name`,
    );
    const indexes = await client.query(
      `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY indexname`,
    );
    const constraints = await client.query(
      `SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conname <> '_prisma_migrations_pkey' ORDER BY conname`,
    );
    const types = await client.query(
      `SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname ORDER BY t.typname`,
    );
    return { columns: columns.rows, indexes: indexes.rows, constraints: constraints.rows, types: types.rows };
  } finally {
    await client.end();
  }
}
