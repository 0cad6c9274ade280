import { getDb } from "@/lib/db";
import { json, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Liveness always; `?ready=1` also checks that the database answers. */
export const GET = route(
  async (request: Request) => {
    if (!new URL(request.url).searchParams.has("ready")) return json({ status: "ok" });
    try {
      await getDb().$queryRaw`SELECT 1`;
      return json({ status: "ok", database: "up" });
    } catch {
      return json({ status: "unavailable", database: "down" }, { status: 503 });
    }
  },
  { log: false },
);
