-- CreateTable
CREATE TABLE "TriageSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "incidentId" TEXT NOT NULL,
    "runbook" TEXT NOT NULL,
    "facts" TEXT NOT NULL DEFAULT '{}',
    "stepsHash" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "endedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "TriageSession_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TriageStepOutcome" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "stepId" TEXT NOT NULL,
    "stepTitle" TEXT NOT NULL,
    "outcomeId" TEXT,
    "outcomeLabel" TEXT NOT NULL DEFAULT '',
    "skipped" BOOLEAN NOT NULL DEFAULT false,
    "reason" TEXT NOT NULL DEFAULT '',
    "note" TEXT NOT NULL DEFAULT '',
    "nextStepId" TEXT,
    "author" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "entryId" TEXT,
    "hypothesisEntryId" TEXT,
    "hypothesisCreated" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "TriageStepOutcome_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "TriageSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TriageStepOutcome_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "TimelineEntry" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "TriageSession_incidentId_status_idx" ON "TriageSession"("incidentId", "status");

-- CreateIndex
CREATE INDEX "TriageStepOutcome_entryId_idx" ON "TriageStepOutcome"("entryId");

-- CreateIndex
CREATE UNIQUE INDEX "TriageStepOutcome_sessionId_position_key" ON "TriageStepOutcome"("sessionId", "position");
