using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ServiceRecovery.Benchmarks.Load;

/// <summary>
/// The app built in Release and run as its own process (Production environment) on a free loopback port, with its own
/// SQLite file. Production insists on HTTPS (Secure cookies; antiforgery refuses plain HTTP), so Kestrel serves HTTPS
/// with a self-signed certificate made for this run, which the harness's client pins by thumbprint. Its console log goes
/// to a file; lines saying "database is locked" are counted as they arrive.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private long _lockedLines;
    private long _errorLines;

    private AppProcess(Process process, StreamWriter log, Uri baseAddress, string thumbprint)
    {
        _process = process;
        _log = log;
        BaseAddress = baseAddress;
        Thumbprint = thumbprint;
    }

    public Uri BaseAddress { get; }

    /// <summary>The SHA-1 thumbprint of the app's self-signed certificate (the only one the client accepts).</summary>
    public string Thumbprint { get; }

    public int Id => _process.Id;

    /// <summary>Log lines so far that mention SQLite's "database is locked" (SQLITE_BUSY).</summary>
    public long LockedLines => Interlocked.Read(ref _lockedLines);

    /// <summary>Log lines so far at level ERR or FTL.</summary>
    public long ErrorLines => Interlocked.Read(ref _errorLines);

    public static string WebProject(string repository) => Path.Combine(repository, "src", "ServiceRecovery.Web");

    public static async Task BuildAsync(string repository)
    {
        var watch = Stopwatch.StartNew();
        var (output, errors, exit) = await Machine.RunAsync("dotnet", ["build", Path.Combine(WebProject(repository), "ServiceRecovery.Web.csproj"), "-c", "Release", "--nologo", "-v", "q"], repository);
        if (exit != 0)
        {
            throw new InvalidOperationException($"dotnet build -c Release failed:\n{output}\n{errors}");
        }

        Console.WriteLine($"Built the app in Release ({watch.Elapsed.TotalSeconds:F0} s)");
    }

    public static async Task<AppProcess> StartAsync(string repository, string connectionString, string logPath, IEnumerable<KeyValuePair<string, string>> environment)
    {
        var certificatePath = Path.Combine(Path.GetDirectoryName(logPath)!, "loopback.pfx");
        var thumbprint = CreateCertificate(certificatePath);
        var project = WebProject(repository);
        var dll = Path.Combine(project, "bin", "Release", "net10.0", "ServiceRecovery.Web.dll");
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            // The content root (wwwroot, appsettings.json) is the project folder, as with `dotnet run`.
            WorkingDirectory = project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Kestrel__Endpoints__Https__Url"] = $"https://127.0.0.1:{port}";
        start.Environment["Kestrel__Endpoints__Https__Certificate__Path"] = certificatePath;
        start.Environment["Kestrel__Endpoints__Https__Certificate__Password"] = CertificatePassword;
        start.Environment["ConnectionStrings__ServiceRecovery"] = connectionString;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var log = new StreamWriter(logPath, append: true) { AutoFlush = false };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var app = new AppProcess(process, log, new Uri($"https://127.0.0.1:{port}"), thumbprint);
        process.OutputDataReceived += (_, e) => app.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => app.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient(app.Handler(2)) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {process.ExitCode} while starting; see {logPath}");
            }

            try
            {
                if ((await http.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode == HttpStatusCode.OK)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (watch.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new TimeoutException($"The app did not answer /health within 3 minutes; see {logPath}");
            }

            await Task.Delay(250);
        }

        Console.WriteLine($"App started: pid {process.Id}, {app.BaseAddress} ({watch.Elapsed.TotalSeconds:F1} s to healthy), log {logPath}");
        return app;
    }

    /// <summary>A client handler for this app: no cookie container, no redirects, only the app's own certificate.</summary>
    public SocketsHttpHandler Handler(int connections) => new()
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == Thumbprint },
    };

    /// <summary>Resident memory now (bytes).</summary>
    public long WorkingSet()
    {
        _process.Refresh();
        return _process.WorkingSet64;
    }

    /// <summary>CPU time (user + system) the app has used so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>The highest resident memory of the process's life so far (bytes).</summary>
    public long PeakWorkingSet()
    {
        _process.Refresh();
        return _process.PeakWorkingSet64;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        lock (_logLock)
        {
            _log.Dispose();
        }
    }

    private const string CertificatePassword = "loopback-only";

    private static string CreateCertificate(string path)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, CertificatePassword));
        return certificate.Thumbprint;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.Contains("database is locked", StringComparison.OrdinalIgnoreCase))
        {
            Interlocked.Increment(ref _lockedLines);
        }

        if (line.Contains(" ERR]", StringComparison.Ordinal) || line.Contains(" FTL]", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _errorLines);
        }

        lock (_logLock)
        {
            _log.WriteLine(line);
        }
    }
}
