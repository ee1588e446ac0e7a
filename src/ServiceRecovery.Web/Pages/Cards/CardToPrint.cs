using MediatR;
using Microsoft.EntityFrameworkCore;
using QRCoder;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Cards;

/// <summary>The owner's printable card of one store: its public address and that address as a QR code.</summary>
public static class CardToPrint
{
    [RequiresRole(Roles.Owner)]
    public sealed record Query(int StoreId) : IRequest<Model>;

    public sealed record Model(int StoreId, string StoreName, string Token);

    internal sealed class Handler(AppDbContext db) : IRequestHandler<Query, Model>
    {
        public async Task<Model> Handle(Query request, CancellationToken cancellationToken) =>
            await db.Stores.AsNoTracking().Where(s => s.Id == request.StoreId)
                .Select(s => new Model(s.Id, s.Name, s.FeedbackToken))
                .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("That store was not found.");
    }
}

/// <summary>The owner gives a store a new card address; printed cards with the old one then answer 404.</summary>
public static class RenewCardAddress
{
    [RequiresRole(Roles.Owner)]
    public sealed record Command(int StoreId) : IRequest;

    internal sealed class Handler(AppDbContext db) : IRequestHandler<Command>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var store = await db.Stores.FirstOrDefaultAsync(s => s.Id == request.StoreId, cancellationToken)
                ?? throw new NotFoundException("That store was not found.");
            store.RenewFeedbackToken();
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }
}

/// <summary>QR codes by QRCoder, as SVG (sharp at any print size) in a data: address, which the CSP's img-src allows.</summary>
public static class FeedbackQr
{
    public static string Svg(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        using var svg = new SvgQRCode(data);
        return svg.GetGraphic(10, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }

    public static string SvgDataUri(string url) =>
        "data:image/svg+xml;base64," + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Svg(url)));
}
