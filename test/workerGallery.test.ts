/**
 * The worker's gallery engine (src/worker/galleryEngine.ts) as two browser tabs see it: two engines on
 * one fake-indexeddb factory, joined by an in-memory stand-in for BroadcastChannel.
 */
// idb recognises requests and transactions with `instanceof IDBRequest` etc., so those classes must be
// globals; each test stubs the global with a fresh factory.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { syntheticIdentity } from '../testkit/syntheticGallery.ts';
import { DEFAULT_CLUSTER_SETTINGS } from '../src/core/search/cluster.ts';
import { DEFAULT_MATCH_SETTINGS } from '../src/core/search/match.ts';
import { deleteGalleryDb, GalleryDb, openGalleryDb, type GalleryKind, type NewSample, type PersonSummary } from '../src/storage/index.ts';
import type { MatchRequest } from '../src/worker/api.ts';
import { GalleryEngine, type GalleryChannel } from '../src/worker/galleryEngine.ts';

/** BroadcastChannel between tabs: a message reaches every other member, later (a task), never the sender. */
class ChannelHub {
  readonly #members: FakeChannel[] = [];
  #inFlight: Promise<void>[] = [];

  join(): FakeChannel {
    const channel = new FakeChannel((message) => {
      for (const member of this.#members) {
        if (member !== channel) this.#inFlight.push(new Promise((resolve) => setTimeout(() => resolve(member.deliver(message)), 0)));
      }
    });
    this.#members.push(channel);
    return channel;
  }

  /** Waits until every message posted so far has been delivered. */
  async delivered(): Promise<void> {
    while (this.#inFlight.length > 0) {
      const batch = this.#inFlight;
      this.#inFlight = [];
      await Promise.all(batch);
    }
  }
}

class FakeChannel implements GalleryChannel {
  readonly #listeners: ((event: { readonly data: unknown }) => void)[] = [];
  readonly posted: GalleryKind[] = [];

  constructor(readonly send: (message: unknown) => void) {}

  postMessage(message: GalleryKind): void {
    this.posted.push(message);
    this.send(message);
  }

  addEventListener(_type: 'message', listener: (event: { readonly data: unknown }) => void): void {
    this.#listeners.push(listener);
  }

