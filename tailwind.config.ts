import type { Config } from "tailwindcss";

// Tailwind v4 reads this file through `@config` in app/globals.css. The theme lives here so
// that the brand colours and the system font stack have one home.
const config: Config = {
  content: ["./app/**/*.{ts,tsx}", "./components/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        brand: {
          50: "#eef5ff",
          100: "#d9e8ff",
          200: "#bcd7ff",
          500: "#2f6fec",
          600: "#1f56d6",
          700: "#1a45ad",
          900: "#10244f",
        },
        sidebar: { DEFAULT: "#0f172a", hover: "#1e293b", muted: "#94a3b8" },
      },
      fontFamily: {
        // No web-font download: these machines have no network, and a system stack renders at once.
        sans: ["ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
        mono: ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "Liberation Mono", "monospace"],
      },
      keyframes: {
        "slide-in-right": { from: { transform: "translateX(100%)" }, to: { transform: "translateX(0)" } },
        "fade-in": { from: { opacity: "0" }, to: { opacity: "1" } },
        "zoom-in": { from: { opacity: "0", transform: "scale(0.96)" }, to: { opacity: "1", transform: "scale(1)" } },
        // The row of a token just created: marked, then back to white.
        // A bar at its left and the faintest tint, so that every text in it keeps its contrast.
        highlight: {
          "0%, 60%": { backgroundColor: "#f7faff", boxShadow: "inset 4px 0 0 #2f6fec" },
          "100%": { backgroundColor: "transparent", boxShadow: "inset 4px 0 0 transparent" },
        },
      },
      animation: {
        "slide-in-right": "slide-in-right 200ms ease-out",
        "fade-in": "fade-in 150ms ease-out",
        "zoom-in": "zoom-in 150ms ease-out",
        highlight: "highlight 4s ease-out",
      },
    },
  },
};

export default config;
