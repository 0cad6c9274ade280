import { describe, expect, it } from "vitest";
import { classifyCategory, classifyDiscipline, classifyOffline } from "./classify-offline";
import { DISCIPLINES, QUESTION_CATEGORIES, SUBFIELDS } from "./disciplines";

describe("offline discipline classifier", () => {
  it.each([
    ["Does vaccine storage temperature in general practice refrigerators reduce vaccine potency?", "Healthcare", "Nursing & Health Services"],
    ["Do mRNA vaccines induce durable antibody responses against influenza?", "Healthcare", "Infectious Disease & Immunology"],
    ["Is laparoscopic surgery safe for patients with renal carcinoma?", "Healthcare", "Clinical Medicine"],
    ["How accurate are large language models at answering medical exam questions?", "Engineering", "Computer Science & AI"],
    ["What limits the energy density of lithium batteries with silicon anodes?", "Engineering", "Chemical & Energy Engineering"],
    ["How does quantum entanglement between photons decay in optical fibres?", "Natural Science", "Physics"],
    ["What do we know about the formation of supermassive black holes in early galaxies?", "Natural Science", "Astronomy & Astrophysics"],
    ["How do minimum wage increases affect employment and inflation?", "Humanities & Social Sciences", "Economics & Business"],
    ["Does bilingual education improve student outcomes in primary school?", "Humanities & Social Sciences", "Education"],
  ])("%s → %s / %s", (question, discipline, subfield) => {
    const result = classifyDiscipline(question);
    expect(result.discipline).toBe(discipline);
    expect(result.subfield).toBe(subfield);
  });

  it("leaves a question without any keyword unclassified instead of guessing", () => {
    expect(classifyDiscipline("Is it true or not, and why so?")).toMatchObject({ discipline: null, subfield: null });
  });

  it("keeps the researcher's discipline and picks a subfield inside it", () => {
    const question = "How do language models change how students write essays?";
    expect(classifyDiscipline(question).discipline).toBe("Engineering");
    const chosen = classifyOffline(question, "Humanities & Social Sciences");
    expect(chosen.discipline).toBe("Humanities & Social Sciences");
    expect(chosen.subfield).toBe("Education");
  });

  it("only ever returns known disciplines and subfields of that discipline", () => {
    for (const question of ["cancer drug trial", "graphene strain", "voting law", "poverty and wage gaps in cities", "protein folding"]) {
      const { discipline, subfield } = classifyDiscipline(question);
      expect(DISCIPLINES).toContain(discipline);
      expect(SUBFIELDS[discipline!]).toContain(subfield);
    }
  });
});

describe("offline category classifier", () => {
  it.each([
    ["Which papers study retrieval-augmented generation for scientific QA?", "Paper Finding"],
    ["Recommend recent papers on perovskite solar cell stability.", "Paper Finding"],
    ["What are the main challenges of scaling solid-state batteries?", "Challenges & Limitations"],
    ["What are the limitations of mendelian randomization?", "Challenges & Limitations"],
    ["What is the state of the art in protein structure prediction?", "State-of-the-Art Assessment"],
    ["What are recent advances in CRISPR base editing?", "State-of-the-Art Assessment"],
    ["How can we measure the thermal conductivity of thin films?", "Methodology Inquiry"],
    ["Which statistical test should be used for paired ordinal data?", "Methodology Inquiry"],
    ["What is a topological insulator?", "Conceptual Explanation"],
    ["Why does the sky appear blue?", "Conceptual Explanation"],
    ["Summarize the debate on the Hubble tension.", "Others"],
  ])("%s → %s", (question, category) => {
    expect(classifyCategory(question)).toBe(category);
    expect(QUESTION_CATEGORIES).toContain(category);
  });
});
