"use client";

import { createContext, useCallback, useContext, useState } from "react";
import { Notice } from "@/components/ui/notice";

// What an action did, said once above the list: a row's own actions may be gone after the
// page refreshes (a token handed over leaves the list), so the row cannot hold the notice.

const SayContext = createContext<(message: string) => void>(() => {});

export function NoticeArea({ children }: { children: React.ReactNode }) {
  const [notice, setNotice] = useState<string | null>(null);
  const dismiss = useCallback(() => setNotice(null), []);
  return (
    <SayContext.Provider value={setNotice}>
      <div className="mt-4 empty:hidden">{notice ? <Notice message={notice} onDismiss={dismiss} /> : null}</div>
      {children}
    </SayContext.Provider>
  );
}

export const useSay = () => useContext(SayContext);
