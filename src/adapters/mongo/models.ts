import { Schema, type Connection, type Model, type UpdateQuery } from 'mongoose';

// Schemas only describe storage; the domain types in src/domain are what the rest of the code sees.
// Every document has a string _id we generate, so ids are readable in logs and job ids.

/**
 * A document that records events carries them in `pendingEvents` until the relay moves them to the outbox.
 * `hasPendingEvents` exists only while some may be waiting, so the relay's frequent search reads a small
 * partial index instead of scanning the collection for non-empty arrays (which no index serves well). It is set
 * here, in the same update that pushes the events, so no writer can forget it; the relay removes it.
 */
function recordsEvents(schema: Schema): void {
  schema.add({
    // Events as src/domain/events builds them, stored as they are: an element schema would cast each pushed
    // event into a subdocument, which doubles what an update pushing one costs the client (npm run bench:store).
    pendingEvents: { type: [Schema.Types.Mixed], default: [] },
    hasPendingEvents: { type: Boolean },
  });
  schema.index({ hasPendingEvents: 1 }, { partialFilterExpression: { hasPendingEvents: true } });
  schema.pre(['updateOne', 'updateMany', 'findOneAndUpdate'], function () {
    if (pushesEvents(this.getUpdate())) this.set('hasPendingEvents', true);
  });
}

function pushesEvents(update: UpdateQuery<unknown> | null): boolean {
  const pushed: unknown = update?.$push?.pendingEvents;
  if (pushed === undefined) return false;
  const each: unknown = (pushed as { $each?: unknown }).$each;
  return !Array.isArray(each) || each.length > 0;
}

const campaignSchema = new Schema(
  {
    _id: String,
    name: { type: String, required: true },
    status: { type: String, required: true },
    agent: { agentId: String, requiredVariables: { type: [String], default: [] } },
    script: { type: Schema.Types.Mixed, default: null },
    callerId: String,
    limits: { maxConcurrentCalls: Number, callsPerSecond: Number, maxAttemptsPerLead: Number },
    retry: Schema.Types.Mixed,
    voicemail: { action: String, message: { type: String, default: null } },
    callingWindow: { type: Schema.Types.Mixed, default: null },
    analysis: Schema.Types.Mixed,
    compliance: { allowRegistryWithWrittenAgreement: { type: Boolean, default: false } },
    createdAt: Date,
    queueing: {
      type: new Schema(
        {
          total: Number,
          queued: Number,
          done: Boolean,
          failed: { type: String, default: null },
          startedAt: Date,
          finishedAt: { type: Date, default: null },
        },
        { _id: false },
      ),
      default: null,
    },
  },
  { versionKey: false, minimize: false },
);

// GET /api/campaigns and the dashboard: newest first, paged by (createdAt, _id).
campaignSchema.index({ createdAt: -1, _id: -1 });

const leadSchema = new Schema(
  {
    _id: String,
    campaignId: { type: String, required: true },
    phone: { type: String, required: true },
    firstName: String,
    lastName: String,
    email: { type: String, default: null },
    address: { street: String, city: String, state: String, zip: String },
    timeZone: { type: String, default: null },
    propertyAddress: { type: String, default: null },
    language: { type: String, default: null },
    consentId: { type: String, default: null },
    status: { type: String, required: true },
    attempts: { type: Number, default: 0 },
    lastOutcome: { type: String, default: null },
    blockedReasons: { type: [String], default: [] },
    qualification: { type: Schema.Types.Mixed, default: null },
    nextStep: { type: Schema.Types.Mixed, default: null },
    rowNumber: { type: Number, default: null },
    createdAt: Date,
    updatedAt: Date,
  },
  { versionKey: false, minimize: false },
);
recordsEvents(leadSchema);
leadSchema.index({ campaignId: 1, phone: 1 }, { unique: true });
leadSchema.index({ campaignId: 1, status: 1 });
// A campaign's leads page in this order.
leadSchema.index({ campaignId: 1, rowNumber: 1, _id: 1 });
leadSchema.index({ phone: 1 });

const consentSchema = new Schema(
  {
    _id: String,
    phone: { type: String, required: true, index: true },
    leadId: { type: String, default: null },
    method: String,
    capturedAt: Date,
    expiresAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
    sellerName: String,
    coversAutomatedCalls: Boolean,
    source: { formUrl: { type: String, default: null }, ip: { type: String, default: null } },
    createdAt: Date,
  },
  { versionKey: false, minimize: false },
);

const dncSchema = new Schema(
  { _id: String, reason: String, source: String, addedAt: Date },
  { versionKey: false },
);

const callerIdSchema = new Schema(
  { _id: String, note: { type: String, default: null }, addedBy: String, addedAt: Date },
  { versionKey: false },
);

