using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceRecovery.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class CardComplaintDeadlines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_OpenQueue",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_QueueOrder",
                table: "Cases");

            // Open card complaints get the deadline RecoveryCase.Refresh now writes (decision 0047), with the store's targets over
            // the chain's over the defaults, as the QueueDeadlines migration: urgent from the start (0) while an approval waits
            // or a major one awaits its first contact; else the apology (due with the contact) and the follow-up are both due
            // at the follow-up target. Done between dropping and re-creating the indexes, so they are built once.
            migrationBuilder.Sql("""
                UPDATE "Cases" SET "UrgentAfter" = (
                    SELECT CASE
                        WHEN "Cases"."AwaitsApproval" THEN 0
                        WHEN "Cases"."Severity" = 'Major' AND "Cases"."ApologisedAt" IS NULL AND "Cases"."FollowedUpAt" IS NULL THEN 0
                        WHEN "Cases"."ApologisedAt" IS NULL OR "Cases"."FollowedUpAt" IS NULL THEN t.logged + t.followUp
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
                WHERE "IsOpen" AND "Channel" = 'FeedbackCard';
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Cases_OpenQueue",
                table: "Cases",
                columns: new[] { "StoreId", "LoggedAt", "Severity", "FailureType", "AwaitsApproval", "ApologisedAt", "FollowedUpAt", "IsOpen", "Channel" },
                filter: "\"IsOpen\"");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_QueueOrder",
                table: "Cases",
                columns: new[] { "Priority", "LoggedAt", "Id", "UrgentAfter", "StoreId", "FailureType", "Severity", "AwaitsApproval", "ApologisedAt", "FollowedUpAt", "IsOpen", "Channel" },
                filter: "\"IsOpen\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_OpenQueue",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_QueueOrder",
                table: "Cases");

            // Card complaints back to the counter's rule (the apology within minutes), as the QueueDeadlines migration wrote it.
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
                WHERE "IsOpen" AND "Channel" = 'FeedbackCard';
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Cases_OpenQueue",
                table: "Cases",
                columns: new[] { "StoreId", "LoggedAt", "Severity", "FailureType", "AwaitsApproval", "ApologisedAt", "FollowedUpAt", "IsOpen" },
                filter: "\"IsOpen\"");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_QueueOrder",
                table: "Cases",
                columns: new[] { "Priority", "LoggedAt", "Id", "UrgentAfter", "StoreId", "FailureType", "Severity", "AwaitsApproval", "ApologisedAt", "FollowedUpAt", "IsOpen" },
                filter: "\"IsOpen\"");
        }
    }
}
