using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceRecovery.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class DashboardIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Cases_Dashboard",
                table: "Cases",
                columns: new[] { "StoreId", "LoggedAt", "FailureType", "Severity", "Channel", "IsOpen", "ApologisedAt", "FollowedUpAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_Dashboard",
                table: "Cases");
        }
    }
}
