/** What a processor sees of its job: enough to log and decide, nothing of BullMQ. */
export interface JobContext {
  jobId: string;
  attemptsMade: number;
}

export type Processor<T, R = unknown> = (data: T, ctx: JobContext) => Promise<R>;

/**
 * Thrown by a processor to put the same job back until `until` (calling hours, a paused campaign, no free
 * call slot). Not a failure: it does not use up a retry.
 */
export class DeferJob extends Error {
  constructor(
    readonly until: Date,
    reason: string,
  ) {
    super(reason);
  }
}
