import os from 'node:os';
import type { CommandContext, CommandHandler } from './command-context';

const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;
/** MongoDB 7.0: inside driver 7.8's supported 9..29, and old enough that it sends no 8.0-only command shapes. */
const MAX_WIRE_VERSION = 21;

/**
 * Describes a standalone server: no setName, so the driver neither attempts
 * retryable writes nor expects replica-set monitoring; logicalSessionTimeoutMinutes
 * lets it attach implicit sessions, which the stand-in accepts and ignores.
 */
function hello(_command: unknown, context: CommandContext) {
  return {
    helloOk: true,
    isWritablePrimary: true,
    ismaster: true,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: context.connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
  };
}

function buildInfo() {
  return {
    version: '7.0.0',
    versionArray: [7, 0, 0, 0],
    gitVersion: 'mongo-standin',
    bits: 64,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    modules: [],
  };
}

function hostInfo() {
  return {
    system: {
      currentTime: new Date(),
      hostname: os.hostname(),
      cpuArch: os.arch(),
      numCores: os.cpus().length,
    },
    os: { type: os.type(), name: os.platform() },
  };
}

export const adminCommands: Record<string, CommandHandler> = {
  hello,
  isMaster: hello,
  ismaster: hello,
  ping: () => ({}),
  buildInfo,
  buildinfo: buildInfo,
  getParameter: (command) =>
    command.featureCompatibilityVersion ? { featureCompatibilityVersion: { version: '7.0' } } : {},
  hostInfo,
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] } }),
  endSessions: () => ({}),
};
