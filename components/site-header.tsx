import { headers } from "next/headers";
import Link from "next/link";
import { AccountMenu } from "@/components/account-menu";
import { signOut } from "@/lib/auth/config";
import { getViewer } from "@/lib/auth/get-viewer";

async function signOutAction() {
  "use server";
  await signOut({ redirectTo: "/" });
}

export async function SiteHeader() {
  // Pages served from the static cache (`dynamic = "force-static"`) are rendered without the request's headers
  // or cookies; every real request has a Host header. Those pages look the session up in the browser.
  const staticRender = !(await headers()).get("host");
  const user = staticRender ? null : await getViewer().catch(() => null);
  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-3 sm:px-6">
        <div className="flex items-center gap-5">
          <Link href="/" className="text-lg font-semibold tracking-tight">
            Open SciArena
          </Link>
          <nav aria-label="Site" className="flex items-center gap-3 text-sm">
            <Link href="/leaderboard" className="rounded-md px-1 py-1 font-medium text-slate-700 underline-offset-2 hover:underline dark:text-slate-200">
              Leaderboard
            </Link>
            <Link href="/dataset" className="rounded-md px-1 py-1 font-medium text-slate-700 underline-offset-2 hover:underline dark:text-slate-200">
              Dataset
            </Link>
            <Link href="/judges" className="rounded-md px-1 py-1 font-medium text-slate-700 underline-offset-2 hover:underline dark:text-slate-200">
              Judges
            </Link>
            {user ? (
              <Link href="/onboarding" className="rounded-md px-1 py-1 font-medium text-slate-700 underline-offset-2 hover:underline dark:text-slate-200">
                Profile
              </Link>
            ) : null}
            {user?.isAdmin ? (
              <Link href="/admin" className="rounded-md px-1 py-1 font-medium text-slate-700 underline-offset-2 hover:underline dark:text-slate-200">
                Admin
              </Link>
            ) : null}
          </nav>
        </div>
        <nav aria-label="Account" className="flex items-center gap-3 text-sm">
          <AccountMenu initialUser={user ? { name: user.name ?? user.email ?? "Signed in" } : null} verifyOnClient={staticRender} signOutAction={signOutAction} />
        </nav>
      </div>
    </header>
  );
}
