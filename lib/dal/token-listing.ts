import "server-only";
import { assertAdmin, ownedBy, ownerIdOf, type Actor, type SessionUser } from "@/lib/dal/access";
import { paginate } from "@/lib/dal/pagination";
import { fastSql } from "@/lib/dal/sql";
import { byCodePoint } from "@/lib/dal/sql/dialect";
import { fromStoredRow, tokenRowSelect, toRow } from "@/lib/dal/token-rows";
import { Prisma } from "@/lib/generated/prisma/client";
import { EXPIRING_SOON_MS, type AdminTokenRow, type ListedToken, type Page } from "@/lib/model";
import { checkPermissions } from "@/lib/permissions";
import { SCOPE_WIRE, SCOPES, type Scope } from "@/lib/scopes";
import { db } from "@/lib/server/db";
import { resourceCatalogue } from "@/lib/server/permission-catalogue.mjs";
import type { TokenRow } from "@/lib/token-columns";
import { ADMIN_PAGE_SIZE, type AdminTokenQuery } from "@/lib/validation/admin";
import { TOKEN_PAGE_SIZE, tokenNameKey, type TokenListQuery } from "@/lib/validation/api-token";
import { teamNameKey } from "@/lib/validation/teams";

/** The actor's tokens (a team's, in a team's context: with who created each). */
export async function listTokens(actor: Actor, query: TokenListQuery): Promise<Page<ListedToken>> {
  const where: Prisma.ApiTokenWhereInput = ownedBy(actor);
  const search = tokenNameKey(query.q.trim());
  if (search) where.nameKey = { contains: search };
  if (query.show === "expiring") where.expiresAt = expiringSoonRange(Date.now());
  const orderBy: Prisma.ApiTokenOrderByWithRelationInput[] = [
    query.sort === "name" ? { nameKey: query.dir } : { createdAt: query.dir },
    { id: query.dir },
  ];
  const total = await db.apiToken.count({ where });
  if (!actor.team)
    return paginate(total, query.page, TOKEN_PAGE_SIZE, async (skip, take) =>
      (await db.apiToken.findMany({ where, orderBy, skip, take, select: tokenRowSelect })).map(toRow),
    );
  const select = { ...tokenRowSelect, user: { select: { name: true, email: true } } } as const;
  return paginate(total, query.page, TOKEN_PAGE_SIZE, async (skip, take) =>
    (await db.apiToken.findMany({ where, orderBy, skip, take, select })).map(({ user, ...row }) => ({ ...toRow(row), createdBy: user })),
  );
}

export async function countExpiringSoon(actor: Actor, now = Date.now()): Promise<number> {
  return db.apiToken.count({ where: { ...ownedBy(actor), expiresAt: expiringSoonRange(now) } });
}
const expiringSoonRange = (now: number) => ({ gt: new Date(now), lte: new Date(now + EXPIRING_SOON_MS) });

/** The platform API lists them without pagination: there are at most MAX_TOKENS_PER_USER. */
export async function listAllTokens(actor: Actor): Promise<TokenRow[]> {
  return (await fastSql.tokensOfOwner(ownerIdOf(actor))).map(fromStoredRow);
}

