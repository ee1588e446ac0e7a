using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceRecovery.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class QueueDeadlines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Priority",
                table: "Cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: 3);

            migrationBuilder.AddColumn<long>(
                name: "UrgentAfter",
                table: "Cases",
                type: "INTEGER",
                nullable: true);

            // Back-fill as RecoveryCase.Refresh does (decision 0035). Priority: major 1, moderate 2, minor 3 (the default), so
            // only non-minor rows are written. UrgentAfter, for open cases only: 0 while an approval waits, else the earliest
            // pending target at the case's store (its own value, else the chain's, else the chain default), in ticks
            // computed exactly from the stored text time (whole seconds plus the trimmed fraction), as DashboardDurations does.
            migrationBuilder.Sql("""
                UPDATE "Cases" SET "Priority" = CASE "Severity" WHEN 'Major' THEN 1 ELSE 2 END
                WHERE "Severity" IN ('Major', 'Moderate');
                """);
            migrationBuilder.Sql("""
                UPDATE "Cases" SET "UrgentAfter" = (
                    SELECT CASE
                        WHEN "Cases"."AwaitsApproval" THEN 0
                        WHEN "Cases"."ApologisedAt" IS NULL AND "Cases"."FollowedUpAt" IS NULL THEN t.logged + min(t.apology, t.followUp)
                        WHEN "Cases"."ApologisedAt" IS NULL THEN t.logged + t.apology
                        WHEN "Cases"."FollowedUpAt" IS NULL THEN t.logged + t.followUp
                    END
                    FROM (SELECT
                        (CAST(strftime('%s', substr("Cases"."LoggedAt", 1, 19)) AS INTEGER) + 62135596800) * 10000000
                            + CAST(substr(substr("Cases"."LoggedAt", 21) || '0000000', 1, 7) AS INTEGER) AS logged,
                        COALESCE(s."MinutesToApology", c."MinutesToApology", 5) * 600000000 AS apology,
                        CASE WHEN "Cases"."Severity" = 'Major' THEN COALESCE(s."HoursToFollowUpMajor", c."HoursToFollowUpMajor", 4)
                            ELSE COALESCE(s."HoursToFollowUp", c."HoursToFollowUp", 24) END * 36000000000 AS followUp
                        FROM (SELECT 1) AS one
                        LEFT JOIN "Targets" AS s ON s."StoreId" = "Cases"."StoreId"
                        LEFT JOIN "Targets" AS c ON c."StoreId" IS NULL) AS t)
                WHERE "IsOpen";
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Cases_QueueOrder",
                table: "Cases",
                columns: new[] { "Priority", "LoggedAt", "Id", "UrgentAfter", "StoreId", "FailureType", "Severity", "AwaitsApproval", "ApologisedAt", "FollowedUpAt", "IsOpen" },
                filter: "\"IsOpen\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_QueueOrder",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "Priority",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "UrgentAfter",
                table: "Cases");
        }
    }
}
