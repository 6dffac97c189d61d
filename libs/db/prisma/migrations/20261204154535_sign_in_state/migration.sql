-- CreateTable
CREATE TABLE "NotificationStreamTicket" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "actor" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "tokenExpiresAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ConsoleSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "method" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "accessToken" TEXT NOT NULL,
    "idToken" TEXT,
    "csrfToken" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "NotificationStreamTicket_expiresAt_idx" ON "NotificationStreamTicket"("expiresAt");

-- CreateIndex
CREATE INDEX "ConsoleSession_expiresAt_idx" ON "ConsoleSession"("expiresAt");

