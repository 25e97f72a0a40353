import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { CONFIG_VARIABLES } from '../../src/config';

/** Docker cannot run here, so the deployment files are read and checked against the code they start. */
const root = path.join(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number>;
  env_file?: string | string[];
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number };
  healthcheck?: unknown;
}

const compose = load(read('docker-compose.yml')) as { services: Record<string, ComposeService> };
const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
const buildConfig = JSON.parse(read('tsconfig.build.json')) as {
  compilerOptions: { rootDir: string; outDir: string };
};

/** dist/main/x.js → src/main/x.ts, by the build's rootDir/outDir. */
function sourceOf(compiled: string): string {
  const { rootDir, outDir } = buildConfig.compilerOptions;
  return compiled.replace(new RegExp(`^${outDir}/`), `${rootDir}/`).replace(/\.js$/, '.ts');
}

describe('docker-compose.yml', () => {
  it('runs redis, mongo, kafka, api and a scaled worker', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'kafka', 'mongo', 'redis', 'worker']);
    expect(compose.services.worker!.deploy?.replicas).toBeGreaterThanOrEqual(2);
  });

  it('runs Kafka in KRaft mode (no ZooKeeper)', () => {
    const env = compose.services.kafka!.environment!;
    expect(env.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS).toBeDefined();
    expect(JSON.stringify(compose)).not.toMatch(/zookeeper/i);
  });

  it('runs the Kafka version the tests run (scripts/kafka/pom.xml)', () => {
    const tested = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(read('scripts/kafka/pom.xml'))?.[1];
    expect(tested).toMatch(/^\d+\.\d+\.\d+$/);
    expect(compose.services.kafka!.image).toBe(`apache/kafka:${tested}`);
  });

  it('starts npm run dev and npm run demo built, with the same node flags, a young generation half the default', () => {
    const flags = (script: string) => script.split(' ').filter((arg) => arg.startsWith('--'));
    expect(flags(pkg.scripts.dev!)).toEqual(['--max-semi-space-size=8', '--enable-source-maps', '--serve']);
    expect(flags(pkg.scripts.demo!)).toEqual(['--max-semi-space-size=8', '--enable-source-maps']);
    for (const script of [pkg.scripts.dev!, pkg.scripts.demo!]) {
      const [build, run] = script.split(' && ');
      expect(build).toBe('node scripts/build-dev.mjs');
      // The built entry point is the one of src/main (scripts/build-dev.mjs mirrors the tree under .dev-build).
      const entry = run!.split(' ').find((arg) => arg.endsWith('.js'))!;
      expect(entry).toBe('.dev-build/src/main/demo.js');
      expect(existsSync(path.join(root, 'src/main/demo.ts'))).toBe(true);
    }
  });

  it('starts the api and worker entry points that the build produces', () => {
    expect(compose.services.worker!.command).toEqual(['node', 'dist/main/worker.js']);
    expect(pkg.scripts.worker).toBe('node dist/main/worker.js');
    expect(pkg.scripts.start).toBe('node dist/main/api.js');
    for (const compiled of ['dist/main/api.js', 'dist/main/worker.js'])
      expect(existsSync(path.join(root, sourceOf(compiled)))).toBe(true);
  });

  it('waits for healthy backing services and sets only variables the service reads', () => {
    for (const name of ['api', 'worker']) {
      const svc = compose.services[name]!;
      expect(Object.keys(svc.depends_on ?? {}).sort()).toEqual(['kafka', 'mongo', 'redis']);
      for (const dep of Object.values(svc.depends_on!)) expect(dep.condition).toBe('service_healthy');
      for (const key of Object.keys(svc.environment ?? {})) expect(CONFIG_VARIABLES).toContain(key);
      expect(svc.env_file).toBe('.env');
    }
    for (const name of ['redis', 'mongo', 'kafka']) expect(compose.services[name]!.healthcheck).toBeDefined();
  });
});

describe('Dockerfile', () => {
  const lines = read('Dockerfile')
    .split('\n')
    .map((l) => l.trim());
  const stages = lines.filter((l) => /^FROM /i.test(l));
  const finalStage = lines.slice(lines.lastIndexOf(stages[stages.length - 1]!));

  it('is multi-stage on Node 20 and runs the final stage as a non-root user', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const from of stages) expect(from).toMatch(/^FROM node:20\./);
    const user = finalStage.find((l) => l.startsWith('USER '));
    expect(user).toBeDefined();
    expect(user).not.toMatch(/USER (root|0)\b/);
  });

  it('builds with the lockfile and ships only production dependencies and dist', () => {
    expect(lines).toContain('RUN npm ci --no-audit --no-fund');
    expect(lines.some((l) => l.includes('npm prune --omit=dev'))).toBe(true);
    expect(finalStage.some((l) => l.startsWith('COPY') && l.includes('src'))).toBe(false);
    expect(finalStage.find((l) => l.startsWith('CMD'))).toBe('CMD ["node", "dist/main/api.js"]');
  });
});

describe('.env.example', () => {
  const documented = new Set(
    read('.env.example')
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => l.split('=')[0]),
  );

  it('lists every variable the configuration reads, and nothing else', () => {
    expect([...documented].sort()).toEqual([...CONFIG_VARIABLES].sort());
  });
});
