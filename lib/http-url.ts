import { z } from "zod";

/** An absolute http(s) URL of at most 2 KiB: every URL a caller hands us (return, success, cancel). */
export const httpUrlSchema = z
  .string()
  .max(2048)
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === "https:" || u.protocol === "http:";
    } catch {
      return false;
    }
  }, "must be an absolute http(s) URL");
