using System.Reflection;
using System.Text.RegularExpressions;

namespace Harmonia.Cli.Errors;

/// <summary>
/// The one line a failed command prints: <c>error: COMMAND: SUBJECT: PROBLEM</c>, or
/// <c>error: COMMAND: PROBLEM</c> when the problem is with the command line as a whole. COMMAND is the
/// subcommand (<c>run</c>) or <c>harmonia</c> itself; SUBJECT is the file at fault as the user typed it
/// (a full path inside the current folder is shown relative to it), or the option or word at fault;
/// PROBLEM starts in lower case and has no closing full stop, whoever wrote it. Known exception types get
/// a short, specific line; anything else is reported as an internal error so that the user still gets
/// one line and knows to ask for <c>--verbose</c>.
/// </summary>
/// <param name="Command">The command that failed: a subcommand's name, or <see cref="CliRunner.ProgramName"/>.</param>
/// <param name="Subject">The file, option or word at fault; null when the whole command line is.</param>
/// <param name="Problem">What is wrong with it.</param>
public sealed partial record ErrorLine(string Command, string? Subject, string Problem)
{
    /// <summary>Describes <paramref name="exception"/>, a failure of the command <paramref name="commandName"/>.</summary>
    public static ErrorLine FromException(Exception exception, string commandName)
    {
        var cause = Unwrap(exception);
        var (subject, problem) = cause switch
        {
            CliException cli => (cli.What == commandName ? null : cli.What, cli.Why),
            FileNotFoundException missing => (DisplayPath(missing.FileName ?? QuotedPathIn(missing.Message)), "file not found"),
            DirectoryNotFoundException => (DisplayPath(QuotedPathIn(cause.Message)), "a folder on this path does not exist"),
            UnauthorizedAccessException when QuotedPathIn(cause.Message) is { } path && Directory.Exists(path) =>
                (DisplayPath(path), "is a folder; a file was expected here"),
            UnauthorizedAccessException => (DisplayPath(QuotedPathIn(cause.Message)), "permission denied"),
            _ when FileNamedIn(cause) is { } file => (file.Path, file.Why),
            ArgumentException argument => (null, MessageWithoutParameterName(argument)),
            IOException or InvalidDataException => (null, cause.Message),
            _ when IsFromHarmoniaLibrary(cause) => (null, cause.Message),
            _ => ((string?)null, $"internal error ({cause.GetType().Name}): {cause.Message} (run with --verbose for the stack trace)"),
        };
        return new ErrorLine(commandName, subject, problem);
    }

    /// <summary>The line as printed: always a single line, with control characters from the input escaped.</summary>
    public override string ToString()
    {
        var problem = TerminalText.Escape(AsProblem(OneLine(Problem)));
        var command = TerminalText.Escape(OneLine(Command));
        return Subject is null
            ? $"error: {command}: {problem}"
            : $"error: {command}: {TerminalText.Escape(OneLine(Subject))}: {problem}";
    }

    /// <summary>
    /// <paramref name="message"/> in the style of the problem part: a sentence written for an exception
    /// ("Unknown image format (...).") loses its capital and its closing full stop; an acronym ("PNG ...")
    /// keeps its capitals.
    /// </summary>
    internal static string AsProblem(string message)
    {
        var text = message.Trim();
        if (text.EndsWith('.') && !text.EndsWith("..", StringComparison.Ordinal))
            text = text[..^1];
        if (text.Length >= 2 && char.IsUpper(text[0]) && (char.IsLower(text[1]) || text[1] == ' '))
            text = char.ToLowerInvariant(text[0]) + text[1..];
        return text;
    }

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
