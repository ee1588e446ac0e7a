#!/usr/bin/env python3
"""Where the app's CPU goes, by component, from a `perf script` dump of a `perf record -g` of the app process.

Each sample is charged to the innermost frame that belongs to a known component. Runtime frames (the CLR, CoreLib,
libc, the kernel, the thread pool, DI) are skipped while a caller from a component exists, so an allocation inside EF
counts as EF. See "Profiling a scenario" in benchmarks/ServiceRecovery.Benchmarks/README.md (decision 0046).

usage: perf script -i perf.data -F comm,tid,ip,sym,dso > app.script && python3 benchmarks/perf-attribute.py app.script
"""
import collections
import sys

# (component, substring of a frame); the first match from the leaf up wins.
COMPONENTS = [
    ("sqlite (native)", "libe_sqlite3"),
    ("links", "UrlHelper"), ("links", "LinkGenerator"), ("links", "TemplateBinder"),
    ("antiforgery", "Antiforgery"),
    ("cookie auth", "CookieAuthentication"), ("data protection", "DataProtection"),
    ("logging", "Serilog"), ("logging", "Microsoft.Extensions.Logging"),
    ("EF: LINQ tree and query cache", "ExpressionTreeFuncletizer"), ("EF: LINQ tree and query cache", "ExpressionEqualityComparer"),
    ("EF: LINQ tree and query cache", "QueryCompiler"), ("EF: LINQ tree and query cache", "System.Linq.Expressions"),
    ("EF: SQLite provider", "Microsoft.Data.Sqlite"), ("EF: the rest", "Microsoft.EntityFrameworkCore"),
    ("razor", "System.Text.Encodings.Web"), ("razor", "Microsoft.AspNetCore.Razor"), ("razor", "Microsoft.AspNetCore.Mvc.Razor"),
    ("razor", "Microsoft.AspNetCore.Mvc.ViewFeatures"), ("razor", "Microsoft.AspNetCore.Mvc.TagHelpers"), ("razor", "Pages_"),
    ("app code", "ServiceRecovery.Web"), ("mvc", "Microsoft.AspNetCore.Mvc"), ("routing", "Microsoft.AspNetCore.Routing"),
    ("authn/authz", "Microsoft.AspNetCore.Authentication"), ("authn/authz", "Microsoft.AspNetCore.Authorization"),
    ("kestrel", "Kestrel"), ("tls", "SslStream"), ("tls", "libssl"), ("tls", "libcrypto"), ("tls", "Security.Cryptography"),
    ("sockets", "System.Net.Sockets"), ("pipelines", "System.IO.Pipelines"), ("mediatr", "MediatR"),
    ("fluentvalidation", "FluentValidation"), ("json", "System.Text.Json"), ("jit", "libclrjit"),
    ("runtime", "Microsoft.Extensions.DependencyInjection"), ("runtime", "ThreadPool"), ("runtime", "System.Private.CoreLib"),
    ("runtime", "libcoreclr"), ("runtime", "libc.so"), ("kernel", "kernel"),
]
RUNTIME = {"runtime", "kernel"}


def component(frame):
    return next((name for name, marker in COMPONENTS if marker in frame), None)


def main(path):
    charged = collections.Counter()
    total = 0
    with open(path, encoding="utf-8", errors="replace") as dump:
        samples = dump.read().split("\n\n")
    for sample in samples:
        frames = [line.strip() for line in sample.strip().split("\n")[1:] if line.strip()]
        if not frames:
            continue
        total += 1
        leaf = None
        owner = None
        for frame in frames:
            name = component(frame)
            if name is None:
                continue
            leaf = leaf or name
            if name not in RUNTIME:
                owner = name
                break
        charged[owner or leaf or "unknown"] += 1
    print(f"{total} samples")
    for name, count in charged.most_common():
        print(f"{100 * count / total:5.1f} %  {name}")


if __name__ == "__main__":
    main(sys.argv[1])
