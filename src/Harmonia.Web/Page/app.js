// Harmonia web page: choose or paint a mask over a composite, send both to /api/harmonize,
// show the result beside the input and in a before/after comparison.
"use strict";

const byId = (id) => document.getElementById(id);
const ui = {
  form: byId("harmonize-form"),
  compositeFile: byId("composite-file"),
  maskFile: byId("mask-file"),
  brushSize: byId("brush-size"),
  brushSizeValue: byId("brush-size-value"),
  eraseToggle: byId("erase-toggle"),
  clearMask: byId("clear-mask"),
  model: byId("model"),
  size: byId("size"),
  uploadLimits: byId("upload-limits"),
  submit: byId("submit"),
  status: byId("status"),
  error: byId("error"),
  editor: byId("editor"),
  editorPlaceholder: byId("editor-placeholder"),
  compositePreview: byId("composite-preview"),
  maskCanvas: byId("mask-canvas"),
  resultPanel: byId("result-panel"),
  resultImage: byId("result-image"),
  download: byId("download"),
  comparePanel: byId("compare-panel"),
  compare: byId("compare"),
  compareBefore: byId("compare-before"),
  compareAfter: byId("compare-after"),
  compareSlider: byId("compare-slider"),
};

// The mask lives in the canvas at the composite's own resolution: painted pixels are opaque
// PAINT_COLOUR, the rest transparent. It is turned into a white-on-black PNG only when sent.
const PAINT_RGB = [255, 0, 160];
const PAINT_COLOUR = `rgb(${PAINT_RGB.join(", ")})`;
const maskContext = ui.maskCanvas.getContext("2d", { willReadFrequently: true });

const state = {
  compositeUrl: null,
  resultUrl: null,
  erasing: false,
  lastPoint: null, // previous brush position while a stroke is in progress
};

// ---- Messages ------------------------------------------------------------------------------

function showError(message) {
  ui.error.textContent = message;
  ui.error.hidden = false;
}

function clearMessages() {
  ui.error.hidden = true;
  ui.error.textContent = "";
  ui.status.textContent = "";
}

// ---- Models --------------------------------------------------------------------------------

async function loadModels() {
  try {
    const response = await fetch("api/models");
    if (!response.ok) throw new Error(await errorText(response));
    const models = await response.json();
    ui.model.replaceChildren(...models.map((model) => {
      const option = new Option(model.available ? model.name : `${model.name} (unavailable)`, model.name);
      option.title = model.available ? model.description : model.reason;
      option.disabled = !model.available;
      option.selected = model.default;
      return option;
    }));
  } catch (error) {
    showError(`Could not load the list of models: ${error.message}`);
  }
}

// ---- Server limits -------------------------------------------------------------------------

// What the server accepts (GET /api/limits), checked here before uploading: a browser streaming a
// body over the upload limit often sees the connection closed instead of the server's 413 answer.
// Null until known; the server enforces every limit either way.
let limits = null;

// Multipart boundaries, part headers and the model and size fields take well under this.
const FORM_OVERHEAD_BYTES = 1024;

async function loadLimits() {
  try {
    const response = await fetch("api/limits");
    if (!response.ok) return;
    limits = await response.json();
    const megapixels = (limits.maxImagePixels / 1e6).toFixed(1);
    ui.uploadLimits.textContent = `(up to ${formatBytes(limits.maxUploadBytes)} with the mask, ${megapixels} megapixels)`;
  } catch {
    // Leave the checks to the server.
  }
}

