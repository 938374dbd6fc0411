import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cosineSimilarity } from '../../core/search/match.ts';
import { bestAccuracy, rocAuc, tarAtFar, type ScoredPair } from '../../core/search/metrics.ts';
import { plural } from '../../core/text.ts';
import { largestFaceEmbedding, roundSimilarity, type CommandResult, type CommonOptions, type FileEmbedding } from '../common.ts';

export interface PairRow {
  readonly a: string;
  readonly b: string;
  readonly same: boolean;
}

/** `file_x,file_y,Decision` rows (Yes/No); a header row, CRLF and quoted fields are accepted. */
export function parsePairsCsv(text: string): PairRow[] {
  const rows: PairRow[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n|\r/);
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const cells = splitCsvLine(line).map((c) => c.trim());
    const decision = (cells[2] ?? '').toLowerCase();
    if (decision !== 'yes' && decision !== 'no') {
      if (rows.length === 0 && i === lines.findIndex((l) => l.trim())) return; // the header row
      throw new Error(`pairs file line ${i + 1}: expected file_x,file_y,Yes|No, got ${JSON.stringify(line)}`);
    }
    rows.push({ a: cells[0]!, b: cells[1]!, same: decision === 'yes' });
  });
  return rows;
}

function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cur);
      cur = '';
    } else cur += ch;
  }
  cells.push(cur);
  return cells;
}

/**
 * `faceprint eval-pairs --pairs PAIRS.csv --root DIR`: verification accuracy. A pair with a missing
 * face is scored as the worst case (genuine −1, impostor +1) so it is wrong at every threshold.
 */
export async function evalPairsCommand(pairsPath: string, root: string, o: CommonOptions, outPath: string | null): Promise<CommandResult> {
  const rows = parsePairsCsv(readFileSync(pairsPath, 'utf8'));
  const cache = new Map<string, FileEmbedding>();
  const text: string[] = [];
  const embeddingOf = async (rel: string): Promise<FileEmbedding> => {
    const path = resolve(root, rel);
    let e = cache.get(path);
    if (!e) {
      e = await largestFaceEmbedding(path, o);
      if (!e.ok) text.push(`${e.reason === 'unreadable' ? 'error' : 'warning'}: ${e.error}`);
      cache.set(path, e);
    }
    return e;
  };
  const scored: (ScoredPair & { row: PairRow; similarity: number | null })[] = [];
  for (const row of rows) {
    const [ea, eb] = [await embeddingOf(row.a), await embeddingOf(row.b)];
    const similarity = ea.ok && eb.ok ? cosineSimilarity(ea.embedding, eb.embedding) : null;
    scored.push({ row, similarity, same: row.same, score: similarity ?? (row.same ? -1 : 1) });
  }
  const auc = rocAuc(scored);
  const best = bestAccuracy(scored);
  const tar = tarAtFar(scored, 0.01);
  const atDefault =
    scored.filter((p) => p.similarity !== null && p.score >= o.match.threshold === p.same).length / Math.max(1, scored.length);
  const failed = [...cache.entries()].filter(([, e]) => !e.ok);
  const noFace = failed.filter(([, e]) => !e.ok && e.reason === 'no face').map(([f]) => f);
  const unreadable = failed.filter(([, e]) => !e.ok && e.reason === 'unreadable').map(([f]) => f);
  const missingPairs = scored.filter((p) => p.similarity === null).length;
  if (outPath) {
    const lines = [
      'file_x,file_y,Decision,similarity',
      ...scored.map((p) => `${p.row.a},${p.row.b},${p.row.same ? 'Yes' : 'No'},${p.similarity ?? ''}`),
    ];
    writeFileSync(outPath, lines.join('\n') + '\n');
  }
  const genuine = scored.filter((p) => p.same).length;
  text.push(
    `${plural(scored.length, 'pair')} (${genuine} same, ${scored.length - genuine} different), ${plural(cache.size, 'image')}`,
    `AUC ${auc.toFixed(4)}`,
    `best accuracy ${(best.accuracy * 100).toFixed(2)}% at threshold ${best.threshold.toFixed(3)}`,
    `TAR ${(tar.tar * 100).toFixed(2)}% at FAR 1% (threshold ${tar.threshold.toFixed(3)})`,
    `accuracy at the default threshold ${o.match.threshold}: ${(atDefault * 100).toFixed(2)}%`,
    `images with no face: ${noFace.length}${unreadable.length ? `, unreadable: ${unreadable.length}` : ''} (${plural(missingPairs, 'pair')} counted wrong)`,
  );
  if (outPath) text.push(`per-pair scores → ${outPath}`);
  return {
    json: {
      pairs: scored.length,
      genuinePairs: genuine,
      impostorPairs: scored.length - genuine,
      images: cache.size,
      auc: roundSimilarity(auc),
      bestAccuracy: roundSimilarity(best.accuracy),
      threshold: roundSimilarity(best.threshold),
      tarAtFar1: roundSimilarity(tar.tar),
      tarAtFar1Threshold: roundSimilarity(tar.threshold),
      defaultThreshold: o.match.threshold,
      accuracyAtDefaultThreshold: roundSimilarity(atDefault),
      noFace,
      unreadable,
      pairsWithMissingFace: missingPairs,
    },
    text,
    exitCode: unreadable.length > 0 ? 1 : 0,
  };
}
