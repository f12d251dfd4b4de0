import type { ActionItemStatus } from "../domain/action-item";

export const ACTION_STATUS_LABELS: Record<ActionItemStatus, string> = {
  open: "Open",
  "in-progress": "In progress",
  done: "Done",
  "wont-do": "Won't do",
};
