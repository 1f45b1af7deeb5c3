namespace Harmonia.Cli.Inference;

/// <summary>
/// Finds the folder that holds the bundled model weights (<c>*.safetensors</c> named by
/// <see cref="Harmonia.Models.ModelPreset.BundledWeights"/>).
/// </summary>
/// <remarks>
/// The build copies the repository's <c>models/*.safetensors</c> next to the program, into
/// <c>models/</c>; that copy is used when present. Otherwise (no weights were committed when the
/// program was built, or it runs from a test's output folder) the repository's own <c>models/</c>
/// folder is used, found by walking up from the program to the folder holding <c>Harmonia.sln</c>.
/// </remarks>
public static class BundledModels
{
    /// <summary>The name of the folder, both next to the program and at the repository root.</summary>
    public const string FolderName = "models";

    private static readonly Lazy<string> Located = new(() => Locate(AppContext.BaseDirectory));

    /// <summary>The bundled models folder for this program (it may not exist; loading then says what is missing).</summary>
    public static string Directory => Located.Value;

    /// <summary>
    /// Where the bundled weights come from, for people: the repository's <c>models/</c> folder (the build copies
    /// it next to the program, a path inside the build output that means nothing to a user), or the folder itself.
    /// </summary>
    public static string Description => Describe(Directory, AppContext.BaseDirectory);

    /// <summary><see cref="Description"/> for a program in <paramref name="programDirectory"/> reading <paramref name="modelsDirectory"/>.</summary>
    public static string Describe(string modelsDirectory, string programDirectory)
    {
        var repository = RepositoryAbove(programDirectory);
        if (repository is null)
            return modelsDirectory;
        var repositoryModels = Path.Combine(repository, FolderName);
        var copied = Path.GetFullPath(modelsDirectory) != Path.GetFullPath(repositoryModels);
        return $"{Path.Combine(Errors.ErrorLine.DisplayPath(repository)!, FolderName)}{(copied ? " (copied into the build)" : "")}";
    }

    private static string? RepositoryAbove(string directory)
    {
        for (var folder = new DirectoryInfo(directory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Harmonia.sln")))
                return folder.FullName;
        return null;
    }

    /// <summary>
    /// The bundled models folder for a program in <paramref name="programDirectory"/>: its own
    /// <c>models/</c> if that exists, else the <c>models/</c> of the enclosing repository, else the
    /// (missing) <c>models/</c> next to the program, so error messages name where weights were expected.
    /// </summary>
    public static string Locate(string programDirectory)
    {
        var besideProgram = Path.Combine(programDirectory, FolderName);
        if (System.IO.Directory.Exists(besideProgram))
            return besideProgram;
        for (var folder = new DirectoryInfo(programDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, FolderName);
            if (File.Exists(Path.Combine(folder.FullName, "Harmonia.sln")) && System.IO.Directory.Exists(candidate))
                return candidate;
        }
        return besideProgram;
    }
}
