using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ServiceRecovery.Web.Tests.Reliability.Hostile;

/// <summary>
/// "Nothing invalid is stored", checked on the database file itself after the hostile posts: every text the app
/// stored is free of control characters and of sane length, required texts have something visible in them, money is
/// not negative or absurd, and no case happened before 2000.
/// </summary>
public static class StoredData
{
    private const int LongestText = 1000;

    /// <summary>Machine-made columns (hashes, stamps, keys) that are not user text.</summary>
    private static readonly HashSet<string> NotUserText = new(StringComparer.Ordinal)
    {
        "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "NormalizedUserName", "NormalizedEmail", "NormalizedName",
        "Xml", "FriendlyName", "LogKey", "Id", "UserId", "RoleId", "MigrationId", "ProductVersion", "LockoutEnd",
    };

    private static readonly (string Table, string Column)[] Required =
    [
        ("Cases", "Description"), ("Compensations", "Description"), ("Stores", "Name"), ("AspNetUsers", "DisplayName"), ("CaseEvents", "Summary"),
    ];

    public static async Task<List<string>> ViolationsAsync(string connectionString)
    {
        var problems = new List<string>();
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        foreach (var table in await ListAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EF%';"))
        {
            var textColumns = (await ListAsync(connection, $"SELECT name FROM pragma_table_info('{table}') WHERE type = 'TEXT';")).Where(c => !NotUserText.Contains(c)).ToList();
            foreach (var column in textColumns)
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"SELECT rowid, \"{column}\" FROM \"{table}\" WHERE \"{column}\" IS NOT NULL;";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    var text = reader.GetString(1);
                    var where = $"{table}.{column} (row {reader.GetInt64(0)})";
                    if (text.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n')))
                    {
                        problems.Add($"{where} holds control characters: {Escape(text)}");
                    }

                    if (text.Length > LongestText)
                    {
                        problems.Add($"{where} holds {text.Length} characters");
                    }

                    if (Required.Contains((table, column)) && !HasVisible(text))
                    {
                        problems.Add($"{where} has nothing visible: {Escape(text)}");
                    }
                }
            }
        }

        foreach (var value in await ListAsync(connection, "SELECT ValueMinor FROM Compensations WHERE ValueMinor < 0 OR ValueMinor >= 100000000;"))
        {
            problems.Add($"Compensations.ValueMinor {value}");
        }

        foreach (var occurred in await ListAsync(connection, "SELECT OccurredAt FROM Cases;"))
        {
            if (DateTime.Parse(occurred, CultureInfo.InvariantCulture).Year < 2000)
            {
                problems.Add($"Cases.OccurredAt {occurred}");
            }
        }

        return problems;
    }

    /// <summary>A letter, digit, symbol or punctuation: not only spaces and invisible format characters.</summary>
    public static bool HasVisible(string text) =>
        text.Any(c => !char.IsWhiteSpace(c) && !char.IsControl(c) && char.GetUnicodeCategory(c) is not (UnicodeCategory.Format or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark));

    private static string Escape(string text) =>
        string.Concat(text.Take(60).Select(c => char.IsControl(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format ? $"\\u{(int)c:X4}" : c.ToString()));

    private static async Task<List<string>> ListAsync(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }

        return values;
    }
}
