"use client";

import { useState } from "react";
import type { ActivityOverview } from "@/lib/activity";
import type { UnusedToken } from "@/lib/dal/unused-tokens";
import { OverviewCharts } from "./overview-charts";
import { UnusedTokens } from "./unused-tokens";

/** The Overview's two halves; a bulk revoke reads the charts' busiest tokens again. */
export function Overview({
  overview,
  unused,
}: {
  overview: ActivityOverview;
  unused: { total: number; totalCapped: boolean; tokens: UnusedToken[] };
}) {
  const [reads, setReads] = useState(0);
  return (
    <div className="mt-8 space-y-6">
      <OverviewCharts initial={overview} reads={reads} />
      <UnusedTokens initial={unused} onRevoked={() => setReads((n) => n + 1)} />
    </div>
  );
}
