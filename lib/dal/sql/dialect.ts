import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { databaseProvider } from "@/lib/server/config.mjs";

/**
 * After a text column that a range compares by its beginning (`>= prefix AND < prefix + U+10FFFF`):
 * PostgreSQL then compares code points, as SQLite always does, not the database's language rules.
 */
export const byCodePoint = (): Prisma.Sql => (databaseProvider() === "postgresql" ? Prisma.raw(' COLLATE "C"') : Prisma.empty);
