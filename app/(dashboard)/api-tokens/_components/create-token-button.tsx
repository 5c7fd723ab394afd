"use client";

import { Plus } from "lucide-react";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { createContext, useContext, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { useLazyPanel } from "@/components/ui/use-lazy-panel";
import type { ExpiryPolicy } from "@/lib/model";
import type { Catalogue } from "@/lib/permissions";
import type { Template } from "@/lib/token-template";
import { CREATE_WORDS } from "../words";
import { RateLimitMax } from "./rate-limit-max";

const loadDrawer = () => import("./create-token-drawer");
const CreateTokenDrawer = dynamic(() => loadDrawer().then((m) => m.CreateTokenDrawer), { ssr: false });

const OpenCreateDrawer = createContext<() => void>(() => {});
const JustCreated = createContext<string | null>(null);

/** The id of the token created a moment ago, while its row is marked in the listing. */
export const useJustCreated = () => useContext(JustCreated);
const MARKED_MS = 4_000;

/**
 * Hosts the one Create API Key drawer of the page, so that any button on it can open it. With a
 * template (the page /api-tokens/new?…), the drawer is open from the start, filled in from it,
 * and closing it goes back to /api-tokens.
 */
export function CreateTokenProvider({
  policy,
  catalogue,
  rateLimitMax,
  template = null,
  children,
}: {
  policy: ExpiryPolicy;
  catalogue: Catalogue;
  /** The installation's requests per minute per token: the most a token's own limit may be (Create and Edit). */
  rateLimitMax: number;
  template?: Template | null;
  children: React.ReactNode;
}) {
  const drawer = useLazyPanel<true>(template ? true : null);
  const openDrawer = drawer.open;
  const router = useRouter();
  const [justCreated, setJustCreated] = useState<string | null>(null);
  useEffect(() => {
    if (!justCreated) return;
    const timer = setTimeout(() => setJustCreated(null), MARKED_MS);
    return () => clearTimeout(timer);
  }, [justCreated]);
  const close = () => {
    drawer.close();
    if (template) router.replace("/api-tokens", { scroll: false });
  };
  return (
    <RateLimitMax.Provider value={rateLimitMax}>
      <OpenCreateDrawer.Provider value={() => openDrawer(true)}>
        <JustCreated.Provider value={justCreated}>{children}</JustCreated.Provider>
        {drawer.mounted ? (
          <CreateTokenDrawer
            open={drawer.subject !== null}
            onOpenChange={(next) => (next ? openDrawer(true) : close())}
            onCreated={setJustCreated}
            policy={policy}
            catalogue={catalogue}
            template={template}
          />
        ) : null}
      </OpenCreateDrawer.Provider>
    </RateLimitMax.Provider>
  );
}

export function CreateTokenButton({
  children = CREATE_WORDS.open,
  variant = "primary",
}: {
  children?: string;
  variant?: "primary" | "secondary";
}) {
  const open = useContext(OpenCreateDrawer);
  return (
    // Fetch the drawer's code as soon as the user heads for the button.
    <Button variant={variant} onClick={open} onPointerEnter={loadDrawer} onFocus={loadDrawer}>
      <Plus className="size-4" aria-hidden="true" />
      {children}
    </Button>
  );
}
