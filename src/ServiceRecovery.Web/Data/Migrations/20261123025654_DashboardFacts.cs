using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceRecovery.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class DashboardFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DashboardWeeks");

            migrationBuilder.AddColumn<int>(
                name: "LoggedWeek",
                table: "Cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "DashboardFacts",
                columns: table => new
                {
                    Week = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", maxLength: 32, nullable: false),
                    Value = table.Column<int>(type: "INTEGER", nullable: false),
                    StoreId = table.Column<int>(type: "INTEGER", nullable: false),
                    Cases = table.Column<int>(type: "INTEGER", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DashboardFacts", x => new { x.Week, x.StoreId, x.Kind, x.Value });
                    table.ForeignKey(
                        name: "FK_DashboardFacts_Stores_StoreId",
                        column: x => x.StoreId,
                        principalTable: "Stores",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_WeekApology",
                table: "Cases",
                columns: new[] { "LoggedWeek", "TimeToApology", "StoreId" },
                filter: "\"TimeToApology\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_WeekFollowUp",
                table: "Cases",
                columns: new[] { "LoggedWeek", "TimeToFollowUp", "StoreId" },
                filter: "\"TimeToFollowUp\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_WeekStoreApology",
                table: "Cases",
                columns: new[] { "LoggedWeek", "StoreId", "TimeToApology" },
                filter: "\"TimeToApology\" IS NOT NULL");

            // The same table again, WITHOUT ROWID (EF Core cannot say so), as DashboardWeeks was (decision 0041): the rows live
            // in the primary key's b-tree, so a store's facts of a week are one key range. The table is new and empty here; the
            // cases are counted into it at start-up (DashboardRollup.RebuildIfMissingAsync, decision 0049).
            migrationBuilder.Sql(
                """
                DROP TABLE "DashboardFacts";
                CREATE TABLE "DashboardFacts" (
                    "Week" INTEGER NOT NULL,
                    "Kind" INTEGER NOT NULL,
                    "Value" INTEGER NOT NULL,
                    "StoreId" INTEGER NOT NULL,
                    "Cases" INTEGER NOT NULL,
                    "Amount" INTEGER NOT NULL,
                    CONSTRAINT "PK_DashboardFacts" PRIMARY KEY ("Week", "StoreId", "Kind", "Value"),
                    CONSTRAINT "FK_DashboardFacts_Stores_StoreId" FOREIGN KEY ("StoreId") REFERENCES "Stores" ("Id") ON DELETE RESTRICT
                ) WITHOUT ROWID;
                """);

            migrationBuilder.CreateIndex(
                name: "IX_DashboardFacts_StoreId",
                table: "DashboardFacts",
                column: "StoreId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DashboardFacts");

            migrationBuilder.DropIndex(
                name: "IX_Cases_WeekApology",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_WeekFollowUp",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_WeekStoreApology",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "LoggedWeek",
                table: "Cases");

            migrationBuilder.CreateTable(
                name: "DashboardWeeks",
                columns: table => new
                {
                    Week = table.Column<int>(type: "INTEGER", nullable: false),
                    ApologyMinute = table.Column<int>(type: "INTEGER", nullable: false),
                    StoreId = table.Column<int>(type: "INTEGER", nullable: false),
                    Cases = table.Column<int>(type: "INTEGER", nullable: false),
                    Resolved = table.Column<int>(type: "INTEGER", nullable: false),
                    WonBack = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DashboardWeeks", x => new { x.Week, x.ApologyMinute, x.StoreId });
                    table.ForeignKey(
                        name: "FK_DashboardWeeks_Stores_StoreId",
                        column: x => x.StoreId,
                        principalTable: "Stores",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DashboardWeeks_StoreId",
                table: "DashboardWeeks",
                column: "StoreId");
        }
    }
}