function formatBytes(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

// ---- Composite and mask files --------------------------------------------------------------

ui.compositeFile.addEventListener("change", async () => {
  clearMessages();
  const file = ui.compositeFile.files[0];
  if (!file) return;
  if (state.compositeUrl) URL.revokeObjectURL(state.compositeUrl);
  state.compositeUrl = URL.createObjectURL(file);
  ui.compositePreview.src = state.compositeUrl;
  try {
    await ui.compositePreview.decode();
  } catch {
    showError("The composite cannot be shown: is it a PNG or JPEG image?");
    return;
  }
  const { naturalWidth: width, naturalHeight: height } = ui.compositePreview;
  if (limits && width * height > limits.maxImagePixels) {
    ui.editor.hidden = true;
    ui.editorPlaceholder.hidden = false;
    showError(`The composite is ${width}×${height} (${width * height} pixels); the server accepts at most ${limits.maxImagePixels} pixels.`);
    return;
  }
  ui.maskCanvas.width = width;
  ui.maskCanvas.height = height;
  ui.editor.hidden = false;
  ui.editorPlaceholder.hidden = true;
  if (ui.maskFile.files[0]) await loadMaskFile(ui.maskFile.files[0]);
});

ui.maskFile.addEventListener("change", async () => {
  clearMessages();
  if (ui.maskFile.files[0]) await loadMaskFile(ui.maskFile.files[0]);
});

// Draws a mask file into the canvas with the server's rule: grey >= 128 is foreground.
async function loadMaskFile(file) {
  if (ui.editor.hidden) return; // loaded once a composite is chosen
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { colorSpaceConversion: "none", premultiplyAlpha: "none" });
  } catch {
    showError("The mask file cannot be read: is it a PNG or JPEG image?");
    return;
  }
  const { width, height } = ui.maskCanvas;
  if (bitmap.width !== width || bitmap.height !== height) {
    showError(`The mask is ${bitmap.width}×${bitmap.height} but the composite is ${width}×${height}; they must be the same size.`);
    return;
  }
  const scratch = new OffscreenCanvas(width, height).getContext("2d", { willReadFrequently: true });
  scratch.drawImage(bitmap, 0, 0);
  const source = scratch.getImageData(0, 0, width, height).data;
  const overlay = maskContext.createImageData(width, height);
  for (let i = 0; i < source.length; i += 4) {
    const grey = (source[i] * 299 + source[i + 1] * 587 + source[i + 2] * 114) / 1000;
    if (grey >= 128) overlay.data.set([...PAINT_RGB, 255], i);
  }
  maskContext.putImageData(overlay, 0, 0);
}

// ---- Brush ---------------------------------------------------------------------------------

ui.brushSize.addEventListener("input", () => { ui.brushSizeValue.textContent = ui.brushSize.value; });

ui.eraseToggle.addEventListener("click", () => {
  state.erasing = !state.erasing;
  ui.eraseToggle.setAttribute("aria-pressed", String(state.erasing));
  ui.eraseToggle.textContent = state.erasing ? "Eraser: on" : "Eraser: off";
});

ui.clearMask.addEventListener("click", () => {
  maskContext.clearRect(0, 0, ui.maskCanvas.width, ui.maskCanvas.height);
});

// Pointer position in the canvas's own pixels (the canvas is displayed scaled).
function canvasPoint(event) {
  const box = ui.maskCanvas.getBoundingClientRect();
  return {
    x: (event.clientX - box.left) * ui.maskCanvas.width / box.width,
    y: (event.clientY - box.top) * ui.maskCanvas.height / box.height,
    scale: ui.maskCanvas.width / box.width,
  };
}

function paintTo(point) {
  const from = state.lastPoint ?? point;
  maskContext.globalCompositeOperation = state.erasing ? "destination-out" : "source-over";
  maskContext.strokeStyle = PAINT_COLOUR;
  maskContext.lineWidth = Number(ui.brushSize.value) * point.scale; // brush size is in screen pixels
  maskContext.lineCap = "round";
  maskContext.lineJoin = "round";
  maskContext.beginPath();
  maskContext.moveTo(from.x, from.y);
  maskContext.lineTo(point.x, point.y);
  maskContext.stroke();
  state.lastPoint = point;
}

