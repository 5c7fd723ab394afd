"use client";

import { Check, Link2 } from "lucide-react";
import { useEffect, useState } from "react";
import type { UseFormReturn } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { splitAllowedIps } from "@/lib/ip-allowlist";
import { EXPIRATION_CHOICES } from "@/lib/model";
import { templateLink } from "@/lib/token-template";
import type { CreateTokenInput, CreateTokenValues } from "@/lib/validation/api-token";
import { TEMPLATE_WORDS } from "../words";

/**
 * The form as it is now, as a template link: what a team puts in its docs ("create the token you
 * need"). All of it: name, description, scope or permissions, allowed IPs and expiration.
 */
export function formTemplateLink(values: CreateTokenInput, origin: string): string {
  const days = EXPIRATION_CHOICES.find((choice) => choice.value === values.expiration)?.days ?? undefined;
  const link = templateLink({
    name: values.name?.trim(),
    description: values.description?.trim(),
    scope: values.scope === "WRITE" ? "WRITE" : values.scope === "READ_ONLY" ? "READ_ONLY" : undefined,
    permissions: values.scope === "CUSTOM" ? values.permissions : undefined,
    allowedIps: splitAllowedIps(values.allowedIps ?? ""),
    expiresInDays: days,
    expiresNever: values.expiration === "never",
    expiresOn: values.expiration === "custom" ? values.expiresOn?.trim() || undefined : undefined,
  });
  return `${origin}${link}`;
}

/** Copy link to this form: an absolute template link of the current values, in the clipboard; "Link copied" is announced. */
export function CopyTemplateLink({ form }: { form: UseFormReturn<CreateTokenInput, unknown, CreateTokenValues> }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), 4000);
    return () => clearTimeout(timer);
  }, [copied]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(formTemplateLink(form.getValues(), window.location.origin));
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-t border-slate-200 pt-5">
      <Button variant="secondary" size="sm" onClick={copy}>
        {copied === "yes" ? (
          <Check className="size-4 text-green-600" aria-hidden="true" />
        ) : (
          <Link2 className="size-4" aria-hidden="true" />
        )}
        {copied === "yes" ? TEMPLATE_WORDS.linkCopied : TEMPLATE_WORDS.copyLink}
      </Button>
      <p role="status" className="min-h-5 flex-1 basis-48 text-xs text-slate-600">
        {copied === "yes" ? TEMPLATE_WORDS.linkCopiedMessage : copied === "failed" ? TEMPLATE_WORDS.noClipboard : ""}
      </p>
    </div>
  );
}
