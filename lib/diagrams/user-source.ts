/**
 * Mermaid sources written by people (```mermaid fences in Markdown) may hold HTML in labels. Mermaid's
 * strict mode keeps it from running, but while measuring labels it still puts such markup into the
 * live page for a moment, where the Content-Security-Policy has to block the inline handlers (and
 * reports every one as a violation). Writing `<` before anything tag-like as mermaid's entity code
 * `#60;` shows the text exactly as typed and keeps markup out of the page altogether. Arrows (`<-->`,
 * `<|--`), class annotations (`<<interface>>`) and `<br>` line breaks are left alone.
 */
const TAG_START = /(?<!<)<(?!br\s*\/?>)(?=[A-Za-z/!?])/gi;

export function neutralizeMermaidHtml(source: string): string {
  return source.replace(TAG_START, "#60;");
}
