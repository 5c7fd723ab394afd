// What a GIF holds, read from the file itself: its size, its frames and how long one loop
// lasts (the sum of the frames' delays). No decoder needed; the demo and its test both use it.

export type GifInfo = { width: number; height: number; frames: number; seconds: number };

export function readGif(data: Buffer): GifInfo {
  const signature = data.toString("latin1", 0, 6);
  if (signature !== "GIF89a" && signature !== "GIF87a") throw new Error("not a GIF");
  const width = data.readUInt16LE(6);
  const height = data.readUInt16LE(8);
  const colorTable = (packed: number) => (packed & 0x80 ? 3 * 2 ** ((packed & 0x07) + 1) : 0);
  let at = 13 + colorTable(data[10]!);
  const skipSubBlocks = () => {
    while (data[at]! !== 0) at += data[at]! + 1;
    at += 1;
  };
  let frames = 0;
  let centiseconds = 0;
  while (at < data.length) {
    const block = data[at]!;
    if (block === 0x3b) break; // trailer
    if (block === 0x21) {
      const label = data[at + 1]!;
      at += 2;
      if (label === 0xf9) centiseconds += data.readUInt16LE(at + 2); // graphic control: the next frame's delay
      skipSubBlocks();
    } else if (block === 0x2c) {
      frames += 1;
      at += 10 + colorTable(data[at + 9]!);
      at += 1; // LZW minimum code size
      skipSubBlocks();
    } else {
      throw new Error(`unexpected GIF block 0x${block.toString(16)} at byte ${at}`);
    }
  }
  return { width, height, frames, seconds: centiseconds / 100 };
}
