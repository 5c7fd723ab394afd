import type { Story } from "../story";
import { admin } from "./admin";
import { authority } from "./authority";
import { member } from "./member";
import { team } from "./team";

/** The stories `npm run demo -- --story <name>` knows; `all` is every one, in this order. */
export const STORIES: Record<string, Story[]> = {
  member: [member],
  admin: [admin],
  authority: [authority],
  team: [team],
  all: [member, admin, authority, team],
};
