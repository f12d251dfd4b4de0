-- CreateTable
CREATE TABLE "TriageSession" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "runbook" TEXT NOT NULL,
    "facts" TEXT NOT NULL DEFAULT '{}',
    "stepsHash" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "TriageSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TriageStepOutcome" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "entryId" TEXT,
    "hypothesisEntryId" TEXT,
    "hypothesisCreated" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "TriageStepOutcome_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TriageSession_incidentId_status_idx" ON "TriageSession"("incidentId", "status");

-- CreateIndex
CREATE INDEX "TriageStepOutcome_entryId_idx" ON "TriageStepOutcome"("entryId");

-- CreateIndex
CREATE UNIQUE INDEX "TriageStepOutcome_sessionId_position_key" ON "TriageStepOutcome"("sessionId", "position");

-- AddForeignKey
ALTER TABLE "TriageSession" ADD CONSTRAINT "TriageSession_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TriageStepOutcome" ADD CONSTRAINT "TriageStepOutcome_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "TriageSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TriageStepOutcome" ADD CONSTRAINT "TriageStepOutcome_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "TimelineEntry"("id") ON DELETE SET NULL ON UPDATE CASCADE;
