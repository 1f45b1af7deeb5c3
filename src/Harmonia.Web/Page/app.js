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
  undo: byId("undo"),
  clearMask: byId("clear-mask"),
  zoomIn: byId("zoom-in"),
  zoomOut: byId("zoom-out"),
  zoomFit: byId("zoom-fit"),
  zoomValue: byId("zoom-value"),
  viewport: byId("editor-viewport"),
  unavailableModels: byId("unavailable-models"),
  unavailableBox: byId("unavailable-box"),
  unavailableSummary: byId("unavailable-summary"),
  resizeMask: byId("resize-mask"),
  model: byId("model"),
  minChange: byId("min-change"),
  minChangeValue: byId("min-change-value"),
  minChangeNote: byId("min-change-note"),
  colorGuard: byId("color-guard"),
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
// PAINT_COLOUR, the rest transparent, and a soft mask file's grey levels are kept as the alpha of
// its pixels. It is turned into a white-on-black PNG (grey = alpha) only when sent.
const PAINT_RGB = [255, 0, 160];
const PAINT_COLOUR = `rgb(${PAINT_RGB.join(", ")})`;
const maskContext = ui.maskCanvas.getContext("2d", { willReadFrequently: true });

const state = {
  compositeUrl: null,
  resultUrl: null,
  erasing: false,
  lastPoint: null, // previous brush position while a stroke is in progress
  undoStack: [],   // mask pixels before each change, newest last
  refusedMask: null, // a mask file of another size than the composite, kept so it can be resized
  zoom: 1,
  pan: null,       // where a pan drag started: pointer and scroll position
  spaceHeld: false,
  pointerOverImage: false,
  models: [],      // GET /api/models, once loaded
};

const MAX_UNDO_STEPS = 30;
const ZOOM_STEPS = [1, 1.5, 2, 3, 4, 6, 8];

// ---- Messages ------------------------------------------------------------------------------

function showError(message) {
  ui.error.textContent = message;
  ui.error.hidden = false;
  hideResult(); // a result shown next to an error could be taken for the answer to the failed request
}

function clearMessages() {
  ui.error.hidden = true;
  ui.error.textContent = "";
  ui.status.textContent = "";
  ui.resizeMask.hidden = true;
}

// The result belongs to the inputs it was made from; once they change it must not be downloaded as theirs.
function hideResult() {
  ui.resultPanel.hidden = true;
  ui.comparePanel.hidden = true;
  ui.download.removeAttribute("href");
  ui.resultImage.removeAttribute("src");
  ui.compareAfter.removeAttribute("src");
  if (state.resultUrl) URL.revokeObjectURL(state.resultUrl);
  state.resultUrl = null;
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
    // A disabled option shows no tooltip in most browsers, so the reasons are listed under the menu.
    const unavailable = models.filter((model) => !model.available);
    ui.unavailableModels.replaceChildren(...unavailable.map((model) => {
      const item = document.createElement("li");
      item.textContent = `${model.name} is unavailable: ${model.reason}`;
      return item;
    }));
    ui.unavailableSummary.textContent = unavailable.length === 1
      ? "1 model is unavailable: why"
      : `${unavailable.length} models are unavailable: why`;
    ui.unavailableBox.hidden = unavailable.length === 0;
    state.models = models;
    showMinimumChange(true);
  } catch (error) {
    showError(`Could not load the list of models: ${error.message}`);
  }
}

// The minimum change and the colour guard belong to a network's colour map; a baseline has none, so
// both are disabled for it and left out of the form. Choosing another model resets the slider to
// that model's default.
const MIN_CHANGE_NOTE = ui.minChangeNote.textContent;

function selectedModel() {
  return state.models.find((model) => model.name === ui.model.value) ?? null;
}

