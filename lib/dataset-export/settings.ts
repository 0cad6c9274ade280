import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { MIN_SALT_LENGTH } from "@/lib/dataset";
import { getEnv } from "@/lib/env";

// The export's settings, shared by the CLI and the site so that both publish the same files.

export interface DatasetSettings {
  salt: string;
  /** Where the salt came from, for the CLI's summary (the salt itself is never printed). */
  saltSource: "DATASET_SALT" | "--salt" | "generated";
  seed: number;
  votesPerSide: number;
  requireConsent: boolean;
}

/** A development salt, created once and kept in the data folder (like the session secret). */
export function ensureDevelopmentSalt(dataDir: string): string {
  const file = path.join(dataDir, "dataset-salt");
  if (existsSync(file)) {
    const salt = readFileSync(file, "utf8").trim();
    if (salt.length >= MIN_SALT_LENGTH) return salt;
  }
  mkdirSync(dataDir, { recursive: true });
  const salt = randomBytes(32).toString("base64url");
  writeFileSync(file, `${salt}\n`, { mode: 0o600 });
  return salt;
}

export class DatasetSettingsError extends Error {}

export function resolveDatasetSettings(overrides: Partial<Omit<DatasetSettings, "saltSource">> = {}): DatasetSettings {
  const env = getEnv();
  let salt: string;
  let saltSource: DatasetSettings["saltSource"];
  if (overrides.salt !== undefined) {
    if (overrides.salt.length < MIN_SALT_LENGTH) throw new DatasetSettingsError(`--salt must be at least ${MIN_SALT_LENGTH} characters long`);
    salt = overrides.salt;
    saltSource = "--salt";
  } else if (env.DATASET_SALT) {
    salt = env.DATASET_SALT;
    saltSource = "DATASET_SALT";
  } else if (env.NODE_ENV === "production") {
    throw new DatasetSettingsError(
      `DATASET_SALT is not set: a published export needs a secret salt of at least ${MIN_SALT_LENGTH} characters, kept stable across releases`,
    );
  } else {
    salt = ensureDevelopmentSalt(env.DATA_DIR);
    saltSource = "generated";
  }
  return {
    salt,
    saltSource,
    seed: overrides.seed ?? env.DATASET_SEED,
    votesPerSide: overrides.votesPerSide ?? env.DATASET_VOTES_PER_SIDE,
    requireConsent: overrides.requireConsent ?? env.DATASET_REQUIRE_CONSENT,
  };
}

/** Identifies the settings an export was made with, without revealing the salt. */
export function settingsKey(settings: Pick<DatasetSettings, "salt" | "seed" | "votesPerSide" | "requireConsent">): string {
  const saltDigest = createHash("sha256").update(`open-sciarena dataset salt\0${settings.salt}`).digest("hex");
  return createHash("sha256")
    .update(JSON.stringify([saltDigest, settings.seed, settings.votesPerSide, settings.requireConsent]))
    .digest("hex")
    .slice(0, 16);
}

export function datasetDir(): string {
  const env = getEnv();
  return env.DATASET_DIR ?? path.join(env.DATA_DIR, "exports");
}
