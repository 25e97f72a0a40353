import type { Socket } from 'node:net';
import { runCommand } from './command-dispatch';
import type { CommandContext } from './command-context';
import { decodeRequest, encodeReply, MessageFramer } from './wire-protocol';

/**
 * Serves one client connection. Commands run synchronously as their bytes
 * arrive, so each command is atomic with respect to every other connection.
 */
export function serveConnection(socket: Socket, session: Omit<CommandContext, 'db'>): void {
  const framer = new MessageFramer();
  socket.on('data', (chunk: Buffer) => {
    try {
      for (const message of framer.push(chunk)) {
        const request = decodeRequest(message);
        const reply = runCommand(request.command, { ...session, db: request.db });
        if (request.expectsReply) socket.write(encodeReply(request, reply));
      }
    } catch {
      // Unparseable framing leaves no way to resynchronise; mongod also hangs up.
      socket.destroy();
    }
  });
  // Clients routinely vanish mid-conversation when a test tears down; nothing to report.
  socket.on('error', () => socket.destroy());
}
