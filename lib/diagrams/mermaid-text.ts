/**
 * Safe pieces of mermaid source. User text only ever appears inside a double-quoted label, and every
 * character that could end the label, start a directive (`%%{init}%%`), a markdown string (backticks),
 * an entity, HTML (`<`), or a new statement (`;`, line breaks) is written as a mermaid entity code
 * (`#35;`), which mermaid turns back into the character when drawing.
 */

const DEFAULT_MAX_LABEL = 80;

// Letters, digits, spaces and punctuation with no meaning inside a quoted mermaid label.
const PLAIN = /[\p{L}\p{M}\p{N} .,!?'’“”\-+=/@$^~—–·…]/u;

/** Label text for a quoted mermaid label: one line, at most `maxLength` characters, entity-escaped. */
export function mermaidLabel(text: string, maxLength = DEFAULT_MAX_LABEL): string {
  const flat = text
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const chars = Array.from(flat);
  const shortened = chars.length > maxLength ? `${chars.slice(0, maxLength - 1).join("").trimEnd()}…` : flat;
  let out = "";
  for (const char of shortened) out += PLAIN.test(char) ? char : `#${char.codePointAt(0)};`;
  return out;
}

/**
 * Node ids from entry keys: `prefix` + key with dashes as underscores. Keys are slugs, so this is
 * one-to-one; anything else (never user text) falls back to a numbered id. The prefix keeps ids clear
 * of mermaid keywords (`end`, `click`, `graph`) and of the `o`/`x` arrow-head letters.
 */
export function mermaidNodeIds(keys: string[], prefix: string): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  keys.forEach((key, index) => {
    if (ids.has(key)) return;
    let id = /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(key) ? `${prefix}${key.replace(/-/g, "_")}` : `${prefix}${index}`;
    while (used.has(id)) id = `${id}_`;
    used.add(id);
    ids.set(key, id);
  });
  return ids;
}

/** `class a,b,c name` lines for non-empty groups, in the order the groups are given. */
export function classLines(groups: [className: string, ids: string[]][]): string[] {
  return groups.filter(([, ids]) => ids.length > 0).map(([name, ids]) => `  class ${ids.join(",")} ${name}`);
}
