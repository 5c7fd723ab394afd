"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { OUTCOME_LABELS, type Outcome, type UsageBucket } from "@/lib/activity";
import { formatClock, formatDay } from "@/lib/model";
import { OUTCOME_COLOURS } from "./outcomes";

// The chart itself, in its own module: only the panels that show one load it (and recharts),
// when they open. Hidden from screen readers: the summary and legend beside it say the same.

// The house's way of writing times (lib/model.ts: a 24-hour clock, our own month names), the
// reader's time zone: "14:00", "2 Dec", and in the tooltip "2 Dec 2026, 14:00".
const dayOf = (at: Date) => formatDay(at).replace(/ \d{4}$/, "");
const tickOf = (bucketSeconds: number) => (iso: string) => {
  const at = new Date(iso);
  return bucketSeconds <= 3600 ? formatClock(at) : dayOf(at);
};

const tooltipTime = (bucketSeconds: number) => (iso: unknown) => {
  if (typeof iso !== "string") return "";
  const at = new Date(iso);
  return bucketSeconds < 86_400 ? `${formatDay(at)}, ${formatClock(at)}` : formatDay(at);
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
