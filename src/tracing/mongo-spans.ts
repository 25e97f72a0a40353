import { trace, type Span } from '@opentelemetry/api';
import type { MongoClient } from 'mongodb';
import { tracer } from './tracing';

/**
 * A span per MongoDB command sent while a span is active, from the driver's command monitoring (the client must
 * be opened with `monitorCommands: true`). Started and finished events share a request id.
 */
export function traceMongo(client: MongoClient): void {
  const open = new Map<number, Span>();
  client.on('commandStarted', (e) => {
    if (!trace.getActiveSpan()) return;
    open.set(
      e.requestId,
      tracer().startSpan(`mongodb ${e.commandName}`, {
        attributes: { 'db.system': 'mongodb', 'db.name': e.databaseName, 'db.operation': e.commandName },
      }),
    );
  });
  const finish = (e: { requestId: number }, error?: string) => {
    const span = open.get(e.requestId);
    if (!span) return;
    open.delete(e.requestId);
    if (error) span.setStatus({ code: 2, message: error });
    span.end();
  };
  client.on('commandSucceeded', (e) => finish(e));
  client.on('commandFailed', (e) => finish(e, e.failure.message));
}
