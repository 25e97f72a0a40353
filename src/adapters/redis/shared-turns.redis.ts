import type { Redis } from 'ioredis';
import type { SharedTurns } from '../../ports/shared-turns.port';

/** Takes the turn (0) or answers how long it is still held: one round trip either way. */
const TAKE_TURN = `
if redis.call('SET', KEYS[1], '1', 'PX', ARGV[1], 'NX') then return 0 end
local left = redis.call('PTTL', KEYS[1])
if left < 1 then return 1 end
return left
`;

/** Turns as keys that expire: a holder that dies mid-pass gives its turn up when its lease runs out. */
export class RedisSharedTurns implements SharedTurns {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    redis.defineCommand('dialerTakeTurn', { numberOfKeys: 1, lua: TAKE_TURN });
  }

  async take(name: string, leaseMs: number): Promise<number> {
    const redis = this.redis as unknown as TurnCommands;
    return Number(await redis.dialerTakeTurn(this.key(name), Math.max(1, Math.round(leaseMs))));
  }

  async hold(name: string, holdMs: number): Promise<void> {
    await this.redis.set(this.key(name), '1', 'PX', Math.max(1, Math.round(holdMs)));
  }

  private key(name: string): string {
    return `${this.prefix}:turn:${name}`;
  }
}

interface TurnCommands {
  dialerTakeTurn(key: string, leaseMs: number): Promise<unknown>;
}
