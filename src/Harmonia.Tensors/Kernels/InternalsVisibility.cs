using System.Runtime.CompilerServices;

// The kernel tests force each SGEMM micro-kernel (see GemmKernelSelection) to check every path.
[assembly: InternalsVisibleTo("Harmonia.Tensors.Tests")]
