"use client";

import { useEffect } from "react";

/**
 * Links from elsewhere (search results, "attached as evidence", the CLI) point at `#entry-…` on the
 * incident page. When the timeline shows only its start and end and that entry is in the hidden
 * middle, the page is opened again with the whole timeline at the same anchor.
 */
export function HiddenEntryAnchors({ fullTimelineHref }: { fullTimelineHref: string }) {
  useEffect(() => {
    const reveal = () => {
      const hash = window.location.hash;
      if (!hash.startsWith("#entry-")) return;
      if (document.getElementById(decodeURIComponent(hash.slice(1)))) return;
      window.location.replace(`${fullTimelineHref}${hash}`);
    };
    reveal();
    window.addEventListener("hashchange", reveal);
    return () => window.removeEventListener("hashchange", reveal);
  }, [fullTimelineHref]);
  return null;
}
