"use client";

import { Plus } from "lucide-react";
import dynamic from "next/dynamic";
import { createContext, useContext, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { useLazyPanel } from "@/components/ui/use-lazy-panel";
import type { ExpiryPolicy } from "@/lib/model";
import { CREATE_WORDS } from "../words";

const loadDrawer = () => import("./create-token-drawer");
const CreateTokenDrawer = dynamic(() => loadDrawer().then((m) => m.CreateTokenDrawer), { ssr: false });

const OpenCreateDrawer = createContext<() => void>(() => {});
const JustCreated = createContext<string | null>(null);

/** The id of the token created a moment ago, while its row is marked in the listing. */
export const useJustCreated = () => useContext(JustCreated);
const MARKED_MS = 4_000;

/** Hosts the one Create API Key drawer of the page, so that any button on it can open it. */
export function CreateTokenProvider({ policy, children }: { policy: ExpiryPolicy; children: React.ReactNode }) {
  const drawer = useLazyPanel<true>();
  const openDrawer = drawer.open;
  const [justCreated, setJustCreated] = useState<string | null>(null);
  useEffect(() => {
    if (!justCreated) return;
    const timer = setTimeout(() => setJustCreated(null), MARKED_MS);
    return () => clearTimeout(timer);
  }, [justCreated]);
  return (
    <OpenCreateDrawer.Provider value={() => openDrawer(true)}>
      <JustCreated.Provider value={justCreated}>{children}</JustCreated.Provider>
      {drawer.mounted ? (
        <CreateTokenDrawer
          open={drawer.subject !== null}
          onOpenChange={(next) => (next ? openDrawer(true) : drawer.close())}
          onCreated={setJustCreated}
          policy={policy}
        />
      ) : null}
    </OpenCreateDrawer.Provider>
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
