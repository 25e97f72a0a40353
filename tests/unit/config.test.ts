import { ConfigError, loadConfig } from '../../src/config';
import { simulatorEnvironment } from '../../src/demo/demo-environment';

const valid = () =>
  simulatorEnvironment({}, { MONGODB_URI: 'mongodb://127.0.0.1:1/x', SIMULATOR_URL: 'http://127.0.0.1:9' });

describe('loadConfig', () => {
  it('accepts a complete environment', () => {
    expect(loadConfig(valid()).TELEPHONY).toBe('simulator');
  });

  it('asks the carrier about a silent call after 90 s, every 15 s, unless told otherwise', () => {
    expect(loadConfig(valid())).toMatchObject({
      RECONCILE_QUIET_SECONDS: 90,
      RECONCILE_INTERVAL_SECONDS: 15,
    });
    const env = { ...valid(), RECONCILE_QUIET_SECONDS: '10', RECONCILE_INTERVAL_SECONDS: '2' };
    expect(loadConfig(env)).toMatchObject({ RECONCILE_QUIET_SECONDS: 10, RECONCILE_INTERVAL_SECONDS: 2 });
  });

  it.each([
    ['MONGODB_URI', undefined, 'Invalid configuration: MONGODB_URI is required'],
    [
      'TWILIO_ACCOUNT_SID',
      'XX123',
      'Invalid configuration: TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits',
    ],
    ['SIMULATOR_URL', undefined, 'Invalid configuration: SIMULATOR_URL is required when TELEPHONY=simulator'],
    ['GLOBAL_CALLS_PER_SECOND', '-1', 'Invalid configuration: GLOBAL_CALLS_PER_SECOND'],
    ['RECONCILE_QUIET_SECONDS', '0', 'Invalid configuration: RECONCILE_QUIET_SECONDS'],
    ['RECONCILE_INTERVAL_SECONDS', 'soon', 'Invalid configuration: RECONCILE_INTERVAL_SECONDS'],
  ])('names %s when it is wrong', (name, value, message) => {
    const env = valid();
    if (value === undefined) delete env[name];
    else env[name] = value;
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
