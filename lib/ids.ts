import { randomBytes } from "node:crypto";

let lastTime = 0;
let counter = 0;

/**
 * Ids that sort in creation order (time, then a per-process counter, then randomness), so history
 * tables can be ordered by id even when several rows share a millisecond.
 */
export function monotonicId(now = Date.now()): string {
  if (now <= lastTime) {
    counter++;
  } else {
    lastTime = now;
    counter = 0;
  }
  return `${lastTime.toString(36).padStart(9, "0")}${counter.toString(36).padStart(4, "0")}${randomBytes(6).toString("hex")}`;
}
