-- Recurring scans (schedules and their claimed fires), alert rules, notifiers, and the delivery outbox.
CREATE TYPE "FireStatus" AS ENUM ('STARTED', 'SKIPPED', 'FAILED');
CREATE TYPE "NotifierType" AS ENUM ('SLACK', 'EMAIL', 'PAGERDUTY', 'TEAMS', 'WEBHOOK');
CREATE TYPE "AlertEvent" AS ENUM ('MANUAL_COMPLETED', 'MANUAL_FAILURES', 'SCHEDULED_COMPLETED', 'SCHEDULED_FAILURES');
CREATE TYPE "Severity" AS ENUM ('CRITICAL', 'WARNING', 'INFO');
CREATE TYPE "DeliveryStatus" AS ENUM ('PENDING', 'SENDING', 'DELIVERED', 'FAILED');

CREATE TABLE "Schedule" (
    "id" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "profileId" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "retention" INTEGER NOT NULL DEFAULT 24,
    "allowShortInterval" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Schedule_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Schedule_clusterId_key" ON "Schedule"("clusterId");
ALTER TABLE "Schedule" ADD CONSTRAINT "Schedule_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "ScheduleFire" (
    "id" TEXT NOT NULL,
    "scheduleId" TEXT NOT NULL,
    "fireAt" TIMESTAMP(3) NOT NULL,
    "status" "FireStatus" NOT NULL,
    "reason" TEXT,
    "scanId" TEXT,
    "missed" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ScheduleFire_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ScheduleFire_scheduleId_fireAt_key" ON "ScheduleFire"("scheduleId", "fireAt");
CREATE INDEX "ScheduleFire_scheduleId_createdAt_idx" ON "ScheduleFire"("scheduleId", "createdAt");
ALTER TABLE "ScheduleFire" ADD CONSTRAINT "ScheduleFire_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "Notifier" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" "NotifierType" NOT NULL,
    "config" JSONB NOT NULL,
    "secretsEnc" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Notifier_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Notifier_name_key" ON "Notifier"("name");

CREATE TABLE "AlertRule" (
    "id" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "event" "AlertEvent" NOT NULL,
    "severity" "Severity" NOT NULL DEFAULT 'WARNING',
    "active" BOOLEAN NOT NULL DEFAULT false,
    "builtIn" BOOLEAN NOT NULL DEFAULT false,
    "minIntervalSeconds" INTEGER,
    "lastNotifiedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "AlertRule_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "AlertRule_clusterId_idx" ON "AlertRule"("clusterId");
-- The four built-in rules exist once per cluster.
CREATE UNIQUE INDEX "AlertRule_builtin_per_cluster" ON "AlertRule"("clusterId", "event") WHERE "builtIn";
ALTER TABLE "AlertRule" ADD CONSTRAINT "AlertRule_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "AlertNotifier" (
    "ruleId" TEXT NOT NULL,
    "notifierId" TEXT NOT NULL,
    CONSTRAINT "AlertNotifier_pkey" PRIMARY KEY ("ruleId", "notifierId")
);
ALTER TABLE "AlertNotifier" ADD CONSTRAINT "AlertNotifier_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "AlertRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "AlertNotifier" ADD CONSTRAINT "AlertNotifier_notifierId_fkey" FOREIGN KEY ("notifierId") REFERENCES "Notifier"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "Delivery" (
    "id" TEXT NOT NULL,
    "notifierId" TEXT NOT NULL,
    "ruleId" TEXT,
    "clusterId" TEXT,
    "scanId" TEXT,
    "message" JSONB NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),
    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "Delivery_status_nextAttemptAt_idx" ON "Delivery"("status", "nextAttemptAt");
CREATE INDEX "Delivery_clusterId_createdAt_idx" ON "Delivery"("clusterId", "createdAt");
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_notifierId_fkey" FOREIGN KEY ("notifierId") REFERENCES "Notifier"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "AlertRule"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE "DeliveryAttempt" (
    "id" TEXT NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ok" BOOLEAN NOT NULL,
    "statusCode" INTEGER,
    "error" TEXT,
    "durationMs" INTEGER NOT NULL,
    CONSTRAINT "DeliveryAttempt_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "DeliveryAttempt_deliveryId_idx" ON "DeliveryAttempt"("deliveryId");
ALTER TABLE "DeliveryAttempt" ADD CONSTRAINT "DeliveryAttempt_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "Delivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;
