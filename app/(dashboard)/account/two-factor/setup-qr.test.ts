import jsQR from "jsqr";
import { describe, expect, it } from "vitest";
import { qrModules } from "./_components/setup-qr";

// The setup page's QR code, read back by a QR decoder (jsQR) from a bitmap of its modules: what
// an authenticator app scans is exactly the otpauth link the page shows.

function bitmap(modules: boolean[][], scale = 4, quiet = 4) {
  const side = (modules.length + quiet * 2) * scale;
  const data = new Uint8ClampedArray(side * side * 4).fill(255);
  modules.forEach((cells, row) =>
    cells.forEach((dark, col) => {
      if (!dark) return;
      for (let y = 0; y < scale; y++)
        for (let x = 0; x < scale; x++) {
          const at = (((row + quiet) * scale + y) * side + (col + quiet) * scale + x) * 4;
          data.fill(0, at, at + 3);
        }
    }),
  );
  return { data, side };
}

describe("the authenticator setup QR code", () => {
  it("decodes to the otpauth link, long labels and all", () => {
    for (const uri of [
      "otpauth://totp/Token%20Console:ada%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Token%20Console&algorithm=SHA1&digits=6&period=30",
      `otpauth://totp/Token%20Console:${"a".repeat(200)}%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Token%20Console`,
    ]) {
      const { data, side } = bitmap(qrModules(uri));
      expect(jsQR(data, side, side)?.data).toBe(uri);
    }
  });
});
