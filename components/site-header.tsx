import Link from "next/link";
import { signOut } from "@/lib/auth/config";
import { getSessionUser } from "@/lib/auth/session";

export async function SiteHeader() {
  const user = await getSessionUser().catch(() => null);
  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-3 sm:px-6">
        <div className="flex items-center gap-4">
          <Link href="/" className="text-lg font-semibold tracking-tight">
            Open SciArena
          </Link>
          <nav aria-label="Site" className="flex items-center gap-3 text-sm">
            <Link href="/dataset" className="text-slate-700 underline-offset-2 hover:underline dark:text-slate-200">
              Dataset
            </Link>
            <Link href="/judges" className="text-slate-700 underline-offset-2 hover:underline dark:text-slate-200">
              Judges
            </Link>
          </nav>
        </div>
        <nav aria-label="Account" className="flex items-center gap-3 text-sm">
          {user ? (
            <>
              <span className="hidden text-slate-600 sm:inline dark:text-slate-300" data-testid="signed-in-as">
                {user.name ?? user.email}
              </span>
              <form
                action={async () => {
                  "use server";
                  await signOut({ redirectTo: "/" });
                }}
              >
                <button type="submit" className="rounded-md px-2 py-1 text-slate-700 underline-offset-2 hover:underline dark:text-slate-200">
                  Sign out
                </button>
              </form>
            </>
          ) : (
            <Link href="/signin" className="rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-700">
              Sign in
            </Link>
          )}
        </nav>
      </div>
    </header>
  );
}
