/**
 * `{{host}}`-style placeholders in step commands. Known facts are filled in, shell-quoted when they
 * hold anything beyond a plain word (facts are typed by people; a copied command must never run text
 * hidden in a fact). Unknown ones stay visible as `<host>` — a shell refuses to run that as is, which
 * is the point: the responder has to fill it in.
 */
import { FACT_VOCABULARY, isFactName, type FactName, type TriageFacts } from "./facts";

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/** Names used in a command, in order of first use. */
export function placeholderNames(run: string): string[] {
  return [...new Set([...run.matchAll(PLACEHOLDER)].map((match) => match[1]))];
}

/** Names that are not placeholders of the fact vocabulary (a content error). */
export function unknownPlaceholders(run: string): string[] {
  return placeholderNames(run).filter((name) => !isFactName(name) || !("placeholder" in FACT_VOCABULARY[name]));
}

const PLAIN_WORD = /^[A-Za-z0-9._:/@%+=,-]+$/;

export function shellQuote(value: string): string {
  return PLAIN_WORD.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export interface FilledCommand {
  run: string;
  /** Placeholders left as `<name>` because the fact is not recorded. */
  missing: FactName[];
}

export function fillPlaceholders(run: string, facts: TriageFacts): FilledCommand {
  const missing = new Set<FactName>();
  const filled = run.replace(PLACEHOLDER, (whole, name: string) => {
    if (!isFactName(name)) return whole;
    const value = facts.text[name];
    if (value === undefined || value === "") {
      missing.add(name);
      return `<${name}>`;
    }
    return shellQuote(value);
  });
  return { run: filled, missing: [...missing] };
}

/** The note shown under a command with unfilled placeholders. */
export function missingNote(missing: FactName[]): string {
  return `Fill in ${missing.map((name) => `<${name}> (${FACT_VOCABULARY[name].description})`).join(", ")} — or record ${missing.length === 1 ? "the fact" : "the facts"} ${missing.map((name) => `\`${name}\``).join(", ")} and generate again.`;
}