  deliver(data: unknown): void {
    for (const listener of this.#listeners) listener({ data });
  }
}

interface Tab {
  readonly engine: GalleryEngine;
  /** The galleryChanged events the page of this tab received, in order. */
  readonly changes: GalleryKind[];
  readonly opens: () => number;
}

let hub: ChannelHub;

function openTab(channel: GalleryChannel | null = hub.join()): Tab {
  const changes: GalleryKind[] = [];
  let opens = 0;
  const engine = new GalleryEngine({
    openDb: () => {
      opens++;
      return openGalleryDb();
    },
    deleteDb: () => deleteGalleryDb(),
    channel,
    events: { galleryChanged: (kind) => changes.push(kind) },
  });
  return { engine, changes, opens: () => opens };
}

/** Identity `i` of one synthetic gallery: enrolled from its first sample, probed with its second. */
const person = (i: number) => {
  const identity = syntheticIdentity(7, i, 2);
  const sample: NewSample = { embedding: identity.samples[0]!, thumbnail: null, source: `${identity.name}.jpg`, pose: null };
  return { name: identity.name, sample, probe: identity.samples[1]! };
};

const request = (gallery: GalleryKind = 'people'): MatchRequest => ({
  gallery,
  settings: DEFAULT_MATCH_SETTINGS,
  topK: 1,
  thumbnails: false,
});

async function bestName(tab: Tab, probe: Float32Array, gallery: GalleryKind = 'people'): Promise<string | null> {
  const { candidates } = await tab.engine.search(probe, request(gallery));
  return candidates[0]?.name ?? null;
}

beforeEach(() => {
  // Both tabs share this browser's IndexedDB: the store opens through the global, as in the worker.
  vi.stubGlobal('indexedDB', new IDBFactory());
  hub = new ChannelHub();
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('the gallery engine across tabs', () => {
  it("reloads a tab's search index when another tab enrolls, and only then", async () => {
    const [ada, grace] = [person(0), person(1)];
    const a = openTab();
    const b = openTab();
    const deaf = openTab(null);
    await a.engine.enroll('people', ada.name, [ada.sample]);
    await hub.delivered();
    // B and the tab without a channel build their indexes now, with Ada alone.
    expect(await bestName(b, grace.probe)).toBe(ada.name);
    expect(await bestName(deaf, grace.probe)).toBe(ada.name);

    await a.engine.enroll('people', grace.name, [grace.sample]);
    await hub.delivered();
    expect(await bestName(b, grace.probe)).toBe(grace.name);
    expect((await b.engine.search(grace.probe, request())).decision.status).toBe('known');
    // Without the message the index is not rebuilt: that is what the channel is for.
    expect(await bestName(deaf, grace.probe)).toBe(ada.name);
    // Its own changes do rebuild it.
    await deaf.engine.rename((await deaf.engine.listPeople('people'))[0]!.id, 'Ada L.');
    expect(await bestName(deaf, grace.probe)).toBe(grace.name);
  });

  it('tells the page of every tab about a change, and other tabs only through the channel', async () => {
    const ada = person(0);
    const a = openTab();
    const b = openTab();
    const summary = await a.engine.enroll('celebrities', ada.name, [ada.sample]);
    expect(a.changes).toEqual(['celebrities']);
    expect(b.changes).toEqual([]);
    await hub.delivered();
    expect(b.changes).toEqual(['celebrities']);

    const record = await b.engine.deletePerson(summary.id);
    await hub.delivered();
    await a.engine.restore(record);
    await hub.delivered();
    // Once per change in each tab: a tab does not hear its own messages back.
    expect(a.changes).toEqual(['celebrities', 'celebrities', 'celebrities']);
    expect(b.changes).toEqual(['celebrities', 'celebrities', 'celebrities']);

    // Reads change nothing and say nothing.
    await b.engine.listPeople('people');
    await b.engine.search(ada.probe, request('celebrities'));
    await hub.delivered();
    expect(a.changes).toHaveLength(3);
  });

  it('ignores channel messages that are not a gallery', async () => {
    const ada = person(0);
    const b = openTab();
    await b.engine.enroll('people', ada.name, [ada.sample]);
    const stranger = hub.join();
    stranger.postMessage('everything' as GalleryKind);
    stranger.send({ kind: 'people' });
    await hub.delivered();
    expect(b.changes).toEqual(['people']);
  });

  it('reopens the database in a tab after another tab deleted it', async () => {
    const [ada, grace] = [person(0), person(1)];
    const a = openTab();
    const b = openTab();
    await b.engine.enroll('people', ada.name, [ada.sample]);
    expect(await bestName(b, ada.probe)).toBe(ada.name);
    expect(b.opens()).toBe(1);

    await a.engine.deleteAllGalleries();
    expect(a.changes.slice(-2).sort()).toEqual(['celebrities', 'people']);
    await hub.delivered();
    expect(b.changes.slice(-2).sort()).toEqual(['celebrities', 'people']);

    // B's connection closed itself for the delete; its next call opens a new one, on an empty database.
    expect(await b.engine.listPeople('people')).toEqual([]);
    expect(b.opens()).toBe(2);
    expect((await b.engine.search(ada.probe, request())).candidates).toEqual([]);
    await b.engine.enroll('people', grace.name, [grace.sample]);
    expect(await bestName(b, grace.probe)).toBe(grace.name);
    await hub.delivered();
    expect((await a.engine.listPeople('people')).map((p) => p.name)).toEqual([grace.name]);
  });

  it('after Delete everything, reads in that tab do not create the database again; a write or another tab does', async () => {
    const [ada, grace] = [person(0), person(1)];
    const a = openTab();
    const b = openTab();
    await a.engine.enroll('people', ada.name, [ada.sample]);
    await a.engine.deleteAllGalleries();
    const databases = async () => (await indexedDB.databases()).map((d) => d.name);
    expect(await databases()).toEqual([]);
    // What Settings and People read right after the delete.
    expect(await a.engine.listPeople('people')).toEqual([]);
    expect((await a.engine.search(ada.probe, request())).candidates).toEqual([]);
    expect((await a.engine.calibrate('people', DEFAULT_MATCH_SETTINGS)).people).toBe(0);
    expect(await a.engine.findConflicts('people', DEFAULT_MATCH_SETTINGS)).toEqual({ people: [], samples: [] });
    expect(await databases()).toEqual([]);

    await hub.delivered();
    await b.engine.enroll('people', grace.name, [grace.sample]);
    await hub.delivered();
    expect((await a.engine.listPeople('people')).map((p) => p.name)).toEqual([grace.name]);
    await a.engine.deleteAllGalleries();
    await a.engine.enroll('people', ada.name, [ada.sample]);
    expect(await bestName(a, ada.probe)).toBe(ada.name);
  });

  it('reopens the database on the next call even when no channel said it was deleted', async () => {
    const ada = person(0);
    const a = openTab(null);
    const b = openTab(null);
    await b.engine.enroll('people', ada.name, [ada.sample]);
    expect(await bestName(b, ada.probe)).toBe(ada.name);
    await a.engine.deleteAllGalleries();
    // The closed connection is noticed by the next call that needs it, and the cached indexes go with it.
    expect(await b.engine.listPeople('people')).toEqual([]);
    expect(b.opens()).toBe(2);
    expect((await b.engine.search(ada.probe, request())).candidates).toEqual([]);
  });

  it('does not keep a search index whose build failed', async () => {
    const ada = person(0);
    const b = openTab();
    await b.engine.enroll('people', ada.name, [ada.sample]);
    const rows = vi.spyOn(GalleryDb.prototype, 'searchRows').mockRejectedValueOnce(new Error('the disk is busy'));
    await expect(b.engine.search(ada.probe, request())).rejects.toThrow('the disk is busy');
    expect(await bestName(b, ada.probe)).toBe(ada.name);
    expect(rows).toHaveBeenCalledTimes(2);
    // Built once now, the index is reused.
    await bestName(b, ada.probe);
    expect(rows).toHaveBeenCalledTimes(2);
  });

  it('does not keep a failed open of the database', async () => {
    const ada = person(0);
    let failing = true;
    const engine = new GalleryEngine({
      openDb: () => (failing ? Promise.reject(new Error('storage is unavailable')) : openGalleryDb()),
      deleteDb: () => deleteGalleryDb(),
      channel: null,
      events: { galleryChanged: () => undefined },
    });
    await expect(engine.listPeople('people')).rejects.toThrow('storage is unavailable');
    failing = false;
    await engine.enroll('people', ada.name, [ada.sample]);
    expect((await engine.listPeople('people')).map((p) => p.name)).toEqual([ada.name]);
  });

  it('finds which gallery a person is in for a rename or merge, and says when they are gone', async () => {
    const [ada, grace] = [person(0), person(1)];
    const a = openTab();
    const b = openTab();
    const first = await a.engine.enroll('celebrities', ada.name, [ada.sample]);
    const second = await a.engine.enroll('celebrities', grace.name, [grace.sample]);
    await a.engine.merge(second.id, first.id);
    expect(a.changes).toEqual(['celebrities', 'celebrities', 'celebrities']);
    expect(await bestName(a, grace.probe, 'celebrities')).toBe(ada.name);
    await b.engine.deletePerson(first.id);
    await expect(a.engine.rename(first.id, 'Someone')).rejects.toThrow('no longer in the gallery');
  });

  it('round-trips a gallery through export and import, and rejects a file that is not one', async () => {
    const ada = person(0);
    const a = openTab();
    await a.engine.enroll('people', ada.name, [ada.sample]);
    const text = await a.engine.exportGallery('people');
    await a.engine.clear('people');
    expect(await bestName(a, ada.probe)).toBeNull();
    await a.engine.importGallery('people', text);
    expect(await bestName(a, ada.probe)).toBe(ada.name);
    await expect(a.engine.importGallery('people', '{"not": "a gallery"')).rejects.toThrow(/^Not a valid Faceprint gallery file: /);
  });

  it('groups faces against the gallery it keeps, and calibrates and finds conflicts on it, in step with moves', async () => {
    const a = openTab();
    const identities = Array.from({ length: 6 }, (_, i) => syntheticIdentity(11, i, 4));
    const enrolled: PersonSummary[] = [];
    for (const id of identities.slice(0, 5)) {
      const samples = id.samples
        .slice(0, 2)
        .map((embedding, k): NewSample => ({ embedding, thumbnail: null, source: `${k}.jpg`, pose: null }));
      enrolled.push(await a.engine.enroll('people', id.name, samples));
    }
    // New photos: two faces of identity 0 (enrolled) and three of identity 5 (not enrolled).
    const faces = [
      ...identities[0]!.samples.slice(2).map((embedding, k) => ({ id: `ada-${k}`, embedding, boxWidth: 80 })),
      ...identities[5]!.samples.slice(0, 3).map((embedding, k) => ({ id: `new-${k}`, embedding, boxWidth: 80 })),
      { id: 'tiny', embedding: identities[5]!.samples[3]!, boxWidth: 12 },
    ];
    const grouped = await a.engine.groupFaces({ faces, gallery: 'people', settings: DEFAULT_CLUSTER_SETTINGS });
    expect(grouped.matched.map((m) => [m.name, m.faces.map((f) => f.id)])).toEqual([[identities[0]!.name, ['ada-0', 'ada-1']]]);
    expect(grouped.clusters.map((c) => c.faceIds)).toEqual([['new-0', 'new-1', 'new-2']]);
    expect(grouped.tooSmall).toEqual(['tiny']);
    const alone = await a.engine.groupFaces({ faces, gallery: null, settings: DEFAULT_CLUSTER_SETTINGS });
    expect(alone.matched).toEqual([]);
    expect(alone.clusters.map((c) => c.faceIds).sort()).toEqual([
      ['ada-0', 'ada-1'],
      ['new-0', 'new-1', 'new-2'],
    ]);

    const calibration = await a.engine.calibrate('people', DEFAULT_MATCH_SETTINGS);
    expect(calibration.people).toBe(5);
    expect(calibration.genuine.count).toBe(5);
    expect(calibration.impostor.count).toBe(5 * 2 * 4);
    expect(await a.engine.findConflicts('people', DEFAULT_MATCH_SETTINGS)).toEqual({ people: [], samples: [] });

    // One of identity 1's samples enrolled under identity 0's name: a sample conflict, until it is moved.
    const wrong = await a.engine.enroll('people', identities[0]!.name, [
      { embedding: identities[1]!.samples[2]!, thumbnail: null, source: 'wrong.jpg', pose: null },
    ]);
    const found = await a.engine.findConflicts('people', DEFAULT_MATCH_SETTINGS);
    const misplaced = found.samples.find((c) => c.person === wrong.id);
    expect(misplaced?.otherPerson).toBe(enrolled[1]!.id);
    const record = await a.engine.moveSample(misplaced!.sample, enrolled[1]!.id);
    expect((await a.engine.findConflicts('people', DEFAULT_MATCH_SETTINGS)).samples).toEqual([]);
    expect((await a.engine.listPeople('people')).find((p) => p.id === enrolled[1]!.id)?.sampleCount).toBe(3);
    await a.engine.restore(record);
    expect((await a.engine.findConflicts('people', DEFAULT_MATCH_SETTINGS)).samples.map((c) => c.sample)).toEqual([misplaced!.sample]);
  });
});
