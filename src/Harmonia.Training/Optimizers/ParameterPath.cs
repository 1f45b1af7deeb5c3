namespace Harmonia.Training.Optimizers;

/// <summary>
/// The rule that ties dotted parameter names (<c>encoder.0.weight</c>) to the module that owns them,
/// so optimizer groups and training stages select parameters the same way.
/// </summary>
public static class ParameterPath
{
    /// <summary>
    /// True when <paramref name="parameterName"/> is <paramref name="modulePath"/> itself or lies
    /// inside it: <c>encoder</c> selects <c>encoder.0.weight</c> but not <c>encoder2.weight</c>.
    /// A trailing <c>.</c> or <c>.*</c> on the path is accepted and ignored.
    /// </summary>
    public static bool IsUnder(string parameterName, string modulePath)
    {
        ArgumentNullException.ThrowIfNull(parameterName);
        var path = Normalize(modulePath);
        return parameterName.Length == path.Length
            ? parameterName == path
            : parameterName.Length > path.Length && parameterName.StartsWith(path, StringComparison.Ordinal) && parameterName[path.Length] == '.';
    }

    /// <summary>The module path without a trailing <c>.</c> or <c>.*</c>; rejects an empty path.</summary>
    public static string Normalize(string modulePath)
    {
        ArgumentNullException.ThrowIfNull(modulePath);
        var path = modulePath.EndsWith(".*", StringComparison.Ordinal) ? modulePath[..^2]
            : modulePath.EndsWith('.') ? modulePath[..^1] : modulePath;
        if (path.Length == 0) throw new ArgumentException($"'{modulePath}' names no module.", nameof(modulePath));
        return path;
    }
}
