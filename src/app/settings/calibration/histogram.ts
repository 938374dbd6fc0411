/**
 * Geometry of the calibration histogram: the core's bin counts (HISTOGRAM) as SVG bars, the two
 * series side by side in each bin, each scaled to its own total so that 96 same-person scores and 410
 * look-alike scores can be compared on one axis.
 */
import { HISTOGRAM } from '../../../core/search/calibrate.ts';

export type Series = 'genuine' | 'impostor';

export interface HistogramBar {
  readonly series: Series;
  readonly bin: number;
  readonly count: number;
  /** count / the series' total (0 for an empty series). */
  readonly share: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface HistogramLayout {
  readonly width: number;
  readonly height: number;
  /** The plot area inside the margins (axis labels go outside it). */
  readonly plot: { readonly left: number; readonly right: number; readonly top: number; readonly bottom: number };
  /** Bars with a count above zero. */
  readonly bars: readonly HistogramBar[];
  /** The largest share of either series: the top of the plot. */
  readonly maxShare: number;
  readonly thresholdX: number;
  /** The uncertain band below the threshold (zero width when the band is 0). */
  readonly band: { readonly x: number; readonly width: number };
  readonly ticks: readonly { readonly value: number; readonly x: number }[];
}

export const BIN_COUNT = Math.round((HISTOGRAM.to - HISTOGRAM.from) / HISTOGRAM.width);

/** A bin's score range; the first also holds every lower score, the last the top score itself. */
export function binRange(bin: number): { readonly from: number; readonly to: number } {
  const from = HISTOGRAM.from + bin * HISTOGRAM.width;
  return { from: round2(from), to: round2(from + HISTOGRAM.width) };
}

const round2 = (v: number): number => Math.round(v * 100) / 100;

export function histogramLayout(
  genuine: readonly number[],
  impostor: readonly number[],
  threshold: number,
  uncertainBand: number,
  size: { readonly width: number; readonly height: number } = { width: 560, height: 200 },
): HistogramLayout {
  const plot = { left: 18, right: size.width - 18, top: 8, bottom: size.height - 24 };
  const span = HISTOGRAM.to - HISTOGRAM.from;
  const clampScore = (v: number): number => Math.min(HISTOGRAM.to, Math.max(HISTOGRAM.from, v));
  const xOf = (score: number): number => plot.left + ((clampScore(score) - HISTOGRAM.from) / span) * (plot.right - plot.left);
  const binWidth = (plot.right - plot.left) / BIN_COUNT;
  const total = (counts: readonly number[]): number => counts.reduce((a, b) => a + b, 0);
  const shares = (counts: readonly number[]): number[] => {
    const sum = total(counts);
    return counts.map((c) => (sum > 0 ? c / sum : 0));
  };
  const series: readonly [Series, readonly number[], number[]][] = [
    ['genuine', genuine, shares(genuine)],
    ['impostor', impostor, shares(impostor)],
  ];
  const maxShare = Math.max(0, ...series.flatMap(([, , s]) => s));
  const plotHeight = plot.bottom - plot.top;
  // Half a bin per series, with a little gap between bins.
  const barWidth = (binWidth - 2) / 2;
  const bars: HistogramBar[] = [];
  series.forEach(([name, counts, share], s) => {
    counts.forEach((count, bin) => {
      if (count <= 0) return;
      const height = maxShare > 0 ? (share[bin]! / maxShare) * plotHeight : 0;
      bars.push({
        series: name,
        bin,
        count,
        share: share[bin]!,
        x: plot.left + bin * binWidth + 1 + s * barWidth,
        y: plot.bottom - height,
        width: barWidth,
        height,
      });
    });
  });
  const thresholdX = xOf(threshold);
  const bandStart = xOf(threshold - uncertainBand);
  const ticks = [-0.25, 0, 0.25, 0.5, 0.75, 1].map((value) => ({ value, x: xOf(value) }));
  return {
    width: size.width,
    height: size.height,
    plot,
    bars,
    maxShare,
    thresholdX,
    band: { x: bandStart, width: thresholdX - bandStart },
    ticks,
  };
}
