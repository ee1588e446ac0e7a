using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceRecovery.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class OpenRecoveriesQueue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ApologisedAt",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "AwaitsApproval",
                table: "Cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "FollowedUpAt",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsOpen",
                table: "Cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // Existing cases get the same values RecoveryCase.Refresh would have written (decision 0014).
            migrationBuilder.Sql("""
                UPDATE "Cases" SET
                    "ApologisedAt" = "ApologyAt",
                    "IsOpen" = CASE WHEN EXISTS (SELECT 1 FROM "Resolutions" r WHERE r."RecoveryCaseId" = "Cases"."Id" AND r."ReopenedAt" IS NULL) THEN 0 ELSE 1 END,
                    "AwaitsApproval" = CASE WHEN EXISTS (SELECT 1 FROM "Compensations" x WHERE x."RecoveryCaseId" = "Cases"."Id" AND x."Approval" = 'Pending') THEN 1 ELSE 0 END,
                    "FollowedUpAt" = (SELECT MAX(f."At") FROM "FollowUps" f WHERE f."RecoveryCaseId" = "Cases"."Id"
                        AND f."At" > COALESCE((SELECT r."ReopenedAt" FROM "Resolutions" r WHERE r."RecoveryCaseId" = "Cases"."Id" ORDER BY r."Id" DESC LIMIT 1), ''));
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Cases_OpenQueue",
                table: "Cases",
                columns: new[] { "StoreId", "LoggedAt", "Severity", "FailureType", "AwaitsApproval", "ApologisedAt", "FollowedUpAt", "IsOpen" },
                filter: "\"IsOpen\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_OpenQueue",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "ApologisedAt",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "AwaitsApproval",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "FollowedUpAt",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "IsOpen",
                table: "Cases");
        }
    }
}
