import { ConfigError, loadConfig } from '../../src/config';
import { simulatorEnvironment } from '../../src/demo/demo-environment';

const valid = () =>
  simulatorEnvironment({}, { MONGODB_URI: 'mongodb://127.0.0.1:1/x', SIMULATOR_URL: 'http://127.0.0.1:9' });

describe('loadConfig', () => {
  it('accepts a complete environment', () => {
    expect(loadConfig(valid()).TELEPHONY).toBe('simulator');
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
  ])('names %s when it is wrong', (name, value, message) => {
    const env = valid();
    if (value === undefined) delete env[name];
    else env[name] = value;
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
