import { workerData } from "node:worker_threads";
import { announceWorkerReady, claimStyleRounds, type StyleWorkerData } from "./style-bootstrap-threads";

// A worker thread of runStyleRoundsInThreads: claims and runs rounds until none is left, then ends.
const input = workerData as StyleWorkerData;
announceWorkerReady(input.control);
claimStyleRounds(
  {
    modelCount: input.modelCount,
    voteCount: input.voteCount,
    featureCount: input.featureCount,
    featureNames: input.featureNames,
    modelA: input.modelA,
    modelB: input.modelB,
    outcome: input.outcome,
    features: input.features,
    featureMeans: input.featureMeans,
    featureSds: input.featureSds,
  },
  input.setup,
  { control: input.control, samples: input.samples, iterations: input.iterations, parameterCount: input.modelCount + input.featureCount, rounds: input.rounds },
);
