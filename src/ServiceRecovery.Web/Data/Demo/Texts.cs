using Bogus;
using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Data.Demo;

/// <summary>The words on generated cases: what went wrong, what was given, why, and what will change.</summary>
internal static class Texts
{
    private static readonly string[] Items =
    [
        "chicken burger", "veggie wrap", "large fries", "flat white", "caesar salad", "margherita pizza", "club sandwich",
        "iced latte", "kids' meal", "tomato soup", "cheesecake", "breakfast bagel", "pad thai", "smoothie", "hot chocolate",
    ];

    private static readonly Dictionary<FailureType, string[]> Descriptions = new()
    {
        [FailureType.WrongOrder] =
        [
            "Customer ordered a {0} and got something else.", "Order for table {1} went to the wrong table.",
            "{0} made with the wrong options despite the note on the ticket.", "Delivery bag held another customer's order.",
        ],
        [FailureType.MissingItem] =
        [
            "The {0} was missing from the bag.", "Paid for a {0} that never came.", "Drinks missing from a family order.",
            "Sauces and cutlery left out of a delivery.",
        ],
        [FailureType.LateOrLongWait] =
        [
            "Waited {1} minutes for a {0} at lunchtime.", "Delivery arrived {1} minutes after the promised time.",
            "Queue at the till not moving; customer left and came back to complain.", "Click-and-collect order not ready at pickup time.",
        ],
        [FailureType.Quality] =
        [
            "{0} served cold.", "{0} tasted burnt.", "Hair found in the {0}.", "{0} undercooked in the middle.",
            "Milk in the {0} had turned.",
        ],
        [FailureType.StaffAttitude] =
        [
            "Customer felt ignored at the counter while staff chatted.", "Staff member was short with the customer about a refund.",
            "Customer says the driver was rude at the door.", "No one helped when the customer asked about allergens.",
        ],
        [FailureType.BillingError] =
        [
            "Charged twice for the {0}.", "Discount code not applied at the till.", "Card charged but the order was cancelled.",
            "Receipt shows a {0} the customer did not order.",
        ],
        [FailureType.Cleanliness] =
        [
            "Tables not wiped during the lunch rush.", "Toilets out of soap and paper.", "Sticky floor by the drinks station.",
            "Tray returned with food still on it.",
        ],
        [FailureType.Other] =
        [
            "Music far too loud; customer could not hear the order.", "Card terminal down; customer had no cash.",
            "Customer's booking was lost.", "Wi-Fi promised on the sign did not work.",
        ],
    };

    public static readonly string[] ApologyNotes =
    [
        "Customer accepted the apology.", "Customer still upset but calmer.", "Apologised and explained the delay.",
        "Customer appreciated that we owned it.",
    ];

    public static readonly string[] DeclineReasons =
    [
        "A remake is enough for this one.", "Above what we give for a minor failure.", "Refund already made through the card terminal.",
    ];

    public static readonly string[] ReopenReasons =
    [
        "Customer wrote again: still unhappy.", "Same problem on the customer's next visit.", "Refund did not reach the customer's card.",
        "Customer posted a review; manager calling again.",
    ];