function showMinimumChange(resetToDefault) {
  const model = selectedModel();
  const hasColorMap = model !== null && model.minChange !== null && model.minChange !== undefined;
  ui.minChange.disabled = !hasColorMap;
  ui.colorGuard.disabled = !hasColorMap;
  if (hasColorMap && resetToDefault) ui.minChange.value = model.minChange;
  ui.minChangeValue.textContent = hasColorMap ? ui.minChange.value : "–";
  ui.minChangeNote.textContent = hasColorMap ? MIN_CHANGE_NOTE : "This model has no colour map, so it has no minimum change to set.";
}

ui.model.addEventListener("change", () => showMinimumChange(true));
ui.minChange.addEventListener("input", () => showMinimumChange(false));

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

// Binary units, as the server's limits are set (32 MiB is 32 × 1024 × 1024 bytes).
function formatBytes(bytes) {
  const trimmed = (value) => (Number.isInteger(value) ? String(value) : value.toFixed(1));
  if (bytes >= 1024 * 1024) return `${trimmed(bytes / (1024 * 1024))} MiB`;
  if (bytes >= 1024) return `${trimmed(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}

// ---- Composite and mask files --------------------------------------------------------------

ui.compositeFile.addEventListener("change", async () => {
  clearMessages();
  hideResult();
  const file = ui.compositeFile.files[0];
  if (!file) return;
  state.undoStack = [];
  updateUndoButton();
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
  setZoom(1);
  if (ui.maskFile.files[0]) await loadMaskFile(ui.maskFile.files[0]);
});

ui.maskFile.addEventListener("change", async () => {
  clearMessages();
  hideResult();
  if (ui.maskFile.files[0]) await loadMaskFile(ui.maskFile.files[0]);
});

// Draws a mask file into the canvas, or offers to resize one of another size.
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
  state.refusedMask = null;
  if (bitmap.width !== width || bitmap.height !== height) {
    // Offer what the command line's --resize-mask does, rather than leaving an empty mask behind.
    state.refusedMask = bitmap;
    showRefusedMask();
    return;
  }
  drawMask(bitmap);
}

function showRefusedMask() {
  const { width, height } = ui.maskCanvas;
  showError(`The mask is ${state.refusedMask.width}×${state.refusedMask.height} but the composite is ${width}×${height}; ` +
    "they must be the same size. Resize the mask to the composite, or choose another mask.");
  ui.resizeMask.hidden = false;
}

// Draws a mask image over the whole canvas (stretched, nearest neighbour). Its level becomes the
// paint's alpha, so a feathered mask reaches the server feathered (the server binarizes it for the
// network at 128 and blends with the levels). The level is the grey, or the alpha when the image has
// transparent pixels (a cut-out or a white object on a transparent background), as the server reads masks.
function drawMask(bitmap) {
  const { width, height } = ui.maskCanvas;
  const scratch = new OffscreenCanvas(width, height).getContext("2d", { willReadFrequently: true });
  scratch.imageSmoothingEnabled = false;
  scratch.drawImage(bitmap, 0, 0, width, height);
  const source = scratch.getImageData(0, 0, width, height).data;
  let transparent = false;
  for (let i = 3; i < source.length && !transparent; i += 4) transparent = source[i] < 255;
  const overlay = maskContext.createImageData(width, height);
  for (let i = 0; i < source.length; i += 4) {
    const level = transparent ? source[i + 3] : (source[i] * 299 + source[i + 1] * 587 + source[i + 2] * 114) / 1000;
    if (level > 0) overlay.data.set([...PAINT_RGB, Math.round(level)], i);
  }
  rememberMask();
  maskContext.putImageData(overlay, 0, 0);
}

ui.resizeMask.addEventListener("click", () => {
  if (!state.refusedMask) return;
  drawMask(state.refusedMask);
  state.refusedMask = null;
  clearMessages();
  ui.status.textContent = "The mask was resized to the composite.";
});

// ---- Brush ---------------------------------------------------------------------------------

ui.brushSize.addEventListener("input", () => { ui.brushSizeValue.textContent = ui.brushSize.value; });

ui.eraseToggle.addEventListener("click", () => {
  state.erasing = !state.erasing;
  ui.eraseToggle.setAttribute("aria-pressed", String(state.erasing));
  ui.eraseToggle.textContent = state.erasing ? "Eraser: on" : "Eraser: off";
});

ui.clearMask.addEventListener("click", () => {
  rememberMask();
  maskContext.clearRect(0, 0, ui.maskCanvas.width, ui.maskCanvas.height);
  hideResult();
});

// ---- Undo ----------------------------------------------------------------------------------

// Keeps the mask as it is now, before a stroke, a clear or a loaded mask file changes it.
function rememberMask() {
  const { width, height } = ui.maskCanvas;
  if (width === 0 || height === 0) return;
  state.undoStack.push(maskContext.getImageData(0, 0, width, height));
  if (state.undoStack.length > MAX_UNDO_STEPS) state.undoStack.shift();
  updateUndoButton();
}

function undo() {
  const previous = state.undoStack.pop();
  if (!previous) return;
  maskContext.putImageData(previous, 0, 0);
  updateUndoButton();
  hideResult();
}

function updateUndoButton() {
  ui.undo.disabled = state.undoStack.length === 0;
}

ui.undo.addEventListener("click", undo);
document.addEventListener("keydown", (event) => {
  const inTextField = event.target instanceof HTMLInputElement && event.target.type !== "range";
  if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === "z" && !inTextField) {
    event.preventDefault();
    undo();
  }
});

// ---- Zoom ----------------------------------------------------------------------------------

// The stage is drawn at `zoom` times the panel width; the viewport scrolls. Painting maps the
// pointer through the canvas's displayed box, so it works at any zoom.
// The image point under `anchor` (viewport coordinates; its centre by default) stays where it is.
function setZoom(zoom, anchor) {
  const previous = state.zoom;
  state.zoom = Math.min(ZOOM_STEPS[ZOOM_STEPS.length - 1], Math.max(1, zoom));
  const { x, y } = anchor ?? { x: ui.viewport.clientWidth / 2, y: ui.viewport.clientHeight / 2 };
  const left = ui.viewport.scrollLeft, top = ui.viewport.scrollTop;
  ui.editor.style.setProperty("--zoom", String(state.zoom));
  ui.zoomValue.textContent = `${Math.round(state.zoom * 100)}%`;
  const factor = state.zoom / previous;
  ui.viewport.scrollLeft = (left + x) * factor - x;
  ui.viewport.scrollTop = (top + y) * factor - y;
}

function stepZoom(direction, anchor) {
  const next = direction > 0
    ? ZOOM_STEPS.find((step) => step > state.zoom + 1e-9)
    : [...ZOOM_STEPS].reverse().find((step) => step < state.zoom - 1e-9);
  if (next !== undefined) setZoom(next, anchor);
}

ui.zoomIn.addEventListener("click", () => stepZoom(1));
ui.zoomOut.addEventListener("click", () => stepZoom(-1));
ui.zoomFit.addEventListener("click", () => setZoom(1));
ui.viewport.addEventListener("wheel", (event) => {
  if (!event.ctrlKey || ui.editor.hidden) return;
  event.preventDefault();
  const box = ui.viewport.getBoundingClientRect();
  stepZoom(event.deltaY < 0 ? 1 : -1, { x: event.clientX - box.left, y: event.clientY - box.top });
}, { passive: false });

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
  if (event.button === 1 || state.spaceHeld) {
    startPan(event);
    return;
  }
  if (event.button !== 0) return;
  rememberMask();
  hideResult();
  state.lastPoint = null;
  paintTo(canvasPoint(event));
});
ui.maskCanvas.addEventListener("pointermove", (event) => {
  if (state.pan) panTo(event);
  else if (state.lastPoint) paintTo(canvasPoint(event));
});
for (const type of ["pointerup", "pointercancel"]) {
  ui.maskCanvas.addEventListener(type, () => {
    state.lastPoint = null;
    state.pan = null;
    ui.viewport.classList.remove("panning");
  });
}

// ---- Panning -------------------------------------------------------------------------------

// A zoomed image scrolls in its viewport: with the scrollbars, the mouse wheel (Shift + wheel
// sideways), or by dragging with the middle button or with the space bar held, the hand tool of
// paint programs. A plain drag always paints.
function startPan(event) {
  event.preventDefault(); // no autoscroll on middle click
  state.lastPoint = null;
  state.pan = { x: event.clientX, y: event.clientY, left: ui.viewport.scrollLeft, top: ui.viewport.scrollTop };
  ui.viewport.classList.add("panning");
}

function panTo(event) {
  ui.viewport.scrollLeft = state.pan.left - (event.clientX - state.pan.x);
  ui.viewport.scrollTop = state.pan.top - (event.clientY - state.pan.y);
}

// The space bar pans only while the pointer is over the image, so it still presses buttons elsewhere.
ui.viewport.addEventListener("pointerenter", () => { state.pointerOverImage = true; });
ui.viewport.addEventListener("pointerleave", () => { state.pointerOverImage = false; });
document.addEventListener("keydown", (event) => {
  if (event.code !== "Space" || !state.pointerOverImage || ui.editor.hidden) return;
  event.preventDefault(); // the page would scroll
  state.spaceHeld = true;
  ui.viewport.classList.add("pan-ready");
});
document.addEventListener("keyup", (event) => {
  if (event.code !== "Space") return;
  state.spaceHeld = false;
  ui.viewport.classList.remove("pan-ready");
});

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

// What to do about the API's refusals, in the page's terms (its controls, not the API's fields).
const ADVICE = {
  too_large_for_native: "This image is too large to harmonize at its native size: choose a working size such as 256 × 256 under Options.",
  native_size_not_multiple: "At its native size this model needs a width and height that are multiples of 8: choose a working size such as 256 × 256 under Options.",
  mask_size_mismatch: "The mask and the composite differ in size: choose a mask of the composite's size, or resize it.",
  upload_too_large: "The files are larger than the server accepts: send a smaller or more compressed composite.",
  busy: "The server is busy with other images: try again in a few seconds.",
  timeout: "The server took too long: try again, or choose a smaller working size.",
  model_unavailable: "This model cannot run on this server: choose another model.",
  unknown_model: "This model is not known to the server: reload the page to get its list of models.",
};

async function errorText(response) {
  try {
    const body = await response.json();
    const advice = ADVICE[body.error];
    return advice ? `${advice} (${body.detail})` : body.detail;
  } catch {
    return `the server answered ${response.status} ${response.statusText}`;
  }
}

ui.form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearMessages();
  const composite = ui.compositeFile.files[0];
  if (!composite || ui.editor.hidden) return showError("Choose a composite image first.");
  // A mask of another size is waiting to be resized or replaced; that, not an empty mask, is the problem.
  if (state.refusedMask && !maskHasForeground()) return showRefusedMask();
  if (!maskHasForeground()) return showError("The mask is empty: choose a mask file or paint over the pasted object.");

  const mask = await maskAsPng();
  if (limits && composite.size + mask.size + FORM_OVERHEAD_BYTES > limits.maxUploadBytes) {
    return showError(`The composite (${formatBytes(composite.size)}) and the mask (${formatBytes(mask.size)}) are larger together ` +
      `than the server's upload limit of ${formatBytes(limits.maxUploadBytes)}: send a smaller or more compressed composite.`);
  }

  const form = new FormData();
  form.append("composite", composite, composite.name);
  state.resultName = downloadName(composite.name);
  form.append("mask", mask, "mask.png");
  form.append("model", ui.model.value);
  form.append("size", ui.size.value);
  if (!ui.minChange.disabled) form.append("min_change", ui.minChange.value);
  if (!ui.colorGuard.disabled) form.append("color_guard", ui.colorGuard.checked ? "on" : "off");

  ui.submit.disabled = true;
  ui.status.textContent = "Harmonizing…";
  const started = performance.now();
  try {
    const response = await fetch("api/harmonize", { method: "POST", body: form });
    if (!response.ok) throw new Error(await errorText(response));
    showResult(await response.blob());
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const minChange = response.headers.get("X-Harmonia-Min-Change");
    const colorGuard = response.headers.get("X-Harmonia-Color-Guard");
    ui.status.textContent = `Done in ${seconds} s with ${response.headers.get("X-Harmonia-Model")} at size ${response.headers.get("X-Harmonia-Size")}` +
      (minChange === null ? "." : `, minimum change ${minChange} levels, colour guard ${colorGuard}.`);
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
  ui.download.download = state.resultName;
  ui.compareBefore.src = state.compositeUrl;
  ui.compareAfter.src = state.resultUrl;
  ui.resultPanel.hidden = false;
  ui.comparePanel.hidden = false;
}

