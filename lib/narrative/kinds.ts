import type { EntryKind } from "../domain";

/**
 * Guesses an entry's kind from cue words. Only a guess — the draft shows the cue it used and every
 * kind stays editable. Conclusive kinds win over tentative ones (a paragraph that suspects one thing
 * and then rules it out is a decision), and cues in the title win over cues in the body. Words that
 * describe the whole investigation (排查 "investigate", 整理 "sort out") are deliberately not cues.
 */

interface Cue {
  kind: EntryKind;
  /** English cues match whole words (case-insensitive); Chinese/Japanese cues match anywhere. */
  words: string[];
}

const CUES: Cue[] = [
  { kind: "root-cause", words: ["root cause", "root-cause", "rca", "根因", "根本原因", "真正原因", "原因找到", "原因が判明"] },
  { kind: "fix", words: ["fixed", "fix", "fixes", "hotfix", "patched", "patch", "修复", "修正", "补丁", "修正した", "修正済"] },
  { kind: "evidence", words: ["found", "the dump shows", "shows", "showed", "confirmed", "confirms", "evidence", "发现", "确认", "证实", "表明", "显示", "判明", "確認"] },
  { kind: "decision", words: ["ruled out", "rule out", "rules out", "decided", "decide", "decision", "we will", "排除", "决定", "决策", "除外", "決定"] },
  { kind: "hypothesis", words: ["suspect", "suspected", "suspects", "hypothesis", "maybe", "might be", "possibly", "probably", "怀疑", "推测", "猜测", "假设", "疑似", "可能是", "疑い", "推測"] },
  { kind: "action", words: ["tried", "try", "ran", "restarted", "rolled back", "rollback", "尝试", "开始排查", "执行", "重启", "回滚", "試し", "実行"] },
];

/** Order of strength: the first kind with a cue present wins. */
const STRENGTH: EntryKind[] = ["root-cause", "fix", "evidence", "decision", "hypothesis", "action"];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const MATCHERS = CUES.map((cue) => ({
  kind: cue.kind,
  words: cue.words.map((word) => ({
    word,
    pattern: /^[\x20-\x7e]+$/.test(word) ? new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(word)}(?![\\p{L}\\p{N}])`, "iu") : new RegExp(escapeRegExp(word), "u"),
  })),
}));

function strongestCue(text: string): { kind: EntryKind; cue: string } | null {
  for (const kind of STRENGTH) {
    const matcher = MATCHERS.find((m) => m.kind === kind)!;
    const hit = matcher.words.find(({ pattern }) => pattern.test(text));
    if (hit) return { kind, cue: hit.word };
  }
  return null;
}

export interface KindGuess {
  kind: EntryKind;
  /** The cue word that decided, or null when nothing matched and the default applies. */
  cue: string | null;
}

/** Title cues first, then body cues; "observation" when neither says anything. */
export function guessEntryKind(title: string, body: string): KindGuess {
  return strongestCue(title) ?? strongestCue(body) ?? { kind: "observation", cue: null };
}
