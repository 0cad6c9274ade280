import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BattleView } from "@/components/battle/battle-view";
import { guardPage } from "@/lib/auth/guard-page";
import { getBattleView } from "@/lib/battles/get-battle";
import { battleIdSchema } from "@/lib/battles/schemas";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Battle" };
export const dynamic = "force-dynamic";

export default async function BattlePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!battleIdSchema.safeParse(id).success) notFound();
  const user = await guardPage("researcher", `/battles/${id}`);
  const battle = await getBattleView(id, user.id).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  return <BattleView initial={battle} />;
}
