import type { Story } from "../story";
import { admin } from "./admin";
import { authority } from "./authority";
import { member } from "./member";

/** The stories `npm run demo -- --story <name>` knows; `all` is every one, in this order. */
export const STORIES: Record<string, Story[]> = {
  member: [member],
  admin: [admin],
  authority: [authority],
  all: [member, admin, authority],
};
