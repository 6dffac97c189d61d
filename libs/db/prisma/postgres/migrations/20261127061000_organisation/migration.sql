-- CreateTable
CREATE TABLE "OrgDistrict" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "seatTownId" TEXT NOT NULL,
    "seatLat" DOUBLE PRECISION NOT NULL,
    "seatLon" DOUBLE PRECISION NOT NULL,
    "areaKm2" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "OrgDistrict_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrgRevision" (
    "id" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT NOT NULL,

    CONSTRAINT "OrgRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrgTopDistrictLeader" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "OrgTopDistrictLeader_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrgDistrictLeader" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "linkedTownIds" TEXT NOT NULL,
    "departmentIds" TEXT NOT NULL,

    CONSTRAINT "OrgDistrictLeader_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrgTown" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "lat" DOUBLE PRECISION NOT NULL,
    "lon" DOUBLE PRECISION NOT NULL,
    "leaderIds" TEXT NOT NULL,
    "triageMemberIds" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "OrgTown_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrgVillage" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "townId" TEXT NOT NULL,
    "secretaryId" TEXT NOT NULL,
    "lat" DOUBLE PRECISION NOT NULL,
    "lon" DOUBLE PRECISION NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "OrgVillage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrgCourtyard" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "villageId" TEXT NOT NULL,
    "residentGroup" INTEGER NOT NULL,
    "cadreIds" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "OrgCourtyard_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrgDepartment" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dutyCategories" TEXT NOT NULL,
    "leaderIds" TEXT NOT NULL,
    "handlerIds" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "OrgDepartment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OrgVillage_townId_idx" ON "OrgVillage"("townId");

-- CreateIndex
CREATE INDEX "OrgCourtyard_villageId_idx" ON "OrgCourtyard"("villageId");

-- AddForeignKey
ALTER TABLE "OrgVillage" ADD CONSTRAINT "OrgVillage_townId_fkey" FOREIGN KEY ("townId") REFERENCES "OrgTown"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrgCourtyard" ADD CONSTRAINT "OrgCourtyard_villageId_fkey" FOREIGN KEY ("villageId") REFERENCES "OrgVillage"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

