import { hiddenIncidentNumbers } from "@/lib/auth/visibility";
import { guardPage } from "@/app/_auth/guard-page";
import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { ENTRY_KIND_LABELS, INCIDENT_STATUS_LABELS, type EntryKind, type IncidentStatus, type Severity } from "@/lib/domain";
import { InvalidInputError } from "@/lib/errors";
import { FACET_NAMES, type FacetName } from "@/lib/search/facets";
import { searchKnowledgeBase, type SearchHit, type SearchResponse } from "@/lib/search/service";
import { IncidentStatusBadge, SeverityBadge } from "../_components/Badges";
import { Highlighted } from "./Highlighted";
import { SearchKeyboard } from "./SearchKeyboard";
import "./search.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Search" };

const PARAMS = ["q", "kind", "status", "severity", "service", "tag", "from", "to", "offset"] as const;
type Params = Partial<Record<(typeof PARAMS)[number], string>>;
const FACET_TITLES: Record<FacetName, string> = { kind: "Kind", status: "Status", severity: "Severity", service: "Service", tag: "Tag", year: "Year" };
const EXAMPLES = ["内存泄漏", '"slot migration"', "migrat*", "jemalloc -valgrind"];

function href(params: Params, changes: Params): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...params, ...changes })) if (value) query.set(name, value);
  return `/search?${query.toString()}`;
}

/** Clicking a facet value filters by it; clicking the active one removes the filter. Years set a date range. */
function facetHref(params: Params, facet: FacetName, value: string, active: boolean): string {
  if (facet === "year") return href(params, active ? { from: "", to: "", offset: "" } : { from: `${value}-01-01`, to: `${value}-12-31`, offset: "" });
  return href(params, { [facet]: active ? "" : value, offset: "" });
}

function facetLabel(facet: FacetName, value: string, result: SearchResponse): string {
  if (facet === "kind") return result.facets.kind.find((item) => item.value === value)?.label ?? value;
  if (facet === "status") return INCIDENT_STATUS_LABELS[value as IncidentStatus] ?? value;
  if (facet === "severity") return value.toUpperCase();
  return value;
}

/** Hits of one incident share a group; a checklist item or runbook step (no incident) is a group of its own. */
const groupKey = (hit: SearchHit) => (hit.incident ? `incident:${hit.incident.slug}` : `${hit.type}:${hit.id}`);

function groupByIncident(hits: SearchHit[]): SearchHit[][] {
  const groups: SearchHit[][] = [];
  for (const hit of hits) {
    const last = groups.at(-1);
    if (last && groupKey(last[0]) === groupKey(hit)) last.push(hit);
    else groups.push([hit]);
  }
  return groups;
}

const TYPE_LABELS: Record<string, string> = { incident: "Incident", lesson: "Lesson", "checklist-item": "Checklist item", "runbook-step": "Runbook step" };

function hitLabel(hit: SearchHit): string {
  if (hit.type === "entry" && hit.detail in ENTRY_KIND_LABELS) return ENTRY_KIND_LABELS[hit.detail as EntryKind];
  return TYPE_LABELS[hit.type] ?? hit.type;
}

/** The header of a group: the incident, or for a library hit where it comes from. */
function GroupHeader({ hit }: { hit: SearchHit }) {
  const { incident } = hit;
  if (!incident) {
    return (
      <header>
        <Link href={hit.type === "checklist-item" ? "/checklists" : "/runbooks"} className="search-group-title">
          {hit.type === "checklist-item" ? "Checklist library" : "Runbooks"}
        </Link>
        {hit.detail && <span className="muted small">{hit.detail}</span>}
      </header>
    );
  }
  return (
    <header>
      <Link href={`/incidents/${encodeURIComponent(incident.slug)}`} className="search-group-title">
        {incident.title}
      </Link>
      <IncidentStatusBadge status={incident.status as IncidentStatus} />
      <SeverityBadge severity={incident.severity as Severity} />
      <span className="muted small">
        {incident.hits} match{incident.hits === 1 ? "" : "es"}
      </span>
    </header>
  );
}

