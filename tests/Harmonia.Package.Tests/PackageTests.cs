using System.IO.Compression;
using System.Xml.Linq;
using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Package.Tests;

/// <summary>
/// The packages as a user gets them: packed from this checkout, restored from a local folder into a
/// clean packages folder, used by the sample program and installed as a tool. Packing and building
/// take a minute or two, so these tests are tagged Package; skip them with <c>--filter Category!=Package</c>.
/// </summary>
[Trait("Category", "Package")]
public class PackageTests(PackedRelease release) : IClassFixture<PackedRelease>
{
    [Fact]
    public void The_library_package_is_one_package_with_its_assemblies_docs_weights_and_metadata()
    {
        using var package = ZipFile.OpenRead(release.LibraryPackage);
        var files = package.Entries.Select(e => e.FullName).ToHashSet();
        foreach (var assembly in new[] { "Harmonia", "Harmonia.Models", "Harmonia.NN", "Harmonia.Imaging", "Harmonia.Tensors" })
        {
            Assert.Contains($"lib/net10.0/{assembly}.dll", files);
            Assert.Contains($"lib/net10.0/{assembly}.xml", files);
        }
        Assert.Contains("README.md", files);
        // The weights are inside Harmonia.dll, so it is at least as large as the two files together.
        var weightBytes = Directory.GetFiles(Path.Combine(release.Repository, "models"), "*.safetensors").Sum(f => new FileInfo(f).Length);
        Assert.True(package.GetEntry("lib/net10.0/Harmonia.dll")!.Length > weightBytes);

        var metadata = Nuspec(package);
        Assert.Equal("Harmonia", Value(metadata, "id"));
        Assert.Equal(release.Version, Value(metadata, "version"));
        Assert.Contains("harmonization", Value(metadata, "description"));
        Assert.NotEqual("Package Description", Value(metadata, "description"));
        Assert.Equal("MIT", Value(metadata, "license"));
        Assert.Equal("README.md", Value(metadata, "readme"));
        Assert.Contains("image-harmonization", Value(metadata, "tags"));
        Assert.Equal("git", metadata.Elements().Single(e => e.Name.LocalName == "repository").Attribute("type")?.Value);
        // Only real, public dependencies: no package named after an internal project.
        var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")!.Value).ToArray();
        Assert.Equal(["System.Numerics.Tensors"], dependencies);
    }

    [Fact]
    public void The_tool_package_is_a_dotnet_tool_with_the_bundled_weights()
    {
        using var package = ZipFile.OpenRead(release.ToolPackage);
        var files = package.Entries.Select(e => e.FullName).ToArray();
        Assert.Contains("tools/net10.0/any/harmonia.dll", files);
        Assert.Contains("tools/net10.0/any/models/hdnet-lite.safetensors", files);
        Assert.Contains("tools/net10.0/any/models/phnet-lite.safetensors", files);
        var metadata = Nuspec(package);
        Assert.Equal("Harmonia.Tool", Value(metadata, "id"));
        Assert.Equal("DotnetTool", metadata.Descendants().Single(e => e.Name.LocalName == "packageType").Attribute("name")?.Value);
        Assert.Equal("harmonia", XDocument.Load(package.GetEntry("tools/net10.0/any/DotnetToolSettings.xml")!.Open())
            .Descendants("Command").Single().Attribute("Name")?.Value);
    }

    [Fact]
    public void The_sample_restored_the_fresh_package_and_nothing_else_of_Harmonia()
    {
        var restored = Directory.GetDirectories(Path.Combine(release.Packages, "harmonia")).Select(Path.GetFileName);
        Assert.Equal([release.Version], restored);
        // The package's assemblies, not the repository's projects, sit beside the sample.
        var sampleFolder = Path.GetDirectoryName(release.SampleDll)!;
        Assert.True(File.Exists(Path.Combine(sampleFolder, "Harmonia.Models.dll")));
        Assert.False(File.Exists(Path.Combine(sampleFolder, "models", "hdnet-lite.safetensors")), "the weights should come embedded, not as files");
    }

    [Fact]
    public void The_sample_harmonizes_exactly_as_the_installed_tool_does()
    {
        var sampleOutput = Path.Combine(release.Root, "sample-out.png");
        var toolOutput = Path.Combine(release.Root, "tool-out.png");

        var sample = DotnetCommand.Dotnet(release.Root, null, release.SampleDll, release.Composite, release.Mask, sampleOutput);
        Assert.True(sample.ExitCode == 0, sample.Describe("the sample"));
        Assert.Contains("harmonized by hdnet-lite", sample.Out);

        var tool = DotnetCommand.Run(release.ToolCommand, release.Root, null, "run", "--composite", release.Composite, "--mask", release.Mask, "--out", toolOutput);
        Assert.True(tool.ExitCode == 0, tool.Describe("the harmonia tool"));

        Assert.Equal(File.ReadAllBytes(toolOutput), File.ReadAllBytes(sampleOutput));
        var composite = ImageFile.Load(release.Composite);
        var harmonized = ImageFile.Load(sampleOutput);
        Assert.Equal((composite.Width, composite.Height), (harmonized.Width, harmonized.Height));
        Assert.NotEqual(composite.Pixels, harmonized.Pixels);
    }

    [Fact]
    public void The_sample_reports_a_bad_mask_in_one_line_and_writes_nothing()
    {
        var badMask = Path.Combine(release.Root, "bad-mask.png");
        File.WriteAllText(badMask, "not a picture");
        var output = Path.Combine(release.Root, "never-written.png");

        var sample = DotnetCommand.Dotnet(release.Root, null, release.SampleDll, release.Composite, badMask, output);

        Assert.Equal(1, sample.ExitCode);
        Assert.StartsWith($"error: the mask {badMask}: ", sample.Error);
        Assert.Single(sample.Error.TrimEnd().Split('\n'));
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void The_readme_example_runs_as_printed_against_the_package()
    {
        // The example names photo.jpg and mask.png in the current folder and writes harmonized.png.
        var folder = Path.Combine(release.Root, "readme-run");
        Directory.CreateDirectory(folder);
        ImageFile.Save(Path.Combine(folder, "photo.jpg"), ImageFile.Load(release.Composite));
        File.Copy(release.Mask, Path.Combine(folder, "mask.png"));

        var example = DotnetCommand.Dotnet(folder, null, release.ReadmeExampleDll);

        Assert.True(example.ExitCode == 0, example.Describe("the README example"));
        var harmonized = ImageFile.Load(Path.Combine(folder, "harmonized.png"));
        var composite = ImageFile.Load(Path.Combine(folder, "photo.jpg"));
        Assert.Equal((composite.Width, composite.Height), (harmonized.Width, harmonized.Height));
        Assert.NotEqual(composite.Pixels, harmonized.Pixels);
    }

    private static XElement Nuspec(ZipArchive package)
    {
        var entry = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = entry.Open();
        return XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string Value(XElement metadata, string name)
        => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? throw new Xunit.Sdk.XunitException($"the nuspec has no <{name}>");
}
