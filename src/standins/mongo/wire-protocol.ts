import { BSON, type Document } from 'bson';

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;
const HEADER_BYTES = 16;
const CHECKSUM_PRESENT = 1 << 0;
const MORE_TO_COME = 1 << 1;

export interface CommandRequest {
  requestId: number;
  opCode: typeof OP_QUERY | typeof OP_MSG;
  db: string;
  command: Document;
  /** False for unacknowledged (w:0) OP_MSG writes, which must get no reply. */
  expectsReply: boolean;
}

/** Splits a TCP byte stream into whole wire-protocol messages. */
export class MessageFramer {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const messages: Buffer[] = [];
    while (this.pending.length >= 4) {
      const length = this.pending.readInt32LE(0);
      if (length < HEADER_BYTES) throw new Error(`invalid message length ${length}`);
      if (this.pending.length < length) break;
      messages.push(this.pending.subarray(0, length));
      this.pending = this.pending.subarray(length);
    }
    return messages;
  }
}

export function decodeRequest(message: Buffer): CommandRequest {
  const requestId = message.readInt32LE(4);
  const opCode = message.readInt32LE(12);
  if (opCode === OP_MSG) return decodeOpMsg(message, requestId);
  // The driver's very first handshake on each connection is a legacy OP_QUERY.
  if (opCode === OP_QUERY) return decodeOpQuery(message, requestId);
  throw new Error(`unsupported opCode ${opCode}`);
}

function decodeOpMsg(message: Buffer, requestId: number): CommandRequest {
  const flags = message.readUInt32LE(HEADER_BYTES);
  const end = flags & CHECKSUM_PRESENT ? message.length - 4 : message.length;
  let body: Document | undefined;
  const sequences: Document = {};
  let offset = HEADER_BYTES + 4;
  while (offset < end) {
    const kind = message.readUInt8(offset);
    offset += 1;
    const size = message.readInt32LE(offset);
    if (kind === 0) {
      body = BSON.deserialize(message.subarray(offset, offset + size));
    } else if (kind === 1) {
      // Document sequences carry bulk payloads (documents/updates/deletes) outside the body.
      const nameEnd = message.indexOf(0, offset + 4);
      const identifier = message.toString('utf8', offset + 4, nameEnd);
      sequences[identifier] = readDocuments(message, nameEnd + 1, offset + size);
    } else {
      throw new Error(`unsupported OP_MSG section kind ${kind}`);
    }
    offset += size;
  }
  if (!body) throw new Error('OP_MSG without a body section');
  return {
    requestId,
    opCode: OP_MSG,
    db: typeof body.$db === 'string' ? body.$db : 'admin',
    command: { ...body, ...sequences },
    expectsReply: (flags & MORE_TO_COME) === 0,
  };
}

function decodeOpQuery(message: Buffer, requestId: number): CommandRequest {
  const nameStart = HEADER_BYTES + 4;
  const nameEnd = message.indexOf(0, nameStart);
  const fullCollectionName = message.toString('utf8', nameStart, nameEnd);
  const queryStart = nameEnd + 1 + 8; // skip numberToSkip and numberToReturn
  const query = BSON.deserialize(message.subarray(queryStart, queryStart + message.readInt32LE(queryStart)));
  // Legacy commands may be wrapped as { $query: {...}, $readPreference: {...} }.
  const command: Document = typeof query.$query === 'object' ? query.$query : query;
  return {
    requestId,
    opCode: OP_QUERY,
    db: fullCollectionName.split('.')[0] ?? 'admin',
    command,
    expectsReply: true,
  };
}

function readDocuments(message: Buffer, start: number, end: number): Document[] {
  const documents: Document[] = [];
  for (let offset = start; offset < end; offset += message.readInt32LE(offset)) {
    documents.push(BSON.deserialize(message.subarray(offset, offset + message.readInt32LE(offset))));
  }
  return documents;
}

let nextResponseId = 1;

/** Answers in the protocol the request used: OP_MSG for OP_MSG, OP_REPLY for OP_QUERY. */
export function encodeReply(request: CommandRequest, reply: Document): Buffer {
  const body = Buffer.from(BSON.serialize(reply, { ignoreUndefined: true }));
  if (request.opCode === OP_MSG) {
    const prefix = Buffer.alloc(HEADER_BYTES + 5); // header, flagBits, section kind 0
    writeHeader(prefix, prefix.length + body.length, request.requestId, OP_MSG);
    return Buffer.concat([prefix, body]);
  }
  const prefix = Buffer.alloc(HEADER_BYTES + 20); // header, responseFlags, cursorID, startingFrom, numberReturned
  writeHeader(prefix, prefix.length + body.length, request.requestId, OP_REPLY);
  prefix.writeInt32LE(1, HEADER_BYTES + 16);
  return Buffer.concat([prefix, body]);
}

function writeHeader(buffer: Buffer, length: number, responseTo: number, opCode: number): void {
  buffer.writeInt32LE(length, 0);
  buffer.writeInt32LE(nextResponseId++, 4);
  buffer.writeInt32LE(responseTo, 8);
  buffer.writeInt32LE(opCode, 12);
}