ui.maskCanvas.addEventListener("pointerdown", (event) => {
  ui.maskCanvas.setPointerCapture(event.pointerId);
  state.lastPoint = null;
  paintTo(canvasPoint(event));
});
ui.maskCanvas.addEventListener("pointermove", (event) => {
  if (state.lastPoint) paintTo(canvasPoint(event));
});
for (const type of ["pointerup", "pointercancel"]) {
  ui.maskCanvas.addEventListener(type, () => { state.lastPoint = null; });
}

// ---- Submitting ----------------------------------------------------------------------------

function maskHasForeground() {
  const { width, height } = ui.maskCanvas;
  const alpha = maskContext.getImageData(0, 0, width, height).data;
  for (let i = 3; i < alpha.length; i += 4) if (alpha[i] >= 128) return true;
  return false;
}

// The painted canvas as the mask the API expects: white where painted, black elsewhere.
function maskAsPng() {
  const { width, height } = ui.maskCanvas;
  const out = new OffscreenCanvas(width, height);
  const context = out.getContext("2d");
  context.drawImage(ui.maskCanvas, 0, 0);
  context.globalCompositeOperation = "source-in";
  context.fillStyle = "#fff";
  context.fillRect(0, 0, width, height);
  context.globalCompositeOperation = "destination-over";
  context.fillStyle = "#000";
  context.fillRect(0, 0, width, height);
  return out.convertToBlob({ type: "image/png" });
}

async function errorText(response) {
  try {
    const body = await response.json();
    return `${body.detail} (${body.error}, HTTP ${response.status})`;
  } catch {
    return `HTTP ${response.status} ${response.statusText}`;
  }
}

ui.form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearMessages();
  const composite = ui.compositeFile.files[0];
  if (!composite || ui.editor.hidden) return showError("Choose a composite image first.");
  if (!maskHasForeground()) return showError("The mask is empty: choose a mask file or paint over the pasted object.");

  const mask = await maskAsPng();
  if (limits && composite.size + mask.size + FORM_OVERHEAD_BYTES > limits.maxUploadBytes) {
    return showError(`The composite (${formatBytes(composite.size)}) and the mask (${formatBytes(mask.size)}) are larger together ` +
      `than the server's upload limit of ${formatBytes(limits.maxUploadBytes)}: send a smaller or more compressed composite.`);
  }

  const form = new FormData();
  form.append("composite", composite, composite.name);
  form.append("mask", mask, "mask.png");
  form.append("model", ui.model.value);
  form.append("size", ui.size.value);

  ui.submit.disabled = true;
  ui.status.textContent = "Harmonizing…";
  const started = performance.now();
  try {
    const response = await fetch("api/harmonize", { method: "POST", body: form });
    if (!response.ok) throw new Error(await errorText(response));
    showResult(await response.blob());
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    ui.status.textContent = `Done in ${seconds} s with ${response.headers.get("X-Harmonia-Model")} at size ${response.headers.get("X-Harmonia-Size")}.`;
  } catch (error) {
    ui.status.textContent = "";
    // fetch rejects with a TypeError when no answer came at all.
    const reason = error instanceof TypeError ? `the server did not answer (${error.message}); is it still running?` : error.message;
    showError(`Harmonization failed: ${reason}`);
  } finally {
    ui.submit.disabled = false;
  }
});

function showResult(blob) {
  if (state.resultUrl) URL.revokeObjectURL(state.resultUrl);
  state.resultUrl = URL.createObjectURL(blob);
  ui.resultImage.src = state.resultUrl;
  ui.download.href = state.resultUrl;
  ui.compareBefore.src = state.compositeUrl;
  ui.compareAfter.src = state.resultUrl;
  ui.resultPanel.hidden = false;
  ui.comparePanel.hidden = false;
}

// ---- Before/after comparison ---------------------------------------------------------------

ui.compareSlider.addEventListener("input", () => {
  ui.compare.style.setProperty("--split", `${ui.compareSlider.value}%`);
});

loadModels();
loadLimits();
