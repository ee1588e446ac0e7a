using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using ServiceRecovery.Web.Data;

namespace ServiceRecovery.Web.Tests.Data;

/// <summary>The hand-written migrations must build exactly the schema the model describes.</summary>
public sealed partial class MigrationTests : IDisposable
{
    private readonly string _migratedPath = TempDatabasePath("migrated");
    private readonly string _createdPath = TempDatabasePath("created");

    [Fact]
    public async Task The_migrated_schema_is_exactly_the_schema_of_the_model()
    {
        await using (var migrated = NewContext(_migratedPath))
        {
            await migrated.Database.MigrateAsync();
            Assert.Empty(await migrated.Database.GetPendingMigrationsAsync());
        }

        await using (var created = NewContext(_createdPath))
        {
            Assert.True(await created.Database.EnsureCreatedAsync());
        }

        var fromMigrations = await ReadSchemaAsync(_migratedPath);
        var fromModel = await ReadSchemaAsync(_createdPath);

        // Guard against comparing two empty schemas.
        Assert.Contains("Cases", fromModel.Select(t => t.Name));
        Assert.Equal(fromModel.Select(t => t.Name), fromMigrations.Select(t => t.Name));
        foreach (var (migratedTable, modelTable) in fromMigrations.Zip(fromModel))
        {
            Assert.Equal(modelTable.Columns, migratedTable.Columns);
            Assert.Equal(modelTable.Indexes, migratedTable.Indexes);
            Assert.Equal(modelTable.ForeignKeys, migratedTable.ForeignKeys);
            Assert.Equal(modelTable.Checks, migratedTable.Checks);
        }
    }

