using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace ServiceRecovery.Reliability;

/// <summary>
/// The real app as a separate process (the built ServiceRecovery.Web.dll under <c>dotnet</c>) on a loopback port,
/// with its own SQLite file. <see cref="Kill"/> is SIGKILL: no shutdown code runs.
/// </summary>
public sealed class AppProcess : IDisposable
{
    private readonly Process _process;

    private AppProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The settings /healthz reported on the app's own connection once it was up.</summary>
    public string Synchronous { get; private set; } = string.Empty;

    public string JournalMode { get; private set; } = string.Empty;

    public static async Task<AppProcess> StartAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var web = WebProject.Locate();
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = web.ContentRoot,
        };
        foreach (var argument in new[]
        {
            web.Assembly,
            "--contentRoot", web.ContentRoot,
            "--urls", address.ToString(),
            "--environment", "Development",
            $"--ConnectionStrings:ServiceRecovery=Data Source={Path.Combine(dataDirectory, "servicerecovery.db")}",
            "--Security:LoginAttemptsPerMinute=100000",
            "--Serilog:MinimumLevel:Default=Warning",
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var stderr = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var app = new AppProcess(process, address);
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {process.ExitCode} while starting: {stderr}");
            }

            try
            {
                var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    app.ReadSettings(await response.Content.ReadAsStringAsync(cancellationToken));
                    return app;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Slow start on a busy machine.
            }

            await Task.Delay(50, cancellationToken);
        }

        app.Kill();
        throw new TimeoutException("The app did not become healthy within 120 s.");
    }

    /// <summary>SIGKILL, and wait until the process is gone.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void ReadSettings(string json)
    {
        using var document = JsonDocument.Parse(json);
        foreach (var check in document.RootElement.GetProperty("checks").EnumerateArray())
        {
            if (check.GetProperty("data").TryGetProperty("synchronous", out var synchronous))
            {
                Synchronous = synchronous.GetString() ?? string.Empty;
                JournalMode = check.GetProperty("data").GetProperty("journal_mode").GetString() ?? string.Empty;
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Where the built web app is: the repository's src/ServiceRecovery.Web, built in this program's configuration.</summary>
public sealed record WebProject(string ContentRoot, string Assembly)
{
    public static WebProject Locate()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ServiceRecovery.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException("Cannot find ServiceRecovery.sln above " + AppContext.BaseDirectory);
        }

        var contentRoot = Path.Combine(directory.FullName, "src", "ServiceRecovery.Web");
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var assembly = Path.Combine(contentRoot, "bin", configuration, "net10.0", "ServiceRecovery.Web.dll");
        return File.Exists(assembly) ? new WebProject(contentRoot, assembly) : throw new FileNotFoundException("Build the web project first.", assembly);
    }
}
