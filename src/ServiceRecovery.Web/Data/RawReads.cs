using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ServiceRecovery.Web.Data;

/// <summary>
/// Hand-written reads on a context's own connection and transaction (decision 0051): for the few hot reads whose statement
/// changes shape with its input, where EF's per-query work (building, funcletizing and looking up the tree) and per-row
/// materialization cost more CPU than SQLite's. The statement sees what the context's queries see, inside its read snapshot.
/// </summary>
public static class RawReads
{
    /// <summary>Runs the statement <paramref name="prepare"/> writes into the command, and hands each row to <paramref name="row"/>.</summary>
    public static async Task ReadAsync(AppDbContext db, Func<DbCommand, string> prepare, Action<DbDataReader> row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(prepare);
        ArgumentNullException.ThrowIfNull(row);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = prepare(command);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                row(reader);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Adds an integer parameter and returns its name, for the statement's text.</summary>
    public static string Parameter(this DbCommand command, string name, int value)
    {
        ArgumentNullException.ThrowIfNull(command);
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return name;
    }
}
