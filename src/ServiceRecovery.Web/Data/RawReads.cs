using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace ServiceRecovery.Web.Data;

/// <summary>
/// Hand-written reads on a context's own connection and transaction (decision 0051): for the few hot reads whose statement
/// changes shape with its input, where EF's per-query work (building, funcletizing and looking up the LINQ tree) and
/// per-row materialization cost more CPU than SQLite's. The statement still runs as an EF relational command, so it sees
/// what the context's queries see (inside its read snapshot), and command interceptors and logging see it too.
/// </summary>
public static class RawReads
{
    /// <summary>Runs the statement <paramref name="write"/> builds, and hands each row to <paramref name="row"/>.</summary>
    public static async Task ReadAsync(AppDbContext db, Func<Statement, string> write, Action<DbDataReader> row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(row);
        var builder = db.GetService<IRelationalCommandBuilderFactory>().Create();
        var statement = new Statement(builder, db.GetService<IRelationalTypeMappingSource>().FindMapping(typeof(int))!);
        builder.Append(write(statement));
        var command = builder.Build();
        await using var reader = await command.ExecuteReaderAsync(
            new RelationalCommandParameterObject(
                db.GetService<IRelationalConnection>(), statement.Values, null, db, db.GetService<IRelationalCommandDiagnosticsLogger>(), CommandSource.FromSqlQuery),
            cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            row(reader.DbDataReader);
        }
    }

    /// <summary>The parameters of a statement being written.</summary>
    public sealed class Statement(IRelationalCommandBuilder builder, RelationalTypeMapping whole)
    {
        private readonly Dictionary<string, object?> _values = [];

        internal IReadOnlyDictionary<string, object?> Values => _values;

        /// <summary>Adds an integer parameter and returns its name, for the statement's text.</summary>
        public string Parameter(string name, int value)
        {
            builder.AddParameter(name, name, whole, nullable: false);
            _values[name] = value;
            return name;
        }
    }
}
