"use client";

import qrcode from "qrcode-generator";
import { useMemo } from "react";

// The authenticator app's setup link as a QR code, drawn in the browser from the link the page
// already holds (nothing is sent anywhere): qrcode-generator encodes it, and the dark modules
// become one SVG path, crisp at any size. Error correction M, as authenticator apps expect.

const QUIET_ZONE = 4;

/** The code's modules, `dark[row][col]`, without the quiet zone. */
export function qrModules(text: string): boolean[][] {
  const code = qrcode(0, "M");
  code.addData(text);
  code.make();
  const count = code.getModuleCount();
  return Array.from({ length: count }, (_, row) => Array.from({ length: count }, (_, col) => code.isDark(row, col)));
}

export function SetupQr({ uri, label }: { uri: string; label: string }) {
  const { size, path } = useMemo(() => {
    const modules = qrModules(uri);
    let d = "";
    modules.forEach((cells, row) =>
      cells.forEach((dark, col) => {
        if (dark) d += `M${col + QUIET_ZONE} ${row + QUIET_ZONE}h1v1h-1z`;
      }),
    );
    return { size: modules.length + QUIET_ZONE * 2, path: d };
  }, [uri]);
  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 ${size} ${size}`}
      shapeRendering="crispEdges"
      className="size-44 rounded-lg border border-slate-200 bg-white"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#0f172a" />
    </svg>
  );
}
