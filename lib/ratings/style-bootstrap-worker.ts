import { workerData } from "node:worker_threads";
import { announceWorkerReady, claimStyleRounds, type StyleWorkerData } from "./style-bootstrap-threads";

// A worker thread of runStyleRoundsInThreads: claims and runs rounds until none is left, then ends.
const { data, setup, shared } = workerData as StyleWorkerData;
announceWorkerReady(shared.control);
claimStyleRounds(data, setup, shared);
