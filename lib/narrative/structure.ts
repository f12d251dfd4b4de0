/**
 * Section headings and image references of a free-form postmortem: which part of the text a line
 * opens, and which lines point at pictures the write-up had.
 */

export type SectionKind = "lessons" | "root-cause" | "impact" | "timeline" | "summary" | "other";

const HEADING_MARKS = /^\s*(?:#{1,6}\s+)?(?:\*\*|__)?\s*/;
const HEADING_END = /\s*(?:\*\*|__)?\s*[:：]?\s*$/;

const SECTIONS: Array<{ kind: SectionKind; pattern: RegExp }> = [
  { kind: "lessons", pattern: /^(?:lessons?(?: learned| learnt)?|takeaways|learnings|what we learned|后续思考|经验教训|教训|经验总结|反思|思考|总结与思考|改进思考|学んだこと|教訓)$/iu },
  { kind: "root-cause", pattern: /^(?:root causes?|root-cause analysis|rca|根因|根本原因|根因分析|原因分析|根本原因分析|原因)$/iu },
  { kind: "impact", pattern: /^(?:impact|customer impact|business impact|影响|影响范围|业务影响|影響)$/iu },
  { kind: "summary", pattern: /^(?:summary|overview|background|tl;?dr|摘要|概述|背景|简介|概要|概要と背景)$/iu },
  { kind: "timeline", pattern: /^(?:timeline|time line|chronology|时间线|时间轴|排查过程|处理过程|经过|時系列|タイムライン)$/iu },
];

/**
 * The section a line opens: a Markdown heading or a short line that is one of the known names.
 * Other Markdown headings are "other" (they end a lessons/root-cause/impact section).
 */
export function readSectionHeading(line: string): SectionKind | null {
  const isMarkdownHeading = /^\s*#{1,6}\s+\S/.test(line);
  const name = line.replace(HEADING_MARKS, "").replace(HEADING_END, "").replace(/^\d+[.、)]\s*/, "").trim();
  if (!name || name.length > 40) return null;
  for (const section of SECTIONS) if (section.pattern.test(name)) return section.kind;
  return isMarkdownHeading ? "other" : null;
}

const IMAGE_FILE = /^[\w.-]+\.(?:png|jpe?g|gif|webp|svg|bmp)$/i;
const MARKDOWN_IMAGE = /!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const HTML_IMAGE = /<img\b[^>]*\bsrc\s*=\s*["']([^"']+)["'][^>]*>/gi;

function baseName(reference: string): string {
  const clean = reference.split(/[?#]/)[0];
  const name = clean.slice(clean.lastIndexOf("/") + 1) || clean;
  try {
    return decodeURIComponent(name).slice(0, 200);
  } catch {
    return name.slice(0, 200); // not valid percent-encoding: keep it as written
  }
}

/**
 * Image references in a line, and the line with each replaced by a visible placeholder. A line that
 * is only a file name ("21c89a9b….png", how pasted screenshots survive copying) counts too.
 */
export function extractImages(line: string): { images: string[]; text: string } {
  const trimmed = line.trim();
  if (IMAGE_FILE.test(trimmed)) return { images: [trimmed], text: placeholder(trimmed) };
  const images: string[] = [];
  const text = line
    .replace(MARKDOWN_IMAGE, (_all, _alt: string, src: string) => {
      images.push(baseName(src));
      return placeholder(baseName(src));
    })
    .replace(HTML_IMAGE, (_all, src: string) => {
      images.push(baseName(src));
      return placeholder(baseName(src));
    });
  return { images, text };
}

export function placeholder(filename: string): string {
  return `_(image placeholder: ${filename} — attach the file after saving)_`;
}
