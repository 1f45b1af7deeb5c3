using Harmonia.Models;

namespace Harmonia.Web;

/// <summary>A harmonization request whose form fields have been read and checked; the images are still encoded.</summary>
/// <param name="CompositeFile">The uploaded composite, PNG or JPEG bytes.</param>
/// <param name="MaskFile">The uploaded mask, PNG or JPEG bytes.</param>
/// <param name="Harmonizer">The model asked for (or the default).</param>
/// <param name="WorkingSize">The square working size, or null for the image's native size.</param>
internal sealed record HarmonizeRequest(byte[] CompositeFile, byte[] MaskFile, IHarmonizer Harmonizer, int? WorkingSize);
