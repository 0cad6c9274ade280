// Time from submitting a question to the first streamed answer token, over real HTTP + SSE against a
// running server (demo models by default). Run by hand:
//   npx tsx bench/battles/first-token.ts --url http://127.0.0.1:3000 --battles 20
// Prints median and min–max; nothing is asserted.

import { type CookieJar, devSignIn } from "../lib/dev-sign-in";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const baseUrl = option("--url", "http://127.0.0.1:3000");
const battles = Number(option("--battles", "20"));

const QUESTIONS = [
  "Does vaccine storage temperature in general practice refrigerators reduce vaccine potency?",
  "What are the effects of strain on electronic properties of two-dimensional materials?",
  "How accurate are large language models at answering medical exam questions?",
  "Is laparoscopic surgery safe for patients with renal carcinoma?",
  "What limits the efficiency of perovskite solar cells?",
];

async function timeOneBattle(jar: CookieJar, question: string): Promise<{ created: number; firstToken: number }> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/api/battles`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Cookie: jar.header() },
    body: JSON.stringify({ question }),
  });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`);
  const { battleId } = (await response.json()) as { battleId: string };
  const created = performance.now() - started;
  const stream = await fetch(`${baseUrl}/api/battles/${battleId}/stream`, { headers: { Cookie: jar.header() } });
  const reader = stream.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) throw new Error("stream ended before the first token");
    buffer += decoder.decode(value, { stream: true });
    if (buffer.includes("event: delta")) {
      const firstToken = performance.now() - started;
      await reader.cancel();
      return { created, firstToken };
    }
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  const jar = await devSignIn(baseUrl, { name: "Bench", email: `bench-${Date.now()}@example.org` });
  await timeOneBattle(jar, QUESTIONS[0]); // warm-up
  const created: number[] = [];
  const firstToken: number[] = [];
  for (let i = 0; i < battles; i++) {
    const r = await timeOneBattle(jar, QUESTIONS[i % QUESTIONS.length]);
    created.push(r.created);
    firstToken.push(r.firstToken);
  }
  const row = (name: string, xs: number[]) =>
    `${name.padEnd(34)} ${median(xs).toFixed(1).padStart(8)} ms   (min ${Math.min(...xs).toFixed(1)} – max ${Math.max(...xs).toFixed(1)})`;
  console.log(`command: npx tsx bench/battles/first-token.ts --url ${baseUrl} --battles ${battles}`);
  console.log(row("POST /api/battles answered", created));
  console.log(row("submit → first streamed token", firstToken));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
