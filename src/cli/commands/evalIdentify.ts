import { join } from 'node:path';
import { decide, GalleryIndex, type GalleryPerson } from '../../core/search/match.ts';
import { personNameFromFolder } from '../../core/formats/names.ts';
import { plural } from '../../core/text.ts';
import { imageFilesIn, largestFaceEmbedding, roundSimilarity, subfolders, type CommandResult, type CommonOptions } from '../common.ts';

interface Sample {
  readonly file: string;
  readonly person: string;
  readonly embedding: Float32Array;
}

/**
 * `faceprint eval-identify DIR` (`DIR/<person>/*`): leave-one-out identification. Each photo is searched
 * against all the others; it counts for rank-1 when its person has another photo. Photos of people with a
 * single photo are strangers to the rest of the gallery: the open-set check says whether the default
 * threshold calls them Unknown.
 */
export async function evalIdentifyCommand(dir: string, o: CommonOptions): Promise<CommandResult> {
  const samples: Sample[] = [];
  const text: string[] = [];
  const noFace: string[] = [];
  const unreadable: string[] = [];
  for (const folder of subfolders(dir)) {
    for (const file of imageFilesIn(join(dir, folder))) {
      const e = await largestFaceEmbedding(file, o);
      if (e.ok) samples.push({ file, person: personNameFromFolder(folder), embedding: e.embedding });
      else {
        (e.reason === 'unreadable' ? unreadable : noFace).push(file);
        text.push(`${e.reason === 'unreadable' ? 'error' : 'warning'}: ${e.error}`);
      }
    }
  }
  const misses: { file: string; person: string; predicted: string; similarity: number }[] = [];
  const strangersNamed: { file: string; person: string; named: string; similarity: number }[] = [];
  let probes = 0;
  let correct = 0;
  let namedCorrectly = 0;
  let strangers = 0;
  for (const probe of samples) {
    const others = samples.filter((s) => s !== probe);
    const people = new Map<string, Float32Array[]>();
    for (const s of others) people.set(s.person, [...(people.get(s.person) ?? []), s.embedding]);
    const gallery: GalleryPerson[] = [...people].map(([name, embeddings]) => ({ id: name, name, embeddings }));
    const candidates = new GalleryIndex(gallery).search(probe.embedding, 1);
    const top = candidates[0];
    const decision = decide(candidates, o.match);
    if (!people.has(probe.person)) {
      strangers++;
      if (decision.status === 'known')
        strangersNamed.push({
          file: probe.file,
          person: probe.person,
          named: decision.identity,
          similarity: roundSimilarity(decision.similarity),
        });
      continue;
    }
    probes++;
    if (top?.name === probe.person) {
      correct++;
      if (decision.status === 'known') namedCorrectly++;
    } else {
      misses.push({
        file: probe.file,
        person: probe.person,
        predicted: top?.name ?? '',
        similarity: roundSimilarity(top?.similarity ?? 0),
      });
    }
  }
  const rank1 = probes > 0 ? correct / probes : Number.NaN;
  text.push(
    `${plural(samples.length, 'photo')} of ${plural(new Set(samples.map((s) => s.person)).size, 'person', 'people')}; ${probes} leave-one-out probes`,
    `rank-1 ${(rank1 * 100).toFixed(2)}% (${correct}/${probes})`,
    `named at the default threshold ${o.match.threshold}: ${namedCorrectly}/${probes}`,
    `strangers (people with one photo) named as someone: ${strangersNamed.length}/${strangers}`,
    ...misses.map((m) => `  miss: ${m.file} (${m.person}) → ${m.predicted} ${m.similarity.toFixed(3)}`),
    ...strangersNamed.map((m) => `  stranger named: ${m.file} (${m.person}) → ${m.named} ${m.similarity.toFixed(3)}`),
  );
  return {
    json: {
      photos: samples.length,
      probes,
      rank1: roundSimilarity(rank1),
      correct,
      misses,
      namedAtDefaultThreshold: namedCorrectly,
      defaultThreshold: o.match.threshold,
      strangers,
      strangersNamed,
      noFace,
      unreadable,
    },
    text,
    exitCode: unreadable.length > 0 ? 1 : 0,
  };
}
