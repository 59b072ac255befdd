// Draws the Netlens icon (a lens over three lanes of a connection view) as PNGs.
// Run once; the PNGs are committed under public/icons.
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size) {
  const rows = [];
  const c = size / 2, r = size * 0.44, ring = Math.max(1.5, size * 0.09);
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      const dx = x + 0.5 - c, dy = y + 0.5 - c, d = Math.hypot(dx, dy);
      let px = [0, 0, 0, 0];
      if (d <= r) px = [255, 255, 255, 255];
      if (d <= r && d >= r - ring) px = [26, 115, 232, 255]; // DevTools blue
      const lane = Math.floor(((y + 0.5) / size - 0.3) / 0.14);
      const inLane = lane >= 0 && lane < 3 && ((y + 0.5) / size - 0.3) % 0.14 < 0.08;
      const start = [0.25, 0.38, 0.3][lane] ?? 0, end = [0.62, 0.75, 0.7][lane] ?? 0;
      if (d < r - ring && inLane && x / size >= start && x / size <= end) px = [[30, 142, 62, 255], [249, 171, 0, 255], [26, 115, 232, 255]][lane];
      px.forEach((v, i) => (row[1 + x * 4 + i] = v));
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4); ihdr[8] = 8; ihdr[9] = 6;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}
mkdirSync('public/icons', { recursive: true });
for (const s of [16, 32, 48, 128]) writeFileSync(`public/icons/icon${s}.png`, png(s));
