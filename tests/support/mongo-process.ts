/**
 * The MongoDB stand-in in a process of its own, for tests and benches that measure timing: in the test process
 * its query scans would stall the simulator's event loop, and the simulator's timestamps are the measurement.
 * Prints `READY <uri>`; exits on SIGTERM.
 */
import { serveMongoStandin } from './serve-mongo-standin';

serveMongoStandin('mongo stand-in');
