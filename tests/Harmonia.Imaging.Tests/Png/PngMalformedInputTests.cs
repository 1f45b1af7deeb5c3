using System.Buffers.Binary;
using Harmonia.Imaging.Files;
using Harmonia.Imaging.Png;

namespace Harmonia.Imaging.Tests.Png;

/// <summary>Every kind of damaged or invalid PNG is refused with an <see cref="ImageFormatException"/> that says what is wrong.</summary>
public class PngMalformedInputTests
{
    private static ImageFormatException Refused(byte[] png, DecodeLimits? limits = null)
        => Assert.Throws<ImageFormatException>(() => PngDecoder.Decode(png, limits ?? DecodeLimits.Default));

    private static byte[] ValidGrey(int width = 4, int height = 3)
        => new PngBuilder().Header((uint)width, (uint)height, 8, 0).ImageData(PngBuilder.UnfilteredRows(height, width, 9)).End().ToArray();

    [Fact]
    public void The_valid_baseline_decodes()
    {
        var image = PngDecoder.Decode(ValidGrey(), DecodeLimits.Default);
        Assert.All(image.Pixels, p => Assert.Equal(9, p));
    }

    [Fact]
    public void Missing_signature() =>
        Assert.Contains("signature", Refused([.. "GIF89a"u8, 0, 0, 0]).Message);

    [Fact]
    public void Empty_input() =>
        Assert.Contains("signature", Refused([]).Message);

    [Fact]
    public void Every_truncation_is_refused_with_a_clear_message()
    {
        byte[] png = ValidGrey();
        for (int length = 0; length < png.Length; length++)
        {
            var e = Refused(png[..length]);
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
            Assert.Matches("truncated|signature|IEND|IDAT", e.Message);
        }
    }

    [Fact]
    public void Bad_crc_names_the_chunk()
    {
        byte[] png = ValidGrey();
        png[8 + 8 + 3] ^= 0x01; // a byte of IHDR's width, CRC left alone
        var e = Refused(png);
        Assert.Contains("CRC", e.Message);
        Assert.Contains("IHDR", e.Message);
    }

