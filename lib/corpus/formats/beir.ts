import { z } from "zod";
import type { PaperInput } from "../paper-input";
import { paper, squash } from "./common";

// BEIR corpus.jsonl: {"_id", "title", "text", "metadata"}. Ids are only unique within one dataset, so
// they get the "beir:" prefix (or the one given with --id-prefix).

export function beirSchema(idPrefix = "beir") {
  return z
    .object({
      _id: z.union([z.string().trim().min(1), z.number()]).transform(String),
      title: z.string().nullish(),
      text: z.string().trim().min(1, "text is required"),
      metadata: z.record(z.string(), z.unknown()).nullish(),
    })
    .transform((r): PaperInput => {
      const text = squash(r.text);
      const title = squash(r.title ?? "") || `${text.split(" ").slice(0, 12).join(" ")}…`;
      const url = typeof r.metadata?.url === "string" ? r.metadata.url : null;
      return paper({ externalId: `${idPrefix}:${r._id}`, source: "beir", title, abstract: text, url, externalIds: { beir: r._id } });
    });
}
