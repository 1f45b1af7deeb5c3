using Harmonia.Evaluation.Metrics;
using Harmonia.Imaging.Quality;
using Harmonia.Evaluation.Runs;

namespace Harmonia.Evaluation.Tests;

public sealed class MetricOptionNamesTests
{
    [Fact]
    public void EveryListedNameParsesToADistinctConvention()
    {
        Assert.Equal([FmseVariant.Standard, FmseVariant.SquaredMaskedError], MetricOptionNames.FmseNames.Select(MetricOptionNames.ParseFmse));
        Assert.Equal([PsnrPeak.Fixed255, PsnrPeak.TargetMaximum, PsnrPeak.UnitRange], MetricOptionNames.PsnrPeakNames.Select(MetricOptionNames.ParsePsnrPeak));
        Assert.Equal(PsnrPeak.TargetMaximum, MetricOptionNames.ParsePsnrPeak(" Target-Max "));
    }

    [Fact]
    public void NullNamesGiveTheStandardConventions()
    {
        Assert.Equal(MetricOptions.Default, MetricOptionNames.Parse(null, null));
        Assert.Equal(new MetricOptions(FmseVariant.SquaredMaskedError, PsnrPeak.UnitRange), MetricOptionNames.Parse("squared-masked", "unit"));
    }

    [Fact]
    public void UnknownNamesListTheKnownOnes()
    {
        Assert.Contains("standard, squared-masked", Assert.Throws<ArgumentException>(() => MetricOptionNames.ParseFmse("weighted")).Message);
        Assert.Contains("'1'", Assert.Throws<ArgumentException>(() => MetricOptionNames.ParsePsnrPeak("1")).Message);
    }
}
