using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceRecovery.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class DashboardWeeks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DashboardWeeks",
                columns: table => new
                {
                    StoreId = table.Column<int>(type: "INTEGER", nullable: false),
                    Week = table.Column<int>(type: "INTEGER", nullable: false),
                    ApologyMinute = table.Column<int>(type: "INTEGER", nullable: false),
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

            // The same table again, WITHOUT ROWID (EF Core cannot say so): the rows live in the primary key's b-tree, so the
            // trend's read — a key range per week, summed per minute in key order — touches no second structure (decision 0041:
            // 2 ms instead of 7 ms of CPU for ten weeks). The table is new and empty here; the migrations are SQLite's (0009).
            migrationBuilder.Sql(
                """
                DROP TABLE "DashboardWeeks";
                CREATE TABLE "DashboardWeeks" (
                    "StoreId" INTEGER NOT NULL,
                    "Week" INTEGER NOT NULL,
                    "ApologyMinute" INTEGER NOT NULL,
                    "Cases" INTEGER NOT NULL,
                    "Resolved" INTEGER NOT NULL,
                    "WonBack" INTEGER NOT NULL,
                    CONSTRAINT "PK_DashboardWeeks" PRIMARY KEY ("Week", "ApologyMinute", "StoreId"),
                    CONSTRAINT "FK_DashboardWeeks_Stores_StoreId" FOREIGN KEY ("StoreId") REFERENCES "Stores" ("Id") ON DELETE RESTRICT
                ) WITHOUT ROWID;
                """);

            migrationBuilder.CreateIndex(
                name: "IX_DashboardWeeks_StoreId",
                table: "DashboardWeeks",
                column: "StoreId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DashboardWeeks");
        }
    }
}
