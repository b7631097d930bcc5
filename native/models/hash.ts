import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** SHA-256 of a file, streamed, reporting progress at most every `everyBytes`. */
export async function sha256File(
  path: string,
  onProgress?: (doneBytes: number) => void,
  everyBytes = 64 * 1024 * 1024,
): Promise<string> {
  const hash = createHash('sha256');
  let done = 0;
  let reported = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * 1024 * 1024 })) {
    hash.update(chunk as Buffer);
    done += (chunk as Buffer).length;
    if (onProgress && done - reported >= everyBytes) {
      reported = done;
      onProgress(done);
    }
  }
  onProgress?.(done);
  return hash.digest('hex');
}
