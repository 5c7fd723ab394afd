import "server-only";
import { refuseRequest } from "@/lib/api/denials";
import { apiError, MESSAGES, missingPermissions } from "@/lib/api/responses";
import type { ApiPrincipal } from "@/lib/dal/tokens";
import { expandGrant, lacking, type Grant } from "@/lib/permissions";
import { resourceCatalogue } from "@/lib/server/permission-catalogue.mjs";

// A token may manage only what it could do itself: the key it creates, and the key it rolls or
// edits, hold nothing it lacks. Otherwise a Custom key holding api_keys:write would mint a Write
// key, or roll one and read its new secret. Nor may a Custom key make or manage a preset, even one
// holding nothing more today: a preset gains every resource the catalogue gains, a Custom list
// never does, so the key it made would outgrow it at the next resource. Deleting and narrowing
// take power away: any key with api_keys:write may do them.

/** 403 naming what `target` holds beyond the calling token, audited as a scope refusal; null when it holds nothing more. */
export async function refuseWider(request: Request, principal: ApiPrincipal, target: Grant, what: string): Promise<Response | null> {
  const missing = lacking(principal, expandGrant(target, resourceCatalogue()));
  // Only Write covers what a preset will hold; Read-Only never reaches here (it lacks api_keys:write).
  const outgrows = principal.scope !== "WRITE" && target.scope !== "CUSTOM";
  if (missing.length === 0 && !outgrows) return null;
  const where = `${request.method} ${new URL(request.url).pathname}`;
  if (missing.length === 0)
    return refuseRequest(request, principal, "scope", `${where}: ${what} is a preset, which holds resources added later`, () =>
      apiError(403, MESSAGES.presetOutgrows, {}, "forbidden_scope"),
    );
  const detail = `${where}: ${what} would hold ${missing.join(", ")}`;
  return refuseRequest(request, principal, "scope", detail.slice(0, 1_000), () => missingPermissions(missing, MESSAGES.wider(missing)));
}
