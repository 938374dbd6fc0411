/** bench/run/quantEval.ts's Markdown report: per-face drift of a variant, and the verification tables. */
import { FACES } from '../../testkit/fixtures.ts';
import type { AccuracyReport } from './pipeline.ts';
import type { VariantName } from './quantVariants.ts';

export const median = (values: readonly number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
export const fmt = (v: number, digits = 2): string => (Number.isFinite(v) ? v.toFixed(digits) : '–');
export const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;

// ---- speed ----

export interface FaceDrift {
  photos: number;
  faces: number;
  countMismatches: string[];
  unmatched: number;
  boxDrift: number[];
  landmarkDrift: number[];
  scoreDrift: number[];
  cosine: number[];
  embedderCosine: number[];
  poseDrift: number[];
  /** The faces whose end-to-end embedding moved most: photo, fp32 box width, cosine to fp32. */
  worst: { label: string; width: number; cosine: number }[];
}

export function driftMarkdown(name: VariantName, d: FaceDrift): string[] {
  const minMed = (v: number[], digits: number): string => `${fmt(Math.min(...v), digits)} / ${fmt(median(v), digits)}`;
  const maxMed = (v: number[], digits: number): string => `${fmt(Math.max(...v), digits)} / ${fmt(median(v), digits)}`;
  return [
    `### ${name} vs fp32, per face (${d.photos} photos, ${d.faces} fp32 faces)`,
    '',
    '| | value |',
    '|---|---|',
    `| photos with a different face count | ${d.countMismatches.length}${d.countMismatches.length ? ` (${d.countMismatches.join('; ')})` : ''} |`,
    `| fp32 faces with no variant face at IoU ≥ 0.5 | ${d.unmatched} |`,
    `| box drift, px (max / median) | ${maxMed(d.boxDrift, 2)} |`,
    `| landmark drift, px (max / median) | ${maxMed(d.landmarkDrift, 2)} |`,
    `| detector score drift (max / median) | ${maxMed(d.scoreDrift, 4)} |`,
    `| pose drift, degrees (max / median) | ${maxMed(d.poseDrift, 2)} |`,
    `| embedding cosine to fp32, end to end (min / median) | ${minMed(d.cosine, 5)} |`,
    `| embedding cosine to fp32, variant embedder on fp32's aligned face (min / median) | ${minMed(d.embedderCosine, 5)} |`,
    `| end-to-end cosine below 0.999 | ${d.cosine.filter((c) => c < 0.999).length} of ${d.cosine.length} faces |`,
    '',
    `Lowest end-to-end cosines: ${[...d.worst]
      .sort((a, b) => a.cosine - b.cosine)
      .slice(0, 5)
      .map((w) => `${w.cosine.toFixed(4)} (${w.label.replace(FACES, 'faces')}, face ${w.width.toFixed(0)} px wide)`)
      .join('; ')}.`,
    '',
  ];
}

export function tablesMarkdown(tables: ReadonlyMap<VariantName, Map<string, AccuracyReport>>): string[] {
  const names = [...tables.keys()];
  const lines = [
    '### Verification tables (AUC / best accuracy / rank-1; missed photos)',
    '',
    `| set | ${names.join(' | ')} |`,
    `|---|${names.map(() => '---').join('|')}|`,
  ];
  for (const set of tables.get('fp32')!.keys()) {
    const cell = (v: VariantName): string => {
      const r = tables.get(v)!.get(set);
      return r ? `${r.auc.toFixed(4)} / ${pct(r.bestAccuracy)} / ${pct(r.rank1)}; ${r.missed}` : '–';
    };
    const r = tables.get('fp32')!.get(set)!;
    lines.push(`| ${set} (${r.photos} photos, ${r.genuinePairs}+${r.impostorPairs} pairs) | ${names.map(cell).join(' | ')} |`);
  }
  return [...lines, ''];
}
