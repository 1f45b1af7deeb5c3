using Harmonia.Imaging.Files;
using Harmonia.Imaging;
using Microsoft.Playwright;

namespace Harmonia.Web.Tests.Browser;

/// <summary>
/// The page in a real browser: upload or paint a mask, harmonize, and check the image the page
/// received pixel by pixel against what was sent.
/// </summary>
public sealed class WebPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private IPage page = null!;
    private readonly List<string> pageErrors = [];

    public async Task InitializeAsync()
    {
        page = await browser.Context.NewPageAsync();
        page.Console += (_, message) =>
        {
            // Chromium logs every HTTP error status as a console error; the API's 4xx answers are expected in some tests.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource: the server responded with a status of 4", StringComparison.Ordinal))
                pageErrors.Add(message.Text);
        };
        page.PageError += (_, error) => pageErrors.Add(error);
        await page.GotoAsync(browser.ServerUrl.ToString());
        // The model list arrives from /api/models after the page loads.
        await page.Locator("#model option[value='reinhard']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        // So do the limits the page checks before uploading.
        await page.WaitForFunctionAsync("() => document.getElementById('upload-limits').textContent !== ''");
    }

    public async Task DisposeAsync()
    {
        await page.CloseAsync();
        Assert.Empty(pageErrors);
        Assert.Empty(browser.BlockedRequests);
    }

    [Fact]
    public async Task Uploading_a_composite_and_a_mask_shows_the_harmonized_result()
    {
        var composite = DemoScene.Composite();
        await ChooseFileAsync("#composite-file", "composite.png", DemoScene.CompositePng());
        await ChooseFileAsync("#mask-file", "mask.png", DemoScene.MaskPng());
        await page.SelectOptionAsync("#model", "reinhard");
        await page.SelectOptionAsync("#size", "256");
        await SubmitAndWaitForResultAsync();

        var result = await ReceivedResultAsync();
        Assert.Equal((DemoScene.Width, DemoScene.Height), (result.Width, result.Height));
        Assert.Equal((DemoScene.Width, DemoScene.Height), await ResultNaturalSizeAsync());
        int changedInDisc = 0;
        for (int y = 0; y < DemoScene.Height; y++)
        for (int x = 0; x < DemoScene.Width; x++)
        {
            int i = (y * DemoScene.Width + x) * 3;
            bool same = composite.Pixels.AsSpan(i, 3).SequenceEqual(result.Pixels.AsSpan(i, 3));
            if (!DemoScene.InDisc(x, y)) Assert.True(same, $"background pixel ({x}, {y}) changed");
            else if (!same) changedInDisc++;
        }
        Assert.True(changedInDisc > 0.9 * Math.PI * DemoScene.DiscRadius * DemoScene.DiscRadius, $"only {changedInDisc} disc pixels changed");
        Assert.Contains("reinhard", await page.TextContentAsync("#status"));
        Assert.StartsWith("blob:", await page.GetAttributeAsync("#download", "href"));
        Assert.Equal("composite-harmonized.png", await page.GetAttributeAsync("#download", "download"));

        await page.Locator("#compare-slider").FillAsync("60");
        await SaveScreenshotAsync();
    }

    [Fact]
    public async Task Painting_and_erasing_the_mask_with_the_brush_harmonizes_only_the_painted_part()
    {
        var composite = DemoScene.Composite();
        await ChooseFileAsync("#composite-file", "composite.png", DemoScene.CompositePng());
        await page.Locator("#brush-size").FillAsync("30");
        Assert.Equal("30", await page.TextContentAsync("#brush-size-value"));

        // Paint a stroke across the disc, from its left edge to its right edge…
        int y = DemoScene.DiscCentreY;
        int left = DemoScene.DiscCentreX - DemoScene.DiscRadius + 8, right = DemoScene.DiscCentreX + DemoScene.DiscRadius - 8;
        await StrokeAsync((left, y), (right, y));
        Assert.True(await PaintedPixelCountAsync() > 0, "the brush painted nothing");
        // …then erase its right half.
        await page.ClickAsync("#erase-toggle");
        Assert.Equal("true", await page.GetAttributeAsync("#erase-toggle", "aria-pressed"));
        await StrokeAsync((DemoScene.DiscCentreX + 6, y), (right + 25, y));
        await page.SelectOptionAsync("#model", "reinhard");
        await SubmitAndWaitForResultAsync();

        var result = await ReceivedResultAsync();
        bool Changed(int x, int py) => !composite.Pixels.AsSpan((py * DemoScene.Width + x) * 3, 3).SequenceEqual(result.Pixels.AsSpan((py * DemoScene.Width + x) * 3, 3));
        Assert.True(Changed(left + 10, y), "the painted part was not harmonized");
        Assert.False(Changed(right - 5, y), "the erased part was harmonized");
        Assert.False(Changed(DemoScene.DiscCentreX, y - 30), "a part never painted was harmonized");
        Assert.False(Changed(5, 5), "the background was harmonized");
    }

    [Fact]
    public async Task The_minimum_change_and_color_guard_are_offered_for_a_network_and_sent_with_the_form()
    {
        await page.SelectOptionAsync("#model", "reinhard");
        Assert.True(await page.IsDisabledAsync("#min-change"));
        Assert.True(await page.IsDisabledAsync("#color-guard"));
        Assert.Equal("–", await page.TextContentAsync("#min-change-value"));
        Assert.Contains("no colour map", await page.TextContentAsync("#min-change-note"));

        await page.SelectOptionAsync("#model", BrowserFixture.AvailableNetwork);
        Assert.False(await page.IsDisabledAsync("#min-change"));
        Assert.False(await page.IsDisabledAsync("#color-guard"));
        Assert.True(await page.IsCheckedAsync("#color-guard"));
        await page.UncheckAsync("#color-guard");
        Assert.Equal("6", await page.InputValueAsync("#min-change"));
        await page.Locator("#min-change").FillAsync("0");
        Assert.Equal("0", await page.TextContentAsync("#min-change-value"));
        string? sentForm = null;
        page.Request += (_, request) => { if (request.Url.EndsWith("/api/harmonize", StringComparison.Ordinal)) sentForm = System.Text.Encoding.Latin1.GetString(request.PostDataBuffer ?? []); };
        await ChooseFileAsync("#composite-file", "composite.png", DemoScene.CompositePng());
        await ChooseFileAsync("#mask-file", "mask.png", DemoScene.MaskPng());
        await page.SelectOptionAsync("#size", "256");
        await SubmitAndWaitForResultAsync();

        // The server says which minimum and guard it used; the form carried the slider's and the box's values.
        Assert.Contains("minimum change 0 levels, colour guard off", await page.TextContentAsync("#status"));
        Assert.Contains("name=\"min_change\"", sentForm);
        Assert.Contains("name=\"color_guard\"", sentForm);
    }

    [Fact]
    public async Task Clear_empties_the_mask_and_an_empty_mask_is_not_sent()
    {
        await ChooseFileAsync("#composite-file", "composite.png", DemoScene.CompositePng());
        await StrokeAsync((50, 50), (120, 60));
        Assert.True(await PaintedPixelCountAsync() > 0);
        await page.ClickAsync("#clear-mask");
        Assert.Equal(0, await PaintedPixelCountAsync());

        await page.ClickAsync("#submit");
        Assert.Contains("mask is empty", await page.TextContentAsync("#error"));
        Assert.True(await page.IsHiddenAsync("#result-panel"));
    }

    [Fact]
    public async Task Errors_from_the_api_are_shown_on_the_page()
    {
        await ChooseFileAsync("#composite-file", "composite.png", DemoScene.CompositePng());
        await ChooseFileAsync("#mask-file", "mask.png", DemoScene.MaskPng());
        await page.SelectOptionAsync("#size", "native"); // the fixture's server refuses native size for this image

        await page.ClickAsync("#submit");
        var error = page.Locator("#error");
        await error.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        string text = await error.TextContentAsync() ?? "";
        // What to do, in the page's words; not the API's codes.
        Assert.Contains("too large to harmonize at its native size: choose a working size", text);
        Assert.DoesNotContain("too_large_for_native", text);
        Assert.DoesNotContain("HTTP", text);
    }

    [Fact]
    public async Task A_mask_file_of_another_size_is_refused_on_the_page()
    {
        await ChooseFileAsync("#composite-file", "composite.png", DemoScene.CompositePng());
        await ChooseFileAsync("#mask-file", "small-mask.png", TestImages.MaskPng(20, 10));

        var error = page.Locator("#error");
        await error.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        Assert.Contains($"mask is 20×10 but the composite is {DemoScene.Width}×{DemoScene.Height}", await error.TextContentAsync());
        Assert.Equal(0, await PaintedPixelCountAsync());
        // Harmonize now repeats the size problem and its offer, rather than calling the mask empty.
        await page.ClickAsync("#submit");
        Assert.Contains("mask is 20×10", await error.TextContentAsync());
        Assert.DoesNotContain("empty", await error.TextContentAsync());
        Assert.True(await page.IsVisibleAsync("#resize-mask"));

        // The page offers what run --resize-mask does: the 20×10 mask's white part, stretched to the composite.
        await page.ClickAsync("#resize-mask");
        Assert.True(await page.IsHiddenAsync("#error"));
        Assert.True(await page.IsHiddenAsync("#resize-mask"));
        Assert.Equal(DemoScene.Width * DemoScene.Height * PaintedFractionOfTestMask(20, 10), await PaintedPixelCountAsync(), 0.02 * DemoScene.Width * DemoScene.Height);
        await page.SelectOptionAsync("#model", "reinhard");
        await SubmitAndWaitForResultAsync();
    }

    [Fact]
    public async Task A_new_input_or_an_error_removes_the_old_result_and_its_download()
    {
        await ChooseFileAsync("#composite-file", "composite.png", DemoScene.CompositePng());
        await ChooseFileAsync("#mask-file", "mask.png", DemoScene.MaskPng());
        await page.SelectOptionAsync("#model", "reinhard");
        await SubmitAndWaitForResultAsync();
        Assert.True(await page.IsVisibleAsync("#compare-panel"));

        await ChooseFileAsync("#composite-file", "other.png", DemoScene.CompositePng());
        await AssertNoResultAsync();

        await ChooseFileAsync("#mask-file", "mask.png", DemoScene.MaskPng());
        await SubmitAndWaitForResultAsync();
        await page.SelectOptionAsync("#size", "native"); // refused by the fixture's server
        await page.ClickAsync("#submit");
        await page.Locator("#error").WaitForAsync(new() { State = WaitForSelectorState.Visible });
        await AssertNoResultAsync();
    }

    [Fact]
    public async Task Undo_takes_back_the_last_stroke_and_clear()
    {
        await ChooseFileAsync("#composite-file", "composite.png", DemoScene.CompositePng());
        Assert.True(await page.IsDisabledAsync("#undo"));
        await StrokeAsync((20, 20), (80, 20));
        int afterFirst = await PaintedPixelCountAsync();
        await StrokeAsync((20, 120), (200, 120));
        Assert.True(await PaintedPixelCountAsync() > afterFirst);

        await page.ClickAsync("#undo");
        Assert.Equal(afterFirst, await PaintedPixelCountAsync());
        await page.ClickAsync("#clear-mask");
        Assert.Equal(0, await PaintedPixelCountAsync());
        await page.Keyboard.PressAsync("Control+z");
        Assert.Equal(afterFirst, await PaintedPixelCountAsync());
        await page.ClickAsync("#undo");
        Assert.Equal(0, await PaintedPixelCountAsync());
        Assert.True(await page.IsDisabledAsync("#undo"));
    }

    [Fact]
    public async Task Zooming_in_enlarges_the_image_and_painting_still_lands_where_the_pointer_is()
    {
        await ChooseFileAsync("#composite-file", "composite.png", DemoScene.CompositePng());
        // The canvas appears once the picture has loaded; under load that is after the file is chosen.
        var canvas = page.Locator("#mask-canvas");
        await canvas.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        var before = await canvas.BoundingBoxAsync() ?? throw new InvalidOperationException("the mask canvas has no box");
        await page.ClickAsync("#zoom-in");
        await page.ClickAsync("#zoom-in");
        Assert.Equal("200%", await page.TextContentAsync("#zoom-value"));
        var after = await canvas.BoundingBoxAsync() ?? throw new InvalidOperationException("the mask canvas has no box");
        Assert.Equal(2 * before.Width, after.Width, 1.0);
        // Zooming keeps the middle of the view in the middle: at 200% the view starts half a view to the right.
        Assert.Equal(await ScrollAsync("clientWidth") / 2, await ScrollAsync("scrollLeft"), 2.0);

        await page.EvaluateAsync("() => document.getElementById('editor-viewport').scrollTo(0, 0)");
        await StrokeAsync((30, 30), (60, 30));
        Assert.True(await MaskAlphaAtAsync(45, 30) >= 128, "no paint under the stroke");
        Assert.True(await MaskAlphaAtAsync(45, 60) < 128, "paint far from the stroke");

        await page.ClickAsync("#zoom-fit");
        Assert.Equal("100%", await page.TextContentAsync("#zoom-value"));
    }

    [Fact]
    public async Task A_zoomed_image_pans_with_space_drag_middle_drag_and_the_wheel_without_painting()
    {
        await ChooseFileAsync("#composite-file", "composite.png", DemoScene.CompositePng());
        for (int i = 0; i < 4; i++) await page.ClickAsync("#zoom-in"); // 400%
        Assert.Equal("400%", await page.TextContentAsync("#zoom-value"));
        var viewport = page.Locator("#editor-viewport");
        var box = await viewport.BoundingBoxAsync() ?? throw new InvalidOperationException("the viewport has no box");
        Assert.True(await ScrollAsync("scrollWidth") > box.Width + 100, "the zoomed image does not overflow its viewport");
        await page.EvaluateAsync("() => { const v = document.getElementById('editor-viewport'); v.scrollLeft = 200; v.scrollTop = 100; }");
        float centreX = box.X + box.Width / 2, centreY = box.Y + Math.Min(box.Height, 300) / 2;

        // Space held: dragging left and up moves the image with the pointer, so the view scrolls right and down.
        await page.Mouse.MoveAsync(centreX, centreY);
        await page.Keyboard.DownAsync(" ");
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(centreX - 80, centreY - 40, new() { Steps = 8 });
        await page.Mouse.UpAsync();
        await page.Keyboard.UpAsync(" ");
        Assert.Equal(280, await ScrollAsync("scrollLeft"), 2.0);
        Assert.Equal(140, await ScrollAsync("scrollTop"), 2.0);

        // The middle button pans too, back to where it was.
        await page.Mouse.DownAsync(new() { Button = MouseButton.Middle });
        await page.Mouse.MoveAsync(centreX, centreY, new() { Steps = 8 });
        await page.Mouse.UpAsync(new() { Button = MouseButton.Middle });
        Assert.Equal(200, await ScrollAsync("scrollLeft"), 2.0);
        Assert.Equal(100, await ScrollAsync("scrollTop"), 2.0);
        Assert.Equal(0, await PaintedPixelCountAsync());

        // The wheel scrolls the viewport (Ctrl + wheel zooms instead).
        await page.Mouse.WheelAsync(0, 120);
        await page.WaitForFunctionAsync("() => document.getElementById('editor-viewport').scrollTop > 150");

        // Without Space, a drag paints again, where the pointer is.
        await page.Mouse.MoveAsync(centreX, centreY);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(centreX + 20, centreY, new() { Steps = 4 });
        await page.Mouse.UpAsync();
        Assert.True(await PaintedPixelCountAsync() > 0, "a plain drag did not paint after panning");
    }

    private Task<double> ScrollAsync(string property) =>
        page.EvaluateAsync<double>($"() => document.getElementById('editor-viewport').{property}");

    [Fact]
    public async Task A_feathered_mask_file_reaches_the_server_feathered()
    {
        // Coverage 1 inside radius 30 of the disc's centre, falling to 0 at radius 50.
        var coverage = new byte[DemoScene.Width * DemoScene.Height];
        for (int y = 0; y < DemoScene.Height; y++)
            for (int x = 0; x < DemoScene.Width; x++)
            {
                double distance = Math.Sqrt(Math.Pow(x - DemoScene.DiscCentreX, 2) + Math.Pow(y - DemoScene.DiscCentreY, 2));
                coverage[y * DemoScene.Width + x] = (byte)Math.Round(255 * Math.Clamp((50 - distance) / 20, 0, 1));
            }
        var changes = await ChangesWithMaskFileAsync("mask.png", new Image(DemoScene.Width, DemoScene.Height, 1, coverage));

        var lowCoverageChanges = new List<double>();
        for (int p = 0; p < coverage.Length; p++)
        {
            if (coverage[p] == 0) Assert.Equal(0, changes[p]);
            else if (coverage[p] is >= 51 and < 128) lowCoverageChanges.Add(changes[p]);
        }
        // A mask cut at 128 on the page would leave these pixels exactly as they were.
        Assert.True(lowCoverageChanges.Average() > 3, $"pixels at coverage 0.2 to 0.5 moved by {lowCoverageChanges.Average():F1} on average");
    }

    [Fact]
    public async Task A_cut_out_mask_file_is_read_by_its_alpha()
    {
        // The pasted layer itself as the mask: a dark, opaque disc on fully transparent white. Read by
        // its grey, the disc would be a 8% mask; read by its alpha (as the server reads files), it is whole.
        var cutOut = new byte[DemoScene.Width * DemoScene.Height * 4];
        var inside = new bool[DemoScene.Width * DemoScene.Height];
        for (int y = 0; y < DemoScene.Height; y++)
            for (int x = 0; x < DemoScene.Width; x++)
            {
                int p = y * DemoScene.Width + x;
                inside[p] = Math.Pow(x - DemoScene.DiscCentreX, 2) + Math.Pow(y - DemoScene.DiscCentreY, 2) <= 30 * 30;
                byte[] pixel = inside[p] ? [20, 20, 20, 255] : [255, 255, 255, 0];
                pixel.CopyTo(cutOut, 4 * p);
            }
        var changes = await ChangesWithMaskFileAsync("layer.png", new Image(DemoScene.Width, DemoScene.Height, 4, cutOut));

        var insideChanges = new List<double>();
        for (int p = 0; p < inside.Length; p++)
        {
            if (inside[p]) insideChanges.Add(changes[p]);
            else Assert.Equal(0, changes[p]);
        }
        Assert.True(insideChanges.Average() > 10, $"the disc moved by {insideChanges.Average():F1} on average");
    }

    /// <summary>
    /// Chooses the demo composite and <paramref name="mask"/> as files, harmonizes with Reinhard at 256 and
    /// returns each pixel's mean absolute change over the three channels.
    /// </summary>
    private async Task<double[]> ChangesWithMaskFileAsync(string maskFileName, Image mask)
    {
        var composite = DemoScene.Composite();
        await ChooseFileAsync("#composite-file", "composite.png", DemoScene.CompositePng());
        await ChooseFileAsync("#mask-file", maskFileName, ImageFile.Encode(mask, ImageFileFormat.Png));
        await page.SelectOptionAsync("#model", "reinhard");
        await page.SelectOptionAsync("#size", "256");
        await SubmitAndWaitForResultAsync();

        var result = await ReceivedResultAsync();
        return Enumerable.Range(0, DemoScene.Width * DemoScene.Height)
            .Select(p => Enumerable.Range(0, 3).Average(c => Math.Abs(result.Pixels[3 * p + c] - composite.Pixels[3 * p + c])))
            .ToArray();
    }

    [Fact]
    public async Task Dropping_a_composite_and_its_mask_loads_both()
    {
        await DispatchFilesAsync("drop", ("scene.png", DemoScene.CompositePng()), ("scene_mask.png", DemoScene.MaskPng()));

        await page.Locator("#editor").WaitForAsync(new() { State = WaitForSelectorState.Visible });
        await page.WaitForFunctionAsync("() => document.getElementById('composite-file').files[0]?.name === 'scene.png'");
        var painted = await WaitForPaintAsync();
        Assert.Equal(Math.PI * DemoScene.DiscRadius * DemoScene.DiscRadius, painted, 0.05 * painted);
        await page.SelectOptionAsync("#model", "reinhard");
        await SubmitAndWaitForResultAsync();
        Assert.Equal("scene-harmonized.png", await page.GetAttributeAsync("#download", "download"));
    }

    [Fact]
    public async Task Pasting_an_image_makes_it_the_composite()
    {
        await DispatchFilesAsync("paste", ("image.png", DemoScene.CompositePng()));

        await page.Locator("#editor").WaitForAsync(new() { State = WaitForSelectorState.Visible });
        Assert.Equal("image.png", await page.EvaluateAsync<string>("() => document.getElementById('composite-file').files[0].name"));
    }

    [Fact]
    public async Task Unavailable_models_say_why_on_the_page()
    {
        // Every network preset but the one the fixture serves (its server is given no other weights).
        int unavailable = Harmonia.Models.ModelCatalog.Presets.Count(p => p.Spec is not null) - 1;
        Assert.Equal($"{unavailable} models are unavailable: why", await page.TextContentAsync("#unavailable-summary"));
        await page.ClickAsync("#unavailable-summary");
        var notes = page.Locator("#unavailable-models");
        Assert.True(await notes.IsVisibleAsync());
        string text = await notes.TextContentAsync() ?? "";
        Assert.Contains("hdnet-lite is unavailable:", text);
        Assert.Contains("hdnet-lite.safetensors", text);
    }

    [Fact]
    public async Task The_page_has_a_favicon_and_loads_without_any_failed_request()
    {
        var failed = new List<string>();
        var fresh = await browser.Context.NewPageAsync();
        fresh.Response += (_, response) => { if (response.Status >= 400) failed.Add($"{response.Status} {response.Url}"); };
        await fresh.GotoAsync(browser.ServerUrl.ToString());
        await fresh.Locator("#model option[value='reinhard']").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        string? icon = await fresh.GetAttributeAsync("link[rel='icon']", "href");
        var answer = await fresh.APIRequest.GetAsync(new Uri(browser.ServerUrl, icon).ToString());
        await fresh.CloseAsync();

        Assert.Empty(failed);
        Assert.Equal(200, answer.Status);
        Assert.StartsWith("image/svg+xml", answer.Headers["content-type"]);
    }

    [Fact]
    public async Task Unavailable_models_are_listed_but_cannot_be_chosen()
    {
        var lite = page.Locator("#model option[value='hdnet-lite']");
        Assert.True(await lite.IsDisabledAsync());
        Assert.Contains("unavailable", await lite.TextContentAsync());
        Assert.Equal("reinhard", await page.InputValueAsync("#model"));
    }

    [Fact]
    public async Task A_file_over_the_upload_limit_is_refused_on_the_page_without_sending_it()
    {
        Assert.Contains("up to 256 KiB", await page.TextContentAsync("#upload-limits"));
        int harmonizeRequests = 0;
        page.Request += (_, request) => { if (request.Url.EndsWith("/api/harmonize", StringComparison.Ordinal)) harmonizeRequests++; };
        byte[] noise = NoisePng(300, 300);
        Assert.True(noise.Length > BrowserFixture.MaxUploadBytes, $"the noise PNG is only {noise.Length} bytes");
        await ChooseFileAsync("#composite-file", "noise.png", noise);
        await ChooseFileAsync("#mask-file", "mask.png", TestImages.MaskPng(300, 300));

        await page.ClickAsync("#submit");
        var error = page.Locator("#error");
        await error.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        string text = await error.TextContentAsync() ?? "";
        Assert.Contains("upload limit of 256 KiB", text);
        Assert.Contains($"composite ({noise.Length / 1024.0:F1} KiB)", text);
        Assert.Equal(0, harmonizeRequests);
        Assert.True(await page.IsHiddenAsync("#result-panel"));
    }

    [Fact]
    public async Task A_composite_over_the_pixel_limit_is_refused_when_chosen()
    {
        await ChooseFileAsync("#composite-file", "wide.png", TestImages.CompositePng(301, 300));

        var error = page.Locator("#error");
        await error.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        string text = await error.TextContentAsync() ?? "";
        Assert.Contains("composite is 301×300 (90300 pixels)", text);
        Assert.Contains($"at most {BrowserFixture.MaxImagePixels} pixels", text);
        Assert.True(await page.IsHiddenAsync("#editor"));
    }

    private async Task AssertNoResultAsync()
    {
        Assert.True(await page.IsHiddenAsync("#result-panel"));
        Assert.True(await page.IsHiddenAsync("#compare-panel"));
        Assert.Null(await page.GetAttributeAsync("#download", "href"));
    }

    /// <summary>The share of a <see cref="TestImages.MaskPng"/> mask that is white, measured on the image itself.</summary>
    private static double PaintedFractionOfTestMask(int width, int height)
    {
        var mask = ImageFile.Load(TestImages.MaskPng(width, height));
        return mask.Pixels.Count(value => value >= 128) / (double)(width * height);
    }

    private Task<int> MaskAlphaAtAsync(int x, int y) => page.EvaluateAsync<int>(
        "([x, y]) => document.getElementById('mask-canvas').getContext('2d').getImageData(x, y, 1, 1).data[3]", new[] { x, y });

    private async Task<int> WaitForPaintAsync()
    {
        await page.WaitForFunctionAsync("""
            () => {
              const canvas = document.getElementById("mask-canvas");
              if (canvas.width === 0) return false;
              const alpha = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
              for (let i = 3; i < alpha.length; i += 4) if (alpha[i] >= 128) return true;
              return false;
            }
            """);
        return await PaintedPixelCountAsync();
    }

    /// <summary>Sends the page a drop or paste event carrying PNG files, as a browser does for a user's drag or Ctrl+V.</summary>
    private Task DispatchFilesAsync(string eventType, params (string Name, byte[] Content)[] files) => page.EvaluateAsync("""
        ([type, files]) => {
          const transfer = new DataTransfer();
          for (const [name, base64] of files) {
            const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
            transfer.items.add(new File([bytes], name, { type: "image/png" }));
          }
          const event = type === "paste"
            ? new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true })
            : new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true });
          document.body.dispatchEvent(event);
        }
        """, new object[] { eventType, files.Select(file => new[] { file.Name, Convert.ToBase64String(file.Content) }).ToArray() });

    /// <summary>A PNG of random pixels: incompressible, so its size is about 3 bytes a pixel.</summary>
    private static byte[] NoisePng(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        new Random(7).NextBytes(pixels);
        return ImageFile.Encode(new Image(width, height, 3, pixels), ImageFileFormat.Png);
    }

    private Task ChooseFileAsync(string selector, string name, byte[] content)
        => page.SetInputFilesAsync(selector, new FilePayload { Name = name, MimeType = "image/png", Buffer = content });

    /// <summary>Drags the mouse over the mask canvas between two points given in image pixels.</summary>
    private async Task StrokeAsync((int X, int Y) from, (int X, int Y) to)
    {
        var canvas = page.Locator("#mask-canvas");
        await canvas.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        var box = await canvas.BoundingBoxAsync() ?? throw new InvalidOperationException("the mask canvas has no box");
        float scale = box.Width / DemoScene.Width;
        await page.Mouse.MoveAsync(box.X + from.X * scale, box.Y + from.Y * scale);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + to.X * scale, box.Y + to.Y * scale, new() { Steps = 12 });
        await page.Mouse.UpAsync();
    }

    private Task<int> PaintedPixelCountAsync() => page.EvaluateAsync<int>("""
        () => {
          const canvas = document.getElementById("mask-canvas");
          const alpha = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
          let count = 0;
          for (let i = 3; i < alpha.length; i += 4) if (alpha[i] >= 128) count++;
          return count;
        }
        """);

    private async Task SubmitAndWaitForResultAsync()
    {
        await page.ClickAsync("#submit");
        // Either the result arrives or the page shows an error; report the error rather than time out.
        var outcome = await page.WaitForFunctionAsync("""
            () => {
              const error = document.getElementById("error");
              if (!error.hidden) return "error: " + error.textContent;
              const image = document.getElementById("result-image");
              return !document.getElementById("result-panel").hidden && image.complete && image.naturalWidth > 0 ? "ok" : null;
            }
            """);
        Assert.Equal("ok", await outcome.JsonValueAsync<string>());
    }

    /// <summary>The PNG the page received, fetched back from the download link's blob URL and decoded.</summary>
    private async Task<Image> ReceivedResultAsync()
    {
        string base64 = await page.EvaluateAsync<string>("""
            async () => {
              const blob = await (await fetch(document.getElementById("download").href)).blob();
              const bytes = new Uint8Array(await blob.arrayBuffer());
              let text = "";
              for (const byte of bytes) text += String.fromCharCode(byte);
              return btoa(text);
            }
            """);
        return ImageFile.Load(Convert.FromBase64String(base64));
    }

    private async Task<(int, int)> ResultNaturalSizeAsync()
    {
        var size = await page.EvaluateAsync<int[]>("() => { const i = document.getElementById('result-image'); return [i.naturalWidth, i.naturalHeight]; }");
        return (size[0], size[1]);
    }

    /// <summary>Saves the page as a test artifact (the README's picture comes from the real server: tools/web-screenshot.cs).</summary>
    private async Task SaveScreenshotAsync()
    {
        string artifact = Path.Combine(AppContext.BaseDirectory, "screenshots", "web-page.png");
        Directory.CreateDirectory(Path.GetDirectoryName(artifact)!);
        await page.ScreenshotAsync(new() { Path = artifact, FullPage = true });
        Assert.True(new FileInfo(artifact).Length > 10_000, "the screenshot is suspiciously small");
    }
}