    [Fact]
    public void Chunk_length_beyond_the_file()
    {
        byte[] png = ValidGrey();
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(8), 5000);
        Assert.Contains("declares 5000", Refused(png).Message);
    }

    [Fact]
    public void Chunk_length_above_the_png_maximum()
    {
        byte[] png = ValidGrey();
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(8), 0x90000000);
        Assert.Contains("maximum", Refused(png).Message);
    }

    [Fact]
    public void Chunk_type_that_is_not_letters()
    {
        var png = new PngBuilder().Header(1, 1, 8, 0).Chunk("ID4T", [1, 2]).ToArray();
        Assert.Contains("chunk type", Refused(png).Message);
    }

    [Theory]
    [InlineData(0u, 5u, "size")]
    [InlineData(5u, 0u, "size")]
    [InlineData(0x80000000u, 1u, "size")]
    public void Invalid_dimensions(uint width, uint height, string expected) =>
        Assert.Contains(expected, Refused(new PngBuilder().Header(width, height, 8, 0).ImageData([0, 0]).End().ToArray()).Message);

    [Theory]
    [InlineData(3, 0, "bit depth 3")]
    [InlineData(16, 3, "bit depth 16")]
    [InlineData(4, 2, "bit depth 4")]
    [InlineData(1, 6, "bit depth 1")]
    [InlineData(8, 5, "colour type 5")]
    [InlineData(8, 7, "colour type 7")]
    public void Invalid_depth_and_colour_type_combinations(byte depth, byte colorType, string expected) =>
        Assert.Contains(expected, Refused(new PngBuilder().Header(2, 2, depth, colorType).ImageData(new byte[16]).End().ToArray()).Message);

    [Fact]
    public void Unknown_compression_filter_and_interlace_methods()
    {
        Assert.Contains("compression method", Refused(new PngBuilder().Header(1, 1, 8, 0, compression: 1).ImageData([0, 0]).End().ToArray()).Message);
        Assert.Contains("filter method", Refused(new PngBuilder().Header(1, 1, 8, 0, filter: 1).ImageData([0, 0]).End().ToArray()).Message);
        Assert.Contains("interlace method", Refused(new PngBuilder().Header(1, 1, 8, 0, interlace: 2).ImageData([0, 0]).End().ToArray()).Message);
    }

    [Fact]
    public void Header_of_wrong_length() =>
        Assert.Contains("13 bytes", Refused(new PngBuilder().Chunk("IHDR", new byte[12]).ImageData([0, 0]).End().ToArray()).Message);

    [Fact]
    public void Missing_header() =>
        Assert.Contains("must start with IHDR", Refused(new PngBuilder().ImageData([0, 0]).End().ToArray()).Message);

    [Fact]
    public void Second_header() =>
        Assert.Contains("second IHDR", Refused(new PngBuilder().Header(1, 1, 8, 0).Header(1, 1, 8, 0).ImageData([0, 0]).End().ToArray()).Message);

    [Fact]
    public void Missing_image_data() =>
        Assert.Contains("no IDAT", Refused(new PngBuilder().Header(1, 1, 8, 0).End().ToArray()).Message);

    [Fact]
    public void Missing_end() =>
        Assert.Contains("before the IEND", Refused(new PngBuilder().Header(1, 1, 8, 0).ImageData([0, 0]).ToArray()).Message);

    [Fact]
    public void Non_empty_end() =>
        Assert.Contains("IEND chunk must be empty", Refused(new PngBuilder().Header(1, 1, 8, 0).ImageData([0, 0]).Chunk("IEND", [1]).ToArray()).Message);

    [Fact]
    public void Image_data_split_by_another_chunk()
    {
        byte[] compressed = PngBuilder.Compress([0, 0, 0, 0]);
        var png = new PngBuilder().Header(1, 2, 8, 0)
            .Chunk("IDAT", compressed[..3]).Chunk("tEXt", "a\0b"u8).Chunk("IDAT", compressed[3..]).End().ToArray();
        Assert.Contains("not consecutive", Refused(png).Message);
    }

    [Fact]
    public void Unknown_critical_chunk_is_refused_but_unknown_ancillary_chunk_is_skipped()
    {
        var critical = new PngBuilder().Header(1, 1, 8, 0).Chunk("ZZZZ", [1]).ImageData([0, 5]).End().ToArray();
        Assert.Contains("critical chunk ZZZZ", Refused(critical).Message);

        var ancillary = new PngBuilder().Header(1, 1, 8, 0).Chunk("zzZZ", [1]).ImageData([0, 5]).End().ToArray();
        Assert.Equal([5], PngDecoder.Decode(ancillary, DecodeLimits.Default).Pixels);
    }

    [Fact]
    public void Invalid_filter_type_names_the_row()
    {
        var rows = PngBuilder.UnfilteredRows(3, 4);
        rows[2 * 5] = 5; // filter byte of row 2
        var e = Refused(new PngBuilder().Header(4, 3, 8, 0).ImageData(rows).End().ToArray());
        Assert.Contains("filter type 5", e.Message);
        Assert.Contains("row 2", e.Message);
    }

    [Fact]
    public void Image_data_too_short_for_the_header() =>
        Assert.Contains("truncated", Refused(new PngBuilder().Header(4, 3, 8, 0).ImageData(PngBuilder.UnfilteredRows(2, 4)).End().ToArray()).Message);

    [Fact]
    public void Image_data_longer_than_the_header_declares() =>
        Assert.Contains("more than", Refused(new PngBuilder().Header(4, 3, 8, 0).ImageData(PngBuilder.UnfilteredRows(4, 4)).End().ToArray()).Message);

    [Fact]
    public void Image_data_that_is_not_zlib()
    {
        var png = new PngBuilder().Header(4, 3, 8, 0).Chunk("IDAT", [0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC, 0xDE, 0xF0, 1, 2, 3]).End().ToArray();
        Assert.Contains("zlib", Refused(png).Message);
    }

    [Fact]
    public void Palette_image_without_palette() =>
        Assert.Contains("no PLTE", Refused(new PngBuilder().Header(2, 1, 8, 3).ImageData([0, 0, 0]).End().ToArray()).Message);

    [Fact]
    public void Palette_index_out_of_range()
    {
        var png = new PngBuilder().Header(3, 1, 8, 3).Chunk("PLTE", new byte[2 * 3]).ImageData([0, 0, 1, 2]).End().ToArray();
        var e = Refused(png);
        Assert.Contains("palette index 2", e.Message);
        Assert.Contains("2 entries", e.Message);
    }

    [Fact]
    public void Palette_index_out_of_range_at_low_bit_depth()
    {
        // 4-bit indices 0x1 and 0x3; the palette has 3 entries (0..2).
        var png = new PngBuilder().Header(2, 1, 4, 3).Chunk("PLTE", new byte[3 * 3]).ImageData([0, 0x13]).End().ToArray();
        Assert.Contains("palette index 3", Refused(png).Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(257 * 3)]
    public void Palette_of_invalid_length(int length) =>
        Assert.Contains("PLTE chunk length", Refused(new PngBuilder().Header(1, 1, 8, 3).Chunk("PLTE", new byte[length]).ImageData([0, 0]).End().ToArray()).Message);

    [Fact]
    public void Palette_in_greyscale_image() =>
        Assert.Contains("not allowed in a greyscale", Refused(new PngBuilder().Header(1, 1, 8, 0).Chunk("PLTE", new byte[3]).ImageData([0, 0]).End().ToArray()).Message);

    [Fact]
    public void Palette_after_image_data() =>
        Assert.Contains("after IDAT", Refused(new PngBuilder().Header(1, 1, 8, 2).ImageData([0, 0, 0, 0]).Chunk("PLTE", new byte[3]).End().ToArray()).Message);

    [Fact]
    public void Transparency_longer_than_palette() =>
        Assert.Contains("only 1 entries", Refused(new PngBuilder().Header(1, 1, 8, 3).Chunk("PLTE", new byte[3]).Chunk("tRNS", [1, 2]).ImageData([0, 0]).End().ToArray()).Message);

    [Fact]
    public void Transparency_before_palette() =>
        Assert.Contains("before PLTE", Refused(new PngBuilder().Header(1, 1, 8, 3).Chunk("tRNS", [1]).Chunk("PLTE", new byte[3]).ImageData([0, 0]).End().ToArray()).Message);

    [Theory]
    [InlineData(0, 3)]
    [InlineData(2, 2)]
    public void Transparency_of_wrong_length(byte colorType, int length)
    {
        int channels = colorType == 0 ? 1 : 3;
        var png = new PngBuilder().Header(1, 1, 8, colorType).Chunk("tRNS", new byte[length]).ImageData(new byte[1 + channels]).End().ToArray();
        Assert.Contains("tRNS chunk for", Refused(png).Message);
    }

    [Fact]
    public void Transparency_in_image_with_alpha() =>
        Assert.Contains("already has an alpha channel", Refused(new PngBuilder().Header(1, 1, 8, 6).Chunk("tRNS", [0, 0]).ImageData(new byte[5]).End().ToArray()).Message);

    [Fact]
    public void Bytes_after_IEND_are_ignored()
    {
        byte[] png = [.. ValidGrey(), .. "garbage after the end"u8];
        Assert.Equal(12, PngDecoder.Decode(png, DecodeLimits.Default).Pixels.Length);
    }
}
