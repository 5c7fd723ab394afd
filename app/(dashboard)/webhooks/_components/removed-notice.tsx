"use client";

import { useRouter } from "next/navigation";
import { useCallback } from "react";
import { Notice } from "@/components/ui/notice";
import { WEBHOOK_WORDS } from "../words";

/** After Delete endpoint: says it is done on the list it came back to, then leaves the address clean. */
export function RemovedNotice() {
  const router = useRouter();
  const dismiss = useCallback(() => router.replace("/webhooks", { scroll: false }), [router]);
  return <Notice message={WEBHOOK_WORDS.removed} onDismiss={dismiss} />;
}
