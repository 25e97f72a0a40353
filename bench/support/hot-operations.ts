import { randomBytes } from 'node:crypto';
import type { buildModels } from '../../src/adapters/mongo/models';
import { MongoLeadRepository } from '../../src/adapters/mongo/lead.repository';
import { MongoCallRepository } from '../../src/adapters/mongo/call.repository';
import { MongoComplianceRecordRepository } from '../../src/adapters/mongo/compliance-record.repository';
import type { ComplianceRecord } from '../../src/domain/compliance-record';
import type { Callee } from '../../src/domain/call-context';
import { fromDoc } from '../../src/adapters/mongo/documents';
import { callAnswered } from '../../src/domain/events';
import type { Lead } from '../../src/domain/lead';
import { callRecord } from '../../tests/support/call-record';

const DOCS = 500;

export type HotOperation = (i: number) => Promise<unknown>;

/**
 * The hot MongoDB operations of a call (a lead read by id, the calls to a number since a date, an update returning
 * the document, an update pushing an event as a webhook records one, the call and the evidence the dial job
 * inserts), each as production runs it (our repository or model: mongoose, lean) and through the driver
 * collection under the same model. Stores the DOCS leads and calls they work on first. Operation `i` works on
 * document `i % DOCS`.
 */
export async function hotOperations(
  models: ReturnType<typeof buildModels>,
): Promise<Record<string, { mongoose: HotOperation; driver: HotOperation }>> {
  const leads = new MongoLeadRepository(models);
  const calls = new MongoCallRepository(models);
  const now = new Date();
  const ids = Array.from({ length: DOCS }, (_, i) => `lead_bench_${i}`);
  const phones = ids.map((_, i) => `+1312555${String(i).padStart(4, '0')}`);
  await models.Lead.collection.insertMany(
    ids.map((id, i) => ({
      _id: id as never,
      campaignId: 'campaign_bench',
      phone: phones[i],
      firstName: 'Ada',
      status: 'dialing',
      attempts: 0,
      createdAt: now,
      updatedAt: now,
      pendingEvents: [],
    })),
  );
  await models.Call.collection.insertMany(
    ids.map((id, i) => ({
      _id: `call-${id}-a1` as never,
      attemptId: `${id}-a1`,
      leadId: id,
      to: phones[i],
      createdAt: now,
    })),
  );
  const since = new Date(now.getTime() - 86_400_000);
  const progress = (i: number, via: string) => {
    const callId = `call-${ids[pick(i)]}-a1`;
    const at = new Date();
    const event = callAnswered({ callId, leadId: ids[pick(i)]!, campaignId: 'campaign_bench' }, 'human', at);
    const pushed = { ...event, eventId: `${event.eventId}:${via}:${i}` };
    return {
      filter: { _id: callId },
      set: { status: 'in-progress', updatedAt: at },
      push: {
        timeline: { status: 'in-progress', at, source: 'twilio' },
        pendingEvents: { $each: [pushed] },
      },
    };
  };
  const pick = (i: number) => i % DOCS;
  const records = new MongoComplianceRecordRepository(models);
  // What the dial job inserts before asking Twilio: the call with its callee, and the check that allowed it.
  const newCall = (i: number, via: string) => {
    const attemptId = `${ids[pick(i)]}-${via}-${i}-${randomBytes(3).toString('hex')}`;
    return callRecord({ callId: `call-${attemptId}`, attemptId }, new Date(), {
      leadId: ids[pick(i)]!,
      campaignId: 'campaign_bench',
      to: phones[pick(i)]!,
      complianceCheckId: `chk-${attemptId}`,
    });
  };
  const callee: Callee = {
    id: 'lead_bench_0',
    firstName: 'Ada',
    lastName: 'Lee',
    email: 'ada@example.com',
    address: { street: '12 Oak St', city: 'Springfield', state: 'IL', zip: '62701' },
    propertyAddress: '12 Oak St, Springfield, IL',
    language: null,
    timeZone: 'America/Chicago',
  };
  const newCheck = (i: number, via: string): ComplianceRecord => {
    const at = new Date();
    return {
      id: `chk-${via}-${i}-${randomBytes(3).toString('hex')}`,
      leadId: ids[pick(i)]!,
      campaignId: 'campaign_bench',
      attemptId: `${ids[pick(i)]}-a1`,
      phone: phones[pick(i)]!,
      stage: 'dial',
      result: 'allowed',
      notBefore: null,
      violations: [],
      evidence: {
        ruleSetVersion: '2026-11-01',
        checkedAt: at,
        consentId: `consent-${pick(i)}`,
        registryDownloadedAt: since,
        zones: [{ zone: 'America/Chicago', source: 'area_code' }],
        localTimes: [{ zone: 'America/Chicago', local: '2026-12-04T10:12:00' }],
        states: ['IL'],
        window: { start: '08:00', end: '21:00', sources: ['47 CFR 64.1200(c)(1)'] },
        places: [
          {
            zone: 'America/Chicago',
            states: ['IL'],
            statutes: ['47 CFR 64.1200(c)(1)', '815 ILCS 413/15'],
          },
        ],
        statutes: ['47 CFR 64.1200(c)(1)', '47 CFR 64.1200(c)(2)', '47 U.S.C. 227(b)', '815 ILCS 413/15'],
        unverifiedStates: [],
        exemptions: [],
        override: null,
      },
      error: null,
      checkedAt: at,
    };
  };

  return {
    'lead by id': {
      mongoose: (i: number) => leads.get(ids[pick(i)]!),
      driver: async (i: number) => {
        const doc = await models.Lead.collection.findOne({ _id: ids[pick(i)] as never });
        return doc ? fromDoc<Lead>(doc) : null;
      },
    },
    'calls to a number since': {
      mongoose: (i: number) => calls.countPlacedSince(phones[pick(i)]!, since),
      driver: async (i: number) =>
        (
          await models.Call.collection
            .find({ to: phones[pick(i)], createdAt: { $gte: since } }, { projection: { createdAt: 1 } })
            .toArray()
        ).map((d) => d.createdAt as Date),
    },
    'update, document returned': {
      mongoose: (i: number) =>
        models.Lead.findOneAndUpdate(
          { _id: ids[pick(i)] },
          { $set: { attempts: i, updatedAt: new Date() } },
          { returnDocument: 'after' },
        ).lean(),
      driver: (i: number) =>
        models.Lead.collection.findOneAndUpdate(
          { _id: ids[pick(i)] as never },
          { $set: { attempts: i, updatedAt: new Date() } },
          { returnDocument: 'after' },
        ),
    },
    // As a status webhook records a call's progress: the status, a timeline entry and its event, one update.
    'update pushing an event': {
      mongoose: (i: number) => {
        const { filter, set, push } = progress(i, 'mongoose');
        return models.Call.updateOne(filter, { $set: set, $push: push });
      },
      // The flag the schema's hook sets on every update that pushes events, set here by hand.
      driver: (i: number) => {
        const { filter, set, push } = progress(i, 'driver');
        return models.Call.collection.updateOne(filter as never, {
          $set: { ...set, hasPendingEvents: true },
          $push: push as never,
        });
      },
    },
    'insert a call': {
      mongoose: (i: number) => calls.createForAttempt(newCall(i, 'mongoose'), callee),
      driver: (i: number) => {
        const { callId, ...rest } = newCall(i, 'driver');
        return models.Call.collection.insertOne({
          _id: callId as never,
          ...rest,
          callee,
          carrierCheck: { lastStatusAt: rest.createdAt, notBefore: rest.createdAt },
          pendingEvents: [],
        });
      },
    },
    'insert a compliance record': {
      mongoose: (i: number) => records.append(newCheck(i, 'mongoose')),
      driver: (i: number) => {
        const { id, ...rest } = newCheck(i, 'driver');
        return models.ComplianceRecord.collection.insertOne({ _id: id as never, ...rest });
      },
    },
  };
}