export async function listTokensForAdmin(admin: SessionUser, query: AdminTokenQuery): Promise<Page<AdminTokenRow>> {
  assertAdmin(admin);
  // Raw SQL, so that every filter, order and page runs on an index (Prisma's own count and
  // relation order would not): owner and name match by their beginning, a range on an index.
  const prefix = (text: string) => [text, `${text}\u{10FFFF}`] as const;
  const parts: Prisma.Sql[] = [];
  if (query.owner) {
    const [from, to] = prefix(query.owner.toLowerCase());
    parts.push(Prisma.sql`u."email"${byCodePoint()} >= ${from} AND u."email"${byCodePoint()} < ${to}`);
  }
  if (query.team) {
    // The teams whose name begins so, on Team's unique index; then each one's tokens on its own.
    const [from, to] = prefix(teamNameKey(query.team));
    parts.push(
      Prisma.sql`t."teamId" IN (SELECT tm."id" FROM "Team" tm WHERE tm."nameKey"${byCodePoint()} >= ${from} AND tm."nameKey"${byCodePoint()} < ${to})`,
    );
  }
  if (query.q) {
    const [from, to] = prefix(tokenNameKey(query.q));
    parts.push(Prisma.sql`t."nameKey"${byCodePoint()} >= ${from} AND t."nameKey"${byCodePoint()} < ${to}`);
  }
  if (query.expiry) {
    const now = new Date();
    parts.push(
      query.expiry === "expired"
        ? Prisma.sql`t."expiresAt" <= ${now}`
        : Prisma.sql`t."expiresAt" > ${now} AND t."expiresAt" <= ${new Date(now.getTime() + EXPIRING_SOON_MS)}`,
    );
  }
  parts.push(...grantFilter(query));
  const filter = parts.length > 0 ? Prisma.join(parts, " AND ") : Prisma.sql`1 = 1`;
  const dir = Prisma.raw(query.dir === "asc" ? "ASC" : "DESC");
  const order: Record<AdminTokenQuery["sort"], Prisma.Sql> = {
    // By owner: walk the users by email, each one's tokens by time (a nested loop on two indexes, no sort).
    owner: Prisma.sql`u."email" ${dir}, t."createdAt" ${dir}, t."id" ${dir}`,
    name: Prisma.sql`t."nameKey" ${dir}, t."id" ${dir}`,
    // The never-used first going up and last going down: SQLite's own order on the index, said for PostgreSQL.
    lastUsedAt: Prisma.sql`t."lastUsedAt" ${dir} ${Prisma.raw(query.dir === "asc" ? "NULLS FIRST" : "NULLS LAST")}, t."id" ${dir}`,
    createdAt: Prisma.sql`t."createdAt" ${dir}, t."id" ${dir}`,
  };
  // The owners' table joins only when the filter or the order needs it: a deep page then walks one index.
  const from =
    query.owner || query.sort === "owner"
      ? Prisma.sql`FROM "ApiToken" t JOIN "User" u ON u."id" = t."userId" WHERE ${filter}`
      : Prisma.sql`FROM "ApiToken" t WHERE ${filter}`;
  const [counted] = await db.$queryRaw<Array<{ n: number | bigint }>>`SELECT COUNT(*) AS "n" ${from}`;
  return paginate(Number(counted?.n ?? 0), query.page, ADMIN_PAGE_SIZE, async (skip, take) => {
    // A deep page walks the index for ids alone, then reads the page's rows: OFFSET never reads the rows it skips.
    const ids = (
      await db.$queryRaw<Array<{ id: string }>>`SELECT t."id" ${from} ORDER BY ${order[query.sort]} LIMIT ${take} OFFSET ${skip}`
    ).map((row) => row.id);
    const rows = await db.apiToken.findMany({
      where: { id: { in: ids } },
      select: { ...tokenRowSelect, user: { select: { email: true, name: true } }, team: { select: { name: true } } },
    });
    const byId = new Map(
      rows.map(({ user, team, ...row }) => [
        row.id,
        { ...toRow(row), ownerEmail: user.email, ownerName: user.name, teamName: team?.name ?? null },
      ]),
    );
    return ids.flatMap((id) => byId.get(id) ?? []);
  });
}

// The scope as stored, written into the SQL as a constant (never a parameter): PostgreSQL
// compares its enum with a literal, not with a text parameter. Values from SCOPES alone.
const storedScope = (scope: Scope) => Prisma.raw(`'${scope}'`);

/**
 * Which tokens a grant filter keeps: by preset or Custom (the API's spelling), and by one
 * permission, which a token matches when its grant covers it: Write always, Read-Only every
 * read, Custom when its stored list holds it. The list is matched as a whole entry of the comma
 * list, its `_` escaped (LIKE's any-character), alike on SQLite and PostgreSQL. No index serves
 * these: the admin's listing is a short scan of the tokens' table. A permission on a resource
 * the catalogue does not have is ignored, like other junk in the URL.
 */
function grantFilter(query: AdminTokenQuery): Prisma.Sql[] {
  const parts: Prisma.Sql[] = [];
  const scope = SCOPES.find((value) => SCOPE_WIRE[value] === query.scope);
  if (scope) parts.push(Prisma.sql`t."scope" = ${storedScope(scope)}`);
  if (query.permission && checkPermissions([query.permission], resourceCatalogue()).ok) {
    // The schema let through `[a-z0-9_:]` alone: `_` is the one character LIKE reads otherwise.
    const entry = `%,${query.permission.replaceAll("_", "\\_")},%`;
    const custom = Prisma.sql`(t."scope" = ${storedScope("CUSTOM")} AND (',' || t."permissions" || ',') LIKE ${entry} ESCAPE '\\')`;
    parts.push(
      query.permission.endsWith(":read")
        ? Prisma.sql`(t."scope" IN (${storedScope("WRITE")}, ${storedScope("READ_ONLY")}) OR ${custom})`
        : Prisma.sql`(t."scope" = ${storedScope("WRITE")} OR ${custom})`,
    );
  }
  return parts;
}

/** The calling token's own record (GET /v2/api/self): null when it was deleted since the lookup. */
export async function ownTokenRecord(tokenId: string): Promise<TokenRow | null> {
  const row = await db.apiToken.findUnique({ where: { id: tokenId }, select: tokenRowSelect });
  return row ? toRow(row) : null;
}
