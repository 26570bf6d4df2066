"use client";

import { useState, useTransition } from "react";
import { buttonStyles, Notice } from "../../_components/ui";
import { CopyButton } from "../../_components/client";
import { revealSecretAction, rotateSecretAction, type SecretState } from "./actions";

export function SecretPanel() {
  const [state, setState] = useState<SecretState>({});
  const [confirming, setConfirming] = useState(false);
  const [pending, start] = useTransition();
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <code className="min-w-0 flex-1 overflow-x-auto rounded-lg bg-slate-100 px-3 py-2 font-mono text-xs" data-testid="webhook-secret">
          {state.secret ?? "whsec_••••••••••••••••••••••••••••••••"}
        </code>
        {state.secret ? (
          <>
            <CopyButton value={state.secret} />
            <button type="button" className={buttonStyles.ghost} onClick={() => setState({})}>
              Hide
            </button>
          </>
        ) : (
          <button type="button" className={buttonStyles.secondary} disabled={pending} onClick={() => start(async () => setState(await revealSecretAction()))}>
            {pending ? "Revealing…" : "Reveal"}
          </button>
        )}
      </div>
      {state.rotated ? (
        <Notice tone="success">
          New secret created. The previous one keeps signing too until {state.previousExpiresAt ? new Date(state.previousExpiresAt).toLocaleString() : "its grace period ends"}, so you have time to deploy this one.
        </Notice>
      ) : null}
      {confirming ? (
        <div className="flex flex-wrap items-center gap-2 rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm">
          <span>Rotate the signing secret? Your server must switch to the new one within 24 hours.</span>
          <button
            type="button"
            className={buttonStyles.danger}
            disabled={pending}
            onClick={() =>
              start(async () => {
                setState(await rotateSecretAction());
                setConfirming(false);
              })
            }
          >
            {pending ? "Rotating…" : "Yes, rotate"}
          </button>
          <button type="button" className={buttonStyles.ghost} onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" className={buttonStyles.secondary} onClick={() => setConfirming(true)}>
          Rotate secret…
        </button>
      )}
    </div>
  );
}
