import { randomUUID } from 'node:crypto';
import { testRedis } from '../support/redis';
import { RedisDncRegistry } from '../../src/adapters/redis/dnc-registry.redis';
import { checkDnc } from '../../src/compliance/rules/dnc.rule';

async function* linesOf(...lines: string[]): AsyncIterable<string> {
  yield* lines;
}

describe('RedisDncRegistry (real Redis)', () => {
  const redis = testRedis({ maxRetriesPerRequest: 1 });
  let prefix: string;
  let registry: RedisDncRegistry;
  const listed = async (phones: string[]) => (await registry.lookup(phones)).map((entry) => entry.listed);

  beforeEach(() => {
    prefix = `test:dnc:${randomUUID()}`;
    registry = new RedisDncRegistry(redis, prefix);
  });

  afterEach(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  });

  afterAll(async () => {
    await redis.quit();
  });

  it('imports an area-code file and answers a batch (listed, and the download date) in one pipeline', async () => {
    const result = await registry.importAreaCodeFile(
      linesOf(
        '2125550100',
        '2129999999',
        '',
        'not a number',
        '12125550199',
        '212-555-0142',
        '0125550100',
        '2121234567',
        '3052000000',
      ),
      { downloadedAt: new Date('2026-03-01T00:00:00Z') },
    );
    // Rejected: text, an NPA starting with 0 and an exchange starting with 1; the blank line is skipped.
    expect(result).toEqual({ areaCodes: ['212', '305'], numbers: 5, rejected: 3 });

    const pipeline = jest.spyOn(redis, 'pipeline');
    const answers = await listed([
      '+12125550100',
      '+12125550101',
      '2129999999',
      '+12125550199',
      '+12125550142',
      '+13052000000',
      '+13052000001',
      '+14152345678',
      'garbage',
    ]);
    expect(pipeline).toHaveBeenCalledTimes(1);
    pipeline.mockRestore();
    // Unknown area code (415) and a malformed phone cannot be proven absent: listed.
    expect(answers).toEqual([true, false, true, true, true, true, false, true, true]);
    expect(await listed([])).toEqual([]);
  });

  it('stores one 1.25 MB bitmap per area code', async () => {
    await registry.importAreaCodeFile(linesOf('2125550100'), {
      downloadedAt: new Date('2026-03-01T00:00:00Z'),
    });
    expect(await redis.strlen(`${prefix}:npa:212`)).toBe(1_250_000);
    expect(await redis.getbit(`${prefix}:npa:212`, 5_550_100)).toBe(1);
  });

  it('replaces an area code on re-import and keeps the oldest download date', async () => {
    expect(await registry.downloadedAt()).toBeNull();
    await registry.importAreaCodeFile(linesOf('2125550100', '3052000000'), {
      downloadedAt: new Date('2026-02-01T00:00:00Z'),
    });
    await registry.importAreaCodeFile(linesOf('2125550101'), {
      downloadedAt: new Date('2026-03-01T00:00:00Z'),
    });
    expect(await listed(['+12125550100', '+12125550101', '+13052000000'])).toEqual([false, true, true]);
    // 305 was not refreshed: the registry is as old as its oldest area code.
    expect(await registry.downloadedAt()).toEqual(new Date('2026-02-01T00:00:00Z'));
    await registry.importAreaCodeFile(linesOf('3052000000'), {
      downloadedAt: new Date('2026-03-02T00:00:00Z'),
    });
    expect(await registry.downloadedAt()).toEqual(new Date('2026-03-01T00:00:00Z'));
  });

  it('counts every number of an area code as listed when its bitmap has gone missing', async () => {
    await registry.importAreaCodeFile(linesOf('2125550100'), {
      downloadedAt: new Date('2026-03-01T00:00:00Z'),
    });
    await redis.del(`${prefix}:npa:212`);
    expect(await listed(['+12125550101'])).toEqual([true]);
  });

  it('splits chunks that hold several lines', async () => {
    const result = await registry.importAreaCodeFile(linesOf('2125550100\r\n2125550101\n', '2125550102'), {
      downloadedAt: new Date('2026-03-01T00:00:00Z'),
    });
    expect(result).toEqual({ areaCodes: ['212'], numbers: 3, rejected: 0 });
    expect(await listed(['+12125550101', '+12125550102'])).toEqual([true, true]);
  });

  it('dates each phone by its own area code: one stale import blocks that area code only', async () => {
    const now = new Date('2026-03-20T00:00:00Z');
    await registry.importAreaCodeFile(linesOf('2125550100'), {
      downloadedAt: new Date('2026-01-01T00:00:00Z'),
    });
    await registry.importAreaCodeFile(linesOf('3052000000'), {
      downloadedAt: new Date('2026-03-15T00:00:00Z'),
    });
    const phones = ['+12125550101', '+13052000001', '+14152345678', 'garbage'];
    const dates = (await registry.lookup(phones)).map((entry) => entry.downloadedAt);
    expect(dates).toEqual([new Date('2026-01-01T00:00:00Z'), new Date('2026-03-15T00:00:00Z'), null, null]);
    const stale = dates.map((registryDownloadedAt, i) =>
      checkDnc(
        { onNationalRegistry: false, onInternalList: false, registryDownloadedAt },
        phones[i]!,
        now,
      ).map((v) => v.code),
    );
    expect(stale).toEqual([['REGISTRY_STALE'], [], ['REGISTRY_STALE'], ['REGISTRY_STALE']]);
  });
});
