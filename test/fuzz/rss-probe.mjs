// Loaded with `node --import` by the fuzzer: reports the process's peak RSS (kB) on fd 3 as it exits.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  try {
    writeSync(3, `${process.resourceUsage().maxRSS}\n`);
  } catch {
    // fd 3 is not open: run outside the fuzzer.
  }
});
