// Debian's Chromium (scripts/setup.sh installs it; Playwright never downloads one) and the flags
// that work as root on the CI machines (/work/shared/toolchain.md); Playwright makes its own
// profile. One list for the Vitest browser project, the Node-only tests that open a page themselves
// (test/vite, test/demo) and the browser benchmarks.
export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

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
