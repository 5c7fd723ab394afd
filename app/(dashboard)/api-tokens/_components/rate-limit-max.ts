"use client";

import { createContext } from "react";

/**
 * The installation's requests per minute per token (API_REQUESTS_PER_TOKEN_PER_MINUTE), from the
 * server; null: none handed down. In a module of its own, with no import: the listing provides
 * it in its first load, and the forms' validation (zod) stays in the drawers' chunks.
 */
export const RateLimitMax = createContext<number | null>(null);
