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

/**
 * Placeholders written inside shell quotes. Filled values are quoted by the generator, and a missing
 * `<host>` must stay outside quotes so the shell refuses it — so content may not quote placeholders.
 * A small shell lexer: `$( … )` opens an unquoted context even inside double quotes.
 */
export function quotedPlaceholders(run: string): string[] {
  const found = new Set<string>();
  const stack: ("plain" | "'" | '"' | "$(")[] = ["plain"];
  for (let i = 0; i < run.length; i++) {
    const char = run[i];
    const context = stack[stack.length - 1];
    if (context === "'") {
      if (char === "'") stack.pop();
      continue;
    }
    if (char === "\\") {
      i++;
      continue;
    }
    if (run.startsWith("$(", i)) {
      stack.push("$(");
      i++;
      continue;
    }
    if (context === '"') {
      if (char === '"') stack.pop();
      else if (run.startsWith("{{", i)) {
        const match = /^\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/.exec(run.slice(i));
        if (match) found.add(match[1]);
      }
      continue;
    }
    if (char === "#" && (i === 0 || /\s/.test(run[i - 1]))) {
      const end = run.indexOf("\n", i);
      if (end < 0) break;
      i = end;
    } else if (char === "'" || char === '"') stack.push(char);
    else if (char === ")" && context === "$(") stack.pop();
  }
  return [...found];
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
