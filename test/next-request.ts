// Stands in for Next.js's request scope when a test calls a server action or a page function
// directly: `next/headers` reads these headers and this cookie jar, and `next/navigation`
// throws as it does on the server. Everything else (sessions, the DAL, the database) is real.
//
//   vi.mock("next/headers", () => import("@/test/next-request").then((m) => m.nextHeaders));
//   vi.mock("next/navigation", () => import("next/dist/client/components/navigation.react-server.js"));
//   vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
import { CLIENT_IP_HEADER } from "@/lib/server/client-address.mjs";

type Cookie = { name: string; value: string; maxAge?: number; secure?: boolean; httpOnly?: boolean; path?: string; sameSite?: string };

const jar = new Map<string, Cookie>();
let requestHeaders = new Headers();

/** The next requests come from this address with this user agent, and these extra headers. */
export function fromClient(ip: string, extra: Record<string, string> = {}) {
  requestHeaders = new Headers({ [CLIENT_IP_HEADER]: ip, "user-agent": "vitest", ...extra });
}

/** The browser's cookies: what the actions have set, as the next request would send them. */
export const cookieJar = {
  all: () => [...jar.values()],
  get: (name: string) => jar.get(name),
  clear: () => jar.clear(),
  /** Everything in the jar now, to send again later (a copied cookie). */
  snapshot: () => new Map(jar),
  restore: (saved: Map<string, Cookie>) => {
    jar.clear();
    for (const [name, cookie] of saved) jar.set(name, cookie);
  },
};

export const nextHeaders = {
  headers: async () => requestHeaders,
  cookies: async () => ({
    get: (name: string) => jar.get(name),
    getAll: () => [...jar.values()],
    has: (name: string) => jar.has(name),
    set: (name: string, value: string, options: Omit<Cookie, "name" | "value"> = {}) => {
      if (options.maxAge === 0 || value === "") jar.delete(name);
      else jar.set(name, { name, value, ...options });
    },
    delete: (name: string) => jar.delete(name),
  }),
};

/** Runs a server action that may redirect; answers where it went, or what it returned. */
export async function settle<T>(run: () => Promise<T>): Promise<{ redirectedTo: string } | { returned: T }> {
  try {
    return { returned: await run() };
  } catch (error) {
    const digest = String((error as { digest?: string }).digest ?? "");
    if (digest.startsWith("NEXT_REDIRECT")) return { redirectedTo: digest.split(";")[2] ?? "" };
    throw error;
  }
}

/** A posted form, as the browser sends it. */
export function formData(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}
