/**
 * Builds hnswlib-node's addon for the CPU it will run on. hnswlib chooses its SIMD distance code
 * at compile time (SSE unless the compiler is told the CPU has AVX / AVX-512), and node-gyp builds
 * for a generic x86-64; told `-march=native`, index builds and queries run ~1.9x faster (see
 * src/main/vectors/README.md). `--portable` builds for any x86-64 CPU instead: `npm run dist` uses
 * it, because a packaged app runs on machines other than the one that built it.
 * Runs as the root package's postinstall; Windows (MSVC ignores CXXFLAGS) and non-x86 CPUs (hnswlib
 * has no SIMD code for them) keep the default build.
 */
import { execFileSync } from 'node:child_process';

const portable = process.argv.includes('--portable');
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];

function rebuild(cxxflags) {
  const [command, ...prefix] = npm;
  execFileSync(command, [...prefix, 'rebuild', 'hnswlib-node'], { stdio: 'inherit', env: { ...process.env, CXXFLAGS: cxxflags } });
}

if (process.platform === 'win32' || process.arch !== 'x64') process.exit(0);
if (portable) {
  rebuild('');
} else {
  try {
    rebuild('-march=native');
  } catch {
    console.warn('facet: building hnswlib-node for this CPU failed; keeping the portable build (slower index builds).');
    rebuild('');
  }
}