const callSchema = new Schema(
  {
    _id: String,
    attemptId: { type: String, required: true, unique: true },
    attemptNumber: Number,
    leadId: { type: String, required: true, index: true },
    campaignId: { type: String, required: true },
    to: { type: String, required: true },
    from: String,
    status: { type: String, required: true },
    /** `{ status, at, source }` entries, pushed with each status (not cast into subdocuments: see pendingEvents). */
    timeline: { type: [Schema.Types.Mixed], default: [] },
    twilio: { callSid: { type: String, default: null }, answeredBy: { type: String, default: null } },
    elevenlabs: { conversationId: { type: String, default: null } },
    durationSec: { type: Number, default: null },
    recording: { type: Schema.Types.Mixed, default: null },
    transcript: { type: Schema.Types.Mixed, default: null },
    summary: { type: String, default: null },
    sentiment: { type: Schema.Types.Mixed, default: null },
    intent: { type: String, default: null },
    outcome: { type: String, default: null },
    // Absent until the post-call job stores its analysis (or closes the call without one).
    language: String,
    analysisSource: String,
    qualification: Schema.Types.Mixed,
    nextStep: Schema.Types.Mixed,
    closedWithoutTranscriptAt: Date,
    /** The conversation as the post-call webhook delivered it, kept until the analysis is stored. */
    receivedConversation: Schema.Types.Mixed,
    complianceCheckId: { type: String, default: null },
    overrideReason: { type: String, default: null },
    /** The connect webhook's claim and answer (TwiML), so that a replayed connect gets the same answer. */
    connect: { type: Schema.Types.Mixed, default: null },
    /** The lead's fields the agent's context needs, as they were when the call was placed. */
    callee: { type: Schema.Types.Mixed, default: null },
    /** Absent once the call is final. */
    carrierCheck: { lastStatusAt: Date, notBefore: Date },
    createdAt: Date,
    updatedAt: Date,
  },
  { versionKey: false, minimize: false },
);
recordsEvents(callSchema);
callSchema.index({ status: 1 });
callSchema.index({ to: 1, createdAt: 1 });
// The dashboard's latest calls and calls per minute of a campaign; /metrics' calls of the last day.
callSchema.index({ campaignId: 1, createdAt: -1 });
callSchema.index({ createdAt: 1 });
callSchema.index({ leadId: 1, createdAt: 1, _id: 1 });
// Only open calls are in it, so the reconciler's search reads a few keys and fetches only the calls it returns.
callSchema.index({ 'carrierCheck.notBefore': 1, 'carrierCheck.lastStatusAt': 1 }, { sparse: true });

const complianceRecordSchema = new Schema(
  {
    _id: String,
    leadId: { type: String, required: true, index: true },
    campaignId: { type: String, default: null, index: true },
    attemptId: { type: String, default: null, index: true },
    phone: String,
    stage: String,
    result: String,
    notBefore: { type: Date, default: null },
    violations: { type: Schema.Types.Mixed, default: [] },
    evidence: { type: Schema.Types.Mixed, default: null },
    error: { type: String, default: null },
    checkedAt: Date,
  },
  { versionKey: false, minimize: false },
);

const outboxSchema = new Schema(
  {
    _id: String,
    type: String,
    occurredAt: Date,
    callId: { type: String, default: null },
    leadId: String,
    campaignId: String,
    payload: { type: Schema.Types.Mixed, default: {} },
    publishedAt: { type: Date, default: null, index: true },
  },
  { versionKey: false, minimize: false },
);
// GET /api/events pages in this order.
outboxSchema.index({ occurredAt: 1, _id: 1 });

const uploadSchema = new Schema(
  {
    _id: String,
    campaignId: { type: String, required: true },
    status: { type: String, required: true },
    accepted: Number,
    rejected: Number,
    errorCounts: { type: Schema.Types.Mixed, default: {} },
    firstErrors: { type: Schema.Types.Mixed, default: [] },
    startedAt: Date,
    finishedAt: { type: Date, default: null },
  },
  { versionKey: false, minimize: false },
);
// An upload's page of the listing: its campaign's uploads, newest (highest id) first.
uploadSchema.index({ campaignId: 1, _id: -1 });

/** An upload's full error report in parts of at most a thousand rows, so no document nears 16 MB. */
const uploadErrorsSchema = new Schema(
  { _id: String, uploadId: { type: String, required: true }, part: Number, rows: Schema.Types.Mixed },
  { versionKey: false },
);
uploadErrorsSchema.index({ uploadId: 1, part: 1 });

export function buildModels(conn: Connection) {
  return {
    Campaign: conn.model('Campaign', campaignSchema, 'campaigns'),
    Lead: conn.model('Lead', leadSchema, 'leads'),
    Consent: conn.model('Consent', consentSchema, 'consents'),
    Dnc: conn.model('Dnc', dncSchema, 'dnc'),
    CallerId: conn.model('CallerId', callerIdSchema, 'caller_ids'),
    Call: conn.model('Call', callSchema, 'calls'),
    ComplianceRecord: conn.model('ComplianceRecord', complianceRecordSchema, 'compliance_checks'),
    Outbox: conn.model('OutboxEvent', outboxSchema, 'events'),
    Upload: conn.model('Upload', uploadSchema, 'uploads'),
    UploadErrors: conn.model('UploadErrors', uploadErrorsSchema, 'upload_errors'),
  };
}

export type Models = ReturnType<typeof buildModels>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModel = Model<any>;
