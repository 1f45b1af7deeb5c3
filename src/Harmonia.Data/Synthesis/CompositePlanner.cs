using System.Globalization;
using Harmonia.Imaging;
using Harmonia.Tensors.Random;

namespace Harmonia.Data.Synthesis;

/// <summary>The random choices of a colour-transfer composite.</summary>
/// <param name="ReferencePhoto">Position, in the list of usable photos, of the photo whose colours the foreground takes on.</param>
/// <param name="ObjectRegion">True to aim at the reference's object region, false at its whole image.</param>
/// <param name="Method">The transfer method.</param>
/// <param name="Strength">Blend of transferred and original colours, in [0.3, 1].</param>
public sealed record ColorTransferDraw(int ReferencePhoto, bool ObjectRegion, ColorTransferMethod Method, double Strength);

/// <summary>
/// Everything random about one composite: which recipe, and that recipe's draws. A lighting draw
/// alone is the lighting recipe; after a transfer draw it finishes an iHarmony4-like composite.
/// </summary>
public sealed record CompositePlan(SynthesisRecipe Recipe, FfhqhRecipeDraw? Ffhqh, ColorTransferDraw? Transfer, LightingDraw? Lighting = null);

/// <summary>
/// Plans composites from a generator seeded for the composite alone (so a plan depends only on
/// the seed, the photo's index, the composite's number and the list of usable photos) and
/// renders them. Planning reads no pixels, which lets a resumed run describe composites it does
/// not rewrite.
/// </summary>
internal static class CompositePlanner
{
    /// <summary>Smallest colour-transfer strength.</summary>
    public const double MinTransferStrength = 0.3;

    public static CompositePlan Plan(SynthesisRecipe recipe, RandomGenerator random, int selfPosition, int usablePhotoCount)
    {
        var chosen = recipe == SynthesisRecipe.Mixed
            ? (random.NextDouble() < 0.5 ? SynthesisRecipe.Ffhqh : SynthesisRecipe.ColorTransfer)
            : recipe;
        if (chosen == SynthesisRecipe.Ffhqh) return new CompositePlan(chosen, FfhqhRecipe.Draw(random), null);
        if (chosen == SynthesisRecipe.Lighting) return new CompositePlan(chosen, null, null, LightingShift.Draw(random));

        // Any usable photo but this one, uniformly.
        int reference = random.NextInt(usablePhotoCount - 1);
        if (reference >= selfPosition) reference++;
        bool objectRegion = random.NextDouble() < 0.5;
        var method = (ColorTransferMethod)random.NextInt(3);
        double strength = random.NextUniform(MinTransferStrength, 1.0);
        var transfer = new ColorTransferDraw(reference, objectRegion, method, strength);
        var finishing = chosen == SynthesisRecipe.Iharmony ? LightingShift.DrawFinishing(random) : null;
        return new CompositePlan(chosen, null, transfer, finishing);
    }

    public static Image Render(CompositePlan plan, Image photo, Mask mask, IReadOnlyList<UsablePhoto> usablePhotos)
    {
        if (plan.Ffhqh is { } ffhqh) return FfhqhRecipe.Apply(photo, mask, ffhqh);
        var composite = photo;
        if (plan.Transfer is { } transfer)
        {
            var reference = usablePhotos[transfer.ReferencePhoto];
            var target = (transfer.ObjectRegion ? reference.ObjectRegion : reference.WholeImage)
                ?? throw new InvalidOperationException("Colour statistics were not measured for the reference photo.");
            composite = ColorTransfer.Apply(photo, mask, target, transfer.Method, transfer.Strength);
        }
        return plan.Lighting is { } lighting ? LightingShift.Apply(composite, mask, lighting) : composite;
    }

    /// <summary>A one-line description of a plan for the composites table, e.g. "ffhqh order=3,1,0,2 brightness=1.2100 ...".</summary>
    public static string Describe(CompositePlan plan, IReadOnlyList<UsablePhoto> usablePhotos)
    {
        var inv = CultureInfo.InvariantCulture;
        if (plan.Ffhqh is { } f)
            return string.Create(inv, $"ffhqh order={string.Join(",", f.JitterOrder)} brightness={f.Brightness:F4} contrast={f.Contrast:F4} saturation={f.Saturation:F4} hue={f.Hue:F4} posterize={Flag(f.Posterize)} sharpen={Flag(f.Sharpen)} autocontrast={Flag(f.Autocontrast)}");
        string lighting = plan.Lighting is { } l
            ? string.Create(inv, $"lighting temperature={l.Temperature:F4} tint={l.Tint:F4} exposure={l.Exposure:F4} contrast={l.Contrast:F4} gamma={l.Gamma:F4} saturation={l.Saturation:F4}")
            : "";
        if (plan.Transfer is not { } t) return lighting;
        string method = t.Method switch
        {
            ColorTransferMethod.ReinhardLab => "reinhard-lab",
            ColorTransferMethod.RgbCovariance => "rgb-covariance",
            _ => "histogram",
        };
        string transferText = string.Create(inv, $"color-transfer method={method} reference={usablePhotos[t.ReferencePhoto].File.Name} region={(t.ObjectRegion ? "object" : "whole")} strength={t.Strength:F4}");
        return lighting.Length == 0 ? transferText : transferText + " then " + lighting;
    }

    private static int Flag(bool value) => value ? 1 : 0;
}
