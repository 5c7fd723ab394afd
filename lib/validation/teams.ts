import { z } from "zod";
import { recordId } from "@/lib/validation/ids";
import { MEMBER_TOKEN_RULES, TEAM_ROLES } from "@/lib/teams";
import { displayText, nameKey, wellFormedString } from "@/lib/validation/text";

// One schema per team form, read by the form's resolver and by its server action alike.

export const TEAM_NAME_MAX = 64;

const id = recordId;

export const teamNameSchema = displayText("a team name", TEAM_NAME_MAX);

/** The key a team's name is unique by: "Platform" and "PLATFORM" are one team; case-folded as a token's name is. */
export const teamNameKey = nameKey;

/** A team's id as a request names it (a cuid): anything else names no team. */
export const teamIdValue = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
/** Whether a value read from an address (a page's [teamId]) can name a team at all: else it names none. */
export const isTeamId = (value: unknown): value is string => teamIdValue.safeParse(value).success;

export const createTeamSchema = z.object({ name: teamNameSchema });
export type CreateTeamInput = z.input<typeof createTeamSchema>;

const inviteeEmail = wellFormedString("Enter the email address to invite.")
  .transform((value) => value.trim().toLowerCase())
  .pipe(
    z
      .string()
      .min(1, "Enter the email address to invite.")
      .max(254, "That email address is too long.")
      .pipe(z.email("Enter a valid email address.")),
  );

const role = z.enum(TEAM_ROLES, { error: "Choose a role." });

export const inviteMemberSchema = z.object({ teamId: id, email: inviteeEmail, role });
export type InviteMemberInput = z.input<typeof inviteMemberSchema>;

export const teamIdSchema = z.object({ teamId: id });
export const memberSchema = z.object({ teamId: id, userId: id });
export const changeRoleSchema = z.object({ teamId: id, userId: id, role });
export const invitationIdSchema = z.object({ teamId: id, invitationId: id });
export const memberTokenRuleSchema = z.object({ teamId: id, rule: z.enum(MEMBER_TOKEN_RULES, { error: "Choose a rule." }) });

/** An invitation link's token: 32 random bytes, base64url. */
export const invitationTokenSchema = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });
