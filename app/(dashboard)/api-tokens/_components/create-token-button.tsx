"use client";

import { Plus } from "lucide-react";
import dynamic from "next/dynamic";
import { createContext, useContext } from "react";
import { Button } from "@/components/ui/button";
import { useLazyPanel } from "@/components/ui/use-lazy-panel";
import type { ExpiryPolicy } from "@/lib/model";

const loadDrawer = () => import("./create-token-drawer");
const CreateTokenDrawer = dynamic(() => loadDrawer().then((m) => m.CreateTokenDrawer), { ssr: false });

const OpenCreateDrawer = createContext<() => void>(() => {});

/** Hosts the one Create API Key drawer of the page, so that any button on it can open it. */
export function CreateTokenProvider({ policy, children }: { policy: ExpiryPolicy; children: React.ReactNode }) {
  const drawer = useLazyPanel<true>();
  const openDrawer = drawer.open;
  return (
    <OpenCreateDrawer.Provider value={() => openDrawer(true)}>
      {children}
      {drawer.mounted ? (
        <CreateTokenDrawer
          open={drawer.subject !== null}
          onOpenChange={(next) => (next ? openDrawer(true) : drawer.close())}
          policy={policy}
        />
      ) : null}
    </OpenCreateDrawer.Provider>
  );
}

export function CreateTokenButton({
  children = "Create API Key",
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
