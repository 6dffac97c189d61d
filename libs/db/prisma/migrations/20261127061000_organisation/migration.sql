-- CreateTable
CREATE TABLE "OrgDistrict" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "seatTownId" TEXT NOT NULL,
    "seatLat" REAL NOT NULL,
    "seatLon" REAL NOT NULL,
    "areaKm2" REAL NOT NULL
);

-- CreateTable
CREATE TABLE "OrgRevision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "revision" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "updatedBy" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "OrgTopDistrictLeader" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "position" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "OrgDistrictLeader" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "linkedTownIds" TEXT NOT NULL,
    "departmentIds" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "OrgTown" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "lat" REAL NOT NULL,
    "lon" REAL NOT NULL,
    "leaderIds" TEXT NOT NULL,
    "triageMemberIds" TEXT NOT NULL,
    "position" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "OrgVillage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "townId" TEXT NOT NULL,
    "secretaryId" TEXT NOT NULL,
    "lat" REAL NOT NULL,
    "lon" REAL NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "OrgVillage_townId_fkey" FOREIGN KEY ("townId") REFERENCES "OrgTown" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OrgCourtyard" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "villageId" TEXT NOT NULL,
    "residentGroup" INTEGER NOT NULL,
    "cadreIds" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "OrgCourtyard_villageId_fkey" FOREIGN KEY ("villageId") REFERENCES "OrgVillage" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OrgDepartment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dutyCategories" TEXT NOT NULL,
    "leaderIds" TEXT NOT NULL,
    "handlerIds" TEXT NOT NULL,
    "position" INTEGER NOT NULL
);

-- CreateIndex
CREATE INDEX "OrgVillage_townId_idx" ON "OrgVillage"("townId");

-- CreateIndex
CREATE INDEX "OrgCourtyard_villageId_idx" ON "OrgCourtyard"("villageId");

