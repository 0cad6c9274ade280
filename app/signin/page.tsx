import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { DEV_PROVIDER_ID, devSignInSchema, signIn } from "@/lib/auth/config";
import { safeCallbackUrl } from "@/lib/auth/safe-callback";
import { getSessionUser } from "@/lib/auth/session";
import { z } from "zod";
import { buildProviders } from "@/lib/auth/build-providers";
import { getEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string; type?: string }>;
}) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await getSessionUser().catch(() => null)) redirect(callbackUrl);
  const devLogin = getEnv().AUTH_DEV_LOGIN;
  const providers = buildProviders(getEnv()).info;
  const oauth = providers.filter((p) => p.kind === "oauth");
  const email = providers.some((p) => p.kind === "email");

  async function providerSignIn(formData: FormData) {
    "use server";
    const target = safeCallbackUrl(formData.get("callbackUrl"));
    const id = String(formData.get("provider") ?? "");
    if (!buildProviders(getEnv()).info.some((p) => p.id === id && p.kind === "oauth")) redirect("/signin?error=Unknown%20sign-in%20provider");
    await signIn(id, { redirectTo: target });
  }

  async function emailSignIn(formData: FormData) {
    "use server";
    const target = safeCallbackUrl(formData.get("callbackUrl"));
    const address = z.string().trim().toLowerCase().email().max(200).safeParse(formData.get("email"));
    if (!address.success) redirect(`/signin?error=${encodeURIComponent("Enter a valid email address")}&callbackUrl=${encodeURIComponent(target)}`);
    await signIn("email", { email: address.data, redirectTo: target });
  }

  async function devSignIn(formData: FormData) {
    "use server";
    const target = safeCallbackUrl(formData.get("callbackUrl"));
    const parsed = devSignInSchema.safeParse({
      name: formData.get("name"),
      email: formData.get("email"),
      profile: formData.get("profile") ?? undefined,
    });
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => i.message).join(". ");
      redirect(`/signin?error=${encodeURIComponent(message)}&callbackUrl=${encodeURIComponent(target)}`);
    }
    await signIn(DEV_PROVIDER_ID, { ...parsed.data, redirectTo: target });
  }

  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-semibold">Sign in</h1>
      {params.type === "email" ? (
        <p role="status" className="mt-4 rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100">
          Check your email: we sent you a sign-in link.
        </p>
      ) : null}
      {oauth.length > 0 ? (
        <div className="mt-6 space-y-2">
          {oauth.map((p) => (
            <form key={p.id} action={providerSignIn}>
              <input type="hidden" name="provider" value={p.id} />
              <input type="hidden" name="callbackUrl" value={callbackUrl} />
              <button type="submit" className="w-full rounded-md border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900">
                Continue with {p.name}
              </button>
            </form>
          ))}
        </div>
      ) : null}
      {email ? (
        <form action={emailSignIn} className="mt-6 space-y-2">
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <label htmlFor="magic-email" className="block text-sm font-medium">
            Email me a sign-in link
          </label>
          <input id="magic-email" name="email" type="email" required maxLength={200} autoComplete="email" className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900" />
          <button type="submit" className="w-full rounded-md border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900">
            Send link
          </button>
        </form>
      ) : null}
      {devLogin ? (
        <>
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">
            Development sign-in: enter a name and an email address, no password. It is on in development and
            tests, and off in production unless <code>AUTH_DEV_LOGIN=true</code>.
          </p>
          {params.error ? (
            <p role="alert" className="mt-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
              {params.error}
            </p>
          ) : null}
          <form action={devSignIn} className="mt-6 space-y-4">
            <input type="hidden" name="callbackUrl" value={callbackUrl} />
            <div>
              <label htmlFor="name" className="block text-sm font-medium">
                Name
              </label>
              <input
                id="name"
                name="name"
                required
                maxLength={100}
                autoComplete="name"
                className="mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900"
              />
            </div>
            <div>
              <label htmlFor="email" className="block text-sm font-medium">
                Email
              </label>
              <input
                id="email"
                name="email"
                type="email"
                required
                maxLength={200}
                autoComplete="email"
                className="mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900"
              />
            </div>
            <fieldset className="text-sm">
              <legend className="font-medium">Researcher profile</legend>
              <label className="mt-1 flex items-center gap-2">
                <input type="radio" name="profile" value="default" defaultChecked /> Fill in a default profile (no dataset consent)
              </label>
              <label className="mt-1 flex items-center gap-2">
                <input type="radio" name="profile" value="none" /> Go through onboarding
              </label>
            </fieldset>
            <button type="submit" className="w-full rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700">
              Sign in
            </button>
          </form>
        </>
      ) : oauth.length > 0 || email ? null : (
        <p className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          No sign-in method is configured on this server. Operators: set <code>AUTH_DEV_LOGIN=true</code> for a
          development sign-in, or configure an identity provider (see the README).
        </p>
      )}
    </div>
  );
}
