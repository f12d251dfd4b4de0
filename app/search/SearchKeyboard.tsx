"use client";

import { useEffect } from "react";

/**
 * Keyboard use of the search page: "/" jumps to the search box, ↓/↑ (or j/k outside text fields) move
 * through the results, Enter opens one (they are links), Escape goes back to the box.
 */
export function SearchKeyboard() {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const box = document.querySelector<HTMLInputElement>("[data-search-box]");
      const results = [...document.querySelectorAll<HTMLAnchorElement>("[data-search-result]")];
      const target = event.target instanceof HTMLElement ? event.target : null;
      const typing = Boolean(target?.closest("input, textarea, select, [contenteditable='true']"));
      const current = results.indexOf(document.activeElement as HTMLAnchorElement);
      const move = (index: number) => {
        event.preventDefault();
        if (index < 0) box?.focus();
        else results[Math.min(index, results.length - 1)]?.focus();
      };
      if (event.key === "/" && !typing) {
        event.preventDefault();
        box?.focus();
        box?.select();
      } else if (event.key === "ArrowDown" || (event.key === "j" && !typing)) {
        if (target === box || current >= 0 || !typing) move(current + 1);
      } else if (event.key === "ArrowUp" || (event.key === "k" && !typing)) {
        if (current >= 0) move(current - 1);
      } else if (event.key === "Escape" && current >= 0) {
        move(-1);
      }
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);
  return null;
}
