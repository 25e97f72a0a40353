import { startMongoStandin } from '../../src/standins/mongo/mongo-standin';

/** The body of a MongoDB stand-in process: prints `READY <uri>`, exits on SIGTERM or SIGINT; `label` names failures. */
export function serveMongoStandin(label: string): void {
  startMongoStandin()
    .then((mongo) => {
      const stop = () => void mongo.close().finally(() => process.exit(0));
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
      process.stdout.write(`READY ${mongo.uri}\n`);
    })
    .catch((err: unknown) => {
      process.stderr.write(`${label} failed: ${(err as Error).stack}\n`);
      process.exit(1);
    });
}
