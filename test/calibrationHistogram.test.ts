/** The calibration histogram's geometry (src/app/settings/calibration/histogram.ts). */
import { describe, expect, it } from 'vitest';
import { BIN_COUNT, binRange, histogramLayout } from '../src/app/settings/calibration/histogram.ts';
import { HISTOGRAM } from '../src/core/search/calibrate.ts';

const empty = (): number[] => new Array<number>(BIN_COUNT).fill(0);
const withCounts = (counts: Record<number, number>): number[] => {
  const bins = empty();
  for (const [bin, count] of Object.entries(counts)) bins[Number(bin)] = count;
  return bins;
};

describe('calibration histogram', () => {
  it('has one bin per 0.05 from −0.25 to 1, with readable ranges', () => {
    expect(BIN_COUNT).toBe(25);
    expect(binRange(0)).toEqual({ from: -0.25, to: -0.2 });
    expect(binRange(14)).toEqual({ from: 0.45, to: 0.5 });
    expect(binRange(BIN_COUNT - 1)).toEqual({ from: 0.95, to: HISTOGRAM.to });
  });

  it('scales each series to its own total, so a small genuine set stands as tall as a large impostor set', () => {
    const genuine = withCounts({ 18: 10 });
    const impostor = withCounts({ 6: 200, 7: 200 });
    const layout = histogramLayout(genuine, impostor, 0.48, 0.08);
    const g = layout.bars.filter((b) => b.series === 'genuine');
    const i = layout.bars.filter((b) => b.series === 'impostor');
    expect(g).toHaveLength(1);
    expect(i).toHaveLength(2);
    expect(layout.maxShare).toBe(1);
    expect(g[0]!.share).toBe(1);
    expect(g[0]!.y).toBe(layout.plot.top);
    expect(i[0]!.height).toBeCloseTo(g[0]!.height / 2);
    for (const bar of layout.bars) expect(bar.y + bar.height).toBeCloseTo(layout.plot.bottom);
  });

  it('puts bars inside their bin, the two series side by side without overlap', () => {
    const layout = histogramLayout(withCounts({ 0: 1, 24: 1 }), withCounts({ 0: 1, 24: 3 }), 0.5, 0);
    const binWidth = (layout.plot.right - layout.plot.left) / BIN_COUNT;
    for (const bar of layout.bars) {
      expect(bar.x).toBeGreaterThanOrEqual(layout.plot.left + bar.bin * binWidth);
      expect(bar.x + bar.width).toBeLessThanOrEqual(layout.plot.left + (bar.bin + 1) * binWidth + 1e-9);
    }
    const [g0, i0] = [
      layout.bars.find((b) => b.series === 'genuine' && b.bin === 0)!,
      layout.bars.find((b) => b.series === 'impostor' && b.bin === 0)!,
    ];
    expect(g0.x + g0.width).toBeLessThanOrEqual(i0.x + 1e-9);
  });

  it('marks the threshold and the uncertain band on the score axis', () => {
    const layout = histogramLayout(empty(), empty(), 0.5, 0.1);
    const { left, right } = layout.plot;
    const xOf = (score: number): number => left + ((score - HISTOGRAM.from) / (HISTOGRAM.to - HISTOGRAM.from)) * (right - left);
    expect(layout.bars).toEqual([]);
    expect(layout.maxShare).toBe(0);
    expect(layout.thresholdX).toBeCloseTo(xOf(0.5));
    expect(layout.band.x).toBeCloseTo(xOf(0.4));
    expect(layout.band.width).toBeCloseTo(xOf(0.5) - xOf(0.4));
    expect(histogramLayout(empty(), empty(), 0.5, 0).band.width).toBe(0);
    expect(layout.ticks.map((t) => t.value)).toEqual([-0.25, 0, 0.25, 0.5, 0.75, 1]);
    expect(layout.ticks[0]!.x).toBe(left);
    expect(layout.ticks.at(-1)!.x).toBe(right);
  });
});
