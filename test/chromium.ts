// Debian's Chromium driven by Playwright, for the Node-only tests that open a served page themselves
// (test/vite, test/demo).
import { chromium, type Browser } from 'playwright';
import { chromiumFlags, chromiumPath } from '../scripts/chromium.mjs';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
}
