import { calibrate, findConflicts, type ScoreSummary } from '../../core/search/calibrate.ts';
import { roundSimilarity, type CommandResult, type CommonOptions } from '../common.ts';
import { readGallery } from './enroll.ts';

const rounded = (s: ScoreSummary) => ({
  count: s.count,
  min: roundSimilarity(s.min),
  p05: roundSimilarity(s.p05),
  median: roundSimilarity(s.median),
  p95: roundSimilarity(s.p95),
  max: roundSimilarity(s.max),
  histogram: s.histogram,
});

/** `faceprint calibrate --gallery G.json`: genuine and impostor scores of the gallery, a suggested threshold, conflicts. */
export function calibrateCommand(galleryPath: string, o: CommonOptions): CommandResult {
  const gallery = readGallery(galleryPath);
  const c = calibrate(gallery.people, o.match);
  const conflicts = findConflicts(gallery.people, o.match);
  const byId = new Map(gallery.people.map((p) => [p.id, p]));
  const name = (id: string): string => byId.get(id)?.name ?? id;
  const source = (personId: string, sampleId: string): string =>
    byId.get(personId)?.samples.find((s) => s.id === sampleId)?.source ?? sampleId;
  const people = conflicts.people.map((p) => ({
    personA: name(p.personA),
    personB: name(p.personB),
    sampleA: p.sampleA,
    sampleB: p.sampleB,
    sourceA: source(p.personA, p.sampleA),
    sourceB: source(p.personB, p.sampleB),
    similarity: roundSimilarity(p.similarity),
  }));
  const samples = conflicts.samples.map((s) => ({
    person: name(s.person),
    sample: s.sample,
    source: source(s.person, s.sample),
    looksLike: name(s.otherPerson),
    otherSample: s.otherSample,
    otherSource: source(s.otherPerson, s.otherSample),
    similarity: roundSimilarity(s.similarity),
    ownSimilarity: roundSimilarity(s.ownSimilarity),
  }));
  const q = (s: ScoreSummary): string =>
    s.count
      ? `min ${s.min.toFixed(2)}, 5% ${s.p05.toFixed(2)}, median ${s.median.toFixed(2)}, 95% ${s.p95.toFixed(2)}, max ${s.max.toFixed(2)}`
      : 'none';
  const text = [
    `${galleryPath}: ${c.people} people with at least 2 samples`,
    `same person: ${c.genuine.count} comparisons (${q(c.genuine)})`,
    `look-alikes: ${c.impostor.count} comparisons (${q(c.impostor)})`,
    c.summary,
    `suggested threshold: ${c.suggestedThreshold === null ? 'none' : c.suggestedThreshold.toFixed(2)}. ${c.rule}`,
    ...people.map((p) => `conflict: ${p.personA} and ${p.personB} look alike (${p.sourceA} / ${p.sourceB}, ${p.similarity.toFixed(2)})`),
    ...samples.map(
      (s) =>
        `conflict: ${s.source} under ${s.person} looks more like ${s.looksLike} (${s.otherSource}, ${s.similarity.toFixed(2)} vs ${s.ownSimilarity.toFixed(2)})`,
    ),
  ];
  return {
    json: {
      gallery: galleryPath,
      people: c.people,
      threshold: c.threshold,
      genuine: { ...rounded(c.genuine), missed: c.genuineMissed },
      impostor: { ...rounded(c.impostor), passing: c.impostorsPassing },
      summary: c.summary,
      suggestedThreshold: c.suggestedThreshold,
      rule: c.rule,
      conflicts: { people, samples },
    },
    text,
    exitCode: 0,
  };
}
