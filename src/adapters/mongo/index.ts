import mongoose from 'mongoose';
import { buildModels } from './models';
import { MongoCampaignRepository } from './campaign.repository';
import { MongoLeadRepository } from './lead.repository';
import { MongoConsentRepository } from './consent.repository';
import { MongoInternalDncRepository } from './dnc.repository';
import { MongoCallerIdRepository } from './caller-id.repository';
import { MongoCallRepository } from './call.repository';
import { MongoComplianceRecordRepository } from './compliance-record.repository';
import { MongoEventOutbox } from './event-outbox';
import { MongoOperationsReadModel } from './operations.read-model';
import { MongoUploadRepository } from './upload.repository';

/** Opens one connection and builds every repository on it; indexes are created before anything is written. */
export async function connectMongo(uri: string, opts: { monitorCommands?: boolean } = {}) {
  const connection = await mongoose
    .createConnection(uri, { serverSelectionTimeoutMS: 5000, monitorCommands: opts.monitorCommands ?? false })
    .asPromise();
  const models = buildModels(connection);
  await Promise.all(Object.values(models).map((m) => m.init()));
  return {
    connection,
    campaigns: new MongoCampaignRepository(models),
    leads: new MongoLeadRepository(models),
    consents: new MongoConsentRepository(models),
    internalDnc: new MongoInternalDncRepository(models),
    callerIds: new MongoCallerIdRepository(models),
    calls: new MongoCallRepository(models),
    complianceRecords: new MongoComplianceRecordRepository(models),
    outbox: new MongoEventOutbox(models),
    operations: new MongoOperationsReadModel(models),
    uploads: new MongoUploadRepository(models),
    close: () => connection.close(),
  };
}

export type MongoStore = Awaited<ReturnType<typeof connectMongo>>;
