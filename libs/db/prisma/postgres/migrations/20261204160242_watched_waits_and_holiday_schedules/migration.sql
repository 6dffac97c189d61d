-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "escalationUnseen" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "openInstructions" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "pendingPause" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "provisionalDeadlines" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "HolidaySchedule" (
    "year" INTEGER NOT NULL,
    "revision" INTEGER NOT NULL,
    "schedule" TEXT NOT NULL,
    "loadedBy" TEXT NOT NULL,
    "loadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HolidaySchedule_pkey" PRIMARY KEY ("year","revision")
);

