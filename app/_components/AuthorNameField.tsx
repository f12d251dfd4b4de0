"use client";

import { useSyncExternalStore } from "react";
import { AUTHOR_STORAGE_KEY } from "./api-client";

const listeners = new Set<() => void>();
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
const readName = () => {
  try {
    return window.localStorage.getItem(AUTHOR_STORAGE_KEY) ?? "";
  } catch {
    return "";
  }
};

/** "Your name": kept in this browser and sent with every change so revisions say who made it. */
export function AuthorNameField() {
  const name = useSyncExternalStore(subscribe, readName, () => "");
  return (
    <label className="author-field">
      <span>Your name</span>
      <input
        value={name}
        maxLength={120}
        title="Recorded in the revision history"
        placeholder="for the history"
        data-testid="author-name"
        onChange={(event) => {
          const value = event.target.value.replace(/[\u0000-\u001f\u007f]/g, "");
          try {
            window.localStorage.setItem(AUTHOR_STORAGE_KEY, value);
          } catch {
            // Storage can be disabled; the name then lasts only as long as this field.
          }
          listeners.forEach((listener) => listener());
        }}
      />
    </label>
  );
}
