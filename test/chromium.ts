// Debian's Chromium driven by Playwright, for the Node-only tests that open a served page themselves
// (test/vite, test/demo). The flags are the ones that work as root on the CI machines
// (/work/shared/toolchain.md); Playwright makes its own profile.
import { chromium, type Browser } from 'playwright';

export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumFlags });
}
