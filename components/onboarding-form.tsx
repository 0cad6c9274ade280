"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { postJson } from "./api-client";

export interface OnboardingInitial {
  discipline: string;
  subfield: string;
  careerStage: string;
  publicationBand: string;
  affiliation: string;
  datasetConsent: boolean;
}

const field = "mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900";

export function OnboardingForm(props: {
  subfields: Record<string, readonly string[]>;
  careerStages: readonly string[];
  publicationBands: readonly string[];
  initial: OnboardingInitial;
  termsAccepted: boolean;
  callbackUrl: string;
}) {
  const router = useRouter();
  const [values, setValues] = useState(props.initial);
  const [acceptTerms, setAcceptTerms] = useState(props.termsAccepted);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const set = (name: keyof OnboardingInitial) => (event: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setValues((v) => ({ ...v, [name]: event.target.value, ...(name === "discipline" ? { subfield: "" } : {}) }));

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      await postJson("/api/profile", { ...values, affiliation: values.affiliation || undefined, acceptTerms });
      router.push(props.callbackUrl);
      router.refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : "Something went wrong.");
      setSaving(false);
    }
  }

  const subfields = props.subfields[values.discipline] ?? [];
  return (
    <form onSubmit={submit} className="mt-6 space-y-4">
      {error ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          {error}
        </p>
      ) : null}
      <div>
        <label htmlFor="discipline" className="block text-sm font-medium">Discipline</label>
        <select id="discipline" required value={values.discipline} onChange={set("discipline")} className={field}>
          <option value="">Choose…</option>
          {Object.keys(props.subfields).map((d) => <option key={d}>{d}</option>)}
        </select>
      </div>
      <div>
        <label htmlFor="subfield" className="block text-sm font-medium">Subfield</label>
        <select id="subfield" required value={values.subfield} onChange={set("subfield")} className={field} disabled={subfields.length === 0}>
          <option value="">Choose…</option>
          {subfields.map((s) => <option key={s}>{s}</option>)}
        </select>
      </div>
      <div>
        <label htmlFor="careerStage" className="block text-sm font-medium">Career stage</label>
        <select id="careerStage" required value={values.careerStage} onChange={set("careerStage")} className={field}>
          <option value="">Choose…</option>
          {props.careerStages.map((s) => <option key={s}>{s}</option>)}
        </select>
      </div>
      <div>
        <label htmlFor="publicationBand" className="block text-sm font-medium">Peer-reviewed publications</label>
        <select id="publicationBand" required value={values.publicationBand} onChange={set("publicationBand")} className={field}>
          <option value="">Choose…</option>
          {props.publicationBands.map((s) => <option key={s}>{s}</option>)}
        </select>
      </div>
      <div>
        <label htmlFor="affiliation" className="block text-sm font-medium">Affiliation (optional)</label>
        <input id="affiliation" maxLength={200} value={values.affiliation} onChange={set("affiliation")} className={field} />
      </div>
      <div className="flex items-start gap-2">
        <input id="acceptTerms" type="checkbox" required checked={acceptTerms} onChange={(e) => setAcceptTerms(e.target.checked)} className="mt-1" />
        <label htmlFor="acceptTerms" className="text-sm">
          I accept the terms: I ask real research questions, vote honestly, and understand that my votes are checked for quality.
        </label>
      </div>
      <div className="flex items-start gap-2">
        <input
          id="datasetConsent"
          type="checkbox"
          checked={values.datasetConsent}
          onChange={(e) => setValues((v) => ({ ...v, datasetConsent: e.target.checked }))}
          className="mt-1"
        />
        <label htmlFor="datasetConsent" className="text-sm">
          Release my votes (under a pseudonym) in the public dataset. Without this consent your votes are not counted in the
          leaderboard or the dataset.
        </label>
      </div>
      <button type="submit" disabled={saving} className="w-full rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60">
        Save profile
      </button>
    </form>
  );
}