    public static string Description(FailureType type, Randomizer random)
    {
        var template = random.ArrayElement(Descriptions[type]);
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, random.ArrayElement(Items), random.Number(12, 55));
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    /// <summary>What was given: small at a minor failure, more at a major one; the value in the store's currency's minor units.</summary>
    public static (CompensationKind Kind, string Description, long ValueMinor) Compensation(FailureType type, Severity severity, string currency, Randomizer random)
    {
        var item = random.ArrayElement(Items);
        var (kind, description, min, max) = severity switch
        {
            Severity.Minor => type is FailureType.WrongOrder or FailureType.MissingItem or FailureType.Quality
                ? random.Bool(0.7f) ? (CompensationKind.Remake, $"Remade the {item}", 250, 700) : (CompensationKind.FreeItem, "Free drink", 200, 450)
                : (CompensationKind.FreeItem, "Free dessert", 300, 600),
            Severity.Moderate => random.Double() switch
            {
                < 0.35 => (CompensationKind.FreeItem, $"Free {item}", 400, 1200),
                < 0.65 => (CompensationKind.Discount, "Discount on the order", 300, 1500),
                < 0.85 => (CompensationKind.Voucher, "Voucher for the next visit", 500, 1000),
                _ => (CompensationKind.Refund, "Refund of the item", 500, 1800),
            },
            _ => random.Double() switch
            {
                < 0.5 => (CompensationKind.Refund, "Full refund of the order", 1200, 6000),
                < 0.85 => (CompensationKind.Voucher, "Voucher for a meal for two", 2000, 3000),
                _ => (CompensationKind.Gift, "Gift box and a handwritten card", 1500, 2500),
            },
        };

        // Prices end in 0 or 50 (cents or pence); GBP amounts a little lower than EUR ones.
        var scale = currency == "GBP" ? 0.85 : 1.0;
        var value = (long)Math.Round(random.Number(min, max) * scale / 50.0) * 50;
        return (kind, description, Math.Max(50, value));
    }

    /// <summary>Root cause and failing dimension follow the failure type, with the odd surprise.</summary>
    public static (RootCause RootCause, ServiceDimension Dimension) Cause(FailureType type, Randomizer random)
    {
        var (cause, dimension) = type switch
        {
            FailureType.WrongOrder or FailureType.MissingItem => (RootCause.ProcessError, ServiceDimension.Reliability),
            FailureType.LateOrLongWait => (random.Bool(0.7f) ? RootCause.ProcessError : RootCause.PerceptionGap, ServiceDimension.Responsiveness),
            FailureType.Quality => (random.Bool(0.6f) ? RootCause.ProductOrSupplier : RootCause.ProcessError, ServiceDimension.Tangibles),
            FailureType.StaffAttitude => (random.Bool(0.5f) ? RootCause.PerceptionGap : RootCause.ProcessError, random.Bool(0.6f) ? ServiceDimension.Empathy : ServiceDimension.Assurance),
            FailureType.BillingError => (RootCause.ProcessError, ServiceDimension.Assurance),
            FailureType.Cleanliness => (RootCause.ProcessError, ServiceDimension.Tangibles),
            _ => (random.Bool(0.5f) ? RootCause.Other : RootCause.PerceptionGap, random.Bool(0.5f) ? ServiceDimension.Tangibles : ServiceDimension.Empathy),
        };

        return random.Bool(0.1f)
            ? (random.ArrayElement(Enum.GetValues<RootCause>()), random.ArrayElement(Enum.GetValues<ServiceDimension>()))
            : (cause, dimension);
    }

    public static string[] Changes(RootCause cause) => cause switch
    {
        RootCause.ProcessError =>
        [
            "Check every bag against the ticket before it leaves.", "Second person at the pass during the lunch rush.",
            "Retrain the new starters on the till's modifiers.", "Add the step to the opening checklist.",
        ],
        RootCause.PerceptionGap =>
        [
            "Show realistic waiting times at the counter.", "Say what the dish contains when taking the order.",
            "Update the menu photos.",
        ],
        RootCause.ProductOrSupplier =>
        [
            "Raised it with the supplier; batch returned.", "Check fridge temperatures twice a shift.", "Switch to the other bakery.",
        ],
        _ => ["Discussed at the team meeting.", "Logged it with head office."],
    };

    public static string[] FollowUpNotes(CustomerOutcome outcome) => outcome switch
    {
        CustomerOutcome.Delighted => ["Customer thanked us for calling back.", "Customer will come back this week."],
        CustomerOutcome.Satisfied => ["Happy with the refund.", "Fine now, appreciated the call."],
        CustomerOutcome.Neutral => ["Customer accepted but was not impressed.", "Brief call, no strong feelings."],
        CustomerOutcome.Dissatisfied => ["Customer says they will not come back.", "Still angry about the wait."],
        _ => ["No answer; left a message.", "Number did not work."],
    };
}
