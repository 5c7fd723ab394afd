"use client";

import { createContext, useCallback, useContext, type ReactNode } from "react";
import type { MemberTokenRule, TeamRole } from "@/lib/teams";

/** The team whose tokens the API Token page shows; null: the person's own. */
export type TeamView = { id: string; name: string; role: TeamRole; memberTokens: MemberTokenRule };

const TeamContext = createContext<TeamView | null>(null);

export function TeamContextProvider({ team, children }: { team: TeamView | null; children: ReactNode }) {
  return <TeamContext.Provider value={team}>{children}</TeamContext.Provider>;
}

export const useTeamContext = () => useContext(TeamContext);

/**
 * Adds the page's team to a token action's input: the action acts on that team's tokens, and the
 * server checks the membership in the statement itself (lib/dal/access.ts).
 */
export function useInContext() {
  const team = useTeamContext();
  return useCallback(<T extends object>(input: T): T & { teamId?: string } => (team ? { ...input, teamId: team.id } : input), [team]);
}
