import { describe, expect, it } from "vitest";
import { openAlexWorkSchema } from "./openalex";

const work = {
  id: "https://openalex.org/W2741809807",
  doi: "https://doi.org/10.7717/peerj.4375",
  title: "The state of OA",
  display_name: "The state of OA",
  publication_year: 2018,
  publication_date: "2018-02-13",
  ids: { openalex: "https://openalex.org/W2741809807", pmid: "https://pubmed.ncbi.nlm.nih.gov/29456894" },
  authorships: [{ author: { display_name: "Heather Piwowar" } }, { author: { display_name: "Jason Priem" } }],
  primary_location: { source: { display_name: "PeerJ" }, landing_page_url: "https://peerj.com/articles/4375" },
  primary_topic: { display_name: "Open access publishing", subfield: { display_name: "Information Systems" }, field: { display_name: "Computer Science" } },
  concepts: [{ display_name: "Open access", level: 1 }, { display_name: "Deep concept", level: 3 }],
  abstract_inverted_index: { Despite: [0], growing: [1], interest: [2], in: [3], OA: [4] },
};

describe("OpenAlex works", () => {
  it("maps a work, rebuilding the abstract", () => {
    expect(openAlexWorkSchema.parse(work)).toMatchObject({
      externalId: "openalex:W2741809807",
      source: "openalex",
      title: "The state of OA",
      authors: ["Heather Piwowar", "Jason Priem"],
      year: 2018,
      publishedOn: "2018-02-13",
      venue: "PeerJ",
      abstract: "Despite growing interest in OA",
      doi: "10.7717/peerj.4375",
      url: "https://doi.org/10.7717/peerj.4375",
      fieldsOfStudy: ["Computer Science"],
      categories: ["Information Systems", "Open access publishing", "Open access"],
      externalIds: { openalex: "W2741809807", doi: "10.7717/peerj.4375", pmid: "29456894" },
    });
  });

  it("accepts a work without abstract or location, and needs a title", () => {
    const bare = openAlexWorkSchema.parse({ id: "https://openalex.org/W1", display_name: "Only a name", abstract_inverted_index: null });
    expect(bare).toMatchObject({ abstract: "", venue: null, url: "https://openalex.org/W1", title: "Only a name" });
    const untitled = openAlexWorkSchema.safeParse({ id: "https://openalex.org/W2", title: null });
    expect(untitled.success).toBe(false);
  });
});
