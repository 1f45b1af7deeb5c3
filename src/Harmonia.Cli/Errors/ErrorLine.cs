using System.Reflection;
using System.Text.RegularExpressions;

namespace Harmonia.Cli.Errors;

/// <summary>
/// The one line <c>error: {What}: {Why}</c> that a failed command prints, built from an exception.
/// Known exception types get a short, specific line; anything else is reported as an internal error
/// so that the user still gets one line and knows to ask for <c>--verbose</c>.
/// </summary>
public sealed partial record ErrorLine(string What, string Why)
{
    /// <summary>Describes <paramref name="exception"/>, using <paramref name="commandName"/> when the
    /// exception does not say which file or thing it is about.</summary>
    public static ErrorLine FromException(Exception exception, string commandName)
    {
        var cause = Unwrap(exception);
        return cause switch
        {
            CliException cli => new(cli.What, cli.Why),
            FileNotFoundException missing => new(DisplayPath(missing.FileName ?? QuotedPathIn(missing.Message)) ?? commandName, "file not found"),
            DirectoryNotFoundException => new(DisplayPath(QuotedPathIn(cause.Message)) ?? commandName, "a folder on this path does not exist"),
            UnauthorizedAccessException when QuotedPathIn(cause.Message) is { } path && Directory.Exists(path) =>
                new(DisplayPath(path)!, "is a folder; a file was expected here"),
            UnauthorizedAccessException => new(DisplayPath(QuotedPathIn(cause.Message)) ?? commandName, "permission denied"),
            _ when FileNamedIn(cause) is { } file => new(file.Path, file.Why),
            ArgumentException argument => new(commandName, MessageWithoutParameterName(argument)),
            IOException or InvalidDataException => new(commandName, cause.Message),
            _ when IsFromHarmoniaLibrary(cause) => new(commandName, cause.Message),
            _ => new(commandName, $"internal error ({cause.GetType().Name}): {cause.Message} (run with --verbose for the stack trace)"),
        };
    }

    /// <summary>The line as printed: always a single line, with control characters from the input escaped.</summary>
    public override string ToString() => $"error: {TerminalText.Escape(OneLine(What))}: {TerminalText.Escape(OneLine(Why))}";

    /// <summary>Removes wrappers that only say "something failed inside": <see cref="AggregateException"/>
    /// (from tasks and parallel loops; its first cause is reported, since parallel workers usually fail
    /// for the same reason) and <see cref="TargetInvocationException"/>.</summary>
    internal static Exception Unwrap(Exception exception)
    {
        while (true)
        {
            switch (exception)
            {
                case AggregateException aggregate when aggregate.Flatten().InnerExceptions.Count > 0:
                    exception = aggregate.Flatten().InnerExceptions[0];
                    break;
                case TargetInvocationException { InnerException: { } inner }:
                    exception = inner;
                    break;
                default:
                    return exception;
            }
        }
    }

    // Harmonia libraries throw their own types (ImageFormatException...) whose messages are written for users,
    // and state errors (InvalidOperationException, NotSupportedException, FormatException) that say what is wrong
    // with the input. The same system types thrown by the runtime itself are bugs and stay "internal errors".
    private static bool IsFromHarmoniaLibrary(Exception exception)
    {
        if (IsHarmoniaAssembly(exception.GetType().Assembly))
            return true;
        return exception is InvalidOperationException or NotSupportedException or FormatException
               && exception.TargetSite?.DeclaringType?.Assembly is { } thrower
               && IsHarmoniaAssembly(thrower);
    }

    private static bool IsHarmoniaAssembly(Assembly assembly) =>
        assembly.GetName().Name?.StartsWith("Harmonia.", StringComparison.Ordinal) == true;

    /// <summary>
    /// <paramref name="path"/> as the user most likely typed it: relative to the current folder when it lies
    /// inside it (the runtime reports full paths), as it is otherwise.
    /// </summary>
    internal static string? DisplayPath(string? path)
    {
        if (path is null || !Path.IsPathFullyQualified(path))
            return path;
        var current = Path.TrimEndingDirectorySeparator(Environment.CurrentDirectory) + Path.DirectorySeparatorChar;
        return path.StartsWith(current, StringComparison.Ordinal) ? path[current.Length..] : path;
    }

    // Image and dataset errors start their message with the file ("photo.jpg: Unknown image format ..."); the file
    // goes first in the line, as for every other error about a file, instead of after the command's name.
    private static (string Path, string Why)? FileNamedIn(Exception exception)
    {
        if (!IsFromHarmoniaLibrary(exception))
            return null;
        var separator = exception.Message.IndexOf(": ", StringComparison.Ordinal);
        if (separator <= 0)
            return null;
        var path = exception.Message[..separator];
        return File.Exists(path) ? (path, exception.Message[(separator + 2)..]) : null;
    }

    // .NET appends " (Parameter 'name')" to ArgumentException messages; the parameter name means nothing to a user.
    private static string MessageWithoutParameterName(ArgumentException argument)
    {
        var suffix = argument.ParamName is null ? null : $" (Parameter '{argument.ParamName}')";
        return suffix is not null && argument.Message.EndsWith(suffix, StringComparison.Ordinal)
            ? argument.Message[..^suffix.Length]
            : argument.Message;
    }

    // The runtime names the path only inside the message ("Could not find a part of the path '/a/b'.").
    private static string? QuotedPathIn(string message)
    {
        var match = QuotedText().Match(message);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static string OneLine(string text) => LineBreaks().Replace(text, " ").Trim();

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex QuotedText();

    [GeneratedRegex(@"\s*[\r\n]+\s*")]
    private static partial Regex LineBreaks();
}
