// Horizontal bar charts drawn with uPlot (vendored from npm: explorer/vendor/), the only
// third-party code of the page. uPlot draws on a canvas, which a screen reader cannot read:
// every chart is a figure labelled with its numbers, and the same numbers follow in a table.

import { h } from "./dom.js";

const BAR = "#1b4965";
const FLAGGED = "#a4161a";
const ROW_PX = 30;
const LABEL_CHARS = 18;

function shorten(label) {
  return label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label;
}

// bars: [{label, value, text, flagged}], value >= 0, on a 0-100 axis whose ticks end in
// `unit`; returns the figure, and a function that draws the chart once the figure is in
// the document (uPlot needs its width). The first bar is drawn at the top.
export function barChart(caption, bars, { unit = "%" } = {}) {
  const spoken = bars.map((bar) => `${bar.label} ${bar.text}${bar.flagged ? " (flagged)" : ""}`);
  const plot = h("div", { class: "chart-plot", role: "img", "aria-label": `${caption}: ${spoken.join(", ")}` });
  const legend = bars.some((bar) => bar.flagged)
    ? h("p", { class: "legend" }, h("span", { class: "swatch flagged", "aria-hidden": "true" }), "Flagged export restricted or disrupted")
    : null;
  const figure = h("figure", { class: "chart" }, h("figcaption", {}, caption), plot, legend);
  const draw = () => {
    if (!window.uPlot || !bars.length) return;
    const indexes = bars.map((_, index) => index);
    // Room after the longest bar for its label; no tick past 100.
    const top = Math.max(...bars.map((bar) => bar.value), 1) * 1.18;
    const colours = bars.map((bar) => (bar.flagged ? FLAGGED : BAR));
    const width = Math.max(260, plot.clientWidth);
    const options = {
      width,
      height: ROW_PX * bars.length + 40,
      legend: { show: false },
      cursor: { show: false },
      select: { show: false },
      scales: {
        x: { time: false, ori: 1, dir: -1, range: [-0.5, bars.length - 0.5] },
        y: { ori: 0, dir: 1, range: [0, top] },
      },
      axes: [
        {
          scale: "x",
          side: 3,
          size: width < 420 ? 96 : 140,
          gap: 10,
          grid: { show: false },
          ticks: { show: false },
          splits: () => indexes,
          values: (_u, splits) => splits.map((index) => shorten(bars[index]?.label ?? "")),
          stroke: "#1d1d1f",
        },
        {
          scale: "y",
          side: 2,
          stroke: "#1d1d1f",
          grid: { stroke: "#d9d9de", width: 1 },
          values: (_u, splits) => splits.map((value) => (value <= 100 ? `${Math.round(value * 100) / 100}${unit}` : "")),
        },
      ],
      series: [
        {},
        {
          label: caption,
          paths: window.uPlot.paths.bars({ size: [0.7, 24], disp: { fill: { unit: 3, values: () => colours } } }),
          points: { show: false },
          fill: BAR,
          width: 0,
        },
      ],
      hooks: {
        // The value at the end of each bar, so the chart reads without hovering.
        draw: [
          (u) => {
            const { ctx } = u;
            ctx.save();
            ctx.fillStyle = "#1d1d1f";
            ctx.font = `${Math.round(12 * devicePixelRatio)}px system-ui, sans-serif`;
            ctx.textBaseline = "middle";
            ctx.textAlign = "left";
            bars.forEach((bar, index) => {
              const x = u.valToPos(bar.value, "y", true) + 6 * devicePixelRatio;
              const y = u.valToPos(index, "x", true);
              ctx.fillText(bar.text, x, y);
            });
            ctx.restore();
          },
        ],
      },
    };
    plot.replaceChildren();
    new window.uPlot(options, [indexes, bars.map((bar) => bar.value)], plot);
    plot.dataset.drawn = "true";
  };
  return { figure, draw };
}
