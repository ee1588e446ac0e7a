using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Tests.Domain;

public sealed class FeedbackTests
{
    private static readonly DateTime Now = new(2026, 3, 3, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_card_complaint_is_a_major_feedback_card_case_logged_by_the_customer_with_all_their_words_on_the_timeline()
    {
        var words = "The coffee was cold. " + new string('x', 400);

        var c = RecoveryCase.FromFeedbackCard(7, Guid.NewGuid(), FailureType.Quality, "  " + words + "  ", null, Now, EffectiveTargets.Defaults);

        Assert.Equal((Channel.FeedbackCard, Severity.Major, FailureType.Quality, FeedbackCard.By, 1), (c.Channel, c.Severity, c.FailureType, c.LoggedBy, c.Version));
        Assert.Equal(RecoveryCase.DescriptionMaxLength, c.Description.Length);
        Assert.EndsWith("…", c.Description, StringComparison.Ordinal);
        Assert.StartsWith("The coffee was cold.", c.Description, StringComparison.Ordinal);
        Assert.Equal([CaseEventType.Logged, CaseEventType.CustomerWrote], c.Timeline.Select(e => e.Type));
        Assert.Equal($"The customer wrote: “{words}”", c.Timeline[1].Summary);
        Assert.Null(c.LoggedByUserId);
        Assert.Equal(CaseStatus.AwaitingApology, c.Status);
    }

    [Fact]
    public void Contact_is_kept_only_with_consent_and_nothing_is_kept_when_none_was_given()
    {
        Assert.Null(FeedbackCard.Contact(consents: true, " ", null, "", Now));
        Assert.Null(FeedbackCard.Contact(consents: false, null, null, null, Now));
        Assert.Throws<CaseRuleViolationException>(() => FeedbackCard.Contact(consents: false, "Ann", null, null, Now));
        Assert.Equal(new CustomerContact("Ann", null, "ann@example.com", Now), FeedbackCard.Contact(consents: true, " Ann ", null, "ann@example.com", Now));
        var c = RecoveryCase.FromFeedbackCard(7, Guid.NewGuid(), FailureType.Other, "Rude", FeedbackCard.Contact(true, "Ann", "+420 1234567", null, Now), Now, EffectiveTargets.Defaults);
        Assert.Equal("+420 1234567", c.Customer?.Phone);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_card_without_words_is_refused(string words)
    {
        Assert.Throws<CaseRuleViolationException>(() => new Suggestion(1, Guid.NewGuid(), words, null, Now));
        Assert.Throws<CaseRuleViolationException>(() => new Commendation(1, Guid.NewGuid(), words, null, null, null, Now));
        Assert.Throws<CaseRuleViolationException>(() => RecoveryCase.FromFeedbackCard(1, Guid.NewGuid(), FailureType.Other, words, null, Now, EffectiveTargets.Defaults));
    }

    [Fact]
    public void Over_long_words_or_names_are_refused()
    {
        var tooLong = new string('a', FeedbackCard.TextMaxLength + 1);
        Assert.Throws<CaseRuleViolationException>(() => new Suggestion(1, Guid.NewGuid(), tooLong, null, Now));
        Assert.Throws<CaseRuleViolationException>(() => new Commendation(1, Guid.NewGuid(), "Great", new string('n', FeedbackCard.EmployeeMaxLength + 1), null, null, Now));
        Assert.Equal(FeedbackCard.TextMaxLength, new Suggestion(1, Guid.NewGuid(), tooLong[1..], null, Now).Text.Length);
    }

    [Fact]
    public void A_suggestions_status_changes_are_recorded_and_adopted_at_follows_the_current_status()
    {
        var s = new Suggestion(1, Guid.NewGuid(), "A bike rack", null, Now);
        Assert.Equal((SuggestionStatus.New, (DateTime?)null, 1), (s.Status, s.AdoptedAt, s.Version));

        s.ChangeStatus(SuggestionStatus.Adopted, "Maria", Now.AddHours(1));
        Assert.Equal((SuggestionStatus.Adopted, (DateTime?)Now.AddHours(1), 2), (s.Status, s.AdoptedAt, s.Version));

        s.ChangeStatus(SuggestionStatus.Considered, "Olga", Now.AddHours(2));
        Assert.Equal((SuggestionStatus.Considered, (DateTime?)null, 3), (s.Status, s.AdoptedAt, s.Version));
        Assert.Equal(
            [(SuggestionStatus.New, SuggestionStatus.Adopted, "Maria"), (SuggestionStatus.Adopted, SuggestionStatus.Considered, "Olga")],
            s.Changes.Select(c => (c.From, c.To, c.By)));
    }

    [Fact]
    public void A_status_change_to_the_same_status_an_unknown_one_or_before_the_suggestion_arrived_is_refused_and_changes_nothing()
    {
        var s = new Suggestion(1, Guid.NewGuid(), "Longer hours", null, Now);

        Assert.Throws<CaseRuleViolationException>(() => s.ChangeStatus(SuggestionStatus.New, "Maria", Now.AddHours(1)));
        Assert.Throws<CaseRuleViolationException>(() => s.ChangeStatus((SuggestionStatus)42, "Maria", Now.AddHours(1)));
        Assert.Throws<CaseRuleViolationException>(() => s.ChangeStatus(SuggestionStatus.Adopted, "Maria", Now.AddHours(-1)));

        Assert.Equal((SuggestionStatus.New, 1), (s.Status, s.Version));
        Assert.Empty(s.Changes);
    }

    [Fact]
    public void A_new_store_gets_a_random_token_of_32_hex_digits()
    {
        var tokens = Enumerable.Range(0, 20).Select(_ => new Store("S", "Europe/Prague", "EUR").FeedbackToken).ToList();

        Assert.All(tokens, t => Assert.Matches("^[0-9a-f]{32}$", t));
        Assert.Equal(tokens.Count, tokens.Distinct().Count());
    }
}
