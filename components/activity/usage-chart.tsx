"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { OUTCOME_LABELS, type Outcome, type UsageBucket } from "@/lib/activity";
import { OUTCOME_COLOURS } from "./outcomes";

// The chart itself, in its own module: only the panels that show one load it (and recharts),
// when they open. Hidden from screen readers: the summary and legend beside it say the same.

const tickOf = (bucketSeconds: number) => {
  const hourly = bucketSeconds < 86_400;
  const format = new Intl.DateTimeFormat(
    undefined,
    hourly && bucketSeconds <= 3600 ? { hour: "2-digit", minute: "2-digit" } : { day: "numeric", month: "short" },
  );
  return (iso: string) => format.format(new Date(iso));
};

const tooltipTime = (bucketSeconds: number) => {
  const format = new Intl.DateTimeFormat(
    undefined,
    bucketSeconds < 86_400
      ? { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" }
      : { day: "numeric", month: "short", year: "numeric" },
  );
  return (iso: unknown) => (typeof iso === "string" ? format.format(new Date(iso)) : "");
};

export function UsageChart({
  buckets,
  bucketSeconds,
  outcomes,
}: {
  buckets: UsageBucket[];
  bucketSeconds: number;
  /** The outcomes stacked, bottom first. */
  outcomes: readonly Outcome[];
}) {
  const data = buckets.map((bucket) => ({ start: bucket.start, ...bucket.counts }));
  return (
    <div aria-hidden="true" className="h-48 w-full" data-testid="usage-chart">
      <ResponsiveContainer width="100%" height="100%" minWidth={0}>
        <BarChart accessibilityLayer={false} data={data} margin={{ top: 4, right: 4, bottom: 0, left: -16 }} barCategoryGap="15%">
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis
            dataKey="start"
            tickFormatter={tickOf(bucketSeconds)}
            tick={{ fontSize: 11, fill: "#475569" }}
            tickLine={false}
            axisLine={{ stroke: "#cbd5e1" }}
            minTickGap={16}
          />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#475569" }} tickLine={false} axisLine={false} width={48} />
          <Tooltip
            labelFormatter={tooltipTime(bucketSeconds)}
            cursor={{ fill: "#f1f5f9" }}
            contentStyle={{ fontSize: 12, borderRadius: 8, borderColor: "#e2e8f0" }}
          />
          {outcomes.map((outcome) => (
            <Bar
              key={outcome}
              dataKey={outcome}
              name={OUTCOME_LABELS[outcome]}
              stackId="requests"
              fill={OUTCOME_COLOURS[outcome]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
