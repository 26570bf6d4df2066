import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { clientAddress } from "../api/client-address";
import { config } from "../config";
import { signInWithPassword } from "../portal/sign-in";

declare module "next-auth" {
  interface User {
    merchantId: string;
  }
  interface Session {
    merchantId: string;
    userId: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    merchantId?: string;
    userId?: string;
  }
}

/**
 * next-auth 4, credentials + JWT sessions. Built lazily so that importing the route at build time
 * does not parse the environment. next-auth derives its own URLs from NEXTAUTH_URL; payrelay's one
 * public origin is PUBLIC_BASE_URL, so it is the default.
 */
export function authOptions(): NextAuthOptions {
  const c = config();
  process.env.NEXTAUTH_URL ??= c.PUBLIC_BASE_URL;
  return {
    secret: c.AUTH_SECRET,
    session: { strategy: "jwt", maxAge: 12 * 3600 },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const result = await signInWithPassword(credentials?.email ?? "", credentials?.password ?? "", clientAddress(req.headers));
          if (result.ok) return { id: result.userId, email: result.email, merchantId: result.merchantId };
          // A thrown error reaches the form as its message; null becomes "CredentialsSignin".
          if (result.reason === "rate_limited") throw new Error(`rate_limited:${result.retryAfterSeconds ?? ""}`);
          if (result.reason === "suspended") throw new Error("suspended");
          return null;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.merchantId = user.merchantId;
          token.userId = user.id;
        }
        return token;
      },
      session({ session, token }) {
        session.merchantId = token.merchantId ?? "";
        session.userId = token.userId ?? "";
        return session;
      },
    },
  };
}
