using System.Runtime.CompilerServices;

// The JPEG tests check internal pieces directly (the vectorized IDCT against the scalar one,
// the DCTs against their mathematical definition), which the public API cannot isolate.
[assembly: InternalsVisibleTo("Harmonia.Imaging.Tests")]
