-- Scans, per-node outcomes, check definitions, per-check-per-node results and the per-check report.
CREATE TYPE "ScanState" AS ENUM ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED');
CREATE TYPE "ScanTrigger" AS ENUM ('MANUAL', 'SCHEDULED', 'IMPORTED');
CREATE TYPE "NodeScanState" AS ENUM ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'NOT_SCANNED', 'CANCELLED');
CREATE TYPE "ResultStatus" AS ENUM ('PASS', 'FAIL', 'WARN', 'INFO');
CREATE TYPE "CheckState" AS ENUM ('FAIL', 'MIXED', 'WARN', 'PASS', 'SKIP', 'NOT_APPLICABLE');

CREATE TABLE "Profile" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "benchmarkId" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "skips" JSONB NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Profile_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Profile_name_key" ON "Profile"("name");

CREATE TABLE "Scan" (
    "id" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "profileId" TEXT NOT NULL,
    "profileName" TEXT NOT NULL,
    "benchmarkId" TEXT NOT NULL,
    "trigger" "ScanTrigger" NOT NULL,
    "state" "ScanState" NOT NULL DEFAULT 'PENDING',
    "requestedById" TEXT,
    "scheduleId" TEXT,
    "skips" JSONB NOT NULL DEFAULT '[]',
    "warnings" JSONB NOT NULL DEFAULT '[]',
    "image" TEXT,
    "timeoutSeconds" INTEGER NOT NULL DEFAULT 1800,
    "deadlineAt" TIMESTAMP(3),
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "error" TEXT,
    "nodesTotal" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "pass" INTEGER NOT NULL DEFAULT 0,
    "fail" INTEGER NOT NULL DEFAULT 0,
    "mixed" INTEGER NOT NULL DEFAULT 0,
    "warn" INTEGER NOT NULL DEFAULT 0,
    "skip" INTEGER NOT NULL DEFAULT 0,
    "notApplicable" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    CONSTRAINT "Scan_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "Scan_clusterId_createdAt_idx" ON "Scan"("clusterId", "createdAt");
CREATE INDEX "Scan_state_leaseUntil_idx" ON "Scan"("state", "leaseUntil");
-- One scan at a time per cluster: a second concurrent start violates this index (reported as 409).
CREATE UNIQUE INDEX "Scan_one_active_per_cluster" ON "Scan"("clusterId") WHERE "state" IN ('PENDING', 'RUNNING');
ALTER TABLE "Scan" ADD CONSTRAINT "Scan_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Scan" ADD CONSTRAINT "Scan_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE "ScanNode" (
    "id" SERIAL NOT NULL,
    "scanId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "roles" TEXT[],
    "os" TEXT NOT NULL DEFAULT 'linux',
    "targets" TEXT[],
    "state" "NodeScanState" NOT NULL DEFAULT 'PENDING',
    "reason" TEXT,
    "jobName" TEXT,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    CONSTRAINT "ScanNode_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ScanNode_scanId_name_key" ON "ScanNode"("scanId", "name");
CREATE INDEX "ScanNode_scanId_state_idx" ON "ScanNode"("scanId", "state");
ALTER TABLE "ScanNode" ADD CONSTRAINT "ScanNode_scanId_fkey" FOREIGN KEY ("scanId") REFERENCES "Scan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "CheckDefinition" (
    "id" SERIAL NOT NULL,
    "benchmarkId" TEXT NOT NULL,
    "checkId" TEXT NOT NULL,
    "nodeTypes" TEXT[],
    "description" TEXT NOT NULL,
    "remediation" TEXT NOT NULL,
    "scored" BOOLEAN NOT NULL,
    "type" TEXT NOT NULL DEFAULT '',
    "section" TEXT NOT NULL DEFAULT '',
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "CheckDefinition_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "CheckDefinition_benchmarkId_checkId_key" ON "CheckDefinition"("benchmarkId", "checkId");

-- About 5,000 nodes x 130 checks per large scan: narrow rows, a composite key that serves the report's
-- per-check node lists, written in batches.
CREATE TABLE "CheckResult" (
    "scanId" TEXT NOT NULL,
    "checkDefId" INTEGER NOT NULL,
    "nodeId" INTEGER NOT NULL,
    "status" "ResultStatus" NOT NULL,
    "actualValue" TEXT,
    CONSTRAINT "CheckResult_pkey" PRIMARY KEY ("scanId", "checkDefId", "nodeId")
);
ALTER TABLE "CheckResult" ADD CONSTRAINT "CheckResult_scanId_fkey" FOREIGN KEY ("scanId") REFERENCES "Scan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "ScanCheck" (
    "scanId" TEXT NOT NULL,
    "checkDefId" INTEGER NOT NULL,
    "state" "CheckState" NOT NULL,
    "reason" TEXT,
    "skipSource" TEXT,
    "nodesCount" INTEGER NOT NULL,
    "passedCount" INTEGER NOT NULL,
    "failedCount" INTEGER NOT NULL,
    "sortKey" TEXT NOT NULL,
    CONSTRAINT "ScanCheck_pkey" PRIMARY KEY ("scanId", "checkDefId")
);
CREATE INDEX "ScanCheck_scanId_state_sortKey_idx" ON "ScanCheck"("scanId", "state", "sortKey");
ALTER TABLE "ScanCheck" ADD CONSTRAINT "ScanCheck_scanId_fkey" FOREIGN KEY ("scanId") REFERENCES "Scan"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ScanCheck" ADD CONSTRAINT "ScanCheck_checkDefId_fkey" FOREIGN KEY ("checkDefId") REFERENCES "CheckDefinition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
