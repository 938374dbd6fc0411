/** Dismissed conflicts as stored in localStorage (src/app/people/conflicts/silencedPairs.ts). */
import { describe, expect, it } from 'vitest';
import { SILENCED_KEY, pairKey, parseSilenced, serializeSilenced } from '../src/app/people/conflicts/silencedPairs.ts';
import { STORAGE_KEY_PREFIX } from '../src/app/settings/settings.ts';

describe('silenced conflict pairs', () => {
  it('are stored under the app prefix, so "Delete everything" removes them', () => {
    expect(SILENCED_KEY.startsWith(STORAGE_KEY_PREFIX)).toBe(true);
  });

  it('name a pair the same way whichever id comes first', () => {
    expect(pairKey('b', 'a')).toBe(pairKey('a', 'b'));
    expect(pairKey('a', 'b')).not.toBe(pairKey('a', 'c'));
  });

  it('read back what was written', () => {
    const keys = new Set([pairKey('p2', 'p1'), pairKey('sample-9', 'p3')]);
    const text = serializeSilenced(keys);
    expect(JSON.parse(text)).toEqual([
      ['p1', 'p2'],
      ['p3', 'sample-9'],
    ]);
    expect(parseSilenced(text)).toEqual(keys);
  });

  it('drop anything malformed instead of failing', () => {
    expect(parseSilenced(null).size).toBe(0);
    expect(parseSilenced('').size).toBe(0);
    expect(parseSilenced('not json').size).toBe(0);
    expect(parseSilenced('{"a":"b"}').size).toBe(0);
    expect(parseSilenced('[["a","b"],["c"],["d","d"],[1,2],"e",["f","g","h"],["",""],["x\\ny","z"],["b","a"]]')).toEqual(
      new Set([pairKey('a', 'b')]),
    );
  });
});
