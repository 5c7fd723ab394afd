import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { endpointDetails } from "@/lib/dal/webhooks";
import { recordId } from "@/lib/validation/ids";
import { EndpointActions } from "../_components/endpoint-actions";
import { EndpointState } from "../_components/endpoint-state";
import { WEBHOOK_WORDS } from "../words";

export const metadata: Metadata = { title: WEBHOOK_WORDS.endpointTitle };

export default async function WebhookPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  // Another's endpoint, a missing one and an id that can name none: the same 404.
  const details = recordId.safeParse(id).success ? await endpointDetails(user, id) : null;
  if (!details) notFound();
  const { endpoint, deliveries, teamName } = details;
  const owner = endpoint.kind === "team" ? WEBHOOK_WORDS.teamOwner(teamName ?? "") : (WEBHOOK_WORDS.owners[endpoint.kind] ?? endpoint.kind);
  return (
    <div>
      <Link href="/webhooks" className="inline-flex items-center gap-1 text-sm text-brand-700 hover:underline">
        <ArrowLeft className="size-4" aria-hidden="true" /> {WEBHOOK_WORDS.back}
      </Link>
      <PageHeader
        title={WEBHOOK_WORDS.endpointTitle}
        description={
          <>
            {endpoint.description ? <span className="block break-words text-slate-700">{endpoint.description}</span> : null}
            <span className="font-mono break-all">{endpoint.url}</span>
          </>
        }
      />
      <div className="mt-6 space-y-6">
        <section aria-label={endpoint.url} className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <dl className="grid gap-4 text-sm sm:grid-cols-2">
            <div>
              <dt className="font-medium text-slate-800">{WEBHOOK_WORDS.owner}</dt>
              <dd className="mt-1 break-words text-slate-600">{owner}</dd>
            </div>
            <div>
              <dt className="font-medium text-slate-800">{WEBHOOK_WORDS.columns.state}</dt>
              <dd className="mt-1">
                <EndpointState endpoint={endpoint} />
              </dd>
            </div>
            <div>
              <dt className="font-medium text-slate-800">{WEBHOOK_WORDS.events}</dt>
              <dd className="mt-1 font-mono text-xs break-words text-slate-600">
                {endpoint.events.includes("*") ? WEBHOOK_WORDS.allEvents : endpoint.events.join(", ")}
              </dd>
            </div>
            <div>
              <dt className="font-medium text-slate-800">{WEBHOOK_WORDS.format}</dt>
              <dd className="mt-1 text-slate-600">{WEBHOOK_WORDS.formats[endpoint.format]}</dd>
            </div>
          </dl>
          {endpoint.previousUntil ? (
            <p className="mt-4 text-sm text-slate-600">
              {WEBHOOK_WORDS.previousUntil} <LocalTime iso={endpoint.previousUntil} />.
            </p>
          ) : null}
          <div className="mt-6">
            <EndpointActions id={endpoint.id} enabled={endpoint.enabled} />
          </div>
        </section>
        <section aria-labelledby="deliveries" className="rounded-xl border border-slate-200 bg-white shadow-sm">
          <div className="px-6 pt-6">
            <h2 id="deliveries" className="text-base font-semibold text-slate-900">
              {WEBHOOK_WORDS.deliveries}
            </h2>
            <p className="mt-1 text-sm text-slate-600">{WEBHOOK_WORDS.deliveriesHint}</p>
          </div>
          {deliveries.length === 0 ? (
            <p className="px-6 py-10 text-center text-sm text-slate-600">{WEBHOOK_WORDS.noDeliveries}</p>
          ) : (
            <div className="mt-4 overflow-x-auto">
              <table className="w-full min-w-[48rem] text-left text-sm">
                <thead className="border-y border-slate-100 bg-slate-50 text-xs text-slate-600">
                  <tr>
                    <th scope="col" className="px-6 py-2 font-medium">
                      {WEBHOOK_WORDS.deliveryColumns.time}
                    </th>
                    <th scope="col" className="px-3 py-2 font-medium">
                      {WEBHOOK_WORDS.deliveryColumns.event}
                    </th>
                    <th scope="col" className="px-3 py-2 font-medium">
                      {WEBHOOK_WORDS.deliveryColumns.state}
                    </th>
                    <th scope="col" className="px-3 py-2 font-medium">
                      {WEBHOOK_WORDS.deliveryColumns.attempts}
                    </th>
                    <th scope="col" className="px-6 py-2 font-medium">
                      {WEBHOOK_WORDS.deliveryColumns.response}
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {deliveries.map((delivery) => (
                    <tr key={delivery.id} className="align-top">
                      <td className="px-6 py-3 whitespace-nowrap text-slate-700">
                        <LocalTime iso={delivery.createdAt} stacked />
                      </td>
                      <td className="px-3 py-3 font-mono text-xs text-slate-900">
                        {delivery.eventType}
                        <span className="block text-slate-500">{delivery.id}</span>
                      </td>
                      <td className="px-3 py-3 text-slate-700">
                        {delivery.attempts === 0 ? WEBHOOK_WORDS.firstTry : (WEBHOOK_WORDS.states[delivery.state] ?? delivery.state)}
                        {delivery.nextAttemptAt && delivery.attempts > 0 ? (
                          <span className="block text-xs text-slate-500">
                            {WEBHOOK_WORDS.nextAttempt} <LocalTime iso={delivery.nextAttemptAt} />
                          </span>
                        ) : null}
                      </td>
                      <td className="px-3 py-3 text-slate-700 tabular-nums">{delivery.attempts}</td>
                      <td className="w-80 min-w-64 px-6 py-3 text-xs text-slate-600">
                        {delivery.responseStatus !== null ? (
                          <span className="font-medium text-slate-900">{delivery.responseStatus} </span>
                        ) : null}
                        {delivery.lastError && !delivery.responseStatus ? <span className="break-words">{delivery.lastError}</span> : null}
                        {delivery.responseBody ? (
                          <code className="mt-1 line-clamp-3 font-mono break-all text-slate-500" title={delivery.responseBody}>
                            {delivery.responseBody.slice(0, 200)}
                          </code>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
    </div>
  );
}
