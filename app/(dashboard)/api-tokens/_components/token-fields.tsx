"use client";

import type { UseFormRegisterReturn } from "react-hook-form";
import { TextAreaField, TextField } from "@/components/ui/text-field";
import { MAX_ALLOWED_IPS } from "@/lib/ip-allowlist";
import { TOKEN_DESCRIPTION_MAX } from "@/lib/validation/api-token";

// The fields the Create and Edit forms share beyond the name: what the token is for, and the
// addresses it may be used from. Both forms validate them with the same schemas.

export function DescriptionAndAllowedIps({
  description,
  allowedIps,
  errors,
}: {
  description: UseFormRegisterReturn<"description">;
  allowedIps: UseFormRegisterReturn<"allowedIps">;
  errors: { description?: string; allowedIps?: string };
}) {
  return (
    <>
      <TextField
        label="Description"
        optional
        placeholder="e.g. Deploys from the main branch"
        autoComplete="off"
        hint={`What the token is for, for whoever looks at it later. Up to ${TOKEN_DESCRIPTION_MAX} characters.`}
        error={errors.description}
        {...description}
      />
      <TextAreaField
        label="Allowed IPs"
        optional
        rows={3}
        spellCheck={false}
        autoComplete="off"
        placeholder={"203.0.113.0/24\n2001:db8::/32"}
        hint={`Addresses or CIDR ranges, IPv4 or IPv6, one per line (at most ${MAX_ALLOWED_IPS}). Requests from anywhere else are refused. Leave empty to allow any address.`}
        error={errors.allowedIps}
        {...allowedIps}
      />
    </>
  );
}
