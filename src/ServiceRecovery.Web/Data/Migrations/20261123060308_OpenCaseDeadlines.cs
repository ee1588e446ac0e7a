using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceRecovery.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class OpenCaseDeadlines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "OverdueAfter",
                table: "Cases",
                type: "INTEGER",
                nullable: true);

            // Back-fill as RecoveryCase.Refresh does (decision 0052), for open cases only: the earliest pending target at the
            // case's store (its own value, else the chain's, else the chain default), in ticks from the stored text time, as the
            // QueueDeadlines migration; a card complaint's apology is due at its follow-up target (decision 0047). Before the
            // index, so it is built once. The open cases' rollup rows are written at start-up (DashboardRollup.RebuildIfMissingAsync).
            migrationBuilder.Sql("""
                UPDATE "Cases" SET "OverdueAfter" = (
                    SELECT CASE
                        WHEN "Cases"."ApologisedAt" IS NULL AND "Cases"."FollowedUpAt" IS NULL THEN t.logged + min(t.apology, t.followUp)
                        WHEN "Cases"."ApologisedAt" IS NULL THEN t.logged + t.apology
                        WHEN "Cases"."FollowedUpAt" IS NULL THEN t.logged + t.followUp
                    END
                    FROM (SELECT
                        (CAST(strftime('%s', substr("Cases"."LoggedAt", 1, 19)) AS INTEGER) + 62135596800) * 10000000
                            + CAST(substr(substr("Cases"."LoggedAt", 21) || '0000000', 1, 7) AS INTEGER) AS logged,
                        CASE WHEN "Cases"."Channel" = 'FeedbackCard'
                            THEN CASE WHEN "Cases"."Severity" = 'Major' THEN COALESCE(s."HoursToFollowUpMajor", c."HoursToFollowUpMajor", 4)
                                ELSE COALESCE(s."HoursToFollowUp", c."HoursToFollowUp", 24) END * 36000000000
                            ELSE COALESCE(s."MinutesToApology", c."MinutesToApology", 5) * 600000000 END AS apology,
                        CASE WHEN "Cases"."Severity" = 'Major' THEN COALESCE(s."HoursToFollowUpMajor", c."HoursToFollowUpMajor", 4)
                            ELSE COALESCE(s."HoursToFollowUp", c."HoursToFollowUp", 24) END * 36000000000 AS followUp
                        FROM (SELECT 1) AS one
                        LEFT JOIN "Targets" AS s ON s."StoreId" = "Cases"."StoreId"
                        LEFT JOIN "Targets" AS c ON c."StoreId" IS NULL) AS t)
                WHERE "IsOpen";
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Cases_OpenDeadlines",
                table: "Cases",
                columns: new[] { "StoreId", "OverdueAfter", "FailureType", "Severity", "AwaitsApproval", "ApologisedAt", "FollowedUpAt", "IsOpen" },
                filter: "\"IsOpen\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_OpenDeadlines",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "OverdueAfter",
                table: "Cases");
        }
    }
}
