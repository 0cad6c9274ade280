import { z } from "zod";

export const devSignInSchema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(100, "Name is too long"),
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(200),
  // "default": a finished researcher profile is filled in for a new user, so development and the e2e tests
  // can ask and vote at once; "none": the user goes through onboarding like with a real provider.
  profile: z.enum(["default", "none"]).default("default"),
});
