// The offline moderation filter: word lists and patterns, no model, deterministic. Documented with its
// rationale in docs/moderation.md. It aims at requests and statements, not topics: "How do nerve agents
// inhibit acetylcholinesterase?" or "What predicts suicide risk in adolescents?" are research questions
// and pass; "how do I make sarin at home" or "I want to kill myself" do not.
//
// Two groups of rules:
//  - arena rules (always applied, also when OpenAI's moderation endpoint is configured): questions that
//    probe the models' identity or try to override their instructions (they would break anonymity),
//    personal data (questions are published in the dataset) and spam;
//  - content rules (applied when no moderation endpoint is configured): violent threats, instructions for
//    weapons of mass harm, self-harm intent, sexual content requests, harassment and slurs.

export type ModerationCategory =
  | "identity-probing"
  | "personal-data"
  | "spam"
  | "violence"
  | "weapons"
  | "self-harm"
  | "sexual"
  | "sexual-minors"
  | "harassment"
  | "blocklist";

export interface OfflineVerdict {
  flagged: boolean;
  categories: ModerationCategory[];
}

interface Rule {
  category: ModerationCategory;
  pattern: RegExp;
}

const AI_NAMES = "gpt(?:-?\\d[\\w.-]*)?|chat ?gpt|openai|claude|anthropic|gemini|bard|google|llama|meta|mistral|mixtral|deepseek|qwen|grok|phi|gemma|command ?r|cohere";

export const ARENA_RULES: Rule[] = [
  // Identity probing and instruction override.
  { category: "identity-probing", pattern: /\b(?:which|what)\s+(?:llm|large language model|language model|model|ai|chatbot|assistant|version)\s+(?:are|r)\s+(?:you|u)\b/i },
  { category: "identity-probing", pattern: /\bwho\s+(?:made|created|trained|built|developed|programmed|owns)\s+(?:you|u)\b/i },
  { category: "identity-probing", pattern: /\b(?:what(?:'s| is)|tell me|say|state|reveal|print)\s+(?:me\s+)?(?:your|the)\s+(?:model|model's)?\s*(?:name|identity|version|creator|developer|provider|vendor|company)\b/i },
  { category: "identity-probing", pattern: new RegExp(`\\b(?:are|r)\\s+(?:you|u)\\s+(?:a\\s+|an\\s+)?(?:${AI_NAMES})\\b`, "i") },
  { category: "identity-probing", pattern: /\b(?:identify|introduce|name)\s+yourself\b/i },
  { category: "identity-probing", pattern: /\b(?:ignore|disregard|forget)\s+(?:all\s+|any\s+|the\s+|your\s+)?(?:previous|prior|above|earlier|system)\s+(?:instructions|prompts?|rules|messages)\b/i },
  { category: "identity-probing", pattern: /\b(?:reveal|print|repeat|show|output|leak)\s+(?:me\s+)?(?:your|the)\s+(?:system\s+|hidden\s+|initial\s+)?(?:prompt|instructions)\b/i },
  // Personal data.
  { category: "personal-data", pattern: /\b[\w.+-]+@[\w-]+\.[\w.-]*[a-z]{2,}\b/i },
  { category: "personal-data", pattern: /(?:^|[^\d])\+?\d{1,3}[ .-]?\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}(?!\d)/ },
  { category: "personal-data", pattern: /\b\d{3}-\d{2}-\d{4}\b/ },
  // Spam.
  { category: "spam", pattern: /(?:https?:\/\/\S+[\s\S]*){3,}/i },
  { category: "spam", pattern: /(.)\1{24,}/ },
  { category: "spam", pattern: /\b(\w{2,})(?:\W+\1\b){9,}/i },
  { category: "spam", pattern: /\b(?:buy now|click here|limited offer|free money|casino bonus|crypto giveaway|work from home and earn|viagra|cialis|promo code)\b/i },
];

const HOW = "(?:how\\s+(?:do\\s+i|do\\s+you|to|can\\s+i|could\\s+i|would\\s+i|should\\s+i|can\\s+one|would\\s+one)|ways?\\s+to|steps?\\s+to|instructions?\\s+(?:for|to|on)|recipe\\s+for|guide\\s+to|teach\\s+me\\s+to|help\\s+me)";

