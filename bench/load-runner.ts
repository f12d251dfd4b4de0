// Concurrent-client workload used by bench/load.ts and the fault tests: clients add timeline entries to
// a few shared incidents, edit the incident with its last-read version (a stale version → an expected
// 409) and read pages, until a deadline. Every 201 is recorded so the caller can prove nothing
// acknowledged was lost.

export interface LoadOptions {
  baseUrl: string;
  slugs: string[];
  clients: number;
  durationMs: number;
  headers?: Record<string, string>;
  /** Share of operations that are writes (entries and incident edits), 0..1. */
  writeShare?: number;
  /** Called after every acknowledged entry, e.g. to kill the server mid-burst. */
  onAcknowledged?: (count: number) => void;
  /** Ends the run early once it returns true (checked before every operation). */
  stop?: () => boolean;
}

export interface AcknowledgedEntry {
  slug: string;
  key: string;
  title: string;
}

export interface LoadResult {
  durationMs: number;
  reads: number[];
  writes: number[];
  acknowledged: AcknowledgedEntry[];
  /** "409 PATCH incident", "500 POST entry", "network POST entry", … → count. */
  outcomes: Map<string, number>;
  /** Responses that are neither success nor an expected 409. */
  errors: number;
}

const READ_PATHS = (slug: string) => [`/incidents/${slug}`, `/api/v1/incidents/${slug}`, `/incidents`, `/search?q=load`, `/api/v1/incidents/${slug}/entries`];

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const started = performance.now();
  const deadline = started + options.durationMs;
  const writeShare = options.writeShare ?? 0.5;
  const result: LoadResult = { durationMs: 0, reads: [], writes: [], acknowledged: [], outcomes: new Map(), errors: 0 };
  const count = (label: string, expected: boolean) => {
    result.outcomes.set(label, (result.outcomes.get(label) ?? 0) + 1);
    if (!expected) result.errors += 1;
  };
  const versions = new Map<string, number>();

  async function timed(kind: "read" | "write", label: string, url: string, init: RequestInit = {}): Promise<Response | null> {
    const t0 = performance.now();
    try {
      const response = await fetch(url, { ...init, headers: { ...options.headers, ...(init.headers as Record<string, string>) } });
      const body = await response.text();
      (kind === "read" ? result.reads : result.writes).push(performance.now() - t0);
      return new Response(body, { status: response.status, headers: response.headers });
    } catch (error) {
      count(`network ${label}: ${(error as Error).message}`, false);
      return null;
    }
  }

  async function client(index: number): Promise<void> {
    let sequence = 0;
    let random = index * 7919 + 17; // deterministic per client, so runs are comparable
    const next = () => (random = (random * 48271) % 2147483647) / 2147483647;
    while (performance.now() < deadline && !options.stop?.()) {
      const slug = options.slugs[Math.floor(next() * options.slugs.length)];
      const roll = next();
      if (roll < writeShare * 0.85) {
        sequence += 1;
        // Every fifth entry shares its title with other clients' entries: keys come from titles, so
        // concurrent writers race for the same key and the server must still give each entry its own.
        const title = sequence % 5 === 0 ? "load shared title 共享" : `load c${index} #${sequence} 负载`;
        const response = await timed("write", "POST entry", `${options.baseUrl}/api/v1/incidents/${slug}/entries`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-casebook-author": `client-${index}` },
          body: JSON.stringify({ at: new Date(Date.UTC(2026, 0, 1, 0, 0, 0) + sequence * 1000 + index).toISOString(), kind: "note", title, body: `Written by client ${index}, step ${sequence}.` }),
        });
        if (!response) continue;
        if (response.status === 201) {
          const entry = (await response.json()) as { key: string };
          result.acknowledged.push({ slug, key: entry.key, title });
          count("201 POST entry", true);
          options.onAcknowledged?.(result.acknowledged.length);
        } else count(`${response.status} POST entry`, false);
      } else if (roll < writeShare) {
        // Edit with the version this client saw last: other clients' writes make it stale → 409.
        let version = versions.get(slug);
        if (version === undefined) {
          const current = await timed("read", "GET incident", `${options.baseUrl}/api/v1/incidents/${slug}`);
          if (!current || current.status !== 200) {
            if (current) count(`${current.status} GET incident`, false);
            continue;
          }
          version = ((await current.json()) as { incident: { version: number } }).incident.version;
        }
        const response = await timed("write", "PATCH incident", `${options.baseUrl}/api/v1/incidents/${slug}`, {
          method: "PATCH",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ version, impact: `Edited by client ${index} at step ${sequence}.` }),
        });
        if (!response) continue;
        if (response.status === 200) {
          versions.set(slug, ((await response.json()) as { version: number }).version);
          count("200 PATCH incident", true);
        } else if (response.status === 409) {
          versions.delete(slug);
          count("409 PATCH incident", true);
        } else count(`${response.status} PATCH incident`, false);
      } else {
        const paths = READ_PATHS(slug);
        const target = paths[Math.floor(next() * paths.length)];
        const response = await timed("read", `GET ${target}`, `${options.baseUrl}${target}`);
        if (response) count(`${response.status} GET ${target.replace(slug, ":slug")}`, response.status === 200);
      }
    }
  }

  await Promise.all(Array.from({ length: options.clients }, (_, index) => client(index)));
  result.durationMs = performance.now() - started;
  return result;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Stored entries of the given incidents, as "slug/key". */
export async function storedEntryKeys(baseUrl: string, slugs: string[], headers: Record<string, string> = {}): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const slug of slugs) {
    const response = await fetch(`${baseUrl}/api/v1/incidents/${slug}/entries`, { headers });
    if (!response.ok) throw new Error(`GET entries of ${slug} → ${response.status}`);
    for (const entry of ((await response.json()) as { entries: { key: string }[] }).entries) keys.add(`${slug}/${entry.key}`);
  }
  return keys;
}

/** Creates `count` empty incidents for the workload and returns their slugs. */
export async function createLoadIncidents(baseUrl: string, count: number, label: string, headers: Record<string, string> = {}): Promise<string[]> {
  const slugs: string[] = [];
  for (let i = 0; i < count; i++) {
    const slug = `${label}-${i}`;
    const response = await fetch(`${baseUrl}/api/v1/incidents`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ slug, title: `Load target ${i} (${label})`, summary: "Shared by all load clients.", startedAt: "2026-01-01T00:00:00.000Z" }),
    });
    if (response.status !== 201) throw new Error(`creating ${slug} → ${response.status} ${await response.text()}`);
    slugs.push(slug);
  }
  return slugs;
}
