using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceRecovery.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class StoredResolution : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_Dashboard",
                table: "Cases");

            migrationBuilder.AddColumn<string>(
                name: "ResolvedDimension",
                table: "Cases",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResolvedOutcome",
                table: "Cases",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResolvedRootCause",
                table: "Cases",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            // Back-fill from the standing resolution: the case's last one, unless it was reopened (as RecoveryCase.Refresh does).
            migrationBuilder.Sql("""
                UPDATE "Cases" SET
                    "ResolvedOutcome" = (SELECT r."Outcome" FROM "Resolutions" r WHERE r."RecoveryCaseId" = "Cases"."Id" AND r."ReopenedAt" IS NULL
                        AND r."Id" = (SELECT MAX(l."Id") FROM "Resolutions" l WHERE l."RecoveryCaseId" = "Cases"."Id")),
                    "ResolvedRootCause" = (SELECT r."RootCause" FROM "Resolutions" r WHERE r."RecoveryCaseId" = "Cases"."Id" AND r."ReopenedAt" IS NULL
                        AND r."Id" = (SELECT MAX(l."Id") FROM "Resolutions" l WHERE l."RecoveryCaseId" = "Cases"."Id")),
                    "ResolvedDimension" = (SELECT r."Dimension" FROM "Resolutions" r WHERE r."RecoveryCaseId" = "Cases"."Id" AND r."ReopenedAt" IS NULL
                        AND r."Id" = (SELECT MAX(l."Id") FROM "Resolutions" l WHERE l."RecoveryCaseId" = "Cases"."Id"))
                WHERE NOT "IsOpen";
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Cases_Dashboard",
                table: "Cases",
                columns: new[] { "StoreId", "LoggedAt", "FailureType", "Severity", "Channel", "IsOpen", "ApologisedAt", "FollowedUpAt", "ResolvedOutcome", "ResolvedRootCause", "ResolvedDimension" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_Dashboard",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "ResolvedDimension",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "ResolvedOutcome",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "ResolvedRootCause",
                table: "Cases");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_Dashboard",
                table: "Cases",
                columns: new[] { "StoreId", "LoggedAt", "FailureType", "Severity", "Channel", "IsOpen", "ApologisedAt", "FollowedUpAt" });
        }
    }
}