export default async function SearchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await guardPage("/search");
  const raw = await searchParams;
  const params: Params = {};
  for (const name of PARAMS) if (typeof raw[name] === "string" && raw[name]) params[name] = raw[name] as string;

  let result: SearchResponse | null = null;
  let error: string | null = null;
  if (params.q !== undefined) {
    try {
      const db = await getDb();
      result = await searchKnowledgeBase(db, params, { hiddenIncidents: await hiddenIncidentNumbers(db, viewer) });
    } catch (caught) {
      if (!(caught instanceof InvalidInputError)) throw caught;
      error = caught.message;
    }
  }
  const yearActive = (value: string) => params.from === `${value}-01-01` && params.to === `${value}-12-31`;
  const shownGroups = result ? new Set(result.results.map(groupKey)).size : 0;
  const offset = Number(params.offset ?? 0) || 0;

  return (
    <div className="search-page">
      <div className="page-heading">
        <h1>Search</h1>
        <p className="muted">
          Incidents, timeline entries, lessons, checklist items and runbook steps — Chinese and Japanese are split into words. <kbd>/</kbd> search · <kbd>↑</kbd>{" "}
          <kbd>↓</kbd> move · <kbd>Enter</kbd> open · <kbd>Esc</kbd> back to the box
        </p>
      </div>
      <form method="get" action="/search" className="search-form" role="search" data-testid="search-form">
        <input type="search" name="q" defaultValue={params.q ?? ""} aria-label="Search text" placeholder="内存泄漏, &quot;slot migration&quot;, migrat*" autoFocus data-search-box data-testid="search-q" />
        {(["kind", "status", "severity", "service", "tag"] as const).map((name) => params[name] && <input key={name} type="hidden" name={name} value={params[name]} />)}
        <label className="search-date">
          <span className="field-label">From</span>
          <input type="date" name="from" defaultValue={params.from ?? ""} data-testid="search-from" />
        </label>
        <label className="search-date">
          <span className="field-label">To</span>
          <input type="date" name="to" defaultValue={params.to ?? ""} data-testid="search-to" />
        </label>
        <button type="submit" className="button primary" data-testid="search-submit">
          Search
        </button>
      </form>
      {error && (
        <div className="form-error" role="alert" data-testid="search-error">
          {error}
        </div>
      )}
      {!result && !error && (
        <p className="muted search-examples">
          Try{" "}
          {EXAMPLES.map((example, index) => (
            <span key={example}>
              {index > 0 && ", "}
              <Link href={href({}, { q: example })}>{example}</Link>
            </span>
          ))}
          . Words must all match; <code>a OR b</code> and <code>-word</code> work too.
        </p>
      )}
      {result && (
        <div className="search-layout">
          <aside className="search-facets" aria-label="Filters" data-testid="search-facets">
            {FACET_NAMES.map((facet) =>
              result.facets[facet].length === 0 ? null : (
                <section key={facet}>
                  <h2>{FACET_TITLES[facet]}</h2>
                  <ul>
                    {result.facets[facet].map(({ value, count }) => {
                      const active = facet === "year" ? yearActive(value) : params[facet as Exclude<FacetName, "year">] === value;
                      return (
                        <li key={value}>
                          <Link href={facetHref(params, facet, value, active)} className={active ? "active" : undefined} aria-current={active ? "true" : undefined} data-testid={`facet-${facet}-${value}`}>
                            <span>{facetLabel(facet, value, result)}</span> <span className="count">{count}</span>
                          </Link>
                        </li>
                      );
                    })}
                  </ul>
                </section>
              ),
            )}
          </aside>
          <section className="search-results" data-testid="search-results">
            <p className="muted" data-testid="search-summary">
              {result.total.toLocaleString("en")}
              {result.totalIsApproximate ? "+" : ""} match{result.total === 1 ? "" : "es"} in {result.totalIncidents.toLocaleString("en")}
              {result.totalIsApproximate ? "+" : ""} incident{result.totalIncidents === 1 ? "" : "s"}
              {result.rankedWindow && ` — best of the newest ${result.rankedWindow.toLocaleString("en")} matches shown first; add words or filters to rank them all`}
            </p>
            {result.total === 0 && (
              <div className="empty-state" data-testid="search-empty">
                <p>Nothing matches. Try fewer words, a prefix such as <code>migrat*</code>, or remove a filter.</p>
              </div>
            )}
            {groupByIncident(result.results).map((hits) => {
              const key = groupKey(hits[0]);
              return (
                <article key={key} className="search-group" data-testid="search-group" data-slug={hits[0].incident?.slug ?? ""} data-type={hits[0].incident ? "incident" : hits[0].type}>
                  <GroupHeader hit={hits[0]} />
                  <ol>
                    {hits.map((hit) => (
                      <li key={`${hit.type}:${hit.id}`}>
                        <a href={hit.url} className="search-hit" data-search-result data-testid="search-hit" data-type={hit.type}>
                          <span className={`badge search-kind ${hit.type === "entry" ? `kind-badge kind-${hit.detail}` : `search-kind-${hit.type}`}`}>{hitLabel(hit)}</span>
                          <span className="search-hit-title">
                            <Highlighted html={hit.titleHtml} />
                          </span>
                          {hit.snippet && (
                            <span className="search-snippet">
                              <Highlighted html={hit.snippet} />
                            </span>
                          )}
                        </a>
                      </li>
                    ))}
                  </ol>
                </article>
              );
            })}
            {(offset > 0 || offset + shownGroups < result.totalGroups) && (
              <nav className="search-pager" aria-label="More results">
                {offset > 0 && <Link href={href(params, { offset: String(Math.max(0, offset - result.limit)) })}>← Previous results</Link>}
                {offset + shownGroups < result.totalGroups && shownGroups > 0 && (
                  <Link href={href(params, { offset: String(offset + result.limit) })} data-testid="search-next">
                    Next results →
                  </Link>
                )}
              </nav>
            )}
          </section>
        </div>
      )}
      <SearchKeyboard />
    </div>
  );
}
