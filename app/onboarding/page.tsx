import type { Metadata } from "next";
import { OnboardingForm } from "@/components/onboarding-form";
import { guardPage } from "@/lib/auth/guard-page";
import { safeCallbackUrl } from "@/lib/auth/safe-callback";
import { getProfile } from "@/lib/profile/get-profile";
import { CAREER_STAGES, PUBLICATION_BANDS } from "@/lib/profile/options";
import { SUBFIELDS } from "@/lib/questions/disciplines";

export const metadata: Metadata = { title: "Your researcher profile" };
export const dynamic = "force-dynamic";

export default async function OnboardingPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const callbackUrl = safeCallbackUrl((await searchParams).callbackUrl);
  const viewer = await guardPage("signed-in", "/onboarding");
  const profile = await getProfile(viewer.id);
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-semibold">Your researcher profile</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">
        Votes are weighed by who casts them: tell us your field and experience before asking and voting. Agreement
        statistics are reported per discipline.
      </p>
      <OnboardingForm
        subfields={SUBFIELDS}
        careerStages={CAREER_STAGES}
        publicationBands={PUBLICATION_BANDS}
        termsAccepted={profile?.termsConsentAt != null}
        callbackUrl={callbackUrl}
        initial={{
          discipline: profile?.discipline ?? "",
          subfield: profile?.subfield ?? "",
          careerStage: profile?.careerStage ?? "",
          publicationBand: profile?.publicationBand ?? "",
          affiliation: profile?.affiliation ?? "",
          datasetConsent: profile?.datasetConsentAt != null,
        }}
      />
    </div>
  );
}
