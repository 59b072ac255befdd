// A virtual X display for the one test that needs a headful Chromium (the debugging infobar is
// not drawn headless), and a way to find and click what Chromium draws outside the page: a
// screenshot of the X root window (xwd) searched for a colour, clicked with xdotool.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Display {
  /** The DISPLAY value, for example ":99". */
  name: string;
  /** Finds the centre of the widest run of one colour in the top rows of the screen, or undefined. */
  findColour(rgb: [number, number, number], options?: { topRows?: number; minWidth?: number }): { x: number; y: number } | undefined;
  click(x: number, y: number): void;
  close(): Promise<void>;
}

const TOOLS = ['Xvfb', 'xdotool', 'xwd'];

/** Says which of the tools this needs are missing (Debian packages xvfb, xdotool, x11-apps). */
export function missingTools(): string[] {
  return TOOLS.filter((t) => {
    try {
      execFileSync('sh', ['-c', `command -v ${t}`], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
}

export async function startDisplay(width = 1600, height = 1100): Promise<Display> {
  const missing = missingTools();
  if (missing.length) throw new Error(`This test needs ${missing.join(', ')}: apt-get install -y xvfb xdotool x11-apps (.ci/run installs them).`);
  // -displayfd: Xvfb picks a free display number and writes it on fd 3 once it accepts clients.
  const xvfb: ChildProcess = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
  const number = await new Promise<string>((resolve, reject) => {
    let text = '';
    xvfb.stdio[3]!.on('data', (d: Buffer) => {
      text += d.toString();
      if (text.includes('\n')) resolve(text.trim());
    });
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it started`)));
  });
  const name = `:${number}`;
  const dir = mkdtempSync(join(tmpdir(), 'netlens-xwd-'));
  const env = { ...process.env, DISPLAY: name };
  return {
    name,
    findColour([r, g, b], { topRows = 300, minWidth = 20 } = {}) {
      const file = join(dir, 'root.xwd');
      execFileSync('sh', ['-c', `xwd -root -silent > ${file}`], { env });
      const d = readFileSync(file);
      // XWD header (big-endian 32-bit words): header size, …, width (4), height (5), …, bytes per line (12), …, colour count (19).
      const headerSize = d.readUInt32BE(0), w = d.readUInt32BE(16), h = d.readUInt32BE(20), bytesPerLine = d.readUInt32BE(48), colours = d.readUInt32BE(76);
      const start = headerSize + colours * 12;
      const near = (x: number, y: number) => {
        const p = start + y * bytesPerLine + x * 4; // 32-bit pixels, stored B G R x
        return Math.abs(d[p + 2]! - r) < 14 && Math.abs(d[p + 1]! - g) < 14 && Math.abs(d[p]! - b) < 14;
      };
      let best = { len: 0, x: 0, y: 0 };
      for (let y = 0; y < Math.min(h, topRows); y++) {
        let run = 0;
        for (let x = 0; x <= w; x++) {
          if (x < w && near(x, y)) run++;
          else {
            if (run > best.len) best = { len: run, x: x - run, y };
            run = 0;
          }
        }
      }
      if (best.len < minWidth) return undefined;
      const cx = best.x + (best.len >> 1);
      let top = best.y, bottom = best.y;
      while (top > 0 && near(cx, top - 1)) top--;
      while (bottom < h - 1 && near(cx, bottom + 1)) bottom++;
      return { x: cx, y: (top + bottom) >> 1 };
    },
    click(x, y) {
      execFileSync('xdotool', ['mousemove', String(x), String(y), 'click', '1'], { env });
    },
    async close() {
      const exited = new Promise((r) => xvfb.once('exit', r));
      xvfb.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
