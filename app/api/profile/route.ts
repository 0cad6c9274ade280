import { requireUser } from "@/lib/auth/session";
import { json, parseWith, readJson, route } from "@/lib/http/route";
import { getProfile } from "@/lib/profile/get-profile";
import { profileInputSchema } from "@/lib/profile/profile-schema";
import { saveProfile } from "@/lib/profile/save-profile";

export const dynamic = "force-dynamic";

/** The caller's own researcher profile (null before onboarding). */
export const GET = route(async () => {
  const user = await requireUser();
  return json({ profile: await getProfile(user.id) });
});

/** Onboarding and later edits of the caller's own profile. */
export const POST = route(async (request) => {
  const user = await requireUser();
  const input = parseWith(profileInputSchema, await readJson(request));
  return json({ profile: await saveProfile(user.id, input) });
});
