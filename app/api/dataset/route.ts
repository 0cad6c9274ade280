import { describeDataset } from "@/lib/dataset-export/describe";
import { json, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** The published dataset: status, snapshot date, counts, sampling and the files with their URLs. Public. */
export const GET = route(async () => json(await describeDataset()));
