import { serveDatasetFile } from "@/lib/dataset-export/serve-file";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ file: string }> };

/** A file of the published dataset snapshot, streamed, with ETag and byte ranges. Public. */
export const GET = route(async (request, context: Context) => serveDatasetFile(request, (await context.params).file));

export const HEAD = GET;
