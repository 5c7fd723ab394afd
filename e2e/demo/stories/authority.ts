import { expect } from "@playwright/test";
import {
  closeReveal,
  confirmRowConfirmation,
  createDrawer,
  DELETE_WORDS,
  fillCustomDrawer,
  openRowConfirmation,
  REVEAL_WORDS,
  ROW_WORDS,
  SCOPE_LABELS,
  signUp,
  submitCreateDrawer,
  tokenRow,
} from "../../support/console";
import { startNginx } from "../../support/proxies";
import { startDnsService, ZONES, type DnsService } from "../dns-service";
import { callApi, step, type StepContext, type Story } from "../story";
import { expectMember } from "./member";

// The console as the authority for a service of your own: the DNS team's service runs behind
// Debian's nginx with deploy/nginx/forward-auth.conf, so nginx asks the console about every
// request. A token made in the console with DNS: Read reads through it, is refused a write, and
// once deleted in the console is refused at the next request. The console trusts the loopback
// nginx (TRUST_PROXY=loopback), as forward auth needs.

/** The story's DNS service, while it runs: the steps check what reached it. */
let dns: DnsService | null = null;

const THROUGH_NGINX = "DNS service, through nginx";
const zones = (context: StepContext) => `${context.services.nginx}/v2/dns/zones`;

export const authority: Story = {
  name: "authority",
  title: "Your own service behind nginx: the console decides who gets in",
  points: [
    "nginx asks the console about every request to your service",
    "A token with exactly DNS: Read reads, 200, and the service knows which token it was",
    "A write it lacks is refused, 403, naming what it lacks",
    "Deleted in the console, it is refused at the next request, 401",
  ],
  serverEnv: { TRUST_PROXY: "loopback" },
  async services(consoleUrl, port) {
    const service = await startDnsService(await port());
    try {
      const nginx = await startNginx({ port: await port(), consoleUrl, upstreamUrl: service.url });
      dns = service;
      return {
        urls: { nginx: nginx.url, dns: service.url },
        async stop() {
          dns = null;
          await Promise.all([nginx.stop(), service.stop()]);
        },
      };
    } catch (error) {
      await service.stop();
      throw error;
    }
  },
  async setup({ driver, person }) {
    // The installation's admin: Ada is a member, as most people are.
    await signUp(driver, person("Maya Chen"));
  },
  steps: [
    step("Ada, of the DNS team, signs up; their service runs behind nginx, which asks the console", async ({ driver, page, person }) => {
      await signUp(driver, person("Ada Lovelace"));
      await expectMember(page);
    }),
    step("Create API Key: “dns-dashboard”, Custom, and DNS: Read, nothing else", async ({ driver, page }) => {
      await fillCustomDrawer(driver, "dns-dashboard", { DNS: "Read" });
      await expect(createDrawer(page).getByText("1 permission: DNS read")).toBeVisible();
    }),
    step("Add New API, then Copy: the token, shown once, is on the clipboard", async ({ driver, page, state }) => {
      state.token = await submitCreateDrawer(driver);
      await expect(createDrawer(page).getByText(REVEAL_WORDS.warning)).toBeVisible();
      await driver.click(createDrawer(page).getByRole("button", { name: REVEAL_WORDS.copy, exact: true }));
      await expect(createDrawer(page).getByRole("button", { name: REVEAL_WORDS.copied })).toBeVisible();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(state.token);
    }),
    step("Done: it is in her listing, Custom with one permission", async ({ driver, page }) => {
      await closeReveal(driver, { copied: true });
      await expect(tokenRow(page, "dns-dashboard").getByRole("cell").nth(1)).toHaveText(`${SCOPE_LABELS.CUSTOM} · 1`);
    }),
    step("Through nginx, the service answers a read, 200, and knows which token asked", async (context) => {
      const answer = await callApi(context, context.state.token!, zones(context), { mark: /"token_id"|"dns:read"/, title: THROUGH_NGINX });
      expect(answer.status).toBe(200);
      expect(answer.body.zones).toEqual(ZONES);
      expect(answer.body.served_for.token_id).toMatch(/^\w{10,}$/);
      expect(answer.body.served_for.permissions).toContain("dns:read");
      expect(answer.body.served_for.permissions).not.toContain("dns:write");
      expect(dns!.requests).toEqual([{ method: "GET", path: "/v2/dns/zones", tokenId: answer.body.served_for.token_id }]);
      context.state.tokenId = answer.body.served_for.token_id;
    }),
    step("A write it does not hold: refused, 403, naming dns:write; the service never sees it", async (context) => {
      const answer = await callApi(context, context.state.token!, zones(context), {
        body: { name: "example.net" },
        mark: /"dns:write"/,
        title: THROUGH_NGINX,
      });
      expect(answer.status).toBe(403);
      expect(answer.body.errors[0].code).toBe("forbidden_scope");
      expect(answer.body.missing_permissions).toEqual(["dns:write"]);
      expect(dns!.requests).toHaveLength(1);
    }),
    step("In the console, Ada deletes the token", async ({ driver, page, closeTerminal }) => {
      await closeTerminal();
      const dialog = await openRowConfirmation(driver, "dns-dashboard", ROW_WORDS.delete, DELETE_WORDS.title("dns-dashboard"));
      await confirmRowConfirmation(driver, dialog, DELETE_WORDS.confirm, DELETE_WORDS.deleted("dns-dashboard"));
      await expect(tokenRow(page, "dns-dashboard")).toHaveCount(0);
    }),
    step("The same read through nginx, at once: 401, and the service never sees it", async (context) => {
      const answer = await callApi(context, context.state.token!, zones(context), { mark: /^ {2}"message"/, title: THROUGH_NGINX });
      expect(answer.status).toBe(401);
      expect(answer.body.status).toBe("error");
      expect(dns!.requests).toHaveLength(1);
    }),
  ],
  end: {
    heading: "One console, in front of every service",
    points: [
      "nginx asks the console at every request (deploy/nginx/forward-auth.conf)",
      "The service gets the token's id and permissions, never a client's copy",
      "Outside its permissions: refused before the service, naming what it lacks",
      "Deleted in the console: refused through nginx at once",
    ],
  },
};
