import { providerOf, type Db } from "../db/client";
import type { SearchBackend } from "./backend-types";
import { postgresSearchBackend } from "./postgres-backend";
import { sqliteSearchBackend } from "./sqlite-backend";

export type { Candidate, IncidentFacets, MatchCounts, SearchBackend, StoredDocument } from "./backend-types";

/** The implementation for the database a client talks to. */
export function searchBackendFor(db: Db): SearchBackend {
  return providerOf(db) === "postgresql" ? postgresSearchBackend : sqliteSearchBackend;
}
