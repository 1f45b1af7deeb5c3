using Harmonia.Data.Datasets;
using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Data.Synthesis;

/// <summary>
/// Where a synthesized subset's files go, in the iHarmony4 layout:
/// <c>real_images/&lt;photo&gt;.jpg</c>, <c>masks/&lt;photo&gt;_1.png</c>,
/// <c>composite_images/&lt;photo&gt;_1_&lt;n&gt;.jpg</c> (n from 1), the lists
/// <c>&lt;Subset&gt;_train.txt</c> and <c>&lt;Subset&gt;_test.txt</c>, <c>synthesis.json</c>, and
/// <c>composites.tsv</c> describing how each composite was made. Each photo has one mask, so
/// the mask id is always 1.
/// </summary>
internal sealed class SynthesisOutputLayout
{
    public const string MaskId = "1";
    public const string CompositeTableFileName = "composites.tsv";

    public SynthesisOutputLayout(string outputRoot, string subset, ImageFileFormat format)
    {
        Subset = subset;
        SubsetDirectory = Path.GetFullPath(Path.Combine(outputRoot, subset));
        ImageExtension = format == ImageFileFormat.Jpeg ? ".jpg" : ".png";
    }

    public string Subset { get; }
    public string SubsetDirectory { get; }
    public string ImageExtension { get; }

    public string ManifestPath => Path.Combine(SubsetDirectory, SynthesisManifest.FileName);
    public string CompositeTablePath => Path.Combine(SubsetDirectory, CompositeTableFileName);
    public string ListPath(DatasetSplit split) => Path.Combine(SubsetDirectory, IHarmony4Index.SubsetListFileName(Subset, split));
    public IEnumerable<string> ImageFolders => [IHarmony4Naming.RealFolder, IHarmony4Naming.MaskFolder, IHarmony4Naming.CompositeFolder];

    public string RealPath(string photo) => Path.Combine(SubsetDirectory, IHarmony4Naming.RealFolder, IHarmony4Naming.RealFileName(photo, ImageExtension));
    public string MaskPath(string photo) => Path.Combine(SubsetDirectory, IHarmony4Naming.MaskFolder, IHarmony4Naming.MaskFileName(photo, MaskId));
    public string CompositeFileName(string photo, int n) => IHarmony4Naming.CompositeFileName(photo, MaskId, n.ToString(System.Globalization.CultureInfo.InvariantCulture), ImageExtension);
    public string CompositePath(string photo, int n) => Path.Combine(SubsetDirectory, IHarmony4Naming.CompositeFolder, CompositeFileName(photo, n));

    public void CreateFolders()
    {
        foreach (string folder in ImageFolders) Directory.CreateDirectory(Path.Combine(SubsetDirectory, folder));
    }

    /// <summary>Deletes temporary files an interrupted atomic write may have left (".&lt;name&gt;.&lt;guid&gt;.tmp").</summary>
    public void DeleteLeftoverTemporaryFiles()
    {
        foreach (string folder in ImageFolders.Select(f => Path.Combine(SubsetDirectory, f)).Append(SubsetDirectory))
        {
            if (!Directory.Exists(folder)) continue;
            foreach (string file in Directory.EnumerateFiles(folder, ".*.tmp")) File.Delete(file);
        }
    }
}
