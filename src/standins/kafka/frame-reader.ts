// Kafka frames every request and response as a 4-byte big-endian size followed by that many bytes;
// TCP may deliver several frames in one chunk or one frame across many chunks.
const SIZE_PREFIX_BYTES = 4;

// Anything larger is a corrupt or hostile size prefix, not a request a test would send.
const MAX_FRAME_BYTES = 100 * 1024 * 1024;

export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);

  /** Returns the frames completed by this chunk (payloads without the size prefix). Throws on a corrupt prefix. */
  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Buffer[] = [];

    while (this.pending.length >= SIZE_PREFIX_BYTES) {
      const size = this.pending.readInt32BE(0);
      if (size < 0 || size > MAX_FRAME_BYTES) {
        throw new Error(`invalid Kafka frame size ${size}`);
      }
      const end = SIZE_PREFIX_BYTES + size;
      if (this.pending.length < end) break;
      frames.push(this.pending.subarray(SIZE_PREFIX_BYTES, end));
      this.pending = this.pending.subarray(end);
    }

    return frames;
  }
}
