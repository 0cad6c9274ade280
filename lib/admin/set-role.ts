import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Viewer } from "@/lib/auth/get-viewer";

export type GrantableRole = "researcher" | "admin";

/**
 * An admin grants or removes the admin role (stored on ResearcherProfile.role). Admins from ADMIN_EMAILS stay
 * admins whatever is stored; an admin cannot remove their own role (so the last admin cannot lock everyone out).
 */
export async function setRole(admin: Viewer, userId: string, role: GrantableRole): Promise<{ userId: string; role: GrantableRole }> {
  if (!admin.isAdmin) throw new AppError("forbidden", "Only admins can do this.");
  if (userId === admin.id && role !== "admin") throw new AppError("conflict", "You cannot remove your own admin role; ask another admin.");
  const db = getDb();
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!user) throw new AppError("not_found", "User not found.");
  const stored = role === "admin" ? "ADMIN" : "RESEARCHER";
  await db.researcherProfile.upsert({ where: { userId }, create: { userId, role: stored }, update: { role: stored } });
  return { userId, role };
}
