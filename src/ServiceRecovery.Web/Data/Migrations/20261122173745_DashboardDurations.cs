using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceRecovery.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class DashboardDurations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_Dashboard",
                table: "Cases");

            migrationBuilder.AddColumn<long>(
                name: "TimeToApology",
                table: "Cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "TimeToFollowUp",
                table: "Cases",
                type: "INTEGER",
                nullable: true);

            // Back-fill as RecoveryCase.Refresh does: the stored apology / counting follow-up time minus the logging time, in
            // ticks (100 ns), exactly: whole seconds from the text's first 19 characters, plus its fraction (EF writes
            // "yyyy-MM-dd HH:mm:ss.FFFFFFF", trailing zeros trimmed). SQLite's julianday() would round to milliseconds.
            migrationBuilder.Sql("""
                UPDATE "Cases" SET
                    "TimeToApology" = CASE WHEN "ApologisedAt" IS NULL THEN NULL ELSE
                        (CAST(strftime('%s', substr("ApologisedAt", 1, 19)) AS INTEGER) - CAST(strftime('%s', substr("LoggedAt", 1, 19)) AS INTEGER)) * 10000000
                        + CAST(substr(substr("ApologisedAt", 21) || '0000000', 1, 7) AS INTEGER)
                        - CAST(substr(substr("LoggedAt", 21) || '0000000', 1, 7) AS INTEGER) END,
                    "TimeToFollowUp" = CASE WHEN "FollowedUpAt" IS NULL THEN NULL ELSE
                        (CAST(strftime('%s', substr("FollowedUpAt", 1, 19)) AS INTEGER) - CAST(strftime('%s', substr("LoggedAt", 1, 19)) AS INTEGER)) * 10000000
                        + CAST(substr(substr("FollowedUpAt", 21) || '0000000', 1, 7) AS INTEGER)
                        - CAST(substr(substr("LoggedAt", 21) || '0000000', 1, 7) AS INTEGER) END
                WHERE "ApologisedAt" IS NOT NULL OR "FollowedUpAt" IS NOT NULL;
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Cases_Dashboard",
                table: "Cases",
                columns: new[] { "StoreId", "LoggedAt", "FailureType", "Severity", "Channel", "IsOpen", "TimeToApology", "TimeToFollowUp", "ResolvedOutcome", "ResolvedRootCause", "ResolvedDimension" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_Dashboard",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "TimeToApology",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "TimeToFollowUp",
                table: "Cases");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_Dashboard",
                table: "Cases",
                columns: new[] { "StoreId", "LoggedAt", "FailureType", "Severity", "Channel", "IsOpen", "ApologisedAt", "FollowedUpAt", "ResolvedOutcome", "ResolvedRootCause", "ResolvedDimension" });
        }
    }
}
