"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False while the server renders (and during hydration), true in the browser afterwards. Long
 * choice lists in forms that only work with JavaScript anyway (hundreds of entries as <option>s)
 * are left out of the server's HTML with it: they cost every page view and help no one before the
 * form can be used.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
