import { z } from 'zod';
import { ValidationError } from '../../errors';

/**
 * The post-call webhook body as ElevenLabs sends it (snake_case), only the fields we read; unknown fields pass
 * through. A signed body of another shape (`null`, a transcript that is not a list, `[null]`) fails here as a
 * 400 instead of a crash further on: ElevenLabs disables a webhook that keeps failing with 5xx.
 */
const text = z.string().max(100_000);
const id = z.string().max(200);

const turn = z.looseObject({
  role: z.enum(['agent', 'user']),
  message: text.nullish(),
  time_in_call_secs: z.number().finite().nullish(),
});

const data = z.looseObject({
  conversation_id: id.nullish(),
  status: z.enum(['initiated', 'in-progress', 'processing', 'done', 'failed']).nullish(),
  failure_reason: z.string().max(1000).nullish(),
  transcript: z.array(turn).max(10_000).nullish(),
  analysis: z
    .looseObject({
      transcript_summary: text.nullish(),
      call_successful: z.string().max(100).nullish(),
      data_collection_results: z.record(id, z.looseObject({ value: z.unknown() })).nullish(),
      evaluation_criteria_results: z
        .record(id, z.looseObject({ result: z.string().max(100).nullish() }))
        .nullish(),
    })
    .nullish(),
  metadata: z
    .looseObject({
      call_duration_secs: z.number().finite().nullish(),
      main_language: z.string().max(20).nullish(),
      phone_call: z.looseObject({ call_sid: id.nullish() }).nullish(),
    })
    .nullish(),
  conversation_initiation_client_data: z
    .looseObject({ dynamic_variables: z.record(z.string(), z.unknown()).nullish() })
    .nullish(),
});

const envelope = z.looseObject({ type: z.string().max(100), data: z.unknown() });
const ACTED_ON = new Set(['post_call_transcription', 'call_initiation_failure']);

export type WireWebhook = { type: string; data?: z.infer<typeof data> | null };

/** Checks the body's shape; a problem is a ValidationError naming the field (dotted path from the body). */
export function readWebhookBody(value: unknown): WireWebhook {
  const outer = envelope.safeParse(value);
  if (!outer.success) throw invalid(outer.error, []);
  // Types we do not act on are acknowledged whatever their data.
  if (!ACTED_ON.has(outer.data.type)) return { type: outer.data.type };
  const inner = data.nullish().safeParse(outer.data.data);
  if (!inner.success) throw invalid(inner.error, ['data']);
  return { type: outer.data.type, data: inner.data };
}

function invalid(error: z.ZodError, prefix: string[]): ValidationError {
  const issue = error.issues[0]!;
  const field = ['body', ...prefix, ...issue.path.map(String)].join('.');
  return new ValidationError(`${field}: ${issue.message}`, field);
}