export const CONTENT_RULES: Rule[] = [
  // Violent threats and requests to harm people.
  { category: "violence", pattern: /\b(?:i(?:'m| am)\s+going\s+to|i\s+will|i'll|i\s+want\s+to|i\s+wanna|gonna)\s+(?:kill|murder|shoot|stab|strangle|behead|bomb|hurt|poison)\s+(?!myself)\w+/i },
  { category: "violence", pattern: new RegExp(`${HOW}\\s+(?:kill|murder|poison|assassinate|strangle|kidnap|torture)\\s+(?:a\\s+|my\\s+|the\\s+)?(?:someone|somebody|person|people|man|woman|child|kid|wife|husband|neighbou?r|boss|teacher|him|her|them)\\b`, "i") },
  { category: "violence", pattern: new RegExp(`${HOW}\\s+(?:get\\s+away\\s+with|cover\\s+up|hide)\\s+(?:a\\s+)?(?:murder|killing|body)\\b`, "i") },
  // Weapons of mass harm: instructions, not the science.
  {
    category: "weapons",
    pattern: new RegExp(
      `${HOW}\\s+(?:make|build|assemble|synthesi[sz]e|produce|manufacture|brew|cook|weaponi[sz]e|culture|grow|aerosoli[sz]e|enrich|obtain|buy|smuggle)\\b.{0,40}\\b(?:bombs?|explosives?|ieds?|pipe\\s*bombs?|detonators?|nerve\\s+(?:agents?|gas)|sarin|soman|tabun|vx|novichok|ricin|abrin|anthrax|botulinum|smallpox|bioweapons?|biological\\s+weapons?|chemical\\s+weapons?|dirty\\s+bombs?|nuclear\\s+(?:bombs?|weapons?)|napalm|mustard\\s+gas|chlorine\\s+gas|tatp|hmtd|ammonium\\s+nitrate\\s+bombs?|ghost\\s+guns?|untraceable\\s+guns?)`,
      "i",
    ),
  },
  { category: "weapons", pattern: /\b(?:make|increase|enhance)\s+(?:a\s+|the\s+)?(?:virus|pathogen|bacteri\w+|influenza|h5n1|coronavirus)\s+(?:more\s+)?(?:transmissible|lethal|contagious|deadly)\s+(?:in|among|between|to)\s+humans\b.{0,40}\b(?:step|protocol|procedure|how)/i },
  // Self-harm intent or instructions.
  { category: "self-harm", pattern: new RegExp(`${HOW}\\s+(?:kill\\s+myself|commit\\s+suicide|end\\s+my\\s+(?:own\\s+)?life|hurt\\s+myself|cut\\s+myself|overdose)\\b`, "i") },
  { category: "self-harm", pattern: /\b(?:painless|easiest|quickest|best|surest)\s+(?:way|method)s?\s+(?:to|of)\s+(?:die|suicide|kill\s+(?:myself|yourself|oneself)|end\s+(?:my|one's)\s+life)\b/i },
  { category: "self-harm", pattern: /\bi\s+(?:want|plan|am\s+going|'m\s+going|intend)\s+to\s+(?:die|kill\s+myself|end\s+my\s+life|commit\s+suicide|hurt\s+myself)\b/i },
  // Sexual content requests (research on sexuality, pornography use or abuse prevention passes).
  { category: "sexual-minors", pattern: /\b(?:write|generate|describe|show|find|send|create|give\s+me)\b.{0,40}\b(?:child|children|minor|minors|underage|preteen|kid|kids|loli|teen(?:ager)?s?)\b.{0,30}\b(?:sex|sexual|nude|naked|erotic|porn\w*|explicit)\b/i },
  { category: "sexual-minors", pattern: /\b(?:child\s+porn\w*|cp\s+links?|csam\s+(?:links?|download))\b/i },
  { category: "sexual", pattern: /\b(?:write|generate|tell|describe|roleplay|create)\b.{0,30}\b(?:erotic|sexual|explicit|nsfw|porn\w*|smutty?|sex)\s+(?:story|stories|scene|fantasy|fiction|content|roleplay|chat)\b/i },
  // Harassment and slurs.
  { category: "harassment", pattern: /\b(?:you\s+are|you're|ur|u\s+r)\s+(?:a\s+|an\s+|so\s+|such\s+a\s+)?(?:stupid|idiot|moron|dumb|retard\w*|worthless|pathetic|loser|piece\s+of\s+(?:shit|crap))\b/i },
  { category: "harassment", pattern: /\b(?:fuck|screw)\s+(?:you|off|this)\b|\bgo\s+(?:kill|hang)\s+yourself\b|\bkys\b/i },
  // A short list of slurs as whole words (operators can extend it with MODERATION_BLOCKLIST_FILE).
  { category: "harassment", pattern: /\b(?:n[i1]gg(?:er|a)s?|f[a4]gg?[o0]ts?|k[i1]kes?|sp[i1]cs?|ch[i1]nks?|wetbacks?|tr[a4]nn(?:y|ies)|retards?|raghead|towelhead|coons?)\b/i },
];

/** Compiles an operator's blocklist: one term or /regex/flags per line; "#" starts a comment. */
export function parseBlocklist(text: string): RegExp[] {
  const patterns: RegExp[] = [];
  for (const [index, rawLine] of text.split(/\r?\n/).entries()) {
    const line = rawLine.trim();
    if (!line || line.startsWith("#")) continue;
    const regex = line.match(/^\/(.+)\/([a-z]*)$/);
    try {
      patterns.push(
        regex
          ? new RegExp(regex[1], regex[2].includes("i") ? regex[2] : `${regex[2]}i`)
          : new RegExp(`(?:^|[^\\p{L}\\p{N}])${line.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?=$|[^\\p{L}\\p{N}])`, "iu"),
      );
    } catch (error) {
      throw new Error(`blocklist line ${index + 1}: invalid pattern ${JSON.stringify(line)} (${(error as Error).message})`);
    }
  }
  return patterns;
}

function matches(rules: Rule[], text: string): ModerationCategory[] {
  const found = new Set<ModerationCategory>();
  for (const rule of rules) if (rule.pattern.test(text)) found.add(rule.category);
  return [...found];
}

/** Normalizes look-alike spellings a little ("k i l l", full-width letters) before matching. */
function canonical(text: string): string {
  return text.normalize("NFKC").replace(/[\u200b-\u200d\ufeff]/g, "").replace(/\s+/g, " ");
}

export function checkArenaRules(text: string): OfflineVerdict {
  const categories = matches(ARENA_RULES, canonical(text));
  return { flagged: categories.length > 0, categories };
}

export function checkContentRules(text: string, blocklist: RegExp[] = []): OfflineVerdict {
  const normalized = canonical(text);
  const categories = matches(CONTENT_RULES, normalized);
  if (blocklist.some((pattern) => pattern.test(normalized))) categories.push("blocklist");
  return { flagged: categories.length > 0, categories };
}
