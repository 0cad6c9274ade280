"use client";

import Link from "next/link";
import { useEffect, useState } from "react";

export interface AccountUser {
  name: string;
}

/**
 * The header's account area. Pages rendered per request pass the signed-in user; pages served from the static
 * cache (the leaderboard) are rendered without cookies, so they ask for the session once loaded.
 */
export function AccountMenu({
  initialUser,
  verifyOnClient,
  signOutAction,
}: {
  initialUser: AccountUser | null;
  verifyOnClient: boolean;
  signOutAction: () => Promise<void>;
}) {
  const [user, setUser] = useState<AccountUser | null>(initialUser);

  useEffect(() => {
    if (!verifyOnClient || initialUser !== null) return;
    let cancelled = false;
    fetch("/api/auth/session", { credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then((session: { user?: { name?: string | null; email?: string | null } } | null) => {
        const name = session?.user?.name ?? session?.user?.email;
        if (!cancelled && name) setUser({ name });
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [verifyOnClient, initialUser]);

  if (user === null) {
    return (
      <Link href="/signin" className="rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-700">
        Sign in
      </Link>
    );
  }
  return (
    <>
      <span className="hidden text-slate-600 sm:inline dark:text-slate-300" data-testid="signed-in-as">
        {user.name}
      </span>
      <form action={signOutAction}>
        <button type="submit" className="rounded-md px-2 py-1 text-slate-700 underline-offset-2 hover:underline dark:text-slate-200">
          Sign out
        </button>
      </form>
    </>
  );
}
