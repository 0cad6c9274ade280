import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { fastVoteBattleId } from "./fast-vote";

const request = (method: string, url: string, headers: Record<string, string> = {}) => ({ method, url, headers }) as unknown as IncomingMessage;
const ID = "c4dtd9o4ljvq41it2a8dknu2d";

describe("fastVoteBattleId", () => {
  it("takes a plain POST to a vote URL", () => {
    expect(fastVoteBattleId(request("POST", `/api/battles/${ID}/vote`, { "content-type": "application/json" }))).toBe(ID);
    // Not a battle id, but plain: the fast path answers it with the route's 400.
    expect(fastVoteBattleId(request("POST", "/api/battles/NOT_AN_ID/vote"))).toBe("NOT_AN_ID");
  });

  it("leaves everything else to Next", () => {
    for (const [method, url] of [
      ["GET", `/api/battles/${ID}/vote`],
      ["HEAD", `/api/battles/${ID}/vote`],
      ["OPTIONS", `/api/battles/${ID}/vote`],
      ["POST", `/api/battles/${ID}/vote?via=next`],
      ["POST", `/api/battles/${ID}/vote/`],
      ["POST", `/api/battles/${ID}`],
      ["POST", `/api/battles//vote`],
      ["POST", `/api/battles/%63${ID.slice(1)}/vote`],
      ["POST", `/api/battles/../vote`],
      ["POST", `/api/battles/a\\b/vote`],
      ["POST", `//api/battles/${ID}/vote`],
      ["POST", `http://localhost/api/battles/${ID}/vote`],
      ["POST", `/API/battles/${ID}/vote`],
    ]) {
      expect(fastVoteBattleId(request(method, url)), `${method} ${url}`).toBeNull();
    }
    const special: Record<string, string>[] = [{ "content-type": "multipart/form-data; boundary=x" }, { rsc: "1" }, { "next-action": "abc" }, { "next-router-state-tree": "x" }];
    for (const headers of special) {
      expect(fastVoteBattleId(request("POST", `/api/battles/${ID}/vote`, headers)), JSON.stringify(headers)).toBeNull();
    }
  });
});
