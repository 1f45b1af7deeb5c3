using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Harmonia.Cli.Options;

/// <summary>
/// Numeric options with a range check and a readable error ("--batch expects a whole number >= 1, got 'x'.")
/// instead of System.CommandLine's type-conversion message. Out-of-range values are usage errors (exit 2).
/// </summary>
public static class NumberOptions
{
    /// <summary>A whole-number option that may be omitted (value null).</summary>
    public static Option<int?> OptionalWholeNumber(string name, string description, int min, int max = int.MaxValue, string helpName = "N") =>
        new(name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = result => ParseWholeNumber(result, name, min, max),
        };

    /// <summary>A whole-number option with a default shown in --help.</summary>
    public static Option<int> WholeNumber(string name, string description, int defaultValue, int min, int max = int.MaxValue, string helpName = "N") =>
        new(name)
        {
            Description = description,
            HelpName = helpName,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => ParseWholeNumber(result, name, min, max) ?? defaultValue,
        };

    /// <summary>A number option that must be greater than zero (learning rates, scales); null when omitted.</summary>
    public static Option<double?> OptionalPositiveNumber(string name, string description, string helpName = "X") =>
        new(name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = result => ParseNumber(result, name, value => value > 0, "a number > 0"),
        };

    /// <summary>A number option that must be zero or more (weight decay); null when omitted.</summary>
    public static Option<double?> OptionalNonNegativeNumber(string name, string description, string helpName = "X") =>
        new(name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = result => ParseNumber(result, name, value => value >= 0, "a number >= 0"),
        };

    /// <summary>A fraction option in [0, 1) with a default shown in --help.</summary>
    public static Option<double> Fraction(string name, string description, double defaultValue, string helpName = "F") =>
        new(name)
        {
            Description = description,
            HelpName = helpName,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => ParseNumber(result, name, value => value is >= 0 and < 1, "a fraction in [0, 1)") ?? defaultValue,
        };

    private static int? ParseWholeNumber(ArgumentResult result, string name, int min, int max)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        var range = max == int.MaxValue ? $">= {min}" : $"in {min}..{max}";
        result.AddError($"{name} expects a whole number {range}, got '{text}'.");
        return null;
    }

    private static double? ParseNumber(ArgumentResult result, string name, Func<double, bool> inRange, string expected)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && inRange(value))
            return value;
        result.AddError($"{name} expects {expected}, got '{text}'.");
        return null;
    }
}
