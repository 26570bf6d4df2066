import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import payrelay from "./eslint-rules/no-hardcoded-text.mjs";

/** Symbols that may stand alone in JSX: punctuation and signs, never words. */
const SYMBOLS = ["·", "—", "–", "→", "←", "×", "÷", "*", "…", ":", "/", "(", ")", "%", "¥", "+", "-", "|", "“", "”", "payrelay"];

/**
 * The house's boundaries (docs/architecture.md), checked on every import, relative forms included.
 * tests/architecture/boundaries.test.ts proves each one fails a deliberately wrong import.
 * One block per set of files: in flat config a later block's no-restricted-imports replaces an
 * earlier one's for the same file, so each block lists everything its files may not import.
 */
const noNext = { group: ["next", "next/*"], message: "lib/ knows payments, not the web framework (only lib/auth configures next-auth)." };
const noApp = { regex: "^(@/|(\\.\\./)+)app(/|$)", message: "lib/ and worker/ never import app/: app calls lib, not the other way round." };
const noChannels = { regex: "^(@/lib/|(\\.\\./)+(lib/)?)channels(/|$)", message: "The sandbox and the adapters are written apart, from the protocol notes, so a mistake in one is caught by the other." };
const noNotify = { regex: "^(@/lib/|(\\.\\./)+(lib/)?)notify(/|$)", message: "lib/events is the outbox; lib/notify reads it. The outbox never imports the sender (no cycle)." };
const noDb = { regex: "^(@/|(\\.\\./)+)lib/db(/|$)", message: "app/ reaches the database through lib functions, never lib/db directly." };
/** Adapters import only themselves, node: built-ins and npm packages; `up` is how many ../ leave lib/channels. */
const channelsOnly = (up) => ({
  regex: `^(@/|${"\\.\\./".repeat(up)})`,
  message: "lib/channels imports nothing outside itself (no database, config, sandbox or app): adapters own their protocol and know nothing else.",
});
const restrict = (...patterns) => ({ "no-restricted-imports": ["error", { patterns }] });

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", "node_modules/**", "next-env.d.ts", "test-results/**", "playwright-report/**", "e2e/artifacts/**", "sdk/dist/**"]),
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["lib/**/*.{ts,tsx}"],
    ignores: ["lib/auth/**", "lib/channels/**", "lib/sandbox/**", "lib/events/**"],
    rules: restrict(noNext, noApp),
  },
  { files: ["lib/auth/**/*.{ts,tsx}"], rules: restrict(noApp) },
  { files: ["lib/sandbox/**/*.{ts,tsx}"], rules: restrict(noNext, noApp, noChannels) },
  { files: ["lib/events/**/*.{ts,tsx}"], rules: restrict(noNext, noApp, noNotify) },
  { files: ["lib/channels/*.{ts,tsx}"], rules: restrict(noNext, channelsOnly(1)) },
  { files: ["lib/channels/*/*.{ts,tsx}"], rules: restrict(noNext, channelsOnly(2)) },
  { files: ["lib/channels/*/*/*.{ts,tsx}"], rules: restrict(noNext, channelsOnly(3)) },
  { files: ["worker/**/*.{ts,tsx}"], rules: restrict(noApp) },
  { files: ["app/**/*.{ts,tsx}"], rules: restrict(noDb) },
  {
    // Every word of the portal comes from messages/*.json through next-intl (docs/i18n.md).
    files: ["app/(portal)/**/*.{ts,tsx}", "app/page.tsx", "lib/portal/**/*.ts"],
    plugins: { payrelay },
    rules: {
      "react/jsx-no-literals": ["error", { noStrings: true, ignoreProps: true, allowedStrings: SYMBOLS }],
      "payrelay/no-hardcoded-text": "error",
    },
  },
  {
    files: ["tests/**/*.ts", "e2e/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
]);
