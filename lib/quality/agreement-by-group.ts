import { computeAgreement, type Agreement, type LabelPair } from "./agreement";

export interface GroupedLabelPair extends LabelPair {
  group: string;
}

/** Agreement per group (e.g. discipline), groups sorted by name, plus "all" over every pair. */
export function agreementByGroup(pairs: readonly GroupedLabelPair[]): { group: string; agreement: Agreement }[] {
  const groups = new Map<string, LabelPair[]>();
  for (const pair of pairs) {
    const list = groups.get(pair.group) ?? [];
    list.push(pair);
    groups.set(pair.group, list);
  }
  const names = [...groups.keys()].sort();
  return [{ group: "all", agreement: computeAgreement(pairs) }, ...names.map((group) => ({ group, agreement: computeAgreement(groups.get(group)!) }))];
}
