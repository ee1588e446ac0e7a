using System.Collections.Concurrent;
using System.Globalization;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace ServiceRecovery.Web.Tests.Infrastructure;

/// <summary>Every Serilog event the app writes, rendered as text, so tests can search them.</summary>
public sealed class CapturedLogs : ILogEventSink
{
    private static readonly MessageTemplateTextFormatter LiteralMessage = new("{Message:lj}", CultureInfo.InvariantCulture);

    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<LogEvent> _events = new();

    /// <summary>Each event as one line: its message, every property and any exception.</summary>
    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>The events themselves, to assert on their message template and properties.</summary>
    public IReadOnlyCollection<LogEvent> Events => _events;

    /// <summary>The message as the console shows it: strings unquoted ("HTTP POST /Cases/Log responded 302 in 12.3456 ms").</summary>
    public static string Message(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        LiteralMessage.Format(logEvent, writer);
        return writer.ToString();
    }

    public void Emit(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        _events.Enqueue(logEvent);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        logEvent.RenderMessage(writer, CultureInfo.InvariantCulture);
        foreach (var property in logEvent.Properties)
        {
            writer.Write($" {property.Key}={property.Value}");
        }

        if (logEvent.Exception is not null)
        {
            writer.Write(" " + logEvent.Exception);
        }

        _lines.Enqueue(writer.ToString());
    }
}
