import v8 from 'node:v8';

/**
 * Loaded for its effect, first thing in a process that may host the MongoDB stand-in (`npm run dev` and the demo,
 * whichever MongoDB they use; the ingest bench; standin-thread.ts loads it too). The stand-in keeps every document in its heap (some 110 MB live
 * for 100,000 leads), and V8 lets a heap grow up to four times its live size before a full collection: the garbage
 * of an upload and of queueing then showed as 650-720 MB of RSS for the process. Growing 30% past live before
 * collecting held a 100,000-lead ingest to about 420 MB at the same CPU per lead (measured by bench:ingest; the
 * collections are incremental and concurrent). A V8 flag is the process's, so both threads are held the same way,
 * from the first collection after it is set: hence first, before the modules load. A process without the stand-in
 * (production, on a real MongoDB) keeps V8's default. `npm run dev` and `npm run demo` also start node with
 * `--max-semi-space-size=8` (package.json): the young generation's size is fixed when a thread's heap is made, so
 * it cannot be set from here for the main thread. Half the default, it took 20-30 MB off the process's RSS at
 * boot and at the peak of a 100,000-lead ingest, at the same CPU per lead (4 MB took 40 MB, at 13-26% more CPU).
 */
v8.setFlagsFromString('--heap-growing-percent=30');
