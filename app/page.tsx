import Link from "next/link";

export default function Home() {
  return (
    <main className="mx-auto max-w-3xl px-6 py-16">
      <h1 className="text-4xl font-semibold tracking-tight">payrelay</h1>
      <p className="mt-4 text-lg text-slate-600">
        One payment API for Alipay H5, WeChat H5 and WeChat JSAPI. Prices live with your goods, callbacks are
        verified, notifications are signed and retried, and test mode runs the whole flow offline.
      </p>
      <div className="mt-8 flex flex-wrap gap-3">
        <Link href="/signup" className="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700">
          Create an account
        </Link>
        <Link href="/signin" className="rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50">
          Sign in
        </Link>
      </div>
      <section className="mt-10 grid gap-4 sm:grid-cols-2">
        <div className="rounded-lg border border-slate-200 bg-white p-5">
          <h2 className="font-medium">Merchants</h2>
          <p className="mt-2 text-sm text-slate-600">
            Sign up in the browser (or with <code className="rounded bg-slate-100 px-1">npm run cli -- merchants create</code>),
            then use your test secret key against <code className="rounded bg-slate-100 px-1">/api/v1</code>.
          </p>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-5">
          <h2 className="font-medium">Status</h2>
          <p className="mt-2 text-sm text-slate-600">
            <Link className="text-blue-700 underline" href="/api/health" prefetch={false}>
              /api/health
            </Link>{" "}
            reports MySQL, Redis and the worker.
          </p>
        </div>
      </section>
    </main>
  );
}