// "beach.jpg" → "beach-harmonized.png": the download says what it came from.
function downloadName(compositeName) {
  const stem = (compositeName || "image").replace(/\.[^.]*$/, "").replace(/[\\/:*?"<>|\x00-\x1f]/g, "_") || "image";
  return `${stem}-harmonized.png`;
}

// ---- Dropping and pasting files ------------------------------------------------------------

// Puts a file into one of the file inputs, as if chosen there, so one code path handles every way in.
function setInputFile(input, file, { silently = false } = {}) {
  const transfer = new DataTransfer();
  transfer.items.add(file);
  input.files = transfer.files;
  if (!silently) input.dispatchEvent(new Event("change"));
}

// Dropped or pasted images: a name containing "mask" is the mask once a composite is there,
// anything else the composite; two files at once are a composite and its mask.
function takeFiles(files) {
  const images = [...files].filter((file) => file.type.startsWith("image/"));
  if (images.length === 0) return showError("Only PNG or JPEG images can be dropped or pasted here.");
  const isMask = (file) => /mask/i.test(file.name);
  let composite = images.find((file) => !isMask(file));
  let mask = images.find((file) => isMask(file) && file !== composite);
  if (images.length >= 2 && !mask) [composite, mask] = images;
  if (!composite && (ui.editor.hidden || images.length > 1)) composite = images[0];
  if (composite) {
    // The composite's change handler loads the mask input's file once the composite is decoded.
    if (mask) setInputFile(ui.maskFile, mask, { silently: true });
    setInputFile(ui.compositeFile, composite);
  } else if (mask) {
    setInputFile(ui.maskFile, mask);
  }
}

let dragDepth = 0;
document.addEventListener("dragenter", (event) => {
  if (![...(event.dataTransfer?.types ?? [])].includes("Files")) return;
  dragDepth++;
  document.body.classList.add("dragging");
});
document.addEventListener("dragleave", () => {
  dragDepth = Math.max(0, dragDepth - 1);
  if (dragDepth === 0) document.body.classList.remove("dragging");
});
document.addEventListener("dragover", (event) => event.preventDefault());
document.addEventListener("drop", (event) => {
  event.preventDefault();
  dragDepth = 0;
  document.body.classList.remove("dragging");
  if (event.dataTransfer?.files.length) takeFiles(event.dataTransfer.files);
});
document.addEventListener("paste", (event) => {
  const files = event.clipboardData?.files;
  if (files && files.length > 0) {
    event.preventDefault();
    takeFiles(files);
  }
});

// ---- Before/after comparison ---------------------------------------------------------------

ui.compareSlider.addEventListener("input", () => {
  ui.compare.style.setProperty("--split", `${ui.compareSlider.value}%`);
});

loadModels();
loadLimits();
