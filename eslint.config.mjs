import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import payrelay from "./eslint-rules/no-hardcoded-text.mjs";

/** Symbols that may stand alone in JSX: punctuation and signs, never words. */
const SYMBOLS = ["·", "—", "–", "→", "←", "×", "÷", "*", "…", ":", "/", "(", ")", "%", "¥", "+", "-", "|", "“", "”", "payrelay"];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", "node_modules/**", "next-env.d.ts", "test-results/**", "playwright-report/**", "e2e/artifacts/**"]),
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // lib/ knows payments, not the web framework (CONVENTIONS.md); next-auth config in lib/auth is the exception.
    files: ["lib/**/*.ts"],
    ignores: ["lib/auth/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["next", "next/*", "@/app/*"], message: "lib/ must not depend on Next or app/." }] }],
    },
  },
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