    [Fact]
    public void The_model_has_no_changes_that_a_migration_does_not_cover()
    {
        using var db = NewContext(_migratedPath);

        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public void The_migrations_declare_every_column_with_the_nullability_and_length_of_the_model()
    {
        // SQLite keeps no column lengths, so the schema comparison above cannot see them; the migrations' own operations can.
        using var db = NewContext(_migratedPath);
        var migrations = db.GetService<IMigrationsAssembly>();
        var fromMigrations = new Dictionary<(string Table, string Column), ColumnFacets>();
        foreach (var typeInfo in migrations.Migrations.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => m.Value))
        {
            foreach (var operation in migrations.CreateMigration(typeInfo, db.Database.ProviderName!).UpOperations)
            {
                switch (operation)
                {
                    case CreateTableOperation create:
                        foreach (var column in create.Columns)
                        {
                            fromMigrations[(create.Name, column.Name)] = new ColumnFacets(column.IsNullable, column.MaxLength);
                        }

                        break;
                    case AlterColumnOperation alter:
                        fromMigrations[(alter.Table, alter.Name)] = new ColumnFacets(alter.IsNullable, alter.MaxLength);
                        break;
                    case AddColumnOperation add:
                        fromMigrations[(add.Table, add.Name)] = new ColumnFacets(add.IsNullable, add.MaxLength);
                        break;
                    case DropColumnOperation drop:
                        fromMigrations.Remove((drop.Table, drop.Name));
                        break;
                    case DropTableOperation drop:
                        foreach (var key in fromMigrations.Keys.Where(k => k.Table == drop.Name).ToList())
                        {
                            fromMigrations.Remove(key);
                        }

                        break;
                    case RenameColumnOperation or RenameTableOperation:
                        Assert.Fail($"Teach this test about {operation.GetType().Name}.");
                        break;
                }
            }
        }

        var model = db.GetService<IDesignTimeModel>().Model.GetRelationalModel();
        var fromModel = model.Tables
            .SelectMany(t => t.Columns.Select(c => (Key: (t.Name, c.Name), Facets: new ColumnFacets(c.IsNullable, c.PropertyMappings[0].Property.GetMaxLength()))))
            .ToDictionary(x => x.Key, x => x.Facets);

        Assert.Contains(("Cases", "Description"), fromModel.Keys);
        var modelLines = fromModel.Select(x => $"{x.Key.Item1}.{x.Key.Item2}: {x.Value}").ToHashSet(StringComparer.Ordinal);
        var migrationLines = fromMigrations.Select(x => $"{x.Key.Table}.{x.Key.Column}: {x.Value}").ToHashSet(StringComparer.Ordinal);
        var onlyInModel = modelLines.Except(migrationLines).Order(StringComparer.Ordinal).ToList();
        var onlyInMigrations = migrationLines.Except(modelLines).Order(StringComparer.Ordinal).ToList();
        Assert.True(
            onlyInModel.Count == 0 && onlyInMigrations.Count == 0,
            $"Model says: {string.Join("; ", onlyInModel)}{Environment.NewLine}Migrations say: {string.Join("; ", onlyInMigrations)}");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var path in new[] { _migratedPath, _createdPath })
        {
            foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
            {
                try
                {
                    File.Delete(path + suffix);
                }
                catch (IOException)
                {
                    // Best effort: a temp file left behind is harmless.
                }
            }
        }
    }

    private static string TempDatabasePath(string kind) => Path.Combine(Path.GetTempPath(), $"servicerecovery-{kind}-{Guid.NewGuid():N}.db");

    /// <summary>A context configured exactly as the app configures its own.</summary>
    private static AppDbContext NewContext(string path)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        options.UseServiceRecoverySqlite($"Data Source={path}");
        return new AppDbContext(options.Options);
    }

    private static async Task<List<TableSchema>> ReadSchemaAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();

        var tables = await QueryAsync(connection,
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('__EFMigrationsHistory', '__EFMigrationsLock') ORDER BY name",
            r => (Name: r.GetString(0), Sql: r.GetString(1)));

        var schema = new List<TableSchema>();
        foreach (var (table, sql) in tables)
        {
            var columns = await QueryAsync(connection, $"PRAGMA table_info(\"{table}\")", r => new ColumnSchema(
                r.GetString(1), r.GetString(2), r.GetInt64(3) != 0, r.IsDBNull(4) ? null : r.GetString(4), r.GetInt64(5)));

            var indexes = new List<IndexSchema>();
            foreach (var (name, unique, origin) in await QueryAsync(connection, $"PRAGMA index_list(\"{table}\")", r => (r.GetString(1), r.GetInt64(2) != 0, r.GetString(3))))
            {
                var indexColumns = await QueryAsync(connection, $"PRAGMA index_info(\"{name}\")", r => (Seq: r.GetInt64(0), Name: r.IsDBNull(2) ? "<expr>" : r.GetString(2)));
                indexes.Add(new IndexSchema(
                    // Auto-indexes (sqlite_autoindex_T_N) are named by SQLite itself; their origin and columns identify them.
                    origin == "c" ? name : $"({origin})",
                    unique,
                    string.Join(",", indexColumns.OrderBy(c => c.Seq).Select(c => c.Name))));
            }

            var foreignKeys = await QueryAsync(connection, $"PRAGMA foreign_key_list(\"{table}\")", r => new ForeignKeySchema(
                r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5), r.GetString(6)));

            var checks = CheckConstraint().Matches(sql).Select(m => m.Value).Order(StringComparer.Ordinal).ToList();

            schema.Add(new TableSchema(
                table,
                [.. columns.OrderBy(c => c.Name, StringComparer.Ordinal)],
                [.. indexes.OrderBy(i => i.Name, StringComparer.Ordinal).ThenBy(i => i.Columns, StringComparer.Ordinal)],
                [.. foreignKeys.OrderBy(f => f.From, StringComparer.Ordinal)],
                checks));
        }

        return schema;
    }

    private static async Task<List<T>> QueryAsync<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> read)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    // CONSTRAINT "name" CHECK (...), with balanced parentheses inside.
    [GeneratedRegex(@"CONSTRAINT\s+""[^""]+""\s+CHECK\s*\((?:[^()]|(?<depth>\()|(?<-depth>\)))*(?(depth)(?!))\)")]
    private static partial Regex CheckConstraint();

    private sealed record TableSchema(
        string Name, IReadOnlyList<ColumnSchema> Columns, IReadOnlyList<IndexSchema> Indexes, IReadOnlyList<ForeignKeySchema> ForeignKeys, IReadOnlyList<string> Checks);

    private sealed record ColumnFacets(bool Nullable, int? MaxLength);

    private sealed record ColumnSchema(string Name, string Type, bool NotNull, string? Default, long PrimaryKeyPosition);

    private sealed record IndexSchema(string Name, bool Unique, string Columns);

    private sealed record ForeignKeySchema(string PrincipalTable, string From, string? To, string OnUpdate, string OnDelete);
}
