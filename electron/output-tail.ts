/**
 * Echo a child's output stream to ours while remembering its last characters,
 * so a crash report can quote what the engine printed before it died
 * (llama.cpp prints the failed assertion to stderr before it aborts).
 */
export interface OutputTail {
  text(): string;
}

export function tailOutput(
  stream: NodeJS.ReadableStream | null | undefined,
  echo: NodeJS.WritableStream | null,
  maxChars = 2_000,
): OutputTail {
  let tail = '';
  stream?.on('data', (chunk: Buffer | string) => {
    const text = chunk.toString();
    echo?.write(text);
    tail = (tail + text).slice(-maxChars);
  });
  return { text: () => tail };
}
