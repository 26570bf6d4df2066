import { expect } from "vitest";
import type { DurableIdempotency } from "../../lib/api/idempotency";

/**
 * Requests that raced under one Idempotency-Key once its Redis lock had lapsed, and the one row
 * they left: every request with the winner's fingerprint is answered with that row, every other
 * with 409 idempotency_key_reused (never a 500, never a second row).
 */
export function expectOneWinnerPerKey(
  requests: { idem: DurableIdempotency }[],
  answers: PromiseSettledResult<unknown>[],
  winner: { id: string; idempotencyFingerprint: string | null },
): void {
  answers.forEach((answer, i) => {
    if (requests[i]!.idem.fingerprint === winner.idempotencyFingerprint) {
      expect(answer, JSON.stringify(answer)).toMatchObject({ status: "fulfilled", value: { id: winner.id } });
    } else {
      expect(answer, JSON.stringify(answer)).toMatchObject({ status: "rejected", reason: { status: 409, code: "idempotency_key_reused" } });
    }
  });
}
