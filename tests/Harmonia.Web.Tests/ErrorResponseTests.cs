using System.Net;
using System.Text;
using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Web.Tests;

/// <summary>Every refusal of <c>POST /api/harmonize</c>: right status, JSON body, a detail naming the problem.</summary>
public sealed class ErrorResponseTests : IAsyncLifetime
{
    private static readonly ServerOptions Limits = new()
    {
        MaxUploadBytes = 64 * 1024,
        MaxImagePixels = 100 * 100,
        MaxWorkingSize = 512,
        MaxNativePixels = 50 * 50,
    };

    private LoopbackServer server = null!;

    public async Task InitializeAsync() => server = await LoopbackServer.StartAsync(Limits);
    public async Task DisposeAsync() => await server.DisposeAsync();

    private static byte[] Composite => TestImages.CompositePng(32, 32);
    private static byte[] Mask => TestImages.MaskPng(32, 32);

    [Fact]
    public async Task An_upload_over_the_size_limit_is_413()
    {
        var noise = new byte[100 * 1024];
        new Random(1).NextBytes(noise);
        // The refusal comes from the declared Content-Length, before the body is read. With
        // "Expect: 100-continue" the client waits for that answer instead of streaming a body the
        // server will not read; without it, the server closing the connection can race the client's
        // write and surface as a broken pipe instead of the 413 (a property of HTTP/1.1, not of the server).
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/harmonize") { Content = LoopbackServer.Form(noise, Mask) };
        request.Headers.ExpectContinue = true;
        using var response = await server.Client.SendAsync(request);

        string detail = await ApiErrorAssert.IsErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "upload_too_large");
        Assert.Contains("65536 bytes", detail);
    }

    [Fact]
    public async Task An_upload_over_the_size_limit_without_content_length_is_413()
    {
        var noise = new byte[100 * 1024];
        var form = LoopbackServer.Form(noise, Mask);
        // Chunked transfer: the server only learns the size while reading the body.
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/harmonize") { Content = new StreamContent(await form.ReadAsStreamAsync()) };
        foreach (var header in form.Headers) request.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        request.Content.Headers.ContentLength = null;
        request.Headers.TransferEncodingChunked = true;
        using var response = await server.Client.SendAsync(request);

        await ApiErrorAssert.IsErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "upload_too_large");
    }

    [Theory]
    [InlineData("composite")]
    [InlineData("mask")]
    public async Task An_image_over_the_pixel_limit_is_422_naming_the_part(string part)
    {
        byte[] big = part == "composite" ? TestImages.CompositePng(101, 100) : TestImages.MaskPng(101, 100);
        using var response = part == "composite" ? await server.HarmonizeAsync(big, Mask) : await server.HarmonizeAsync(Composite, big);

        string detail = await ApiErrorAssert.IsErrorAsync(response, HttpStatusCode.UnprocessableEntity, $"invalid_{part}");
        Assert.Contains($"the {part} image", detail);
        Assert.Contains("10000 pixels", detail);
    }

    [Fact]
    public async Task A_mask_of_another_size_is_422_giving_both_sizes()
    {
        using var response = await server.HarmonizeAsync(Composite, TestImages.MaskPng(32, 16));

        string detail = await ApiErrorAssert.IsErrorAsync(response, HttpStatusCode.UnprocessableEntity, "mask_size_mismatch");
        Assert.Contains("mask is 32x16", detail);
        Assert.Contains("composite is 32x32", detail);
    }

    [Fact]
    public async Task An_undecodable_composite_is_422_naming_the_composite()
    {
        using var response = await server.HarmonizeAsync(Encoding.ASCII.GetBytes("this is not an image"), Mask);

        string detail = await ApiErrorAssert.IsErrorAsync(response, HttpStatusCode.UnprocessableEntity, "invalid_composite");
        Assert.Contains("composite", detail);
    }

    /// <summary>The composite sent as the mask too (a swapped upload) is refused, not read as a soft mask over everything.</summary>
    [Fact]
    public async Task A_colour_picture_as_the_mask_is_422_saying_it_is_not_a_mask()
    {
        using var response = await server.HarmonizeAsync(Composite, Composite);

        string detail = await ApiErrorAssert.IsErrorAsync(response, HttpStatusCode.UnprocessableEntity, "invalid_mask");
        Assert.Contains("colour picture", detail);
        Assert.Contains("other way round", detail);
    }

    [Fact]
    public async Task A_truncated_mask_is_422_naming_the_mask()
    {
        using var response = await server.HarmonizeAsync(Composite, Mask[..(Mask.Length / 2)]);

        await ApiErrorAssert.IsErrorAsync(response, HttpStatusCode.UnprocessableEntity, "invalid_mask");
    }

    [Fact]
    public async Task An_empty_mask_file_is_422()
    {
        using var response = await server.HarmonizeAsync(Composite, []);

        await ApiErrorAssert.IsErrorAsync(response, HttpStatusCode.UnprocessableEntity, "invalid_mask");
    }

    [Fact]
    public async Task An_unknown_model_is_400_listing_the_known_ones()
    {
        using var response = await server.HarmonizeAsync(Composite, Mask, model: "no-such-model");

        string detail = await ApiErrorAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, "unknown_model");
        Assert.Contains("no-such-model", detail);
        Assert.Contains("reinhard", detail);
    }

    [Fact]
    public async Task A_model_without_weights_is_422_with_the_reason()
    {
        using var response = await server.HarmonizeAsync(Composite, Mask, model: "hdnet-lite");

        string detail = await ApiErrorAssert.IsErrorAsync(response, HttpStatusCode.UnprocessableEntity, "model_unavailable");
        Assert.Contains("hdnet-lite", detail);
        Assert.Contains("weights", detail);
    }

    [Theory]
    [InlineData("big")]
    [InlineData("0")]
    [InlineData("-8")]
    [InlineData("513")]
    [InlineData("99999999999999")]
    [InlineData("2.5")]
    public async Task A_bad_size_is_400(string size)
    {
        using var response = await server.HarmonizeAsync(Composite, Mask, model: "reinhard", size: size);

        string detail = await ApiErrorAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, "bad_size");
        Assert.Contains("512", detail);
    }

    [Fact]
    public async Task Native_size_over_the_native_pixel_limit_is_422_suggesting_a_working_size()
    {
        using var response = await server.HarmonizeAsync(TestImages.CompositePng(64, 64), TestImages.MaskPng(64, 64), size: "native");

        string detail = await ApiErrorAssert.IsErrorAsync(response, HttpStatusCode.UnprocessableEntity, "too_large_for_native");
        Assert.Contains("64x64", detail);
    }

    [Theory]
    [InlineData("composite")]
    [InlineData("mask")]
    public async Task A_missing_file_is_400_naming_it(string missing)
    {
        using var response = missing == "composite" ? await server.HarmonizeAsync(null, Mask) : await server.HarmonizeAsync(Composite, null);

        string detail = await ApiErrorAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, $"missing_{missing}");
        Assert.Contains($"'{missing}'", detail);
    }

    [Fact]
    public async Task A_body_that_is_not_a_form_is_415()
    {
        using var response = await server.Client.PostAsync("api/harmonize", new ByteArrayContent(Composite) { Headers = { ContentType = new("image/png") } });

        await ApiErrorAssert.IsErrorAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task A_malformed_multipart_body_is_400()
    {
        var content = new StringContent("--xyz\r\nContent-Disposition: form-data; name=\"composite\"\r\n\r\nunterminated", Encoding.ASCII);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");
        using var response = await server.Client.PostAsync("api/harmonize", content);

        await ApiErrorAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, "malformed_form");
    }

    [Fact]
    public async Task An_unknown_path_is_a_json_404()
    {
        using var response = await server.Client.GetAsync("api/nothing-here");

        await ApiErrorAssert.IsErrorAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Getting_the_harmonize_address_says_to_post()
    {
        using var response = await server.Client.GetAsync("api/harmonize");

        string detail = await ApiErrorAssert.IsErrorAsync(response, HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.Contains("POST", detail);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
    }

    [Fact]
    public async Task Any_address_asked_with_a_method_it_does_not_answer_names_the_one_it_does()
    {
        using var response = await server.Client.PostAsync("api/models", new StringContent(""));

        string detail = await ApiErrorAssert.IsErrorAsync(response, HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.Contains("use GET", detail);
        Assert.Equal(["GET"], response.Content.Headers.Allow);
    }

    [Fact]
    public async Task The_server_keeps_answering_after_a_run_of_bad_requests()
    {
        for (int i = 0; i < 5; i++)
        {
            using var bad = await server.HarmonizeAsync([0x89, 0x50, 0x4E, 0x47, (byte)i], Mask);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        }
        using var good = await server.HarmonizeAsync(Composite, Mask, "reinhard", "32");

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(32, ImageFile.Load(await good.Content.ReadAsByteArrayAsync()).Width);
    }
}
